"""The checker page's script in the built site: one bundle named by its content hash, the
worker beside it as a file of its own, and none of the bundled modules served loose
(hooks/checker_bundle.py)."""

from __future__ import annotations

import hashlib
import json
import re

from site_support import ROOT, hook_module

checker_bundle = hook_module("checker_bundle")

BUNDLE = re.compile(r'<script type="module" src="\.\./(assets/checker/page\.([0-9a-f]{8})\.min\.js)"></script>')


def test_the_checker_page_loads_one_bundle_named_by_its_content(site_dir):
    page = (site_dir / "sjekk" / "index.html").read_text(encoding="utf-8")
    [(name, digest)] = BUNDLE.findall(page)
    content = (site_dir / name).read_bytes()
    assert hashlib.sha256(content).hexdigest()[:8] == digest
    # The same modules give the same bundle: the site was built from this tree.
    assert checker_bundle.bundle(ROOT / "docs").name == name
    assert "modulepreload" not in page
    assert not re.search(r'<script[^>]+src="[^"]*assets/checker/(?!boot\.js|defer-search\.js|page\.)', page)


def test_the_bundled_modules_are_not_served_loose_but_the_worker_is(site_dir):
    made = checker_bundle.bundle(ROOT / "docs")
    assert "assets/checker/page.js" in made.inputs and "assets/checker/draft-store.js" in made.inputs
    assert not [path for path in made.inputs if (site_dir / path).exists()]
    # worker-client.js finds the worker beside the bundle; boot.js starts it from <head>.
    assert b'new URL("./worker.js",import.meta.url)' in made.content
    assert "assets/checker/worker.js" not in made.inputs and (site_dir / "assets/checker/worker.js").is_file()


def test_the_service_worker_caches_the_bundle_for_offline_use(site_dir):
    text = (site_dir / "sw.js").read_text(encoding="utf-8")
    build = json.loads(re.search(r"^const BUILD = (\{.*\});", text, re.M).group(1))
    [name] = [f for f in build["shell"] if f.startswith("assets/checker/page.")]
    assert (site_dir / name).is_file()
    assert "assets/checker/page.js" not in build["shell"]
