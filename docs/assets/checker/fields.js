// The questions of the checker form: one entry per key of the application format
// (contract §1), with its bokmål label, short help and the paragraph that settles it.
// Links are relative to the checker page (/sjekk/); the anchors are the ones the site promises.
// The choices and every figure come from the vocabulary and the round's data (vocabulary.js):
// `fieldsFor(round)` gives the questions of one round, whose call has its own objectives,
// requirements and work areas, and its own page with the call text.
//
// Field types and how an answer is stored in the draft (null always means "not answered"):
//   text     string, empty -> null
//   integer  whole number; spaces allowed while typing; empty -> null; anything else is kept as
//            typed so the checker can name the problem and nothing is lost
//   decimal  like integer, but a comma or point decimal is allowed (annual work units)
//   date     "YYYY-MM-DD", empty -> null
//   select   one of options, "" -> null
//   choice   radio group of options plus "Ikke svart" -> null
//   yesno    radio group Ja / Nei / Ikke svart -> true / false / null
//   check    single checkbox -> true / false (keys whose default is false)
//   multi    checkboxes plus an exclusive "Ingen av disse" -> list; nothing ticked -> null

import { capitalise, checkerData, choices, label, pageHref, roundData } from "./vocabulary.js";

export const UNANSWERED = "Ikke svart";

// Every key the format allows at the top, for checking imported files (contract §1: unknown
// keys are errors).
export const TOP_KEYS = ["version", "round", "submission_date", "project", "participants"];

const SME_LINK = ["../statsstotte/smb-definisjonen/", "SMB-definisjonen"];
const items = (list) => list.map(({ value, label }) => [value, label]);

