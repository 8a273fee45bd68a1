// The saved copy of the draft (localStorage) and the protocol between the checker's open tabs.
// The draft itself is owned by draft-store.js; this module saves it and brings in what other
// tabs saved.
//
// Why a protocol: localStorage alone gives two tabs no way to save at the same instant without
// one losing the other's change. So one tab saves for all, the saved versions form one line,
// and each tab merges (merge.js) against exactly the version its own changes started from:
// answers in different fields, or in different participants, all survive.
//
// A tab's role, and how it changes:
//
//   alone     No Web Locks, BroadcastChannel or storage. Saves its own changes, and merges a
//             copy another tab saved when the `storage` event tells it.
//   follower  Has asked for the Web Lock STORAGE_KEY and waits for it. Sends each change to the
//             writer ("change", with the version it started from) and follows each version the
//             writer announces ("version").
//   writer    Holds the lock. Saves its own changes and the ones followers send, announces each
//             new version, and merges a copy saved by anything else (a tab of an older release)
//             when the `storage` event tells it.
//
//   start                                  -> alone, or follower (asks for the lock, says "hello")
//   follower -> writer     the lock is granted (the first tab, or the writer closed): it takes
//                          the saved copy it may have missed and announces it as a version
//   writer -> follower     the page is hidden for the back-forward cache (pagehide): it lets the
//                          lock go, and asks for it again when shown (pageshow)
//   writer -> follower     a change from a tab of a newer release: that tab writes instead
//
// Messages on the BroadcastChannel STORAGE_KEY:
//   hello    a tab opened: the writer announces its current version (first: true)
//   change   {id, base, draft}: a follower's draft and the version it started from. The writer
//            merges it; where both changed an answer, the writer's stays.
//   version  {seq, text, saving, first, ack}: the writer's latest saved version, numbered. A
//            follower merges its own changes since its last version onto it, and sends what it
//            still has that the version lacks. `ack` ({id, conflicts}) answers one change: its
//            answers that were not kept, which that tab offers back.
//
// Saving (status.saving), and how it changes:
//   ok          saves work
//   refused     the browser refuses storage (a private window, storage off): the tab works on
//   full        a save did not fit: the copy saved before stays whole; the next save that fits -> ok
//   unreadable  the saved copy cannot be read here (a newer release's format, or one there was
//               no room to set aside): never written over; a readable copy or "Start på nytt" -> ok
// The same answer changed in two tabs at once: the writer keeps the answer it has, and the tab
// whose answer was not kept offers it back; a tab that keeps what it is typing over a new
// version offers the version's answer. Nothing is dropped without the person choosing.

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
 * Open the saved draft for this tab. `owner` is the draft's owner (draft-store.js): get() the
 * draft, take(draft) when another tab's version changed it, conflicts([{path, other}]) when the
 * same answer was changed in two tabs at once and `other` is the one not shown, status({saving,
 * newer}) when saving starts or stops working or the draft gains or loses fields a newer
 * release added. Returns the restored draft and the calls that save.
 */
export function openSync(rounds, owner) {
  const area = storage();
  const restored = restore(area, rounds);
  const tab = Math.random().toString(36).slice(2);
  const draft = () => owner.get();
  let base = restored.draft; // the latest version this tab has merged: its own changes start there
  let baseText = restored.text ?? JSON.stringify(base); // the same as text
  let seq = 0; // the version's number in the writer's line (0: not known yet)
  let status = { saving: restored.saving, newer: newerFields(base) };
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
    owner.status(status);
  }

  // Merge a newer version into this tab's draft; `from` is what this tab's changes start from.
  // Where this tab keeps an answer of its own, it offers the version's.
  function take(theirs, text, from = base) {
    const { value, conflicts } = mergeDrafts(from, draft(), theirs);
    base = theirs;
    baseText = text;
    owner.take(value);
    if (conflicts.length) owner.conflicts(offers(conflicts, "theirs"));
    setStatus({ newer: newerFields(draft()) });
  }

  // The writer: save the draft as the next version and tell the other tabs (always when it
  // answers a change or starts writing, so they can follow).
  function commit({ ack = null, first = false } = {}) {
    const text = JSON.stringify(draft());
    if (text === baseText && !ack && !first) return;
    let saving = status.saving === "unreadable" ? "unreadable" : "ok";
    if (text !== baseText && saving === "ok") {
      try {
        area.setItem(STORAGE_KEY, text);
      } catch (error) {
        saving = isFull(error) ? "full" : "refused";
      }
    }
    base = draft();
    baseText = text;
    seq += 1;
    setStatus({ saving });
    channel?.postMessage({ type: "version", seq, text, saving, first, ack });
  }

  // A follower: send the writer the draft, with the version it starts from.
  function send() {
    if (status.saving === "unreadable" || same(draft(), base)) return;
    sent = { id: `${tab}.${(changes += 1)}`, draft: draft() };
    channel.postMessage({ type: "change", id: sent.id, base, draft: sent.draft });
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

  // The writer merges a change a follower sent. Where both changed an answer, the writer's
  // stays, and the sender is told which of its answers were not kept.
  function merge(change) {
    if (shapeProblems(change.draft, rounds, []).length) {
      // A tab of a newer release: it writes instead, and this tab follows (until it closes).
      handOver();
      requestWriting();
      return;
    }
    const { value, conflicts } = mergeDrafts(change.base, draft(), change.draft);
    owner.take(value);
    setStatus({ newer: newerFields(draft()) });
    commit({ ack: { id: change.id, conflicts: offers(conflicts, "theirs") } });
  }

  // A follower: follow a new version from the writer.
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
      const lost = version.ack.conflicts.filter(({ path }) => same(getIn(draft(), path), getIn(parsed.draft, path)));
      if (lost.length) owner.conflicts(lost);
    }
    if (!same(draft(), base)) save(); // what this tab has that the version lacks
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

  return {
    restored,
    get status() {
      return status;
    },
    /** The draft changed in this tab: save it shortly. */
    changed() {
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
    },
    /** The whole draft was replaced (an import, its undo, "Start på nytt"): save it now. */
    replaced() {
      setStatus({ newer: newerFields(draft()) });
      save();
    },
    flush,
    /** Remove every saved copy of the answers ("Start på nytt"), before the draft is replaced. */
    clear() {
      try {
        area?.removeItem(SET_ASIDE_KEY);
        if (status.saving === "unreadable") {
          area.removeItem(STORAGE_KEY); // deleted with the rest: saving can start again
          setStatus({ saving: "ok" });
        }
      } catch {
        // Nothing set aside, or storage refused.
      }
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
