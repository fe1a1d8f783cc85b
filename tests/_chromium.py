"""What every browser test shares: Debian's Chromium, its flags, and axe-core.

Imported as ``_chromium`` (``pythonpath = ["tests"]`` in pyproject.toml) by the
conftests of ``tests/browser`` and ``tests/frontend`` and by the benchmarks.

axe-core comes from the npm registry: the nox sessions that drive a browser install
it (``noxfile.py``, which pins its version) and name its file in ``$AXE_JS``.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
AXE_JS = Path(
    os.environ.get(
        "AXE_JS", ROOT / ".nox" / "_npm" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
# WCAG 2.0-2.2 A and AA, as the issues ask; best practices are reported too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, include: str | None = None) -> list[dict]:
    """Run axe-core on ``page`` (or on the element matching ``include``).

    Returns the violations as ``{id, impact, help, targets}`` dicts: an empty
    list is a clean page.

    axe's CSSOM preload is off: axe-core 4.11 resolves a stylesheet's relative
    ``@import`` against the page's URL, not the stylesheet's, and so asks for
    files that do not exist (``/basic.css`` from pydata's ``theme.css``), then
    reads the 404 page as CSS (dequelabs/axe-core#5268). Its one rule that needs
    the CSSOM, ``css-orientation-lock``, is then left out.
    """
    if not AXE_JS.is_file():
        msg = f"no axe-core at {AXE_JS}: run the nox session (it installs it)"
        raise FileNotFoundError(msg)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([include, tags]) => {
            const ctx = include ? {include: [include]} : document;
            const r = await axe.run(ctx, {
                runOnly: {type: 'tag', values: tags}, preload: false,
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            }));
        }""",
        [include, AXE_TAGS],
    )
    return list(result)


class QuietHandler(SimpleHTTPRequestHandler):
    """``http.server``'s file handler, without a log line per request."""

    def log_message(self, format, *args):
        pass


@contextmanager
def serve(directory, handler=QuietHandler):
    """Serve ``directory`` on a free 127.0.0.1 port; yields the base URL."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(handler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium(extra_args=()):
    """Debian's Chromium, headless, driven by Playwright; fails if it is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM} (Debian package `chromium`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True
        )
        try:
            yield browser
        finally:
            browser.close()
