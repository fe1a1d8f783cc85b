"""Fixtures of the browser tests: the built site served on localhost, and Chromium.

The site must have been built first (``nox -s docs``). The browser is Debian's
``chromium`` (``$CHROMIUM``, default ``/usr/bin/chromium``) driven by Playwright;
each test gets a fresh browser context, and the browser itself runs on a fresh
temporary profile. Every request to another host is recorded and aborted: the site
must work offline.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _chromium import chromium, serve

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "_build" / "html"
SCREENSHOTS = Path(
    os.environ.get("BROWSER_SCREENSHOTS", ROOT / "docs" / "_build" / "screenshots")
)
LOCAL = re.compile(r"^(?:https?|wss?)://127\.0\.0\.1:\d+/")


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run `nox -s docs` first")
    return SITE


@pytest.fixture(scope="session")
def base_url(site):
    """``http.server`` on a free localhost port, serving the built site."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@dataclass
class Recorder:
    """What went wrong on a page: console errors, exceptions, failed requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_local: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        return {
            name: values
            for name, values in vars(self).items()
            if values and name != "external"
        }


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def recorded(context):
    """A new page whose problems are recorded, and its :class:`Recorder`."""
    rec = Recorder()

    def block_external(route):
        rec.external.append(route.request.url)
        route.abort()

    context.route(lambda url: not LOCAL.match(url), block_external)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and rec.console_errors.append(f"{msg.text} @ {msg.location.get('url')}")
        ),
    )
    page.on("pageerror", lambda exc: rec.page_errors.append(str(exc)))

    def on_failed(request):
        if LOCAL.match(request.url):
            rec.failed_local.append(f"{request.url}: {request.failure}")

    def on_response(response):
        if LOCAL.match(response.url) and response.status >= 400:
            rec.failed_local.append(f"{response.url}: HTTP {response.status}")

    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    return page, rec


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
