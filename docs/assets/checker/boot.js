// Starts the checker's worker while the rest of the page is still being parsed.
//
// A classic script placed right after the checker's root element runs at once, a few hundred
// milliseconds before the page's module script would (that one waits for the page and its
// module graph). Python's start-up is the slow part of opening the page, so it should begin
// first. The worker's first messages are kept until page.js takes the worker over (see
// worker-client.js); without this script page.js starts the worker itself.
(() => {
  const root = document.querySelector("[data-checker-state]:not([data-mounted])");
  const base = root && root.dataset.pyodideBase;
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
    root.checkerWorker = booted;
  } catch {
    // page.js starts the worker itself, and reports if that fails too.
  }
})();
