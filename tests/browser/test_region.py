"""The explorer's region probability and conditional interval, in headless Chromium.

The page is made here, as ``Explorer.to_html`` makes it (the joined modules as a
classic script, the state as JSON next to the element), and served from a
temporary folder: no docs build is needed. What the page shows is compared with
bivnorm's own Python values (the NumPy path, float64):

* a rectangle dragged out with the mouse (Draw region, or Shift) shows
  P(a < X < b, c < Y < d), equal to ``BivariateNormal.prob_rect`` within 1e-12,
  while dragging; a click still adds a point;
* the fraction of the drawn points inside and its 95 % Wilson interval equal a
  recomputation from ``state().samples``;
* the keyboard path (the menu, the four edge inputs, "inf" and empty edges), a
  touch drag at 390 px, the region following a slider, the hook's refusals;
* the conditional interval equals ``scipy.stats.norm`` of the conditional law;
* one live region, which mentions the probability; axe-core finds nothing.
"""

from __future__ import annotations

import base64
import json
import math

import numpy as np
import pytest
from _chromium import axe_violations, serve
from scipy.stats import norm
from test_explorer import open_explorer

import bivnorm as bn
from bivnorm._frontend import script_source
from bivnorm._sliders import PRESETS, SLIDERS, specs

pytestmark = pytest.mark.browser

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
LAW = {"mean_x": 0.5, "mean_y": -0.3, "std_x": 1.2, "std_y": 0.8, "rho": 0.65}
ROOT_JS = "document.querySelector('.bivnorm-explorer')"
STATE_JS = f"() => {ROOT_JS}.bivnorm.state()"
SET_JS = (
    f"values => {{ {ROOT_JS}.bivnorm.set(values); return {ROOT_JS}.bivnorm.state(); }}"
)
Z95 = norm.ppf(0.975)


def page_html(law=LAW, n=2000, capacity=10_000, key=0) -> str:
    """A page with one explorer, as ``bn.explorer(...).to_html()`` writes it."""
    z = np.asarray(bn.BivariateNormal().sample(key, capacity), dtype="<f8")
    state = {
        **law,
        "x0": law["mean_x"],
        "y0": law["mean_y"],
        "n": n,
        "capacity": capacity,
        "points": [],
        "rect": [],
        "interval": [],
        "given": "x",
        "specs": specs(capacity),
        "presets": PRESETS,
        "z_b64": base64.b64encode(z.tobytes()).decode("ascii"),
    }
    data = json.dumps(state).replace("</", "<\\/")
    uid = "bivnorm-explorer-region"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Region probability</title></head><body><main>"
        "<h1>Region probability</h1>"
        f'<div class="bivnorm-explorer-host" id="{uid}"></div>\n'
        f'<script type="application/json" id="{uid}-state">{data}</script>\n'
        f"<script>{script_source(uid)}</script></main></body></html>"
    )


@pytest.fixture(scope="module")
def region_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("region")
    (folder / "index.html").write_text(page_html(), encoding="utf-8")
    with serve(folder) as url:
        yield f"{url}/index.html"


@pytest.fixture
def explorer(recorded, region_url):
    page, rec = recorded
    open_explorer(page, region_url)
    page.locator(".bivnorm-explorer canvas").scroll_into_view_if_needed()
    return page, rec


def _law(state) -> bn.BivariateNormal:
    return bn.BivariateNormal(*(state[name] for name in PARAMS))


def _python_region(state):
    """prob_rect, the fraction inside and its Wilson interval, from Python."""
    a, b, c, d = state["region"]["rect"]
    prob = float(_law(state).prob_rect(a, b, c, d))
    xy = np.asarray(state["samples"])
    inside = (xy[:, 0] > a) & (xy[:, 0] < b) & (xy[:, 1] > c) & (xy[:, 1] < d)
    n, k = len(xy), int(inside.sum())
    p, z2 = k / n, Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return prob, k / n, [max(0.0, centre - half), min(1.0, centre + half)]


def _assert_region_is_python(state):
    prob, fraction, ci = _python_region(state)
    region = state["region"]
    assert abs(region["prob"] - prob) <= 1e-12, (region["prob"], prob)
    assert region["fraction"] == fraction
    np.testing.assert_allclose(region["ci"], ci, rtol=1e-12, atol=1e-15)
    return prob


