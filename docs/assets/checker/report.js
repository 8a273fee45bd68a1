// The report (contract §2) as the reader sees it: the verdict, the findings grouped by status
// with a "Les mer" link to the paragraph behind each rule, the estimate, input errors beside
// their fields and in a list, the comparison of every basis (options.js), and "Dine svar".

import { renderAnswers } from "./answers.js";
import { debounce } from "./debounce.js";
import { h, srOnly } from "./dom.js";
import { parsePath } from "./draft.js";
import { fieldName, showErrors } from "./form.js";
import { share, sourceHref, today } from "./format.js";
import { amountText, chosenOption } from "./options.js";
import { capitalise, checkerData, label } from "./vocabulary.js";

const ANSWERS_DELAY_MS = 250;

// What each verdict means for the reader, under its name from the vocabulary (read when shown:
// the vocabulary is the page's, there once the page is parsed).
const VERDICT_TEXTS = {
  eligible: () => "Ut fra svarene dine oppfyller prosjektet kravene sjekkeren vurderer. Innovasjon Norge vurderer i tillegg innovasjonshøyde, risiko og kvalitet.",
  not_eligible: () => `Minst ett krav er ikke oppfylt slik søknaden er beskrevet. Se «${capitalise(label("status", "fail"))}» under.`,
  incomplete: () => "Ingen krav er brutt så langt, men noen svar mangler før sjekkeren kan konkludere.",
};

/** Fill the live verdict element; touches the DOM only when the verdict changed. */
function showVerdict(el, verdict) {
  if (el.dataset.verdict === verdict) return;
  const title = capitalise(label("verdict", verdict));
  const text = VERDICT_TEXTS[verdict]();
  el.dataset.verdict = verdict;
  el.className = `checker-verdict checker-verdict--${verdict}`;
  el.replaceChildren(h("p", { class: "checker-verdict-title", text: title }), h("p", { text }));
}

/** A verdict placeholder while there is no report (loading, input errors, failure). */
export function clearVerdict(el, text) {
  if (!el.dataset.verdict && el.textContent === text) return;
  delete el.dataset.verdict;
  el.className = "checker-verdict checker-verdict--none";
  el.replaceChildren(h("p", { text }));
}

// What a rule's result cannot show by itself, said beside it (not for "does not apply").
const NOTES = {
  "aid.de_minimis": "Foretak i samme konsern deler ett tak. Sjekkeren sammenligner hver deltaker med et helt tak, så har flere deltakere samme eier, må dere legge sammen støtten deres selv.",
};

function findingItem(finding, titles) {
  const title = titles[finding.rule] || finding.rule;
  const href = sourceHref(finding.source);
  const note = finding.status !== "info" ? NOTES[finding.rule] : null;
  return h("li", { class: `checker-finding checker-finding--${finding.status}`, dataset: { rule: finding.rule, status: finding.status } },
    h("p", { class: "checker-finding-title", text: title }),
    h("p", { class: "checker-finding-message", text: finding.message }),
    note ? h("p", { class: "checker-finding-note", text: note }) : null,
    href ? h("p", { class: "checker-finding-source" },
      h("a", { href }, "Les mer", srOnly(`: ${title}`))) : null);
}

/** The findings grouped by status, each group a heading and a list. */
function renderFindings(container, findings, titles) {
  // The vocabulary lists the statuses worst first, the order the reader scans them in.
  const groups = checkerData().vocabulary.status.map(({ value: status, label: name }) => {
    const heading = capitalise(name);
    const items = findings.filter((f) => f.status === status);
    if (!items.length) return null;
    const id = `checker-gruppe-${status}`;
    return h("section", { class: `checker-findings checker-findings--${status}`, "aria-labelledby": id },
      h("h3", { id }, `${heading} (${items.length})`),
      h("ul", {}, items.map((f) => findingItem(f, titles))));
  });
  container.replaceChildren(...groups.filter(Boolean));
}

