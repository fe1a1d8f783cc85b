"""The live explorer: synced traits, eager validation, the binary buffer of standard
normals, the self-contained static snippet, on both backends and in float32.

What the front end draws is pinned to these values by the browser tests
(tests/browser/test_explorer.py), which drive the module in headless Chromium.
"""

from __future__ import annotations

import base64
import importlib
import json
import math
import re
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from _helpers import assert_close, host, run_python
from ipywidgets.widgets.widget import _remove_buffers

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
SYNCED = {*PARAMS, "n", "x0", "y0"}
FRONTEND = Path(__file__).resolve().parents[1] / "bivnorm" / "frontend"


def explore(bn):
    """The ``bivnorm.explore`` module (``import bivnorm`` does not import it)."""
    module = importlib.import_module("bivnorm.explore")
    assert module.BivariateNormal is bn.BivariateNormal
    return module


@pytest.fixture
def ex(bn):
    return explore(bn).explorer(
        bn.BivariateNormal(0.5, -1.0, 1.2, 0.7, 0.6), n=300, key=3
    )


def test_api_and_lazy_import():
    code = """
    import sys, bivnorm
    assert "anywidget" not in sys.modules, "import bivnorm imported anywidget"
    assert "bivnorm.explore" not in sys.modules
    import anywidget
    assert bivnorm.explorer is bivnorm.explore.explorer  # a function, not a module
    assert bivnorm.explorer is bivnorm.explorer
    assert issubclass(bivnorm.Explorer, anywidget.AnyWidget)
    assert {"explorer", "Explorer"} <= set(bivnorm.__all__)
    print("ok")
    """
    assert run_python(code).strip() == "ok"


def test_traits_are_synced(ex, bn):
    synced = set(ex.trait_names(sync=lambda tag: tag))
    assert SYNCED | {"capacity", "_z", "_esm", "points", "_specs", "_presets"} <= synced
    assert ex.capacity == 10_000
    assert ex.n == 300
    assert (ex.x0, ex.y0) == (0.5, -1.0)  # the slices cross at the mean
    state = ex.get_state()
    for name in SYNCED:
        assert state[name] == getattr(ex, name)
    assert state["points"] == []
    from bivnorm import _frontend

    assert state["_esm"] == _frontend.module_source()  # the joined module, inline
    for name, value in zip(PARAMS, (0.5, -1.0, 1.2, 0.7, 0.6), strict=True):
        assert getattr(ex, name) == value
    assert isinstance(ex.dist, bn.BivariateNormal)


def test_dist_follows_the_traits(ex, bn):
    ex.rho = -0.35
    ex.std_y = 2.5
    d = ex.dist
    assert_close(
        [d.mean_x, d.mean_y, d.std_x, d.std_y, d.rho], [0.5, -1.0, 1.2, 2.5, -0.35]
    )
    ex.dist = bn.BivariateNormal(1.0, 2.0, 0.3, 0.4, 0.9)
    assert [getattr(ex, name) for name in PARAMS] == [1.0, 2.0, 0.3, 0.4, 0.9]
    z = bn.BivariateNormal().sample(3, 10_000)
    assert_close(ex.samples, host(ex.dist.unwhiten(z))[: ex.n], rtol=1e-15)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("rho", 1.0),
        ("rho", -1.0),
        ("rho", 0.995),
        ("rho", float("nan")),
        ("std_x", 0.0),
        ("std_x", -1.0),
        ("std_y", float("inf")),
        ("std_y", 3.5),
        ("mean_x", 4.0),
        ("mean_y", float("-inf")),
        ("mean_y", "one"),
        ("x0", 16.0),
        ("y0", float("nan")),
        ("rho", True),
        ("rho", np.bool_(False)),
        ("rho", "0.5"),
        ("rho", b"0.5"),
        ("mean_x", 10**400),
        ("std_x", -(10**400)),
        ("rho", [0.1, 0.2]),
        ("n", 0),
        ("n", 10_001),
        ("n", 2.5),
        ("n", -3),
        ("n", True),
        ("n", "5"),
    ],
)
def test_invalid_values_raise_and_keep_the_state(ex, name, value):
    before = ex.get_state()
    dist = ex.dist
    with pytest.raises(ValueError, match=rf"\b{name}\b") as info:
        setattr(ex, name, value)
    assert repr(value)[:4] in str(info.value) or str(value)[:4] in str(info.value)
    after = ex.get_state()
    assert after.keys() == before.keys()
    for key in SYNCED:
        assert after[key] == before[key]
    assert repr(ex.dist) == repr(dist)


