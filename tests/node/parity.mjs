// Evaluate many applications with the checker inside Pyodide under Node, loaded exactly as the
// checker page loads it: the runtime, compiled standard library, lock and wheels from the served
// folder site/pyodide/<hash>/. One process for every case, since start-up is the expensive part.
//
//   node tests/node/parity.mjs SERVED_DIR INPUT.json OUTPUT.json [MODULE,...]
//
// INPUT:  [{"id", "data", "lang", "today"}, ...]
// OUTPUT: {"results": [{"id", "outcome": {"report": ...} | {"errors": [...]}}, ...],
//          "python", "loaded", "checker_file", "timings_ms": {"ready", "import", "evaluations"},
//          "imports": {MODULE: null | "the error importing it raised"}}
import fs from "node:fs";
import path from "node:path";

const [servedDir, inputPath, outputPath, modules = ""] = process.argv.slice(2);
const base = path.resolve(servedDir) + "/";

const EVALUATE = `
import json, time
from datetime import date

import checker


def evaluate_all(cases_json):
    results, timings = [], []
    for case in json.loads(cases_json):
        started = time.perf_counter()
        try:
            outcome = {"report": checker.evaluate(
                case["data"], today=date.fromisoformat(case["today"]), lang=case["lang"])}
        except checker.InputError as error:
            outcome = {"errors": error.errors}
        timings.append((time.perf_counter() - started) * 1000)
        results.append({"id": case["id"], "outcome": outcome})
    return json.dumps({"results": results, "evaluations": timings})


def try_imports(names):
    errors = {}
    for name in filter(None, names.split(",")):
        try:
            __import__(name)
            errors[name] = None
        except Exception as error:
            errors[name] = f"{type(error).__name__}: {error}"
    return json.dumps(errors)
`;

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
    stdout: (line) => console.error(line),
    stderr: (line) => console.error(line),
  });
  const ready = performance.now() - started;
  const importStarted = performance.now();
  pyodide.runPython(EVALUATE);
  const imported = performance.now() - importStarted;
  const out = JSON.parse(
    pyodide.globals.get("evaluate_all")(fs.readFileSync(inputPath, "utf8")),
  );
  const facts = JSON.parse(
    pyodide.runPython(
      "import json, sys; json.dumps([sys.version.split()[0], checker.__spec__.origin])",
    ),
  );
  fs.writeFileSync(
    outputPath,
    JSON.stringify({
      results: out.results,
      python: facts[0],
      checker_file: facts[1],
      loaded: Object.keys(pyodide.loadedPackages).sort(),
      timings_ms: { ready, import: imported, evaluations: out.evaluations },
      imports: JSON.parse(pyodide.globals.get("try_imports")(modules)),
    }),
  );
} catch (error) {
  // The message only: Node's default report prints a line of the minified runtime instead.
  console.error(error.message ?? String(error));
  process.exit(1);
}
