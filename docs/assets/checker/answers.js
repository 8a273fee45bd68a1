// "Dine svar": the answers as a readable list, for the screen and the printed self-assessment.

import { append, h } from "./dom.js";
import { UNANSWERED, fieldsFor } from "./fields.js";
import { date, euro, kroner, number } from "./format.js";

function optionLabel(field, value) {
  const option = (field.allOptions || field.options || []).find(([v]) => v === value);
  return option ? option[1] : String(value);
}

function answerText(field, value) {
  if (value === null || value === undefined || value === "") return UNANSWERED;
  if (typeof value === "string" && (field.type === "integer" || field.type === "decimal")) {
    return `${value} (ikke et tall)`;
  }
  switch (field.type) {
    case "yesno":
      return value ? "Ja" : "Nei";
    case "check":
      return value ? "Ja" : "Nei";
    case "select":
    case "choice":
      return optionLabel(field, value);
    case "multi":
      return value.length ? value.map((v) => optionLabel(field, v)).join("; ") : "Ingen av disse";
    case "date":
      return date(value);
    case "integer":
      return field.key.endsWith("_nok") ? kroner(value) : field.key.endsWith("_eur") ? euro(value) : number(value);
    case "decimal":
      return number(value);
    default:
      return String(value);
  }
}

function rows(fields, object) {
  return fields.flatMap((field) => {
    if (field.showIf && !field.showIf(object)) return [];
    if (field.type === "group") {
      const group = object[field.key] || {};
      return field.fields.map((sub) => [sub.label, answerText(sub, group[sub.key])]);
    }
    return [[field.label, answerText(field, object[field.key])]];
  });
}

const list = (pairs) => h("dl", { class: "checker-answers-list" },
  pairs.map(([term, value]) => [h("dt", { text: term }), h("dd", { text: value })]));

/** Render the answers of `draft` into `container`. */
export function renderAnswers(container, draft) {
  const { PARTICIPANT_FIELDS, PROJECT_DATE_FIELDS, PROJECT_FIELDS, ROUND_FIELDS } = fieldsFor(draft.round);
  const project = draft.project || {};
  const participants = draft.participants || [];
  container.replaceChildren();
  append(container, [
    h("h3", { text: "Runde og datoer" }),
    list([...rows(ROUND_FIELDS, draft), ...rows(PROJECT_DATE_FIELDS, project)]),
    h("h3", { text: "Prosjektet" }),
    list(rows(PROJECT_FIELDS, project)),
    h("h3", { text: `Deltakere (${participants.length})` }),
    participants.length
      ? participants.map((p, i) => [
        h("h4", { text: `Deltaker ${i + 1}: ${p.name || "uten navn"}` }),
        list(rows(PARTICIPANT_FIELDS.filter((f) => f.key !== "name"), p)),
      ])
      : h("p", { text: "Ingen deltakere." }),
  ]);
}
