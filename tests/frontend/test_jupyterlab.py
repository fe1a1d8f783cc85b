"""The widgets in a real JupyterLab, moved with headless Chromium's keyboard.

Each test opens a notebook, runs the cell that shows a widget, focuses one of its
slider handles and presses keys, as a person does. Then it checks what the person
would: the kernel holds the value the page shows, the figure changed, the slider
stays where it was put, and the kernel goes quiet within seconds (the feedback
loop of issue 10 kept it busy for good). JAX runs in its default float32.
"""

from __future__ import annotations

import math
import re
import time

import pytest
from jupyter_client import BlockingKernelClient

pytestmark = pytest.mark.frontend

RHO = "\N{GREEK SMALL LETTER RHO}"  # the label of the correlation slider
KERNEL_TIMEOUT = 240.0  # a cold kernel: imports, JAX, the first compilations
QUIET = 2.0  # seconds without a kernel message that count as settled
SETTLE_TIMEOUT = 20.0  # the most a few key presses may keep the kernel busy

SLIDER_CELL = """\
import jax
import numpy as np
import bivnorm as bn

app = bn.slider_app(n=300, capacity=1000, figsize=(4.5, 4.5))
app
"""


# -- the kernel ---------------------------------------------------------------------
def kernel_of(lab, notebook: str) -> str:
    """The id of the kernel of the notebook's session."""
    sessions = [s for s in lab.api("sessions") if s["path"] == notebook]
    assert len(sessions) == 1, sessions
    return sessions[0]["kernel"]["id"]


def wait_quiet(lab, kernel_id, *, quiet=QUIET, timeout=SETTLE_TIMEOUT) -> float:
    """Seconds until the kernel is idle with no message for ``quiet`` seconds.

    The server marks each kernel message in ``last_activity``: a feedback loop
    between the kernel and the page keeps it moving and the kernel busy.
    """
    start = time.monotonic()
    last, since = None, start
    while True:
        now = time.monotonic()
        kernel = lab.api(f"kernels/{kernel_id}")
        state = (kernel["execution_state"], kernel["last_activity"])
        if state != last or state[0] != "idle":
            last, since = state, now
        elif now - since >= quiet:
            return since - start
        if now - start > timeout:
            msg = f"the kernel did not settle in {timeout} s: {kernel}"
            raise AssertionError(msg)
        time.sleep(0.1)


def kernel_eval(lab, kernel_id, expression: str) -> str:
    """``print(expression)`` in the notebook's own kernel, from a second client."""
    client = BlockingKernelClient(
        connection_file=str(lab.runtime / f"kernel-{kernel_id}.json")
    )
    client.load_connection_file()
    client.start_channels()
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append("\n".join(msg["content"]["traceback"]))

    try:
        reply = client.execute_interactive(
            f"print({expression})", output_hook=hook, timeout=60, allow_stdin=False
        )
    finally:
        client.stop_channels()
    text = "".join(out).strip()
    assert reply["content"]["status"] == "ok", text
    return text


# -- the page -----------------------------------------------------------------------
def open_and_run(page, lab, name, cells, ready_selector):
    """Open a notebook, wait for its kernel, run all its cells; the kernel id."""
    page.goto(lab.page_url(lab.write_notebook(name, cells)))
    page.wait_for_function(
        """() => {
            const panel = window.jupyterapp?.shell.currentWidget;
            return panel?.sessionContext?.session?.kernel?.status === "idle";
        }""",
        timeout=KERNEL_TIMEOUT * 1000,
    )
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.locator(ready_selector).first.wait_for(timeout=KERNEL_TIMEOUT * 1000)
    kernel_id = kernel_of(lab, name)
    wait_quiet(lab, kernel_id, timeout=KERNEL_TIMEOUT)
    return kernel_id


def slider(page, label: str):
    """The ipywidgets slider whose description reads ``label``."""
    return page.locator(".widget-slider").filter(
        has=page.locator(
            ".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")
        )
    )