def _shown(page) -> str:
    return page.locator(".bivnorm-explorer .bne-region .bne-out").first.inner_text()


def _prob_text(p):
    return f"{p:.4f}" if p >= 1e-3 else f"{p:.3e}".replace("e-0", "e-")


def test_mouse_drag_draws_a_rect_and_shows_p_while_dragging(explorer, screenshots):
    page, rec = explorer
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.evaluate(SET_JS, {"x0": -5.0, "y0": -5.0})  # the slices out of the way
    page.get_by_role("button", name="Draw region", exact=True).click()
    assert (
        page.get_by_role("button", name="Draw region").get_attribute("aria-pressed")
        == "true"
    )
    at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(-0.5, -1.0)")
    mid = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(0.5, 0.0)")
    to = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(1.5, 0.6)")
    before = page.locator(".bivnorm-explorer canvas").screenshot()
    page.mouse.move(at["x"], at["y"])
    page.mouse.down()
    page.mouse.move(mid["x"], mid["y"], steps=4)
    during = page.evaluate(STATE_JS)
    shown_during = _shown(page)
    page.mouse.move(to["x"], to["y"], steps=4)
    page.screenshot(path=screenshots / "region_mid_drag.png")
    page.mouse.up()
    state = page.evaluate(STATE_JS)
    # Live while dragging: the region of the pointer's position, shown.
    assert during["region"] is not None
    np.testing.assert_allclose(
        during["region"]["rect"], [-0.5, 0.5, -1.0, 0.0], atol=0.02
    )
    assert _prob_text(during["region"]["prob"]) in shown_during
    np.testing.assert_allclose(
        state["region"]["rect"], [-0.5, 1.5, -1.0, 0.6], atol=0.02
    )
    prob = _assert_region_is_python(state)
    assert _prob_text(prob) in _shown(page)
    assert state["points"] == [], "a drag is not a click"
    assert page.locator(".bivnorm-explorer canvas").screenshot() != before
    # A click in region mode still adds a point; Shift-drag works without it.
    _click(page, 2.0, 1.0)
    assert len(page.evaluate(STATE_JS)["points"]) == 1
    page.get_by_role("button", name="Draw region", exact=True).click()
    at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(0, 0)")
    to = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(1, 1)")
    page.keyboard.down("Shift")
    page.mouse.move(at["x"], at["y"])
    page.mouse.down()
    page.mouse.move(to["x"], to["y"], steps=5)
    page.mouse.up()
    page.keyboard.up("Shift")
    state = page.evaluate(STATE_JS)
    np.testing.assert_allclose(state["region"]["rect"], [0, 1, 0, 1], atol=0.02)
    _assert_region_is_python(state)
    assert len(state["points"]) == 1
    assert rec.problems() == {}


def _click(page, x, y):
    at = page.evaluate(f"([x, y]) => {ROOT_JS}.bivnorm.pixel(x, y)", [x, y])
    page.mouse.click(at["x"], at["y"])


