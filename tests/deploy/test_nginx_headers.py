"""The built site through Debian's nginx with the shipped deploy/nginx.conf: types, caching,
security headers, the 404 page and precompressed bodies, for each kind of file."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import brotli
import pytest
import requests

from nginx_support import precompress, pyodide_folder, start_nginx
from trust_support import parse_security_headers

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@pytest.fixture(scope="module")
def nginx_url(site_dir):
    server = start_nginx(site_dir)
    yield server.url
    server.stop()


def material_css(site_dir: Path) -> str:
    (css,) = (site_dir / "assets" / "stylesheets").glob("main.*.min.css")
    return css.relative_to(site_dir).as_posix()


def get(url: str, encoding: str = "identity") -> requests.Response:
    """GET without decoding, so the test sees the bytes nginx sent."""
    response = requests.get(url, headers={"Accept-Encoding": encoding}, stream=True,
                            allow_redirects=False, timeout=30)
    response.body = response.raw.read(decode_content=False)
    return response


def checker_bundle(site_dir: Path) -> str:
    (bundle,) = (site_dir / "assets" / "checker").glob("page.*.min.js")
    return bundle.relative_to(site_dir).as_posix()


def kinds(site_dir: Path) -> dict[str, tuple[str, str, str]]:
    """path -> (file it serves, Content-Type, Cache-Control), one per kind of file."""
    pyodide = pyodide_folder(site_dir)
    return {
        "": ("index.html", "text/html; charset=utf-8", REVALIDATE),
        "sjekk/": ("sjekk/index.html", "text/html; charset=utf-8", REVALIDATE),
        "sw.js": ("sw.js", "text/javascript; charset=utf-8", REVALIDATE),
        "assets/checker/worker.js": ("assets/checker/worker.js", "text/javascript; charset=utf-8", REVALIDATE),
        "search/search_index.json": ("search/search_index.json", "application/json; charset=utf-8", REVALIDATE),
        material_css(site_dir): (material_css(site_dir), "text/css; charset=utf-8", IMMUTABLE),
        checker_bundle(site_dir): (checker_bundle(site_dir), "text/javascript; charset=utf-8", IMMUTABLE),
        pyodide + "pyodide.asm.wasm": (pyodide + "pyodide.asm.wasm", "application/wasm", IMMUTABLE),
        pyodide + "pyodide.mjs": (pyodide + "pyodide.mjs", "text/javascript; charset=utf-8", IMMUTABLE),
        pyodide + "pyodide-lock.json": (pyodide + "pyodide-lock.json", "application/json; charset=utf-8", IMMUTABLE),
        pyodide + "python_stdlib.zip": (pyodide + "python_stdlib.zip", "application/zip", IMMUTABLE),
    }


def test_each_kind_of_file_has_its_type_caching_and_security_headers(nginx_url, site_dir):
    security = parse_security_headers()
    assert "Content-Security-Policy" in security
    for path, (file, content_type, cache) in kinds(site_dir).items():
        response = get(nginx_url + path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == content_type, path
        assert response.headers["Cache-Control"] == cache, path
        for name, value in security.items():
            assert response.headers.get(name) == value, f"{path}: {name}"
        assert response.body == (site_dir / file).read_bytes(), path


def test_wheels_are_immutable_and_every_lock_entry_is_served(nginx_url, site_dir):
    pyodide = pyodide_folder(site_dir)
    wheels = sorted((site_dir / pyodide).glob("*.whl"))
    assert any(w.name.startswith("checker-") for w in wheels)
    for wheel in wheels:
        response = get(nginx_url + pyodide + wheel.name)
        assert response.status_code == 200, wheel.name
        assert response.headers["Cache-Control"] == IMMUTABLE, wheel.name


def test_unversioned_material_scripts_are_revalidated(nginx_url, site_dir):
    """Only a URL that changes with its content may be immutable: lunr's files have no hash."""
    lunr = next((site_dir / "assets" / "javascripts" / "lunr").rglob("*.js")).relative_to(site_dir)
    assert get(nginx_url + lunr.as_posix()).headers["Cache-Control"] == REVALIDATE


