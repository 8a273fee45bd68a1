// "Hvilket støttegrunnlag gir mest?": every aid basis side by side (contract §2.1), drawn from
// the report's `options` and `recommended`. A bar chart that is also a table, then one card
// per option with its verdict, its amount, why it fails, each participant's limit on demand,
// and a button that sets the form's aid basis to it.

import { append, h, srOnly } from "./dom.js";
import { kroner, share, sourceHref } from "./format.js";
import { fieldId, participantLegend } from "./form.js";
import { capitalise, label, pageHref, roundData, text } from "./vocabulary.js";

const SVG = "http://www.w3.org/2000/svg";

const CHECKER_CANNOT = "../sjekkeren-vurderer/";

// What the checker cannot assess about a basis, with the paragraph that explains it: one line on
// its card. What each article covers comes from the vocabulary (`covers`).
const CANNOT = {
  de_minimis: () => ["Sjekkeren ser ikke om en deltaker driver i en av disse sektorene.",
    `${CHECKER_CANNOT}#bagatellmessig-sektorer`, "Sektorene som er unntatt"],
  // Only these two categories have the collaboration bonus (contract §3.1).
  gber_25: (option) => (["industrial_research", "experimental_development"].includes(option.rd_category)
    ? ["Samarbeidstillegget krever uavhengige foretak: selskaper i samme konsern teller ikke, og det ser ikke sjekkeren.",
      `${CHECKER_CANNOT}#samarbeid-uavhengige-foretak`, "Samarbeid mellom uavhengige foretak"]
    : null),
  gber_27: () => ["Sjekkeren vurderer ikke tiårsgrensen, og heller ikke at NIC-programmet alt gir klynger "
    + "driftsstøtte etter artikkel 27 til egne kostnader.", `${CHECKER_CANNOT}#artikkel-27-klynger`, "Klynger og artikkel 27"],
};

// Beside every participant's limit: the checker reads a participant's kind, not its legal form.
const institutesNote = (round) => ["Et forskningsinstitutt eller katapultsenter som er et aksjeselskap, er et foretak med "
  + "egne grenser etter artikkelen (et stort foretak får mindre, etter artikkel 29 kanskje ingenting), mens sjekkeren "
  + `holder alle som ikke er bedrifter, til rundens tak på ${share(round.max_share)}.`,
  `${CHECKER_CANNOT}#institutter-som-er-foretak`, "Institutter som er foretak"];

// What the option that gives the most is called: the checker cannot advise (contract §2.1.4).
const most = () => text("options.most");

function optionName(option, form = "") {
  const name = capitalise(label("aid_basis", option.aid_basis, form));
  return option.rd_category ? `${name}, ${label("rd_category", option.rd_category)}` : name;
}

export const sameOption = (a, b) => !!a && !!b
  && a.aid_basis === b.aid_basis && (a.rd_category ?? null) === (b.rd_category ?? null);

/** The option the applicant has chosen (article 25 only with its category), or undefined. */
export function chosenOption(report, project) {
  const basis = project?.aid_basis ?? null;
  const rd = basis === "gber_25" ? project?.rd_category ?? null : null;
  if (!basis || (basis === "gber_25" && !rd)) return undefined;
  return report.options?.find((o) => sameOption(o, { aid_basis: basis, rd_category: rd }));
}

/** "2 200 000 kr", "1 900 000–2 200 000 kr", or null while no participant's costs are given. */
export function amountText(option) {
  const low = option.max_grant_nok;
  const high = option.max_grant_upper_nok;
  if (low === null || low === undefined) return null;
  if (high === low) return kroner(low);
  return `${kroner(low).replace(/\s*kr$/, "")}–${kroner(high)}`;
}

function bar(option, scale) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 100 10");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `checker-bar checker-bar--${option.verdict}`);
  const width = (value) => String(scale ? Math.max(0, (100 * (value ?? 0)) / scale) : 0);
  const rect = (cls, w) => {
    const r = document.createElementNS(SVG, "rect");
    for (const [k, v] of Object.entries({ class: cls, width: w, height: "10" })) r.setAttribute(k, v);
    return r;
  };
  // The certain amount over the most the open answers could allow, over the whole scale.
  svg.append(rect("checker-bar-track", "100"),
    rect("checker-bar-open", width(option.max_grant_upper_nok)),
    rect("checker-bar-certain", width(option.max_grant_nok)));
  return svg;
}