def readout(page, label: str) -> str:
    return slider(page, label).locator(".widget-readout").inner_text().strip()


def handle_value(page, label: str) -> float:
    """Where the slider's handle is (noUiSlider's own value)."""
    target = slider(page, label).locator(".noUi-target")
    return float(target.evaluate("el => el.noUiSlider.get()"))


def commands_run(page, keys) -> list[str]:
    """Press ``keys`` where the focus is; the JupyterLab commands they ran."""
    page.evaluate(
        """() => {
            window.__commands = [];
            window.__listener ??= (_, args) => window.__commands.push(args.id);
            window.jupyterapp.commands.commandExecuted.connect(window.__listener);
        }"""
    )
    for key in keys:
        page.keyboard.press(key)
        page.wait_for_timeout(150)  # a person's pace
    return page.evaluate(
        """() => {
            window.jupyterapp.commands.commandExecuted.disconnect(window.__listener);
            return window.__commands;
        }"""
    )


def press(page, label: str, key: str, times: int = 1) -> None:
    """Focus the slider's handle and press ``key``; JupyterLab must not see it.

    JupyterLab binds arrow keys in a notebook's command mode; a slider that let
    them through would move and also run the notebook's command.
    """
    slider(page, label).locator(".noUi-handle").focus()
    assert page.locator(".jp-Notebook.jp-mod-commandMode").count() == 1
    commands = commands_run(page, [key] * times)
    assert commands == [], f"JupyterLab ran {commands} on {key} in slider {label}"
    focused = "() => document.activeElement.classList.contains('noUi-handle')"
    assert page.evaluate(focused)


# -- the matplotlib slider app --------------------------------------------------------
def test_slider_app_follows_the_keyboard(lab, page, screenshots):
    kernel_id = open_and_run(
        page,
        lab,
        "slider_app.ipynb",
        [SLIDER_CELL, ("markdown", "# A heading below")],
        ".widget-image",
    )
    assert kernel_eval(lab, kernel_id, "jax.config.jax_enable_x64") == "False"
    assert kernel_eval(lab, kernel_id, "app.dist.rho.dtype") == "float32"
    # The witness works: a key pressed on the notebook itself runs its command.
    page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first.click()
    page.keyboard.press("Escape")
    assert "notebook:move-cursor-down" in commands_run(page, ["ArrowDown"])
    image = page.locator(".widget-image").first
    before = image.screenshot()
    src = image.get_attribute("src")
    assert readout(page, RHO) == "0.00"

    press(page, RHO, "ArrowRight", times=5)
    settled = wait_quiet(lab, kernel_id)
    print(f"settled {settled:.2f} s after the last of 5 key presses")
    page.screenshot(path=str(screenshots / "jupyterlab-slider-app.png"))

    # The slider stays where the keys put it, and the kernel holds that value.
    assert readout(page, RHO) == "0.05"
    # Bit for bit: the page's value is the kernel's, and the law holds it in
    # float32 (noUiSlider's steps are not exact decimals: 0.04999999999999993).
    on_page = handle_value(page, RHO)
    assert on_page == pytest.approx(0.05, abs=1e-12)
    in_kernel = kernel_eval(lab, kernel_id, "repr(app.sliders['rho'].value)")
    assert in_kernel == repr(on_page)
    law = kernel_eval(
        lab, kernel_id, f"float(app.dist.rho) == float(np.float32({on_page!r}))"
    )
    assert law == "True"
    # The figure changed.
    assert image.get_attribute("src") != src
    assert image.screenshot() != before
    # The other tab's sliders and the covariance readout show the kernel's law.
    for label, name in [("λ1", "lambda1"), ("λ2", "lambda2"), ("θ (°)", "angle")]:
        fmt = ".0f" if name == "angle" else ".2f"
        value = kernel_eval(
            lab, kernel_id, f"format(app.sliders[{name!r}].value, {fmt!r})"
        )
        assert readout(page, label) == value, label
        # Written on the front end's own grid: its handle holds the same float.
        exact = kernel_eval(lab, kernel_id, f"repr(app.sliders[{name!r}].value)")
        assert repr(handle_value(page, label)) == exact, label
    shown = page.locator(".widget-html", has_text="Σ").first.inner_text()
    axes = kernel_eval(
        lab,
        kernel_id,
        "'λ = {:.3f}, {:.3f}'.format(*app.dist.principal_axes())",
    )
    assert axes in shown
    # Still there a moment later: nothing came back to move it.
    page.wait_for_timeout(1000)
    assert readout(page, RHO) == "0.05"
    assert wait_quiet(lab, kernel_id, quiet=1.0) == pytest.approx(0.0, abs=0.5)

    # The eigen tab: one turn of theta changes only the angle of the law.
    page.get_by_text("eigen: λ1, λ2, θ").click()
    axes_before = kernel_eval(lab, kernel_id, "app.dist.principal_axes(degrees=True)")
    press(page, "θ (°)", "ArrowRight")
    wait_quiet(lab, kernel_id)
    assert readout(page, "θ (°)") == "46"
    lambdas = kernel_eval(
        lab,
        kernel_id,
        "'{:.5f} {:.5f} {:.3f}'.format(*app.dist.principal_axes(degrees=True))",
    )
    l1, l2, _ = map(float, axes_before.strip("()").split(","))
    assert lambdas == f"{l1:.5f} {l2:.5f} 46.000"
    assert readout(page, RHO) == kernel_eval(
        lab, kernel_id, "format(app.sliders['rho'].value, '.2f')"
    )
    page.screenshot(path=str(screenshots / "jupyterlab-slider-app-eigen-tab.png"))
    assert not page.errors


