// Starts the checker's worker from <head>, before the stylesheets and the page are parsed.
//
// Python's start-up is the slow part of opening the checker page, so it goes first: this classic
// script runs as soon as the parser meets it (overrides/main.html puts it at the top of <head> on
// the checker page only, with the Pyodide folder's URL in <meta name="checker-pyodide-base">),
// half a second before a script in the page body would. The worker's first messages are kept
// until page.js takes the worker over (worker-client.js); without this script page.js starts
// the worker itself.
(() => {
  const meta = document.querySelector('meta[name="checker-pyodide-base"]');
  const base = meta && meta.content;
  if (!base || base.includes("__PYODIDE_BASE__") || typeof Worker !== "function") return;
  try {
    const worker = new Worker(new URL("worker.js", document.currentScript.src), { type: "module" });
    const booted = { worker, messages: [], errors: [] };
    worker.onmessage = (event) => booted.messages.push(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      booted.errors.push(event.message || "");
    };
    worker.postMessage({ type: "init", base: new URL(base, document.baseURI).href });
    document.checkerWorker = booted;
  } catch {
    // page.js starts the worker itself, and reports if that fails too.
  }
})();
