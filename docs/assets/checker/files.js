// The draft in and out of the page: import (asked first, undone once), export, "Start på nytt",
// print, and what the page says about the draft it found saved at start.

import { h } from "./dom.js";
import { askBeforeImport } from "./draft-ui.js";
import { MAX_FILE_BYTES, emptyDraft, exportText, isBlank, parseApplication } from "./draft.js";
import { SET_ASIDE_KEY } from "./draft-store.js";
import { fieldId } from "./form.js";
import { today } from "./format.js";

function downloadText(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Returns {exportDraft()}. */
export function mountFiles(root, ui, store, { rounds, focusField }) {
  const exportDraft = () => downloadText(exportText(store.draft), "soknad-sirkulaere-verdikjeder.json");

  const importFile = async (file) => {
    const refuse = (why) => ui.notify(`Fila «${file.name}» ble ikke lastet inn: ${why} Svarene i skjemaet er uendret.`, { error: true });
    if (file.size > MAX_FILE_BYTES) {
      refuse(`den er ${(file.size / 1024 / 1024).toFixed(1).replace(".", ",")} MB, og en søknadsfil kan være høyst 1 MB.`);
      return;
    }
    let text;
    try {
      text = await file.text();
    } catch {
      refuse("den kunne ikke leses.");
      return;
    }
    const parsed = parseApplication(text, rounds);
    if (parsed.problems) {
      const shown = parsed.problems.slice(0, 5).join("; ");
      const more = parsed.problems.length > 5 ? ` (og ${parsed.problems.length - 5} til)` : "";
      refuse(`den passer ikke søknadsformatet: ${shown}${more}.`);
      return;
    }
    store.importDraft(parsed.draft);
    const undo = h("button", { type: "button", class: "md-button" }, "Angre import");
    undo.addEventListener("click", () => {
      if (store.undoImport()) ui.notify("Importen er angret. Svarene fra før importen er tilbake.");
    });
    ui.notify(`Søknaden fra fila «${file.name}» er lastet inn.`, { action: undo });
  };
  ui.importInput.addEventListener("change", () => {
    const file = ui.importInput.files[0];
    ui.importInput.value = "";
    if (file) importFile(file);
  });
  root.append(askBeforeImport(ui.importInput, { needed: () => !isBlank(store.draft), importFile }));

  ui.exportButton.addEventListener("click", exportDraft);

  ui.resetButton.addEventListener("click", () => ui.dialog.showModal());
  ui.cancelButton.addEventListener("click", () => ui.dialog.close());
  ui.confirmButton.addEventListener("click", () => {
    ui.dialog.close();
    store.clear(emptyDraft(rounds[rounds.length - 1]));
    ui.notify("Svarene er slettet. Du kan begynne på nytt.");
    focusField(fieldId(["round"]));
  });

  ui.printButton.addEventListener("click", () => window.print());
  let answersWereOpen = false;
  window.addEventListener("beforeprint", () => {
    answersWereOpen = ui.answersBox.open;
    ui.answersBox.open = true;
    const title = store.draft.project?.title;
    ui.printDate.textContent = `Egenvurdering${title ? ` for «${title}»` : ""} skrevet ut ${today()}.`;
  });
  window.addEventListener("afterprint", () => {
    ui.answersBox.open = answersWereOpen;
  });

  const { restored } = store;
  if (restored.problems) {
    const download = h("button", { type: "button", class: "md-button" }, "Last ned det gamle utkastet");
    download.addEventListener("click", () => downloadText(store.setAsideText() ?? "", "utkast-som-ikke-kunne-leses.json"));
    const where = restored.setAside ? `Det er lagt til side (${SET_ASIDE_KEY})`
      : "Nettleseren har ikke plass til å legge det til side, så det ligger der det lå";
    ui.notify(`Utkastet som var lagret i nettleseren, kunne ikke leses (${restored.problems.slice(0, 3).join("; ")}). `
      + `${where}, og skjemaet starter tomt.`, { error: true, action: download });
  } else if (restored.restored) {
    ui.notify("Utkastet ditt fra forrige gang er hentet fram.");
  }

  return { exportDraft };
}