# -- the anywidget live explorer --------------------------------------------------------
EXPLORER_CELL = """\
import jax
import bivnorm as bn

ex = bn.explorer(n=500)
ex
"""
EXPLORER = ".bivnorm-explorer"


def explorer_state(page) -> dict:
    """The explorer's own account of what it drew (its documented test hook)."""
    return page.evaluate(
        f"""() => {{
            const s = document.querySelector({EXPLORER!r}).bivnorm.state();
            return {{rho: s.rho, std_x: s.std_x, std_y: s.std_y, n: s.n,
                     first: s.samples[0], cov: s.cov}};
        }}"""
    )


def test_explorer_follows_the_keyboard(lab, page, screenshots):
    kernel_id = open_and_run(
        page,
        lab,
        "explorer.ipynb",
        [EXPLORER_CELL, ("markdown", "# A heading below")],
        f"{EXPLORER} input[data-name='rho']",
    )
    assert kernel_eval(lab, kernel_id, "jax.config.jax_enable_x64") == "False"
    rho_input = page.get_by_role("slider", name=RHO, exact=True)
    canvas = page.locator(f"{EXPLORER} canvas").first
    before_state, before_image = explorer_state(page), canvas.screenshot()
    assert before_state["rho"] == 0.0

    rho_input.focus()
    assert page.locator(".jp-Notebook.jp-mod-commandMode").count() == 1
    commands = commands_run(page, ["ArrowRight"] * 3)
    assert commands == [], f"JupyterLab ran {commands} on the explorer's keys"
    settled = wait_quiet(lab, kernel_id)
    print(f"explorer settled {settled:.2f} s after the last of 3 key presses")
    rho_input.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "jupyterlab-explorer.png"))

    state = explorer_state(page)
    assert state["rho"] == pytest.approx(0.03, abs=1e-12)
    assert float(rho_input.input_value()) == pytest.approx(0.03, abs=1e-12)
    # The kernel holds the page's value, bit for bit, and its law follows.
    assert kernel_eval(lab, kernel_id, "repr(ex.rho)") == repr(state["rho"])
    law = kernel_eval(lab, kernel_id, "float(ex.dist.rho), float(ex.dist.std_x)")
    assert law == f"{repr_float32(state['rho'])} {float(state['std_x'])}"
    # The page's readouts show the kernel's values.
    shown = rho_input.locator("xpath=..").locator(".bne-value").inner_text().strip()
    assert shown == kernel_eval(lab, kernel_id, "format(ex.rho, '.2f')") == "0.03"
    cov = kernel_eval(lab, kernel_id, "'{:.3f}'.format(float(ex.dist.cov[0, 1]))")
    assert cov in page.locator(f"{EXPLORER} .bne-panel").inner_text()
    # The drawing changed: the same standard normals, mapped through the new law.
    assert state["first"] != before_state["first"]
    assert canvas.screenshot() != before_image
    # Still there a moment later: nothing came back to move it.
    page.wait_for_timeout(1000)
    assert float(rho_input.input_value()) == pytest.approx(0.03, abs=1e-12)
    assert explorer_state(page)["rho"] == state["rho"]
    assert wait_quiet(lab, kernel_id, quiet=1.0) == pytest.approx(0.0, abs=0.5)
    assert not page.errors


