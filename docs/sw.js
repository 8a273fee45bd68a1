// Service worker: the site and the checker keep working offline after the first visit.
//
// Registered by assets/sw-register.js, only in a `mkdocs build` (never under `mkdocs serve`).
// hooks/service_worker.py replaces the BUILD line below with this build's id and file lists.
// One cache per build, named by the build id: a release installs a fresh cache and deletes the
// old ones, so old and new wheels never mix (the wheels' URLs carry the Pyodide folder's hash).
//
// Strategies:
// - the Pyodide folder (/pyodide/<hash>/): network first, with no copy kept on the way. Its files
//   are immutable, so "the network" is the browser's HTTP cache, which answers at once; and
//   Chromium keeps compiled WebAssembly and JavaScript per cache entry, so only an answer from
//   that same HTTP-cache entry reuses the runtime compiled on the last visit (a copy from Cache
//   Storage is another entry, compiled again). Cache Storage answers only when the network
//   fails; the checker page fills it once the checker is ready (cacheRuntime below).
// - Material's versioned files (*.<hash>.min.css|js): cache first; their content never changes
//   under the same URL.
// - everything else (pages, search index, our own scripts): network first, so an update shows
//   up at once; the cache answers when the network does not.
"use strict";

const BUILD = null; // replaced at build time by hooks/service_worker.py

const PREFIX = "sirkulaer-";
const CACHE = PREFIX + BUILD.id;
const PYODIDE = /\/pyodide\/[0-9a-f]{8,64}\//;
const VERSIONED = /\/assets\/.+\.[0-9a-f]{8}\.min\.(css|js)$/;

const scoped = (path) => new URL(path, self.registration.scope).href;

async function deleteOtherBuilds() {
  const names = await caches.keys();
  await Promise.all(
    names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)),
  );
}

// Another build's Pyodide folder (a page still open from before a release) is never kept.
const ours = (url) => !/\/pyodide\/[0-9a-f]+\//.test(url) || url.startsWith(scoped(BUILD.pyodide));

// Keep a copy, unless a newer build already deleted this build's cache (do not recreate it).
async function keep(request, response) {
  if (response.ok && response.type === "basic" && ours(request.url) && (await caches.has(CACHE))) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response);
  }
}

async function cacheFirst(event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(event.request);
  if (hit) return hit;
  const response = await fetch(event.request);
  event.waitUntil(keep(event.request, response.clone()));
  return response;
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit || request.mode !== "navigate") return hit;
  return cache.match(scoped("404.html"));
}

// `copy`: keep what the network sent in Cache Storage (not for the Pyodide folder, see above).
async function networkFirst(event, copy = true) {
  let response;
  try {
    // Navigation preload starts the page's request while this worker boots.
    response = (await event.preloadResponse) || (await fetch(event.request));
  } catch (error) {
    const hit = await fromCache(event.request);
    if (hit) return hit;
    throw error;
  }
  // A failing server (a proxy's 502, say) is no better than no network.
  if (response.status >= 500) return (await fromCache(event.request)) || response;
  if (copy) event.waitUntil(keep(event.request, response.clone()));
  return response;
}

// The Pyodide runtime and wheels (about 15 MB) are cached only for readers of the checker page:
// it asks once the checker is ready, so the files come from the HTTP cache, not the network.
async function cacheRuntime(pyodideBase) {
  if (new URL(pyodideBase).href !== scoped(BUILD.pyodide)) return { ok: false, reason: "other-build" };
  const cache = await caches.open(CACHE);
  for (const path of BUILD.runtime) {
    const url = scoped(path);
    if (!(await cache.match(url))) await cache.add(url);
  }
  await deleteOtherBuilds();
  return { ok: true, build: BUILD.id };
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(BUILD.shell.map(scoped)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const preload = self.registration.navigationPreload;
  event.waitUntil(
    Promise.all([deleteOtherBuilds(), preload && preload.enable()]).then(() => self.clients.claim()),
  );
});

// The FAQ editor at admin/ is left to the network, uncached (it edits the live files).
const ADMIN = scoped("admin/");

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.url.startsWith(ADMIN)) return;
  const path = new URL(request.url).pathname;
  if (PYODIDE.test(path)) event.respondWith(networkFirst(event, false));
  else event.respondWith(VERSIONED.test(path) ? cacheFirst(event) : networkFirst(event));
});

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  if (!port || !event.data) return;
  // A page asks which build is in control, to tell whether it is out of date (sw-register.js).
  if (event.data.type === "build") port.postMessage({ build: BUILD.id });
  if (event.data.type !== "cache-runtime") return;
  event.waitUntil(
    cacheRuntime(event.data.pyodideBase).then(
      (result) => port.postMessage(result),
      (error) => port.postMessage({ ok: false, reason: String(error) }),
    ),
  );
});
