// The FAQ editor at /admin/: Decap CMS, set up from the site's own data.
//
// esbuild bundles this file with Decap and React into build/admin/cms.js (Makefile); the page is
// admin/index.html. hooks/cms.py writes config.json beside it at build time: Decap's
// configuration under "cms" (the FAQ collection, made from faq.yml and the checker's rule
// catalogue), and under "site" what this file needs (the front-matter fields and the overview
// marker of hooks/faq.py, and the site's stylesheets for the preview).
import CMS from "decap-cms-app/dist/decap-cms-app.js";

import { nameDecapControls } from "./a11y.mjs";
import { faqFormat } from "./format.mjs";
import { phrases } from "./phrases-nb.mjs";
import { FaqPreview } from "./preview.mjs";
import { slugify } from "./slug.mjs";

function merge(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === "object" ? merge(base[key] || {}, value) : value;
  }
  return out;
}

// A new entry's file is docs/faq/<slug>.md, the name scripts/new_faq.py gives the same
// question: the collection's `slug` template reads this value, set just before saving.
const withFileName = (fileNameKey) => ({ entry }) => {
  const data = entry.get("data");
  const slug = slugify(data.get("question") || "");
  if (!slug && entry.get("newRecord")) {
    throw new Error("Spørsmålet må inneholde bokstaver eller tall, så filen kan få et navn.");
  }
  return data.set(fileNameKey, slug);
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
  CMS.registerEventListener({ name: "preSave", handler: withFileName(site.fileNameKey) });
  for (const href of site.previewStyles) CMS.registerPreviewStyle(href);
  CMS.registerPreviewTemplate(site.collection, FaqPreview);
  nameDecapControls();
  CMS.init({ config: cms });
}

start().catch(showFailure);
