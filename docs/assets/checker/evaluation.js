// The checker in its worker, as the page sees it: started (or taken over from boot.js), its
// loading shown step by step, and the store's draft evaluated 300 ms after the last change (at
// once when the draft was replaced), each answer passed to the report.
//
// The root element carries the checker's state (contract §5) and, for tests and
// scripts/bench_browser.py, `data-evaluating` while an evaluation of the current draft is
// waiting or running, the number of answers shown (`data-eval-count`) and timings.

import { debounce } from "./debounce.js";
import { h } from "./dom.js";
import { knownAnswers } from "./draft.js";
import { clearVerdict } from "./report.js";
import { checkerData } from "./vocabulary.js";
import { startChecker } from "./worker-client.js";

const EVALUATE_DELAY_MS = 300;
const SLOW_LOAD_MS = 30_000;

/** Returns {stop()}, which ends the worker. */
export function startEvaluation(root, ui, store, report) {
  let checker = null;
  let ready = false;
  const busy = (on) => {
    if (on) root.dataset.evaluating = "";
    else delete root.dataset.evaluating;
  };
  // Fields a newer release added (kept in the draft, see draft-sync.js) are not this checker's.
  const evaluate = debounce(() => {
    if (ready) checker.evaluate(knownAnswers(store.draft));
  }, EVALUATE_DELAY_MS);
  store.subscribe((event) => {
    if (event.type !== "draft" || !ready) return;
    busy(true);
    if (event.cause === "replace") evaluate.now();
    else evaluate();
  });

  const showResult = (result) => {
    if (!evaluate.pending()) busy(false);
    root.dataset.evalMs = result.elapsed_ms === undefined ? "" : result.elapsed_ms.toFixed(2);
    root.dataset.evalCount = String(Number(root.dataset.evalCount || 0) + 1);
    // Milliseconds since navigation, for scripts/bench_browser.py.
    root.dataset.firstResultAt ??= String(Math.round(performance.now()));
    report.show(result);
  };

  const showProgress = ({ step, index, total }) => {
    ui.loading.replaceChildren(
      h("p", { id: "checker-laster" }, `Sjekkeren lastes: ${step} (steg ${index} av ${total}). Du kan fylle ut skjemaet så lenge.`),
      h("progress", { max: total, value: index - 1, "aria-labelledby": "checker-laster" }));
  };

  const fail = (message) => {
    root.dataset.checkerState = "error";
    ready = false;
    busy(false);
    console.error("Sjekkeren kunne ikke startes:", message);
    ui.loading.replaceChildren(h("p", { class: "checker-failed" },
      "Sjekkeren kunne ikke startes i denne nettleseren. Skjemaet virker fortsatt: du kan fylle ut, lagre og eksportere svarene, og prøve igjen senere ved å laste siden på nytt."));
    clearVerdict(ui.verdict, "Ingen vurdering: sjekkeren er ikke startet.");
  };

  // Python is the slow part; the form works while it loads.
  clearVerdict(ui.verdict, "Vurderingen vises her når sjekkeren er klar.");
  showProgress({ step: "Starter", index: 1, total: 2 });
  const base = root.dataset.pyodideBase || "";
  if (!base || base.includes("__PYODIDE_BASE__")) {
    fail("Pyodide-filene mangler i denne bygningen av nettstedet.");
    return { stop() {} };
  }
  // A stalled download never fails on its own: after a while, say so (the form still works).
  setTimeout(() => {
    if (root.dataset.checkerState !== "loading") return;
    ui.loading.append(h("p", {}, "Det tar lengre tid enn vanlig å laste sjekkeren. Du kan fortsette å fylle ut, eller laste siden på nytt."));
  }, SLOW_LOAD_MS);
  checker = startChecker(new URL(base, document.baseURI).href, {
    onProgress: showProgress,
    onReady: (message) => {
      report.rules(message.rules);
      root.dataset.loadMs = String(message.load_ms);
      root.dataset.loadSteps = JSON.stringify(message.steps);
      ui.loading.replaceChildren();
      ready = true;
      root.dataset.checkerState = "ready";
      root.dataset.readyAt = String(Math.round(performance.now()));
      busy(true);
      evaluate.now();
    },
    onFailed: fail,
    onResult: showResult,
  }, document.checkerWorker);
  delete document.checkerWorker;
  // A site built with draft rounds (CHECKER_ROUNDS) offers them; the worker must know them too.
  const drafts = checkerData().draft_rounds;
  if (Object.keys(drafts).length) checker.addRounds(drafts);
  return checker;
}
