// The CMS preview of a FAQ entry, laid out as the site lays out the page (hooks/faq.py,
// entry_page): the question as the title, the answer, then the category, the date and the rules.
// admin/cms.mjs gives the preview the site's own stylesheets, so it looks like the page.
import React from "react";

const h = React.createElement;
const LONG_DATE = new Intl.DateTimeFormat("nb-NO", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

// value -> label of a select field in the collection (the category titles and rule titles
// come from faq.yml and the checker's catalogue through the generated configuration).
function optionLabels(fields, name) {
  const field = fields.find((f) => f.get("name") === name);
  const options = field ? field.get("options").toJS() : [];
  return new Map(options.map((option) => [option.value, option.label]));
}

function longDate(value) {
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? String(value || "") : LONG_DATE.format(date);
}

export function FaqPreview({ entry, fields, widgetFor }) {
  const data = entry.get("data");
  const categories = optionLabels(fields, "category");
  const ruleTitles = optionLabels(fields, "rules");
  const rules = data.get("rules") ? data.get("rules").toJS() : [];
  const key = data.get("category");
  const category = categories.get(key) || (key ? `«${key}» er ikke en kategori i faq.yml` : "ingen kategori valgt");
  return h(
    "article",
    { className: "md-content__inner md-typeset" },
    h("h1", null, data.get("question") || "Spørsmålet mangler"),
    widgetFor("body"),
    h(
      "div",
      { className: "faq-meta" },
      h("p", null, `Kategori: ${category}. Svaret er datert ${longDate(data.get("date"))}.`),
      rules.length ? h("p", null, "Dette gjelder disse reglene i sjekkeren:") : null,
      rules.length ? h("ul", null, rules.map((id) => h("li", { key: id }, ruleTitles.get(id) || id))) : null,
    ),
  );
}
