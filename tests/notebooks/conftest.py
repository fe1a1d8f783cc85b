"""Fixtures of the notebook tests: the built site and a Pyodide runtime, served on
127.0.0.1, and one headless Chromium for the whole run.

The site is served as built (``docs/_build/html``, from ``nox -s docs``) with one
change made in flight, for the test only: the JupyterLite configuration
(``lite/jupyter-lite.json``) gets the local Pyodide (``$PYODIDE_RUNTIME``, assembled
by the ``notebooks`` nox session) as the kernel's ``pyodideUrl``, and exposes the
JupyterLab application to the page so that the test can run every cell and read the
outputs, with storage in memory so that no notebook finds the layout of the one
before. The files on disk, which readers get, keep the CDN Pyodide.

Every request to another host is recorded and aborted, and Chromium cannot resolve
any host name but 127.0.0.1, so requests made by workers fail too.
"""

from __future__ import annotations

import json
import os
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from _chromium import chromium, serve

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("NOTEBOOKS_SITE", ROOT / "docs" / "_build" / "html"))
RUNTIME = Path(
    os.environ.get("PYODIDE_RUNTIME", ROOT / ".nox" / "_pyodide" / "runtime")
)
SCREENSHOTS = Path(
    os.environ.get("BROWSER_SCREENSHOTS", ROOT / "docs" / "_build" / "screenshots")
)
#: Where the test serves the Pyodide runtime, next to the site.
PYODIDE_PREFIX = "/_test_pyodide/"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: No host name resolves but 127.0.0.1: workers' requests cannot leave either.
OFFLINE_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def lite_config_for_test(text: str) -> str:
    """``lite/jupyter-lite.json`` with the test's Pyodide and the app exposed."""
    config = json.loads(text)
    data = config["jupyter-config-data"]
    data["exposeAppInBrowser"] = True
    # Nothing kept from one notebook to the next (contents, settings, layout).
    data["enableMemoryStorage"] = True
    settings = data.setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {})
    settings["pyodideUrl"] = f"{PYODIDE_PREFIX}pyodide-loader.mjs"
    return json.dumps(config)


class _SiteHandler(SimpleHTTPRequestHandler):
    """The built site, the Pyodide runtime under :data:`PYODIDE_PREFIX`."""

    extensions_map = {  # noqa: RUF012
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }

    def translate_path(self, path):
        if path.startswith(PYODIDE_PREFIX):
            rel = path.split("?", 1)[0].removeprefix(PYODIDE_PREFIX)
            return str(RUNTIME / rel)
        return super().translate_path(path)

    def do_GET(self):
        if self.path.split("?", 1)[0] == "/lite/jupyter-lite.json":
            text = (SITE / "lite" / "jupyter-lite.json").read_text(encoding="utf-8")
            body = lite_config_for_test(text).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "lite" / "jupyter-lite.json").is_file():
        pytest.fail(f"no built site at {SITE}: run `nox -s docs` first")
    return SITE


@pytest.fixture(scope="session")
def runtime() -> Path:
    if not (RUNTIME / "pyodide-loader.mjs").is_file():
        pytest.fail(f"no Pyodide runtime at {RUNTIME}: run `nox -s notebooks`")
    return RUNTIME


@pytest.fixture(scope="session")
def base_url(site, runtime):
    with serve(site, _SiteHandler) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with chromium(OFFLINE_ARGS) as browser:
        yield browser


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
