// What the checker page says and asks about the saved draft (draft-sync.js): whether it is
// being saved, a new version of the site, answers changed in two tabs at once, and the
// question before an import replaces the answers.

import { h } from "./dom.js";

// The messages stay until their cause is gone, in this order, each in its own paragraph.
const ORDER = ["saving", "version", "conflict"];

const SAVING = {
  refused: "Utkastet lagres ikke: nettleseren lar ikke siden lagre noe her (det skjer for eksempel i "
    + "private vinduer, eller når lagring er slått av for nettstedet). Skjemaet og sjekkeren virker som "
    + "vanlig, men svarene er borte når du lukker siden. Eksporter dem for å ta vare på dem.",
  full: "Utkastet lagres ikke lenger: nettleseren har ikke mer lagringsplass til dette nettstedet. Det "
    + "som ble lagret sist, ligger urørt, men de nyeste svarene finnes bare i denne fanen. Eksporter dem "
    + "for å ta vare på dem.",
  unreadable: "Denne fanen lagrer ikke svarene sine: utkastet som er lagret i nettleseren, kan ikke "
    + "leses her, og det skal ikke overskrives. Det er trolig lagret av en nyere versjon av sjekkeren i "
    + "en annen fane.",
};

function button(text, onClick, primary = false) {
  const node = h("button", { type: "button", class: `md-button${primary ? " md-button--primary" : ""}` }, text);
  node.addEventListener("click", onClick);
  return node;
}

/**
 * The draft's messages, in `element` (a status region). Actions: exportDraft(), reload()
 * (saves, then loads the page again) and fieldName(path) for naming an answer.
 * The service worker's "new version" signal (assets/sw-register.js) is picked up here.
 */
export function draftNotices(element, { exportDraft, reload, fieldName }) {
  const shown = new Map();
  let saving = "ok";
  let newVersion = false;
  let newer = [];

  const show = (kind, text, { error = false, actions = [] } = {}) => {
    shown.get(kind)?.remove();
    shown.delete(kind);
    if (!text) return;
    const message = h("p", { class: `checker-draft-message${error ? " checker-draft-message--error" : ""}`, dataset: { draftMessage: kind } },
      text, actions.length ? h("span", { class: "checker-draft-actions" }, actions) : null);
    const next = ORDER.slice(ORDER.indexOf(kind) + 1).map((k) => shown.get(k)).find(Boolean);
    element.insertBefore(message, next ?? null);
    shown.set(kind, message);
  };

  const exportButton = () => button("Eksporter svarene", exportDraft);

  const showVersion = () => {
    if (!newVersion && !newer.length) return show("version", null);
    const parts = [newVersion ? "En ny versjon av sjekkeren er klar." : "Utkastet er lagret av en nyere versjon av sjekkeren."];
    if (newer.length) parts.push("Det har svar som denne fanen ikke kan vise, men tar vare på.");
    parts.push("Denne fanen virker som før. Last inn siden på nytt for å bruke den nye versjonen.");
    parts.push(saving === "ok" ? "Svarene dine er lagret og blir med." : "Eksporter svarene først: de er ikke lagret i nettleseren.");
    show("version", parts.join(" "), {
      actions: [button("Last inn på nytt", reload, true), saving === "ok" ? null : exportButton()].filter(Boolean),
    });
  };

  const update = (status) => {
    const was = saving;
    ({ saving, newer } = status);
    if (saving === "unreadable") {
      show("saving", SAVING.unreadable, {
        error: true,
        actions: [button("Last inn det nyeste", reload, true), button("Behold denne og eksporter", exportDraft)],
      });
    } else if (saving !== "ok") {
      show("saving", SAVING[saving], { error: true, actions: [exportButton()] });
    } else {
      show("saving", was === "ok" ? null : "Utkastet lagres igjen.");
    }
    showVersion();
  };

  const onNewVersion = () => {
    newVersion = true;
    showVersion();
  };
  if (document.documentElement.dataset.newVersion) onNewVersion();
  window.addEventListener("sirkulaer:ny-versjon", onNewVersion);

  return {
    update,
    /**
     * The same answers were changed in two tabs at once: the form shows one, `other` is the
     * answer it does not show ([{path, other}]); useOther() puts those in instead.
     */
    conflicts(list, useOther) {
      const names = [...new Set(list.map(({ path }) => `«${fieldName(path)}»`))].join(", ");
      const one = list.length === 1;
      const value = one && (typeof list[0].other === "string" || typeof list[0].other === "number")
        ? ` Det andre svaret var «${list[0].other}».` : "";
      show("conflict", `${names} ble endret i to faner samtidig, og skjemaet viser ${one ? "det ene svaret" : "de ene svarene"}.${value}`, {
        actions: [button(one ? "Bruk det andre svaret" : "Bruk de andre svarene", () => {
          show("conflict", null);
          useOther();
        })],
      });
    },
  };
}

/**
 * Ask before an import replaces answers: when the person opens the file chooser, or drops a
 * file on the field, while `needed()` (the form holds answers). Setting the field's files
 * directly (contract §5, as tests do) imports at once; either way the import can be undone.
 * Returns the dialog, for the page to place.
 */
export function askBeforeImport(input, { needed, importFile }) {
  let agreed = false;
  let dropped = null;
  const go = button("Velg fil", () => {
    dialog.close();
    if (dropped) {
      importFile(dropped);
    } else {
      agreed = true;
      input.click();
    }
  }, true);
  const dialog = h("dialog", { class: "checker-dialog", "aria-labelledby": "checker-import-tittel" },
    h("h2", { id: "checker-import-tittel", text: "Erstatte svarene dine?" }),
    h("p", { text: "Søknaden i fila erstatter svarene i skjemaet og utkastet som er lagret i nettleseren. "
      + "Etterpå kan du angre importen og få svarene tilbake. Vil du ha en egen kopi, eksporter først." }),
    h("div", { class: "checker-dialog-buttons" }, go, button("Avbryt", () => dialog.close())));

  const ask = (file) => {
    dropped = file;
    go.textContent = file ? `Importer «${file.name}»` : "Velg fil";
    dialog.showModal();
  };
  input.addEventListener("click", (event) => {
    if (agreed || !needed()) {
      agreed = false;
      return;
    }
    event.preventDefault();
    ask(null);
  });
  input.addEventListener("drop", (event) => {
    const file = event.dataTransfer?.files?.[0];
    if (!file || !needed()) return;
    event.preventDefault();
    ask(file);
  });
  return dialog;
}