def repr_float32(value: float) -> float:
    """``value`` rounded to float32, as the law of a float32 kernel holds it."""
    import struct

    return struct.unpack("f", struct.pack("f", value))[0]


POINTS_CELLS = [
    EXPLORER_CELL,
    "ex  # a second view of the same widget",
]


def test_explorer_points_reach_the_kernel_and_a_second_view(lab, page, screenshots):
    """Issue 23 item 14: clicked points are a synced trait; two views agree."""
    warnings = []
    page.on(
        "console",
        lambda m: m.type in ("warning", "error") and warnings.append(m.text),
    )
    kernel_id = open_and_run(
        page, lab, "points.ipynb", POINTS_CELLS, f"{EXPLORER} canvas"
    )
    page.locator(EXPLORER).nth(1).wait_for()
    views = page.locator(EXPLORER)
    assert views.count() == 2
    first = views.nth(0)
    first.locator("canvas").scroll_into_view_if_needed()
    clicks = [(-1.0, -0.5), (1.0, 1.5), (0.5, -1.0)]
    for x, y in clicks:
        at = first.evaluate("(el, [x, y]) => el.bivnorm.pixel(x, y)", [x, y])
        page.mouse.click(at["x"], at["y"])
    wait_quiet(lab, kernel_id)
    shown = first.evaluate("el => el.bivnorm.state().points")
    assert len(shown) == 3
    kernel = kernel_eval(lab, kernel_id, "repr(ex.points.tolist())")
    assert kernel == repr([[float(v) for v in p] for p in shown])
    fit = kernel_eval(
        lab,
        kernel_id,
        "' '.join(f'{float(v):.12g}' for v in "
        "(lambda d: (d.mean_x, d.std_y, d.rho))(bn.BivariateNormal.fit(ex.points)))",
    )
    law = first.evaluate("el => el.bivnorm.state().fit_law")
    expected = [law["mean_x"], law["std_y"], law["rho"]]
    assert [float(v) for v in fit.split()] == pytest.approx(expected, rel=1e-6)
    # The second view shows the same points and law; Python's points are drawn.
    second = views.nth(1)
    assert second.evaluate("el => el.bivnorm.state().points") == shown
    kernel_eval(lab, kernel_id, "setattr(ex, 'points', [[2.0, 2.0]]) or 'ok'")
    kernel_eval(lab, kernel_id, "setattr(ex, 'y0', 1.5) or 'ok'")
    page.wait_for_function(
        "el => el.bivnorm.state().points.length === 1 && el.bivnorm.state().y0 === 1.5",
        arg=second.element_handle(),
    )
    assert first.evaluate("el => el.bivnorm.state().points") == [[2.0, 2.0]]
    page.screenshot(path=str(screenshots / "jupyterlab-explorer-points.png"))
    from _chromium import axe_violations

    assert axe_violations(page, EXPLORER) == []
    assert not [w for w in warnings if "render" in w and "deprecat" in w.lower()]
    assert not page.errors


