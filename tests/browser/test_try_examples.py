"""The "Try it in your browser" buttons on the API reference's docstring examples.

jupyterlite-sphinx (``global_enable_try_examples`` in docs/conf.py) makes a notebook
of every Examples section and puts a button above it, which swaps the examples for
an iframe of that notebook in JupyterLite. There bivnorm runs on NumPy, so the
notebook must install it first, from the wheel the site bundles, as the gallery's
notebooks do. As in test_site.py, the Pyodide kernel itself cannot start offline.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "docs" / "_build" / "html"
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from bivnorm_docs import PIP_CELL

#: API pages with a Try button: every generated page whose docstring has examples.
PAGES = sorted(
    str(p.relative_to(SITE))
    for p in (SITE / "api" / "generated").glob("*.html")
    if "try_examples_button" in p.read_text(encoding="utf-8")
)
PYODIDE_CDN = re.compile(r"https://cdn\.jsdelivr\.net/pyodide/")
#: Chromium asks every site for /favicon.ico; this one has none.
FAVICON = re.compile(r"status of 404 .* @ http://127\.0\.0\.1:\d+/favicon\.ico$")


def _open_iframe(page, base_url, rel):
    page.goto(f"{base_url}/{rel}", wait_until="load")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Try it in your browser").first.click()
    iframe = page.locator(".try_examples_outer_iframe:not(.hidden) iframe").first
    iframe.wait_for(state="attached", timeout=10_000)
    return iframe


def test_the_documented_objects_have_buttons():
    expected = {"bivnorm.BivariateNormal.html", "bivnorm.Normal.html"}
    assert expected <= {Path(rel).name for rel in PAGES}, PAGES


@pytest.mark.parametrize("rel", PAGES)
def test_button_opens_a_notebook_that_installs_bivnorm(recorded, base_url, rel):
    page, rec = recorded
    iframe = _open_iframe(page, base_url, rel)
    src = urljoin(page.url, iframe.get_attribute("src"))
    parts = urlsplit(src)
    assert parts.path.endswith("/lite/notebooks/index.html"), src
    name = parse_qs(parts.query)["path"][0]
    notebook = json.loads((SITE / "lite" / "files" / name).read_text(encoding="utf-8"))
    code = [
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    ]
    assert code[0] == PIP_CELL
    assert any("bivnorm" in cell for cell in code[1:]), code
    assert not any("jax" in cell for cell in code), "a docstring example needs JAX"
    listing = page.request.get(f"{base_url}/lite/api/contents/all.json")
    assert name in {item["name"] for item in listing.json()["content"]}
    assert rec.external == []
    assert rec.problems() == {}


def test_the_notebook_opens_in_jupyterlite(recorded, base_url, screenshots):
    page, rec = recorded
    iframe = _open_iframe(page, base_url, "api/generated/bivnorm.BivariateNormal.html")
    frame = iframe.content_frame
    cells = frame.locator(".jp-Notebook .jp-Cell")
    expect(cells.first).to_be_visible(timeout=60_000)
    # The editor's text has no line breaks: each line of the cell.
    for line in filter(str.strip, PIP_CELL.splitlines()):
        expect(cells.nth(1)).to_contain_text(line, timeout=30_000)
    expect(cells.nth(2)).to_contain_text("bn.BivariateNormal(", timeout=30_000)
    page.wait_for_timeout(2_000)
    page.screenshot(path=screenshots / "try_examples.png")
    # Offline, only the kernel's fetch of the Pyodide runtime goes outside.
    assert all(PYODIDE_CDN.match(url) for url in rec.external), rec.external
    assert rec.failed_local == []
    assert all(PYODIDE_CDN.search(e) for e in rec.page_errors), rec.page_errors
    others = [
        e
        for e in rec.console_errors
        if not (PYODIDE_CDN.search(e) or FAVICON.search(e))
    ]
    assert others == []
