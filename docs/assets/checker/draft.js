// The draft: the application as the contract's JSON object (contract §1), the single source of
// truth for the form, the saved copy, the export and what the checker evaluates.
// This module checks that a file or a saved copy has the format's shape and reads values by
// path, or makes a copy with one changed; draft-store.js owns the draft, draft-sync.js saves it.

import { TOP_KEYS, fieldsFor } from "./fields.js";

// A real application is a few kilobytes (200 participants is well under 1 MB); anything larger
// is refused before it is read, so a huge file cannot stall the page.
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_PARTICIPANTS = 200;

export function emptyDraft(round) {
  return { version: 1, round, project: {}, participants: [] };
}

export function emptyParticipant() {
  return { name: "", kind: "company" };
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function quote(value) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `«${text.length > 40 ? text.slice(0, 40) + "…" : text}»`;
}

// Returns a problem description (bokmål) or null when the value fits the field's type.
// Numbers may also be strings: a draft keeps what the person typed, and the checker names it.
function typeProblem(field, value, rounds) {
  if (value === null || value === undefined) return null;
  const values = field.key === "round" ? rounds : (field.allOptions || field.options || []).map(([v]) => v);
  switch (field.type) {
    case "text":
    case "date":
      return typeof value === "string" ? null : "skal være tekst";
    case "integer":
    case "decimal":
      return typeof value === "number" || typeof value === "string" ? null : "skal være et tall";
    case "yesno":
    case "check":
      return typeof value === "boolean" ? null : "skal være true, false eller null";
    case "select":
    case "choice":
      return values.includes(value) ? null : `har verdien ${quote(value)}; tillatt er ${values.join(", ")}`;
    case "multi":
      if (!Array.isArray(value)) return "skal være en liste";
      for (const item of value) {
        if (!values.includes(item)) return `inneholder ${quote(item)}; tillatt er ${values.join(", ")}`;
      }
      return null;
    default:
      return null;
  }
}

// A key a newer release may have added looks like the format's own keys (snake_case).
const FIELD_NAME = /^[a-z][a-z0-9_]*$/;

// Unknown keys are problems, except in a saved copy: there a newer release's fields are listed
// in `newer` and kept, so an older tab never sets aside or strips what a newer one saved.
function checkKeys(object, allowed, where, problems, newer) {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    if (newer && FIELD_NAME.test(key)) newer.push(where + key);
    else problems.push(`${where}${key}: ukjent felt`);
  }
}

function checkFields(object, fields, where, rounds, problems) {
  for (const field of fields) {
    if (field.type === "group") continue;
    const problem = typeProblem(field, object[field.key], rounds);
    if (problem) problems.push(`${where}${field.key}: ${problem}`);
  }
}

function checkProject(project, fields, rounds, problems, newer) {
  checkKeys(project, fields.PROJECT_KEYS, "project.", problems, newer);
  checkFields(project, [...fields.PROJECT_DATE_FIELDS, ...fields.PROJECT_FIELDS], "project.", rounds, problems);
  const reqs = project.requirements;
  if (reqs === null || reqs === undefined) return;
  if (!isObject(reqs)) {
    problems.push("project.requirements: skal være et objekt");
    return;
  }
  const points = fields.REQUIREMENTS.map(([key]) => ({ key, type: "yesno" }));
  checkKeys(reqs, points.map((f) => f.key), "project.requirements.", problems, newer);
  checkFields(reqs, points, "project.requirements.", rounds, problems);
}

/**
 * Check that `data` has the application format's shape, so the form can show every answer.
 * Values the checker judges (an org number's digits, a negative amount) are left to it.
 * Returns a list of problems (bokmål, each naming the field); empty when the shape is right.
 * With a list `newer`, unknown field names are collected there instead (a saved copy).
 */
export function shapeProblems(data, rounds, newer = null) {
  if (!isObject(data)) return ["Innholdet er ikke et JSON-objekt med en søknad."];
  const problems = [];
  if (data.version !== undefined && data.version !== 1) {
    problems.push(`version: ukjent versjon ${quote(data.version)}; sjekkeren kjenner versjon 1`);
  }
  if (typeof data.round !== "string" || !rounds.includes(data.round)) {
    const given = data.round === undefined ? "mangler" : `er ${quote(data.round)}, som sjekkeren ikke kjenner`;
    problems.push(`round: utlysningsrunden ${given}; kjente runder: ${rounds.join(", ")}`);
  }
  // The call's own lists are those of the round the file names (the newest one while it names
  // none the checker knows; that problem is reported above).
  const fields = fieldsFor(data.round);
  checkKeys(data, TOP_KEYS, "", problems, newer);
  checkFields(data, fields.ROUND_FIELDS.filter((f) => f.key !== "round"), "", rounds, problems);
  if (!isObject(data.project)) problems.push("project: mangler eller er ikke et objekt");
  else checkProject(data.project, fields, rounds, problems, newer);
  if (!Array.isArray(data.participants)) {
    problems.push("participants: mangler eller er ikke en liste");
  } else if (data.participants.length > MAX_PARTICIPANTS) {
    problems.push(`participants: ${data.participants.length} deltakere; høyst ${MAX_PARTICIPANTS} er tillatt`);
  } else {
    data.participants.forEach((p, i) => {
      const where = `participants[${i}].`;
      if (!isObject(p)) problems.push(`participants[${i}]: skal være et objekt`);
      else {
        checkKeys(p, fields.PARTICIPANT_KEYS, where, problems, newer);
        checkFields(p, fields.PARTICIPANT_FIELDS, where, rounds, problems);
      }
    });
  }
  return problems;
}

