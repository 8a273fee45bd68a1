// The page's side of the worker: starts it, numbers the requests and passes on only the answer
// to the latest one (an older answer arriving late must not overwrite a newer report).

export function startChecker(pyodideBase, { onProgress, onReady, onFailed, onResult }) {
  let latest = 0;
  let worker;
  try {
    worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  } catch (error) {
    onFailed(String(error.message || error));
    return { evaluate() {}, stop() {} };
  }
  worker.onmessage = ({ data }) => {
    if (data.type === "progress") onProgress(data);
    else if (data.type === "ready") onReady(data);
    else if (data.type === "failed") onFailed(data.message);
    else if (data.type === "result" && data.id === latest) onResult(data);
  };
  // A worker script that cannot load at all (missing file, blocked) reports here.
  worker.onerror = (event) => {
    event.preventDefault();
    onFailed(event.message || "Arbeidstråden for sjekkeren kunne ikke startes.");
  };
  worker.postMessage({ type: "init", base: pyodideBase });
  return {
    evaluate(application) {
      latest += 1;
      worker.postMessage({ type: "evaluate", id: latest, application: JSON.stringify(application) });
    },
    stop() {
      worker.terminate();
    },
  };
}
