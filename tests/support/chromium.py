"""Debian's Chromium, driven by Playwright: never a browser download (design.md)."""

CHROMIUM = "/usr/bin/chromium"
# design.md: without the background-networking flags Chromium tries to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
