// Module worker: starts the self-hosted Pyodide and runs the checker off the page's main thread.
//
// Messages in:  {type: "init", base}            absolute URL of the versioned Pyodide folder
//               {type: "evaluate", id, application}   application as a JSON string
//               {type: "rounds", files}         {round id: file text}: draft rounds a site was
//                                                built with, read before any later evaluation
// Messages out: {type: "progress", step, index, total}
//               {type: "ready", rules, load_ms, steps}  rules: the rule catalogue [{id, title, source}];
//                                                steps: ms since the worker started at each step of
//                                                the start-up, and snapshot: true|false
//               {type: "failed", message}        Pyodide or the checker could not be started
//               {type: "result", id, report | errors | fatal, elapsed_ms}
// Build time only (scripts/pyodide_snapshot.py): {type: "make-snapshot", base, applications} in,
// {type: "snapshot", bytes, meta} or {type: "failed", message} out.
//
// Two ways to start, with the same Python and the same checker:
// - from the memory snapshot the build took after `import checker` (META): Pyodide copies the
//   heap back instead of starting Python, installing the wheels and importing pydantic. Only when
//   this browser has fetched the snapshot (a visit to the checker or another page's prefetch did)
//   and it has not failed here before; it is checked with a smoke case before `ready`, and any
//   error or mismatch falls back to the normal way, in this same worker;
// - the normal way: loadPyodide with the wheels of the folder's pyodide-lock.json. A first visit
//   starts so, and fetches the snapshot after `ready`, for the next visit.
// importRuntime, fetchSnapshot and startFromSnapshot are exported for the parity test in
// Chromium (tests/browser/snapshot_parity.mjs); the page only sends messages.

const STEPS = ["Laster Python og pakkene", "Starter sjekkeren"];
const LANGS = ["nb", "en"];
// Made by the build (scripts/build_pyodide.py) into the Pyodide folder.
const ARCHIVE = "site-packages.tar"; // every file of the wheels, as loadPackage installs them
// Where the extension must land, a smoke case, and the parts of the snapshot: its pages that are
// not all zeros (packPages), cut in parts small enough for every browser's HTTP cache to keep.
const META = "checker-snapshot.json";
// The archive's folder, on sys.path through PYTHONPATH. Not site-packages: Pyodide counts what it
// finds there as loaded packages, and a snapshot must be taken with none (Pyodide issue 5195).
const PACKAGES = "/lib/checker-packages";
// The snapshot's evaluations use a fixed date, so that the smoke case's report is reproducible.
const SMOKE_DAY = "2023-09-01";
// What this browser knows of a Pyodide folder's snapshot: Cache Storage, keyed by the folder's
// URL, holds "fetched" (the snapshot's files are in the HTTP cache; assets/prefetch-checker.js
// writes it too), "restoring" (a start from it began and has not ended: if a later visit finds
// that, the start hung, or the tab was closed during it) or "failed: <why>" (it would not
// restore here). With either of the last two this build starts the normal way.
const KNOWN = "checker-snapshot";
const AFTER_READY_MS = 2000;

let run = null;
let waiting = null; // the latest request that arrived before Python was ready
let addRounds = null;
let draftRounds = null; // rounds that arrived before Python was ready
// Where the draft rounds are written in Pyodide's file system for the checker to read.
const DRAFT_ROUNDS = "/tmp/checker-rounds";

function progress(index) {
  postMessage({ type: "progress", step: STEPS[index], index: index + 1, total: STEPS.length });
}

const describe = (error) => String(error && error.message ? error.message : error);

// Pyodide 314 only logs a refused WebAssembly compile and then waits for ever, so ask first:
// some browsers refuse WebAssembly (Safari's Lockdown Mode, a strict company policy).
function assertWebAssembly() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); // the empty module
  } catch (error) {
    throw new Error(`Nettleseren tillater ikke WebAssembly, som sjekkeren trenger (${describe(error)}).`);
  }
}

// Performance marks, ms since the worker started; `ready` carries them (scripts/bench_browser.py).
const mark = (step) => performance.mark(step);

export async function importRuntime(base) {
  const [{ loadPyodide }, { default: createPyodideModule }] = await Promise.all([
    import(new URL("pyodide.mjs", base).href).then((module) => (mark("module_ms"), module)),
    import(new URL("pyodide.asm.mjs", base).href).then((module) => (mark("asm_ms"), module)),
  ]);
  return { loadPyodide, createPyodideModule };
}

