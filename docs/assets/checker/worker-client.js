// The page's side of the worker: starts it (or takes over the one boot.js started), numbers
// the requests and passes on only the answer to the latest one (an older answer arriving late
// must not overwrite a newer report).

const WORKER_FAILED = "Arbeidstråden for sjekkeren kunne ikke startes.";

function newWorker(pyodideBase) {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.postMessage({ type: "init", base: pyodideBase });
  return { worker, messages: [], errors: [] };
}

/**
 * `booted` is what boot.js left on the document ({worker, messages, errors}), or null.
 * Returns {evaluate(application), addRounds(files), stop()}.
 */
export function startChecker(pyodideBase, { onProgress, onReady, onFailed, onResult }, booted = null) {
  let latest = 0;
  let started;
  try {
    started = booted || newWorker(pyodideBase);
  } catch (error) {
    onFailed(String(error.message || error));
    return { evaluate() {}, addRounds() {}, stop() {} };
  }
  const { worker } = started;
  const receive = (data) => {
    if (data.type === "progress") onProgress(data);
    else if (data.type === "ready") onReady(data);
    else if (data.type === "failed") onFailed(data.message);
    else if (data.type === "result" && data.id === latest) onResult(data);
  };
  worker.onmessage = ({ data }) => receive(data);
  // A worker script that cannot load at all (missing file, blocked) reports here.
  worker.onerror = (event) => {
    event.preventDefault();
    onFailed(event.message || WORKER_FAILED);
  };
  // What the worker said before the page took it over, in order.
  started.messages.splice(0).forEach(receive);
  started.errors.splice(0).forEach((message) => onFailed(message || WORKER_FAILED));
  return {
    evaluate(application) {
      latest += 1;
      worker.postMessage({ type: "evaluate", id: latest, application: JSON.stringify(application) });
    },
    /** Draft rounds a site was built with ({id: file text}): the worker reads them too, before
     * it evaluates anything after this message. */
    addRounds(files) {
      worker.postMessage({ type: "rounds", files });
    },
    stop() {
      worker.terminate();
    },
  };
}
