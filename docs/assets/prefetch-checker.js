// On the pages other than the checker: once the page is idle, fetch the checker's files (the
// versioned Pyodide folder with the checker's memory snapshot, about 17 MB compressed) into the
// browser's HTTP cache, so that the first visit to the checker is as quick as a return visit.
// Most readers open the front page or the call first.
//
// Only fetched, never run: no worker, no Python, nothing of the checker starts here. The folder
// is immutable (deploy/nginx.conf), so the checker's worker later takes the files from the HTTP
// cache without asking the server. overrides/main.html renders <meta name="checker-prefetch">
// with the folder's URL and file names (hooks/pyodide_assets.py). <html data-checker-prefetch>
// tells what happened: "declined" (the connection, or no Cache Storage to note it in), "cached"
// (already there) or "fetched".
(() => {
  "use strict";
  const meta = document.querySelector('meta[name="checker-prefetch"]');
  if (!meta || meta.content.includes("__PYODIDE_BASE__") || typeof fetch !== "function") return;
  const base = new URL(meta.content, document.baseURI);
  const files = (meta.dataset.files || "").split(" ").filter(Boolean).map((name) => new URL(name, base).href);
  if (!files.length) return;
  const report = (what) => { document.documentElement.dataset.checkerPrefetch = what; };

  // Only when the browser says the connection allows it: not with data saving on, not on 2G.
  // A browser that does not say (no Network Information API) is not asked to download 17 MB.
  function connectionAllows() {
    const connection = navigator.connection;
    return Boolean(connection) && !connection.saveData && !/(^|-)2g$/.test(connection.effectiveType || "");
  }

  // Never twice. The checker's worker notes in Cache Storage, under the folder's URL, that the
  // snapshot is in the HTTP cache (assets/checker/worker.js, KNOWN), and so does this script once
  // it has fetched the folder; either way the folder is there. (Asking the HTTP cache itself,
  // with fetch's only-if-cached, leaves a net::ERR_CACHE_MISS error in the console when it is not.)
  const KNOWN = "checker-snapshot";

  async function prefetch() {
    if (!connectionAllows() || typeof caches !== "object") return report("declined");
    const known = await caches.open(KNOWN);
    if (await known.match(base.href)) return report("cached");
    // One file at a time, at low priority: the reader's own requests go first.
    for (const url of files) {
      const response = await fetch(url, { priority: "low" });
      await response.body.pipeTo(new WritableStream()); // read to the end, or the cache keeps nothing
    }
    if (!(await known.match(base.href))) await known.put(base.href, new Response("fetched"));
    report("fetched");
  }

  const idle = (run) => (typeof requestIdleCallback === "function"
    ? requestIdleCallback(run, { timeout: 10_000 }) : setTimeout(run, 2_000));
  const start = () => idle(() => prefetch().catch(() => {})); // a failed prefetch costs nothing
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
})();
