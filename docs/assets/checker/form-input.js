// The form on the page: drawn from the store's draft (again whenever the draft changes other
// than by typing in it), and what the person does in it turned into store updates.

import { h } from "./dom.js";
import { emptyParticipant, getIn } from "./draft.js";
import {
  errorTarget, fieldId, fieldName, keepingFocus, participantLegend, readControl, renderForm, updateVisibility,
} from "./form.js";

/** Returns {focusField(id), fieldName(path)} for the page's other parts. */
export function mountForm(ui, store) {
  const form = ui.form;
  const render = () => keepingFocus(form, () => renderForm(form, store.draft));

  const focusField = (id) => {
    const box = form.querySelector(`[data-field-box="${CSS.escape(id)}"]`);
    const target = form.querySelector(`[data-field="${CSS.escape(id)}"]`) || box;
    if (!target) return;
    if (!target.matches("input, select, textarea, button")) target.tabIndex = -1;
    target.focus();
    (box || target).scrollIntoView({ block: "center" });
  };

  // The control already shows the answer: only what depends on it is redrawn here.
  const onControl = (event) => {
    const control = event.target;
    if (!control.dataset.path) return;
    const path = JSON.parse(control.dataset.path);
    const value = readControl(control);
    store.update(path, value, "input");
    const key = path[path.length - 1];
    if (path[0] === "participants" && key === "name") {
      document.getElementById(`${fieldId(path.slice(0, 2))}-navn`).textContent = participantLegend(path[1], value);
    }
    if (key === "aid_basis") updateVisibility(form, store.draft);
  };
  form.addEventListener("input", onControl);
  form.addEventListener("change", onControl);
  form.addEventListener("submit", (event) => event.preventDefault());

  const participants = () => store.draft.participants;
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    if (button.dataset.action === "add") {
      store.update(["participants"], [...participants(), emptyParticipant()]);
      focusField(fieldId(["participants", participants().length - 1, "name"]));
    } else if (button.dataset.action === "remove") {
      const index = Number(button.dataset.index);
      const removed = getIn(store.draft, ["participants", index]);
      store.update(["participants"], participants().filter((_, i) => i !== index));
      const undo = h("button", { type: "button", class: "md-button" }, "Angre");
      undo.addEventListener("click", () => {
        const list = participants();
        const at = Math.min(index, list.length);
        store.update(["participants"], [...list.slice(0, at), removed, ...list.slice(at)]);
        ui.notify(`${participantLegend(index, removed.name)} er lagt tilbake.`);
        focusField(fieldId(["participants", index, "name"]));
      });
      ui.notify(`${participantLegend(index, removed.name)} er fjernet.`, { action: undo });
      undo.focus();
    }
  });

  store.subscribe((event) => {
    if (event.type === "draft" && event.cause !== "input") render();
  });
  render();

  return {
    focusField,
    fieldName: (path) => fieldName(form, errorTarget(form, path)),
  };
}