def test_missing_page_gets_the_404_page_with_headers(nginx_url, site_dir):
    security = parse_security_headers()
    for path in ("finnes-ikke/", pyodide_folder(site_dir) + "finnes-ikke.whl"):
        response = get(nginx_url + path)
        assert response.status_code == 404, path
        assert response.body == (site_dir / "404.html").read_bytes(), path
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        # never cached as immutable, even under the versioned folder
        assert response.headers["Cache-Control"] == REVALIDATE, path
        for name, value in security.items():
            assert response.headers.get(name) == value, f"{path}: {name}"


def test_the_faq_editor_gets_its_own_headers_and_is_revalidated(nginx_url, site_dir):
    """/admin/ (hooks/cms.py) has the policy of security-headers-admin.conf and noindex; the
    site's headers, strict policy included, stay on everything else (test above)."""
    admin = parse_security_headers(Path(__file__).resolve().parents[2] / "deploy" / "security-headers-admin.conf")
    assert admin["Content-Security-Policy"] != parse_security_headers()["Content-Security-Policy"]
    for path, content_type in (("admin/", "text/html; charset=utf-8"),
                               ("admin/cms.js", "text/javascript; charset=utf-8"),
                               ("admin/config.json", "application/json; charset=utf-8")):
        response = get(nginx_url + path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == content_type, path
        assert response.headers["Cache-Control"] == REVALIDATE, path
        for name, value in admin.items():
            assert response.headers.get(name) == value, f"{path}: {name}"


def test_directory_without_slash_redirects_relative(nginx_url):
    response = get(nginx_url + "sjekk")
    assert response.status_code == 301
    assert response.headers["Location"] == "/sjekk/"


DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress}


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_compressed_bodies_are_served_and_decode_to_the_file(nginx_url, site_dir, encoding):
    for path, (file, content_type, _) in kinds(site_dir).items():
        original = (site_dir / file).read_bytes()
        response = get(nginx_url + path, encoding)
        if (site_dir / (file + {"gzip": ".gz", "br": ".br"}[encoding])).exists():
            assert "Accept-Encoding" in response.headers.get("Vary", ""), path
            assert response.headers.get("Content-Encoding") == encoding, path
            assert len(response.body) < len(original), path
            assert DECODERS[encoding](response.body) == original, path
            assert response.headers["Content-Type"] == content_type, path
        else:
            assert "Content-Encoding" not in response.headers, path
            assert response.body == original, path


def test_the_big_files_are_precompressed(site_dir):
    """make build ran scripts/precompress.py: the runtime and the pages have both variants."""
    pyodide = site_dir / pyodide_folder(site_dir)
    for file in (pyodide / "pyodide.asm.wasm", pyodide / "pyodide.asm.mjs",
                 site_dir / "sjekk" / "index.html", site_dir / material_css(site_dir)):
        assert file.with_name(file.name + ".gz").exists(), file
        assert file.with_name(file.name + ".br").exists(), file
    wasm = (pyodide / "pyodide.asm.wasm").stat().st_size
    assert (pyodide / "pyodide.asm.wasm.br").stat().st_size < wasm / 3


def test_precompress_is_deterministic_and_keeps_only_what_pays(tmp_path):
    compressor = precompress()
    text = ("<p>Samarbeidsprosjekter for sirkulære verdikjeder</p>\n" * 200).encode()
    (tmp_path / "page.html").write_bytes(text)
    (tmp_path / "small.css").write_bytes(b"a{}" * 10)
    (tmp_path / "packed.zip").write_bytes(os.urandom(4096))
    compressor.precompress(tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(first) == {"page.html", "page.html.gz", "page.html.br", "small.css", "packed.zip"}
    assert gzip.decompress(first["page.html.gz"]) == text
    assert brotli.decompress(first["page.html.br"]) == text
    # no name, no time in the gzip header: the same bytes on every build
    (tmp_path / "page.html.gz").unlink()
    compressor.precompress(tmp_path)
    assert (tmp_path / "page.html.gz").read_bytes() == first["page.html.gz"]
    assert re.match(rb"\x1f\x8b\x08\x00\x00\x00\x00\x00", first["page.html.gz"])
