"""Helpers for the tests that run the site through nginx (tests/deploy/)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = "/usr/sbin/nginx"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def nginx_local():
    """deploy/nginx_local.py: runs the shipped deploy/nginx.conf on a loopback port."""
    return _load("nginx_local", ROOT / "deploy" / "nginx_local.py")


def precompress():
    # A plain import from the scripts folder, so precompress's worker processes (forkserver)
    # can import it too; sys.path reaches them.
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    import precompress

    return precompress


def start_nginx(site: Path, port: int | None = None):
    if not os.access(NGINX, os.X_OK):
        pytest.fail("nginx is not installed: run `make nginx` (make test does it first)")
    return nginx_local().start(site, port)


def pyodide_folder(site_dir: Path) -> str:
    """'pyodide/<hash>/' of a built site."""
    (folder,) = (site_dir / "pyodide").iterdir()
    return f"pyodide/{folder.name}/"
