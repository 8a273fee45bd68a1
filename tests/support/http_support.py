"""A static server on loopback for the tests (the built site with the headers a test asks for),
and for the build's snapshot (scripts/pyodide_snapshot.py, with a handler of its own)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/octet-stream",
        ".zip": "application/zip",
    }

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:  # keep test output readable
        pass


def serve_directory(directory: Path, headers: dict[str, str] | None = None):
    """Start a static server on 127.0.0.1 (free port); returns (base_url, stop)."""
    return serve(type("Handler", (StaticHandler,), {"extra_headers": dict(headers or {})}), directory)


def serve(handler: type[StaticHandler], directory: Path):
    """Serve `directory` with `handler` on 127.0.0.1 (free port); returns (base_url, stop)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join()

    return f"http://127.0.0.1:{server.server_address[1]}/", stop
