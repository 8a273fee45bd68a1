"""Round facts on pages, rendered from the checker's round data (one source of truth).

Pages never type the round's numbers. They use
  {{ runde.frist }}            inline values (see VALUES below for the names), and
  <!-- runde:sammendrag -->    the summary box (deadline, amounts, share, companies, aid bases),
  <!-- runde:status -->        whether the deadline has passed, computed at build time, and once it
                               has, what is known of later calls (LATER_ROUNDS).
The round is `extra.runde` in mkdocs.yml.
"""

from __future__ import annotations

import re
from datetime import date

from mkdocs.exceptions import PluginError

from checker.rounds import Round, RoundDataError, load_all, load_round

import site_format as fmt

PLACEHOLDER = re.compile(r"\{\{\s*runde\.([a-z_]+)\s*\}\}")
MARKER = re.compile(r"^<!--\s*runde:([a-z]+)\s*-->[ \t]*$", re.MULTILINE)

# The page that explains how the checker reads the call's cap on the share of the costs.
SHARE_READING = "faq/femti-prosent-av-hva.md"

VALUES = {
    "navn": lambda r: r.round,
    "tittel": lambda r: r.title,
    "apnet": lambda r: fmt.long_date(r.opened),
    "frist": lambda r: fmt.long_date(r.deadline),
    "belop_min": lambda r: fmt.kroner(r.amount_min_nok),
    "belop_maks": lambda r: fmt.kroner(r.amount_max_nok),
    "maks_andel": lambda r: fmt.percent(r.max_share),
    "min_bedrifter": lambda r: str(r.min_companies),
    "bagatellforordning": lambda r: r.de_minimis_regulation,
    "bagatelltak_eur": lambda r: f"{fmt.integer(r.de_minimis_ceiling_eur)}{fmt.NBSP}euro",
    # The ceiling in NOK is a band: it depends on the EUR rate on the day of the grant.
    "bagatelltak_nok_lav": lambda r: fmt.kroner(r.de_minimis_ceiling_low_nok),
    "bagatelltak_nok_hoy": lambda r: fmt.kroner(r.de_minimis_ceiling_high_nok),
    "kurs_lav": lambda r: _rate(r.eur_nok_low),
    "kurs_lav_dato": lambda r: fmt.long_date(r.eur_nok_low.day),
    "kurs_hoy": lambda r: _rate(r.eur_nok_high),
    "kurs_hoy_dato": lambda r: fmt.long_date(r.eur_nok_high.day),
    "tildeling_fra": lambda r: fmt.long_date(r.de_minimis_grant_period[0]),
    "tildeling_til": lambda r: fmt.long_date(r.de_minimis_grant_period[1]),
    "kontrollert": lambda r: fmt.long_date(r.checked),
    "utlysning_url": lambda r: r.call_url,
}


def _rate(rate) -> str:
    """11.2355 -> '11,2355' (the published decimals, bokmål comma)."""
    return f"{float(rate.nok_per_eur):g}".replace(".", ",")


def deadline_passed(rnd: Round, today: date) -> bool:
    # The deadline day itself still counts as on time (contract: call.deadline).
    return today > rnd.deadline


# What is known about the calls after a round, shown once its deadline has passed (fact sheet
# §6.5, §6.6, with their sources). Markdown; {faq} becomes the link to the answer that says more.
LATER_ROUNDS = {
    "2023": (
        "I 2024 måtte alle som ville søke, først sende en skisse innen 28. august 2024. Bare de som"
        " hadde sendt skisse, kunne søke i utlysningen «Samarbeidsprosjekter for utvikling av"
        " sirkulære verdikjeder 2024», med frist 30. oktober 2024"
        " ([Naturpress 26. juni 2024](https://www.naturpress.no/2024/06/26/innovasjon-norge-gir-sirkulaere-prosjekter-en-ekstra-dytt/))."
        " En utlysningstekst for 2025 har vi ikke funnet ([kan vi fortsatt søke?]({faq}))."
    ),
}
LATER_FAQ = "faq/fristen-har-gatt-ut.md"
CONTACT_FAQ = "faq/hvem-kan-vi-sporre.md"


def status_block(rnd: Round, today: date, page_src: str = "index.md") -> str:
    frist = fmt.long_date(rnd.deadline)
    if deadline_passed(rnd, today):
        later = LATER_ROUNDS.get(rnd.round, "En senere runde kan ha andre krav: les utlysningen for den.")
        later = later.format(faq=fmt.relative_link(page_src, LATER_FAQ))
        return (
            f'!!! warning "Søknadsfristen for {rnd.round}-runden er passert"\n'
            f"    Fristen var {frist}. Du kan ikke lenger søke i denne runden. Nettstedet viser reglene\n"
            f"    slik de var i {rnd.round}-runden, og sjekkeren vurderer prosjekter etter dem.\n\n"
            f"    {later}\n\n"
            f"    Om det er en utlysning som er åpen nå, og hvilke krav den har, svarer Innovasjon Norge\n"
            f"    ([hvem kan vi spørre?]({fmt.relative_link(page_src, CONTACT_FAQ)})).\n"
        )
    return (
        f'!!! info "Søknadsfristen er {frist}"\n'
        f"    Utlysningen åpnet {fmt.long_date(rnd.opened)}. Søknaden må være sendt senest {frist}.\n"
    )


