// Experiment, not part of the build: can a Pyodide memory snapshot taken after `import checker`
// start the checker? (issue 11; README «Ytelse» has the outcome.) Under Node, from a served folder:
//
//   node scripts/pyodide_snapshot_experiment.mjs site/pyodide/<hash> [STAGE ...]
//
// STAGE is where the snapshot is taken: bare (before any package), packages (wheels installed),
// core (after `import pydantic_core`), checker (after `import checker`). Each stage is made in
// one Node process and restored in a fresh one, which then evaluates a case from tests/cases/.
// A snapshot holds the WebAssembly memory only: the wheels' files (in Emscripten's in-memory file
// system, kept in JavaScript) are not in it, so a module not yet imported is gone after restore.
// Pyodide 314.0.7 needs three workarounds to get that far, all on its internals:
// - loadedPackages must be empty when the snapshot is taken ("Unexpected hiwire entry");
// - the heap must be grown to the snapshot's size before it is copied in ("offset is out of
//   bounds"): a createPyodideModule wrapper calls the module's growMemory;
// - pydantic-core's shared library is not in the snapshot's function table: the first call into
//   it fails ("table index is out of bounds"). Cloudflare's workerd reloads each library at the
//   address and table slot it had, before copying the memory in; Pyodide has no API for that.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CASE = path.join(ROOT, "tests", "cases", "eligible-de-minimis.json");
const STAGES = ["bare", "packages", "core", "checker"];

async function start(base, extra) {
  const { loadPyodide } = await import(base + "pyodide.mjs");
  return loadPyodide({
    indexURL: base,
    lockFileURL: base + "pyodide-lock.json",
    stdLibURL: base + "python_stdlib.zip",
    packageBaseUrl: base,
    ...extra,
  });
}

async function make(base, stage, file) {
  const started = performance.now();
  const pyodide = await start(base, { _makeSnapshot: true, packages: stage === "bare" ? [] : ["checker"] });
  if (stage === "core") pyodide.runPython("import pydantic_core");
  if (stage === "checker") pyodide.runPython("import checker");
  for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
  const snapshot = pyodide.makeMemorySnapshot();
  fs.writeFileSync(file, snapshot);
  return `made ${(snapshot.length / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - started)} ms`;
}

async function restore(base, stage, file) {
  const snapshot = fs.readFileSync(file);
  const factory = (await import(base + "pyodide.asm.mjs")).default;
  const createPyodideModule = async (options) => {
    const module = await factory(options);
    module.growMemory(snapshot.length);
    return module;
  };
  const started = performance.now();
  const pyodide = await start(base, { _loadSnapshot: snapshot, createPyodideModule });
  const restored = Math.round(performance.now() - started);
  if (stage === "bare") await pyodide.loadPackage(["checker"]);
  pyodide.globals.set("_case", fs.readFileSync(CASE, "utf8"));
  const verdict = pyodide.runPython(
    "import json, checker\nfrom datetime import date\n"
    + "checker.evaluate(json.loads(_case)['application'], today=date(2023, 9, 1))['verdict']");
  return `restored in ${restored} ms, verdict ${verdict} after ${Math.round(performance.now() - started)} ms`;
}

const [served, ...asked] = process.argv.slice(2);
if (process.env.SNAPSHOT_STEP) {
  // One step in its own process: print its outcome, or the last lines of the error.
  const [step, stage, file] = process.env.SNAPSHOT_STEP.split(":");
  try {
    console.log(await (step === "make" ? make : restore)(path.resolve(served) + "/", stage, file));
  } catch (error) {
    const lines = String(error.message ?? error).trim().split("\n");
    console.log("FAILED: " + (lines.filter((line) => /Error|out of bounds/.test(line)).pop() ?? lines.pop()));
  }
} else {
  if (!served) {
    console.error("usage: node scripts/pyodide_snapshot_experiment.mjs SERVED_DIR [STAGE ...]");
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "snapshot-"));
  for (const stage of asked.length ? asked : STAGES) {
    const file = path.join(tmp, `${stage}.bin`);
    for (const step of ["make", "restore"]) {
      const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, served], {
        env: { ...process.env, SNAPSHOT_STEP: `${step}:${stage}:${file}` }, encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      console.log(`${stage.padEnd(9)} ${step.padEnd(8)} ${out.trim().split("\n").slice(-1)[0]}`);
      if (step === "make" && out.includes("FAILED")) break;
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
