// Evaluate many applications with the checker inside Pyodide under Node, loaded exactly as the
// checker page loads it: the runtime, compiled standard library, lock and wheels from the served
// folder site/pyodide/<hash>/. One process for every case, since start-up is the expensive part.
//
//   node tests/node/parity.mjs SERVED_DIR INPUT.json OUTPUT.json [MODULE,...]
//
// With CHECKER_ROUNDS set (a folder of extra round files, as checker.rounds reads it), the folder
// is mounted at the same path inside Pyodide and the variable is passed on, so a round that lives
// only in the tests is evaluated there too.
// INPUT:  [{"id", "data", "lang", "today"}, ...]
// OUTPUT: {"results": [{"id", "outcome": {"report": ...} | {"errors": [...]}}, ...],
//          "python", "loaded", "checker_file", "timings_ms": {"ready", "import", "evaluations"},
//          "imports": {MODULE: null | "the error importing it raised"}}
import fs from "node:fs";
import path from "node:path";

const [servedDir, inputPath, outputPath, modules = ""] = process.argv.slice(2);
const base = path.resolve(servedDir) + "/";

try {
  const started = performance.now();
  const { loadPyodide } = await import(base + "pyodide.mjs");
  // The same options the page's worker passes, with the folder as a path instead of a URL.
  // packageBaseUrl is spelled out because in Node a wheel missing from it would otherwise be
  // fetched from Pyodide's CDN; here it must fail instead.
  const pyodide = await loadPyodide({
    indexURL: base,
    lockFileURL: base + "pyodide-lock.json",
    stdLibURL: base + "python_stdlib.zip",
    packageBaseUrl: base,
    packages: ["checker"],
    env: process.env.CHECKER_ROUNDS ? { CHECKER_ROUNDS: process.env.CHECKER_ROUNDS } : {},
    stdout: (line) => console.error(line),
    stderr: (line) => console.error(line),
  });
  if (process.env.CHECKER_ROUNDS) {
    const rounds = path.resolve(process.env.CHECKER_ROUNDS);
    pyodide.FS.mkdirTree(rounds);
    pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: rounds }, rounds);
  }
  const ready = performance.now() - started;
  const importStarted = performance.now();
  // checker.adapter: JSON text both ways, exactly what the page's worker calls.
  const adapter = pyodide.pyimport("checker.adapter");
  const imported = performance.now() - importStarted;
  const results = [];
  const evaluations = [];
  for (const item of JSON.parse(fs.readFileSync(inputPath, "utf8"))) {
    const evalStarted = performance.now();
    const outcome = JSON.parse(adapter.evaluate_json(JSON.stringify(item.data), item.lang, item.today));
    evaluations.push(performance.now() - evalStarted);
    results.push({ id: item.id, outcome });
  }
  const imports = {};
  for (const name of modules.split(",").filter(Boolean)) {
    try {
      pyodide.pyimport(name);
      imports[name] = null;
    } catch (error) {
      // The exception line of the traceback ("ModuleNotFoundError: No module named 'x'"), not
      // the hint Pyodide adds under it.
      imports[name] = String(error.message).split("\n").filter((line) => /^\w+(Error|Exception)\b/.test(line)).pop();
    }
  }
  fs.writeFileSync(
    outputPath,
    JSON.stringify({
      results,
      python: pyodide.pyimport("sys").version.split(" ")[0],
      checker_file: pyodide.pyimport("checker").__file__,
      loaded: Object.keys(pyodide.loadedPackages).sort(),
      timings_ms: { ready, import: imported, evaluations },
      imports,
    }),
  );
} catch (error) {
  // The message only: Node's default report prints a line of the minified runtime instead.
  console.error(error.message ?? String(error));
  process.exit(1);
}
