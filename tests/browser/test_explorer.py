"""The live explorer on the built site, in headless Chromium, with no kernel.

Through the documented hook on the root element (``el.bivnorm.set`` and
``el.bivnorm.state``), the numbers the page draws are compared with bivnorm's own
Python values (the NumPy path, float64):

* marginal densities, ellipses, regression line and conditional slice within
  1e-12 relative (ellipse points relative to the ellipse's size: a coordinate
  that is 0 in exact arithmetic is a rounding error of that size);
* the samples are the page's standard normals mapped by the law, and whitened
  they are the same under every law: the points glide, they are not redrawn;
* out-of-range values never give an invalid law;
* a keyboard move of the rho slider moves rho and the drawing, and the key does
  not reach the page (JupyterLab's shortcuts);
* dragging the slice, clicking data points (with the maximum-likelihood fit),
  play and prefers-reduced-motion;
* no request leaves the site and no console error.
"""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path

import numpy as np
import pytest

import bivnorm as bn
from bivnorm._frontend import module_source
from bivnorm._sliders import PRESETS, SLIDERS, specs

pytestmark = pytest.mark.browser

PAGES = ["index.html", "auto_examples/plot_explore.html"]
PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
# The one table (bivnorm._sliders imports nothing but the standard library).
RANGES = {name: (s.lo, s.hi) for name, s in SLIDERS.items()}
STEPS = {name: s.step for name, s in SLIDERS.items()}
# Each slider's accessible name is its visible label.
RHO, SIGMA_X = SLIDERS["rho"].text, SLIDERS["std_x"].text
NAMES = {**{name: s.text for name, s in SLIDERS.items()}, "n": "n"}
LAWS = [
    {"mean_x": 0.0, "mean_y": 0.0, "std_x": 1.0, "std_y": 1.0, "rho": 0.0},
    {"mean_x": 0.5, "mean_y": -1.0, "std_x": 1.2, "std_y": 0.7, "rho": 0.6},
    {"mean_x": -2.35, "mean_y": 2.9, "std_x": 0.2, "std_y": 3.0, "rho": -0.99},
    {"mean_x": 3.0, "mean_y": -3.0, "std_x": 2.75, "std_y": 0.45, "rho": 0.99},
    {"mean_x": 1.1, "mean_y": 0.4, "std_x": 0.65, "std_y": 1.85, "rho": -0.37},
]
RTOL = 1e-12

ROOT_JS = "document.querySelector('.bivnorm-explorer')"
STATE_JS = f"() => {ROOT_JS}.bivnorm.state()"
SET_JS = (
    f"values => {{ {ROOT_JS}.bivnorm.set(values); return {ROOT_JS}.bivnorm.state(); }}"
)


def open_explorer(page, url):
    """Go to ``url`` and wait for its explorer's hook."""
    page.goto(url, wait_until="load")
    page.wait_for_function(f"() => {ROOT_JS} && {ROOT_JS}.bivnorm")


@pytest.fixture
def explorer(recorded, base_url):
    """The explore example's page with its explorer drawn; (page, recorder)."""
    page, rec = recorded
    open_explorer(page, f"{base_url}/auto_examples/plot_explore.html")
    page.locator(".bivnorm-explorer").scroll_into_view_if_needed()
    return page, rec


def _page_z(page) -> np.ndarray:
    """The standard normals inlined in the page (as the page itself decodes them)."""
    text = page.evaluate(
        '() => document.querySelector(\'script[type="application/json"]'
        '[id^="bivnorm-explorer-"]\').textContent'
    )
    raw = base64.b64decode(json.loads(text)["z_b64"])
    return np.frombuffer(raw, dtype="<f8").reshape(-1, 2)


def _law(state) -> bn.BivariateNormal:
    return bn.BivariateNormal(*(state[name] for name in PARAMS))


def _close(actual, desired, *, scale=None):
    actual, desired = np.asarray(actual, float), np.asarray(desired, float)
    assert actual.shape == desired.shape
    bound = RTOL * (np.abs(desired) if scale is None else scale)
    assert np.all(np.abs(actual - desired) <= bound), np.max(
        np.abs(actual - desired) / np.maximum(bound, 1e-300)
    )


def _assert_valid(state):
    for name, (lo, hi) in RANGES.items():
        assert lo <= state[name] <= hi, (name, state[name])
    assert 1 <= state["n"] <= 10_000
    assert state["std_x"] > 0
    assert state["std_y"] > 0
    assert abs(state["rho"]) < 1
    (a, b), (c, d) = state["cov"]
    assert a > 0
    assert a * d - b * c > 0
    assert b == c


@pytest.mark.parametrize("rel", PAGES)
def test_explorer_is_live_on_the_page(recorded, base_url, screenshots, rel):
    page, rec = recorded
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_explorer(page, f"{base_url}/{rel}")
    page.wait_for_load_state("networkidle")
    root = page.locator(".bivnorm-explorer")
    assert root.count() == 1
    sliders = root.locator("input[type=range]")
    assert sliders.count() == 8
    for label in NAMES.values():
        slider = page.get_by_role("slider", name=label, exact=True)
        assert slider.get_attribute("data-lm-suppress-shortcuts") == "true"
    state = page.evaluate(STATE_JS)
    _assert_valid(state)
    assert len(state["samples"]) == state["n"]
    name = rel.removesuffix(".html").replace("/", "_")
    page.screenshot(path=screenshots / f"explorer_{name}.png", full_page=True)
    assert rec.external == [], "the page asked another host for something"
    assert all(url.startswith((base_url, "data:", "blob:")) for url in requested)
    assert rec.problems() == {}


