// The saved draft: one copy in localStorage, shared by every open tab of the checker.
//
// Every tab follows the saved draft, and one tab saves for all of them, so the saved versions
// form one line and nothing typed in any tab is lost (localStorage alone has no way for two
// tabs to save at the same instant without one missing the other's change):
// - The writer is the tab that holds the Web Lock named STORAGE_KEY (the first tab opened; when
//   it closes, the next). It saves its own changes and those the other tabs send it, and tells
//   every tab each new version (a BroadcastChannel: messages inside the browser).
// - Another tab sends its whole draft with the version it started from; the writer merges it
//   against that version (merge.js), so answers in different fields, or in different
//   participants, all survive. Each tab merges each new version into its draft the same way,
//   so what someone is typing stays where it is.
// - The same answer changed in two tabs at once: the writer keeps the answer it has, and the
//   tab whose answer was not kept offers it back; a tab that keeps what it is typing over a
//   new version offers the version's answer. Nothing is dropped without the person choosing.
// - Without Web Locks or BroadcastChannel every tab saves for itself and follows the others
//   through the `storage` event, as the writer does for a copy saved by anything else (a tab
//   of an older release, say).
//
// Other rules:
// - A saved copy this tab cannot read (a newer release's format, or one that could not be set
//   aside) is never written over: saving stops and the page says so.
// - Where the browser refuses storage, or it is full, the tab keeps working and says so. A
//   failed save leaves the copy saved before it as it was, and never throws.
// - An import can be undone once: the draft it replaced is kept in memory, never stored.

import { emptyDraft, getIn, readSaved, shapeProblems } from "./draft.js";
import { mergeDrafts, same } from "./merge.js";

export const STORAGE_KEY = "sirkular-sjekk-utkast";
export const SET_ASIDE_KEY = "sirkular-sjekk-utkast-forkastet";
const SAVE_DELAY_MS = 250;

// localStorage may be missing or refuse (private windows, storage off): the page still works.
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const copy = (value) => JSON.parse(JSON.stringify(value));
const isFull = (error) => error?.name === "QuotaExceededError" || error?.code === 22;
// Conflicts as the page offers them: where, and the answer that is not shown.
const offers = (conflicts, key) => conflicts.map((c) => ({ path: c.path, other: c[key] }));

// The saved draft at start. A copy that cannot be read is moved to SET_ASIDE_KEY (never thrown
// away silently); with no room to move it, it stays, and nothing is saved over it.
function restore(area, rounds) {
  const fresh = { draft: emptyDraft(rounds[rounds.length - 1]), text: null, saving: area ? "ok" : "refused" };
  let text;
  try {
    text = area?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return { ...fresh, saving: "refused" };
  }
  if (text === null) return fresh;
  const parsed = readSaved(text, rounds);
  if (parsed.draft) return { ...fresh, draft: parsed.draft, text, restored: true };
  try {
    area.setItem(SET_ASIDE_KEY, text);
    area.removeItem(STORAGE_KEY);
    return { ...fresh, setAside: true, problems: parsed.problems };
  } catch {
    return { ...fresh, text, setAside: false, problems: parsed.problems, saving: "unreadable" };
  }
}

/**
 * Open the saved draft for this tab. Callbacks: onReplace(draft) when another tab's change
 * replaced the draft object; onConflicts([{path, other}]) when the same answer was changed in
 * two tabs at once and `other` is the one not shown; onStatus({saving, newer}) when saving
 * starts or stops working ("ok", "refused", "full", "unreadable") or the draft gains or loses
 * fields a newer release added.
 */
