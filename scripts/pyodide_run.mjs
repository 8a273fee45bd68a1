// Run a Python script inside the pinned Pyodide runtime under Node, at build time.
//
//   node scripts/pyodide_run.mjs [--load PACKAGE]... PYODIDE_DIR HOST_DIR SCRIPT.py [ARGS...]
//
// PYODIDE_DIR holds the runtime, python_stdlib.zip and pyodide-lock.json (node_modules/pyodide,
// or a folder laid out as the site serves it); --load installs packages from that lock first.
// Bytecode must be made by the very Python that will load it (3.14 inside Pyodide; the host has
// 3.12), so the build compiles in here. HOST_DIR (the repository) is mounted at its own absolute
// path, so the script reads and writes the same paths as on the host.
import path from "node:path";

const argv = process.argv.slice(2);
const packages = [];
while (argv[0] === "--load") packages.push(argv.splice(0, 2)[1]);
const [pyodideDir, hostDir, script, ...args] = argv;
if (!pyodideDir || !hostDir || !script) {
  console.error("usage: node scripts/pyodide_run.mjs [--load PACKAGE]... PYODIDE_DIR HOST_DIR SCRIPT.py [ARGS...]");
  process.exit(2);
}

try {
  const base = path.resolve(pyodideDir) + "/";
  const { loadPyodide } = await import(base + "pyodide.mjs");
  const pyodide = await loadPyodide({
    indexURL: base,
    lockFileURL: base + "pyodide-lock.json",
    // Spelled out: in Node a wheel missing from here would otherwise be fetched from a CDN.
    packageBaseUrl: base,
    packages,
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  });
  const root = path.resolve(hostDir);
  pyodide.FS.mkdirTree(root);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, root);
  pyodide.globals.set("_argv", pyodide.toPy([path.resolve(script), ...args]));
  pyodide.runPython(
    "import runpy, sys\nsys.argv = list(_argv)\nrunpy.run_path(sys.argv[0], run_name='__main__')",
  );
} catch (error) {
  // Print the Python traceback or the JS message only: Node's default prints a line of the
  // minified runtime, which buries the cause.
  console.error(error.message ?? String(error));
  process.exit(1);
}
