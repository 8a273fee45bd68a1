// Three-way merge of the draft, for several open tabs (draft-sync.js): when another tab has
// saved, this tab's own changes since the copy both started from (`base`) are applied onto the
// copy the other tab saved (`theirs`), so neither tab's answers are lost.
//
// - A value only one side changed takes that change. Objects merge key by key, so two tabs
//   that edit different fields, or different participants, both keep what they typed.
// - Keys this tab does not know (fields a newer release added) pass through untouched.
// - A list of objects (the participants) merges around the stretch each side changed: a
//   participant added in one tab and another edited in the other both survive, and a
//   participant removed in one tab but edited in the other is kept. Lists of plain values
//   (objectives, activities) are one answer each.
// - A value both sides changed, differently, keeps this tab's value (what the person sees
//   and may be typing) and is reported as a conflict with the other tab's value.
// No input is modified; the result may share parts with `ours` and `theirs`.

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Deep equality of JSON values, where a missing key and null both mean "not answered". */
export function same(a, b) {
  if ((a ?? null) === (b ?? null)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((key) => same(a[key], b[key]));
}

/** Returns {value, conflicts: [{path, ours, theirs}]}. */
export function mergeDrafts(base, ours, theirs) {
  const conflicts = [];
  return { value: merge(base, ours, theirs, [], conflicts), conflicts };
}

function merge(base, ours, theirs, path, conflicts) {
  if (same(ours, base)) return theirs;
  if (same(theirs, base) || same(ours, theirs)) return ours;
  if (isObject(ours) && isObject(theirs)) {
    return mergeObjects(isObject(base) ? base : {}, ours, theirs, path, conflicts);
  }
  if (isObjectList(ours) && isObjectList(theirs)) {
    return mergeLists(isObjectList(base) ? base : [], ours, theirs, path, conflicts);
  }
  conflicts.push({ path, ours, theirs });
  return ours;
}

const isObjectList = (v) => Array.isArray(v) && v.every(isObject);

function mergeObjects(base, ours, theirs, path, conflicts) {
  const out = {};
  for (const key of new Set([...Object.keys(theirs), ...Object.keys(ours)])) {
    const value = merge(base[key], ours[key], theirs[key], [...path, key], conflicts);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

// The stretch of `base` a side replaced: [start, end) of base became `items`.
function changedStretch(base, side) {
  let start = 0;
  while (start < base.length && start < side.length && same(base[start], side[start])) start += 1;
  let tail = 0;
  while (tail < base.length - start && tail < side.length - start
    && same(base[base.length - 1 - tail], side[side.length - 1 - tail])) tail += 1;
  return { start, end: base.length - tail, items: side.slice(start, side.length - tail) };
}

function mergeLists(base, ours, theirs, path, conflicts) {
  const other = changedStretch(base, theirs);
  const own = changedStretch(base, ours);
  // Sorted so that an insertion comes before an edit starting at the same place; at one place,
  // the other tab's insertion comes first.
  const [first, second] = [other, own].sort((a, b) => a.start - b.start || a.end - b.end);
  if (first.end <= second.start) {
    return [...base.slice(0, first.start), ...first.items, ...base.slice(first.end, second.start),
      ...second.items, ...base.slice(second.end)];
  }
  // Both changed the same stretch: as many items on each side means the same participants,
  // merged one by one; otherwise keep the other tab's stretch and add what this tab typed.
  const start = Math.min(other.start, own.start);
  const end = Math.max(other.end, own.end);
  const stretch = (change) => [...base.slice(start, change.start), ...change.items, ...base.slice(change.end, end)];
  const was = base.slice(start, end);
  const theirItems = stretch(other);
  const ourItems = stretch(own);
  const middle = theirItems.length === was.length && ourItems.length === was.length
    ? was.map((item, i) => merge(item, ourItems[i], theirItems[i], [...path, start + i], conflicts))
    : [...theirItems, ...ourItems.filter((item) => ![...was, ...theirItems].some((known) => same(known, item)))];
  return [...base.slice(0, start), ...middle, ...base.slice(end)];
}
