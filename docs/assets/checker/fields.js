// The questions of the checker form: one entry per key of the application format
// (contract §1), with its bokmål label, short help and the paragraph that settles it.
// Links are relative to the checker page (/sjekk/); the anchors are the ones the site promises.
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

const CALL = "../utlysning/";

export const UNANSWERED = "Ikke svart";

export const ROUND_FIELDS = [
  {
    key: "round", type: "select", label: "Utlysningsrunde", required: true,
    options: [], // filled from the page's list of rounds
    help: "Hvilken runde av utlysningen søknaden gjelder. Reglene for runden brukes.",
    link: [CALL + "#soknader-2023", "Søknader for 2023"],
  },
  {
    key: "submission_date", type: "date", label: "Dato søknaden sendes",
    help: "Planlagt eller faktisk dato. Søknaden må være sendt innen fristen.",
    link: [CALL + "#frist", "Frist"],
  },
];

export const PROJECT_DATE_FIELDS = [
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

const SME_LINK = ["../statsstotte/smb-definisjonen/", "SMB-definisjonen"];
const YESNO_HELP_LINK = [CALL + "#krav-til-sammensetning", "Krav til sammensetning"];

export const KINDS = [
  ["company", "Bedrift"],
  ["cluster_organisation", "Klyngeorganisasjon"],
  ["research_institute", "Forskningsinstitutt"],
  ["university", "Universitet eller høgskole"],
  ["catapult_centre", "Katapultsenter"],
  ["public_body", "Offentlig aktør"],
  ["other", "Annen aktør"],
];

export const PARTICIPANT_FIELDS = [
  {
    key: "name", type: "text", label: "Navn", required: true, autocomplete: "organization",
    help: "Navnet på virksomheten, slik det står i registeret.",
  },
  {
    key: "kind", type: "select", label: "Type aktør", options: KINDS, blank: "Velg type",
    help: "Minst tre bedrifter. Offentlige aktører og forskningsinstitutter kan delta, men ikke være prosjekteier.",
    link: YESNO_HELP_LINK,
  },
  {
    key: "org_number", type: "text", label: "Organisasjonsnummer", inputmode: "numeric",
    help: "Ni siffer. Mellomrom er lov.",
    link: ["../sjekkeren-vurderer/#organisasjonsnummer", "Hvordan nummeret sjekkes"],
  },
  {
    key: "business_register", type: "yesno", label: "Registrert i Foretaksregisteret?",
    help: "Bedriftene som teller med, må være registrert i Foretaksregisteret i Norge.",
    link: YESNO_HELP_LINK,
  },
  {
    key: "nic_cluster", type: "choice", label: "Medlem av en klynge i Norwegian Innovation Clusters (NIC)?",
    options: [["current", "Ja, en nåværende NIC-klynge"], ["former", "Ja, en tidligere NIC-klynge"], ["none", "Nei"]],
    help: "For en klyngeorganisasjon: er eller var klyngen selv med i NIC?",
    link: [CALL + "#hvem-kan-soke", "Hvem kan søke"],
  },
  {
    key: "business_network", type: "yesno", label: "Aktiv kunde i ordningen bedriftsnettverk?",
    help: "Aktive bedriftsnettverk-kunder kan også søke.",
    link: [CALL + "#hvem-kan-soke", "Hvem kan søke"],
  },
  {
    key: "size", type: "select", label: "Størrelse",
    options: [["micro", "Mikrobedrift"], ["small", "Liten bedrift"], ["medium", "Mellomstor bedrift"], ["large", "Stor bedrift"]],
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
    link: [CALL + "#prosjekteier-og-prosjektleder", "Prosjekteier og prosjektleder"],
  },
  {
    key: "eligible_costs_nok", type: "integer", label: "Støtteberettigede kostnader i kroner",
    help: "Deltakerens del av prosjektets kostnader.",
    link: [CALL + "#stottebelop", "Støttebeløp"],
  },
  {
    key: "aid_nok", type: "integer", label: "Støtte til deltakeren i kroner",
    help: "Deltakerens del av beløpet dere søker om.",
    link: [CALL + "#krav-til-stotte", "Krav til støtte"],
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
    link: [CALL + "#vedlegg", "Vedlegg"],
  },
  {
    key: "de_minimis_declaration", type: "yesno", label: "Er erklæringen om bagatellmessig støtte lagt ved?",
    help: "Ved bagatellmessig støtte leverer hver virksomhet et skjema som bekrefter tilgjengelig ramme.",
    link: [CALL + "#bagatellmessig-stotte", "Bagatellmessig støtte"],
  },
];

export const REQUIREMENTS = [
  ["scalable_results", "Har ambisjoner om resultater som kan spres og skaleres nasjonalt og internasjonalt"],
  ["national_innovation_high_risk", "Innebærer innovasjon minst på nasjonalt nivå, med høy prosjektrisiko"],
  ["new_business_models_or_digitalisation", "Fører til nye forretningsmodeller og/eller økt digitalisering"],
  ["competence_for_green_value_chains", "Fører til kompetanse som trengs for nye grønne verdikjeder"],
  ["value_creation_and_competitiveness", "Fører til økt verdiskaping og styrket konkurransekraft hos deltakerne"],
  ["continuation_plan", "Har en plan for å videreføre eller ta i bruk resultatene"],
];

export const PROJECT_FIELDS = [
  { key: "title", type: "text", label: "Prosjektets tittel", help: "Brukes i utskriften." },
  {
    key: "objectives", type: "multi", label: "Hvilke av utlysningens målsetninger bidrar prosjektet til?",
    options: [
      ["industrial_symbiosis", "Industrielle symbioser mellom aktører"],
      ["circular_value_chain", "Nye sirkulære verdikjeder for råstoff, materialer eller gjenstander"],
      ["reduced_virgin_resources_or_emissions", "Mindre bruk av jomfruelige råvarer og/eller lavere klimagassutslipp"],
    ],
    help: "Minst én må passe. Ingenting krysset av betyr at du ikke har svart ennå.",
    link: [CALL + "#malsetninger", "Målsetninger"],
  },
  {
    key: "requirements", type: "group", label: "Alle prosjekter skal …",
    help: "Utlysningen krever alle seks punktene.",
    link: [CALL + "#alle-prosjekter-skal", "Alle prosjekter skal"],
    fields: REQUIREMENTS.map(([key, label]) => ({ key, type: "yesno", label })),
  },
  {
    key: "activities", type: "multi", label: "Hvilke arbeidsområder har prosjektet?",
    options: [
      ["facilitation_coordination", "Fasilitering og koordinering av samarbeid på tvers av virksomheter, klynger og sektorer"],
      ["innovation_collaboration", "Innovasjonssamarbeid om underlag for nye produkter eller prosesser"],
      ["concept_business_model", "Konseptutvikling og forretningsmodell"],
      ["knowledge_gathering", "Kunnskaps- og erfaringsinnhenting"],
    ],
    help: "Ingenting krysset av betyr at du ikke har svart ennå.",
    link: [CALL + "#arbeidsomrader", "Aktuelle arbeidsområder"],
  },
  {
    key: "total_cost_nok", type: "integer", label: "Prosjektets samlede støtteberettigede kostnader i kroner",
    help: "Summen av deltakernes kostnader.",
    link: [CALL + "#stottebelop", "Støttebeløp"],
  },
  {
    key: "requested_nok", type: "integer", label: "Beløp dere søker om fra Innovasjon Norge, i kroner",
    help: "Utlysningen nevner et beløp i størrelsesorden per prosjekt og en øvre støtteandel.",
    link: [CALL + "#stottebelop", "Støttebeløp"],
  },
  {
    key: "aid_basis", type: "select", label: "Grunnlag for støtten", blank: "Ikke valgt",
    options: [
      ["de_minimis", "Bagatellmessig støtte"],
      ["gber_25", "Gruppeunntaket artikkel 25: forskning og utvikling"],
      ["gber_27", "Gruppeunntaket artikkel 27: innovasjonsklynger"],
      ["gber_29", "Gruppeunntaket artikkel 29: prosess- og organisasjonsinnovasjon"],
      ["gber_49", "Gruppeunntaket artikkel 49: miljøstudier"],
    ],
    help: "Bagatellmessig støtte eller en av artiklene i gruppeunntaket.",
    link: [CALL + "#krav-til-stotte", "Krav til støtte"],
  },
  {
    key: "rd_category", type: "select", label: "Kategori forskning og utvikling", blank: "Ikke valgt",
    // Shown for article 25, and whenever it holds an answer (so nothing hidden can be wrong).
    showIf: (project) => project.aid_basis === "gber_25" || (project.rd_category ?? null) !== null,
    options: [
      ["industrial_research", "Industriell forskning"],
      ["experimental_development", "Eksperimentell utvikling"],
      ["feasibility_study", "Gjennomførbarhetsstudie"],
    ],
    help: "Bare for artikkel 25. Kategorien bestemmer støtteintensiteten.",
    link: ["../statsstotte/artikkel-25/", "Artikkel 25"],
  },
];

// Every key the format allows, for checking imported files (contract §1: unknown keys are errors).
export const TOP_KEYS = ["version", "round", "submission_date", "project", "participants"];
export const PROJECT_KEYS = [
  ...PROJECT_DATE_FIELDS.map((f) => f.key),
  ...PROJECT_FIELDS.map((f) => f.key),
];
export const PARTICIPANT_KEYS = PARTICIPANT_FIELDS.map((f) => f.key);