@pytest.mark.parametrize("law", LAWS, ids=lambda law: f"rho={law['rho']}")
def test_drawn_numbers_equal_python(explorer, law):
    page, rec = explorer
    state = page.evaluate(SET_JS, {**law, "x0": 1.25, "y0": -0.5})
    assert {name: state[name] for name in PARAMS} == law
    d = _law(state)
    _close(state["cov"], np.asarray(d.cov))
    # The readout's eigenvalues and tilt: principal_axes, det / lambda1 form.
    _close(state["axes"], np.asarray(d.principal_axes(degrees=True)), scale=None)

    for axis in ("x", "y"):
        curve = state[f"marginal_{axis}"]
        assert len(curve["x"]) >= 50
        assert curve["x"][0] == state["view"][axis][0]  # the joint plot's axis
        assert curve["x"][-1] == state["view"][axis][1]
        marginal = d.marginal_x() if axis == "x" else d.marginal_y()
        _close(curve["pdf"], np.asarray(marginal.pdf(np.asarray(curve["x"]))))

    assert set(state["ellipses"]) == {"0.5", "0.9", "0.99"}
    for prob, polygon in state["ellipses"].items():
        xs, ys = d.ellipse(float(prob), num=len(polygon))
        expected = np.stack([np.asarray(xs), np.asarray(ys)], axis=-1)
        size = np.max(np.abs(expected - np.asarray(d.mean)))
        _close(polygon, expected, scale=size)
        assert polygon[0] == polygon[-1]
        # On the chi-square ellipse: squared Mahalanobis distance -2 log(1 - p).
        r2 = np.asarray(d.mahalanobis(*np.asarray(polygon).T)) ** 2
        _close(r2, np.full(len(polygon), -2 * math.log1p(-float(prob))))

    reg = state["regression"]
    for x in (-4.0, 0.0, 2.5):
        mean = float(d.conditional_y(x).mean)
        _close(reg["intercept"] + reg["slope"] * x, mean, scale=max(abs(mean), 1.0))

    reg = state["regression_x"]
    for y in (-4.0, 0.0, 2.5):
        mean = float(d.conditional_x(y).mean)
        _close(reg["intercept"] + reg["slope"] * y, mean, scale=max(abs(mean), 1.0))

    cond = state["conditional"]
    assert cond["x0"] == 1.25
    expected = d.conditional_y(1.25)
    _close(cond["mean"], float(expected.mean), scale=max(abs(float(expected.mean)), 1))
    _close(cond["std"], float(expected.std))
    cond = state["conditional_x"]
    assert cond["y0"] == -0.5
    expected = d.conditional_x(-0.5)
    _close(cond["mean"], float(expected.mean), scale=max(abs(float(expected.mean)), 1))
    _close(cond["std"], float(expected.std))
    assert rec.problems() == {}


def test_samples_glide_same_standard_normals_under_every_law(explorer):
    page, _ = explorer
    z = _page_z(page)
    whitened = []
    for law in LAWS:
        state = page.evaluate(SET_JS, {**law, "n": 5000})
        xy = np.asarray(state["samples"])
        assert xy.shape == (5000, 2)
        d = _law(state)
        _close(xy, np.asarray(d.unwhiten(z[:5000])), scale=np.max(np.abs(xy)))
        whitened.append(np.asarray(d.whiten(xy)))
    for w in whitened:
        _close(w, whitened[0], scale=1e3)  # 1e-9 absolute: |rho| = 0.99 amplifies
    _close(whitened[0], z[:5000], scale=1e3)


@pytest.mark.parametrize(
    "values",
    [
        {"rho": 1.0},
        {"rho": -1.0},
        {"rho": 7.5},
        {"std_x": 0.0, "std_y": -2.0},
        {"std_x": 1e9, "mean_x": -1e9},
        {"n": 0},
        {"n": 10**9},
        {"n": -5, "x0": 1e6},
    ],
)
def test_out_of_range_values_never_give_an_invalid_law(explorer, values):
    page, rec = explorer
    state = page.evaluate(SET_JS, values)
    _assert_valid(state)
    d = _law(state)
    assert np.all(np.isfinite(np.asarray(state["marginal_y"]["pdf"])))
    assert np.isfinite(float(d.pdf(state["mean_x"], state["mean_y"])))
    for name, value in values.items():
        if isinstance(value, float) and name in RANGES and math.isfinite(value):
            lo, hi = RANGES[name]
            assert state[name] == min(max(value, lo), hi)  # clamped to the range
    assert rec.problems() == {}


def test_keyboard_moves_rho_and_the_drawing(explorer):
    page, rec = explorer
    page.evaluate(SET_JS, {"rho": 0.3})
    before = page.evaluate(STATE_JS)
    pixels = page.locator(".bivnorm-explorer canvas").screenshot()
    page.evaluate(
        "() => { window.__keys = 0; document.addEventListener('keydown',"
        " () => { window.__keys += 1; }); }"
    )
    rho = page.get_by_role("slider", name=RHO, exact=True)
    rho.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    after = page.evaluate(STATE_JS)
    assert after["rho"] == pytest.approx(0.32, abs=1e-12)
    assert float(rho.input_value()) == pytest.approx(0.32)
    assert after["ellipses"]["0.9"] != before["ellipses"]["0.9"]
    assert after["samples"][:50] != before["samples"][:50]
    assert page.locator(".bivnorm-explorer canvas").screenshot() != pixels
    assert "0.32" in page.locator(".bivnorm-explorer .bne-value").nth(4).inner_text()
    assert page.evaluate("() => window.__keys") == 0, "the key reached the page"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(STATE_JS)["rho"] == pytest.approx(0.31, abs=1e-12)
    assert rec.problems() == {}


def test_dragging_the_slice(explorer, screenshots):
    page, rec = explorer
    # The whole explorer in view, below the page's sticky header.
    page.set_viewport_size({"width": 1280, "height": 1200})
    page.evaluate(
        f"() => window.scrollTo(0, {ROOT_JS}.getBoundingClientRect().top"
        " + window.scrollY - 90)"
    )
    page.evaluate(SET_JS, {**LAWS[1], "x0": 0.0, "n": 2000})
    at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(0, 0)")
    to = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(2.5, 0)")
    page.mouse.move(at["x"], at["y"])
    page.mouse.down()
    page.mouse.move((at["x"] + to["x"]) / 2, at["y"], steps=5)
    mid = page.evaluate(STATE_JS)["conditional"]["x0"]
    page.screenshot(path=screenshots / "explorer_mid_drag.png")
    page.mouse.move(to["x"], to["y"], steps=5)
    page.mouse.up()
    state = page.evaluate(STATE_JS)
    assert 0.5 < mid < 2.0
    assert state["x0"] == pytest.approx(2.5, abs=0.051)
    assert round(state["x0"] / 0.05, 9) == round(state["x0"] / 0.05)  # on the grid
    expected = _law(state).conditional_y(state["x0"])
    _close(state["conditional"]["mean"], float(expected.mean))
    assert state["points"] == [], "a drag is not a click"
    assert rec.problems() == {}