def test_dist_setter_is_all_or_nothing(ex, bn):
    before = [getattr(ex, name) for name in PARAMS]
    with pytest.raises(ValueError, match="std_x"):
        ex.dist = bn.BivariateNormal(1.0, 1.0, 5.0, 1.0, 0.5)  # std_x off the slider
    assert [getattr(ex, name) for name in PARAMS] == before
    with pytest.raises(TypeError, match="dist"):
        ex.dist = (0, 0, 1, 1, 0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"capacity": 0}, "capacity"),
        ({"capacity": -5}, "capacity"),
        ({"capacity": 2.0}, "capacity"),
        ({"capacity": 10**12}, "capacity"),  # refused before anything is drawn
        ({"n": 0}, "n"),
        ({"n": 20, "capacity": 10}, "n"),
        ({"n": "many"}, "n"),
    ],
)
def test_bad_construction_is_refused_eagerly(bn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        explore(bn).explorer(**kwargs)


def test_dist_outside_the_slider_ranges_widens_them(bn):
    """Issue 23 item 10: a law outside the table's ranges is shown exactly, its
    sliders widened to end at it (SliderApp's rule, _sliders.reaching); the
    widened ranges are this explorer's, sent to the page, and still hold only
    valid laws."""
    ranges = explore(bn).RANGES
    law = bn.BivariateNormal(4.37, -5.0, 0.05, 7.0, 0.995)
    ex = explore(bn).explorer(law, capacity=100, n=10)
    params = dict(zip(PARAMS, (4.37, -5.0, 0.05, 7.0, 0.995), strict=True))
    assert {name: getattr(ex, name) for name in PARAMS} == params
    assert (ex.x0, ex.y0) == (4.37, -5.0)
    page = ex.get_state_dict()["specs"]
    assert (page["mean_x"]["lo"], page["mean_x"]["hi"]) == (ranges["mean_x"][0], 4.37)
    assert (page["mean_y"]["lo"], page["mean_y"]["hi"]) == (-5.0, ranges["mean_y"][1])
    assert page["std_x"]["lo"] == 0.05
    assert page["std_y"]["hi"] == 7.0
    assert page["rho"]["hi"] == 0.995
    assert page["x0"]["hi"] >= 4.37
    assert page["y0"]["lo"] <= -5.0
    for name in PARAMS:  # every end of every widened slider is a valid law
        for end in ("lo", "hi"):
            setattr(ex, name, page[name][end])
            assert ex.dist is not None
        setattr(ex, name, params[name])
    # The table's own explorer keeps the table's ranges; beyond a range, refused.
    assert (
        explore(bn).explorer(capacity=10, n=1).get_state_dict()["specs"]["rho"]["hi"]
        == ranges["rho"][1]
    )
    with pytest.raises(ValueError, match=r"rho must lie in \[-0\.99, 0\.995\]"):
        ex.rho = 0.996
    with pytest.raises(TypeError, match="dist"):
        explore(bn).explorer("standard")


def test_capacity_is_fixed(ex):
    with pytest.raises(ValueError, match="capacity"):
        ex.capacity = 20
    assert ex.capacity == 10_000
    assert ex.z.shape == (10_000, 2)


def test_z_is_one_float64_buffer_equal_to_the_sampler(ex, bn):
    state, paths, buffers = _remove_buffers(ex.get_state())
    assert paths == [["_z"]]
    (buffer,) = buffers
    z = np.frombuffer(buffer, dtype="<f8").reshape(-1, 2)
    expected = host(bn.BivariateNormal().sample(3, 10_000))
    np.testing.assert_array_equal(z, expected)
    assert "_z" not in state
    # Only the parameters travel when a slider moves: the buffer is sent once.
    sent = []
    ex.comm.send = lambda data, buffers=None, **_: sent.append((data, buffers))
    ex.rho = 0.2
    assert sent
    assert all(not buffers for _, buffers in sent)
    assert all(set(data["state"]) == {"rho"} for data, _ in sent)


def test_repr_html_is_self_contained(ex, bn):
    snippet = ex._repr_html_()
    ids = re.compile(r"bivnorm-explorer-\w+-\d+")
    assert ids.sub("ID", snippet) == ids.sub("ID", ex.to_html())
    # One element, one JSON state, one inline module: nothing to fetch.
    assert snippet.count("<script") == 2
    assert not re.search(r"\b(src|href)=", snippet)
    assert "http://" not in snippet
    assert "https://" not in snippet
    assert "import(" not in snippet
    # The joined modules, as a classic script (no import, no export), in a function.
    from bivnorm import _frontend

    assert _frontend.join() in snippet
    assert not re.search(r"^\s*(import|export)\b", snippet, re.MULTILINE)
    match = re.search(r'id="([^"]+)"></div>', snippet)
    uid = match.group(1)
    assert f"renderStatic('{uid}')" in snippet
    state = re.search(
        rf'<script type="application/json" id="{uid}-state">(.*?)</script>',
        snippet,
        re.DOTALL,
    )
    data = json.loads(state.group(1))
    for name in SYNCED:
        assert data[name] == getattr(ex, name)
    z = np.frombuffer(base64.b64decode(data["z_b64"]), dtype="<f8").reshape(-1, 2)
    np.testing.assert_array_equal(z, host(bn.BivariateNormal().sample(3, 10_000)))
    # Two explorers on one page do not share an element id.
    assert uid not in ex.to_html()


def test_no_html_copy_inside_a_kernel(ex, monkeypatch):
    """In IPython the widget view shows; the static copy would bloat notebooks."""
    fake = types.ModuleType("IPython")
    fake.get_ipython = object
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert ex._repr_html_() is None
    bundle, _ = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "text/html" not in bundle
    fake.get_ipython = lambda: None
    assert ex._repr_html_() is not None


def test_front_end_ranges_are_the_python_ones(ex, bn):
    """The front end gets the one table of ranges and steps as data."""
    from bivnorm import _sliders

    specs = ex._specs
    assert set(specs) == SYNCED
    ranges, steps = explore(bn).RANGES, explore(bn).STEPS
    for name in SYNCED - {"n"}:
        assert (specs[name]["lo"], specs[name]["hi"]) == ranges[name]
        assert specs[name]["step"] == steps[name]
        assert specs[name]["label"] == _sliders.SLIDERS[name].label
    assert (specs["n"]["lo"], specs["n"]["hi"], specs["n"]["step"]) == (1, 10_000, 1)
    assert ex.get_state_dict()["specs"] == specs
    # Every slider's range keeps the law valid, and every preset is on the grid.
    assert ranges["std_x"][0] > 0
    assert ranges["std_y"][0] > 0
    assert -1 < ranges["rho"][0] < ranges["rho"][1] < 1
    for preset in ex._presets:
        for name, value in preset["values"].items():
            lo, hi = ranges[name]
            assert lo <= value <= hi
            assert (
                abs(round((value - lo) / steps[name]) * steps[name] + lo - value) < 1e-9
            )


def test_front_end_is_small_modules_joined_with_a_default_export_only():
    from bivnorm import _frontend

    files = sorted(FRONTEND.glob("*.js"))
    assert {f.name for f in files} >= set(_frontend.MODULES)
    for path in files:
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 250, path.name
        for word in ("fetch(", "XMLHttpRequest", "import(", "http://", "https://"):
            assert word not in source, (path.name, word)
        lines = source.splitlines()
        for i, line in enumerate(lines):  # no function over ~60 lines
            head = re.match(r"^(\s*)(?:export )?function (\w+)", line)
            if head:
                end = lines.index(head.group(1) + "}", i)
                assert end - i + 1 <= 60, (path.name, head.group(2), end - i + 1)
        for line in re.findall(r"^import .*$", source, re.MULTILINE):
            assert re.search(r'from "\./[\w.-]+\.js";$', line), line
    text = _frontend.module_source()
    assert re.findall(r"^\s*export\b.*$", text, re.MULTILINE) == [
        'export default modules["widget.js"].default;'
    ]
    assert not re.search(r"^\s*import\b", text, re.MULTILINE)
    assert "prefers-reduced-motion" in text
    assert "data-lm-suppress-shortcuts" in text
    # Out of dependency order, the join step says so.
    with pytest.raises(RuntimeError, match=r"maths\.js"):
        _frontend.join(["state.js", "scene.js"])


def test_points_are_a_synced_array(ex, bn):
    assert ex.points.shape == (0, 2)
    ex.points = [[0.5, 1.0], [-1.0, 2.0], [2.0, -0.5]]
    assert ex.points.dtype == np.float64
    state = ex.get_state()
    assert state["points"] == [[0.5, 1.0], [-1.0, 2.0], [2.0, -0.5]]
    fitted = bn.BivariateNormal.fit(ex.points)
    assert_close(float(fitted.mean_x), 0.5, rtol=1e-12)
    # What a front end sends (JSON lists) comes back as an array.
    trait = type(ex).class_traits()["points"]
    back = trait.metadata["from_json"]([[1, 2]], ex)
    np.testing.assert_array_equal(back, [[1.0, 2.0]])
    for bad in ([[1.0, float("nan")]], [[1.0, 2.0, 3.0]], "abc", [[1.0, "x"]]):
        with pytest.raises(ValueError, match="points"):
            ex.points = bad
    assert ex.points.shape == (3, 2)
    assert explore(bn).explorer(points=[[1.0, 1.0]]).points.tolist() == [[1.0, 1.0]]


def test_float32_default_and_x64():
    """JAX's default float32 (what notebook users get) and x64 both work."""
    pytest.importorskip("jax")
    code = """
    import json, numpy as np, bivnorm as bn, jax
    ex = bn.explorer(bn.BivariateNormal(rho=0.6, std_y=1.4), n=50, key=1)
    z = np.asarray(bn.BivariateNormal().sample(1, 10_000), dtype=np.float64)
    same = bool(np.array_equal(ex.z, z))
    ex.rho = 0.99
    ex.std_x = 0.2
    d = ex.dist
    print(json.dumps({
        "x64": bool(jax.config.jax_enable_x64), "rho0": 0.6, "same": same,
        "dtype": str(d.rho.dtype), "rho": ex.rho, "std_y": ex.std_y,
        "finite": bool(np.isfinite(np.asarray(d.pdf(0.0, 0.0)))),
        "samples": list(ex.samples.shape),
    }))
    """
    for x64, dtype in (("0", "float32"), ("1", "float64")):
        out = json.loads(run_python(code, JAX_ENABLE_X64=x64))
        assert out["x64"] is (x64 == "1")
        assert out["same"]
        assert out["dtype"] == dtype
        assert out["rho"] == 0.99
        assert out["std_y"] == 1.4  # the shortest decimal, not float32's 1.39999998
        assert out["finite"]
        assert out["samples"] == [50, 2]


def test_region_traits_are_synced_with_null_for_infinite_edges(ex, bn):
    assert (ex.rect, ex.interval, ex.given) == ([], [], "x")
    assert ex.region_probability is None
    assert ex.interval_probability is None
    ex.rect = [0, None, float("-inf"), 0.8]
    assert ex.rect == [0.0, math.inf, -math.inf, 0.8]
    state = ex.get_state()
    assert state["rect"] == [0.0, None, None, 0.8]  # JSON has no infinity
    json.dumps(state["rect"], allow_nan=False)
    assert ex.get_state_dict()["rect"] == [0.0, None, None, 0.8]
    back = type(ex).class_traits()["rect"].metadata["from_json"]
    assert back([0.0, None, None, 0.8], ex) == ex.rect
    d = ex.dist
    assert ex.region_probability == float(d.prob_rect(0.0, math.inf, -math.inf, 0.8))
    ex.interval, ex.given = (-1.0, 0.5), "y"
    assert ex.interval == [-1.0, 0.5]
    cond = d.conditional_x(ex.y0)
    expected = float(cond.cdf(0.5) - cond.cdf(-1.0))
    assert_close(ex.interval_probability, expected, rtol=1e-12)
    ex.rect = []
    assert ex.get_state()["rect"] == []
    built = explore(bn).explorer(rect=(-1, 1, -1, 1), interval=[0, None], given="x")
    assert built.rect == [-1.0, 1.0, -1.0, 1.0]
    assert built.interval == [0.0, math.inf]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("rect", [1.0, 0.0, 0.0, 1.0]),
        ("rect", [0.0, 1.0, 2.0, 2.0]),
        ("rect", [0.0, float("nan"), 0.0, 1.0]),
        ("rect", [0.0, 1.0, 0.0]),
        ("rect", "0 1 0 1"),
        ("rect", [0.0, 1.0, "a", 2.0]),
        ("rect", [True, 2.0, 0.0, 1.0]),
        ("rect", [float("inf"), None, 0.0, 1.0]),
        ("rect", 3.0),
        ("interval", [1.0, -1.0]),
        ("interval", [float("nan"), 1.0]),
        ("interval", [0.0, 1.0, 2.0]),
        ("given", "z"),
        ("given", None),
    ],
)
def test_bad_regions_raise_and_keep_the_state(ex, name, value):
    ex.rect, ex.interval = [-1.0, 1.0, -1.0, 1.0], [0.0, 1.0]
    before = ex.get_state()
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        setattr(ex, name, value)
    after = ex.get_state()
    for key in ("rect", "interval", "given"):
        assert after[key] == before[key]


