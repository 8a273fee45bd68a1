"""What tests/pages/test_site_faq.py leaves out: a FAQ answer whose link to the paragraph that settles
it is broken or missing. The front-matter mistakes (no front matter, unknown category, empty or
duplicate question, unknown rule id) are covered there, each in a real build too.

An editor who mistypes the anchor (or the page) of a link must get a failed build that names the
file and the link, so a reader never lands on the top of the call text instead of the paragraph.
"""

from __future__ import annotations

from site_support import build, site_copy

ANSWER = '---\nquestion: "{question}"\ncategory: konsortiet\ndate: 2026-11-27\n---\nSe [utlysningen]({link}).\n'


def failed_build_log(tmp_path, answers: dict[str, tuple[str, str]]) -> str:
    """Build a site copy with these FAQ files (file name -> question, link); it must fail cleanly."""
    root = site_copy(tmp_path)
    for name, (question, link) in answers.items():
        (root / "docs" / "faq" / name).write_text(ANSWER.format(question=question, link=link), "utf-8")
    result = build(root)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in log
    return log


def test_a_broken_link_in_a_faq_answer_fails_the_build_naming_file_and_link(tmp_path):
    log = failed_build_log(tmp_path, {
        "feil-anker.md": ("Må vi ha tre bedrifter?", "../utlysning.md#krav-til-sammensettning"),
        "feil-side.md": ("Hvor står fristen?", "../utlysningen.md#frist"),
    })
    for file, link in (
        ("faq/feil-anker.md", "#krav-til-sammensettning"),
        ("faq/feil-side.md", "utlysningen.md"),
    ):
        lines = [line for line in log.splitlines() if file in line]
        assert any(link in line for line in lines), f"no message names {file} and {link}:\n{log}"


def test_an_answer_with_no_paragraph_link_fails_the_build_naming_the_file(tmp_path):
    log = failed_build_log(tmp_path, {
        "uten-avsnitt.md": ("Hvor står kravene?", "../utlysning.md"),
        "bare-annet-svar.md": ("Hvem kan søke?", "hva-er-en-tidligere-klynge.md"),
    })
    for file in ("docs/faq/uten-avsnitt.md", "docs/faq/bare-annet-svar.md"):
        assert f"{file}: svaret lenker ikke til noe avsnitt i utlysningen eller veiledningen" in log, log
