// How the editor reads, writes and checks a round file (checker/rounds/<round>.json), set up
// with the collection's fields (hooks/cms.py makes them from the round model).
//
// Decap's own JSON format would write what the form holds: the model's defaults spelled out
// («verified»: true on every figure), a figure the editor never filled in as an object of
// defaults alone (a de minimis figure in a round without de minimis aid, which the model then
// refuses), a cleared field as "", and no final newline. This format writes the file the way the
// project writes it: the fields in the form's order, two-space indent, a final newline, a value
// equal to its default left out (the model supplies it), and nothing for what is empty (a figure
// with nothing but its switch is empty). It reads back exactly what it wrote, so an unchanged round
// stays byte for byte the same.
//
// A file that is not a JSON object is kept out of the editor (entryKey false, the collection's
// filter), so that saving cannot overwrite what it holds; the build names the file.

function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && !value.length) ||
    (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length)
  );
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** The form's values: the file's, with each default filled in where its object is present (a
 * switch shows «on» for a figure whose file leaves «verified» to the model's default). */
function withDefaults(data, fields) {
  const out = { ...data };
  for (const field of fields) {
    const value = out[field.name];
    const inner = field.fields; // an object's fields, or each item's of a list of objects
    if (inner && field.widget === "list" && Array.isArray(value)) {
      out[field.name] = value.map((item) => (isObject(item) ? withDefaults(item, inner) : item));
    } else if (inner && isObject(value)) {
      out[field.name] = withDefaults(value, inner);
    } else if (value === undefined && "default" in field) {
      out[field.name] = field.default;
    }
  }
  return out;
}

/** What the file holds: the fields in the form's order, then any the form does not know (a key
 * written by hand is kept, so that the build names it); defaults and empty values left out. */
function toData(data, fields) {
  const out = {};
  for (const field of fields) {
    let value = data[field.name];
    const inner = field.fields; // an object's fields, or each item's of a list of objects
    if (inner && field.widget === "list" && Array.isArray(value)) {
      value = value.map((item) => (isObject(item) ? toData(item, inner) : item));
    } else if (inner && isObject(value)) {
      value = toData(value, inner);
      // A figure emptied of all but its «Bekreftet» switch holds nothing to verify.
      if (Object.keys(value).every((key) => inner.some((f) => f.name === key && f.widget === "boolean"))) continue;
    }
    if (isEmpty(value) || ("default" in field && value === field.default)) continue;
    out[field.name] = value;
  }
  for (const [key, value] of Object.entries(data)) {
    if (!(key in out) && !fields.some((field) => field.name === key)) out[key] = value;
  }
  return out;
}

/** The Decap format for round files: `fields`, the collection's fields in admin/config.json;
 * `entryKey`, the value that marks a file as an entry and is never written. */
export function roundFormat({ fields, entryKey }) {
  return {
    fromFile(text) {
      let data;
      try {
        data = JSON.parse(text);
      } catch (error) {
        console.warn("En rundefil er ikke gyldig JSON; rett den i filen:", error);
        return { [entryKey]: false };
      }
      if (!isObject(data)) return { [entryKey]: false };
      return { ...withDefaults(data, fields), [entryKey]: true };
    },

    toFile(data) {
      const { [entryKey]: _entry, ...rest } = data;
      return `${JSON.stringify(toData(rest, fields), null, 2)}\n`;
    },
  };
}

// --- the check before saving ------------------------------------------------------------------

// Decap 3.16 checks a field only while its control is the one registered for its top-level
// field, and a control mounted later (a list item added to an objective, say) takes that place:
// after the first «Legg til punkt», nothing else under «Tallene i runden» is checked. So the
// same rules (what is required, bounds, patterns, options, a list's least length) are checked
// here once more, over the whole entry, just before it is saved (admin/cms.mjs, preSave).

function checkValue(field, value, name) {
  if (field.widget === "number") {
    if (typeof value !== "number") return `${name} må være et tall.`;
    if ("min" in field && value < field.min) return `${name} må minst være ${field.min}.`;
    if ("max" in field && value > field.max) return `${name} må være ${field.max} eller mindre.`;
  }
  if (field.widget === "select") {
    const allowed = new Set(field.options.map((option) => option.value));
    const unknown = [].concat(value).filter((v) => !allowed.has(v));
    if (unknown.length) return `${name}: ${unknown.join(", ")} er ikke et av valgene.`;
  }
  if (field.pattern && !new RegExp(field.pattern[0]).test(String(value))) {
    return `${name} ${field.pattern[1]}`;
  }
  return null;
}

/** What is wrong with a round's data by the form's own rules, one sentence each, naming the
 * field by its labels («Minste antall bedrifter › Antall bedrifter»); [] when nothing is. */
export function roundProblems(data, fields, where = []) {
  const problems = [];
  for (const field of fields) {
    const value = isObject(data) ? data[field.name] : undefined;
    const path = [...where, field.label];
    const name = `«${path.join(" › ")}»`;
    if (isEmpty(value)) {
      if (field.required !== false) problems.push(`${name} må fylles ut.`);
      continue;
    }
    if (field.widget === "object") {
      problems.push(...roundProblems(value, field.fields, path));
    } else if (field.widget === "list" && Array.isArray(value)) {
      if (field.min && value.length < field.min) problems.push(`${name} må ha minst ${field.min}.`);
      value.forEach((item, i) => problems.push(...roundProblems(item, field.fields, [...path, String(i + 1)])));
    } else {
      const problem = checkValue(field, value, name);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}
