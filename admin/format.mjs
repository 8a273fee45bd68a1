// How the CMS reads and writes a FAQ file (docs/faq/*.md): a Decap custom format.
//
// Decap's own front-matter format would rewrite every file it saves in its own YAML style
// (quotes dropped, `rules` as a block list), so one changed answer would show up as a changed
// header too. This format writes the header the way scripts/faq-template.md does, and reads
// back exactly what it wrote, so an unchanged field stays byte for byte the same.
//
// It also carries two values the CMS needs but the file must not hold (hooks/faq.py refuses
// unknown fields), named by hooks/cms.py: a new entry's file name (fileNameKey, set by
// admin/cms.mjs before a save), and whether a file is an entry at all (entryKey, set here for
// the collection's filter: docs/faq/index.md, the overview page, is not one).
import YAML from "yaml";

// The same shape as hooks/faq.py's FRONT_MATTER: a first line of ---, YAML, then --- or ...
const FRONT_MATTER = /^-{3}[ \t]*\n([\s\S]*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|$)/;
// YAML 1.1 (PyYAML, which the build uses) reads these unquoted words as booleans or null.
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

function plainOrQuoted(value) {
  const text = String(value);
  return /^[a-z0-9][a-z0-9_.-]*$/i.test(text) && !YAML11_WORDS.test(text) ? text : JSON.stringify(text);
}

function isoDate(value) {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

const SCALARS = {
  // Always in double quotes, as the template writes it (a colon in a question is common).
  question: (value) => JSON.stringify(String(value).trim()),
  date: (value) => (/^\d{4}-\d{2}-\d{2}$/.test(isoDate(value)) ? isoDate(value) : JSON.stringify(isoDate(value))),
  rules: (value) => `[${[].concat(value).map(plainOrQuoted).join(", ")}]`,
};

function isEmpty(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length);
}

/** The Decap format for FAQ files, from admin/config.json's "site": `fields`, the front-matter
 * fields hooks/faq.py accepts, in order; `indexMarker`, the marker only the FAQ overview page
 * contains; `fileNameKey` and `entryKey`, the values never written. */
export function faqFormat({ fields, indexMarker, fileNameKey, entryKey }) {
  const internal = new Set([fileNameKey, entryKey, "body"]);
  return {
    fromFile(text) {
      const match = FRONT_MATTER.exec(text);
      const body = match ? text.slice(match[0].length) : text;
      let meta = {};
      try {
        meta = match ? YAML.parse(match[1] || "") ?? {} : {};
      } catch (error) {
        // Not YAML: keep the file out of the CMS, so that saving cannot lose what it holds.
        // The build names the file and the problem (hooks/faq.py).
        console.warn("En FAQ-fil har front matter som ikke er gyldig YAML; rett den i filen:", error);
        return { body, [entryKey]: false };
      }
      if (typeof meta !== "object" || Array.isArray(meta)) return { body, [entryKey]: false };
      return { ...meta, body, [entryKey]: !body.includes(indexMarker) };
    },

    toFile(data) {
      const lines = ["---"];
      for (const key of fields) {
        if (!isEmpty(data[key])) lines.push(`${key}: ${(SCALARS[key] || plainOrQuoted)(data[key])}`);
      }
      // A field the build does not know (a typo made by hand, say) is kept, so that the build
      // can name it rather than the CMS silently dropping it.
      const others = Object.fromEntries(
        Object.entries(data).filter(([key]) => !fields.includes(key) && !internal.has(key)),
      );
      if (Object.keys(others).length) lines.push(YAML.stringify(others).trimEnd());
      lines.push("---");
      return `${lines.join("\n")}\n${data.body ?? ""}`;
    },
  };
}
