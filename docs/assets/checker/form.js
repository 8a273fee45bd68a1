// The form: rendered from the field definitions and the draft, read back one control at a time.
// Each control carries its draft path (data-path) so one delegated listener can update the draft.

import { h } from "./dom.js";
import { UNANSWERED, fieldsFor } from "./fields.js";
import { roundData } from "./vocabulary.js";
import { getIn } from "./draft.js";

export const fieldId = (path) => ["f", ...path].join("-");

function helpBlock(field, id) {
  if (!field.help && !field.link) return null;
  const [href, text] = field.link || [];
  return h("p", { class: "checker-help", id: `${id}-hjelp` },
    field.help || "",
    href ? [" ", h("a", { href }, text || "Les mer")] : null);
}

const errorBlock = (id) => h("p", { class: "checker-error", id: `${id}-feil`, hidden: true });

function describedBy(field, id) {
  return field.help || field.link ? `${id}-hjelp` : null;
}

// Whole numbers are shown grouped ("4 400 000"); the parser ignores spaces, so they round-trip.
function displayValue(field, value) {
  if (value === null || value === undefined) return "";
  if (field.type === "integer" && Number.isSafeInteger(value)) {
    return value.toLocaleString("nb-NO").replace(/[\u00a0\u202f]/g, " ");
  }
  if (field.type === "decimal" && typeof value === "number") return String(value).replace(".", ",");
  return String(value);
}

function inputField(field, path, value) {
  const id = fieldId(path);
  const common = {
    id, name: id, "aria-describedby": describedBy(field, id),
    dataset: { path: JSON.stringify(path), type: field.type, field: id },
  };
  let control;
  if (field.type === "select") {
    // A value the round does not offer (an imported basis) stays visible, never silently lost.
    const other = value && !field.options.some(([v]) => v === value)
      ? (field.allOptions || []).find(([v]) => v === value) || [value, String(value)] : null;
    const options = [
      field.required ? null : h("option", { value: "" }, field.blank || UNANSWERED),
      ...[...field.options, ...(other ? [other] : [])].map(([v, label]) => h("option", { value: v }, label)),
    ];
    control = h("select", common, options);
    control.value = value ?? "";
  } else {
    const numeric = field.type === "integer" || field.type === "decimal";
    control = h("input", {
      ...common,
      type: field.type === "date" ? "date" : "text",
      inputmode: numeric ? (field.type === "decimal" ? "decimal" : "numeric") : field.inputmode,
      autocomplete: field.autocomplete || "off",
      spellcheck: numeric ? "false" : null,
      value: displayValue(field, value),
    });
  }
  return h("div", { class: `checker-field checker-field--${field.type}`, dataset: { fieldBox: id } },
    h("label", { for: id, text: field.label }),
    helpBlock(field, id),
    errorBlock(id),
    control);
}

function radioGroup(field, path, value, options) {
  const id = fieldId(path);
  const current = value === undefined ? null : value;
  const radios = options.map(([v, label], i) => {
    const radioId = `${id}-${i}`;
    return h("div", { class: "checker-option" },
      h("input", {
        type: "radio", id: radioId, name: id, value: JSON.stringify(v), checked: v === current,
        "aria-describedby": describedBy(field, id),
        dataset: { path: JSON.stringify(path), type: field.type, field: id },
      }),
      h("label", { for: radioId, text: label }));
  });
  return h("fieldset", { class: `checker-field checker-radios`, id, dataset: { fieldBox: id } },
    h("legend", { text: field.label }),
    helpBlock(field, id),
    errorBlock(id),
    h("div", { class: "checker-options" }, radios));
}

const NONE = "__ingen__";

function multiField(field, path, value) {
  const id = fieldId(path);
  const chosen = Array.isArray(value) ? value : [];
  const boxes = [...field.options, [NONE, "Ingen av disse"]].map(([v, label], i) => {
    const boxId = `${id}-${i}`;
    const checked = v === NONE ? Array.isArray(value) && value.length === 0 : chosen.includes(v);
    return h("div", { class: `checker-option${v === NONE ? " checker-option--none" : ""}` },
      h("input", {
        type: "checkbox", id: boxId, value: v, checked,
        "aria-describedby": describedBy(field, id),
        dataset: { path: JSON.stringify(path), type: "multi", field: id },
      }),
      h("label", { for: boxId, text: label }));
  });
  return h("fieldset", { class: "checker-field checker-checks", id, dataset: { fieldBox: id } },
    h("legend", { text: field.label }),
    helpBlock(field, id),
    errorBlock(id),
    h("div", { class: "checker-options" }, boxes),
    h("p", { class: "checker-state", id: `${id}-status`, "aria-live": "off" }, multiState(value)));
}