def _type(page, label, text):
    """Focus the input named label, clear it and type text, by keyboard."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)


def test_keyboard_menu_and_edge_inputs(explorer):
    page, rec = explorer
    summary = page.locator(".bivnorm-explorer summary", has_text="Region probability")
    summary.focus()
    page.keyboard.press("Enter")  # the section opens by keyboard
    menu = page.get_by_label("Region", exact=True)
    menu.focus()
    page.keyboard.press("ArrowDown")  # None -> Custom: nothing to draw yet
    assert page.evaluate(STATE_JS)["region"] is None
    menu.select_option("upper-right")
    state = page.evaluate(STATE_JS)
    law = _law(state)
    assert state["region"]["rect"] == [LAW["mean_x"], math.inf, LAW["mean_y"], math.inf]
    # The orthant probability about the mean: 1/4 + asin(rho) / (2 pi).
    orthant = 0.25 + math.asin(LAW["rho"]) / (2 * math.pi)
    assert abs(state["region"]["prob"] - orthant) <= 1e-12
    _assert_region_is_python(state)
    # The four edges, typed: a number, "inf", "-inf" and empty for infinite edges.
    names = ("x from", "x to", "y from", "y to")
    for name, text in zip(names, ("-1", "2.5", "-inf", ""), strict=True):
        _type(page, name, text)
    state = page.evaluate(STATE_JS)
    assert state["region"]["rect"] == [-1.0, 2.5, -math.inf, math.inf]
    expected = float(law.marginal_x().cdf(2.5) - law.marginal_x().cdf(-1.0))
    assert abs(state["region"]["prob"] - expected) <= 1e-12
    _assert_region_is_python(state)
    assert page.get_by_label("Region", exact=True).input_value() == "custom"
    # An unreadable edge, or an upper edge below its lower one, keeps the region.
    box = page.get_by_label("x to", exact=True)
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("-3")
    assert box.get_attribute("aria-invalid") == "true"
    assert page.evaluate(STATE_JS)["region"]["rect"][:2] == [-1.0, 2.5]
    assert "number" in page.locator(".bivnorm-explorer .bne-err").first.inner_text()
    page.keyboard.press("Control+A")
    page.keyboard.type("inf")
    assert box.get_attribute("aria-invalid") == "false"
    assert page.evaluate(STATE_JS)["region"]["rect"][:2] == [-1.0, math.inf]
    # Clearing by keyboard.
    page.get_by_role("button", name="Clear region", exact=True).focus()
    page.keyboard.press("Enter")
    assert page.evaluate(STATE_JS)["region"] is None
    assert rec.problems() == {}


def test_region_follows_the_law(explorer):
    page, rec = explorer
    page.evaluate(SET_JS, {"rect": [-0.5, 1.0, -math.inf, 0.25]})
    before = page.evaluate(STATE_JS)
    _assert_region_is_python(before)
    rho = page.get_by_role("slider", name=SLIDERS["rho"].text, exact=True)
    rho.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    after = page.evaluate(STATE_JS)
    assert after["rho"] == pytest.approx(LAW["rho"] - 0.05, abs=1e-12)
    assert after["region"]["rect"] == before["region"]["rect"]
    assert after["region"]["prob"] != before["region"]["prob"]
    prob = _assert_region_is_python(after)
    assert _prob_text(prob) in _shown(page)
    # A menu region follows the law: the quadrant about the mean moves with it.
    page.get_by_label("Region", exact=True).select_option("lower-left")
    state = page.evaluate(SET_JS, {"mean_x": 1.0, "rho": -0.3})
    assert state["region"]["rect"] == [-math.inf, 1.0, -math.inf, LAW["mean_y"]]
    orthant = 0.25 + math.asin(-0.3) / (2 * math.pi)
    assert abs(state["region"]["prob"] - orthant) <= 1e-12
    # And while playing.
    page.evaluate(f"() => {ROOT_JS}.bivnorm.play()")
    page.wait_for_timeout(300)
    page.evaluate(f"() => {ROOT_JS}.bivnorm.pause()")
    state = page.evaluate(STATE_JS)
    assert state["rho"] != -0.3
    _assert_region_is_python(state)
    # set({rect: null}) clears it.
    assert page.evaluate(SET_JS, {"rect": None})["region"] is None
    assert "No region" in _shown(page)
    assert rec.problems() == {}


def test_touch_drag_at_390_px(browser, region_url, screenshots):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        open_explorer(page, region_url)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.get_by_role("button", name="Draw region", exact=True).tap()
        page.locator(".bivnorm-explorer canvas").scroll_into_view_if_needed()
        at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(-1, -1)")
        to = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(1, 0.5)")
        cdp = context.new_cdp_session(page)

        def touch(kind, p):
            points = [] if kind == "touchEnd" else [{"x": p["x"], "y": p["y"]}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", at)
        for k in range(1, 7):
            touch(
                "touchMove",
                {
                    "x": at["x"] + (to["x"] - at["x"]) * k / 6,
                    "y": at["y"] + (to["y"] - at["y"]) * k / 6,
                },
            )
        touch("touchEnd", to)
        state = page.evaluate(STATE_JS)
        px = 1 / (
            (state["panels"]["joint"]["x1"] - state["panels"]["joint"]["x0"])
            / (state["view"]["x"][1] - state["view"]["x"][0])
        )
        np.testing.assert_allclose(
            state["region"]["rect"], [-1, 1, -1, 0.5], atol=2 * px
        )
        _assert_region_is_python(state)
        page.locator(".bivnorm-explorer summary", has_text="Conditional").tap()
        page.screenshot(path=screenshots / "region_390.png", full_page=True)
        for control in page.locator(
            ".bivnorm-explorer .bne-region button, "
            ".bivnorm-explorer .bne-region input, "
            ".bivnorm-explorer .bne-region select"
        ).all():
            assert control.is_visible()
            b = control.bounding_box()
            assert b["height"] >= 24
            assert b["width"] >= 24
            assert b["x"] + b["width"] <= 390
    finally:
        context.close()


def test_conditional_interval_is_the_conditional_law(explorer):
    page, rec = explorer
    state = page.evaluate(SET_JS, {"x0": 1.25, "y0": -0.5, "interval": [-1.0, 0.4]})
    law = _law(state)
    ci = state["conditional_interval"]
    assert (ci["given"], ci["at"], ci["interval"]) == ("x", 1.25, [-1.0, 0.4])
    cond = law.conditional_y(1.25)
    expected = norm(float(cond.mean), float(cond.std))
    assert abs(ci["prob"] - (expected.cdf(0.4) - expected.cdf(-1.0))) <= 1e-12
    text = page.locator(".bivnorm-explorer .bne-region .bne-out").nth(1).inner_text()
    assert f"| X = 1.25) = {ci['prob']:.4f}" in text
    # Given Y = y0, an upper tail far out (relative accuracy), by the inputs.
    page.get_by_label("Given", exact=True).select_option("y")
    for name, value in (("interval from", "4"), ("interval to", "")):
        _type(page, name, value)
    ci = page.evaluate(STATE_JS)["conditional_interval"]
    assert (ci["given"], ci["at"], ci["interval"]) == ("y", -0.5, [4.0, math.inf])
    cond = law.conditional_x(-0.5)
    expected = float(norm(float(cond.mean), float(cond.std)).sf(4.0))
    assert abs(ci["prob"] - expected) <= 1e-10 * expected
    # The slice moves, the interval's probability follows.
    state = page.evaluate(SET_JS, {"y0": 1.0})
    cond = law.conditional_x(1.0)
    expected = float(norm(float(cond.mean), float(cond.std)).sf(4.0))
    assert abs(state["conditional_interval"]["prob"] - expected) <= 1e-10 * expected
    # A drag along the right panel picks an interval of Y | X = x0.
    page.evaluate(SET_JS, {"interval": None})
    box = state["panels"]["right"]
    at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(0, -1)")
    to = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(0, 1)")
    canvas = page.locator(".bivnorm-explorer canvas").bounding_box()
    x = canvas["x"] + (box["x0"] + box["x1"]) / 2
    page.mouse.move(x, at["y"])
    page.mouse.down()
    page.mouse.move(x, to["y"], steps=5)
    page.mouse.up()
    ci = page.evaluate(STATE_JS)["conditional_interval"]
    assert ci["given"] == "x"
    np.testing.assert_allclose(ci["interval"], [-1, 1], atol=0.02)
    assert page.evaluate(STATE_JS)["points"] == []
    assert rec.problems() == {}


BAD = [
    {"rect": [0, 1, float("nan"), 2]},
    {"rect": [1, 0, 0, 1]},
    {"rect": [0, 1, 2, 2]},
    {"rect": [0, 1, 2], "rho": 0.1},
    {"rect": "0 1 0 1"},
    {"interval": [1, -1]},
    {"interval": [float("nan"), 1.0]},
    {"interval": [0, 1], "given": "z"},
]


@pytest.mark.parametrize("values", BAD)
def test_hook_refuses_a_bad_region_whole(explorer, values):
    page, rec = explorer
    page.evaluate(SET_JS, {"rect": [-1, 1, -1, 1], "interval": [0, 1]})
    before = page.evaluate(STATE_JS)
    error = page.evaluate(
        f"v => {{ try {{ {ROOT_JS}.bivnorm.set(v); return ''; }} "
        "catch (e) { return e.name + ': ' + e.message; } }",
        values,
    )
    assert error.startswith("TypeError: bivnorm.set:"), error
    after = page.evaluate(STATE_JS)
    assert after["region"] == before["region"]
    assert after["conditional_interval"] == before["conditional_interval"]
    assert after["rho"] == before["rho"]
    assert rec.problems() == {}


def test_hook_region_probability_is_cdf_js(explorer):
    """The joined module's CDF on far boxes, against Python's prob_rect."""
    page, rec = explorer
    rng = np.random.default_rng(5)
    laws, boxes = [], []
    for i in range(200):
        sx, sy = 10 ** rng.uniform(-3, 3, 2)
        law = {
            "mean_x": rng.normal(),
            "mean_y": rng.normal(),
            "std_x": sx,
            "std_y": sy * (1e6 if i % 5 == 0 else 1),
            "rho": [0.999999, -0.999999, rng.uniform(-1, 1)][i % 3],
        }
        h = rng.uniform(-40, 40, 2) if i % 2 else rng.uniform(-12, 8, 2)
        w = 10 ** rng.uniform(-3, 1, 2)
        box = [
            law["mean_x"] + law["std_x"] * h[0],
            law["mean_x"] + law["std_x"] * (h[0] + w[0]),
            law["mean_y"] + law["std_y"] * h[1],
            law["mean_y"] + law["std_y"] * (h[1] + w[1]),
        ]
        if i % 4 == 0:
            box[1] = math.inf
        laws.append(law)
        boxes.append(box)
    got = np.asarray(
        page.evaluate(
            f"""([laws, boxes]) => laws.map((d, i) =>
                String({ROOT_JS}.bivnorm.regionProbability(d, boxes[i])))""",
            [laws, boxes],
        ),
        dtype=float,
    )
    ref = np.asarray(
        [
            float(bn.BivariateNormal(**law).prob_rect(*box))
            for law, box in zip(laws, boxes, strict=True)
        ]
    )
    assert np.all(np.abs(got - ref) <= 1e-12)
    big = ref >= 1e-300
    assert big.sum() >= 50
    assert (big & (ref < 1e-100)).sum() >= 10  # far tails, relative accuracy kept
    assert np.all(np.abs(got - ref)[big] <= 1e-10 * ref[big])
    assert rec.problems() == {}


def test_one_live_region_mentions_the_probability(explorer):
    page, rec = explorer
    live = page.locator(
        ".bivnorm-explorer [aria-live], .bivnorm-explorer [role=status], "
        ".bivnorm-explorer output"
    )
    assert live.count() == 1
    state = page.evaluate(SET_JS, {"rect": [0, 2, -0.5, 0.8], "interval": [-1, 1]})
    page.wait_for_timeout(900)  # the announcer waits for the change to settle
    said = live.inner_text()
    assert f"probability {_prob_text(state['region']['prob'])}" in said
    assert f"of {state['n']} points inside" in said
    assert f"{state['conditional_interval']['prob']:.4f}" in said
    # The plot's text alternative says it too.
    desc = page.evaluate(
        f"() => document.getElementById({ROOT_JS}.querySelector('canvas')"
        ".getAttribute('aria-describedby')).textContent"
    )
    assert "Region 0.00 < X < 2.00" in desc
    assert rec.problems() == {}


def test_axe_finds_nothing_with_a_region(explorer):
    page, rec = explorer
    page.evaluate(SET_JS, {"rect": [0, math.inf, -1, 1], "interval": [-1, 1]})
    page.get_by_role("button", name="Draw region", exact=True).click()
    box = page.get_by_label("x to", exact=True)
    box.fill("oops")
    box.dispatch_event("input")
    assert axe_violations(page, ".bivnorm-explorer") == []
    # Every control's accessible name is its visible label.
    for name in ("x from", "x to", "y from", "y to", "interval from", "interval to"):
        assert page.get_by_role("textbox", name=name, exact=True).count() == 1
    for name in ("Region", "Given"):
        assert page.get_by_role("combobox", name=name, exact=True).count() == 1
    assert rec.problems() == {}


def test_crisp_at_any_device_pixel_ratio(explorer):
    page, rec = explorer
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 2, "mobile": False},
    )
    values = {"rho": 0.0, "n": 1, "x0": 15.0, "y0": 15.0}  # no line nearby
    state = page.evaluate(SET_JS, {**values, "rect": [-1.5, 1.0, -math.inf, 2.0]})
    assert state["canvas"]["dpr"] == 2
    # The rectangle's left edge is a line of whole device pixels:
    # its columns are either fully the region's colour or clean of it.
    column = page.evaluate(
        f"""() => {{
          const el = {ROOT_JS}, c = el.querySelector('canvas');
          const rect = c.getBoundingClientRect(), p = el.bivnorm.pixel(-1.5, 1.0);
          const x = Math.round((p.x - rect.left) * 2), y = Math.round((p.y - rect.top) * 2);
          const d = c.getContext('2d').getImageData(x - 3, y, 7, 1).data;
          return Array.from(d);
        }}"""
    )
    rgba = np.asarray(column).reshape(-1, 4)
    teal = np.all(np.abs(rgba[:, :3] - [15, 118, 110]) <= 2, axis=1)
    assert teal.sum() == 4, rgba  # 2 CSS px = 4 device px, no blurred column
    assert rec.problems() == {}


@pytest.fixture
def widget(recorded, region_url):
    """The joined module rendered with test_explorer's stand-in anywidget model."""
    from test_explorer import MODEL_STATE, start_widget

    page, rec = recorded
    state = {**MODEL_STATE, "rect": [None, 0.0, -1.0, None], "interval": []}
    start_widget(page, region_url.rsplit("/", 1)[0], state)
    return page, rec


