"""Shared helpers for the trust tests (accessibility, CSP, hostile input).

Everything here drives the site the way a reader does, through the handles of contract §5:
`data-checker-state` on the checker's root, `data-verdict`, a file input named "Importer…" and
the saved draft under `STORAGE_KEY`. FIGURES collects what the tests measured; the summary hook
in conftest.py prints it.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parents[2]
SECURITY_HEADERS = ROOT / "deploy" / "security-headers.conf"

STORAGE_KEY = "sirkular-sjekk-utkast"
# Where the page sets aside a saved draft it cannot read (docs/assets/checker/draft.js).
SET_ASIDE_KEY = "sirkular-sjekk-utkast-forkastet"
CHECKER = "sjekk/"
# Pyodide loads in about 3 s here; leave room for a busy 2-core machine.
READY_TIMEOUT_MS = 60_000
ANSWER_TIMEOUT_MS = 20_000

# Filled by the tests, printed by conftest.pytest_terminal_summary.
FIGURES: dict[str, dict] = {"axe": {}, "hostile": {}, "slowest": {}, "csp": {}}


def parse_security_headers(path: Path = SECURITY_HEADERS) -> dict[str, str]:
    """The response headers deploy/security-headers.conf makes nginx send.

    Every line that is not a comment must be `add_header Name "value" always;`, so a header
    this parser cannot read fails the test instead of being left out of it.
    """
    headers: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        words = shlex.split(text.rstrip(";"))
        if not text.endswith(";") or len(words) != 4 or words[0] != "add_header" or words[3] != "always":
            raise ValueError(f"{path.name}:{number}: expected `add_header Name \"value\" always;`: {text}")
        headers[words[1]] = words[2]
    return headers


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def guide_page(site_dir: Path) -> str:
    """The article 29 guide page, or the first state-aid guide page the build has."""
    preferred = site_dir / "statsstotte" / "artikkel-29" / "index.html"
    if preferred.exists():
        return "statsstotte/artikkel-29/"
    pages = sorted(p.parent.name for p in (site_dir / "statsstotte").glob("*/index.html"))
    assert pages, "the build has no state-aid guide page under statsstotte/"
    return f"statsstotte/{pages[0]}/"


def faq_entry(site_dir: Path) -> str:
    entries = sorted(p.parent.name for p in (site_dir / "faq").glob("*/index.html"))
    assert entries, "the build has no FAQ entry under faq/"
    return f"faq/{entries[0]}/"


def page_kinds(site_dir: Path) -> dict[str, str]:
    """One page of each kind a reader meets (the checker separately), name -> site path."""
    return {
        "forside": "",
        "utlysning": "utlysning/",
        "veiledning": guide_page(site_dir),
        "faq-oversikt": "faq/",
        "faq-svar": faq_entry(site_dir),
    }


def base_application() -> dict:
    """A complete, eligible application (the shared example, one of the checker's cases)."""
    case = ROOT / "tests" / "cases" / "eligible-de-minimis.json"
    return json.loads(case.read_text(encoding="utf-8"))["application"]


# --- the checker page ----------------------------------------------------------------------

def open_checker(page, base_url: str) -> None:
    page.goto(base_url + CHECKER)
    wait_ready(page)


def wait_ready(page) -> None:
    """Wait until Python is ready and the first report (of the restored draft) is shown."""
    page.wait_for_selector("[data-checker-state=ready]", timeout=READY_TIMEOUT_MS)
    page.wait_for_function(
        "() => Number(document.querySelector('[data-checker-state]').dataset.evalCount || 0) >= 1",
        timeout=ANSWER_TIMEOUT_MS,
    )


def eval_count(page) -> int:
    """How many answers the page has shown (the page counts them in data-eval-count)."""
    return int(page.get_attribute("[data-checker-state]", "data-eval-count") or 0)


def wait_answer(page, after: int, timeout: int = ANSWER_TIMEOUT_MS) -> dict:
    """Wait for the next answer after `after`, and describe it.

    Returns {"verdict": ...} for a report, {"errors": [texts]} for input errors shown beside
    their fields, or {"other": text} for anything else (an unexpected failure).
    """
    page.wait_for_function(
        "n => Number(document.querySelector('[data-checker-state]').dataset.evalCount || 0) > n",
        arg=after,
        timeout=timeout,
    )
    return page.evaluate("""() => {
        const verdict = document.querySelector("[data-verdict]")?.dataset.verdict;
        if (verdict) return {verdict};
        const errors = [...document.querySelectorAll(".checker-error:not([hidden])")].map(e => e.textContent);
        if (errors.length) return {errors};
        return {other: document.querySelector(".checker-live")?.textContent ?? ""};
    }""")


def checker_state(page) -> str | None:
    return page.get_attribute("[data-checker-state]", "data-checker-state")


def import_file(page, content: bytes, name: str = "soknad.json", mime: str = "application/json") -> None:
    # The file input named "Importer…" (contract §5). Found by type and checked by its label's
    # text: Playwright's get_by_label computes the names of every element, which takes minutes
    # once the form holds 200 participants.
    importer = page.locator("input[type=file]")
    assert "Importer" in importer.evaluate("el => [...el.labels].map((l) => l.textContent).join(' ')")
    importer.set_input_files({"name": name, "mimeType": mime, "buffer": content})


def import_application(page, data: dict) -> None:
    import_file(page, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def wait_verdict(page, verdict: str | None = None, timeout: int = ANSWER_TIMEOUT_MS) -> str:
    """Wait for a verdict (the given one, or any) and return it."""
    # The report's verdict, not an aid-basis option's (those carry data-verdict too).
    selector = f".checker-verdict[data-verdict={verdict}]" if verdict else \
        ".checker-verdict[data-verdict]:not([data-verdict=''])"
    page.wait_for_selector(selector, timeout=timeout)
    return page.get_attribute(".checker-verdict", "data-verdict")


def saved_draft(page) -> str | None:
    return page.evaluate("key => localStorage.getItem(key)", STORAGE_KEY)


def wait_saved(page, draft: dict, timeout: int = ANSWER_TIMEOUT_MS) -> None:
    """Wait until the saved draft is `draft` (the page saves a short pause after a change)."""
    page.wait_for_function(
        "([key, want]) => JSON.stringify(JSON.parse(localStorage.getItem(key))) === JSON.stringify(want)",
        arg=[STORAGE_KEY, draft], timeout=timeout)


def without_nulls(value):
    """Absent and null both mean "not answered" (contract §1); compare answers, not spelling."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def exported_draft(page) -> dict:
    """Press "Eksporter" and read the downloaded file, as a person keeping a copy would."""
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Eksporter")).click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


# A page-wide record of Content-Security-Policy violations, installed before any page script.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watch_csp(page) -> list[str]:
    """Collect CSP reports from the console and from the DOM event.

    Playwright's page console also carries the messages of the page's web workers, so a policy
    that blocks Pyodide's WebAssembly inside the checker's worker is caught here too.
    """
    messages: list[str] = []
    page.add_init_script(CSP_LISTENER)
    page.on("console", lambda msg: messages.append(msg.text) if "Content Security Policy" in msg.text else None)
    return messages


def csp_violations(page, console: list[str]) -> list[str]:
    return list(console) + page.evaluate("window.__cspViolations || []")


def summary_lines() -> list[str]:
    """The measured figures as lines for the test summary (empty if no trust test ran)."""
    lines = []
    if FIGURES["axe"]:
        lines.append("axe-core (WCAG 2.1 A/AA + best practice), elementer med brudd per side:")
        for name, counts in FIGURES["axe"].items():
            lines.append(f"  {name}: " + ", ".join(f"{impact} {n}" for impact, n in counts.items()))
    if FIGURES["csp"]:
        lines.append("Content-Security-Policy, brudd per side (håndhevet policy fra deploy/security-headers.conf):")
        lines += [f"  {name}: {n}" for name, n in FIGURES["csp"].items()]
    if FIGURES["hostile"]:
        lines.append(f"Fiendtlig og ødelagt input prøvd: {sum(FIGURES['hostile'].values())} i alt")
        lines += [f"  {name}: {n}" for name, n in FIGURES["hostile"].items()]
        lines += [f"  {name}: {s} s ({case})" for name, (s, case) in FIGURES["slowest"].items()]
    return lines


# --- accessibility (axe-core, bundled in axe-playwright-python: no download) --------------------

# WCAG 2.0/2.1 A and AA, the level Norwegian public websites must meet, plus axe's best practices
# (reported in the figures, and failing only when serious or critical like the rest).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}
IMPACTS = ["critical", "serious", "moderate", "minor"]

_axe = Axe()


def audit(page, name: str) -> list[str]:
    """Run axe on the page as it is now; record the counts; return the blocking violations."""
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    counts = {impact: 0 for impact in IMPACTS}
    blocking = []
    for violation in violations:
        counts[violation["impact"]] += len(violation["nodes"])
        if violation["impact"] in BLOCKING:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            blocking.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    FIGURES["axe"][name] = counts
    return blocking
