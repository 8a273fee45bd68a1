"""The report (contract §2): shape, catalogue order, aggregation, estimate, both languages."""

from __future__ import annotations

import copy
import csv
import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

import checker
from checker.report import rule_statuses, verdict, worst
from checker.rounds import load_round

CASES = Path(__file__).resolve().parents[1] / "cases"
ROUNDS = Path(checker.__file__).parent / "rounds"
BASE = json.loads((CASES / "eligible-de-minimis.json").read_text(encoding="utf-8"))["application"]
ROUND = load_round("2023")

# The team brief's table: rule id -> source anchor, in catalogue order (contract §3).
ANCHORS = {
    "call.deadline": "utlysning/#frist",
    "applicant.nic_link": "utlysning/#hvem-kan-soke",
    "consortium.companies": "utlysning/#krav-til-sammensetning",
    "participant.org_number": "sjekkeren-vurderer/#organisasjonsnummer",
    "consortium.unique": "utlysning/#krav-til-sammensetning",
    "owner.count": "utlysning/#prosjekteier-og-prosjektleder",
    "owner.kind": "utlysning/#krav-til-sammensetning",
    "consortium.competence": "utlysning/#kompetanseaktorer",
    "project.objectives": "utlysning/#malsetninger",
    "project.requirements": "utlysning/#alle-prosjekter-skal",
    "project.activities": "utlysning/#arbeidsomrader",
    "funding.range": "utlysning/#stottebelop",
    "funding.share": "utlysning/#stottebelop",
    "funding.allocation": "utlysning/#krav-til-stotte",
    "funding.costs": "utlysning/#stottebelop",
    "aid.basis": "utlysning/#krav-til-stotte",
    "aid.intensity": "statsstotte/#stotteintensitet",
    "aid.de_minimis": "statsstotte/bagatellmessig-stotte/#tak",
    "aid.incentive_effect": "statsstotte/insentiveffekt/#skriftlig-soknad",
    "aid.undertaking_in_difficulty": "statsstotte/foretak-i-vanskeligheter/#vilkar",
    "attachments.motivation": "utlysning/#vedlegg",
    "attachments.de_minimis_declaration": "utlysning/#bagatellmessig-stotte",
}


def changed(change) -> dict:
    app = copy.deepcopy(BASE)
    change(app)
    return app


def test_catalogue_ids_order_and_sources():
    catalogue = checker.rule_catalogue()
    assert [(r["id"], r["source"]) for r in catalogue] == list(ANCHORS.items())
    assert all(set(r) == {"id", "title", "source"} for r in catalogue)


def test_catalogue_titles_in_both_languages():
    nb, en = checker.rule_catalogue("nb"), checker.rule_catalogue("en")
    assert all(a["title"] and b["title"] and a["id"] == b["id"] for a, b in zip(nb, en))
    assert nb[0]["title"] == "Søknadsfrist" and en[0]["title"] == "Application deadline"
    assert all(r["checks"] for r in checker.rule_catalogue("nb", details=True))


def test_report_shape_and_catalogue_order():
    report = checker.evaluate(BASE)
    assert set(report) == {"verdict", "round", "findings", "estimate", "options", "recommended"}
    assert report["round"] == "2023"
    assert list(rule_statuses(report)) == list(ANCHORS)
    for finding in report["findings"]:
        assert set(finding) == {"rule", "status", "message", "source", "participant"}
        assert finding["source"] == ANCHORS[finding["rule"]]
        assert finding["participant"] is None or 0 <= finding["participant"] < 4
    assert set(report["estimate"]) == {"max_grant_nok", "max_share", "requested_share"}


def test_worst_status_order():
    assert worst(["pass", "info", "warn", "missing", "fail"]) == "fail"
    assert worst(["pass", "info", "warn", "missing"]) == "missing"
    assert worst(["pass", "info", "warn"]) == "warn"
    assert worst(["pass", "info"]) == "info"
    assert worst(["pass"]) == "pass"


def test_verdict_rules():
    assert verdict(["pass", "warn", "info"]) == "eligible"
    assert verdict(["pass", "missing", "warn"]) == "incomplete"
    assert verdict(["missing", "fail"]) == "not_eligible"


