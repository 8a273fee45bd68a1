// Module worker: starts the self-hosted Pyodide and runs the checker off the page's main thread.
//
// Messages in:  {type: "init", base}            absolute URL of the versioned Pyodide folder
//               {type: "evaluate", id, application}   application as a JSON string
// Messages out: {type: "progress", step, index, total}
//               {type: "ready", rules, load_ms, steps}  rules: the rule catalogue [{id, title, source}]
//               {type: "failed", message}        Pyodide or the checker could not be started
//               {type: "result", id, report | errors | fatal, elapsed_ms}

const STEPS = ["Laster Python og pakkene", "Starter sjekkeren"];

let run = null;
let waiting = null; // the latest request that arrived before Python was ready

function progress(index) {
  postMessage({ type: "progress", step: STEPS[index], index: index + 1, total: STEPS.length });
}

// Pyodide 314 only logs a refused WebAssembly compile and then waits for ever, so ask first:
// some browsers refuse WebAssembly (Safari's Lockdown Mode, a strict company policy).
function assertWebAssembly() {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); // the empty module
  } catch (error) {
    throw new Error(`Nettleseren tillater ikke WebAssembly, som sjekkeren trenger (${error.message || error}).`);
  }
}

async function start(base) {
  assertWebAssembly();
  const started = performance.now();
  const steps = {};
  const lap = (name) => { steps[name] = Math.round(performance.now() - started); };
  progress(0);
  const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
  lap("module_ms");
  // The wheels download while Python boots. Pyodide only logs a wheel it could not load
  // (missing, wrong hash) and goes on, so check that every package of the lock arrived.
  const pyodide = await loadPyodide({
    indexURL: base,
    lockFileURL: new URL("pyodide-lock.json", base).href,
    stdLibURL: new URL("python_stdlib.zip", base).href,
    packages: ["checker"],
  });
  const missing = Object.values(pyodide.lockfile.packages)
    .map((entry) => entry.name).filter((name) => !(name in pyodide.loadedPackages));
  if (missing.length) throw new Error(`Could not load ${missing.join(", ")} from ${base}`);
  lap("python_ms");
  progress(1);
  // checker.adapter: JSON text both ways, so no Python lives in this file.
  const adapter = pyodide.pyimport("checker.adapter");
  run = (text) => adapter.evaluate_json(text, "nb");
  const rules = JSON.parse(adapter.rules_json("nb"));
  lap("import_ms");
  // Timings since the worker started and bytes fetched, for scripts/bench_browser.py.
  const fetched = performance.getEntriesByType("resource");
  steps.transfer_bytes = fetched.reduce((sum, entry) => sum + entry.transferSize, 0);
  steps.files = fetched.length;
  steps.time_origin = performance.timeOrigin; // when the worker started, against the page's
  postMessage({ type: "ready", rules, load_ms: steps.import_ms, steps });
}

function evaluate({ id, application }) {
  const started = performance.now();
  try {
    const reply = JSON.parse(run(application));
    postMessage({ type: "result", id, ...reply, elapsed_ms: performance.now() - started });
  } catch (error) {
    postMessage({ type: "result", id, fatal: String(error && error.message ? error.message : error) });
  }
}

onmessage = ({ data }) => {
  if (data.type === "init") {
    start(data.base).then(
      () => waiting && evaluate(waiting),
      (error) => postMessage({ type: "failed", message: String(error && error.message ? error.message : error) }),
    );
  } else if (data.type === "evaluate") {
    if (run) evaluate(data);
    else waiting = data;
  }
};
