// The checker page "Sjekk prosjektet": wires the form, the saved draft, import/export and the
// worker together. The draft object is the single source of truth; the form, the saved copy,
// the export and the report all follow from it.

import { h } from "./dom.js";
import {
  MAX_FILE_BYTES, emptyDraft, emptyParticipant, exportText, getIn, isBlank, knownAnswers,
  parseApplication, parsePath, setIn,
} from "./draft.js";
import { SET_ASIDE_KEY, openDraftStore } from "./draft-store.js";
import { askBeforeImport, draftNotices } from "./draft-ui.js";
import {
  errorTarget, fieldId, fieldName, keepingFocus, participantLegend, readControl, renderForm, showErrors,
  updateVisibility,
} from "./form.js";
import { today } from "./format.js";
import { renderAnswers } from "./answers.js";
import {
  clearVerdict, renderErrorSummary, renderEstimate, renderFindings, showVerdict,
} from "./report.js";
import { amountText, chosenOption, optionName, renderOptions } from "./options.js";
import { startChecker } from "./worker-client.js";

const EVALUATE_DELAY_MS = 300;
const ANSWERS_DELAY_MS = 250;
const SLOW_LOAD_MS = 30_000;

function debounce(fn, ms) {
  let timer = null;
  const run = () => {
    clearTimeout(timer);
    timer = null;
    fn();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  schedule.now = run;
  return schedule;
}

function layout() {
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
    dialog: null,
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
  return parts;
}

function downloadText(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function mount(root) {
  root.dataset.mounted = "true";
  const rounds = (root.dataset.rounds || "").split(",").map((r) => r.trim()).filter(Boolean);
  const ui = layout();
  root.replaceChildren(ui.toolbar, ui.notice, ui.draftStatus,
    h("div", { class: "checker-layout" }, ui.form, ui.report), ui.dialog);

  // The saved draft, shared with the page's other open tabs (draft-store.js).
  const store = openDraftStore(rounds, {
    onReplace: (next) => {
      draft = next;
      keepingFocus(ui.form, rerender);
      evaluate();
    },
    onConflicts: (conflicts) => notices.conflicts(conflicts, () => {
      for (const { path, other } of conflicts) {
        if (getIn(draft, path.slice(0, -1)) !== undefined) setIn(draft, path, other);
      }
      rerender();
      changed();
    }),
    onStatus: (status) => notices.update(status),
  });
  const restored = store.restored;
  let draft = store.draft;
  let titles = {};
  let catalogue = {};

  const notify = (text, { error = false, action = null } = {}) => {
    ui.notice.className = `checker-notice${error ? " checker-notice--error" : ""}`;
    ui.notice.replaceChildren(...(text ? [h("p", {}, text, action ? [" ", action] : null)] : []));
    return ui.notice;
  };

  const answers = debounce(() => renderAnswers(ui.answers, draft), ANSWERS_DELAY_MS);

  let checker = null;
  let ready = false;
  // Fields a newer release added (kept in the draft, see draft-store.js) are not this checker's.
  const evaluate = debounce(() => ready && checker.evaluate(knownAnswers(draft)), EVALUATE_DELAY_MS);

  const exportDraft = () => downloadText(exportText(draft), "soknad-sirkulaere-verdikjeder.json");
  const notices = draftNotices(ui.draftStatus, {
    exportDraft,
    reload: () => {
      store.flush();
      window.location.reload();
    },
    fieldName: (path) => fieldName(ui.form, errorTarget(ui.form, path)),
  });
  notices.update(store.status);

  const focusField = (id) => {
    const box = ui.form.querySelector(`[data-field-box="${CSS.escape(id)}"]`);
    const target = ui.form.querySelector(`[data-field="${CSS.escape(id)}"]`) || box;
    if (!target) return;
    if (!target.matches("input, select, textarea, button")) target.tabIndex = -1;
    target.focus();
    (box || target).scrollIntoView({ block: "center" });
  };

  const rerender = () => {
    renderForm(ui.form, draft, rounds);
    answers.now();
  };

  const changed = () => {
    store.changed();
    answers();
    evaluate();
  };

  // After the store replaced the whole draft (an import, its undo, "Start på nytt").
  const showStored = () => {
    draft = store.draft;
    rerender();
    evaluate.now();
  };

  // ---- the form ----
  const onControl = (event) => {
    const control = event.target;
    if (!control.dataset.path) return;
    const path = JSON.parse(control.dataset.path);
    const value = readControl(control);
    if (JSON.stringify(getIn(draft, path) ?? null) === JSON.stringify(value)) return;
    setIn(draft, path, value);
    const key = path[path.length - 1];
    if (path[0] === "participants" && key === "name") {
      document.getElementById(`${fieldId(path.slice(0, 2))}-navn`).textContent = participantLegend(path[1], value);
    }
    if (key === "aid_basis") updateVisibility(ui.form, draft);
    changed();
  };
  ui.form.addEventListener("input", onControl);
  ui.form.addEventListener("change", onControl);
  ui.form.addEventListener("submit", (event) => event.preventDefault());

  ui.form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    if (button.dataset.action === "add") {
      draft.participants.push(emptyParticipant());
      rerender();
      changed();
      focusField(fieldId(["participants", draft.participants.length - 1, "name"]));
    } else if (button.dataset.action === "remove") {
      const index = Number(button.dataset.index);
      const [removed] = draft.participants.splice(index, 1);
      rerender();
      changed();
      const undo = h("button", { type: "button", class: "md-button" }, "Angre");
      undo.addEventListener("click", () => {
        draft.participants.splice(Math.min(index, draft.participants.length), 0, removed);
        rerender();
        changed();
        notify(`${participantLegend(index, removed.name)} er lagt tilbake.`);
        focusField(fieldId(["participants", index, "name"]));
      });
      notify(`${participantLegend(index, removed.name)} er fjernet.`, { action: undo });
      undo.focus();
    }
  });

  // "Bruk dette grunnlaget": the basis (and article 25's category) changes; nothing else does.
  const useOption = (option) => {
    draft.project = draft.project || {};
    draft.project.aid_basis = option.aid_basis;
    if (option.rd_category) draft.project.rd_category = option.rd_category;
    rerender();
    changed();
    notify(`Støttegrunnlaget i skjemaet er nå ${optionName(option).toLowerCase()}.`);
    focusField(fieldId(["project", "aid_basis"]));
  };

  // ---- import, export, start again, print ----
  const importFile = async (file) => {
    const refuse = (why) => notify(`Fila «${file.name}» ble ikke lastet inn: ${why} Svarene i skjemaet er uendret.`, { error: true });
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
    showStored();
    const undo = h("button", { type: "button", class: "md-button" }, "Angre import");
    undo.addEventListener("click", () => {
      if (!store.undoImport()) return;
      showStored();
      notify("Importen er angret. Svarene fra før importen er tilbake.");
    });
    notify(`Søknaden fra fila «${file.name}» er lastet inn.`, { action: undo });
  };
  ui.importInput.addEventListener("change", () => {
    const file = ui.importInput.files[0];
    ui.importInput.value = "";
    if (file) importFile(file);
  });
  root.append(askBeforeImport(ui.importInput, { needed: () => !isBlank(draft), importFile }));

  ui.exportButton.addEventListener("click", exportDraft);

  ui.resetButton.addEventListener("click", () => ui.dialog.showModal());
  ui.cancelButton.addEventListener("click", () => ui.dialog.close());
  ui.confirmButton.addEventListener("click", () => {
    ui.dialog.close();
    store.clear(emptyDraft(rounds[rounds.length - 1]));
    showStored();
    notify("Svarene er slettet. Du kan begynne på nytt.");
    focusField(fieldId(["round"]));
  });

  ui.printButton.addEventListener("click", () => window.print());
  let answersWereOpen = false;
  window.addEventListener("beforeprint", () => {
    answersWereOpen = ui.answersBox.open;
    ui.answersBox.open = true;
    const title = draft.project?.title;
    ui.printDate.textContent = `Egenvurdering${title ? ` for «${title}»` : ""} skrevet ut ${today()}.`;
  });
  window.addEventListener("afterprint", () => {
    ui.answersBox.open = answersWereOpen;
  });
  // ---- the report ----
  const showResult = (result) => {
    root.dataset.evalMs = result.elapsed_ms === undefined ? "" : result.elapsed_ms.toFixed(2);
    root.dataset.evalCount = String(Number(root.dataset.evalCount || 0) + 1);
    // Milliseconds since navigation, for scripts/bench_browser.py.
    root.dataset.firstResultAt ??= String(Math.round(performance.now()));
    const errors = showErrors(ui.form, result.errors || [], parsePath);
    renderErrorSummary(ui.errors, errors, (id) => fieldName(ui.form, id), focusField);
    if (result.report) {
      const report = result.report;
      const chosen = chosenOption(report, draft.project);
      showVerdict(ui.verdict, report.verdict);
      renderEstimate(ui.estimate, report.estimate, chosen && amountText(chosen));
      renderOptions(ui.options, report, {
        catalogue, chosen, onUse: useOption,
        names: (draft.participants || []).map((p, i) => p.name || participantLegend(i, "")),
      });
      renderFindings(ui.findings, report.findings, titles);
      ui.printDate.textContent = `Vurdert ${today()}.`;
      return;
    }
    ui.estimate.replaceChildren();
    ui.options.replaceChildren();
    ui.findings.replaceChildren();
    if (result.errors) {
      clearVerdict(ui.verdict, "Resultatet vises når svarene som er merket, er rettet.");
    } else {
      console.error("Sjekkeren:", result.fatal);
      clearVerdict(ui.verdict, "Sjekkeren fikk en uventet feil med disse svarene. Eksporter svarene og send dem gjerne til oss.");
    }
  };

  const showProgress = ({ step, index, total }) => {
    ui.loading.replaceChildren(
      h("p", { id: "checker-laster" }, `Sjekkeren lastes: ${step} (steg ${index} av ${total}). Du kan fylle ut skjemaet så lenge.`),
      h("progress", { max: total, value: index - 1, "aria-labelledby": "checker-laster" }));
  };

  const fail = (message) => {
    root.dataset.checkerState = "error";
    ready = false;
    console.error("Sjekkeren kunne ikke startes:", message);
    ui.loading.replaceChildren(h("p", { class: "checker-failed" },
      "Sjekkeren kunne ikke startes i denne nettleseren. Skjemaet virker fortsatt: du kan fylle ut, lagre og eksportere svarene, og prøve igjen senere ved å laste siden på nytt."));
    clearVerdict(ui.verdict, "Ingen vurdering: sjekkeren er ikke startet.");
  };

  // Start Python first: it is the slow part, and the form renders while it loads.
  clearVerdict(ui.verdict, "Vurderingen vises her når sjekkeren er klar.");
  showProgress({ step: "Starter", index: 1, total: 2 });
  const base = root.dataset.pyodideBase || "";
  if (!base || base.includes("__PYODIDE_BASE__")) {
    fail("Pyodide-filene mangler i denne bygningen av nettstedet.");
  } else {
    // A stalled download never fails on its own: after a while, say so (the form still works).
    setTimeout(() => {
      if (root.dataset.checkerState !== "loading") return;
      ui.loading.append(h("p", {}, "Det tar lengre tid enn vanlig å laste sjekkeren. Du kan fortsette å fylle ut, eller laste siden på nytt."));
    }, SLOW_LOAD_MS);
    checker = startChecker(new URL(base, document.baseURI).href, {
      onProgress: showProgress,
      onReady: (message) => {
        titles = Object.fromEntries(message.rules.map((rule) => [rule.id, rule.title]));
        catalogue = Object.fromEntries(message.rules.map((rule) => [rule.id, rule]));
        root.dataset.loadMs = String(message.load_ms);
        root.dataset.loadSteps = JSON.stringify(message.steps);
        ui.loading.replaceChildren();
        ready = true;
        root.dataset.checkerState = "ready";
        root.dataset.readyAt = String(Math.round(performance.now()));
        evaluate.now();
      },
      onFailed: fail,
      onResult: showResult,
    }, document.checkerWorker);
    delete document.checkerWorker;
  }

  rerender();
  if (restored.problems) {
    const download = h("button", { type: "button", class: "md-button" }, "Last ned det gamle utkastet");
    download.addEventListener("click", () => downloadText(store.setAsideText() ?? "", "utkast-som-ikke-kunne-leses.json"));
    const where = restored.setAside ? `Det er lagt til side (${SET_ASIDE_KEY})`
      : "Nettleseren har ikke plass til å legge det til side, så det ligger der det lå";
    notify(`Utkastet som var lagret i nettleseren, kunne ikke leses (${restored.problems.slice(0, 3).join("; ")}). `
      + `${where}, og skjemaet starter tomt.`, { error: true, action: download });
  } else if (restored.restored) {
    notify("Utkastet ditt fra forrige gang er hentet fram.");
  }

  return checker ?? { stop() {} };
}

// Material's instant navigation swaps the page without reloading modules, so mount whenever
// a new document appears, and stop the worker of a checker that is no longer on the page.
const mounted = new Map();

function mountAll() {
  for (const [root, checker] of mounted) {
    if (!root.isConnected) {
      checker.stop();
      mounted.delete(root);
    }
  }
  for (const root of document.querySelectorAll("[data-checker-state]:not([data-mounted])")) {
    mounted.set(root, mount(root));
  }
}

mountAll();
// The script is async and may run before Material's bundle has defined document$.
const followNavigation = () => window.document$?.subscribe(mountAll);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", followNavigation);
else followNavigation();
