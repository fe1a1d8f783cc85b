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

pytestmark = pytest.mark.browser

PAGES = ["index.html", "auto_examples/plot_explore.html"]
PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
RANGES = {
    "mean_x": (-3.0, 3.0),
    "mean_y": (-3.0, 3.0),
    "std_x": (0.2, 3.0),
    "std_y": (0.2, 3.0),
    "rho": (-0.99, 0.99),
    "x0": (-6.0, 6.0),
}
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


def _open(page, url):
    page.goto(url, wait_until="load")
    page.wait_for_function(f"() => {ROOT_JS} && {ROOT_JS}.bivnorm")


@pytest.fixture
def explorer(recorded, base_url):
    """The explore example's page with its explorer drawn; (page, recorder)."""
    page, rec = recorded
    _open(page, f"{base_url}/auto_examples/plot_explore.html")
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
    _open(page, f"{base_url}/{rel}")
    page.wait_for_load_state("networkidle")
    root = page.locator(".bivnorm-explorer")
    assert root.count() == 1
    sliders = root.locator("input[type=range]")
    labels = [sliders.nth(i).get_attribute("aria-label") for i in range(7)]
    assert sliders.count() == 7
    assert set(labels) == {*PARAMS, "n", "x0"}
    for name in labels:
        slider = page.get_by_role("slider", name=name, exact=True)
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
    state = page.evaluate(SET_JS, {**law, "x0": 1.25})
    assert {name: state[name] for name in PARAMS} == law
    d = _law(state)
    _close(state["cov"], np.asarray(d.cov))
    # The readout's eigenvalues and tilt: principal_axes, det / lambda1 form.
    _close(state["axes"], np.asarray(d.principal_axes(degrees=True)), scale=None)

    for axis in ("x", "y"):
        curve = state[f"marginal_{axis}"]
        assert len(curve["x"]) >= 50
        assert curve["x"][0] == RANGES["x0"][0]
        assert curve["x"][-1] == RANGES["x0"][1]
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

    cond = state["conditional"]
    assert cond["x0"] == 1.25
    expected = d.conditional_y(1.25)
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
        {"rho": "NaN", "std_y": "Infinity", "mean_y": "-Infinity"},
        {"rho": None, "std_x": "banana"},
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
    rho = page.get_by_role("slider", name="rho", exact=True)
    rho.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    after = page.evaluate(STATE_JS)
    assert after["rho"] == pytest.approx(0.32, abs=1e-12)
    assert float(rho.input_value()) == pytest.approx(0.32)
    assert after["ellipses"]["0.9"] != before["ellipses"]["0.9"]
    assert after["samples"][:50] != before["samples"][:50]
    assert page.locator(".bivnorm-explorer canvas").screenshot() != pixels
    assert "0.32" in page.locator(".bivnorm-explorer output").nth(4).inner_text()
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
        assert (state["fit"] is None) is (i < 2)  # three points make a fit
    page.locator(".bivnorm-explorer").screenshot(path=screenshots / "explorer_fit.png")
    points = np.asarray(state["points"])
    np.testing.assert_allclose(points, clicks, rtol=0, atol=0.05)  # within a pixel
    fitted = bn.BivariateNormal.fit(points)
    got = [state["fit"][name] for name in PARAMS]
    _close(got, [float(getattr(fitted, name)) for name in PARAMS], scale=10)
    xs, ys = fitted.ellipse(0.9, num=len(state["fit_ellipses"]["0.9"]))
    _close(state["fit_ellipses"]["0.9"], np.stack([xs, ys], -1), scale=10)

    page.get_by_role("button", name="undo point").click()
    assert len(page.evaluate(STATE_JS)["points"]) == 4
    page.get_by_role("button", name="reset points").click()
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
    play = page.get_by_role("button", name="play")
    assert play.is_enabled()
    play.click()
    page.wait_for_timeout(400)
    moving = page.evaluate(STATE_JS)
    assert moving["playing"]
    assert moving["rho"] != 0.0
    _assert_valid(moving)
    page.get_by_role("button", name="stop").click()
    stopped = page.evaluate(STATE_JS)
    assert not stopped["playing"]
    page.wait_for_timeout(200)
    assert page.evaluate(STATE_JS)["rho"] == stopped["rho"]
    assert rec.problems() == {}


def test_reduced_motion_disables_play(recorded, base_url):
    page, rec = recorded
    page.emulate_media(reduced_motion="reduce")
    _open(page, f"{base_url}/auto_examples/plot_explore.html")
    play = page.get_by_role("button", name="play")
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

MODULE = Path(__file__).resolve().parents[2] / "bivnorm" / "explorer.js"
WIDGET_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="view"></div>
<script type="module">
import { render } from "./__explorer__.js";
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
    "capacity": 2000,
}


@pytest.fixture
def widget(recorded, base_url):
    """explorer.js rendered with a stand-in anywidget model; (page, recorder, z)."""
    page, rec = recorded
    page.route(
        f"{base_url}/__widget__.html",
        lambda route: route.fulfill(body=WIDGET_PAGE, content_type="text/html"),
    )
    page.route(
        f"{base_url}/__explorer__.js",
        lambda route: route.fulfill(
            body=MODULE.read_text(encoding="utf-8"), content_type="text/javascript"
        ),
    )
    page.goto(f"{base_url}/__widget__.html", wait_until="load")
    page.wait_for_function("() => window.ready")
    z = np.asarray(bn.BivariateNormal().sample(np.random.default_rng(5), 2000))
    page.evaluate("([s, z]) => start(s, z)", [WIDGET_STATE, z.ravel().tolist()])
    return page, rec, z


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
    rho = page.get_by_role("slider", name="rho", exact=True)
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
    assert page.evaluate("() => model.listeners()") == 7
    page.evaluate("() => cleanup()")
    assert page.evaluate("() => model.listeners()") == 0
    assert page.locator(".bivnorm-explorer").count() == 0
    assert rec.problems() == {}


def test_play_from_any_law_and_the_kernel_learns_where_it_stopped(widget):
    page, rec, _ = widget
    page.get_by_role("button", name="needle").click()  # rho = 0.99, past the sweep
    saved = len(page.evaluate("() => model.saved"))
    page.get_by_role("button", name="play").click()
    page.wait_for_timeout(500)
    moving = page.evaluate(STATE_JS)
    assert moving["playing"]
    assert 0.2 < moving["rho"] < 0.99  # sweeping from 0.95 down, not stuck
    _assert_valid(moving)
    assert len(page.evaluate("() => model.saved")) == saved, "frames sent to the kernel"
    page.get_by_role("button", name="stop").click()
    stopped = page.evaluate(STATE_JS)
    last = page.evaluate("() => model.saved.at(-1)")
    assert len(page.evaluate("() => model.saved")) == saved + 1
    assert {name: last[name] for name in PARAMS} == {
        name: stopped[name] for name in PARAMS
    }
    assert rec.problems() == {}
