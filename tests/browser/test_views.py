"""The explorer's whitening and projection views, in headless Chromium.

The page is made here (no docs build needed): the explorer's static snippet, the
modules joined by ``bivnorm._frontend`` and the state that ``Explorer.get_state_dict``
gives, with standard normals drawn by NumPy. Through the hook (``el.bivnorm``)
the numbers the views show are compared with values computed in Python:

* whitening: stage 0 shows the page's standard normals (sample mean ~0, covariance
  ~I), stage 1 ``L z`` and stage 2 ``mu + L z`` (to 1e-12), the coverage of the
  k-sigma ellipses is ``1 - exp(-k^2/2)`` and the fraction inside is a recount by
  bivnorm's Mahalanobis distance; transitions are animated, except under
  prefers-reduced-motion;
* projection: the law of ``u^T X`` has mean ``u^T mu`` and standard deviation
  ``sqrt(u^T Sigma u)``; at the principal axes the variance is an eigenvalue;
  the slider (keyboard) and a drag of the arrow (mouse, touch) set the angle;
* switching views by mouse and keyboard, bad hook values refused whole, the
  390 px touch layout, axe-core, text of at least 12 px, colours with contrast.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re

import numpy as np
import pytest
from _chromium import axe_violations
from test_explorer import open_explorer

import bivnorm as bn
from bivnorm._frontend import FOLDER, module_source, script_source
from bivnorm._sliders import PRESETS, specs

pytestmark = pytest.mark.browser

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
LAWS = [
    {"mean_x": 0.0, "mean_y": 0.0, "std_x": 1.0, "std_y": 1.0, "rho": 0.0},
    {"mean_x": 0.5, "mean_y": -1.0, "std_x": 1.2, "std_y": 0.7, "rho": 0.6},
    {"mean_x": -2.35, "mean_y": 2.9, "std_x": 0.2, "std_y": 3.0, "rho": -0.99},
    {"mean_x": 3.0, "mean_y": -3.0, "std_x": 2.75, "std_y": 0.45, "rho": 0.99},
]
CAPACITY = 10_000
ROOT_JS = "document.querySelector('.bivnorm-explorer')"
STATE_JS = f"() => {ROOT_JS}.bivnorm.state()"
SET_JS = (
    f"values => {{ {ROOT_JS}.bivnorm.set(values); return {ROOT_JS}.bivnorm.state(); }}"
)
TRY_SET_JS = f"""values => {{
    try {{ {ROOT_JS}.bivnorm.set(values); return "accepted"; }}
    catch (e) {{ return e.name + ": " + e.message; }}
}}"""
# Every canvas text drawn, with the font it was drawn in.
FONTS_JS = """() => {
    window.__fonts = [];
    const proto = CanvasRenderingContext2D.prototype;
    for (const name of ["fillText", "strokeText"]) {
        const f = proto[name];
        proto[name] = function (...args) { window.__fonts.push(this.font); return f.apply(this, args); };
    }
}"""


def _page_html(**extra) -> str:
    z = np.random.default_rng(20).standard_normal((CAPACITY, 2))
    state = {
        "mean_x": 0.5, "mean_y": -1.0, "std_x": 1.2, "std_y": 0.7, "rho": 0.6,
        "x0": 0.5, "y0": -1.0, "n": 2000, "capacity": CAPACITY, "points": [],
        "specs": specs(CAPACITY), "presets": PRESETS,
        "z_b64": base64.b64encode(z.astype("<f8").tobytes()).decode("ascii"),
        **extra,
    }  # fmt: skip
    uid = "bivnorm-explorer-views"
    data = json.dumps(state).replace("</", "<\\/")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Explorer views</title></head><body><main><h1>Explorer views</h1>"
        f'<div class="bivnorm-explorer-host" id="{uid}"></div>'
        f'<script type="application/json" id="{uid}-state">{data}</script>'
        f"<script>{script_source(uid)}</script></main></body></html>"
    )


def _widget_html() -> str:
    """anywidget's path: the joined module's render() with a model in the page."""
    z = np.random.default_rng(21).standard_normal((1000, 2))
    traits = {
        "mean_x": 0.0, "mean_y": 0.0, "std_x": 1.0, "std_y": 1.0, "rho": 0.5,
        "n": 500, "x0": 0.0, "y0": 0.0, "points": [], "_specs": specs(1000),
        "_presets": PRESETS, "view": "whitening", "stage": 1, "angle": 0.25,
    }  # fmt: skip
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Explorer widget</title></head><body><main><div id='host'></div>"
        f"<script type='application/json' id='traits'>{json.dumps(traits)}</script>"
        f"<script>window.__z = {json.dumps(z.ravel().tolist())};</script>"
        """<script type="module">
        import widget from "./widget.mjs";
        const data = JSON.parse(document.getElementById("traits").textContent);
        data._z = new Float64Array(window.__z);
        const handlers = {};
        const model = {
          data, saved: 0,
          get(name) { return this.data[name]; },
          set(name, value) { this.data[name] = value; },
          save_changes() { this.saved += 1; },
          on(event, f) { (handlers[event] ||= []).push(f); },
          off(event, f) { handlers[event] = (handlers[event] || []).filter((g) => g !== f); },
        };
        window.__model = model;
        window.__kernelSet = (name, value) => {
          model.data[name] = value;
          for (const f of handlers[`change:${name}`] || []) f();
        };
        widget.render({ model, el: document.getElementById("host") });
        </script></main></body></html>"""
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("views")
    (folder / "views.html").write_text(_page_html(), encoding="utf-8")
    (folder / "projection.html").write_text(
        _page_html(view="projection", angle=0.7), encoding="utf-8"
    )
    (folder / "whitening.html").write_text(
        _page_html(view="whitening", stage=1), encoding="utf-8"
    )
    (folder / "widget.mjs").write_text(module_source(), encoding="utf-8")
    (folder / "widget.html").write_text(_widget_html(), encoding="utf-8")
    from _chromium import serve

    with serve(folder) as url:
        yield url


@pytest.fixture
def views(recorded, pages):
    page, rec = recorded
    open_explorer(page, f"{pages}/views.html")
    return page, rec


def _page_z(page) -> np.ndarray:
    text = page.evaluate(
        "() => document.getElementById('bivnorm-explorer-views-state').textContent"
    )
    raw = base64.b64decode(json.loads(text)["z_b64"])
    return np.frombuffer(raw, dtype="<f8").reshape(-1, 2)


def _law(state) -> bn.BivariateNormal:
    return bn.BivariateNormal(*(state[name] for name in PARAMS))


def _cov(state) -> np.ndarray:
    sx, sy, r = state["std_x"], state["std_y"], state["rho"]
    return np.array([[sx * sx, r * sx * sy], [r * sx * sy, sy * sy]])


def _close(actual, desired, rtol=1e-12, scale=None):
    actual, desired = np.asarray(actual, float), np.asarray(desired, float)
    assert actual.shape == desired.shape
    bound = rtol * (np.abs(desired) if scale is None else scale)
    err = np.abs(actual - desired)
    assert np.all(err <= bound), float(np.max(err / np.maximum(bound, 1e-300)))


# -- switching views ---------------------------------------------------------------


def _shown(page, view) -> bool:
    if view == "joint":
        selector = ".bivnorm-explorer .bne-plot > canvas"
    else:
        selector = f".bivnorm-explorer [data-view={view}] canvas"
    return page.locator(selector).is_visible()


def test_switch_views_by_mouse_and_keyboard(views):
    page, rec = views
    assert page.evaluate(STATE_JS)["active_view"] == "joint"
    assert _shown(page, "joint")
    assert page.locator(".bivnorm-explorer canvas").count() == 1
    assert page.evaluate(STATE_JS)["whitening"]["points"] is None
    page.get_by_text("Whitening", exact=True).click()
    assert page.evaluate(STATE_JS)["active_view"] == "whitening"
    assert len(page.evaluate(STATE_JS)["whitening"]["points"]) == 2000
    assert page.get_by_role("radio", name="Whitening", exact=True).is_checked()
    assert _shown(page, "whitening")
    assert not _shown(page, "joint")
    page.evaluate(
        "() => { window.__keys = 0; document.addEventListener('keydown',"
        " () => { window.__keys += 1; }); }"
    )
    page.get_by_role("radio", name="Whitening", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate(STATE_JS)["active_view"] == "projection"
    assert _shown(page, "projection")
    assert page.locator("[data-view=whitening]").count() == 0  # removed, not hidden
    page.keyboard.press("ArrowRight")  # radios wrap round
    assert page.evaluate(STATE_JS)["active_view"] == "joint"
    assert _shown(page, "joint")
    assert page.get_by_role("radio", name="Joint", exact=True).is_checked()
    assert page.evaluate("() => window.__keys") == 0  # JupyterLab's shortcuts
    assert page.locator(".bivnorm-explorer canvas").count() == 1
    assert rec.problems() == {}


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ({"view": "scatter"}, "view must be one of"),
        ({"view": None}, "view must be one of"),
        ({"stage": 3}, "stage must be 0, 1 or 2"),
        ({"stage": 1.5}, "stage must be 0, 1 or 2"),
        ({"stage": "1"}, "stage must be 0, 1 or 2"),
        ({"angle": "1"}, "angle must be a finite number"),
        ({"angle": math.inf}, "angle must be a finite number"),
        ({"rho": 0.5, "view": "projection", "angle": math.nan}, "angle must be"),
        ({"view": "projection", "rho": math.nan}, "rho must be a finite number"),
    ],
)
def test_bad_hook_values_refuse_the_whole_call(views, values, match):
    page, rec = views
    before = page.evaluate(SET_JS, {"view": "whitening", "stage": 1})
    result = page.evaluate(TRY_SET_JS, values)
    assert result.startswith("TypeError: ")
    assert match in result
    after = page.evaluate(STATE_JS)
    for key in ("active_view", "whitening", "projection", *PARAMS):
        assert after[key] == before[key]
    # Inherited keys are ignored.
    page.evaluate(
        f"() => {ROOT_JS}.bivnorm.set(Object.create({{view: 'projection', stage: 2}}))"
    )
    assert page.evaluate(STATE_JS)["active_view"] == "whitening"
    assert rec.problems() == {}


def test_python_opens_the_view_it_asks_for(recorded, pages):
    page, rec = recorded
    open_explorer(page, f"{pages}/projection.html")
    state = page.evaluate(STATE_JS)
    assert state["active_view"] == "projection"
    assert state["projection"]["angle"] == 0.7
    assert _shown(page, "projection")
    open_explorer(page, f"{pages}/whitening.html")
    state = page.evaluate(STATE_JS)
    assert state["active_view"] == "whitening"
    assert state["whitening"]["stage"] == 1
    assert state["whitening"]["t"] == 1
    assert rec.problems() == {}


def test_widget_model_and_page_views_stay_in_step(recorded, pages):
    """In Jupyter the traits view, stage and angle follow the page, and back."""
    page, rec = recorded
    open_explorer(page, f"{pages}/widget.html")
    state = page.evaluate(STATE_JS)
    assert state["active_view"] == "whitening"
    assert (state["whitening"]["stage"], state["projection"]["angle"]) == (1, 0.25)
    page.get_by_role("button", name="3. μ + L z", exact=True).click()
    assert page.evaluate("() => window.__model.data.stage") == 2
    page.get_by_text("Projection", exact=True).click()
    model = page.evaluate("() => window.__model.data")
    assert (model["view"], model["stage"], model["angle"]) == ("projection", 2, 0.25)
    assert page.evaluate("() => window.__model.saved") >= 2
    slider = page.get_by_role("slider", name="angle of u (°)", exact=True)
    slider.focus()
    page.keyboard.press("ArrowLeft")
    angle = page.evaluate("() => window.__model.data.angle")
    assert angle == pytest.approx(math.radians(14.0), abs=1e-12)  # 14.3° snapped
    page.evaluate("() => window.__kernelSet('angle', 1.0)")
    assert page.evaluate(STATE_JS)["projection"]["angle"] == 1.0
    assert slider.input_value() == "57.5"  # the slider's step
    page.evaluate("() => window.__kernelSet('view', 'joint')")
    assert page.evaluate(STATE_JS)["active_view"] == "joint"
    assert _shown(page, "joint")
    assert page.evaluate("() => window.__model.data.view") == "joint"
    assert rec.problems() == {}


def test_screen_reader_hears_the_view_once_it_settles(views):
    page, rec = views
    live = page.locator(".bivnorm-explorer [aria-live]")
    assert live.count() == 1  # still one live region
    page.get_by_text("Projection", exact=True).click()
    slider = page.get_by_role("slider", name="angle of u (°)", exact=True)
    slider.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(900)
    p = page.evaluate(STATE_JS)["projection"]
    assert p["degrees"] == pytest.approx(3.0)
    assert live.inner_text() == (
        f"Projection view, u at 3.0 degrees: mean {p['mean']:.3f}, "
        f"standard deviation {p['std']:.3f}, variance {p['variance']:.3f}."
    )
    page.get_by_text("Whitening", exact=True).click()
    page.get_by_role("button", name="2. L z", exact=True).click()
    page.wait_for_timeout(900)
    text = live.inner_text()
    assert text.startswith("Whitening view, stage 2 of 3, L z. 1 sigma: law 39.3 %")
    assert live.count() == 1
    assert rec.problems() == {}


# -- whitening -------------------------------------------------------------------------


@pytest.mark.parametrize("law", LAWS, ids=lambda law: f"rho={law['rho']}")
def test_whitening_stages_are_z_then_lz_then_mu_plus_lz(views, law):
    page, rec = views
    n = 5000
    s0 = page.evaluate(SET_JS, {**law, "n": n, "view": "whitening", "stage": 0})
    z = np.asarray(s0["whitening"]["points"])
    assert z.shape == (n, 2)
    np.testing.assert_array_equal(z, _page_z(page)[:n])
    assert np.all(np.abs(z.mean(axis=0)) < 4 / math.sqrt(n))
    assert np.all(np.abs(np.cov(z.T) - np.eye(2)) < 0.08)
    d = _law(s0)
    chol = np.linalg.cholesky(_cov(s0))
    mu = np.array([s0["mean_x"], s0["mean_y"]])
    s1 = page.evaluate(SET_JS, {"stage": 1})
    lz = z @ chol.T
    _close(s1["whitening"]["points"], lz, scale=np.max(np.abs(lz)))
    s2 = page.evaluate(SET_JS, {"stage": 2})
    xy = np.asarray(s2["whitening"]["points"])
    _close(xy, mu + lz, scale=np.max(np.abs(mu + lz)))
    _close(xy, np.asarray(d.unwhiten(z)), scale=np.max(np.abs(xy)))
    assert (s2["whitening"]["stage"], s2["whitening"]["t"]) == (2, 2)
    # Coverage: the law's, and a recount of the drawn points by bivnorm.
    dist2 = np.asarray(d.mahalanobis(xy[:, 0], xy[:, 1])) ** 2
    for row, k in zip(s2["whitening"]["coverage"], (1, 2, 3), strict=True):
        assert row["k"] == k
        _close(row["law"], 1 - math.exp(-k * k / 2), rtol=1e-15)
        assert row["fraction"] == np.count_nonzero(dist2 <= k * k) / n
    for i, k in enumerate((1, 2, 3)):  # the table shows them
        cells = page.locator("[data-view=whitening] tbody tr").nth(i).locator("td")
        assert cells.nth(0).inner_text() == f"{100 * (1 - math.exp(-k * k / 2)):.1f} %"
        inside = np.count_nonzero(dist2 <= k * k)
        assert (
            cells.nth(1).inner_text() == f"{100 * inside / n:.1f} % ({inside} of {n})"
        )
    assert rec.problems() == {}


def _t_series(page, frames):
    return page.evaluate(
        f"""async () => {{
            const out = [];
            for (let i = 0; i < {frames}; i++) {{
                await new Promise(requestAnimationFrame);
                const w = {ROOT_JS}.bivnorm.state().whitening;
                out.push([w.t, w.stage, w.playing]);
            }}
            return out;
        }}"""
    )


def test_stage_buttons_and_play_move_smoothly(views):
    page, rec = views
    page.evaluate(SET_JS, {"view": "whitening", "stage": 0})
    page.get_by_role("button", name="3. μ + L z", exact=True).click()
    series = _t_series(page, 240)
    ts = [t for t, _, _ in series]
    assert series[0][1] == 2
    assert any(0 < t < 2 for t in ts), "no transition"
    assert all(b >= a for a, b in itertools.pairwise(ts))
    assert max(np.diff(ts)) < 0.25, "a jump"
    assert ts[-1] == 2
    button = page.get_by_role("button", name="3. μ + L z", exact=True)
    assert button.get_attribute("aria-pressed") == "true"
    play = page.get_by_role("button", name="Play stages", exact=True)
    play.click()  # from the last stage: starts over at z
    series = _t_series(page, 420)
    ts = [t for t, _, _ in series]
    assert ts[0] < 0.1
    assert {s for _, s, _ in series} == {0, 1, 2}
    assert all(b >= a for a, b in itertools.pairwise(ts))
    assert any(abs(t - 1) < 1e-12 for t in ts)  # it pauses at L z
    assert series[-1] == [2, 2, False]
    assert rec.problems() == {}


def test_reduced_motion_jumps_to_the_stage(recorded, pages):
    page, rec = recorded
    page.emulate_media(reduced_motion="reduce")
    open_explorer(page, f"{pages}/views.html")
    page.evaluate(SET_JS, {"view": "whitening", "stage": 0})
    page.get_by_role("button", name="2. L z", exact=True).click()
    w = page.evaluate(STATE_JS)["whitening"]
    assert (w["t"], w["stage"], w["animating"]) == (1, 1, False)
    play = page.get_by_role("button", name="Play stages", exact=True)
    assert play.is_disabled()
    assert "reduced motion" in play.get_attribute("title")
    assert rec.problems() == {}


def test_point_colours_keep_their_contrast():
    """Every colour of the d^2 scale has a contrast of at least 3:1 on white."""
    text = (FOLDER / "whiten.js").read_text(encoding="utf-8")
    stops = [
        tuple(map(int, m))
        for m in re.findall(r"\[\d+, \[(\d+), (\d+), (\d+)\]\]", text)
    ]
    assert len(stops) == 4

    def luminance(rgb):
        c = np.asarray(rgb) / 255
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(c @ [0.2126, 0.7152, 0.0722])

    for a, b in itertools.pairwise(stops):
        for f in np.linspace(0, 1, 49):
            rgb = np.round(np.asarray(a) + f * (np.asarray(b) - a))
            assert 1.05 / (luminance(rgb) + 0.05) >= 3, rgb


# -- projection ---------------------------------------------------------------------------


@pytest.mark.parametrize("law", LAWS, ids=lambda law: f"rho={law['rho']}")
@pytest.mark.parametrize("angle", [0.0, 0.7, -2.4, math.pi / 2, 3.0])
def test_projection_law_is_normal_u_mu_u_sigma_u(views, law, angle):
    page, rec = views
    state = page.evaluate(SET_JS, {**law, "view": "projection", "angle": angle})
    p = state["projection"]
    assert p["angle"] == angle
    u = np.array([math.cos(angle), math.sin(angle)])
    mu = np.array([state["mean_x"], state["mean_y"]])
    _close(p["mean"], u @ mu, scale=max(np.max(np.abs(mu)), 1.0))
    _close(p["std"], math.sqrt(u @ _cov(state) @ u))
    s = np.asarray(state["samples"]) @ u
    _close(p["sample_mean"], s.mean(), rtol=1e-9, scale=max(abs(s.mean()), 1.0))
    _close(p["sample_std"], s.std(), rtol=1e-9)
    assert rec.problems() == {}


@pytest.mark.parametrize("law", LAWS[1:], ids=lambda law: f"rho={law['rho']}")
def test_principal_axes_buttons_give_the_eigenvalues(views, law):
    page, rec = views
    state = page.evaluate(SET_JS, {**law, "view": "projection"})
    lam, vec = np.linalg.eigh(_cov(state))
    for label, i in (("Major axis", 1), ("Minor axis", 0)):
        page.locator("[data-view=projection] button", has_text=label).click()
        p = page.evaluate(STATE_JS)["projection"]
        _close(p["variance"], lam[i], rtol=1e-12, scale=lam[1])
        _close(p["std"] ** 2, lam[i], rtol=1e-12, scale=lam[1])
        u = np.array([math.cos(p["angle"]), math.sin(p["angle"])])
        assert abs(abs(u @ vec[:, i]) - 1) < 1e-12
        shown = page.locator("[data-view=projection] tbody tr").nth(2).locator("td")
        assert shown.nth(0).inner_text() == f"{lam[i]:.3f}"
    assert rec.problems() == {}


def test_angle_slider_keyboard(views):
    page, rec = views
    page.evaluate(SET_JS, {"view": "projection", "angle": 0.0})
    slider = page.get_by_role("slider", name="angle of u (°)", exact=True)
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    p = page.evaluate(STATE_JS)["projection"]
    _close(p["angle"], math.radians(1.0))
    page.keyboard.press("End")
    assert page.evaluate(STATE_JS)["projection"]["angle"] == pytest.approx(math.pi)
    assert rec.problems() == {}


def test_drag_the_arrow_with_the_mouse(views):
    page, rec = views
    p = page.evaluate(SET_JS, {"view": "projection", "angle": 0.3})["projection"]
    o, tip = p["origin_px"], p["tip_px"]
    r = math.hypot(tip["x"] - o["x"], tip["y"] - o["y"])
    assert r > 40
    page.mouse.move(tip["x"], tip["y"])
    page.mouse.down()
    target = 0.3 + math.radians(100)
    for f in np.linspace(0, 1, 8)[1:]:
        a = 0.3 + f * math.radians(100)
        page.mouse.move(o["x"] + r * math.cos(a), o["y"] - r * math.sin(a))
    page.mouse.up()
    p = page.evaluate(STATE_JS)["projection"]
    assert abs(p["angle"] - target) < math.radians(1)
    tip = p["tip_px"]
    assert abs(tip["x"] - (o["x"] + r * math.cos(target))) < 3
    assert abs(tip["y"] - (o["y"] - r * math.sin(target))) < 3
    assert rec.problems() == {}


# -- layout, touch, accessibility -------------------------------------------------------


def test_touch_layout_at_390_px(browser, pages):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        open_explorer(page, f"{pages}/views.html")
        root = page.locator(".bivnorm-explorer")
        for view in ("whitening", "projection"):
            page.get_by_text(view.capitalize(), exact=True).tap()
            assert page.evaluate(STATE_JS)["active_view"] == view
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
            box = root.bounding_box()
            assert box["x"] + box["width"] <= 390
            canvas = page.locator(f"[data-view={view}] canvas").bounding_box()
            assert canvas["x"] >= 0
            assert canvas["x"] + canvas["width"] <= 390
            targets = root.locator("button, input[type=range], .bne-switch label")
            for target in targets.all():
                if not target.is_visible():  # a closed section's (the region's)
                    continue
                assert target.bounding_box()["height"] >= 24
        canvas = page.locator("[data-view=projection] canvas")
        assert canvas.evaluate("c => getComputedStyle(c).touchAction") == "none"
        p = page.evaluate(SET_JS, {"angle": 0.0})["projection"]
        o = p["origin_px"]
        page.evaluate("y => window.scrollTo(0, 0)", 0)
        canvas.scroll_into_view_if_needed()
        o = page.evaluate(STATE_JS)["projection"]["origin_px"]
        page.touchscreen.tap(o["x"], o["y"] - 60)  # straight up: 90 degrees
        assert page.evaluate(STATE_JS)["projection"]["angle"] == pytest.approx(
            math.pi / 2, abs=math.radians(1.5)
        )
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("view", ["joint", "whitening", "projection"])
def test_axe_clean_and_text_at_least_12_px(views, view):
    page, rec = views
    page.evaluate(FONTS_JS)
    page.evaluate(SET_JS, {"view": view, "stage": 2, "angle": 0.5})
    assert axe_violations(page, ".bivnorm-explorer") == []
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.bne-switch, .bne-switch *, .bne-view *')]
            .filter(e => [...e.childNodes].some(c => c.nodeType === 3 && c.textContent.trim()))
            .filter(e => e.getClientRects().length && !e.closest('.bne-sr'))
            .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert len(sizes) >= (4 if view == "joint" else 12)
    assert min(sizes) >= 12
    fonts = page.evaluate("() => window.__fonts")
    assert fonts, "nothing drawn"
    assert min(float(re.match(r"(\d+(?:\.\d+)?)px", f).group(1)) for f in fonts) >= 12
    assert rec.problems() == {}


# -- the gallery's pages (the built site) ----------------------------------------------


GALLERY = {
    "plot_whitening": ("whitening", "stage", 0),
    "plot_projection": ("projection", "angle", math.radians(60)),
}


@pytest.mark.parametrize("rel", GALLERY)
def test_gallery_page_opens_its_view(recorded, base_url, rel):
    page, rec = recorded
    view, key, value = GALLERY[rel]
    open_explorer(page, f"{base_url}/auto_examples/{rel}.html")
    page.locator(".bivnorm-explorer").scroll_into_view_if_needed()
    state = page.evaluate(STATE_JS)
    assert state["active_view"] == view
    assert state[view][key] == pytest.approx(value, abs=1e-15)
    assert _shown(page, view)
    assert len(state["samples"]) == 2000
    assert page.locator("img[alt]").count() >= 1  # the matplotlib figures too
    assert rec.external == []
    assert rec.problems() == {}
    # axe-core (which asks for the theme's stylesheets itself), light and dark.
    assert axe_violations(page, ".bivnorm-explorer") == []
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    assert axe_violations(page, ".bivnorm-explorer") == []
    assert rec.page_errors == []
