"""Every try-it notebook of the site, run to the end in JupyterLite, offline.

The gallery's notebooks (``lite/files/auto_examples``) and the API reference's
try-it notebooks (the other ``lite/files/*.ipynb``) are opened as a reader's
"try it" link opens them, in JupyterLab (JupyterLite), with every request outside
the site blocked. All cells run; a notebook fails on an error, on warning text or
text on stderr in any output, on a failed or blocked request, and on a widget that
does not render.

A notebook of an example that needs JAX (which Pyodide does not have) says so in
its first cell and stops at the cell that checks for JAX, with a short message
naming JAX and no traceback; every cell before it runs.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import SITE

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from bivnorm_docs import ANIMATION_CELL, JAX_CHECK_MARK, requires_jax

FILES = SITE / "lite" / "files"
GALLERY = sorted(p.relative_to(FILES).as_posix() for p in FILES.glob("auto_*/*.ipynb"))
API = sorted(p.relative_to(FILES).as_posix() for p in FILES.glob("*.ipynb"))
LOCAL = re.compile(r"^(?:https?|wss?|blob:https?)://127\.0\.0\.1:\d+/|^(?:data|blob):")
WARNING = re.compile(r"warn", re.IGNORECASE)
DEPRECATION = re.compile(r"deprecat", re.IGNORECASE)
#: Chromium asks every site for /favicon.ico; this one has none (its pages name
#: theirs).
FAVICON = re.compile(r"^http://127\.0\.0\.1:\d+/favicon\.ico$")
#: Scripts, styles and tags (with their base64 images) of an HTML output.
HTML_CODE = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]*>", re.DOTALL)
#: Seconds a notebook may take, kernel start included (13-20 s is usual).
RUN_TIMEOUT_S = 240

_NOTEBOOK_OPEN = """(path) => {
    const panel = window.jupyterapp?.shell.currentWidget;
    return panel?.context?.path === path && panel.context.isReady
        && !!panel.sessionContext?.session?.kernel;
}"""

_RUN_ALL = """async (timeoutMs) => {
    const app = window.jupyterapp;
    const panel = app.shell.currentWidget;
    const times = {start: performance.now()};
    const run = async () => {
        await panel.sessionContext.ready;
        await panel.sessionContext.session.kernel.info;
        times.kernel = performance.now();
        return await app.commands.execute('notebook:run-all-cells');
    };
    const late = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
    const ok = await Promise.race([run(), late]);
    times.end = performance.now();
    const cells = [];
    const model = panel.content.model;
    for (let i = 0; i < model.cells.length; i++) {
        const cell = model.cells.get(i);
        cells.push({
            type: cell.type,
            source: cell.sharedModel.getSource(),
            execution_count: cell.type === 'code' ? cell.executionCount : null,
            outputs: cell.type === 'code' ? cell.outputs.toJSON() : [],
        });
    }
    return {ok, cells, times};
}"""


class _Problems:
    """What went wrong while one notebook ran: the lists are emptied for each."""

    def __init__(self):
        self.current = {}

    def reset(self) -> dict[str, list[str]]:
        self.current = {"blocked": [], "failed": [], "page_errors": []}
        return self.current

    def add(self, kind: str, text: str) -> None:
        self.current.setdefault(kind, []).append(text)


@pytest.fixture
def lab(browser):
    """A fresh browser context for each notebook, as a new reader's, with every
    request outside the site blocked. (One context for all was no faster, and
    the kernels started more slowly notebook after notebook.)"""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems = _Problems()

    def block(route):
        problems.add("blocked", route.request.url)
        route.abort()

    def on_response(response):
        if response.status >= 400 and not FAVICON.match(response.url):
            problems.add("failed", f"{response.url}: HTTP {response.status}")

    context.route(lambda url: not LOCAL.match(url), block)
    context.on(
        "requestfailed",
        lambda request: problems.add("failed", f"{request.url}: {request.failure}"),
    )
    context.on("response", on_response)
    yield context, problems
    context.close()


def _texts(output: dict) -> list[str]:
    """The text of one output: streams, plain text, HTML, error messages."""
    if output["output_type"] == "stream":
        return [output["text"]]
    if output["output_type"] == "error":
        return [output["ename"], output["evalue"], *output["traceback"]]
    data = output.get("data", {})
    texts = {
        mime: "".join(value) if isinstance(value, list) else value
        for mime, value in data.items()
        if mime.startswith("text/") and isinstance(value, str | list)
    }
    if "text/html" in texts:  # what a reader sees: no scripts, no tags, no data
        texts["text/html"] = HTML_CODE.sub(" ", texts["text/html"])
    return list(texts.values())


def _console(problems, msg):
    """Console errors, and any deprecation notice, of the page and its workers."""
    text = f"{msg.type}: {msg.text}"
    if FAVICON.match(msg.location.get("url", "")):
        return
    if msg.type == "error" or DEPRECATION.search(msg.text):
        problems.setdefault("console", []).append(text[:500])


def _show_the_point(page):
    """Scroll to what a screenshot should show: a stop, a player, a widget."""
    for selector in (
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        ".jp-OutputArea-output .animation",
        ".jp-OutputArea-output[data-mime-type*='widget-view']",
    ):
        target = page.locator(selector)
        if target.count():
            target.first.scroll_into_view_if_needed()
            return


def _run(lab, base_url, path, screenshots):
    context, recorder = lab
    problems = recorder.reset()
    page = context.new_page()
    page.set_default_timeout(RUN_TIMEOUT_S * 1000)
    page.on("pageerror", lambda exc: problems["page_errors"].append(str(exc)))
    page.on("console", lambda msg: _console(problems, msg))
    try:
        start = time.perf_counter()
        page.goto(f"{base_url}/lite/lab/index.html?path={path}", wait_until="load")
        page.wait_for_function(_NOTEBOOK_OPEN, arg=path)
        opened = time.perf_counter()
        result = page.evaluate(_RUN_ALL, (RUN_TIMEOUT_S - (opened - start)) * 1000)
        # Widgets render after their outputs arrive: let the views settle.
        page.wait_for_timeout(500)
        widget_errors = page.locator(".jp-OutputArea :text('Error displaying widget')")
        problems["widget_errors"] = widget_errors.all_inner_texts()
        times = {k: v / 1000 for k, v in result["times"].items()}
        kernel_s = times.get("kernel", times["end"]) - times["start"]
        print(
            f"{path}: {time.perf_counter() - start:.1f} s (page {opened - start:.1f}"
            f" s, kernel {kernel_s:.1f} s, cells {times['end'] - times['start'] - kernel_s:.1f} s)"
        )
        name = path.replace("/", "_").removesuffix(".ipynb")
        _show_the_point(page)
        page.screenshot(path=screenshots / f"notebook_{name}.png", full_page=False)
    finally:
        # JupyterLab keeps its layout in localStorage: the next notebook opens alone.
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.close()
    return result, problems


def _errors(cells):
    return [
        output
        for cell in cells
        for output in cell["outputs"]
        if output["output_type"] == "error"
    ]


def _warnings(cells):
    return [
        text
        for cell in cells
        for output in cell["outputs"]
        for text in _texts(output)
        if WARNING.search(text)
        or (output["output_type"] == "stream" and output["name"] == "stderr")
    ]


def _check_clean(result, problems):
    assert {k: v for k, v in problems.items() if v} == {}
    assert _warnings(result["cells"]) == []


@pytest.mark.parametrize("path", GALLERY)
def test_gallery_notebook_runs(lab, base_url, screenshots, path):
    result, problems = _run(lab, base_url, path, screenshots)
    _check_clean(result, problems)
    cells = result["cells"]
    code = [cell for cell in cells if cell["type"] == "code"]
    source = ROOT / "examples" / (Path(path).stem + ".py")
    if any(ANIMATION_CELL in cell["source"] for cell in code):
        players = [
            output
            for cell in code
            for output in cell["outputs"]
            if 'class="animation"'
            in "".join(output.get("data", {}).get("text/html", ""))
        ]
        assert players, "no interactive player for the animation"
    if not requires_jax(source):
        assert _errors(cells) == []
        assert result["ok"] is True
        assert all(cell["execution_count"] is not None for cell in code)
        return
    # Needs JAX: said first, in plain words; stops at the check, politely.
    assert cells[0]["type"] == "markdown"
    assert "needs JAX" in cells[0]["source"]
    assert result["ok"] is False  # stopped, not timed out
    check = next(i for i, cell in enumerate(code) if JAX_CHECK_MARK in cell["source"])
    assert all(cell["execution_count"] is not None for cell in code[: check + 1])
    assert all(cell["execution_count"] is None for cell in code[check + 1 :])
    errors = _errors(cells)
    assert len(errors) == 1, errors
    assert errors == code[check]["outputs"]
    (message,) = errors[0]["traceback"]
    assert "JAX" in message
    assert "Traceback" not in message
    assert "File " not in message


@pytest.mark.parametrize("path", API)
def test_api_notebook_runs(lab, base_url, screenshots, path):
    notebook = json.loads((FILES / path).read_text(encoding="utf-8"))
    assert any("bivnorm" in "".join(c["source"]) for c in notebook["cells"])
    result, problems = _run(lab, base_url, path, screenshots)
    _check_clean(result, problems)
    assert _errors(result["cells"]) == []
    assert result["ok"] is True
    code = [cell for cell in result["cells"] if cell["type"] == "code"]
    assert all(cell["execution_count"] is not None for cell in code)


def test_every_example_has_a_notebook():
    examples = {p.stem for p in (ROOT / "examples").glob("plot_*.py")}
    assert {Path(p).stem for p in GALLERY} == examples
    assert API, "no try-it notebook of the API reference"
