"""The checker inside Pyodide gives the same answers as in CPython, loaded as the site serves it.

Every case in tests/cases/ is evaluated, in bokmål and English, by the checker running inside
Pyodide under Node with the runtime, compiled standard library, lock and wheels taken from the
built site's `site/pyodide/<hash>/` (tests/node/parity.mjs, one Node process for all cases), and
must give exactly the report CPython's `checker.evaluate` gives. Invalid applications must give
the same input-error paths and messages. `make test` builds the site before pytest runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from parity_support import CASES, LANGS, TODAY, cpython_outcome, parity_inputs

ROOT = Path(__file__).resolve().parents[2]
PARITY_SCRIPT = ROOT / "tests" / "node" / "parity.mjs"
RUNTIME_FILES = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"}
# The worker's quick start (scripts/build_pyodide.py, scripts/pyodide_snapshot.py).
ARCHIVE = "site-packages.tar"
SNAPSHOT_META = "checker-snapshot.json"  # and the parts of the snapshot it lists
NPM_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"


INPUTS, INVALID = parity_inputs()


@pytest.fixture(scope="module")
def served(site_dir) -> Path:
    folders = [p for p in (site_dir / "pyodide").glob("*") if p.is_dir()]
    if len(folders) != 1:
        pytest.fail(
            f"expected one site/pyodide/<hash>/ folder, found {len(folders)}: build the site "
            "with `make build` (scripts/build_pyodide.py, then mkdocs build)"
        )
    return folders[0]


@pytest.fixture(scope="module")
def lock(served) -> dict:
    return json.loads((served / "pyodide-lock.json").read_text())


def zip_modules(path: Path) -> set[str]:
    """Top-level modules (`name.py`, `name.pyc`) in a standard-library zip."""
    with zipfile.ZipFile(path) as archive:
        return {n.rsplit(".", 1)[0] for n in archive.namelist()
                if "/" not in n and n.endswith((".py", ".pyc"))}


def left_out_module(served: Path) -> str:
    """A module of Pyodide's standard library that the site's trimmed copy leaves out."""
    left_out = zip_modules(NPM_STDLIB) - zip_modules(served / "python_stdlib.zip")
    assert left_out, "the served standard library is not trimmed"
    return min(m for m in left_out if not m.startswith("_"))


@pytest.fixture(scope="module")
def pyodide_run(served, tmp_path_factory) -> dict:
    if shutil.which("node") is None:
        pytest.fail("node is not on the PATH (Node 20 runs Pyodide for this test)")
    work = tmp_path_factory.mktemp("parity")
    (work / "input.json").write_text(json.dumps(INPUTS))
    result = subprocess.run(
        ["node", str(PARITY_SCRIPT), str(served), str(work / "input.json"), str(work / "out.json"),
         left_out_module(served)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"Pyodide under Node failed:\n{result.stderr[-3000:]}"
    return json.loads((work / "out.json").read_text())


def served_files(served: Path) -> list[Path]:
    """The folder's files as built, without the .gz/.br copies that scripts/precompress.py adds."""
    return sorted(p for p in served.iterdir() if p.suffix not in {".gz", ".br"})


def test_served_folder_holds_the_runtime_and_exactly_the_locked_wheels(served, lock):
    files = {p.name for p in served_files(served)}
    wheels = {entry["file_name"] for entry in lock["packages"].values()}
    parts = set(json.loads((served / SNAPSHOT_META).read_text())["parts"])
    assert files == RUNTIME_FILES | wheels | {"pyodide-lock.json", ARCHIVE, SNAPSHOT_META} | parts
    for entry in lock["packages"].values():
        # The browser refuses a wheel whose hash differs from the lock; Node does not check.
        actual = hashlib.sha256((served / entry["file_name"]).read_bytes()).hexdigest()
        assert actual == entry["sha256"], entry["file_name"]


def test_the_snapshot_archive_holds_every_file_of_the_served_wheels(served, lock):
    """The restored checker reads its package data, and imports modules lazily, from the archive
    as the normal start does from the wheels: the same files, byte for byte."""
    in_wheels = {}
    for entry in lock["packages"].values():
        with zipfile.ZipFile(served / entry["file_name"]) as wheel:
            in_wheels |= {i.filename: wheel.read(i) for i in wheel.infolist() if not i.is_dir()}
    with tarfile.open(served / ARCHIVE) as archive:
        in_archive = {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}
    assert any(re.fullmatch(r"checker/rounds/[^/]+\.json", name) for name in in_archive)
    assert in_archive == in_wheels