def test_estimate_of_the_typical_example():
    assert checker.evaluate(BASE)["estimate"] == {
        "max_grant_nok": 2_200_000, "max_share": 0.5, "requested_share": 0.4545,
    }


@pytest.mark.parametrize("total, requested, grant, share", [
    (10_000_000, 2_000_000, ROUND.amount_max_nok, 0.2),   # capped by the round's upper amount
    (4_400_001, 2_000_000, 2_200_000, 0.4545),            # floor of 2 200 000.5
    (0, 0, 0, None),
    (None, 2_000_000, None, None),
    (4_400_000, None, 2_200_000, None),
])
def test_estimate(total, requested, grant, share):
    app = changed(lambda a: a["project"].update(total_cost_nok=total, requested_nok=requested))
    estimate = checker.evaluate(app)["estimate"]
    assert estimate["max_grant_nok"] == grant
    assert estimate["requested_share"] == share
    assert estimate["max_share"] == ROUND.max_share


def test_per_participant_findings_name_the_participant_and_numbers():
    app = changed(lambda a: a["participants"][1].update(de_minimis_received_nok=2_000_000))
    [finding] = [f for f in checker.evaluate(app)["findings"]
                 if f["rule"] == "aid.de_minimis" and f["status"] == "fail"]
    assert finding["participant"] == 1
    assert finding["message"] == (
        "Kystnett Logistikk AS: 2\u00a0000\u00a0000\u00a0kr + 500\u00a0000\u00a0kr = "
        "2\u00a0500\u00a0000\u00a0kr i bagatellmessig støtte, over taket også ved den høyeste "
        "kursen (2\u00a0389\u00a0000\u00a0kr).")
    [english] = [f for f in checker.evaluate(app, lang="en")["findings"]
                 if f["rule"] == "aid.de_minimis" and f["status"] == "fail"]
    assert english["message"] == (
        "Kystnett Logistikk AS: NOK 2,000,000 + NOK 500,000 = NOK 2,500,000 in de minimis aid, "
        "above the ceiling even at the highest rate (NOK 2,389,000).")


def test_de_minimis_inside_the_band_names_both_ends():
    app = changed(lambda a: a["participants"][1].update(de_minimis_received_nok=1_800_000))
    [finding] = [f for f in checker.evaluate(app)["findings"] if f["rule"] == "aid.de_minimis"
                 and f["participant"] == 1]
    assert finding["status"] == "warn"
    assert "2\u00a0247\u00a0100\u00a0kr til 2\u00a0389\u00a0000\u00a0kr" in finding["message"]


def test_de_minimis_band_is_the_period_s_lowest_and_highest_norges_bank_rate():
    """The round data's two rates are the extremes of the daily rates (the CSV beside it)
    within the grant period, and the ceilings are EUR 200 000 at each, rounded down."""
    rows = list(csv.DictReader((ROUNDS / "2023-eur-nok.csv").open(encoding="utf-8")))
    start, end = ROUND.de_minimis_grant_period
    rates = [(Fraction(r["eur_nok"]), date.fromisoformat(r["date"])) for r in rows
             if start <= date.fromisoformat(r["date"]) <= end]
    assert len(rates) == len(rows) == 84
    assert (ROUND.eur_nok_low.nok_per_eur, ROUND.eur_nok_low.day) == min(rates)
    assert (ROUND.eur_nok_high.nok_per_eur, ROUND.eur_nok_high.day) == max(rates)
    # contract §3: ceiling_low = 2 247 100 NOK and ceiling_high = 2 389 000 NOK.
    assert ROUND.de_minimis_ceiling_low_nok == 2_247_100
    assert ROUND.de_minimis_ceiling_high_nok == 2_389_000
    assert ROUND.de_minimis_grant_period == (ROUND.deadline, date(2023, 12, 31))
    assert "eur_nok" not in ROUND.sources
    # Every figure is from a verified source; which GBER text applied is our reading.
    assert ROUND.unverified == ("gber_text",)