def test_widget_syncs_the_region_with_the_kernel(widget):
    page, rec = widget
    state = page.evaluate(STATE_JS)
    assert state["region"]["rect"] == [-math.inf, 0.0, -1.0, math.inf]
    _assert_region_is_python(state)
    assert page.evaluate("() => model.saved.length") == 0, "an echo to the kernel"
    # From the kernel: a new rect and an interval given y, drawn as sent.
    page.evaluate(
        "() => model.kernel({rect: [0.5, 1.5, null, 0.0], interval: [null, 0.25],"
        " given: 'y'})"
    )
    state = page.evaluate(STATE_JS)
    assert state["region"]["rect"] == [0.5, 1.5, -math.inf, 0.0]
    ci = state["conditional_interval"]
    assert (ci["given"], ci["interval"]) == ("y", [-math.inf, 0.25])
    assert page.evaluate("() => model.saved.length") == 0
    # From the page: typed edges reach the kernel once, null for infinite ones.
    page.get_by_label("x to", exact=True).fill("inf")
    saved = page.evaluate("() => model.saved")
    assert len(saved) == 1
    assert saved[0]["rect"] == [0.5, None, None, 0.0]
    page.get_by_role("button", name="Clear interval", exact=True).click()
    assert page.evaluate("() => model.saved.at(-1).interval") == []
    page.evaluate("() => cleanup()")
    assert page.evaluate("() => model.listeners()") == 0
    assert rec.problems() == {}


def test_gallery_page_shows_the_live_region(recorded, base_url):
    """examples/plot_rectangle_probability.py, built: its explorer shows the region."""
    page, rec = recorded
    open_explorer(page, f"{base_url}/auto_examples/plot_rectangle_probability.html")
    state = page.evaluate(STATE_JS)
    assert state["region"]["rect"] == [0.0, 2.0, -0.5, 0.8]
    prob = _assert_region_is_python(state)
    assert prob == pytest.approx(0.3540327, abs=1e-7)  # the value the page prints
    ci = state["conditional_interval"]
    assert (ci["given"], ci["interval"]) == ("x", [-1.0, 0.0])
    cond = _law(state).conditional_y(state["x0"])
    expected = norm(float(cond.mean), float(cond.std))
    assert abs(ci["prob"] - (expected.cdf(0.0) - expected.cdf(-1.0))) <= 1e-12
    assert _prob_text(prob) in _shown(page)
    assert axe_violations(page, ".bivnorm-explorer") == []
    assert rec.external == []
    assert rec.problems() == {}