export function openDraftStore(rounds, { onReplace, onConflicts, onStatus }) {
  const area = storage();
  const restored = restore(area, rounds);
  const tab = Math.random().toString(36).slice(2);
  let draft = restored.draft;
  let base = copy(draft); // the latest version this tab has merged: its own changes start there
  let baseText = restored.text ?? JSON.stringify(draft); // the same as text
  let seq = 0; // the version's number in the writer's line (0: not known yet)
  let status = { saving: restored.saving, newer: newerFields(draft) };
  let replaced = null; // the draft an import replaced, until undone or another import
  let timer = null;
  let sent = null; // {id, draft}: the last change this tab sent the writer
  let changes = 0;
  const channel = area && typeof BroadcastChannel === "function" && navigator.locks
    ? new BroadcastChannel(STORAGE_KEY) : null;
  let writer = !channel;
  let stopWriting = null;

  function newerFields(value) {
    const newer = [];
    shapeProblems(value, rounds, newer);
    return newer;
  }

  function setStatus(change) {
    const next = { ...status, ...change };
    if (next.saving === status.saving && next.newer.join() === status.newer.join()) return;
    status = next;
    onStatus(status);
  }

  function setDraft(value) {
    if (same(value, draft)) return;
    draft = copy(value);
    onReplace(draft);
  }

  // Merge a newer version into this tab's draft; `from` is what this tab's changes start from.
  // Where this tab keeps an answer of its own, it offers the version's.
  function take(theirs, text, from = base) {
    const { value, conflicts } = mergeDrafts(from, draft, theirs);
    base = copy(theirs);
    baseText = text;
    setDraft(value);
    if (conflicts.length) onConflicts(offers(conflicts, "theirs"));
    setStatus({ newer: newerFields(draft) });
  }

  // The writer: save the draft as the next version and tell the other tabs (always when it
  // answers a change or starts writing, so they can follow).
  function commit({ ack = null, first = false } = {}) {
    const text = JSON.stringify(draft);
    if (text === baseText && !ack && !first) return;
    let saving = status.saving === "unreadable" ? "unreadable" : "ok";
    if (text !== baseText && saving === "ok") {
      try {
        area.setItem(STORAGE_KEY, text);
      } catch (error) {
        saving = isFull(error) ? "full" : "refused";
      }
    }
    base = copy(draft);
    baseText = text;
    seq += 1;
    setStatus({ saving });
    channel?.postMessage({ type: "version", seq, text, saving, first, ack });
  }

  // Another tab: send the writer the draft, with the version it starts from.
  function send() {
    if (status.saving === "unreadable" || same(draft, base)) return;
    sent = { id: `${tab}.${(changes += 1)}`, draft: copy(draft) };
    channel.postMessage({ type: "change", id: sent.id, base, draft });
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (writer) commit();
    else send();
  }

  // A copy saved by something other than the writer (or, without one, by another tab).
  function takeSaved(text) {
    if (text === null || text === baseText) return;
    const parsed = readSaved(text, rounds);
    if (parsed.problems) {
      baseText = text;
      setStatus({ saving: "unreadable" });
      return;
    }
    if (status.saving === "unreadable") setStatus({ saving: "ok" });
    take(parsed.draft, text);
  }

  // The writer merges a change another tab sent. Where both changed an answer, the writer's
  // stays, and the sender is told which of its answers were not kept.
  function merge(change) {
    if (shapeProblems(change.draft, rounds, []).length) {
      // A tab of a newer release: it writes instead, and this tab follows (until it closes).
      handOver();
      requestWriting();
      return;
    }
    const { value, conflicts } = mergeDrafts(change.base, draft, change.draft);
    setDraft(value);
    setStatus({ newer: newerFields(draft) });
    commit({ ack: { id: change.id, conflicts: offers(conflicts, "theirs") } });
  }

  // Another tab: follow a new version from the writer.
  function follow(version) {
    seq = version.seq;
    const parsed = readSaved(version.text, rounds);
    if (parsed.problems) {
      setStatus({ saving: "unreadable" });
      return;
    }
    const answered = version.ack && version.ack.id === sent?.id;
    take(parsed.draft, version.text, answered ? sent.draft : base);
    setStatus({ saving: version.saving });
    if (answered) {
      // Answers the writer did not keep, and that this tab has not changed since: offer them.
      const lost = version.ack.conflicts.filter(({ path }) => same(getIn(draft, path), getIn(parsed.draft, path)));
      if (lost.length) onConflicts(lost);
    }
    if (!same(draft, base)) save(); // what this tab has that the version lacks
  }

  function read() {
    try {
      return area.getItem(STORAGE_KEY);
    } catch {
      return null;
    }
  }

  function requestWriting() {
    navigator.locks.request(STORAGE_KEY, () => new Promise((release) => {
      writer = true;
      stopWriting = release;
      takeSaved(read()); // the writer before may have saved a version this tab missed
      commit({ first: true });
    }));
  }

  function handOver() {
    writer = false;
    stopWriting?.();
    stopWriting = null;
  }

  if (channel) {
    channel.addEventListener("message", ({ data }) => {
      if (data?.type === "change" && writer) merge(data);
      else if (data?.type === "hello" && writer) commit({ first: true });
      else if (data?.type === "version" && !writer && (data.first || data.seq > seq)) follow(data);
    });
    requestWriting();
    channel.postMessage({ type: "hello" });
  }
  window.addEventListener("storage", (event) => {
    if (!writer || event.storageArea !== area || event.key !== STORAGE_KEY) return;
    if (event.newValue === null && status.saving === "unreadable") setStatus({ saving: "ok" });
    takeSaved(event.newValue);
    commit();
  });
  const flush = () => timer !== null && save();
  // Leaving the tab (for another tab, or closing it) saves what was typed in the last moment.
  // A page kept in the back-forward cache stops writing for the others, and asks again when shown.
  document.addEventListener("visibilitychange", () => document.hidden && flush());
  window.addEventListener("pagehide", () => {
    flush();
    if (channel && writer) handOver();
  });
  window.addEventListener("pageshow", (event) => {
    if (!channel || !event.persisted) return;
    requestWriting();
    channel.postMessage({ type: "hello" });
  });

  function replace(next) {
    clearTimeout(timer);
    timer = null;
    draft = next;
    setStatus({ newer: newerFields(draft) });
    save();
  }

  return {
    get draft() {
      return draft;
    },
    restored,
    get status() {
      return status;
    },
    /** The page changed the draft object in place: save it shortly. */
    changed() {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
    },
    flush,
    replace,
    /** Replace the draft with an imported one; the draft it replaces can be restored once. */
    importDraft(next) {
      replaced = copy(draft);
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
      try {
        area?.removeItem(SET_ASIDE_KEY);
        if (status.saving === "unreadable") {
          area.removeItem(STORAGE_KEY); // deleted with the rest: saving can start again
          setStatus({ saving: "ok" });
        }
      } catch {
        // Nothing set aside, or storage refused.
      }
      replace(next);
    },
    /** The saved copy that could not be read, for download; null when there is none. */
    setAsideText() {
      try {
        return area?.getItem(SET_ASIDE_KEY) ?? (status.saving === "unreadable" ? area.getItem(STORAGE_KEY) : null);
      } catch {
        return null;
      }
    },
  };
}