// loadPyodide with the options every way of starting shares, and `extra`. `beforePython(Module)`
// runs in a preRun hook, after Pyodide's own and before Python starts: loadPyodide takes the
// module factory of pyodide.asm.mjs (`createPyodideModule`, documented in pyodide.d.ts), so ours
// goes first. If it returns a promise, Python waits for it (a run dependency, as Pyodide's own
// hook that installs the standard library does); if that fails, so does the start (Emscripten
// would wait for ever).
function startPyodide(base, runtime, extra, beforePython = () => {}) {
  return new Promise((resolve, reject) => {
    runtime.loadPyodide({
      indexURL: base,
      lockFileURL: new URL("pyodide-lock.json", base).href,
      stdLibURL: new URL("python_stdlib.zip", base).href,
      ...extra,
      createPyodideModule(settings) {
        const instantiate = settings.instantiateWasm;
        settings.instantiateWasm = (imports, done) =>
          instantiate(imports, (instance, module) => {
            mark("instantiated_ms");
            done(instance, module);
          });
        settings.preRun.push((Module) => {
          mark("prerun_ms");
          const pending = beforePython(Module);
          if (!pending) return;
          Module.addRunDependency("checker");
          pending.then(() => Module.removeRunDependency("checker"), reject);
        });
        return runtime.createPyodideModule(settings);
      },
    }).then(resolve, reject);
  });
}

async function startNormally(base, runtime) {
  // The wheels download while Python boots. Pyodide only logs a wheel it could not load
  // (missing, wrong hash) and goes on, so check that every package of the lock arrived.
  const pyodide = await startPyodide(base, runtime, { packages: ["checker"] });
  const missing = Object.values(pyodide.lockfile.packages)
    .map((entry) => entry.name).filter((name) => !(name in pyodide.loadedPackages));
  if (missing.length) throw new Error(`Could not load ${missing.join(", ")} from ${base}`);
  return pyodide;
}

