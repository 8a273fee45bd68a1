// The file name of a FAQ entry, made from its question: the project's one slug function.
//
// The CMS at /admin/ names a new entry's file with it (admin/cms.js), and scripts/new_faq.py runs
// this very module with Node, so a question gets the same file name in the browser and in the
// terminal. Pure: no imports, no DOM, no Node APIs.

// Norwegian letters first (after lowercasing); NFKD then strips the accents of the rest (é -> e).
const LETTERS = { æ: "ae", ø: "o", å: "a" };
export const MAX_SLUG = 60;

export function slugify(question) {
  const text = String(question)
    .toLowerCase()
    .replace(/[æøå]/g, (letter) => LETTERS[letter])
    .normalize("NFKD")
    .replace(/[^\x00-\x7f]/g, "");
  let slug = "";
  // Whole words only, so a long question does not end mid-word.
  for (const word of text.match(/[a-z0-9]+/g) || []) {
    const candidate = slug ? `${slug}-${word}` : word;
    if (candidate.length > MAX_SLUG && slug) break;
    slug = candidate;
  }
  return slug;
}
