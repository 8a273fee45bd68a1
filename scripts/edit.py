"""`make edit`: the site and the editor at http://127.0.0.1:8000/admin/, saving the FAQ to
docs/faq/ and the call rounds to checker/rounds/.

Starts decap-server (Decap CMS's local backend, npm) on 127.0.0.1 only, and `mkdocs serve` with
DECAP_LOCAL_BACKEND set to it (hooks/cms.py), so that /admin/ reads and writes the files of this
working tree with no account. Ctrl+C stops both. The tests run this script in a copy of the
repository (tests/browser/test_cms.py).

    .venv/bin/python scripts/edit.py [--root DIR] [--port 8000] [--backend-port 8081] [--no-livereload]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"


def wait_listening(process: subprocess.Popen, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server stoppet (kode {process.returncode}); er port {port} i bruk? Velg en annen med --backend-port.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"decap-server svarte ikke på port {port} innen {timeout:.0f} s.")


def start_backend(root: Path, port: int) -> subprocess.Popen:
    """decap-server in its file-system mode: it writes the files in `root` directly."""
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn"}
    process = subprocess.Popen(["node", str(DECAP_SERVER)], cwd=root, env=env)
    try:
        wait_listening(process, port)
    except RuntimeError:
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)  # so that `finally` stops decap-server and mkdocs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Nettstedet og redigeringen av FAQ og utlysningsrunder på 127.0.0.1.")
    parser.add_argument("--root", default=str(ROOT), help="repoet som redigeres (standard: dette)")
    parser.add_argument("--port", type=int, default=8000, help="nettstedets port (standard 8000)")
    parser.add_argument("--backend-port", type=int, default=8081, help="decap-servers port (standard 8081)")
    parser.add_argument("--no-livereload", action="store_true", help="ikke last sidene på nytt ved endringer")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)

    try:
        backend = start_backend(root, args.backend_port)
    except RuntimeError as err:
        print(f"Feil: {err}", file=sys.stderr)
        return 2
    command = [str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{args.port}"]
    if args.no_livereload:
        command.append("--no-livereload")
    env = {**os.environ, "DECAP_LOCAL_BACKEND": f"http://127.0.0.1:{args.backend_port}/api/v1"}
    print(f"Redigering: http://127.0.0.1:{args.port}/admin/ (lagrer i {root / 'docs' / 'faq'} og {root / 'checker' / 'rounds'}).")
    print("Nettstedet bygges på nytt når du lagrer et svar; feil i en FAQ-fil står her. En endret runde")
    print("leses når du starter på nytt. Ctrl+C stopper.")
    try:
        return subprocess.run(command, cwd=root, env=env).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        stop(backend)


if __name__ == "__main__":
    sys.exit(main())