def test_clicked_points_refit_undo_and_reset(explorer, screenshots):
    page, rec = explorer
    page.evaluate(SET_JS, {"x0": -5.0})  # the slice out of the way
    clicks = [(-2.0, -1.0), (1.0, 2.0), (2.5, 0.5), (0.0, -2.5), (-1.0, 1.5)]
    for i, (x, y) in enumerate(clicks):
        at = page.evaluate(f"([x, y]) => {ROOT_JS}.bivnorm.pixel(x, y)", [x, y])
        page.mouse.click(at["x"], at["y"])
        state = page.evaluate(STATE_JS)
        assert len(state["points"]) == i + 1
        # A fit exactly where BivariateNormal.fit gives one (two points: singular).
        try:
            bn.BivariateNormal.fit(np.asarray(state["points"]))
        except ValueError:
            assert state["fit"] is None
        else:
            assert state["fit"] is not None
    page.locator(".bivnorm-explorer").screenshot(path=screenshots / "explorer_fit.png")
    points = np.asarray(state["points"])
    k = state["panels"]["joint"]["x1"] - state["panels"]["joint"]["x0"]
    px = k / (state["view"]["x"][1] - state["view"]["x"][0])  # CSS px per unit
    np.testing.assert_allclose(points, clicks, rtol=0, atol=1 / px)  # within 1 px
    fitted = bn.BivariateNormal.fit(points)
    got = [state["fit"][name] for name in PARAMS]
    _close(got, [float(getattr(fitted, name)) for name in PARAMS], scale=10)
    xs, ys = fitted.ellipse(0.9, num=len(state["fit_ellipses"]["0.9"]))
    _close(state["fit_ellipses"]["0.9"], np.stack([xs, ys], -1), scale=10)

    page.get_by_role("button", name="Undo").click()
    assert len(page.evaluate(STATE_JS)["points"]) == 4
    page.get_by_role("button", name="Reset points").click()
    state = page.evaluate(STATE_JS)
    assert state["points"] == []
    assert state["fit"] is None
    assert rec.problems() == {}


def test_presets_give_their_laws(explorer):
    page, rec = explorer
    page.get_by_role("button", name="strong negative").click()
    state = page.evaluate(STATE_JS)
    assert state["rho"] == -0.9
    page.get_by_role("button", name="needle").click()
    state = page.evaluate(STATE_JS)
    assert state["rho"] == 0.99
    assert state["std_x"] == state["std_y"] == 2
    _assert_valid(state)
    assert rec.problems() == {}


def test_play_animates_rho(explorer):
    page, rec = explorer
    page.evaluate(SET_JS, LAWS[0])
    play = page.get_by_role("button", name="Play")
    assert play.is_enabled()
    play.click()
    page.wait_for_timeout(400)
    moving = page.evaluate(STATE_JS)
    assert moving["playing"]
    assert moving["rho"] != 0.0
    _assert_valid(moving)
    page.get_by_role("button", name="Pause").click()
    stopped = page.evaluate(STATE_JS)
    assert not stopped["playing"]
    page.wait_for_timeout(200)
    assert page.evaluate(STATE_JS)["rho"] == stopped["rho"]
    assert rec.problems() == {}


def test_reduced_motion_disables_play(recorded, base_url):
    page, rec = recorded
    page.emulate_media(reduced_motion="reduce")
    open_explorer(page, f"{base_url}/auto_examples/plot_explore.html")
    play = page.get_by_role("button", name="Play")
    assert play.is_disabled()
    assert "reduced motion" in play.get_attribute("title")
    rho = page.evaluate(STATE_JS)["rho"]
    play.click(force=True)
    page.wait_for_timeout(300)
    assert page.evaluate(STATE_JS)["rho"] == rho
    assert not page.evaluate(STATE_JS)["playing"]
    assert rec.problems() == {}


def test_jupyterlite_has_anywidget(site):
    """anywidget's front end is in the lite build; its wheels are on the site."""
    lite = site / "lite"
    config = json.loads((lite / "jupyter-lite.json").read_text(encoding="utf-8"))
    extensions = {
        ext["name"]: ext
        for ext in config["jupyter-config-data"]["federated_extensions"]
    }
    assert "anywidget" in extensions
    assert "@jupyter-widgets/jupyterlab-manager" in extensions
    entry = lite / "extensions" / "anywidget" / extensions["anywidget"]["load"]
    assert entry.is_file()
    index = json.loads((lite / "pypi" / "all.json").read_text(encoding="utf-8"))
    for project in (
        "bivnorm",
        "ipywidgets",
        "anywidget",
        "psygnal",
        "typing-extensions",
    ):
        assert project in index, sorted(index)
        wheels = [
            name
            for release in index[project]["releases"].values()
            for name in (f["filename"] for f in release)
        ]
        assert wheels
        assert all(name.endswith("-py3-none-any.whl") for name in wheels), wheels
        assert all((lite / "pypi" / name).is_file() for name in wheels)
    notebook = json.loads(
        (lite / "files" / "auto_examples" / "plot_explore.ipynb").read_text("utf-8")
    )
    first = "".join(notebook["cells"][0]["source"])
    assert first.startswith("%pip install")
    assert {"bivnorm", "anywidget"} <= set(first.split())


def test_jupyterlite_loads_the_anywidget_extension(recorded, base_url):
    page, rec = recorded
    loaded = []
    page.on(
        "response",
        lambda r: "/lite/extensions/anywidget/" in r.url and loaded.append(r.status),
    )
    page.goto(f"{base_url}/lite/lab/index.html", wait_until="load")
    page.locator(".jp-LauncherCard").first.wait_for(timeout=60_000)
    assert loaded
    assert all(status == 200 for status in loaded)
    assert rec.failed_local == []
    assert rec.page_errors == []


# -- the widget path: explorer.js as anywidget runs it, with a stand-in model ------