def call_quote(rnd: Round, name: str) -> str:
    """The call's own words for a round value: the «…» part of its source in the round data."""
    quote = re.search(r"«[^»]+»", rnd.sources.get(name, ""))
    if not quote:
        raise PluginError(f"checker/rounds/{rnd.round}.json: kilden til «{name}» siterer ikke utlysningen («…»).")
    return quote.group(0)


def aid_bases_text(rnd: Round, page_src: str) -> str:
    """'[bagatellmessig støtte](…) eller gruppeunntaket [artikkel 25](…), … og [artikkel 49](…)'."""
    def link(basis: str) -> str:
        return f"[{fmt.label('aid_basis', basis, 'short')}]({fmt.relative_link(page_src, fmt.page_md('aid_basis', basis))})"

    parts = []
    if "de_minimis" in rnd.aid_bases:
        parts.append(link("de_minimis"))
    articles = [link(b) for b in rnd.aid_bases if b.startswith("gber_")]
    if articles:
        listed = ", ".join(articles[:-1]) + (" og " if len(articles) > 1 else "") + articles[-1]
        parts.append(f"gruppeunntaket {listed}")
    return " eller ".join(parts)


def summary_block(rnd: Round, today: date, page_src: str) -> str:
    call = fmt.relative_link(page_src, "utlysning.md")
    passed = " (fristen er passert)" if deadline_passed(rnd, today) else ""
    rows = [
        ("Søknadsfrist", f"Senest {fmt.long_date(rnd.deadline)}{passed}", "frist"),
        ("Støtte per prosjekt",
         f"I størrelsesorden {fmt.kroner(rnd.amount_min_nok)} til {fmt.kroner(rnd.amount_max_nok)}", "stottebelop"),
        # The call gives the cap, not what it is a share of: the box says so (issue 10, item 12).
        ("Største støtteandel",
         f"Høyst {fmt.percent(rnd.max_share)}: {call_quote(rnd, 'max_share')} Utlysningen sier ikke hva"
         f" prosenten regnes av. [Vår lesning]({fmt.relative_link(page_src, SHARE_READING)}): av prosjektets"
         f" kostnader, og ved gruppeunntaket også av hver deltakers egne kostnader", "stottebelop"),
        ("Konsortiet", f"Minst {rnd.min_companies} bedrifter registrert i Foretaksregisteret",
         "krav-til-sammensetning"),
        ("Støttegrunnlag", aid_bases_text(rnd, page_src), "krav-til-stotte"),
    ]
    more = "Til avsnittet" if page_src == "utlysning.md" else "Se utlysningen"
    table = "\n".join(
        f"    | {label} | {fmt.capitalise(value)}. [{more}]({call}#{anchor}) |" for label, value, anchor in rows
    )
    return (
        f'!!! abstract "Kort om {rnd.round}-runden"\n'
        f"    | Krav | {rnd.round}-runden |\n"
        f"    |---|---|\n"
        f"{table}\n\n"
        f"    Tallene kommer fra de samme rundedataene som sjekkeren bruker,"
        f" kontrollert mot utlysningen {fmt.long_date(rnd.checked)}.\n"
    )


def render(markdown: str, rnd: Round, today: date, page_src: str) -> str:
    """Replace the round markers and placeholders of one page; PluginError names what is unknown."""

    def block(match: re.Match) -> str:
        name = match.group(1)
        if name == "status":
            return status_block(rnd, today, page_src)
        if name == "sammendrag":
            return summary_block(rnd, today, page_src)
        raise PluginError(
            f"docs/{page_src}: ukjent markør <!-- runde:{name} -->. Kjente: runde:status, runde:sammendrag."
        )

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in VALUES:
            raise PluginError(
                f"docs/{page_src}: ukjent verdi {{{{ runde.{name} }}}}. Kjente: {', '.join(sorted(VALUES))}."
            )
        return VALUES[name](rnd)

    return PLACEHOLDER.sub(value, MARKER.sub(block, markdown))


def current_round(config) -> Round:
    round_id = str(config["extra"].get("runde", ""))
    try:
        return load_round(round_id)
    except KeyError:
        raise PluginError(f"mkdocs.yml: extra.runde er «{round_id}», men det finnes ingen rundedata for den.")


def on_config(config):
    """Every round file is validated at every build: a bad figure stops the build with the file
    and the field named, before any page shows it (checker.rounds.RoundFile)."""
    try:
        load_all()
    except RoundDataError as error:
        raise PluginError(f"Rundedataene kan ikke brukes:\n{error}") from None
    current_round(config)
    return config


def on_page_markdown(markdown, page, config, files):
    return render(markdown, current_round(config), fmt.build_date(), page.file.src_uri)