/**
 * The estimate (contract §2 "estimate"), with the most the chosen aid basis allows taken from
 * its option (§2.1): the call's 50 % of the total alone says too much where a participant's own
 * limit is lower. `chosenAmount`: that option's amount text; null while it cannot be worked out;
 * undefined while no basis (or no article 25 category) is chosen.
 */
function renderEstimate(container, estimate, chosenAmount) {
  const rows = [
    ["Største mulige støtte med valgt grunnlag", chosenAmount, (text) => text,
      chosenAmount === undefined ? "Velg støttegrunnlag, eller se sammenligningen under."
        : "Oppgi deltakernes kostnader for å se beløpet."],
    ["Høyeste støtteandel", estimate?.max_share, share, "–"],
    ["Søkt støtteandel", estimate?.requested_share, share, "Oppgi søkt beløp og samlede kostnader."],
  ];
  container.replaceChildren(
    h("h3", { text: "Anslag" }),
    h("dl", { class: "checker-estimate-list" }, rows.map(([term, value, format, none]) => [
      h("dt", { text: term }),
      value === null || value === undefined
        ? h("dd", { class: "checker-unknown", text: none })
        : h("dd", { text: format(value) }),
    ])));
}

/** The list of input errors at the top of the report, each linking to its field. */
function renderErrorSummary(container, errors, nameOf, onFollow) {
  if (!errors.length) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  container.hidden = false;
  container.replaceChildren(
    h("h3", { id: "checker-feil-tittel", text: errors.length === 1 ? "Ett svar må rettes" : `${errors.length} svar må rettes` }),
    h("p", { text: "Sjekkeren kan ikke vurdere søknaden før dette er rettet. Det du har skrevet, er beholdt." }),
    h("ul", {}, errors.map((error) => h("li", {},
      error.target
        ? h("a", { href: `#${error.target}`, onclick: (event) => { event.preventDefault(); onFollow(error.target); } },
          `${nameOf(error.target)}: ${error.message}`)
        : `${error.path || "Søknaden"}: ${error.message}`))));
}

/**
 * The report part of the page. show(result) draws a worker's answer (a report, input errors or
 * an unexpected failure); rules(catalogue) gives the rule titles once the checker is ready.
 * "Dine svar" follows the store's draft. `options` is the comparison (options.js), `form` the
 * form's focusField.
 */
export function mountReport(ui, store, { options, focusField }) {
  let titles = {};
  let catalogue = {};
  const answers = debounce(() => renderAnswers(ui.answers, store.draft), ANSWERS_DELAY_MS);
  store.subscribe((event) => {
    if (event.type !== "draft") return;
    if (event.cause === "input") answers();
    else answers.now();
  });
  answers.now();

  return {
    rules(list) {
      titles = Object.fromEntries(list.map((rule) => [rule.id, rule.title]));
      catalogue = Object.fromEntries(list.map((rule) => [rule.id, rule]));
    },
    show(result) {
      const errors = showErrors(ui.form, result.errors || [], parsePath);
      renderErrorSummary(ui.errors, errors, (id) => fieldName(ui.form, id), focusField);
      if (result.report) {
        const report = result.report;
        const chosen = chosenOption(report, store.draft.project);
        showVerdict(ui.verdict, report.verdict);
        renderEstimate(ui.estimate, report.estimate, chosen && amountText(chosen));
        options.show(report, catalogue);
        renderFindings(ui.findings, report.findings, titles);
        ui.printDate.textContent = `Vurdert ${today()}.`;
        return;
      }
      ui.estimate.replaceChildren();
      options.clear();
      ui.findings.replaceChildren();
      if (result.errors) {
        clearVerdict(ui.verdict, "Resultatet vises når svarene som er merket, er rettet.");
      } else {
        console.error("Sjekkeren:", result.fatal);
        clearVerdict(ui.verdict, "Sjekkeren fikk en uventet feil med disse svarene. Eksporter svarene og send dem gjerne til oss.");
      }
    },
  };
}