FRONTEND = Path(__file__).resolve().parents[2] / "bivnorm" / "frontend"
WIDGET_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="view"></div>
<script type="module">
import explorer from "./__explorer__.js";
const render = explorer.render;
// A stand-in for anywidget's model: get/set/on/off/save_changes, Backbone-like
// (set fires change listeners at once); kernel() is a change from Python.
class Model {
  constructor(state) { this.state = state; this.handlers = {}; this.saved = []; }
  get(name) { return this.state[name]; }
  set(name, value) {
    const old = this.state[name];
    this.state[name] = value;
    if (old !== value) this.fire(name);
  }
  fire(name) { for (const f of this.handlers[`change:${name}`] || []) f(); }
  save_changes() { this.saved.push({ ...this.state }); }
  on(event, f) { (this.handlers[event] ||= []).push(f); }
  off(event, f) { this.handlers[event] = (this.handlers[event] || []).filter((g) => g !== f); }
  kernel(values) { Object.assign(this.state, values); for (const k in values) this.fire(k); }
  listeners() { return Object.values(this.handlers).reduce((a, h) => a + h.length, 0); }
}
window.start = (state, z) => {
  // The buffer arrives as a DataView at an odd offset, as a comm message may hold it.
  const bytes = new Uint8Array(new Float64Array(z).buffer);
  const raw = new Uint8Array(bytes.length + 3);
  raw.set(bytes, 3);
  window.model = new Model({ ...state, _z: new DataView(raw.buffer, 3, bytes.length) });
  window.cleanup = render({ model: window.model, el: document.getElementById("view") });
};
window.ready = true;
</script></body></html>"""
WIDGET_STATE = {
    "mean_x": 0.5,
    "mean_y": -1.0,
    "std_x": 1.2,
    "std_y": 0.7,
    "rho": 0.6,
    "n": 800,
    "x0": 0.5,
    "y0": -1.0,
    "capacity": 2000,
}
MODEL_STATE = {
    **WIDGET_STATE,
    "points": [],
    "_specs": specs(2000),
    "_presets": PRESETS,
}


def start_widget(page, base, state=MODEL_STATE) -> np.ndarray:
    """Open the stand-in widget page under ``base`` (its page and the joined
    module routed in) and start it with ``state``; returns the z it was given."""
    page.route(
        f"{base}/__widget__.html",
        lambda route: route.fulfill(body=WIDGET_PAGE, content_type="text/html"),
    )
    page.route(
        f"{base}/__explorer__.js",
        lambda route: route.fulfill(
            body=module_source(), content_type="text/javascript"
        ),
    )
    page.goto(f"{base}/__widget__.html", wait_until="load")
    page.wait_for_function("() => window.ready")
    z = np.asarray(bn.BivariateNormal().sample(np.random.default_rng(5), 2000))
    page.evaluate("([s, z]) => start(s, z)", [state, z.ravel().tolist()])
    return z


@pytest.fixture
def widget(recorded, base_url):
    """explorer.js rendered with a stand-in anywidget model; (page, recorder, z)."""
    page, rec = recorded
    return page, rec, start_widget(page, base_url)


def test_widget_maps_the_buffer_and_follows_the_kernel(widget):
    page, rec, z = widget
    state = page.evaluate(STATE_JS)
    d = _law(state)
    assert {name: state[name] for name in WIDGET_STATE if name != "capacity"} == {
        k: v for k, v in WIDGET_STATE.items() if k != "capacity"
    }
    _close(state["samples"], np.asarray(d.unwhiten(z[:800])), scale=10)
    slider = page.get_by_role("slider", name="n", exact=True)
    assert slider.get_attribute("max") == "2000"
    # A change from Python: drawn exactly as sent (off the slider grid), and
    # nothing is written back.
    page.evaluate("() => model.kernel({rho: 0.123456, std_y: 1.01234, n: 1999})")
    state = page.evaluate(STATE_JS)
    assert state["rho"] == 0.123456
    assert state["std_y"] == 1.01234
    assert len(state["samples"]) == 1999
    _close(state["cov"], np.asarray(_law(state).cov))
    assert page.evaluate("() => model.saved.length") == 0, "an echo to the kernel"
    assert rec.problems() == {}


def test_widget_writes_slider_moves_back_once(widget):
    page, rec, _ = widget
    rho = page.get_by_role("slider", name=RHO, exact=True)
    rho.focus()
    page.keyboard.press("ArrowRight")
    saved = page.evaluate("() => model.saved")
    assert len(saved) == 1
    assert saved[0]["rho"] == pytest.approx(0.61, abs=1e-12)
    assert saved[0]["rho"] == page.evaluate(STATE_JS)["rho"]
    # A preset sets all five parameters; none is reverted by the change events
    # that the first ones fire.
    page.get_by_role("button", name="shifted").click()
    saved = page.evaluate("() => model.saved")
    assert len(saved) == 2
    expected = {"mean_x": 2, "mean_y": -1.5, "std_x": 0.8, "std_y": 1.2, "rho": 0.4}
    assert {name: saved[1][name] for name in PARAMS} == expected
    assert {name: page.evaluate(STATE_JS)[name] for name in PARAMS} == expected
    # Then the kernel's echo of the same values changes nothing and sends nothing.
    page.evaluate("() => model.kernel({...model.saved[1]})")
    assert len(page.evaluate("() => model.saved")) == 2
    # 8 numbers and points, the region's rect, interval and given, 3 views
    assert page.evaluate("() => model.listeners()") == 15
    page.evaluate("() => cleanup()")
    assert page.evaluate("() => model.listeners()") == 0
    assert page.locator(".bivnorm-explorer").count() == 0
    assert rec.problems() == {}


def test_play_from_any_law_and_the_kernel_learns_where_it_stopped(widget):
    page, rec, _ = widget
    page.get_by_role("button", name="needle").click()  # rho = 0.99, past the sweep
    saved = len(page.evaluate("() => model.saved"))
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(500)
    moving = page.evaluate(STATE_JS)
    assert moving["playing"]
    assert moving["std_x"] != 2.0  # moving from the needle, not stuck at rho's end
    _assert_valid(moving)
    assert len(page.evaluate("() => model.saved")) == saved, "frames sent to the kernel"
    page.get_by_role("button", name="Pause").click()
    stopped = page.evaluate(STATE_JS)
    last = page.evaluate("() => model.saved.at(-1)")
    assert len(page.evaluate("() => model.saved")) == saved + 1
    assert {name: last[name] for name in PARAMS} == {
        name: stopped[name] for name in PARAMS
    }
    assert rec.problems() == {}


# -- Explorer v2 (issue 23) and the hostile hook (issue 19, item 6) ---------------

FRAMES_JS = """async ([ms, law]) => {
  const el = document.querySelector('.bivnorm-explorer');
  el.bivnorm.set(law);
  el.bivnorm.play();
  const frames = [];
  const start = performance.now();
  await new Promise((done) => {
    const tick = (now) => {
      const s = el.bivnorm.state();
      frames.push([s.mean_x, s.mean_y, s.std_x, s.std_y, s.rho]);
      if (now - start < ms) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  return frames;
}"""


def _slider_values(page):
    return page.evaluate(
        f"""() => Object.fromEntries([...{ROOT_JS}.querySelectorAll('input[type=range]')]
        .map((i) => [i.dataset.name, Number(i.value)]))"""
    )


def test_play_is_smooth_and_pause_and_undo_agree_with_the_drawing(explorer):
    """Item 1: 12.5 s of frames, none moves a parameter by 2 % of its range."""
    page, rec = explorer
    law = {"mean_x": 0.5, "mean_y": -0.5, "std_x": 2.8, "std_y": 0.5, "rho": 0.95}
    frames = np.asarray(page.evaluate(FRAMES_JS, [12_500, law]))
    assert len(frames) > 200  # every animation frame, across the 12 s loop's end
    span = np.asarray([RANGES[name][1] - RANGES[name][0] for name in PARAMS])
    steps = np.max(np.abs(np.diff(frames, axis=0)) / span, axis=0)
    assert np.all(steps <= 0.02), dict(zip(PARAMS, steps, strict=True))
    assert np.ptp(frames[:, 4]) > 0.5  # it does move
    page.evaluate(f"() => {ROOT_JS}.bivnorm.pause()")
    state = page.evaluate(STATE_JS)
    assert not state["playing"]
    sliders = _slider_values(page)
    for name in (*PARAMS, "n", "x0", "y0"):
        assert sliders[name] == state[name], name  # the sliders show the drawn law
    _close(state["cov"], np.asarray(_law(state).cov))
    page.evaluate(f"() => {ROOT_JS}.bivnorm.undo()")
    state = page.evaluate(STATE_JS)
    assert {name: state[name] for name in PARAMS} == law  # the law before play
    assert rec.problems() == {}


def _click(page, x, y):
    at = page.evaluate(f"([x, y]) => {ROOT_JS}.bivnorm.pixel(x, y)", [x, y])
    page.mouse.click(at["x"], at["y"])
    return at


def test_every_click_is_a_point_even_on_the_slice(explorer):
    """Item 2: clicks on and next to the slice lines and the handle add points."""
    page, rec = explorer
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.locator(".bivnorm-explorer").scroll_into_view_if_needed()
    page.evaluate(SET_JS, {**LAWS[1], "x0": 0.0, "y0": 0.0})
    state = page.evaluate(STATE_JS)
    px = (state["panels"]["joint"]["x1"] - state["panels"]["joint"]["x0"]) / (
        state["view"]["x"][1] - state["view"]["x"][0]
    )
    targets = [(0.0, 1.0), (2 / px, -1.0), (0.0, 0.0), (1.5, 4 / px), (-1.0, 0.0)]
    for i, (x, y) in enumerate(targets):
        at = _click(page, x, y)
        state = page.evaluate(STATE_JS)
        assert len(state["points"]) == i + 1
        got = page.evaluate(
            f"([x, y]) => {ROOT_JS}.bivnorm.pixel(x, y)", state["points"][-1]
        )
        assert abs(got["x"] - at["x"]) <= 1
        assert abs(got["y"] - at["y"]) <= 1
        assert (state["x0"], state["y0"]) == (0.0, 0.0)  # no drag
    # A drag of more than 4 px on the line moves the slice and adds nothing.
    at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(0, 2)")
    page.mouse.move(at["x"] + 3, at["y"])  # 3 px off the line: in its grab zone
    page.mouse.down()
    page.mouse.move(at["x"] + 40, at["y"], steps=6)
    page.mouse.up()
    state = page.evaluate(STATE_JS)
    assert len(state["points"]) == 5
    assert state["x0"] == pytest.approx(40 / px, abs=0.05 + 1 / px)  # the pointer's x
    assert state["y0"] == 0.0
    # Touch targets, the touch policy and the hint.
    root = page.locator(".bivnorm-explorer")
    for control in [*root.locator("button").all(), *root.locator("input").all()]:
        if not control.is_visible():  # a closed section's, or another view's
            continue
        box = control.bounding_box()
        assert box["height"] >= 24
        assert box["width"] >= 24
    canvas = root.locator("canvas")
    assert canvas.evaluate("c => getComputedStyle(c).touchAction") == "none"
    panel = root.locator(".bne-panel")
    assert panel.evaluate("p => getComputedStyle(p).touchAction") == "auto"
    assert "click or tap" in root.inner_text().lower()
    assert rec.problems() == {}


def test_a_tap_adds_a_point(browser, base_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        open_explorer(page, f"{base_url}/auto_examples/plot_explore.html")
        page.locator(".bivnorm-explorer canvas").scroll_into_view_if_needed()
        at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(1, 1)")
        page.touchscreen.tap(at["x"], at["y"])
        points = page.evaluate(STATE_JS)["points"]
        assert len(points) == 1
        got = page.evaluate(f"([x, y]) => {ROOT_JS}.bivnorm.pixel(x, y)", points[0])
        assert abs(got["x"] - at["x"]) <= 1
        assert abs(got["y"] - at["y"]) <= 1
    finally:
        context.close()


def test_keyboard_reaches_every_action(explorer, screenshots):
    """Item 3: Tab order, a cursor on the plot, Enter/Delete, S, buttons."""
    page, rec = explorer
    page.evaluate(SET_JS, LAWS[0])
    canvas = page.locator(".bivnorm-explorer canvas")
    canvas.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # focus by keyboard: focus-visible
    assert canvas.evaluate("c => c === document.activeElement")
    assert canvas.evaluate("c => c.matches(':focus-visible')")
    assert canvas.evaluate("c => parseFloat(getComputedStyle(c).outlineWidth)") >= 2
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press(" ")
    state = page.evaluate(STATE_JS)
    assert len(state["points"]) == 2
    (x1, y1), (x2, y2) = state["points"]
    assert x1 > 0
    assert y1 > 0
    assert x2 < x1
    page.locator(".bivnorm-explorer").screenshot(path=screenshots / "explorer_kbd.png")
    page.keyboard.press("s")
    state = page.evaluate(STATE_JS)
    assert state["x0"] == pytest.approx(x2, abs=0.026)
    assert state["y0"] == pytest.approx(y2, abs=0.026)
    page.keyboard.press("Delete")
    assert len(page.evaluate(STATE_JS)["points"]) == 1
    page.keyboard.press("Backspace")
    assert page.evaluate(STATE_JS)["points"] == []
    # Every button and slider is in the Tab order and shows its focus.
    for control in page.locator(
        ".bivnorm-explorer button, .bivnorm-explorer input"
    ).all():
        assert control.get_attribute("tabindex") in (None, "0")
    play = page.locator(".bivnorm-explorer .bne-actions button").first
    play.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(STATE_JS)["playing"]
    assert play.inner_text() == "Pause"
    assert play.evaluate("b => b.matches(':focus-visible')")
    page.keyboard.press("Enter")
    assert not page.evaluate(STATE_JS)["playing"]
    page.get_by_role("button", name="Old Faithful").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(STATE_JS)["rho"] == 0.9
    assert rec.problems() == {}


LIVE_JS = """() => {
  const root = document.querySelector('.bivnorm-explorer');
  const live = root.querySelectorAll('[aria-live], [role=status], [role=alert], [role=log], output');
  window.__said = [];
  if (live.length === 1) {
    new MutationObserver(() => window.__said.push(live[0].textContent))
      .observe(live[0], {childList: true, characterData: true, subtree: true});
  }
  return live.length;
}"""


def test_screen_reader_hears_one_settled_summary(explorer):
    """Item 4: one polite live region, names = visible labels, a text alternative."""
    page, rec = explorer
    assert page.evaluate(LIVE_JS) == 1
    live = page.locator(".bivnorm-explorer [aria-live]")
    assert live.get_attribute("aria-live") == "polite"
    for name, label in NAMES.items():
        slider = page.get_by_role("slider", name=label, exact=True)
        assert slider.get_attribute("data-name") == name
    rho = page.get_by_role("slider", name=RHO, exact=True)
    rho.focus()
    start = page.evaluate("() => performance.now()")
    while page.evaluate("() => performance.now()") - start < 2000:  # 2 s of motion
        page.keyboard.press(
            "ArrowLeft" if page.evaluate(STATE_JS)["rho"] > 0 else "End"
        )
        page.wait_for_timeout(40)
    assert page.evaluate("() => window.__said.length") <= 1 + 2000 / 500
    page.wait_for_timeout(1200)
    said = page.evaluate("() => window.__said")
    assert len(said) <= 1 + 2000 / 500
    state = page.evaluate(STATE_JS)
    assert f"correlation {state['rho']:.2f}" in said[-1]
    # The plot's text alternative: law, correlation, points and their fit.
    for x, y in [(-1.0, -1.0), (1.0, 0.5), (0.5, 2.0)]:
        page.evaluate(f"([x, y]) => {ROOT_JS}.bivnorm.addPoint(x, y)", [x, y])
    canvas = page.locator(".bivnorm-explorer canvas")
    text = page.evaluate(
        "c => document.getElementById(c.getAttribute('aria-describedby')).textContent",
        canvas.element_handle(),
    )
    assert "3 points" in text
    assert "fitted law" in text
    assert f"correlation {state['rho']:.2f}" in text
    assert canvas.get_attribute("aria-label")
    assert rec.problems() == {}


@pytest.mark.parametrize("rel", PAGES)
def test_axe_finds_nothing(recorded, base_url, rel):
    """Item 5: WCAG 2.2 AA on the landing and the explore page (and best practice)."""
    from _chromium import axe_violations

    page, rec = recorded
    open_explorer(page, f"{base_url}/{rel}")
    assert axe_violations(page, ".bivnorm-explorer") == []
    # pydata's dark theme: the explorer keeps its own light background.
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    assert axe_violations(page, ".bivnorm-explorer") == []
    assert rec.page_errors == []


def _settled(page, values):
    page.evaluate(SET_JS, values)
    page.wait_for_function(f"() => !{ROOT_JS}.bivnorm.state().easing", timeout=5000)
    return page.evaluate(STATE_JS)


CORNERS = [
    {"mean_x": mx, "mean_y": my, "std_x": sx, "std_y": sy, "rho": r}
    for mx, my, sx, sy, r in [
        (3, -3, 3, 3, 0.99),
        (-3, 3, 0.2, 3, -0.99),
        (3, 3, 3, 0.2, 0.0),
        (-3, -3, 0.2, 0.2, 0.5),
        (0, 0, 1, 1, 0),
    ]
]


def test_scales_teach(explorer):
    """Item 6: shared axes, fixed density scales, ticks, a view that follows."""
    page, rec = explorer
    for law in CORNERS:
        state = _settled(page, law)
        j, top, right = (state["panels"][k] for k in ("joint", "top", "right"))
        assert (top["x0"], top["x1"]) == (j["x0"], j["x1"])  # pixel for pixel
        assert (right["y0"], right["y1"]) == (j["y0"], j["y1"])
        assert state["marginal_x"]["x"][0] == state["view"]["x"][0]
        assert state["marginal_y"]["x"][-1] == state["view"]["y"][1]
        (x0, x1), (y0, y1) = state["view"]["x"], state["view"]["y"]
        ux = (j["x1"] - j["x0"]) / (x1 - x0)
        uy = (j["y1"] - j["y0"]) / (y1 - y0)
        assert ux == pytest.approx(uy, rel=1e-9)  # equal units
        for axis, (lo, hi) in (("x", (x0, x1)), ("y", (y0, y1))):
            mean, std = law[f"mean_{axis}"], law[f"std_{axis}"]
            assert lo <= mean - 3.8 * std
            assert mean + 3.8 * std <= hi
        for axis in ("x", "y", "top", "right"):
            assert len(state["ticks"][axis]) >= 2, (law, axis)
    # rho = 0, equal stds: a circle.
    state = _settled(page, CORNERS[-1])
    xy = np.asarray(state["ellipses"]["0.9"])
    r = np.hypot(*(xy - [0, 0]).T)
    assert np.ptp(r) < 1e-12 * r.max()
    # Widening sigma lowers the curve on a fixed density scale.
    before = state["density_scale"]["top"]
    peak = max(state["marginal_x"]["pdf"])
    state = _settled(page, {"std_x": 1.3})
    assert state["density_scale"]["top"] == before
    assert max(state["marginal_x"]["pdf"]) < 0.8 * peak
    # A slider step moves the view by little: no jump.
    views = []
    slider = page.get_by_role("slider", name=SIGMA_X, exact=True)
    slider.focus()
    for _ in range(30):
        page.keyboard.press("ArrowRight")
        views.append(page.evaluate(STATE_JS)["view"]["x"])
    width = np.diff(np.asarray(views), axis=1)[:, 0]
    assert np.max(np.abs(np.diff(width)) / width[1:]) < 0.1
    assert rec.problems() == {}


@pytest.mark.parametrize("rel", PAGES)
def test_layout_fits_and_stays_crisp(recorded, base_url, screenshots, rel):
    """Item 7: the whole explorer in 1280x800 as the page opens (no scrolling),
    stacked at 390x844 with no horizontal overflow, crisp after a DPR change."""
    page, rec = recorded
    page.set_viewport_size({"width": 1280, "height": 800})
    open_explorer(page, f"{base_url}/{rel}")
    root = page.locator(".bivnorm-explorer")
    assert page.evaluate("() => window.scrollY") == 0
    box = root.bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 800, box
    for control in root.locator("canvas, button, input, select, summary").all():
        if not control.is_visible():  # a closed section's, or another view's
            continue
        b = control.bounding_box()
        assert b["y"] >= 0
        assert b["y"] + b["height"] <= 800, control.evaluate("e => e.outerHTML")
    name = rel.removesuffix(".html").replace("/", "_")
    page.screenshot(path=screenshots / f"explorer_1280_{name}.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(200)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert root.bounding_box()["x"] + root.bounding_box()["width"] <= 390
    page.screenshot(path=screenshots / f"explorer_390_{name}.png", full_page=True)
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 800, "deviceScaleFactor": 2, "mobile": False},
    )
    state = page.evaluate(SET_JS, {"rho": 0.3})
    assert state["canvas"]["dpr"] == 2
    assert state["canvas"]["width"] == 2 * state["canvas"]["css"]["width"]
    assert rec.problems() == {}


def test_fit_readout_and_legend(explorer):
    """Item 8: two points (as BivariateNormal.fit) give numbers and a legend."""
    page, rec = explorer
    page.evaluate(f"() => {ROOT_JS}.bivnorm.addPoint(-1, -0.5)")
    assert page.evaluate(STATE_JS)["fit_law"] is None
    page.evaluate(f"() => {ROOT_JS}.bivnorm.addPoint(1.5, 1.25)")
    page.evaluate(f"() => {ROOT_JS}.bivnorm.addPoint(0.5, -1)")
    state = page.evaluate(STATE_JS)
    fitted = bn.BivariateNormal.fit(np.asarray(state["points"]))
    for name in PARAMS:
        expected = float(getattr(fitted, name))
        assert state["fit_law"][name] == pytest.approx(expected, rel=1e-12, abs=1e-14)
        cell = page.locator(".bivnorm-explorer td[data-col=fit]").nth(
            PARAMS.index(name)
        )
        assert cell.inner_text() == f"{expected:.2f}".replace("-0.00", "0.00")
    legend = page.locator(".bivnorm-explorer .bne-legend").inner_text()
    assert "fit of your points" in legend
    assert "law" in legend
    assert rec.problems() == {}


def test_parity_conditionals_redraw_and_real_presets(explorer):
    """Item 9: both slices, E[X|Y], Redraw with sample moments, named real data."""
    page, rec = explorer
    page.evaluate(SET_JS, {**LAWS[1], "n": 4000})
    before = page.evaluate(STATE_JS)
    page.get_by_role("button", name="Redraw").click()
    after = page.evaluate(STATE_JS)
    assert after["samples"][:10] != before["samples"][:10]
    xy = np.asarray(after["samples"])
    stats = after["sample_stats"]
    _close(stats["mean_x"], xy[:, 0].mean(), scale=1)
    _close(stats["std_y"], xy[:, 1].std(), scale=1)
    _close(stats["rho"], np.corrcoef(xy.T)[0, 1], scale=1)
    # Fresh standard normals follow the law: 4000 draws, loose 5-sigma bounds.
    assert abs(stats["mean_x"] - 0.5) < 5 * 1.2 / math.sqrt(4000)
    assert abs(stats["rho"] - 0.6) < 5 * (1 - 0.36) / math.sqrt(4000)
    names = page.evaluate(f"() => {ROOT_JS}.bivnorm.presets()")
    for preset in PRESETS:
        assert preset["name"] in names
        page.evaluate(f"n => {ROOT_JS}.bivnorm.preset(n)", preset["name"])
        state = page.evaluate(STATE_JS)
        assert {k: state[k] for k in PARAMS} == preset["values"]
        assert _slider_values(page)["rho"] == preset["values"]["rho"]
        if "source" in preset:
            button = page.get_by_role("button", name=preset["name"], exact=True)
            assert button.get_attribute("title") == preset["source"]
            assert preset["note"] in page.locator(".bivnorm-explorer").inner_text()
    # Dragging the ring moves both slices.
    page.locator(".bivnorm-explorer").scroll_into_view_if_needed()
    page.evaluate(SET_JS, {"x0": 0.0, "y0": 0.0})
    at = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(0, 0)")
    to = page.evaluate(f"() => {ROOT_JS}.bivnorm.pixel(1, -1)")
    page.mouse.move(at["x"], at["y"])
    page.mouse.down()
    page.mouse.move(to["x"], to["y"], steps=8)
    page.mouse.up()
    state = page.evaluate(STATE_JS)
    assert state["x0"] == pytest.approx(1, abs=0.06)
    assert state["y0"] == pytest.approx(-1, abs=0.06)
    assert rec.problems() == {}


HOSTILE = [
    {"rho": float("nan")},
    {"rho": 0.5, "std_x": float("inf")},
    {"mean_x": float("-inf"), "mean_y": 1.0},
    {"rho": None, "std_y": 2.0},
    {"std_x": "2", "mean_x": 1.0},
    {"n": "500"},
    {"x0": True},
]


@pytest.mark.parametrize("values", HOSTILE)
def test_hook_refuses_a_bad_value_whole(explorer, values):
    page, rec = explorer
    before = page.evaluate(STATE_JS)
    error = page.evaluate(
        f"v => {{ try {{ {ROOT_JS}.bivnorm.set(v); return ''; }} catch (e) {{ return e.name + ': ' + e.message; }} }}",
        values,
    )
    assert error.startswith("TypeError: bivnorm.set:")
    assert any(name in error for name in values)
    after = page.evaluate(STATE_JS)
    for name in (*PARAMS, "n", "x0", "y0"):
        assert after[name] == before[name]
    assert _slider_values(page)["rho"] == before["rho"]
    assert rec.problems() == {}


def test_hook_ignores_prototype_keys_and_refuses_bad_points(explorer):
    page, rec = explorer
    result = page.evaluate(
        f"""() => {{
        const el = {ROOT_JS};
        const proto = JSON.parse('{{"__proto__": {{"polluted": 1}}, "rho": 0.25}}');
        el.bivnorm.set(proto);
        el.bivnorm.set({{constructor: 5, toString: 3, hasOwnProperty: 1, valueOf: 2,
                         unknown: 7, std_x: 1.5}});
        const inherited = Object.create({{rho: 0.7}});
        el.bivnorm.set(inherited);
        const errors = [];
        for (const p of [[NaN, 0], [0, Infinity], [-Infinity, 1], ['1', 2], [null, 0]]) {{
          try {{ el.bivnorm.addPoint(...p); }} catch (e) {{ errors.push(e.name); }}
        }}
        return {{ state: el.bivnorm.state(), polluted: ({{}}).polluted,
                  protoOk: Object.getPrototypeOf({{}}) === Object.prototype &&
                           typeof ({{}}).toString === 'function', errors }};
    }}"""
    )
    assert result["polluted"] is None
    assert result["protoOk"]
    assert result["state"]["rho"] == 0.25
    assert result["state"]["std_x"] == 1.5
    assert result["errors"] == ["TypeError"] * 5
    assert result["state"]["points"] == []
    assert rec.problems() == {}


def _twin_laws(count: int) -> list[dict]:
    """Random laws: stds over 6 decades, |rho| = 0.999 and sx/sy = 1e6 among them."""
    rng = np.random.default_rng(11)
    laws = []
    for i in range(count):
        sx = 10 ** rng.uniform(-3, 3)
        ratio = 1e6 if i % 10 == 0 else 10 ** rng.uniform(-2, 2)
        rho = [0.999, -0.999][i % 2] if i % 7 == 0 else rng.uniform(-0.99, 0.99)
        laws.append(
            {
                "mean_x": rng.normal(0, 5),
                "mean_y": rng.normal(0, 5),
                "std_x": sx,
                "std_y": sx / ratio if i % 3 else sx * ratio,
                "rho": float(rho),
            }
        )
    return laws


def _relative(actual, desired) -> float:
    """Largest elementwise |actual - desired| / |desired| (0 where both are 0)."""
    actual, desired = np.asarray(actual, float), np.asarray(desired, float)
    assert actual.shape == desired.shape
    diff = np.abs(actual - desired)
    scale = np.abs(desired)
    assert np.all(diff[scale == 0] == 0)
    return float(np.max(diff[scale > 0] / scale[scale > 0], initial=0.0))


def _normal(law) -> list[float]:
    return [float(law.mean), float(law.std)]


def test_maths_twin_agrees_with_bivnorm(recorded, base_url):
    """Item 11: maths.js against bivnorm (NumPy path, float64) on 1,000 laws.

    Every number (each matrix entry, each ellipse vertex's coordinate, each
    mapped point) within 1e-12 of Python's, relative to that number itself.
    """
    page, rec = recorded
    page.route(
        f"{base_url}/__maths__.js",
        lambda route: route.fulfill(
            body=(FRONTEND / "maths.js").read_text(encoding="utf-8"),
            content_type="text/javascript",
        ),
    )
    page.route(
        f"{base_url}/__maths__.html",
        lambda route: route.fulfill(
            body="<!doctype html><script type=module>import * as m from "
            "'./__maths__.js'; window.m = m;</script>",
            content_type="text/html",
        ),
    )
    page.goto(f"{base_url}/__maths__.html")
    page.wait_for_function("() => window.m")
    laws = _twin_laws(1000)
    z = np.random.default_rng(12).standard_normal((16, 2))
    got = page.evaluate(
        """([laws, z]) => laws.map((d) => {
            const xy = m.unwhiten(d, z.flat(), z.length, new Array(2 * z.length));
            const pts = [];
            for (let k = 0; k < xy.length; k += 2) pts.push([xy[k], xy[k + 1]]);
            return {
              cov: m.cov(d), chol: m.chol(d), axes: m.principal_axes(d),
              cy: m.conditional_y(d, d.mean_x + 0.7 * d.std_x),
              cx: m.conditional_x(d, d.mean_y - 1.3 * d.std_y),
              mx: m.marginal_x(d), my: m.marginal_y(d),
              pdf: m.pdf(m.marginal_x(d), d.mean_x + 0.3 * d.std_x),
              e: m.ellipse(d, 0.9), xy: pts, fit: m.fit(pts),
            };
        })""",
        [laws, z.tolist()],
    )
    worst: dict[str, float] = {}

    def record(name, actual, desired):
        worst[name] = max(worst.get(name, 0.0), _relative(actual, desired))

    for law, out in zip(laws, got, strict=True):
        d = bn.BivariateNormal(**law)
        record("cov", out["cov"], d.cov)
        record("chol", out["chol"], d.chol)
        record("principal_axes", out["axes"], d.principal_axes(degrees=True))
        for key, cond in (
            ("cy", d.conditional_y(law["mean_x"] + 0.7 * law["std_x"])),
            ("cx", d.conditional_x(law["mean_y"] - 1.3 * law["std_y"])),
        ):
            record("conditional", [out[key]["mean"], out[key]["std"]], _normal(cond))
        for key, marginal in (("mx", d.marginal_x()), ("my", d.marginal_y())):
            record("marginal", [out[key]["mean"], out[key]["std"]], _normal(marginal))
        x = law["mean_x"] + 0.3 * law["std_x"]
        record("pdf", out["pdf"], d.marginal_x().pdf(x))
        xs, ys = d.ellipse(0.9)
        assert len(out["e"]["xs"]) == len(np.asarray(xs)) == 200
        record("ellipse", [out["e"]["xs"], out["e"]["ys"]], [xs, ys])
        xy = np.asarray(d.unwhiten(z))
        record("unwhiten", out["xy"], xy)
        fitted = bn.BivariateNormal.fit(xy)
        record(
            "fit", [out["fit"][k] for k in PARAMS], [getattr(fitted, k) for k in PARAMS]
        )
    assert max(worst.values()) <= RTOL, worst
    assert rec.problems() == {}