/** "participants[2].org_number" from ["participants", 2, "org_number"], as the checker names paths. */
function pathText(path) {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i ? "." : ""}${key}`)).join("");
}

// One JSON token at a time: white space, punctuation, a string, a number or a literal.
const TOKEN = /\s+|[{}[\],:]|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/gy;

/**
 * The numbers in a JSON text that JavaScript cannot hold as written: beyond the safe integers
 * (JSON.parse rounds 9007199254740993 to ...992 without a word) or not finite (1e400 reads as
 * Infinity, which a saved or exported draft turns into null). JSON.parse says nothing of
 * either, so the text is read again for them. `text` must be valid JSON. Returns [{path,
 * token}], the path as in the draft (["project", "total_cost_nok"]).
 */
function unsafeNumbers(text) {
  const found = [];
  const stack = []; // per open object {key}, per open list {index}
  let last = null; // the last string: an object's key once a colon follows
  for (const [token] of text.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    const first = token[0];
    if (first === "{") stack.push({ key: null });
    else if (first === "[") stack.push({ index: 0 });
    else if (first === "}" || first === "]") stack.pop();
    else if (first === "," && "index" in top) top.index += 1;
    else if (first === '"') last = token;
    else if (first === ":") top.key = JSON.parse(last);
    else if (first === "-" || (first >= "0" && first <= "9")) {
      const value = Number(token);
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        found.push({ path: stack.map((frame) => ("index" in frame ? frame.index : frame.key)), token });
      }
    }
  }
  return found;
}

/** Parse the text of an application file; returns {draft} or {problems}. */
export function parseApplication(text, rounds) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { problems: ["innholdet er ikke gyldig JSON"] };
  }
  const within = isCase(data) ? ["application"] : [];
  const unsafe = unsafeNumbers(text)
    .filter(({ path }) => within.every((key, i) => path[i] === key))
    .map(({ path, token }) => `${pathText(path.slice(within.length))}: tallet ${quote(token)} kan ikke leses nøyaktig `
      + "(det er utenfor ±9 007 199 254 740 991)");
  if (unsafe.length) return { problems: unsafe };
  data = within.length ? data.application : data;
  const problems = shapeProblems(data, rounds);
  return problems.length ? { problems } : { draft: data };
}

// A test case file ({description, application, expected}, as in tests/cases/ and the shared
// examples) imports as its application, as `python -m checker check` reads it. No application
// can be mistaken for one: "application" is not a key of the format.
const CASE_KEYS = ["description", "application", "expected"];

const isCase = (data) => isObject(data) && isObject(data.application)
  && Object.keys(data).every((key) => CASE_KEYS.includes(key));

/**
 * Read a saved copy of the draft (draft-sync.js). Returns {draft, newer} or {problems}.
 * Unlike a file, a saved copy may hold fields a newer release added in another tab (their
 * paths in `newer`): they are kept, so saving writes them back.
 */
export function readSaved(text, rounds) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { problems: ["innholdet er ikke gyldig JSON"] };
  }
  const newer = [];
  const problems = shapeProblems(data, rounds, newer);
  return problems.length ? { problems } : { draft: data, newer };
}

const pick = (object, keys) => Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key)));

/** The draft as this release's checker reads it: without fields a newer release added. */
export function knownAnswers(draft) {
  const fields = fieldsFor(draft.round);
  const known = pick(draft, TOP_KEYS);
  if (isObject(draft.project)) {
    known.project = pick(draft.project, fields.PROJECT_KEYS);
    const reqs = draft.project.requirements;
    if (isObject(reqs)) known.project.requirements = pick(reqs, fields.REQUIREMENTS.map(([key]) => key));
  }
  if (Array.isArray(draft.participants)) {
    known.participants = draft.participants.map((p) => (isObject(p) ? pick(p, fields.PARTICIPANT_KEYS) : p));
  }
  return known;
}

const answered = (value) => value !== null && value !== undefined &&
  (!isObject(value) || Object.values(value).some(answered));

/** Whether the draft holds no answer yet (only its round): replacing it loses nothing. */
export function isBlank(draft) {
  return Object.entries(draft).every(([key, value]) => key === "version" || key === "round" ||
    (key === "participants" ? !value?.length : !answered(value)));
}

/** The export file: the draft exactly as the format defines it, readable. */
export function exportText(draft) {
  return JSON.stringify(draft, null, 2) + "\n";
}

export function getIn(object, path) {
  return path.reduce((node, key) => (node === null || node === undefined ? undefined : node[key]), object);
}

/** A copy of `node` with the value at `path` set (missing objects on the way are made). */
export function withValue(node, [key, ...rest], value) {
  const copy = Array.isArray(node) ? [...node] : { ...(isObject(node) ? node : {}) };
  copy[key] = rest.length ? withValue(copy[key], rest, value) : value;
  return copy;
}

/** "participants[2].org_number" -> ["participants", 2, "org_number"] */
export function parsePath(text) {
  const path = [];
  for (const part of String(text).split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return path;
    if (match[1]) path.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}