// [name, bytes] for each file of an uncompressed ustar archive (Python's tarfile writes it).
function* tarFiles(archive) {
  const decoder = new TextDecoder();
  const field = (at, length) => decoder.decode(archive.subarray(at, at + length)).replace(/\0.*$/s, "");
  for (let at = 0; archive[at]; ) { // the archive ends with zero blocks
    if (!field(at + 257, 6).startsWith("ustar")) throw new Error(`${ARCHIVE}: not a ustar archive`);
    const name = [field(at + 345, 155), field(at, 100)].filter(Boolean).join("/");
    const size = parseInt(field(at + 124, 12), 8);
    if (["0", ""].includes(field(at + 156, 1))) yield [name, archive.subarray(at + 512, at + 512 + size)];
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

// The archive's files, and pydantic-core's extension among them compiled (off the worker's thread,
// while the rest arrives). One library that needs no other: a second would need its order and its
// dependencies kept as well (Cloudflare's workerd does that, with a patched Pyodide).
async function readPackages(archive) {
  const files = [...tarFiles(archive)];
  const extensions = files.filter(([name]) => name.endsWith(".so"));
  if (extensions.length !== 1) throw new Error(`${ARCHIVE}: ${extensions.length} extension modules, not one`);
  const [[name, data]] = extensions;
  return { files, extension: { path: `${PACKAGES}/${name}`, module: await WebAssembly.compile(data) } };
}

const places = (Module) => ({
  heap_end: Module.HEAPU32[Module._emscripten_get_sbrk_ptr() >>> 2],
  table: Module.wasmTable.length,
});

// Before Python starts: the packages' files into PACKAGES (no loadPackage, so there is no
// package-loading state to restore), and pydantic-core's extension loaded by the runtime's own
// loader. Until the runtime is initialised the loader takes memory from the end of the heap and
// table slots from the end of the table, so the extension lands at places that are constants of
// the build, the same when the snapshot is made and when it is restored. (The first attempt
// loaded it after start-up, where the places differ: Pyodide issues 5195, 6254, 6418.) CPython's
// dlopen of the path later takes these exports, as Emscripten's own preload plugin arranges.
// Returns what must match between making and restoring.
function installPackages(Module, { files, extension }) {
  for (const [name, data] of files) {
    const path = `${PACKAGES}/${name}`;
    Module.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    Module.FS.writeFile(path, data);
  }
  const before = places(Module);
  Module.preloadedWasm[extension.path] = Module.loadWebAssemblyModule(
    extension.module, { loadAsync: false, nodelete: true }, extension.path, {});
  // Chromium-based browsers and others differ in what they support (JSPI, the wasm trampoline
  // that takes a table slot), so the places are checked, and JSPI too.
  return { extension: extension.path, before, after: places(Module), jspi: Boolean(Module.jspiSupported) };
}

// A file the network or the cache could not give: no failure of the snapshot itself.
class FetchError extends Error {}

async function fetchResponse(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new FetchError(`${url}: ${describe(error)}`);
  }
  if (!response.ok) throw new FetchError(`${url}: HTTP ${response.status}`);
  return response;
}

const fetchBytes = async (url) => new Uint8Array(await (await fetchResponse(url)).arrayBuffer());

// The snapshot's files from the service worker's offline copy when there is one: Cache Storage
// keeps them decoded, and reading them there took a fifth of the time the HTTP cache takes to
// decode them (23 MB: 55 against 273 ms here). Not so the runtime's WebAssembly: only the HTTP
// cache's entry keeps its compiled code (docs/sw.js).
async function readStored(url) {
  const stored = await caches.match(url.href).catch(() => undefined);
  return stored ? new Uint8Array(await stored.arrayBuffer()) : fetchBytes(url);
}

// The snapshot's parts, put together, hold only the 64 KiB pages of Pyodide's snapshot that are
// not all zeros, after a bitmap of which they are: 15 of its 38 MB are zeros, and fewer bytes come
// out of the HTTP cache sooner. Before them, the SHA-256 of the rest: a damaged snapshot can leave Python looping for
// ever instead of failing (seen with pages zeroed), so it is checked before it is restored.
// packPages writes it at build time; unpackPages fills `target`, zeroed memory of the snapshot's
// full size (META), from it.
const PAGE = 65536;
const DIGEST = 32;

function joined(parts) {
  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  parts.reduce((at, part) => (whole.set(part, at), at + part.length), 0);
  return whole;
}

const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

async function packPages(bytes) {
  const count = Math.ceil(bytes.length / PAGE);
  const bitmap = new Uint8Array(Math.ceil(count / 8));
  const pages = [];
  for (let page = 0; page < count; page++) {
    const data = bytes.subarray(page * PAGE, (page + 1) * PAGE);
    if (!data.some((byte) => byte !== 0)) continue;
    bitmap[page >> 3] |= 1 << (page & 7);
    pages.push(data);
  }
  const packed = new Uint8Array(DIGEST + bitmap.length + pages.reduce((sum, data) => sum + data.length, 0));
  packed.set(bitmap, DIGEST);
  pages.reduce((at, data) => (packed.set(data, at), at + data.length), DIGEST + bitmap.length);
  packed.set(await sha256(packed.subarray(DIGEST)));
  return packed;
}

async function unpackPages(file, target) {
  const digest = sha256(file.subarray(DIGEST)); // off the thread, while the pages are copied
  const packed = file.subarray(DIGEST);
  const count = Math.ceil(target.length / PAGE);
  let at = Math.ceil(count / 8);
  for (let page = 0; page < count; page++) {
    if (!(packed[page >> 3] & (1 << (page & 7)))) continue;
    const size = Math.min(PAGE, target.length - page * PAGE);
    if (at + size > packed.length) throw new Error(`snapshot: ends within page ${page}`);
    target.set(packed.subarray(at, at + size), page * PAGE);
    at += size;
  }
  if (at !== packed.length) throw new Error(`snapshot: ${packed.length - at} bytes after the last page`);
  if ((await digest).some((byte, index) => byte !== file[index])) throw new Error("snapshot: damaged (SHA-256)");
}

// The snapshot's companion first (small); the packages and the snapshot itself then go on
// arriving while WebAssembly is instantiated: startFromSnapshot's hook waits for them.
export async function fetchSnapshot(base) {
  const url = (name) => new URL(name, base);
  const meta = JSON.parse(new TextDecoder().decode(await readStored(url(META))));
  const snapshot = new Uint8Array(meta.size);
  const unpacked = Promise.all(meta.parts.map((name) => readStored(url(name)))).then((parts) => {
    mark("snapshot_fetched_ms");
    return unpackPages(joined(parts), snapshot);
  });
  const arrived = Promise.all([readStored(url(ARCHIVE)).then(readPackages), unpacked])
    .then(([packages]) => packages);
  arrived.catch(() => {}); // reported where it is awaited; a start that failed before never asks
  return { meta, snapshot, arrived };
}

// Restores the snapshot and proves it with the smoke case; throws on any error or mismatch (the
// caller then starts the normal way, and this instance is dropped unused).
export async function startFromSnapshot(base, runtime, { meta, snapshot, arrived }) {
  let Module = null;
  let layout = null;
  const pyodide = await startPyodide(base, runtime, {
    env: { PYTHONPATH: PACKAGES },
    _loadSnapshot: snapshot, // read by Pyodide only after the hook, once it has arrived
  }, (module) => {
    Module = module;
    return arrived.then((packages) => {
      // Pyodide copies the snapshot into memory that it has not grown to fit (issue 6254).
      if (Module.HEAP8.length < snapshot.length && Module.growMemory(snapshot.length) !== 1) {
        throw new Error(`could not grow the memory to ${snapshot.length} bytes`);
      }
      layout = installPackages(Module, packages);
      mark("packages_ms");
      const [here, there] = [JSON.stringify(layout), JSON.stringify(meta.layout)];
      if (here !== there) throw new Error(`the snapshot does not fit this browser: ${here}, snapshot ${there}`);
    });
  });
  // dlopen's handles are in the restored heap, their libraries in JavaScript: replay them.
  for (const handle of meta.handles) {
    const dso = Module.newDSO(layout.extension, handle, Module.preloadedWasm[layout.extension]);
    dso.global = false; // CPython opens extensions RTLD_LOCAL
  }
  if (Module.wasmTable.length !== meta.table) {
    throw new Error(`function table of ${Module.wasmTable.length} entries, snapshot ${meta.table}`);
  }
  const { application, lang, today, reply } = meta.smoke;
  if (pyodide.pyimport("checker.adapter").evaluate_json(application, lang, today) !== reply) {
    throw new Error("the smoke case's report differs from the one the snapshot gave when made");
  }
  return pyodide;
}

async function known(base) {
  try {
    const hit = await caches.match(base, { cacheName: KNOWN });
    return hit ? await hit.text() : null;
  } catch {
    return null; // no Cache Storage (an insecure context): always the normal way
  }
}

async function remember(base, what) {
  try {
    const cache = await caches.open(KNOWN);
    for (const request of await cache.keys()) if (request.url !== base) await cache.delete(request);
    await cache.put(base, new Response(what));
  } catch {
    // Without Cache Storage there is nothing to remember, and no snapshot is tried either.
  }
}

// After a normal start: the snapshot's files into the HTTP cache, at low priority, for next time.
async function fetchForNextVisit(base) {
  const read = async (name) => {
    const response = await fetch(new URL(name, base), { priority: "low" });
    if (!response.ok) throw new FetchError(`${name}: HTTP ${response.status}`); // a build without a snapshot
    return response;
  };
  const { parts } = await (await read(META)).json();
  for (const name of [ARCHIVE, ...parts]) {
    await (await read(name)).body.pipeTo(new WritableStream()); // read to the end, or the cache keeps nothing
  }
  await remember(base, "fetched");
}

async function start(base) {
  assertWebAssembly();
  progress(0);
  // The snapshot's files come from the HTTP cache while the runtime's modules load. A file that
  // could not be fetched (evicted from the cache, and offline) is no failure of the snapshot:
  // that is not remembered, and the next visit tries again.
  const knowing = known(base);
  const files = knowing.then((what) => (what === "fetched" ? fetchSnapshot(base) : null)).catch(() => null);
  const [runtime, before] = await Promise.all([importRuntime(base), knowing]);
  if (before === "restoring") {
    console.warn("Sjekkeren starter på vanlig måte: forrige start fra minnebildet ble aldri ferdig.");
    await remember(base, "failed: the last start from the snapshot did not end");
  }
  const stored = await files;
  let pyodide = null;
  if (stored) {
    try {
      await remember(base, "restoring");
      pyodide = await startFromSnapshot(base, runtime, stored);
      await remember(base, "fetched");
    } catch (error) {
      console.warn("Sjekkeren starter på vanlig måte: minnebildet kunne ikke brukes.", error);
      await remember(base, error instanceof FetchError ? "fetched" : `failed: ${describe(error)}`);
    }
  }
  const snapshot = pyodide !== null;
  if (!snapshot) pyodide = await startNormally(base, runtime);
  mark("python_ms");
  progress(1);
  // checker.adapter: JSON text both ways, so no Python lives in this file.
  const adapter = pyodide.pyimport("checker.adapter");
  run = (text) => adapter.evaluate_json(text, "nb");
  addRounds = (files) => {
    pyodide.FS.mkdirTree(DRAFT_ROUNDS);
    for (const [id, text] of Object.entries(files)) pyodide.FS.writeFile(`${DRAFT_ROUNDS}/${id}.json`, text);
    adapter.add_rounds(DRAFT_ROUNDS);
  };
  if (draftRounds) addRounds(draftRounds);
  const rules = JSON.parse(adapter.rules_json("nb"));
  mark("import_ms");
  // Timings since the worker started and bytes fetched, for scripts/bench_browser.py.
  const steps = { snapshot };
  for (const entry of performance.getEntriesByType("mark")) steps[entry.name] = Math.round(entry.startTime);
  const fetched = performance.getEntriesByType("resource");
  steps.transfer_bytes = fetched.reduce((sum, entry) => sum + entry.transferSize, 0);
  steps.files = fetched.length;
  steps.time_origin = performance.timeOrigin; // when the worker started, against the page's
  postMessage({ type: "ready", rules, load_ms: steps.import_ms, steps });
  if (waiting) evaluate(waiting);
  // A little after ready, so as not to compete with what the page itself fetches once the
  // checker is ready (the search index, the offline copy). If it fails, the next visit starts
  // normally and tries again.
  if (before === null) setTimeout(() => fetchForNextVisit(base).catch(() => {}), AFTER_READY_MS);
}

// Build time: start as the snapshot path will (packages from the archive, the extension loaded
// before Python), import the checker and evaluate every application in both languages so that
// what a first evaluation needs is in memory, and take the snapshot with what a restore checks.
async function makeSnapshot(base, applications) {
  const runtime = await importRuntime(base);
  const packages = await readPackages(await fetchBytes(new URL(ARCHIVE, base)));
  let Module = null;
  let layout = null;
  const pyodide = await startPyodide(base, runtime, {
    env: { PYTHONPATH: PACKAGES },
    _makeSnapshot: true, // with no package loaded (Pyodide issue 5195)
  }, (module) => {
    Module = module;
    layout = installPackages(Module, packages);
  });
  const adapter = pyodide.pyimport("checker.adapter");
  for (const lang of LANGS) {
    adapter.rules_json(lang);
    for (const text of applications) adapter.evaluate_json(text, lang, SMOKE_DAY);
  }
  const handles = Object.entries(Module.LDSO.loadedLibsByHandle)
    .filter(([, dso]) => dso.name === layout.extension).map(([handle]) => Number(handle));
  if (handles.length !== 1) throw new Error(`${layout.extension} was opened ${handles.length} times, not once`);
  adapter.destroy(); // a proxy held from JavaScript is not part of the snapshot
  const gc = pyodide.pyimport("gc");
  gc.collect();
  gc.destroy();
  const bytes = pyodide.makeMemorySnapshot();
  const table = Module.wasmTable.length;
  const smoke = { application: applications[0], lang: "nb", today: SMOKE_DAY };
  smoke.reply = pyodide.pyimport("checker.adapter").evaluate_json(smoke.application, smoke.lang, smoke.today);
  return { bytes: await packPages(bytes), meta: { size: bytes.length, layout, table, handles, smoke } };
}

function evaluate({ id, application }) {
  const started = performance.now();
  try {
    const reply = JSON.parse(run(application));
    postMessage({ type: "result", id, ...reply, elapsed_ms: performance.now() - started });
  } catch (error) {
    postMessage({ type: "result", id, fatal: describe(error) });
  }
}

const failed = (error) => postMessage({ type: "failed", message: describe(error) });

onmessage = ({ data }) => {
  if (data.type === "init") {
    start(data.base).catch(failed);
  } else if (data.type === "rounds") {
    if (addRounds) addRounds(data.files);
    else draftRounds = { ...draftRounds, ...data.files };
  } else if (data.type === "evaluate") {
    if (run) evaluate(data);
    else waiting = data;
  } else if (data.type === "make-snapshot") {
    makeSnapshot(data.base, data.applications).then(
      ({ bytes, meta }) => postMessage({ type: "snapshot", bytes, meta }, [bytes.buffer]),
      failed,
    );
  }
};
