// A module worker for tests/browser/test_snapshot.py: restores the checker from the site's memory
// snapshot with the worker's own functions (docs/assets/checker/worker.js, served beside this
// file at the site's root), then evaluates every input.
//
// In:  {base, inputs: [{id, text, lang, today}]}
// Out: {results: [{id, outcome: {report} | {errors}}]} or {error}
import { fetchSnapshot, importRuntime, startFromSnapshot } from "./assets/checker/worker.js";

// Importing the worker set its own message handler on this global; this one replaces it.
onmessage = async ({ data: { base, inputs } }) => {
  try {
    const pyodide = await startFromSnapshot(base, await importRuntime(base), await fetchSnapshot(base));
    const adapter = pyodide.pyimport("checker.adapter");
    const results = inputs.map(({ id, text, lang, today }) => (
      { id, outcome: JSON.parse(adapter.evaluate_json(text, lang, today)) }));
    postMessage({ results });
  } catch (error) {
    postMessage({ error: String((error && error.stack) || error) });
  }
};
