// The checker's vocabulary and each round's form data, as the build wrote them into the page
// (hooks/checker_data.py, from `python -m checker vocabulary`): every label of an enumerated
// value, each round's figures, and the call's objectives, requirements and work areas. The page
// keeps no copy of its own, so a word changed in checker/vocabulary.toml or a round changed in
// checker/rounds/ reaches the form, the report and the comparison with the next build.

const ELEMENT_ID = "sjekker-data";

let data = null;

/** Use `given` instead of the page's data (the Node tests, which have no page). */
export function useCheckerData(given) {
  data = given;
}

/** The data the build wrote into the page; read on first use, after the page is parsed. */
export function checkerData() {
  if (!data) {
    const element = globalThis.document?.getElementById(ELEMENT_ID);
    if (!element) throw new Error(`the page has no #${ELEMENT_ID}: it is written by hooks/checker_data.py`);
    data = JSON.parse(element.textContent);
  }
  return data;
}

export const capitalise = (text) => text.replace(/\p{L}/u, (letter) => letter.toUpperCase());

function entry(group, value) {
  return checkerData().vocabulary[group].find((row) => row.value === value);
}

/** A value's label; `form` picks a form the vocabulary has ("short", "a", "plural", "covers"). */
export function label(group, value, form = "") {
  const row = entry(group, value);
  if (!row) return String(value);
  return (form && row[form]) || row.label;
}

/** A sentence of the checker's catalogue that the page shows as the command line does. */
export const text = (key) => checkerData().texts[key];

/** The guide page (and anchor) that explains a value, as a link from the checker page. */
export function pageHref(group, value) {
  return `../${entry(group, value).page}`;
}

/** [[value, Label], ...] for a select or radio group, in the format's order. */
export function choices(group, values = null) {
  return checkerData().vocabulary[group]
    .filter((row) => !values || values.includes(row.value))
    .map((row) => [row.value, capitalise(row.label)]);
}

/** The ids of the rounds the checker knows, oldest first. */
export const roundIds = () => checkerData().rounds.map((r) => r.round);

/** A round's form data: its figures and the call's lists; the newest round for an unknown id. */
export function roundData(id) {
  const rounds = checkerData().rounds;
  return rounds.find((r) => r.round === id) || rounds[rounds.length - 1];
}