function chart(options, recommended) {
  const scale = Math.max(1, ...options.map((o) => o.max_grant_upper_nok ?? 0));
  return h("table", { class: "checker-options-chart" },
    h("caption", {}, "Største mulige støtte etter reglene, per støttegrunnlag. Den lyse delen av en stolpe er det svar som mangler, kan gi i tillegg."),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Støttegrunnlag"),
      h("th", { scope: "col" }, "Største mulige støtte"))),
    h("tbody", {}, options.map((o) => h("tr", { class: sameOption(o, recommended) ? "checker-options-chart-best" : null },
      h("th", { scope: "row" }, optionName(o, "short"), sameOption(o, recommended) ? ` (${most().toLowerCase()})` : null),
      h("td", {},
        h("span", { class: "checker-bar-value" }, amountText(o) ?? `høyst ${kroner(o.max_grant_upper_nok)}`),
        o.verdict === "not_eligible" ? ` (${label("verdict", "not_eligible", "short")})` : null,
        bar(o, scale))))));
}

function ruleLinks(option, status, catalogue) {
  const ids = Object.entries(option.rules).filter(([, s]) => s === status).map(([id]) => id);
  if (!ids.length) return null;
  const label = status === "fail" ? "Ikke oppfylt: " : "Mangler svar: ";
  return h("p", { class: `checker-option-rules checker-option-rules--${status}` }, label,
    ids.map((id, i) => {
      const rule = catalogue[id] || { title: id };
      const href = sourceHref(rule.source);
      return [i ? ", " : "", href ? h("a", { href, dataset: { optionRule: id } }, rule.title)
        : h("span", { dataset: { optionRule: id } }, rule.title)];
    }), ".");
}

// How a figure was reached (contract §2.2): its terms in order, each with a link to its paragraph.
function whyList(terms, context) {
  return h("ul", { class: "checker-why" }, terms.map((term) => {
    const href = sourceHref(term.source);
    return h("li", {}, h("span", { class: "checker-why-text" }, term.text), href
      ? [" ", h("a", { href }, "Kilde", srOnly(`: ${context}`))] : null);
  }));
}

// One line on what the checker cannot assess, and the paragraph that explains it.
function cannotNote(note) {
  if (!note) return null;
  const [text, href, title] = note;
  return h("p", { class: "checker-help checker-option-cannot" }, text, " ", h("a", { href }, title));
}

function limitsTable(option, names, round) {
  if (!option.participants.length) {
    return h("p", {}, "Ingen deltaker har oppgitt kostnader ennå, så sjekkeren kan ikke regne ut grensene.");
  }
  const withCosts = new Set(option.participants.map((p) => p.participant));
  const missing = names.filter((_, i) => !withCosts.has(i));
  return [
    h("table", { class: "checker-limits" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Deltaker"),
        h("th", { scope: "col" }, "Høyst, med svarene som er gitt"),
        h("th", { scope: "col" }, "Høyst, om svarene som mangler faller gunstig ut"),
        h("th", { scope: "col" }, "Slik er grensen regnet ut"))),
      h("tbody", {}, option.participants.map((p) => {
        const name = names[p.participant] || `Deltaker ${p.participant + 1}`;
        return h("tr", { dataset: { participant: String(p.participant) } },
          h("th", { scope: "row" }, name),
          h("td", {}, kroner(p.max_aid_nok)),
          h("td", {}, kroner(p.max_aid_upper_nok)),
          h("td", {}, whyList(p.why || [], name)));
      }))),
    missing.length
      ? h("p", {}, `Uten oppgitte kostnader, og derfor uten egen grense: ${missing.join(", ")}.`)
      : null,
    cannotNote(institutesNote(round)),
  ];
}

// Built when first opened: with 200 participants, seven tables would weigh on every answer.
// `open`: the reader had it open before this answer came, so it stays open.
function limitsDetails(option, names, open, round) {
  const details = h("details", { class: "checker-option-limits" },
    h("summary", {}, "Grensen for hver deltaker, og hvordan den er regnet ut"));
  const fill = () => {
    if (details.open && details.childElementCount === 1) append(details, limitsTable(option, names, round));
  };
  details.addEventListener("toggle", fill);
  details.open = open;
  fill();
  return details;
}

const optionKey = (option) => `${option.aid_basis}/${option.rd_category ?? ""}`;