def test_explorer_views_and_region_reach_the_kernel(lab, page, screenshots):
    """Issue 20 item 5: the views, the region and the conditional interval work
    in JupyterLab: chosen in the page, they reach the kernel's traits; set in
    the kernel, the page shows them (JAX's default float32 in the kernel)."""
    kernel_id = open_and_run(page, lab, "views.ipynb", [EXPLORER_CELL], EXPLORER)
    root = page.locator(EXPLORER).first
    root.scroll_into_view_if_needed()

    def hook(expression):
        return root.evaluate(f"el => el.bivnorm.{expression}")

    # The views, picked with the mouse and the keyboard, reach the kernel.
    page.get_by_text("Whitening", exact=True).click()
    page.get_by_role("button", name="2. L z", exact=True).click()
    wait_quiet(lab, kernel_id)
    assert kernel_eval(lab, kernel_id, "ex.view, ex.stage") == "whitening 1"
    page.get_by_role("radio", name="Whitening", exact=True).focus()
    page.keyboard.press("ArrowDown")  # the radio group: the next view
    wait_quiet(lab, kernel_id)
    assert kernel_eval(lab, kernel_id, "ex.view") == "projection"
    # The kernel turns the projection; the page shows the law of u^T X.
    kernel_eval(lab, kernel_id, "setattr(ex, 'angle', 0.5) or 'ok'")
    page.wait_for_function(
        "el => Math.abs(el.bivnorm.state().projection.angle - 0.5) < 1e-12",
        arg=root.element_handle(),
    )
    projection = hook("state().projection")
    std = kernel_eval(
        lab,
        kernel_id,
        "(lambda d, u: float((u @ d.cov @ u) ** 0.5))"
        "(ex.dist, __import__('numpy').array([0.8775825618903728, 0.479425538604203]))",
    )
    assert projection["std"] == pytest.approx(float(std), rel=1e-6)
    page.screenshot(path=str(screenshots / "jupyterlab-explorer-projection.png"))
    # Back to the joint view: a quadrant from the menu reaches the kernel.
    page.get_by_text("Joint", exact=True).click()
    root.locator("summary", has_text="Region probability").click()
    page.get_by_label("Region", exact=True).select_option("upper-right")
    wait_quiet(lab, kernel_id)
    region = hook("state().region")
    assert region["rect"][1] == region["rect"][3] == math.inf
    assert kernel_eval(lab, kernel_id, "ex.rect") == repr(
        [float(region["rect"][0]), math.inf, float(region["rect"][2]), math.inf]
    )
    kernel_prob = kernel_eval(lab, kernel_id, "ex.region_probability")
    assert region["prob"] == pytest.approx(float(kernel_prob), abs=1e-6)
    # The kernel sets a conditional interval; the page shows its probability.
    kernel_eval(lab, kernel_id, "setattr(ex, 'interval', [-1.0, 1.0]) or 'ok'")
    page.wait_for_function(
        "el => el.bivnorm.state().conditional_interval !== null",
        arg=root.element_handle(),
    )
    shown = hook("state().conditional_interval")
    assert shown["interval"] == [-1.0, 1.0]
    kernel_prob = kernel_eval(lab, kernel_id, "ex.interval_probability")
    assert shown["prob"] == pytest.approx(float(kernel_prob), abs=1e-6)
    page.screenshot(path=str(screenshots / "jupyterlab-explorer-region.png"))
    from _chromium import axe_violations

    assert axe_violations(page, EXPLORER) == []
    assert not page.errors
