"""Run Debian's nginx with the shipped deploy/nginx.conf on a loopback port.

Used by the tests (tests/deploy/), the benchmark and
`make serve-prod`. Only the server block's `listen` and `root` lines change; every other line is
the production configuration. All of nginx's files (pid, logs, temp) live in a fresh temporary
folder, removed on stop.

    .venv/bin/python deploy/nginx_local.py [--site site] [--port 8080]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
NGINX = "/usr/sbin/nginx"

_LISTEN = re.compile(r"^(\s*)listen\s+[^;]+;\n", re.MULTILINE)
_ROOT = re.compile(r"^(\s*)root\s+[^;]+;$", re.MULTILINE)


def local_server_block(conf: str, port: int, root: Path) -> str:
    """The shipped server block with one loopback `listen` and `root` set to the local site."""
    listens = _LISTEN.findall(conf)
    roots = _ROOT.findall(conf)
    if not listens or len(roots) != 1:
        raise ValueError("deploy/nginx.conf must have listen lines and exactly one root line")
    indent = listens[0]
    conf = _LISTEN.sub("", conf, count=len(listens) - 1)
    conf = _LISTEN.sub(f"{indent}listen 127.0.0.1:{port};\n", conf, count=1)
    return _ROOT.sub(lambda m: f'{m.group(1)}root "{root}";', conf)


def main_config(prefix: Path) -> str:
    text = (DEPLOY / "nginx-local.conf.in").read_text(encoding="utf-8")
    # A root master gives its workers to `nobody`, who cannot read a tester's private tmp dirs.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return user + text.replace("@PREFIX@", str(prefix))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalNginx:
    process: subprocess.Popen
    prefix: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: fast shutdown of master and workers
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)


def _wait_listening(proc: subprocess.Popen, port: int, prefix: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (prefix / "error.log").read_text(errors="replace") if (prefix / "error.log").exists() else ""
            raise RuntimeError(f"nginx exited with {proc.returncode}:\n{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start listening within 10 s")


def start(site: Path, port: int | None = None) -> LocalNginx:
    """Start nginx serving `site` on 127.0.0.1 (a free port unless given); call .stop() after."""
    site = Path(site).resolve()
    prefix = Path(tempfile.mkdtemp(prefix="nginx-local-"))
    (prefix / "tmp").mkdir()
    port = port or free_port()
    shipped = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    (prefix / "server.conf").write_text(local_server_block(shipped, port, site), encoding="utf-8")
    for headers in DEPLOY.glob("security-headers*.conf"):  # the site's, and /admin/'s
        shutil.copy(headers, prefix / headers.name)
    (prefix / "nginx.conf").write_text(main_config(prefix), encoding="utf-8")
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf")],
        stdin=subprocess.DEVNULL,
    )
    try:
        _wait_listening(proc, port, prefix)
    except Exception:
        LocalNginx(proc, prefix, port).stop()
        raise
    return LocalNginx(proc, prefix, port)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(DEPLOY.parent / "site"))
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if not (Path(args.site) / "index.html").exists():
        print(f"{args.site} is not built: run `make build` first", file=sys.stderr)
        return 1
    # Ctrl-C or a plain `kill` both stop nginx and remove its files (a background job may
    # have inherited an ignored SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    server = start(Path(args.site), args.port)
    print(f"nginx (deploy/nginx.conf) serves {args.site} at {server.url} - Ctrl-C stops it", flush=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
