// The checker page "Sjekk prosjektet": mounts its parts on the page's root element. The store
// (draft-store.js) owns the draft; the form, the report, the comparison of every basis, the
// import and export, and the checker's worker each read it from there and change it only
// through the store.

import { draftNotices } from "./draft-ui.js";
import { openDraftStore } from "./draft-store.js";
import { startEvaluation } from "./evaluation.js";
import { mountFiles } from "./files.js";
import { mountForm } from "./form-input.js";
import { layout } from "./layout.js";
import { mountOptions } from "./options.js";
import { mountReport } from "./report.js";
import { roundIds } from "./vocabulary.js";

function mount(root) {
  root.dataset.mounted = "true";
  const rounds = roundIds();
  const ui = layout(root);
  const store = openDraftStore(rounds);
  const form = mountForm(ui, store);
  const options = mountOptions(ui.options, store, { notify: ui.notify, focusField: form.focusField });
  const report = mountReport(ui, store, { options, focusField: form.focusField });
  const files = mountFiles(root, ui, store, { rounds, focusField: form.focusField });

  // What the page says about the saved draft, and the tabs it is shared with (draft-sync.js).
  const notices = draftNotices(ui.draftStatus, {
    exportDraft: files.exportDraft,
    reload: () => {
      store.flush();
      window.location.reload();
    },
    fieldName: form.fieldName,
  });
  notices.update(store.status);
  store.subscribe((event) => {
    if (event.type === "status") notices.update(event.status);
    else if (event.type === "conflicts") notices.conflicts(event.conflicts, event.accept);
  });

  return startEvaluation(root, ui, store, report);
}

// Material's instant navigation swaps the page without reloading modules, so mount whenever
// a new document appears, and stop the worker of a checker that is no longer on the page.
const mounted = new Map();

function mountAll() {
  for (const [root, checker] of mounted) {
    if (!root.isConnected) {
      checker.stop();
      mounted.delete(root);
    }
  }
  for (const root of document.querySelectorAll("[data-checker-state]:not([data-mounted])")) {
    mounted.set(root, mount(root));
  }
}

// A module runs once the page is parsed, after Material's bundle has defined document$.
mountAll();
window.document$?.subscribe(mountAll);
