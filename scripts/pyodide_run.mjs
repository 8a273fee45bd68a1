// Run a Python script inside the pinned Pyodide runtime under Node, at build time.
//
//   node scripts/pyodide_run.mjs RUNTIME_DIR HOST_DIR SCRIPT.py [ARGS...]
//
// Bytecode must be made by the very Python that will load it (3.14 inside Pyodide; the host has
// 3.12), so the build compiles in here. HOST_DIR (the repository) is mounted at its own absolute
// path, so the script reads and writes the same paths as on the host. No packages are loaded: the runtime is
// given an empty lock, so nothing is ever fetched.
import fs from "node:fs";
import path from "node:path";

const [runtimeDir, hostDir, script, ...args] = process.argv.slice(2);
if (!runtimeDir || !hostDir || !script) {
  console.error("usage: node scripts/pyodide_run.mjs RUNTIME_DIR HOST_DIR SCRIPT.py [ARGS...]");
  process.exit(2);
}

try {
  const { loadPyodide } = await import(path.resolve(runtimeDir, "pyodide.mjs"));
  const npmLock = JSON.parse(fs.readFileSync(path.join(runtimeDir, "pyodide-lock.json"), "utf8"));
  const pyodide = await loadPyodide({
    indexURL: path.resolve(runtimeDir) + "/",
    lockFileContents: { info: npmLock.info, packages: {} },
    packageBaseUrl: path.resolve(runtimeDir) + "/",
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  });
  const root = path.resolve(hostDir);
  pyodide.FS.mkdirTree(root);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, root);
  const scriptPath = path.resolve(script);
  pyodide.globals.set("_argv", pyodide.toPy([scriptPath, ...args]));
  pyodide.runPython(
    "import runpy, sys\nsys.argv = list(_argv)\nrunpy.run_path(sys.argv[0], run_name='__main__')",
  );
} catch (error) {
  // Print the Python traceback or the JS message only: Node's default prints a line of the
  // minified runtime, which buries the cause.
  console.error(error.message ?? String(error));
  process.exit(1);
}
