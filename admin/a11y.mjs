// Names Decap CMS 3.16 leaves out, for screen readers (axe: "frame-title",
// "aria-input-field-name"): the preview frame, and the Markdown editor, which is a
// contenteditable element that its field's <label> does not name. Decap renders both anew as the
// editor opens and closes, so a MutationObserver keeps naming them.

function nameUnnamed() {
  const preview = document.querySelector("iframe#preview-pane:not([title])");
  if (preview) preview.title = "Forhåndsvisning av siden";
  for (const editor of document.querySelectorAll("[data-slate-editor]:not([aria-labelledby])")) {
    const label = editor.closest('[class*="-ControlContainer"]')?.querySelector("label");
    if (!label) continue;
    label.id ||= `${label.htmlFor || "markdown"}-label`;
    editor.setAttribute("aria-labelledby", label.id);
  }
}

export function nameDecapControls() {
  new MutationObserver(nameUnnamed).observe(document.body, { childList: true, subtree: true });
}
