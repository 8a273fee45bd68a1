// The checker page's parts: the toolbar, the notices, the form and the report beside it, and
// the "Start på nytt" dialog. The modules that fill them take them from here by name.

import { h } from "./dom.js";

export function layout(root) {
  const importInput = h("input", { type: "file", id: "checker-import", accept: ".json,application/json" });
  const parts = {
    importInput,
    exportButton: h("button", { type: "button", class: "md-button" }, "Eksporter"),
    resetButton: h("button", { type: "button", class: "md-button" }, "Start på nytt"),
    printButton: h("button", { type: "button", class: "md-button" }, "Skriv ut"),
    notice: h("div", { class: "checker-notice", role: "status", "aria-live": "polite" }),
    draftStatus: h("div", { class: "checker-draft-status", role: "status", "aria-live": "polite" }),
    form: h("form", { class: "checker-form", novalidate: true, "aria-label": "Svarene dine" }),
    loading: h("div", { class: "checker-loading", role: "status" }),
    errors: h("div", { class: "checker-errors", tabindex: "-1", hidden: true, role: "region", "aria-labelledby": "checker-feil-tittel" }),
    verdict: h("div", { class: "checker-verdict checker-verdict--none" }),
    estimate: h("div", { class: "checker-estimate" }),
    options: h("div", { class: "checker-options" }),
    findings: h("div", { class: "checker-findings-box" }),
    answers: h("div", { class: "checker-answers-body" }),
    printDate: h("p", { class: "checker-print-date" }),
  };
  parts.answersBox = h("details", { class: "checker-answers" }, h("summary", {}, "Dine svar"), parts.answers);
  parts.confirmButton = h("button", { type: "button", class: "md-button md-button--primary" }, "Slett svarene");
  parts.cancelButton = h("button", { type: "button", class: "md-button" }, "Avbryt");
  parts.dialog = h("dialog", { class: "checker-dialog", "aria-labelledby": "checker-dialog-tittel" },
    h("h2", { id: "checker-dialog-tittel", text: "Starte på nytt?" }),
    h("p", { text: "Alle svarene i skjemaet og utkastet som er lagret i denne nettleseren, blir slettet. Vil du beholde dem, eksporter først." }),
    h("div", { class: "checker-dialog-buttons" }, parts.confirmButton, parts.cancelButton));
  parts.toolbar = h("div", { class: "checker-toolbar" },
    h("div", { class: "checker-import" },
      h("label", { for: "checker-import", text: "Importer søknad (JSON)" }),
      importInput),
    h("div", { class: "checker-actions" }, parts.exportButton, parts.printButton, parts.resetButton),
    // On a phone the report comes after the form: one tap takes the reader there.
    h("p", { class: "checker-jump" }, h("a", { href: "#checker-resultat-tittel" }, "Gå til resultatet")));
  parts.report = h("section", { class: "checker-report", "aria-labelledby": "checker-resultat-tittel" },
    h("h2", { id: "checker-resultat-tittel", text: "Resultat" }),
    parts.printDate,
    parts.loading,
    parts.errors,
    h("div", { class: "checker-live", "aria-live": "polite" }, parts.verdict),
    parts.estimate,
    parts.options,
    parts.findings,
    parts.answersBox);
  root.replaceChildren(parts.toolbar, parts.notice, parts.draftStatus,
    h("div", { class: "checker-layout" }, parts.form, parts.report), parts.dialog);
  /** Say what just happened (an import, a participant removed), with an optional button. */
  parts.notify = (text, { error = false, action = null } = {}) => {
    parts.notice.className = `checker-notice${error ? " checker-notice--error" : ""}`;
    parts.notice.replaceChildren(...(text ? [h("p", {}, text, action ? [" ", action] : null)] : []));
  };
  return parts;
}
