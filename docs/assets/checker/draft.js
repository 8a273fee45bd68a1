// The draft: the application as the contract's JSON object (contract §1), the single source of
// truth for the form, the saved copy, the export and what the checker evaluates.
// This module checks that a file or a saved copy has the format's shape, stores and restores
// the draft in localStorage, and reads/writes values by path.

import {
  PARTICIPANT_FIELDS, PARTICIPANT_KEYS, PROJECT_DATE_FIELDS, PROJECT_FIELDS, PROJECT_KEYS,
  REQUIREMENTS, ROUND_FIELDS, TOP_KEYS,
} from "./fields.js";

export const STORAGE_KEY = "sirkular-sjekk-utkast";
export const SET_ASIDE_KEY = "sirkular-sjekk-utkast-forkastet";
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
  const values = field.key === "round" ? rounds : (field.options || []).map(([v]) => v);
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

function checkKeys(object, allowed, where, problems) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) problems.push(`${where}${key}: ukjent felt`);
  }
}

function checkFields(object, fields, where, rounds, problems) {
  for (const field of fields) {
    if (field.type === "group") continue;
    const problem = typeProblem(field, object[field.key], rounds);
    if (problem) problems.push(`${where}${field.key}: ${problem}`);
  }
}

function checkProject(project, rounds, problems) {
  checkKeys(project, PROJECT_KEYS, "project.", problems);
  checkFields(project, [...PROJECT_DATE_FIELDS, ...PROJECT_FIELDS], "project.", rounds, problems);
  const reqs = project.requirements;
  if (reqs === null || reqs === undefined) return;
  if (!isObject(reqs)) {
    problems.push("project.requirements: skal være et objekt");
    return;
  }
  const fields = REQUIREMENTS.map(([key]) => ({ key, type: "yesno" }));
  checkKeys(reqs, fields.map((f) => f.key), "project.requirements.", problems);
  checkFields(reqs, fields, "project.requirements.", rounds, problems);
}

/**
 * Check that `data` has the application format's shape, so the form can show every answer.
 * Values the checker judges (an org number's digits, a negative amount) are left to it.
 * Returns a list of problems (bokmål, each naming the field); empty when the shape is right.
 */
export function shapeProblems(data, rounds) {
  if (!isObject(data)) return ["Innholdet er ikke et JSON-objekt med en søknad."];
  const problems = [];
  if (data.version !== undefined && data.version !== 1) {
    problems.push(`version: ukjent versjon ${quote(data.version)}; sjekkeren kjenner versjon 1`);
  }
  if (typeof data.round !== "string" || !rounds.includes(data.round)) {
    const given = data.round === undefined ? "mangler" : `er ${quote(data.round)}, som sjekkeren ikke kjenner`;
    problems.push(`round: utlysningsrunden ${given}; kjente runder: ${rounds.join(", ")}`);
  }
  checkKeys(data, TOP_KEYS, "", problems);
  checkFields(data, ROUND_FIELDS.filter((f) => f.key !== "round"), "", rounds, problems);
  if (!isObject(data.project)) problems.push("project: mangler eller er ikke et objekt");
  else checkProject(data.project, rounds, problems);
  if (!Array.isArray(data.participants)) {
    problems.push("participants: mangler eller er ikke en liste");
  } else if (data.participants.length > MAX_PARTICIPANTS) {
    problems.push(`participants: ${data.participants.length} deltakere; høyst ${MAX_PARTICIPANTS} er tillatt`);
  } else {
    data.participants.forEach((p, i) => {
      const where = `participants[${i}].`;
      if (!isObject(p)) problems.push(`participants[${i}]: skal være et objekt`);
      else {
        checkKeys(p, PARTICIPANT_KEYS, where, problems);
        checkFields(p, PARTICIPANT_FIELDS, where, rounds, problems);
      }
    });
  }
  return problems;
}

/** Parse the text of an application file; returns {draft} or {problems}. */
export function parseApplication(text, rounds) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { problems: ["innholdet er ikke gyldig JSON"] };
  }
  data = unwrapCase(data);
  const problems = shapeProblems(data, rounds);
  return problems.length ? { problems } : { draft: data };
}

// A test case file ({description, application, expected}, as in tests/cases/ and the shared
// examples) imports as its application, as `python -m checker check` reads it. No application
// can be mistaken for one: "application" is not a key of the format.
const CASE_KEYS = ["description", "application", "expected"];

function unwrapCase(data) {
  const isCase = isObject(data) && isObject(data.application) &&
    Object.keys(data).every((key) => CASE_KEYS.includes(key));
  return isCase ? data.application : data;
}

// localStorage may be missing or refuse (private windows, storage off): the page still works.
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Restore the saved draft. Returns {draft, restored, setAside, problems, storageOk}.
 * A saved copy that cannot be read is moved to SET_ASIDE_KEY (never thrown away silently).
 */
export function restoreDraft(rounds) {
  const store = storage();
  const fresh = { draft: emptyDraft(rounds[rounds.length - 1]), restored: false, setAside: false, storageOk: !!store };
  if (!store) return fresh;
  let text;
  try {
    text = store.getItem(STORAGE_KEY);
  } catch {
    return { ...fresh, storageOk: false };
  }
  if (text === null) return fresh;
  const parsed = parseApplication(text, rounds);
  if (parsed.draft) return { ...fresh, draft: parsed.draft, restored: true };
  try {
    store.setItem(SET_ASIDE_KEY, text);
    store.removeItem(STORAGE_KEY);
  } catch {
    // Storage full or refused: the unreadable copy stays where it was; the message says so.
  }
  return { ...fresh, setAside: true, problems: parsed.problems };
}

export function setAsideText() {
  try {
    return storage()?.getItem(SET_ASIDE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Save the draft; returns false when the browser refuses. */
export function saveDraft(draft) {
  try {
    storage().setItem(STORAGE_KEY, JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/** Remove every saved copy of the answers, the set-aside one included ("Start på nytt"). */
export function clearSaved() {
  try {
    storage()?.removeItem(STORAGE_KEY);
    storage()?.removeItem(SET_ASIDE_KEY);
  } catch {
    // Nothing saved to clear.
  }
}

/** The export file: the draft exactly as the format defines it, readable. */
export function exportText(draft) {
  return JSON.stringify(draft, null, 2) + "\n";
}

export function getIn(object, path) {
  return path.reduce((node, key) => (node === null || node === undefined ? undefined : node[key]), object);
}

export function setIn(object, path, value) {
  let node = object;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object") node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
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
