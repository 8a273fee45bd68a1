"""The FAQ as editors keep it: every real entry is valid, and every way a file can be wrong
fails the build with the file, the field and the fix named."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from site_support import ROOT, build, hook_module, site_copy

faq = hook_module("faq")
site_rules = hook_module("site_rules")
sys.path.insert(0, str(ROOT / "scripts"))
import new_faq  # noqa: E402

CATEGORIES = faq.load_categories(ROOT / "faq.yml")
RULES = site_rules.rule_ids()
GOOD = '---\nquestion: "Kan et forskningsinstitutt være prosjekteier?"\ncategory: konsortiet\ndate: 2026-11-27\nrules: [owner.kind]\n---\nNei. Se [utlysningen](../utlysning.md#krav-til-sammensetning).\n'


def check(text: str):
    return faq.check_entry("docs/faq/x.md", "faq/x.md", text, CATEGORIES, RULES)


def test_faq_yml_has_the_five_categories_of_the_brief_in_order():
    assert list(CATEGORIES) == ["hvem-kan-soke", "konsortiet", "stotte", "statsstotte", "soknaden"]


def test_every_real_faq_file_is_valid():
    files = sorted(p for p in (ROOT / "docs" / "faq").glob("*.md") if p.name != "index.md")
    assert files, "docs/faq/ has no entries"
    sources = {f"faq/{p.name}": (f"docs/faq/{p.name}", p.read_text("utf-8")) for p in files}
    entries, errors = faq.check_all(sources, CATEGORIES, RULES)
    assert errors == []
    assert len(entries) == len(files)


def test_a_good_file_gives_its_entry():
    entry, errors = check(GOOD)
    assert errors == []
    assert entry == faq.Entry("faq/x.md", "Kan et forskningsinstitutt være prosjekteier?", "konsortiet",
                              date(2026, 11, 27), ("owner.kind",))


@pytest.mark.parametrize(
    "text, field, fix",
    [
        ("Bare et svar uten front matter.\n", "mangler front matter", "scripts/new_faq.py"),
        (GOOD.replace("konsortiet", "konsortium"), "«category» «konsortium» er ikke en kategori", "faq.yml"),
        (GOOD.replace("category: konsortiet\n", ""), "«category» mangler", "Bruk en av: hvem-kan-soke"),
        (GOOD.replace('"Kan et forskningsinstitutt være prosjekteier?"', '""'), "«question» mangler eller er tomt", "question:"),
        (GOOD.replace("2026-11-27", "27.11.2026"), "«date» «27.11.2026» er ikke en dato", "ÅÅÅÅ-MM-DD"),
        (GOOD.replace("2026-11-27", "2026-13-01"), "ikke gyldig YAML", "ÅÅÅÅ-MM-DD"),
        (GOOD.replace("date: 2026-11-27\n", ""), "«date» mangler", "ÅÅÅÅ-MM-DD"),
        (GOOD.replace("[owner.kind]", "[owner.kinds]"), "«rules»: «owner.kinds» er ikke en regel", "owner.kind"),
        (GOOD.replace("[owner.kind]", "owner.kind"), "«rules» må være en liste", "rules: [owner.kind]"),
        (GOOD.replace("category:", "categroy:"), "ukjent felt «categroy»", "question, category, date, rules"),
        (GOOD.replace("Nei.", "SVAR MANGLER: skriv her"), "svaret er ikke skrevet", "SVAR MANGLER"),
        ('---\nquestion: Hva: nå?\n---\nSvar\n', "ikke gyldig YAML", "anførselstegn"),
        # The FAQ index promises a link to the paragraph that settles each answer.
        (GOOD.replace("#krav-til-sammensetning", ""), "svaret lenker ikke til noe avsnitt", "../utlysning.md#"),
        (GOOD.replace("../utlysning.md#krav-til-sammensetning", "hvem-kan-vaere-prosjekteier.md#x"),
         "svaret lenker ikke til noe avsnitt", "docs/slik-oppdaterer-du-faq.md"),
        (GOOD.replace("../utlysning.md#krav-til-sammensetning", "https://nic.innovasjonnorge.no/a.md#b"),
         "svaret lenker ikke til noe avsnitt", "med anker"),
    ],
)
def test_each_broken_file_is_named_with_field_and_fix(text, field, fix):
    entry, errors = check(text)
    assert entry is None
    message = " ".join(errors)
    assert message.startswith("docs/faq/x.md: ")
    assert field in message and fix in message


@pytest.mark.parametrize("link", [
    "[taket](../statsstotte/bagatellmessig-stotte.md#tak)",
    '[grensene](../sjekkeren-vurderer.md#sammenligning "Slik regnes grensene")',
    '<a href="../personvern.md#slett">slett utkastet</a>',
])
def test_a_link_to_a_paragraph_of_the_guide_or_the_checker_pages_is_enough(link):
    entry, errors = check(GOOD.replace("[utlysningen](../utlysning.md#krav-til-sammensetning)", link))
    assert errors == [] and entry is not None


def test_a_duplicate_question_names_both_files():
    sources = {
        "faq/a.md": ("docs/faq/a.md", GOOD),
        "faq/b.md": ("docs/faq/b.md", GOOD.replace("prosjekteier?", "prosjekteier ?").replace("Kan", "kan")),
    }
    entries, errors = faq.check_all(sources, CATEGORIES, RULES)
    assert len(entries) == 1
    assert errors == ["docs/faq/b.md: feltet «question»: samme spørsmål som i docs/faq/a.md. Slå svarene "
                      "sammen i én fil, eller skriv spørsmålene slik at de skiller seg."]


def test_index_groups_by_category_order_then_newest_first():
    entries = [
        faq.Entry("faq/a.md", "Eldre om støtte?", "stotte", date(2026, 1, 1), ()),
        faq.Entry("faq/b.md", "Nyere om støtte?", "stotte", date(2026, 6, 1), ()),
        faq.Entry("faq/c.md", "Om konsortiet?", "konsortiet", date(2025, 1, 1), ()),
    ]
    text = faq.index_markdown(entries, CATEGORIES)
    order = [text.index(s) for s in ("## Konsortiet og prosjekteier", "Om konsortiet?",
                                      "## Støttebeløp og støtteandel", "Nyere om støtte?", "Eldre om støtte?")]
    assert order == sorted(order)
    assert "Hvem kan søke" not in text  # an empty category is left out
    assert "(a.md)" in text and "(c.md)" in text


def test_a_broken_faq_file_fails_the_real_build_naming_every_file_and_field(tmp_path):
    root = site_copy(tmp_path)
    folder = root / "docs" / "faq"
    (folder / "uten-front-matter.md").write_text("Bare tekst.\n", "utf-8")
    (folder / "feil-kategori.md").write_text(GOOD.replace("konsortiet", "ukjent").replace("Kan et", "Kan ett"), "utf-8")
    (folder / "tomt-sporsmal.md").write_text(GOOD.replace('"Kan et forskningsinstitutt være prosjekteier?"', '""'), "utf-8")
    (folder / "dobbelt-a.md").write_text(GOOD.replace("Kan et", "Kan et annet"), "utf-8")
    (folder / "dobbelt-b.md").write_text(GOOD.replace("Kan et", "Kan et annet"), "utf-8")
    (folder / "ukjent-regel.md").write_text(GOOD.replace("owner.kind", "owner.sort").replace("Kan et", "Kan tre"), "utf-8")
    (folder / "feil-dato.md").write_text(GOOD.replace("2026-11-27", "i går").replace("Kan et", "Kan fire"), "utf-8")
    result = build(root)
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "Traceback" not in log
    for expected in (
        "docs/faq/uten-front-matter.md: mangler front matter",
        "docs/faq/feil-kategori.md: feltet «category» «ukjent» er ikke en kategori",
        "docs/faq/tomt-sporsmal.md: feltet «question» mangler eller er tomt",
        "docs/faq/dobbelt-b.md: feltet «question»: samme spørsmål som i docs/faq/dobbelt-a.md",
        "docs/faq/ukjent-regel.md: feltet «rules»: «owner.sort» er ikke en regel i sjekkeren",
        "docs/faq/feil-dato.md: feltet «date» «i går» er ikke en dato",
    ):
        assert expected in log


def test_new_faq_creates_a_valid_file_and_never_overwrites(tmp_path):
    (tmp_path / "docs" / "faq").mkdir(parents=True)
    (tmp_path / "faq.yml").write_text((ROOT / "faq.yml").read_text("utf-8"), "utf-8")
    path = new_faq.create("Må prosjektlederen være ansatt hos prosjekteier?", "konsortiet",
                          root=tmp_path, today=date(2026, 11, 27))
    assert path.name == "ma-prosjektlederen-vaere-ansatt-hos-prosjekteier.md"
    text = path.read_text("utf-8")
    entry, errors = check(text)
    # The template's answer is a placeholder on purpose: the build refuses it until it is written.
    assert errors == ["docs/faq/x.md: svaret er ikke skrevet. Skriv svaret under den andre «---»-linjen "
                      "(og fjern teksten «SVAR MANGLER» fra malen)."]
    entry, errors = check(text.replace("SVAR MANGLER", "Nei"))
    assert errors == [] and entry.question == "Må prosjektlederen være ansatt hos prosjekteier?"
    assert entry.date == date(2026, 11, 27) and entry.category == "konsortiet"
    with pytest.raises(ValueError, match="finnes allerede"):
        new_faq.create("Må prosjektlederen være ansatt hos prosjekteier?", "konsortiet", root=tmp_path)
    assert path.read_text("utf-8") == text


def test_new_faq_refuses_an_unknown_category_and_quotes_the_question(tmp_path):
    (tmp_path / "docs" / "faq").mkdir(parents=True)
    (tmp_path / "faq.yml").write_text((ROOT / "faq.yml").read_text("utf-8"), "utf-8")
    with pytest.raises(ValueError, match="«ukjent» er ikke en kategori"):
        new_faq.create("Hva?", "ukjent", root=tmp_path)
    path = new_faq.create('Hva betyr «sirkulær»: "ja"?', None, root=tmp_path)
    assert path.name == "hva-betyr-sirkulaer-ja.md"
    entry, errors = check(path.read_text("utf-8").replace("SVAR MANGLER", "Svar"))
    assert errors == [] and entry.question == 'Hva betyr «sirkulær»: "ja"?' and entry.category == "hvem-kan-soke"


def test_slugs_turn_norwegian_letters_into_ascii():
    assert new_faq.slugify("Ærlig østlig Åsen?") == "aerlig-ostlig-asen"
