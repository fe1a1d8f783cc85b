"""A real JupyterLab on 127.0.0.1, driven by headless Chromium.

The session starts ``jupyter lab`` from this environment on a free port, with a
token, a temporary root directory and temporary Jupyter directories (so that no
user setting or kernel spec leaks in), and always terminates it. Its kernel is
this environment's Python with JAX's default float32 (``JAX_*`` variables are
dropped). The browser is Debian's ``chromium`` (``$CHROMIUM``) driven by
Playwright; nothing else is installed or fetched.

Timeouts are generous but bounded, for a loaded 2-core machine: JupyterLab can
take 20 s or more to start, and a kernel's first JAX import and compilation more.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from _chromium import chromium

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(
    os.environ.get("BROWSER_SCREENSHOTS", ROOT / "docs" / "_build" / "screenshots")
)
START_TIMEOUT = 120.0  # seconds for JupyterLab to answer
# No news, no update check: JupyterLab would otherwise ask to fetch them.
NOTIFICATION_SETTINGS = {"fetchNews": "false", "checkForUpdates": False}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab: where it is, its token, its directories."""

    url: str
    token: str
    root: Path
    runtime: Path
    log: Path

    def api(self, path: str):
        """GET ``/api/<path>`` as JSON."""
        request = urllib.request.Request(
            f"{self.url}/api/{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def shutdown_sessions(self) -> None:
        """Shut down every notebook session and its kernel."""
        for session in self.api("sessions"):
            request = urllib.request.Request(
                f"{self.url}/api/sessions/{session['id']}",
                method="DELETE",
                headers={"Authorization": f"token {self.token}"},
            )
            with urllib.request.urlopen(request, timeout=30):
                pass

    def page_url(self, notebook: str) -> str:
        return f"{self.url}/lab/tree/{notebook}?token={self.token}&reset"

    def write_notebook(self, name: str, cells: list) -> str:
        """A notebook in the root directory; its name.

        ``cells`` holds code sources, or ``(cell_type, source)`` pairs.
        """
        pairs = [("code", c) if isinstance(c, str) else c for c in cells]
        notebook = {
            "cells": [
                {"cell_type": kind, "id": f"cell-{i}", "metadata": {}, "source": source}
                | ({"execution_count": None, "outputs": []} if kind == "code" else {})
                for i, (kind, source) in enumerate(pairs)
            ],
            "metadata": {
                "kernelspec": {
                    "display_name": "Python 3",
                    "language": "python",
                    "name": "python3",
                }
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        (self.root / name).write_text(json.dumps(notebook), encoding="utf-8")
        return name

    def tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


def _environment(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAX_")}
    env.pop("BIVNORM_BACKEND", None)
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": base / "settings",
        "JUPYTERLAB_WORKSPACES_DIR": base / "workspaces",
        "IPYTHONDIR": base / "ipython",
        "MPLCONFIGDIR": base / "matplotlib",
    }
    for path in dirs.values():
        path.mkdir(parents=True)
    settings = dirs["JUPYTERLAB_SETTINGS_DIR"] / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps(NOTIFICATION_SETTINGS), encoding="utf-8"
    )
    # Only what the tests need: no language server, no terminals.
    server_config = {
        "ServerApp": {
            "jpserver_extensions": {
                "jupyter_lsp": False,
                "jupyter_server_terminals": False,
            }
        }
    }
    (dirs["JUPYTER_CONFIG_DIR"] / "jupyter_server_config.json").write_text(
        json.dumps(server_config), encoding="utf-8"
    )
    env.update({name: str(path) for name, path in dirs.items()})
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return env


@pytest.fixture(scope="session")
def lab():
    base = Path(tempfile.mkdtemp(prefix="bivnorm-lab-"))
    root = base / "root"
    root.mkdir()
    env = _environment(base)
    port, token = _free_port(), secrets.token_hex(16)
    log = base / "lab.log"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--expose-app-in-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--KernelManager.shutdown_wait_time=5",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines
    with log.open("w") as out:
        proc = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    server = Lab(f"http://127.0.0.1:{port}", token, root, base / "runtime", log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited ({proc.returncode}):\n{server.tail()}")
            try:
                server.api("status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{server.tail()}")
                time.sleep(0.5)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_kernels(lab):
    """Each test's notebook gets its own kernel, shut down after the test."""
    yield
    lab.shutdown_sessions()


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    """A fresh page; console errors and page exceptions are kept on it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