# -- the views: view, stage, angle ---------------------------------------------------


def test_view_stage_angle_are_synced_and_open_the_view(bn):
    ex = explore(bn).explorer(view="projection", stage=1, angle=0.7)
    synced = set(ex.trait_names(sync=lambda tag: tag))
    assert {"view", "stage", "angle"} <= synced
    assert (ex.view, ex.stage, ex.angle) == ("projection", 1, 0.7)
    state = ex.get_state()
    assert (state["view"], state["stage"], state["angle"]) == ("projection", 1, 0.7)
    data = ex.get_state_dict()  # what the static page opens with
    assert (data["view"], data["stage"], data["angle"]) == ("projection", 1, 0.7)
    assert '"view":"projection"' in ex.to_html()
    default = explore(bn).explorer()
    assert (default.view, default.stage, default.angle) == ("joint", 0, 0.0)
    assert explore(bn).VIEWS == ("joint", "whitening", "projection")
    for view in explore(bn).VIEWS:
        ex.view = view
        assert ex.view == view
    ex.stage = np.int64(2)
    assert ex.stage == 2
    assert type(ex.stage) is int


def test_angle_is_kept_in_minus_pi_pi(bn):
    ex = explore(bn).explorer()
    for angle in (0.0, 1.25, -3.0, np.pi, -np.pi):
        ex.angle = angle
        assert ex.angle == angle  # inside the range: kept exactly
    ex.angle = 2 * np.pi + 0.5
    assert ex.angle == pytest.approx(0.5, abs=1e-15)
    ex.angle = np.float32(-7.0)
    assert ex.angle == pytest.approx(-7.0 + 2 * np.pi, abs=1e-6)
    assert -np.pi <= ex.angle <= np.pi


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("view", "scatter"),
        ("view", "Joint"),
        ("view", 1),
        ("view", None),
        ("stage", 3),
        ("stage", -1),
        ("stage", 1.0),
        ("stage", True),
        ("stage", "1"),
        ("angle", float("nan")),
        ("angle", float("inf")),
        ("angle", "0.5"),
        ("angle", True),
        ("angle", [0.1]),
    ],
)
def test_bad_view_stage_angle_raise_and_keep_the_state(ex, name, value):
    ex.view, ex.stage, ex.angle = "whitening", 1, 0.25
    before = ex.get_state()
    with pytest.raises(ValueError, match=rf"\b{name}\b") as info:
        setattr(ex, name, value)
    assert repr(value)[:4] in str(info.value) or str(value)[:4] in str(info.value)
    after = ex.get_state()
    for key in (*SYNCED, "view", "stage", "angle"):
        assert after[key] == before[key]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"view": "3d"}, "view"),
        ({"stage": 5}, "stage"),
        ({"angle": float("nan")}, "angle"),
        ({"angle": "north"}, "angle"),
    ],
)
def test_bad_view_options_are_refused_eagerly(bn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        explore(bn).explorer(**kwargs)