def test_languages_give_the_same_statuses_and_different_words():
    nb, en = checker.evaluate(BASE), checker.evaluate(BASE, lang="en")
    assert [(f["rule"], f["status"], f["participant"]) for f in nb["findings"]] == \
           [(f["rule"], f["status"], f["participant"]) for f in en["findings"]]
    assert all(a["message"] != b["message"] for a, b in zip(nb["findings"], en["findings"]))


def test_unknown_language_is_a_programming_error():
    with pytest.raises(ValueError):
        checker.evaluate(BASE, lang="nn")


def test_today_only_changes_the_wording_of_a_missing_date():
    app = changed(lambda a: a.update(submission_date=None))
    before = checker.evaluate(app, today=date(2023, 8, 1))
    after = checker.evaluate(app, today=date(2023, 9, 2))
    assert rule_statuses(before) == rule_statuses(after)
    [early] = [f["message"] for f in before["findings"] if f["rule"] == "call.deadline"]
    [late] = [f["message"] for f in after["findings"] if f["rule"] == "call.deadline"]
    assert "passert" not in early and "passert" in late


def test_intensity_missing_names_what_is_unknown():
    app = json.loads((CASES / "gber-29-unknown-size-decides-sme-share.json")
                     .read_text(encoding="utf-8"))["application"]
    [finding] = [f for f in checker.evaluate(app)["findings"] if f["rule"] == "aid.intensity"
                 and f["status"] == "missing"]
    assert finding["participant"] == 2
    assert "Norsk Polymer AS" in finding["message"]
    assert "30" in finding["message"] and "15" in finding["message"]


def test_schema_describes_the_format():
    schema = checker.schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"round", "project", "participants"}
    participant = schema["$defs"]["Participant"]
    assert participant["properties"]["name"]["maxLength"] == 200
    assert participant["additionalProperties"] is False


def test_messages_say_what_the_checker_cannot_see():
    """Where a pass rests on something no answer can show, the message says so (issue 10)."""
    art29 = json.loads((CASES / "gber-29-process-innovation.json").read_text("utf-8"))["application"]
    report = checker.evaluate(art29)
    large = [i for i, p in enumerate(art29["participants"]) if p.get("size") == "large"]
    assert large
    for f in report["findings"]:
        if f["rule"] == "aid.intensity" and f["status"] == "pass":
            assert ("effektivt samarbeid med SMB-ene" in f["message"]) == (f["participant"] in large)
    institute = changed(lambda a: a["participants"][2].update(kind="research_institute"))
    [companies] = [f for f in checker.evaluate(institute)["findings"]
                   if f["rule"] == "consortium.companies"]
    assert companies["status"] == "fail" and "vår lesning" in companies["message"]


@pytest.mark.parametrize("basis, source", [
    ("de_minimis", "statsstotte/insentiveffekt/#innovasjon-norge"),  # Innovation Norway's practice
    ("gber_29", "statsstotte/insentiveffekt/#skriftlig-soknad"),      # GBER art. 6(2)
])
def test_work_started_on_or_before_the_day_the_application_is_sent_fails_under_every_basis(
        basis, source):
    """Contract §3, aid.incentive_effect (changed 2026-12-06): de minimis no longer passes
    with an early start; each basis cites its own paragraph."""
    sent = BASE["submission_date"]
    for start, same_day in (("2023-06-01", False), (sent, True)):
        app = changed(lambda a: a["project"].update(aid_basis=basis, start_date=start))
        report = checker.evaluate(app)
        [finding] = [f for f in report["findings"] if f["rule"] == "aid.incentive_effect"]
        assert (finding["status"], finding["source"]) == ("fail", source)
        assert report["verdict"] == "not_eligible"
        assert ("Samme dag er for tidlig (vår lesning)" in finding["message"]) == same_day


def test_a_pass_tells_the_applicant_to_wait_for_the_confirmation_of_receipt():
    for basis in ("de_minimis", "gber_49"):
        app = changed(lambda a: a["project"].update(aid_basis=basis))
        for lang, words in (("nb", "bekreftet at de har mottatt søknaden"),
                            ("en", "confirmed that it has received the application")):
            [finding] = [f for f in checker.evaluate(app, lang=lang)["findings"]
                         if f["rule"] == "aid.incentive_effect"]
            assert finding["status"] == "pass" and words in finding["message"]