def test_folder_name_is_the_content_hash_and_the_checker_page_points_at_it(site_dir, served):
    """Every file's name and content, but the memory snapshot's bytes, which differ from build
    to build (hooks/pyodide_assets.py). The snapshot comes in parts that a private window's
    HTTP cache keeps (at most an eighth of its 50 MiB)."""
    parts = json.loads((served / SNAPSHOT_META).read_text())["parts"]
    assert parts and all((served / name).stat().st_size <= 4 * 1024 * 1024 for name in parts)
    digest = hashlib.sha256()
    for path in served_files(served):
        digest.update(path.name.encode() + b"\0")
        if path.name not in parts:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    assert served.name == digest.hexdigest()[:10]
    page = (site_dir / "sjekk" / "index.html").read_text()
    assert "__PYODIDE_BASE__" not in page
    assert re.search(r'data-pyodide-base="\.\./pyodide/' + served.name + '/"', page)


def test_checker_loads_its_dependencies_from_the_served_lock_only(pyodide_run, lock):
    assert sorted(pyodide_run["loaded"]) == sorted(e["name"] for e in lock["packages"].values())
    assert pyodide_run["python"] == lock["info"]["python"]


def test_a_module_left_out_of_the_standard_library_gives_a_clear_import_error(pyodide_run, served):
    """The served standard library holds only what the checker and Pyodide's start-up import
    (scripts/build_pyodide.py); any other import fails at once, naming the module (the page
    then says the checker could not start: tests/browser/test_browser_checker.py)."""
    name = left_out_module(served)
    assert pyodide_run["imports"] == {name: f"ModuleNotFoundError: No module named '{name}'"}


def test_checker_runs_from_compiled_bytecode(pyodide_run):
    assert pyodide_run["checker_file"].endswith("/site-packages/checker/__init__.pyc")


@pytest.mark.parametrize("item", INPUTS, ids=[i["id"] for i in INPUTS])
def test_pyodide_gives_the_same_outcome_as_cpython(pyodide_run, item):
    in_pyodide = {r["id"]: r["outcome"] for r in pyodide_run["results"]}[item["id"]]
    expected = cpython_outcome(item)
    if item["id"] in INVALID:
        assert "errors" in expected, f"CPython accepted {item['id']}: the test input is not invalid"
    assert in_pyodide == expected


def test_a_round_that_lives_only_in_the_tests_gives_the_same_reports_in_pyodide(served, tmp_path,
                                                                                 monkeypatch):
    """Issue 18: the test round (tests/rounds/2030-test.json) is read as data in Pyodide too,
    with no code change, and every report is CPython's."""
    from checker import rounds

    folder = ROOT / "tests" / "rounds"
    base = json.loads((CASES / "eligible-de-minimis.json").read_text())["application"]
    app = dict(base, round="2030-test", submission_date="2030-10-15")
    app["project"] = dict(base["project"], start_date="2030-12-01", end_date="2031-12-31",
                          objectives=["material_reuse"], activities=["pilot"],
                          requirements={"measurable_effect": True, "open_results": None})
    inputs = [{"id": f"{basis}[{lang}]", "data": dict(app, project=dict(app["project"], aid_basis=basis)),
               "lang": lang, "today": TODAY.isoformat()}
              for basis in ("de_minimis", "gber_29", "gber_49") for lang in LANGS]
    (tmp_path / "input.json").write_text(json.dumps(inputs))
    result = subprocess.run(
        ["node", str(PARITY_SCRIPT), str(served), str(tmp_path / "input.json"), str(tmp_path / "out.json")],
        capture_output=True, text=True, timeout=300, env={**os.environ, rounds.ENV: str(folder)})
    assert result.returncode == 0, result.stderr[-3000:]
    in_pyodide = {r["id"]: r["outcome"] for r in json.loads((tmp_path / "out.json").read_text())["results"]}
    monkeypatch.setenv(rounds.ENV, str(folder))
    rounds._files.cache_clear()
    rounds.load_round.cache_clear()
    try:
        for item in inputs:
            expected = cpython_outcome(item)
            assert "report" in expected and expected["report"]["round"] == "2030-test"
            assert in_pyodide[item["id"]] == expected, item["id"]
    finally:
        monkeypatch.delenv(rounds.ENV)
        rounds._files.cache_clear()
        rounds.load_round.cache_clear()