function multiState(value) {
  if (value === null || value === undefined) return "Ikke svart ennå.";
  return value.length ? `${value.length} valgt.` : "Svar: ingen av disse.";
}

function checkField(field, path, value) {
  const id = fieldId(path);
  return h("div", { class: "checker-field checker-field--check", dataset: { fieldBox: id } },
    errorBlock(id),
    h("div", { class: "checker-option" },
      h("input", {
        type: "checkbox", id, checked: value === true, "aria-describedby": describedBy(field, id),
        dataset: { path: JSON.stringify(path), type: "check", field: id },
      }),
      h("label", { for: id, text: field.label })),
    helpBlock(field, id));
}

function renderField(field, path, draft) {
  const value = getIn(draft, path);
  switch (field.type) {
    case "yesno":
      return radioGroup(field, path, value, [[true, "Ja"], [false, "Nei"], [null, UNANSWERED]]);
    case "choice":
      return radioGroup(field, path, value, [...field.options, [null, UNANSWERED]]);
    case "multi":
      return multiField(field, path, value);
    case "check":
      return checkField(field, path, value);
    case "group": {
      const id = fieldId(path);
      return h("fieldset", { class: "checker-field checker-group", id, dataset: { fieldBox: id } },
        h("legend", { text: field.label }),
        helpBlock(field, id),
        errorBlock(id),
        field.fields.map((sub) => renderField(sub, [...path, sub.key], draft)));
    }
    default: {
      const box = inputField(field, path, value);
      if (field.showIf) {
        box.dataset.showIf = field.key;
        box.hidden = !field.showIf(draft.project || {});
      }
      return box;
    }
  }
}

export function participantLegend(index, name) {
  return `Deltaker ${index + 1}${name ? `: ${name}` : ""}`;
}

function participantBlock(participant, index, draft, fields) {
  const path = ["participants", index];
  const id = fieldId(path);
  const controls = fields.PARTICIPANT_FIELDS.map((f) => renderField(f, [...path, f.key], draft));
  return h("fieldset", { class: "checker-participant", id, dataset: { fieldBox: id } },
    h("legend", { id: `${id}-navn`, text: participantLegend(index, participant.name) }),
    errorBlock(id),
    h("div", { class: "checker-grid" }, controls),
    h("button", {
      type: "button", class: "md-button checker-remove", dataset: { action: "remove", index },
      "aria-describedby": `${id}-navn`,
    }, `Fjern deltaker ${index + 1}`));
}

function section(id, title, intro, children) {
  return h("section", { class: "checker-section", id, "aria-labelledby": `${id}-tittel`, dataset: { fieldBox: id } },
    h("h2", { id: `${id}-tittel`, text: title }),
    intro,
    errorBlock(id),
    children);
}

/** Render the whole form for `draft` into `form` (replacing what was there), with the questions
 * of the draft's round. */
export function renderForm(form, draft) {
  const fields = fieldsFor(draft.round);
  const round = roundData(draft.round);
  const participants = (draft.participants || []).map((p, i) => participantBlock(p, i, draft, fields));
  form.replaceChildren(
    section("f-runde", "1. Runde og datoer", null, [
      ...fields.ROUND_FIELDS.map((f) => renderField(f, [f.key], draft)),
      ...fields.PROJECT_DATE_FIELDS.map((f) => renderField(f, ["project", f.key], draft)),
    ]),
    section("f-participants", "2. Deltakere",
      h("p", { class: "checker-help" },
        `Ta med alle virksomhetene i konsortiet. Minst ${round.min_companies} må være bedrifter registrert i Foretaksregisteret. `,
        h("a", { href: `../${round.call_page}#krav-til-sammensetning` }, "Krav til sammensetning")),
      [
        participants.length ? participants : h("p", { class: "checker-empty" }, "Ingen deltakere ennå."),
        h("button", { type: "button", class: "md-button checker-add", dataset: { action: "add" } }, "Legg til deltaker"),
      ]),
    section("f-project", "3. Prosjektet", null,
      fields.PROJECT_FIELDS.map((f) => renderField(f, ["project", f.key], draft))),
  );
}

/**
 * Run `render` (which re-renders the form) while the person may be typing in it: the field
 * with focus gets it back, with the text exactly as typed while it means the same answer
 * ("6000", not "6 000") and the caret where it was (another tab's change, draft-sync.js).
 */