function build(r) {
  const call = `../${r.call_page}`;
  const composition = [call + "#krav-til-sammensetning", "Krav til sammensetning"];
  const roundFields = [
    {
      key: "round", type: "select", label: "Utlysningsrunde", required: true,
      options: checkerData().rounds.map((round) => [round.round, round.title]),
      help: "Hvilken runde av utlysningen søknaden gjelder. Reglene for runden brukes.",
      link: [call, `Utlysningen: ${r.title}`],
    },
    {
      key: "submission_date", type: "date", label: "Dato søknaden sendes",
      help: "Planlagt eller faktisk dato. Søknaden må være sendt innen fristen.",
      link: [call + "#frist", "Frist"],
    },
  ];
  const projectDateFields = [
    {
      key: "start_date", type: "date", label: "Planlagt oppstart av prosjektet",
      help: "Den første aktiviteten eller den første bindende avtalen for prosjektet (vår lesning). Start, og signer "
        + "ingenting for prosjektet, først når Innovasjon Norge har bekreftet på e-post at søknaden er mottatt: "
        + "Innovasjon Norge regner søknaden fra den er registrert hos dem, ikke fra den ble sendt, og alle søkere "
        + "får en slik e-post. Vår lesning: samme dag som søknaden sendes, er for tidlig.",
      link: ["../statsstotte/insentiveffekt/#start", "Når arbeidet starter"],
    },
    {
      key: "end_date", type: "date", label: "Planlagt slutt på prosjektet",
      help: "Kan ikke være før oppstart.",
    },
  ];
  const participantFields = [
    {
      key: "name", type: "text", label: "Navn", required: true, autocomplete: "organization",
      help: "Navnet på virksomheten, slik det står i registeret.",
    },
    {
      key: "kind", type: "select", label: "Type aktør", options: choices("kind"), blank: "Velg type",
      help: `Minst ${r.min_companies} bedrifter. Offentlige aktører og forskningsinstitutter kan delta, men ikke være prosjekteier.`,
      link: composition,
    },
    {
      key: "org_number", type: "text", label: "Organisasjonsnummer", inputmode: "numeric",
      help: "Ni siffer. Mellomrom er lov.",
      link: ["../sjekkeren-vurderer/#organisasjonsnummer", "Hvordan nummeret sjekkes"],
    },
    {
      key: "business_register", type: "yesno", label: "Registrert i Foretaksregisteret?",
      help: "Bedriftene som teller med, må være registrert i Foretaksregisteret i Norge.",
      link: composition,
    },
    {
      key: "nic_cluster", type: "choice", label: "Medlem av en klynge i Norwegian Innovation Clusters (NIC)?",
      options: choices("nic_cluster"),
      help: "For en klyngeorganisasjon: er eller var klyngen selv med i NIC?",
      link: [call + "#hvem-kan-soke", "Hvem kan søke"],
    },
    {
      key: "business_network", type: "yesno", label: "Aktiv kunde i ordningen bedriftsnettverk?",
      help: "Aktive bedriftsnettverk-kunder kan også søke.",
      link: [call + "#hvem-kan-soke", "Hvem kan søke"],
    },
    {
      key: "size", type: "select", label: "Størrelse", options: choices("size"),
      blank: "Vet ikke – beregn fra tallene under",
      help: "Etter EUs SMB-definisjon. Vet du ikke, fyll ut årsverk, omsetning og balanse.",
      link: SME_LINK,
    },
    { key: "employees", type: "decimal", label: "Antall årsverk", help: "Brukes bare når størrelsen ikke er valgt.", link: SME_LINK },
    { key: "turnover_eur", type: "integer", label: "Årsomsetning i euro", help: "Brukes bare når størrelsen ikke er valgt.", link: SME_LINK },
    { key: "balance_sheet_eur", type: "integer", label: "Balansesum i euro", help: "Brukes bare når størrelsen ikke er valgt.", link: SME_LINK },
    {
      key: "project_owner", type: "check", label: "Denne deltakeren er prosjekteier",
      help: "Nøyaktig én deltaker er prosjekteier, og ikke en offentlig aktør, et forskningsinstitutt eller et universitet.",
      link: [call + "#prosjekteier-og-prosjektleder", "Prosjekteier og prosjektleder"],
    },
    {
      key: "eligible_costs_nok", type: "integer", label: "Støtteberettigede kostnader i kroner",
      help: "Deltakerens del av prosjektets kostnader.",
      link: [call + "#stottebelop", "Støttebeløp"],
    },
    {
      key: "aid_nok", type: "integer", label: "Støtte til deltakeren i kroner",
      help: "Deltakerens del av beløpet dere søker om.",
      link: [call + "#krav-til-stotte", "Krav til støtte"],
    },
    {
      key: "de_minimis_received_nok", type: "integer", label: "Bagatellmessig støtte mottatt før, i kroner",
      help: "Støtte deltakeren og andre selskaper i samme konsern har fått i perioden taket gjelder for; den står i tilsagnsbrevene. Skriv 0 hvis ingen.",
      link: ["../statsstotte/bagatellmessig-stotte/#tak", "Taket for bagatellmessig støtte"],
    },
    {
      key: "in_difficulty", type: "yesno", label: "Er deltakeren et foretak i vanskeligheter?",
      help: "Gjelder støtte etter gruppeunntaket.",
      link: ["../statsstotte/foretak-i-vanskeligheter/#vilkar", "Foretak i vanskeligheter"],
    },
    {
      key: "recovery_order", type: "yesno", label: "Har deltakeren et utestående krav om å betale tilbake ulovlig støtte?",
      help: "Gjelder støtte etter gruppeunntaket.",
      link: ["../statsstotte/foretak-i-vanskeligheter/#vilkar", "Foretak i vanskeligheter"],
    },
    {
      key: "motivation_attached", type: "yesno", label: "Er deltakerens mål og motivasjon lagt ved søknaden?",
      help: "Hver deltakende bedrift legger ved sine mål for prosjektet og motivasjonen for å delta.",
      link: [call + "#vedlegg", "Vedlegg"],
    },
    {
      key: "de_minimis_declaration", type: "yesno", label: "Er erklæringen om bagatellmessig støtte lagt ved?",
      help: "Ved bagatellmessig støtte leverer hver virksomhet et skjema som bekrefter tilgjengelig ramme.",
      link: [call + "#bagatellmessig-stotte", "Bagatellmessig støtte"],
    },
  ];
  const requirements = items(r.requirements);
  const projectFields = [
    { key: "title", type: "text", label: "Prosjektets tittel", help: "Brukes i utskriften." },
    {
      key: "objectives", type: "multi", label: "Hvilke av utlysningens målsetninger bidrar prosjektet til?",
      options: items(r.objectives),
      help: "Minst én må passe. Ingenting krysset av betyr at du ikke har svart ennå.",
      link: [call + "#malsetninger", "Målsetninger"],
    },
    {
      key: "requirements", type: "group", label: "Alle prosjekter skal …",
      help: `Utlysningen krever alle ${requirements.length} punktene.`,
      link: [call + "#alle-prosjekter-skal", "Alle prosjekter skal"],
      fields: requirements.map(([key, label]) => ({ key, type: "yesno", label })),
    },
    {
      key: "activities", type: "multi", label: "Hvilke arbeidsområder har prosjektet?",
      options: items(r.activities),
      help: "Ingenting krysset av betyr at du ikke har svart ennå.",
      link: [call + "#arbeidsomrader", "Aktuelle arbeidsområder"],
    },
    {
      key: "total_cost_nok", type: "integer", label: "Prosjektets samlede støtteberettigede kostnader i kroner",
      help: "Summen av deltakernes kostnader.",
      link: [call + "#stottebelop", "Støttebeløp"],
    },
    {
      key: "requested_nok", type: "integer", label: "Beløp dere søker om fra Innovasjon Norge, i kroner",
      help: "Utlysningen nevner et beløp i størrelsesorden per prosjekt og en øvre støtteandel.",
      link: [call + "#stottebelop", "Støttebeløp"],
    },
    {
      // The round's bases are offered; a file may name any basis of the format (the checker then
      // finds it not allowed, aid.basis), so the form shows it and the shape check accepts it.
      key: "aid_basis", type: "select", label: "Grunnlag for støtten", blank: "Ikke valgt",
      options: choices("aid_basis", r.aid_bases), allOptions: choices("aid_basis"),
      help: "Bagatellmessig støtte eller en av artiklene i gruppeunntaket, slik utlysningen tillater.",
      link: [call + "#krav-til-stotte", "Krav til støtte"],
    },
    {
      key: "rd_category", type: "select", label: "Kategori forskning og utvikling", blank: "Ikke valgt",
      // Shown for article 25, and whenever it holds an answer (so nothing hidden can be wrong).
      showIf: (project) => project.aid_basis === "gber_25" || (project.rd_category ?? null) !== null,
      options: choices("rd_category"),
      help: "Bare for artikkel 25. Kategorien bestemmer støtteintensiteten.",
      link: [pageHref("aid_basis", "gber_25"), capitalise(label("aid_basis", "gber_25", "short"))],
    },
  ];
  return {
    ROUND_FIELDS: roundFields,
    PROJECT_DATE_FIELDS: projectDateFields,
    PARTICIPANT_FIELDS: participantFields,
    PROJECT_FIELDS: projectFields,
    REQUIREMENTS: requirements,
    PROJECT_KEYS: [...projectDateFields, ...projectFields].map((f) => f.key),
    PARTICIPANT_KEYS: participantFields.map((f) => f.key),
  };
}

const built = new Map();

/** The form's questions for a round (the newest round's while the draft names none it knows). */
export function fieldsFor(roundId) {
  const r = roundData(roundId);
  if (!built.has(r.round)) built.set(r.round, build(r));
  return built.get(r.round);
}
