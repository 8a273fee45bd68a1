// The draft's one owner. Everything on the page reads the draft from here and changes it only
// through update() and the replacing calls below; a changed draft is a new object (the old one
// is never changed, and every draft is frozen), so what a reader holds stays as it was read.
// Saving, and what other open tabs save, is draft-sync.js's part.
//
// Subscribers hear three kinds of event:
//   {type: "draft", draft, cause}  the draft changed. cause: "input" (a form control, which
//        already shows the answer), "edit" (another change on this page), "tab" (another tab's
//        version), "replace" (an import, its undo, "Start på nytt")
//   {type: "status", status}       saving started or stopped working, or the draft gained or
//        lost fields a newer release added ({saving, newer}, draft-sync.js)
//   {type: "conflicts", conflicts, accept}  the same answers were changed in two tabs at once;
//        the draft holds one, `conflicts` ([{path, other}]) the other; accept() takes those

import { getIn, withValue } from "./draft.js";
import { same } from "./merge.js";
import { openSync } from "./draft-sync.js";

export { SET_ASIDE_KEY } from "./draft-sync.js";

function freeze(value) {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  Object.values(value).forEach(freeze);
  return Object.freeze(value);
}

export function openDraftStore(rounds) {
  const listeners = new Set();
  const emit = (event) => listeners.forEach((listener) => listener(event));
  let draft = null;
  let replaced = null; // the draft an import replaced, until undone or another import

  // A replaced draft is announced even when it is the same: the page says what happened.
  function set(next, cause) {
    if (cause !== "replace" && same(next, draft)) return false;
    draft = freeze(next);
    emit({ type: "draft", draft, cause });
    return true;
  }

  const sync = openSync(rounds, {
    get: () => draft,
    take: (next) => set(next, "tab"),
    status: (status) => emit({ type: "status", status }),
    conflicts: (conflicts) => emit({
      type: "conflicts",
      conflicts,
      accept() {
        let next = draft;
        for (const { path, other } of conflicts) {
          if (getIn(next, path.slice(0, -1)) !== undefined) next = withValue(next, path, other);
        }
        if (set(next, "edit")) sync.changed();
      },
    }),
  });
  draft = freeze(sync.restored.draft);

  function replace(next) {
    set(next, "replace");
    sync.replaced();
  }

  return {
    /** The current draft (frozen: a change makes a new one). */
    get draft() {
      return draft;
    },
    /** What was restored at start: {restored} or {problems, setAside} (draft-sync.js). */
    restored: sync.restored,
    get status() {
      return sync.status;
    },
    /** Set one answer (`path` as in the draft, e.g. ["participants", 2, "name"]). */
    update(path, value, cause = "edit") {
      if (same(getIn(draft, path), value)) return;
      set(withValue(draft, path, value), cause);
      sync.changed();
    },
    /** Replace the draft with an imported one; the draft it replaces can be restored once. */
    importDraft(next) {
      replaced = draft;
      replace(next);
    },
    /** Restore the draft the last import replaced; false when there is none (any more). */
    undoImport() {
      if (!replaced) return false;
      const previous = replaced;
      replaced = null;
      replace(previous);
      return true;
    },
    /** Remove every saved copy of the answers ("Start på nytt") and start from `next`. */
    clear(next) {
      replaced = null;
      sync.clear();
      replace(next);
    },
    /** Save now what is waiting to be saved (before the page is reloaded). */
    flush: sync.flush,
    setAsideText: sync.setAsideText,
    /** listener(event) for every event above; returns the call that stops it. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
