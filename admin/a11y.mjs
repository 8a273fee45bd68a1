// Names Decap CMS 3.16 leaves out, for screen readers (axe: "frame-title",
// "aria-input-field-name", "button-name", "aria-command-name"): the preview frame; the Markdown
// editor, which is a contenteditable element that its field's <label> does not name; and the
// three icon-only controls on each item of a list (a round's objectives, say): fold, move, remove.
// Decap renders them anew as the editor opens and closes, so a MutationObserver keeps naming them.

// The controls of a list item's top bar, in Decap's order (decap-cms-ui-default, ListItemTopBar).
const ITEM_CONTROLS = ["Vis eller skjul", "Flytt", "Fjern"];

function nameUnnamed() {
  const preview = document.querySelector("iframe#preview-pane:not([title])");
  if (preview) preview.title = "Forhåndsvisning av siden";
  for (const editor of document.querySelectorAll("[data-slate-editor]:not([aria-labelledby])")) {
    const label = editor.closest('[class*="-ControlContainer"]')?.querySelector("label");
    if (!label) continue;
    label.id ||= `${label.htmlFor || "markdown"}-label`;
    editor.setAttribute("aria-labelledby", label.id);
  }
  for (const bar of document.querySelectorAll('[class*="-StyledListItemTopBar"]')) {
    const item = bar.parentElement?.querySelector('[class*="-NestedObjectLabel"]')?.textContent.trim();
    [...bar.children].forEach((control, i) => {
      const name = `${ITEM_CONTROLS[i]} «${item || "punktet"}»`;
      // Set anew when the item's text changes; only a change, so the observer does not loop.
      if (ITEM_CONTROLS[i] && control.matches('button, [role="button"]') && control.getAttribute("aria-label") !== name) {
        control.setAttribute("aria-label", name);
      }
    });
  }
}

export function nameDecapControls() {
  new MutationObserver(nameUnnamed).observe(document.body, { childList: true, subtree: true });
}
