"""Maximum intensities (contract §3.1) and SME size derivation, as pure functions."""

from __future__ import annotations

import pytest

from checker.intensity import (
    article_intensity,
    derive_size,
    effective_collaboration,
    max_intensity,
    possible_sizes,
    sme_share_ok,
)
from checker.rounds import load_round

MAX_SHARE = load_round("2023").max_share
TEXT = load_round("2023").gber_text  # the GBER text the 2023 round applies


@pytest.mark.parametrize("figures, size", [
    ((9, 2_000_000, None), "micro"),
    ((9, None, 2_000_000), "micro"),
    ((9, 2_000_001, 2_000_001), "small"),
    ((10, 1, 1), "small"),
    ((12, 1_800_000, None), "small"),       # the contract's example participant
    ((49, 10_000_000, 99_000_000), "small"),
    ((50, 1, 1), "medium"),
    ((249, 50_000_000, None), "medium"),
    ((249, 60_000_000, 43_000_000), "medium"),
    ((249, 60_000_000, 44_000_000), "large"),
    ((250, 1, 1), "large"),
    ((250, None, None), "large"),           # 250 or more is large whatever the money
    ((12.5, 1, 1), "small"),                # annual work units may be fractional
])
def test_derive_size(figures, size):
    assert derive_size(*figures) == size


@pytest.mark.parametrize("figures", [
    (None, None, None),
    (None, 1, 1),            # could have 250 employees
    (5, None, None),         # the money decides
    (5, 5_000_000, None),    # micro if the balance is within EUR 2 M, else small
    (249, None, None),
])
def test_size_unknown_while_figures_could_change_it(figures):
    assert derive_size(*figures) is None
    assert len(possible_sizes(*figures)) > 1


def test_possible_sizes_narrow_with_partial_figures():
    assert possible_sizes(12, None, None) == {"small", "medium", "large"}
    assert possible_sizes(5, 5_000_000, None) == {"micro", "small"}
    assert possible_sizes(None, None, None) == {"micro", "small", "medium", "large"}


@pytest.mark.parametrize("category, size, collaboration, expected", [
    ("industrial_research", "large", False, 0.50),
    ("industrial_research", "medium", False, 0.60),
    ("industrial_research", "small", False, 0.70),
    ("industrial_research", "micro", True, 0.80),   # 50 + 20 + 15 = 85, never above 80
    ("industrial_research", "large", True, 0.65),
    ("experimental_development", "large", False, 0.25),
    ("experimental_development", "medium", False, 0.35),
    ("experimental_development", "small", True, 0.60),
    ("experimental_development", "large", True, 0.40),
    ("feasibility_study", "large", False, 0.50),
    ("feasibility_study", "small", True, 0.70),     # no collaboration bonus for feasibility
])
def test_gber_25(category, size, collaboration, expected):
    assert article_intensity("gber_25", size, text=TEXT, rd_category=category,
                             collaboration=collaboration) == expected


def test_gber_25_needs_category_and_size():
    with pytest.raises(ValueError):
        article_intensity("gber_25", "small", text=TEXT)
    with pytest.raises(ValueError):
        article_intensity("gber_25", None, text=TEXT, rd_category="industrial_research")


def test_gber_27_only_cluster_organisations():
    assert article_intensity("gber_27", None, text=TEXT, kind="cluster_organisation") == 0.50
    assert article_intensity("gber_27", "small", text=TEXT, kind="company") == 0.0


@pytest.mark.parametrize("size, share_ok, expected", [
    ("micro", False, 0.50), ("small", False, 0.50), ("medium", True, 0.50),
    ("large", True, 0.15), ("large", False, 0.0),
])
def test_gber_29(size, share_ok, expected):
    assert article_intensity("gber_29", size, text=TEXT, sme_share_ok=share_ok) == expected


@pytest.mark.parametrize("text, size, expected", [
    ("2014", "large", 0.50), ("2014", "medium", 0.60), ("2014", "small", 0.70),
    ("2014", "micro", 0.70),
    ("2023", "large", 0.60), ("2023", "medium", 0.70), ("2023", "small", 0.80),
    ("2023", "micro", 0.80),
])
def test_gber_49_by_the_text_in_force(text, size, expected):
    """Article 49's base intensity is 50 % in the 2014 text and 60 % after 2023/1315
    (checker/law.json); the round names the text it applies."""
    assert article_intensity("gber_49", size, text=text) == expected


@pytest.mark.parametrize("kind", ["research_institute", "university", "catapult_centre",
                                  "public_body", "other"])
def test_non_undertakings_only_get_the_round_cap(kind):
    for basis in ("gber_25", "gber_27", "gber_29", "gber_49"):
        assert article_intensity(basis, None, text=TEXT, kind=kind,
                                 rd_category="feasibility_study") == 1.0
        assert max_intensity(basis, None, text=TEXT, kind=kind, max_share=MAX_SHARE,
                             rd_category="feasibility_study") == MAX_SHARE


def test_max_intensity_caps_at_the_round_share():
    assert max_intensity("gber_49", "small", text=TEXT, max_share=MAX_SHARE) == 0.5
    assert max_intensity("gber_29", "large", text=TEXT, max_share=MAX_SHARE) == 0.15
    assert max_intensity("gber_25", "large", text=TEXT, max_share=MAX_SHARE,
                         rd_category="experimental_development") == 0.25


def test_de_minimis_has_no_intensity():
    with pytest.raises(ValueError):
        article_intensity("de_minimis", "small", text=TEXT)


@pytest.mark.parametrize("shares, expected", [
    ([(True, 30), (False, 70)], True),          # exactly 30 %
    ([(True, 29), (False, 71)], False),
    ([(True, 29), (None, 1), (False, 70)], None),   # the unknown size decides
    ([(True, 30), (None, 1), (False, 69)], True),   # 30 % even if it is large
    ([(True, 10), (None, 5), (False, 85)], False),  # short even if it is an SME
    ([(True, 40), (False, None)], None),        # an unknown cost could swamp the SMEs
    ([(True, None), (False, 10)], None),
    ([(False, 10), (False, 20)], False),
    ([], False),
    ([(True, 0), (False, 0)], False),
])
def test_sme_share(shares, expected):
    assert sme_share_ok(shares, text=TEXT).holds is expected


@pytest.mark.parametrize("rows, expected", [
    # (i) two undertakings, one an SME, none above 70 %
    ([("company", True, 50), ("company", False, 50)], True),
    ([("company", True, 71), ("company", False, 29)], False),
    ([("company", True, 70), ("cluster_organisation", False, 30)], True),
    ([("company", False, 50), ("company", False, 50)], False),
    ([("company", None, 50), ("company", False, 50)], None),
    ([("company", True, 100), ("public_body", None, 10)], False),
    # (ii) a research organisation bearing at least 10 %
    ([("company", False, 90), ("research_institute", None, 10)], True),
    ([("company", False, 91), ("university", None, 9)], False),
    # unknown kind or cost could change it
    ([("company", True, 50), (None, None, 50)], None),
    ([("company", True, 50), ("company", True, None)], None),
])
def test_effective_collaboration(rows, expected):
    named = [(*row, f"Deltaker {i}") for i, row in enumerate(rows)]
    assert effective_collaboration(named, text=TEXT).holds is expected
