// The editor at /admin/: Decap CMS, set up from the site's own data.
//
// esbuild bundles this file with Decap and React into build/admin/cms.js (Makefile); the page is
// admin/index.html. hooks/cms.py writes config.json beside it at build time: Decap's
// configuration under "cms" (the FAQ collection, made from faq.yml and the checker's rule
// catalogue; the round collection, made from the checker's round model), and under "site" what
// this file needs (the front-matter fields and the overview marker of hooks/faq.py, the round
// collection's name and format, and the site's stylesheets for the preview).
import CMS from "decap-cms-app/dist/decap-cms-app.js";

import { nameDecapControls } from "./a11y.mjs";
import { faqFormat } from "./format.mjs";
import { phrases } from "./phrases-nb.mjs";
import { FaqPreview } from "./preview.mjs";
import { roundFormat, roundProblems } from "./rounds.mjs";
import { slugify } from "./slug.mjs";

function merge(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === "object" ? merge(base[key] || {}, value) : value;
  }
  return out;
}

// A refusal the editor reads in Decap's toast («Kunne ikke lagre: …»), which shows the error as text.
class Refused extends Error {
  toString() {
    return this.message;
  }
}

// A new entry's file is docs/faq/<slug>.md, the name scripts/new_faq.py gives the same
// question: the collection's `slug` template reads this value, set just before saving. (A round's
// file is named by its id, which the form checks with the model's pattern.)
const withFileName = ({ collection, fileNameKey }) => ({ entry }) => {
  if (entry.get("collection") !== collection) return undefined;
  const data = entry.get("data");
  const slug = slugify(data.get("question") || "");
  if (!slug && entry.get("newRecord")) {
    throw new Refused("Spørsmålet må inneholde bokstaver eller tall, så filen kan få et navn.");
  }
  return data.set(fileNameKey, slug);
};

// A round is saved only when it passes the form's own rules (admin/rounds.mjs says why Decap's
// check is not enough).
const checkRound = ({ collection, fields }) => ({ entry }) => {
  if (entry.get("collection") !== collection) return undefined;
  const problems = roundProblems(entry.get("data").toJS(), fields);
  if (problems.length) throw new Refused(problems.join(" "));
  return undefined;
};

function showFailure(error) {
  const message = document.createElement("p");
  message.setAttribute("role", "alert");
  message.textContent = `Redigeringen kunne ikke starte: ${error.message}`;
  document.body.prepend(message);
}

async function start() {
  const response = await fetch("config.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`config.json svarte ${response.status}`);
  const { cms, site } = await response.json();
  CMS.registerLocale("nb_no", merge(CMS.getLocale("nb_no"), phrases));
  CMS.registerCustomFormat(site.format, "md", faqFormat(site));
  const { fields } = cms.collections.find((collection) => collection.name === site.rounds.collection);
  CMS.registerCustomFormat(site.rounds.format, "json", roundFormat({ fields, entryKey: site.entryKey }));
  CMS.registerEventListener({ name: "preSave", handler: checkRound({ collection: site.rounds.collection, fields }) });
  CMS.registerEventListener({ name: "preSave", handler: withFileName(site) });
  for (const href of site.previewStyles) CMS.registerPreviewStyle(href);
  CMS.registerPreviewTemplate(site.collection, FaqPreview);
  nameDecapControls();
  CMS.init({ config: cms });
}

start().catch(showFailure);
