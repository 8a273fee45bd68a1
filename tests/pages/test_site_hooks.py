"""The site's build hooks as functions: round values, page dates, rule sources."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from datetime import date

import pytest
from mkdocs.exceptions import PluginError

from checker.rounds import load_round

from site_support import hook_module

fmt = hook_module("site_format")
round_summary = hook_module("round_summary")
last_updated = hook_module("last_updated")
site_rules = hook_module("site_rules")
rule_page = hook_module("rule_page")

ROUND = load_round("2023")


def test_norwegian_formats():
    assert fmt.long_date(date(2023, 9, 1)) == "1. september 2023"
    assert fmt.kroner(2_500_000) == "2\u00a0500\u00a0000\u00a0kr"
    assert fmt.percent(0.5) == "50\u00a0%" and fmt.percent(0.125) == "12,5\u00a0%"
    assert fmt.relative_link("faq/a.md", "utlysning.md#frist") == "../utlysning.md#frist"


def test_round_values_replace_placeholders_and_unknown_ones_fail_naming_the_page():
    text = round_summary.render("Frist {{ runde.frist }}, tak {{runde.maks_andel}}.", ROUND, date(2026, 11, 27), "x.md")
    assert text == "Frist 1. september 2023, tak 50\u00a0%."
    with pytest.raises(PluginError, match=r"docs/x.md: ukjent verdi \{\{ runde.fristen \}\}"):
        round_summary.render("{{ runde.fristen }}", ROUND, date(2026, 11, 27), "x.md")
    with pytest.raises(PluginError, match="docs/x.md: ukjent markør <!-- runde:oversikt -->"):
        round_summary.render("<!-- runde:oversikt -->", ROUND, date(2026, 11, 27), "x.md")


def test_summary_links_are_relative_to_the_page_and_list_every_aid_basis():
    box = round_summary.summary_block(ROUND, date(2026, 11, 27), "faq/x.md")
    assert "(../utlysning.md#frist)" in box and "(../statsstotte/artikkel-49.md)" in box
    assert box.count("](../statsstotte/") == len(ROUND.aid_bases)


def test_capitalise_leaves_a_leading_number_alone_and_looks_inside_a_link():
    assert fmt.capitalise("50\u00a0% av kostnadene") == "50\u00a0% av kostnadene"
    assert fmt.capitalise("[bagatellmessig støtte](x.md) eller") == "[Bagatellmessig støtte](x.md) eller"
    assert fmt.capitalise("senest 1. september") == "Senest 1. september"


def test_summary_quotes_the_call_on_the_share_and_labels_the_reading():
    box = round_summary.summary_block(ROUND, date(2026, 11, 27), "index.md")
    row = next(line for line in box.splitlines() if "Største støtteandel" in line)
    # The call's own words come from the round data's source for max_share, in «…».
    quote = ROUND.sources["max_share"][ROUND.sources["max_share"].index("«"):]
    assert quote in row and "Høyst 50\u00a0%" in row
    assert "[Vår lesning](faq/femti-prosent-av-hva.md)" in row
    assert " Av " not in box  # the old capitalisation bug: «50 % Av prosjektets kostnader»


def test_a_round_value_without_the_calls_words_fails_naming_the_data_file():
    rnd = dataclasses.replace(ROUND, sources={**ROUND.sources, "max_share": "Utlysningen, uten sitat"})
    with pytest.raises(PluginError, match=r"checker/rounds/2023.json: kilden til «max_share»"):
        round_summary.summary_block(rnd, date(2026, 11, 27), "index.md")


def test_page_date_is_the_last_commit_unless_the_file_changed_since(tmp_path):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "docs").mkdir()
    committed, edited, new = (tmp_path / "docs" / n for n in ("a.md", "b.md", "c.md"))
    committed.write_text("a")
    edited.write_text("b")
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2024-03-05T12:00:00Z", "GIT_AUTHOR_DATE": "2024-03-05T12:00:00Z"}
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True, env=env)
    edited.write_text("b, endret")
    new.write_text("c")
    os.utime(edited, (1_700_000_000, 1_700_000_000))  # 2023-11-14
    dates = last_updated.commit_dates(tmp_path / "docs")
    assert last_updated.file_date(committed, dates) == date(2024, 3, 5)
    assert last_updated.file_date(edited, dates) == date(2023, 11, 14)  # its own mtime, not the commit
    assert last_updated.file_date(new, dates) == date.fromtimestamp(new.stat().st_mtime)


def test_outside_git_the_file_time_is_used(tmp_path):
    page = tmp_path / "a.md"
    page.write_text("a")
    os.utime(page, (1_700_000_000, 1_700_000_000))
    assert last_updated.commit_dates(tmp_path) == {}
    assert last_updated.file_date(page, {}) == date(2023, 11, 14)


def test_a_page_title_is_its_heading_not_a_comment_in_its_front_matter():
    source = "---\n# a comment for editors\nsearch:\n  boost: 2\n---\n\n# Tak for støtte\n\nTekst.\n"
    assert rule_page.page_title(source, "x.md") == "Tak for støtte"
    assert rule_page.page_title("---\ntitle: Forside\n---\n# Annet\n", "x.md") == "Forside"


def test_rule_sources_become_links_between_markdown_files():
    docs = {"utlysning.md", "statsstotte/index.md", "statsstotte/insentiveffekt.md", "sjekkeren-vurderer.md"}
    assert site_rules.source_to_markdown_target("utlysning/#frist", docs) == "utlysning.md#frist"
    assert site_rules.source_to_markdown_target("statsstotte/#stotteintensitet", docs) == "statsstotte/index.md#stotteintensitet"
    assert site_rules.source_to_markdown_target("statsstotte/insentiveffekt/#vilkar", docs) == "statsstotte/insentiveffekt.md#vilkar"


def test_a_rule_source_is_labelled_by_its_heading_or_paragraph():
    source = "## Hvem kan søke? {: #hvem }\n\nFrist for innsending av prosjektsøknader: 1. september 2023\n{: #frist }\n"
    assert rule_page.anchor_label(source, "hvem") == "Hvem kan søke?"
    assert rule_page.anchor_label(source, "frist") == "Frist for innsending av prosjektsøknader: 1. september …"
    assert rule_page.anchor_label(source, "mangler") is None


# --- The publisher and the feedback channel on the accessibility statement (hooks/publisher.py) ---

publisher = hook_module("publisher")


def _config(**utgiver):
    return {"extra": {"utgiver": utgiver}}


def test_the_statement_names_the_configured_publisher_and_links_the_feedback_channel():
    mail = publisher.render("<!-- utgiver:navn -->\n\n<!-- utgiver:tilbakemelding -->",
                            publisher.settings(_config(navn="Eksempel AS", tilbakemelding="uu@eksempel.no")), "x.md")
    assert "Nettstedet publiseres av Eksempel AS." in mail
    assert "[uu@eksempel.no](mailto:uu@eksempel.no)" in mail
    form = publisher.render("<!-- utgiver:tilbakemelding -->",
                            publisher.settings(_config(tilbakemelding="https://eksempel.no/skjema")), "x.md")
    assert "[https://eksempel.no/skjema](https://eksempel.no/skjema)" in form


def test_without_settings_the_statement_says_so_and_the_build_says_what_to_set(caplog):
    empty = publisher.settings(_config(navn="", tilbakemelding=None))
    text = publisher.render("<!-- utgiver:navn -->\n<!-- utgiver:tilbakemelding -->", empty, "x.md")
    assert text == f"{publisher.NO_PUBLISHER}\n{publisher.NO_CHANNEL}"
    with caplog.at_level("INFO", logger="mkdocs.hooks.publisher"):
        publisher.on_config(_config())
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "extra.utgiver.navn" in said and "extra.utgiver.tilbakemelding" in said
    caplog.clear()
    with caplog.at_level("INFO", logger="mkdocs.hooks.publisher"):
        publisher.on_config(_config(navn="Eksempel AS", tilbakemelding="uu@eksempel.no"))
    assert caplog.records == []


@pytest.mark.parametrize("channel", ["se nettsiden", "http://eksempel.no", "uu@eksempel", "javascript:alert(1)"])
def test_a_feedback_channel_that_is_no_address_stops_the_build(channel):
    with pytest.raises(PluginError, match="extra.utgiver.tilbakemelding"):
        publisher.settings(_config(tilbakemelding=channel))


def test_an_unknown_publisher_field_or_marker_stops_the_build():
    with pytest.raises(PluginError, match="ukjent felt 'epost'"):
        publisher.settings(_config(epost="uu@eksempel.no"))
    with pytest.raises(PluginError, match="docs/x.md: ukjent markør <!-- utgiver:adresse -->"):
        publisher.render("<!-- utgiver:adresse -->", publisher.settings(_config()), "x.md")


# --- The status box once the deadline has passed (hooks/round_summary.py) ---

def test_after_the_deadline_the_status_says_what_is_known_of_later_calls_with_links_from_the_page():
    box = round_summary.status_block(ROUND, date(2026, 12, 6), "faq/x.md")
    assert "28. august 2024" in box and "30. oktober 2024" in box and "2025" in box
    assert "https://www.naturpress.no/" in box
    assert "(fristen-har-gatt-ut.md)" in box and "(hvem-kan-vi-sporre.md)" in box
    later = dataclasses.replace(ROUND, round="2099")
    assert "28. august 2024" not in round_summary.status_block(later, date(2100, 1, 1))