export function keepingFocus(form, render) {
  const active = form.contains(document.activeElement) ? document.activeElement : null;
  const typed = active?.matches('input[type="text"]') ? active : null;
  const caret = typed && [typed.selectionStart, typed.selectionEnd, typed.selectionDirection];
  // Chromium fires "change" on the focused control as render() removes it; by then it no longer
  // stands for an answer (the draft may hold another tab's newer one), so it names no path.
  if (active) delete active.dataset.path;
  render();
  const again = active?.id ? document.getElementById(active.id) : null;
  if (!again || again === active || !form.contains(again)) return;
  again.focus({ preventScroll: true });
  if (!typed || !again.matches('input[type="text"]')) return;
  if (JSON.stringify(readControl(again)) === JSON.stringify(readControl(typed))) {
    again.value = typed.value;
    again.setSelectionRange(...caret);
  }
}

function parseNumber(text, decimal) {
  const compact = text.replace(/[\s\u00a0\u202f]/g, "");
  if (compact === "") return null;
  if (/^-?\d+$/.test(compact)) return Number(compact);
  if (decimal && /^-?\d+[.,]\d+$/.test(compact)) return Number(compact.replace(",", "."));
  return text; // kept as typed; the checker names the problem beside the field
}

/** The draft value a control stands for after the person changed it. */
export function readControl(control) {
  const type = control.dataset.type;
  switch (type) {
    case "integer":
    case "decimal":
      return parseNumber(control.value, type === "decimal");
    case "yesno":
    case "choice":
      return JSON.parse(control.value);
    case "check":
      return control.checked;
    case "multi":
      return readMulti(control);
    default:
      return control.value === "" ? null : control.value;
  }
}

// "Ingen av disse" excludes the other boxes; nothing ticked means "not answered" (null).
function readMulti(changed) {
  const group = changed.closest("fieldset");
  const boxes = [...group.querySelectorAll('input[type="checkbox"]')];
  const none = boxes.find((b) => b.value === NONE);
  if (changed.checked) {
    for (const box of boxes) if ((changed === none) !== (box === none)) box.checked = false;
  }
  const chosen = boxes.filter((b) => b.checked && b !== none).map((b) => b.value);
  const value = chosen.length ? chosen : none.checked ? [] : null;
  group.querySelector(".checker-state").textContent = multiState(value);
  return value;
}

/** Show or hide fields that depend on another answer (rd_category for article 25). */
export function updateVisibility(form, draft) {
  for (const box of form.querySelectorAll("[data-show-if]")) {
    const field = fieldsFor(draft.round).PROJECT_FIELDS.find((f) => f.key === box.dataset.showIf);
    box.hidden = !field.showIf(draft.project || {});
  }
}

// ---- input errors beside their fields ----

/** The id of the form element an error path belongs to: the field, or its nearest container. */
export function errorTarget(form, path) {
  for (let n = path.length; n > 0; n -= 1) {
    const id = fieldId(path.slice(0, n));
    if (form.querySelector(`[data-field-box="${CSS.escape(id)}"]`)) return id;
  }
  return null;
}

function controlsOf(form, id) {
  return [...form.querySelectorAll(`[data-field="${CSS.escape(id)}"]`)];
}

/** Human name of a field for the error summary, e.g. "Deltaker 3: Organisasjonsnummer". */
export function fieldName(form, id) {
  const box = form.querySelector(`[data-field-box="${CSS.escape(id)}"]`);
  if (!box) return "Søknaden";
  const own = box.querySelector(":scope > label, :scope > legend, :scope > h2, :scope > .checker-option > label");
  const participant = box.closest(".checker-participant");
  const prefix = participant && participant !== box ? participant.querySelector("legend").textContent + " – " : "";
  return prefix + (own ? own.textContent : id);
}

/** Show errors ([{path, message}]) beside their fields; returns them with their target ids. */
export function showErrors(form, errors, parsePath) {
  for (const el of form.querySelectorAll(".checker-error")) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    const kept = (control.getAttribute("aria-describedby") || "").split(" ").filter((t) => t && !t.endsWith("-feil"));
    if (kept.length) control.setAttribute("aria-describedby", kept.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  return errors.map((error) => {
    const target = errorTarget(form, parsePath(error.path));
    if (target) {
      const el = form.querySelector(`#${CSS.escape(target)}-feil`);
      el.hidden = false;
      el.append(el.textContent ? " " : "", error.message);
      for (const control of controlsOf(form, target)) {
        control.setAttribute("aria-invalid", "true");
        const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!ids.includes(`${target}-feil`)) ids.unshift(`${target}-feil`);
        control.setAttribute("aria-describedby", ids.join(" "));
      }
    }
    return { ...error, target };
  });
}