function card(option, { recommended, chosen, catalogue, names, onUse, opened, round }) {
  const isBest = sameOption(option, recommended);
  const isChosen = sameOption(option, chosen);
  const name = optionName(option);
  const amount = amountText(option);
  const dataset = {
    optionKey: optionKey(option),
    option: option.aid_basis,
    verdict: option.verdict,
    maxGrant: option.max_grant_nok === null ? "" : String(option.max_grant_nok),
  };
  if (option.rd_category) dataset.rdCategory = option.rd_category;
  if (isBest) dataset.recommended = "";
  if (isChosen) dataset.chosen = "";
  const use = h("button", { type: "button", class: "md-button checker-use", disabled: isChosen },
    isChosen ? "Dette grunnlaget er valgt" : "Bruk dette grunnlaget", srOnly(`: ${name}`));
  if (!isChosen) use.addEventListener("click", () => onUse(option));
  return h("li", { class: `checker-option-card checker-option-card--${option.verdict}${isBest ? " checker-option-card--recommended" : ""}`, dataset },
    isBest || isChosen ? h("p", { class: "checker-option-flags" },
      isBest ? h("span", { class: "checker-badge" }, most()) : null,
      isChosen ? h("span", { class: "checker-badge checker-badge--chosen" }, "Valgt i skjemaet") : null) : null,
    h("h4", {}, name),
    h("p", { class: "checker-option-covers" }, `Gjelder: ${label("aid_basis", option.aid_basis, "covers")} `
      + "Innovasjon Norge avgjør om prosjektets aktiviteter passer. ",
      h("a", { href: pageHref("aid_basis", option.aid_basis) }, "Om grunnlaget", srOnly(`: ${name}`))),
    cannotNote(CANNOT[option.aid_basis]?.(option)),
    h("p", { class: "checker-option-verdict" }, capitalise(label("verdict", option.verdict, "short"))),
    h("p", { class: "checker-option-amount" },
      amount === null
        ? `Sikker grense: ingen før deltakernes kostnader er oppgitt. Høyst ${kroner(option.max_grant_upper_nok)}.`
        : option.max_grant_upper_nok === option.max_grant_nok ? `Høyst ${amount}.`
          : `Høyst ${amount}, avhengig av svarene som mangler.`),
    whyList(option.why || [], name),
    ruleLinks(option, "fail", catalogue),
    ruleLinks(option, "missing", catalogue),
    option.aid_basis === "de_minimis"
      ? h("p", { class: "checker-help" }, "Foretak i samme konsern deler ett tak for bagatellmessig støtte. Sjekkeren gir hver deltaker et helt tak, så har flere deltakere samme eier, må dere legge sammen støtten deres selv. ",
        h("a", { href: "../statsstotte/bagatellmessig-stotte/#tak" }, "Om taket"))
      : null,
    limitsDetails(option, names, opened.has(optionKey(option)), round),
    use);
}

/**
 * The comparison section. `catalogue`: rule id -> {title, source}; `names`: the participants'
 * names by index; `chosen`: the option the form has chosen; `onUse(option)`: set the form's
 * basis to an option.
 */
function renderOptions(container, report, { catalogue, names, chosen, onUse, round }) {
  const options = report.options || [];
  if (!options.length) {
    container.replaceChildren();
    return;
  }
  const recommended = report.recommended;
  // Every answer redraws the section; what the reader opened stays open.
  const opened = new Set([...container.querySelectorAll(".checker-option-limits[open]")]
    .map((details) => details.closest("[data-option]").dataset.optionKey));
  container.replaceChildren(h("section", { "aria-labelledby": "checker-grunnlag-tittel" },
    h("h3", { id: "checker-grunnlag-tittel" }, text("options.heading")),
    h("p", {}, "Slik ville søknaden bli vurdert med hvert støttegrunnlag utlysningen tillater, med det mest reglene gir for konsortiet slik dere har beskrevet det. ",
      h("strong", {}, text("options.decides")),
      " ", h("a", { href: "../sjekkeren-vurderer/#grensene" }, "Slik regnes grensene ut")),
    recommended
      ? h("p", { class: "checker-options-best" }, `${most()}: ${optionName(recommended)}.`)
      : h("p", { class: "checker-options-best" }, text("options.none")),
    chart(options, recommended),
    h("ul", { class: "checker-option-cards" },
      options.map((o) => card(o, { recommended, chosen, catalogue, names, onUse, opened, round })))));
}

/**
 * The comparison on the page: show(report, catalogue) draws it for the store's draft, clear()
 * empties it. «Bruk dette grunnlaget» changes the basis (and article 25's category) and
 * nothing else. `notify` and `focusField` come from the page's layout and form.
 */
export function mountOptions(container, store, { notify, focusField }) {
  const use = (option) => {
    const project = store.draft.project || {};
    store.update(["project"], {
      ...project, aid_basis: option.aid_basis, ...(option.rd_category ? { rd_category: option.rd_category } : {}),
    });
    notify(`Støttegrunnlaget i skjemaet er nå ${optionName(option).toLowerCase()}.`);
    focusField(fieldId(["project", "aid_basis"]));
  };
  // The printed self-assessment shows how the chosen basis's limits were reached.
  let printing = [];
  window.addEventListener("beforeprint", () => {
    printing = [...container.querySelectorAll("[data-chosen] .checker-option-limits:not([open])")];
    for (const details of printing) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of printing) details.open = false;
    printing = [];
  });
  return {
    show(report, catalogue) {
      const draft = store.draft;
      renderOptions(container, report, {
        catalogue, chosen: chosenOption(report, draft.project), onUse: use, round: roundData(draft.round),
        names: draft.participants.map((p, i) => p.name || participantLegend(i, "")),
      });
    },
    clear: () => container.replaceChildren(),
  };
}
