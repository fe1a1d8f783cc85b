"""Slider app: valid by construction, driven from code, no recompilation."""

from __future__ import annotations

import io
import itertools
import textwrap
from functools import partial

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from _helpers import host, run_python

import bivnorm
from bivnorm import BivariateNormal
from bivnorm.widgets import _on_grid, slider_app


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def app():
    return slider_app(n=300, key=0, capacity=1000, render="none")


def expected_samples(app):
    """What the app must show: the fixed standard normals mapped, first n rows."""
    z = BivariateNormal().sample(0, 1000)
    return host(app.dist.unwhiten(z))[: app.sliders["n"].value]


def test_sliders_cannot_reach_an_invalid_law(app):
    s = app.sliders
    assert {"mean_x", "mean_y", "std_x", "std_y", "rho", "n"} <= set(s)
    assert s["std_x"].min > 0
    assert s["std_y"].min > 0
    assert -1 < s["rho"].min < s["rho"].max < 1
    assert s["n"].min == 1
    assert s["n"].max == 1000
    assert s["lambda1"].min > 0
    assert s["lambda2"].min > 0
    # Values beyond the ends are clipped to them, from code as from a drag.
    s["rho"].value = 1.0
    assert s["rho"].value == s["rho"].max
    s["std_x"].value = 0.0
    assert s["std_x"].value == s["std_x"].min
    s["n"].value = 0
    assert s["n"].value == 1
    assert float(app.dist.rho) == s["rho"].max


@pytest.mark.parametrize("group", [("std_x", "std_y", "rho"), ("lambda1", "lambda2")])
def test_every_corner_of_the_sliders_is_a_valid_law(app, group):
    s = app.sliders
    ends = [(s[name].min, s[name].max) for name in group]
    angles = (-45.0, 45.0) if group[0] == "lambda1" else (None,)
    for values in itertools.product(*ends):
        for angle in angles:
            for name, value in zip(group, values, strict=True):
                s[name].value = value
            if angle is not None:
                s["angle"].value = angle
            cov = host(app.dist.cov)
            assert np.all(np.linalg.eigvalsh(cov) > 0)
            assert np.all(np.isfinite(app.plot.pdf_x.get_ydata()))


def test_moving_sliders_from_code_updates_the_plot(app):
    plot, scatter = app.plot, app.plot.scatter
    for name, value in [("mean_x", 1.5), ("std_y", 2.0), ("rho", -0.7)]:
        app.sliders[name].value = value
        assert float(getattr(app.dist, name)) == value
        assert app.plot is plot
        assert app.plot.scatter is scatter
        assert app.plot.dist is app.dist
        np.testing.assert_allclose(scatter.get_offsets(), expected_samples(app))
    x, pdf = plot.pdf_y.get_data()[::-1]
    sd = 2.0
    np.testing.assert_allclose(
        pdf, np.exp(-0.5 * (x / sd) ** 2) / (sd * np.sqrt(2 * np.pi)), rtol=1e-9
    )


def test_n_slider_takes_a_view_of_one_sample(app):
    before = app.plot.scatter.get_offsets().copy()
    app.sliders["n"].value = 800
    after = app.plot.scatter.get_offsets()
    assert after.shape == (800, 2)
    np.testing.assert_array_equal(after[:300], before)
    app.sliders["n"].value = 7
    np.testing.assert_array_equal(app.plot.scatter.get_offsets(), before[:7])
    assert app.plot.info_text.get_text().endswith("n = 7")


def test_eigen_sliders_set_the_covariance(app):
    s = app.sliders
    s["lambda1"].value = 4.0
    s["lambda2"].value = 0.25
    s["angle"].value = 30.0
    t = np.radians(30.0)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    expected = rot @ np.diag([4.0, 0.25]) @ rot.T
    np.testing.assert_allclose(host(app.dist.cov), expected, rtol=1e-12, atol=1e-14)
    # The other group shows the same law, on its sliders' grid.
    std = np.sqrt(np.diag(expected))
    shown = [s[name].value for name in ("std_x", "std_y", "rho")]
    exact = (*std, expected[0, 1] / (std[0] * std[1]))
    np.testing.assert_allclose(shown, exact, atol=0.5 * 0.05)
    assert shown == [
        _on_grid(s[name], v) for name, v in zip(GROUP_STD, exact, strict=True)
    ]
    assert "4.000, 0.250" in app.cov_html.value
    # Moving a standard deviation changes that one parameter of the law.
    before = app.dist
    s["std_x"].value = 1.0
    assert float(app.dist.std_x) == 1.0
    assert float(app.dist.std_y) == float(before.std_y)
    assert float(app.dist.rho) == float(before.rho)
    axes = app.dist.principal_axes(degrees=True)
    assert [s[name].value for name in GROUP_EIG] == [
        _on_grid(s[name], v) for name, v in zip(GROUP_EIG, axes, strict=True)
    ]


GROUP_STD = ("std_x", "std_y", "rho")
GROUP_EIG = ("lambda1", "lambda2", "angle")


def test_covariance_matrix_is_shown(app):
    app.sliders["rho"].value = 0.5
    app.sliders["std_x"].value = 2.0
    html = app.cov_html.value
    assert "4.000" in html
    assert "1.000" in html  # rho * std_x * std_y = 0.5 * 2 * 1


@pytest.fixture(params=["x64", "float32"])
def precision(request):
    """Run a test in float64 and in JAX's default float32 (notebook users' dtype)."""
    if request.param == "float32" and not bivnorm.HAS_JAX:
        pytest.skip("the NumPy path is float64 only")
    if not bivnorm.HAS_JAX:
        yield request.param
        return
    import jax

    before = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", request.param == "x64")
    try:
        yield request.param
    finally:
        jax.config.update("jax_enable_x64", before)


def law_rtol(precision):
    return 1e-12 if precision == "x64" else 2e-6


class FrontEnd:
    """What ipywidgets 8's front end does with the app's sliders, simulated.

    A value the kernel sends is snapped with ``snap`` (noUiSlider's arithmetic by
    default); when snapping changes it, the front end sends the snapped value
    back as the slider's new value, as a person's move would be sent. A key press
    moves one step from the value shown. :meth:`settle` delivers messages until
    none is left, and fails on a feedback loop.
    """

    def __init__(self, app, snap=_on_grid):
        self.app, self.snap = app, snap
        self.inbox, self.echoes, self.renders = [], 0, 0
        self._sending = None
        for name, slider in app.sliders.items():
            slider.observe(partial(self._from_kernel, name), names="value")
        render = app._render

        def counted():
            self.renders += 1
            render()

        app._render = counted

    def _from_kernel(self, name, change):
        if self._sending != (name, change["new"]):
            self.inbox.append((name, change["new"]))

    def send(self, name, value):
        self._sending = (name, value)
        try:
            self.app.sliders[name].value = value
        finally:
            self._sending = None

    def settle(self, limit=20):
        rounds = 0
        while self.inbox:
            rounds += 1
            assert rounds <= limit, f"feedback loop: {self.inbox[:6]}"
            batch, self.inbox = self.inbox, []
            for name, value in batch:
                shown = self.snap(self.app.sliders[name], value)
                if shown != value:
                    self.echoes += 1
                    self.send(name, shown)
        return rounds

    def press(self, name, key="ArrowRight"):
        """A key press on slider ``name``'s handle; the number of rounds after."""
        slider = self.app.sliders[name]
        target = {
            "ArrowRight": slider.value + slider.step,
            "ArrowLeft": slider.value - slider.step,
            "End": slider.max,
            "Home": slider.min,
        }[key]
        value = self.snap(slider, target)
        if value != slider.value:
            self.send(name, value)
        return self.settle()


def test_the_front_end_has_nothing_to_correct(precision):
    """The root of the feedback loop: values written off the front end's grid."""
    app = slider_app(n=50, capacity=100, render="none")
    front = FrontEnd(app)
    moves = [("rho", "ArrowRight")] * 3 + [("lambda1", "ArrowLeft")] * 2
    moves += [("angle", "ArrowRight"), ("std_x", "ArrowRight"), ("rho", "End")]
    moves += [("lambda2", "ArrowRight"), ("mean_x", "ArrowLeft"), ("n", "ArrowRight")]
    for number, (name, key) in enumerate(moves, start=1):
        before = app.sliders[name].value
        assert front.press(name, key) <= 1
        assert front.echoes == 0
        assert front.renders == number  # one redraw per move, none after
        assert app.sliders[name].value != before
    for slider in app.sliders.values():
        assert slider.value == _on_grid(slider, slider.value)
    # What the old app wrote after a rho move in float32 was off the grid:
    assert _on_grid(app.sliders["lambda1"], float(np.float32(1.01))) == 1.01
    assert float(np.float32(1.01)) != 1.01


def test_an_echo_is_not_taken_for_a_move(precision):
    """A front end that snaps in other last bits echoes every write: no loop."""

    def other_bits(slider, value):
        return _on_grid(slider, value) * (1 + 4 * np.finfo(float).eps)

    app = slider_app(n=50, capacity=100, render="none")
    front = FrontEnd(app, snap=other_bits)
    for number in range(1, 6):
        before = app.dist
        assert front.press("rho") <= 2
        assert front.echoes >= 3 * number  # each write of lambda1, lambda2, angle
        assert front.renders == number
        assert float(app.dist.rho) == pytest.approx(app.sliders["rho"].value, rel=1e-6)
        assert float(app.dist.std_x) == float(before.std_x)
        assert float(app.dist.std_y) == float(before.std_y)
    before = app.dist
    front.press("angle")
    assert front.renders == 6
    l1, l2, angle = app.dist.principal_axes(degrees=True)
    assert (l1, l2) == pytest.approx(before.principal_axes()[:2], rel=1e-6)
    assert angle == pytest.approx(app.sliders["angle"].value, rel=1e-6)


def test_turning_at_the_low_end_keeps_the_eigenvalues(precision):
    """Issue 11 item 6: with the std sliders at their low end, a 1 degree turn
    once changed rho from 0.5 to 0.2 because lambda2 was clipped to its slider."""
    app = slider_app(n=50, capacity=100, render="none")
    front = FrontEnd(app)
    for name in ("std_x", "std_y"):
        front.press(name, "Home")
    app.sliders["rho"].value = 0.5
    front.settle()
    before = app.dist.principal_axes(degrees=True)
    assert before[1] < app.sliders["lambda2"].min  # beyond the eigen sliders
    assert app.sliders["lambda2"].value == app.sliders["lambda2"].min
    assert "beyond" in app.cov_html.value
    assert "lambda;<sub>2</sub> = 0.02" in app.cov_html.value
    assert app.beyond_reach() == {"lambda2": pytest.approx(before[1])}
    front.press("angle")
    after = app.dist.principal_axes(degrees=True)
    assert after[:2] == pytest.approx(before[:2], rel=law_rtol(precision))
    assert after[2] == pytest.approx(46.0, rel=law_rtol(precision))
    c, s = np.cos(np.radians(46.0)), np.sin(np.radians(46.0))
    (l1, l2), cov = before[:2], np.array([[c, -s], [s, c]])
    cov = cov @ np.diag([l1, l2]) @ cov.T
    rho = cov[0, 1] / np.sqrt(cov[0, 0] * cov[1, 1])
    assert float(app.dist.rho) == pytest.approx(rho, rel=law_rtol(precision))
    assert abs(rho - 0.5) < 1e-3
    # The turned law is beyond the std sliders too (std_x < 0.2), and says so.
    assert float(app.dist.std_x) < app.sliders["std_x"].min
    assert set(app.beyond_reach()) == {"std_x", "lambda2"}


def labelled_axes(law, sliders):
    """The law's principal axes labelled as the eigen tab labels them.

    The tab's lambda1 is the variance along theta, which a person may move
    below lambda2: the law's axes then read with the two swapped.
    """
    lambda1, lambda2, angle = law.principal_axes(degrees=True)
    if sliders["lambda1"].value < sliders["lambda2"].value:
        lambda1, lambda2, angle = lambda2, lambda1, angle - 90.0
    return lambda1, lambda2, angle


def test_a_move_changes_the_law_only_as_far_as_it_asks(precision):
    app = slider_app(n=50, capacity=100, render="none")
    front = FrontEnd(app)
    rng = np.random.default_rng(1)
    names = [name for name in app.sliders if name != "n"]
    keys = ["ArrowRight", "ArrowLeft", "ArrowRight", "ArrowLeft", "End", "Home"]
    rtol = law_rtol(precision)
    moved = 0
    for _ in range(80):
        name, key = str(rng.choice(names)), str(rng.choice(keys))
        before, value = app.dist, app.sliders[name].value
        params = dict(zip(PARAMS, map(float, before.tree_flatten()[0]), strict=True))
        axes = labelled_axes(before, app.sliders)
        assert front.press(name, key) <= 1
        assert front.echoes == 0
        moved += app.sliders[name].value != value
        assert front.renders == moved
        after = dict(zip(PARAMS, map(float, app.dist.tree_flatten()[0]), strict=True))
        assert np.all(np.linalg.eigvalsh(host(app.dist.cov)) > 0)
        if app.sliders[name].value == value:  # the handle was at its end already
            assert after == params
            continue
        kept = [p for p in PARAMS if p != name]
        if name in GROUP_EIG:
            kept = ["mean_x", "mean_y"]
            now = labelled_axes(app.dist, app.sliders)
            gap = abs(now[0] - now[1]) / (now[0] + now[1])
            # The law holds rho: a small eigenvalue is known to eps / (1 - |rho|).
            needle = 1.0 + 1.0 / (1.0 - abs(after["rho"]))
            for i, other in enumerate(GROUP_EIG):
                want = app.sliders[name].value if other == name else axes[i]
                if other != "angle":
                    assert now[i] == pytest.approx(want, rel=rtol * needle), (
                        name,
                        other,
                    )
                elif gap > 1e-3:  # a nearly circular law has no defined axis
                    turn = (now[i] - want + 90.0) % 180.0 - 90.0
                    assert abs(turn) <= 1e3 * rtol / gap, (name, now, want)
        for other in kept:
            assert after[other] == params[other], (name, other)
        if name in PARAMS:
            assert after[name] == pytest.approx(app.sliders[name].value, rel=rtol)
    assert moved > 40


PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")


def test_no_compilation_over_many_slider_moves(compilations):
    if not bivnorm.HAS_JAX:
        pytest.skip("bivnorm runs on NumPy here: nothing is compiled")
    app = slider_app(n=200, capacity=2000, render="none")
    s = app.sliders
    moves = [
        ("mean_x", 0.7),
        ("mean_y", -1.1),
        ("std_x", 2.2),
        ("std_y", 0.4),
        ("rho", 0.8),
        ("n", 1500),
        ("n", 3),
        ("lambda1", 5.0),
        ("lambda2", 0.1),
        ("angle", -60.0),
        ("n", 999),
        ("rho", -0.93),
        ("mean_x", -2.5),
        ("std_x", 0.2),
        ("n", 2000),
        ("angle", 10.0),
        ("n", 1),
    ]
    with compilations() as counts:
        for name, value in moves:
            s[name].value = value
    assert counts["logged"] == []
    assert counts["events"] == []
    assert app.plot.scatter.get_offsets().shape == (1, 2)
    # The counter does see a compilation when one happens (a shape no other
    # test maps: kernels compiled by earlier tests are cached).
    with compilations() as counts:
        app.dist.unwhiten(np.zeros((2001, 2)))
    assert counts["events"]


def test_image_render_follows_the_sliders():
    app = slider_app(n=100, capacity=200, render="image", figsize=(3, 3))
    first = bytes(app.image.value)
    assert first.startswith(b"\x89PNG")
    app.sliders["rho"].value = 0.9
    assert bytes(app.image.value).startswith(b"\x89PNG")
    assert bytes(app.image.value) != first
    assert app.image.layout.width == "300px"
    assert app.children[-1] is app.image


def decoded(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def full_render(fig) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return decoded(buffer.getvalue())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("rho", -0.7),  # the legend changes corner
        ("rho", 0.3),  # no view limit moves
        ("mean_x", 2.0),  # the x view moves
        ("std_y", 2.5),  # the y view and the right density axis move
        ("n", 40),
        ("angle", 40.0),
    ],
)
def test_image_frames_equal_a_full_render(name, value):
    app = slider_app(n=300, capacity=500, render="image")
    app.sliders[name].value = value
    assert np.array_equal(decoded(app.image.value), full_render(app.plot.fig))


def test_image_frames_redraw_the_axes_only_when_a_limit_moves(monkeypatch):
    app = slider_app(n=300, capacity=500, render="image")
    canvas = app.plot.fig.canvas
    draws = []
    draw = canvas.draw
    monkeypatch.setattr(canvas, "draw", lambda: draws.append(1) or draw())
    before = bytes(app.image.value)
    app.sliders["rho"].value = 0.05
    assert not draws
    assert bytes(app.image.value) != before
    app.sliders["mean_x"].value = 2.5  # out of the view: the axes move
    assert len(draws) == 1


def test_repr_is_short(app):
    text = repr(app)
    assert text.startswith("SliderApp(mean_x=0, mean_y=0")
    assert len(text) < 200


def test_cov_view_can_be_left_out():
    app = slider_app(n=10, capacity=20, cov_view=False, render="none")
    assert "lambda1" not in app.sliders
    assert app.cov_html is None
    app.sliders["rho"].value = 0.3
    assert float(app.dist.rho) == 0.3


OUTSIDE = [
    BivariateNormal(5.0, 0.0, 4.0, 0.1, 0.99),
    BivariateNormal(4.37, -7.123, 0.123, 7.5, 0.995),
    BivariateNormal(-3.01, 3.2, 3.05, 0.15, -0.9991),
]


@pytest.mark.parametrize("dist", OUTSIDE, ids=str)
def test_a_law_outside_the_ranges_is_shown_exactly(dist):
    """Issue 23 item 10: a slider whose value lies beyond the table's range is
    widened to end at it (the one rule, ``_sliders.reaching``): the slider and its
    readout show the law's value exactly, the other sliders keep the table's
    ranges, and no slider position makes an invalid law."""
    from bivnorm._sliders import SLIDERS

    app = slider_app(dist, n=10, capacity=20, render="none")
    for name in PARAMS:
        value, slider, table = (
            float(getattr(dist, name)),
            app.sliders[name],
            SLIDERS[name],
        )
        if table.lo <= value <= table.hi:
            assert (slider.min, slider.max) == (table.lo, table.hi), name
            continue
        assert value in (slider.min, slider.max), name
        assert slider.value == value, name
        assert float(format(slider.value, slider.readout_format)) == value, name
        assert (slider.min, slider.max) == (min(table.lo, value), max(table.hi, value))
    for name in PARAMS:  # the law itself is untouched
        assert float(getattr(app.dist, name)) == float(getattr(dist, name))
    assert set(app.beyond_reach()).isdisjoint(PARAMS)
    # Each end of each slider is a valid law, and the app draws it.
    for name in (*PARAMS, "lambda1", "lambda2"):
        slider = app.sliders[name]
        for end in (slider.min, slider.max):
            slider.value = end
            d = app.dist
            assert float(d.std_x) > 0
            assert float(d.std_y) > 0
            assert abs(float(d.rho)) < 1
            assert np.all(np.isfinite(app.samples))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"n": 0}, "n must be"), ({"n": 30, "capacity": 20}, "n must be")],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        slider_app(render="none", **kwargs)
    with pytest.raises(ValueError, match="render"):
        slider_app(n=1, capacity=2, render="svg")


@pytest.mark.slow
def test_numpy_path_in_a_subprocess():
    """The app and the animation on the NumPy path (what JupyterLite runs)."""
    code = textwrap.dedent(
        """
        import warnings
        warnings.simplefilter("error")
        import matplotlib
        matplotlib.use("Agg")
        import numpy as np
        import bivnorm
        from bivnorm.widgets import slider_app
        from bivnorm.animation import animate
        assert bivnorm.BACKEND == "numpy"
        app = slider_app(n=50, capacity=100, render="image", figsize=(2, 2))
        for name, value in [("rho", 0.8), ("n", 80), ("angle", 20.0)]:
            app.sliders[name].value = value
        z = bivnorm.BivariateNormal().sample(0, 100)
        expected = np.asarray(app.dist.unwhiten(z))[:80]
        assert np.array_equal(app.plot.scatter.get_offsets(), expected)
        anim = animate(frames=2, n=20, figsize=(2, 2), dpi=40)
        assert anim.to_jshtml().count("frames[") >= 2
        print("ok")
        """
    )
    out = run_python(code, timeout=120, BIVNORM_BACKEND="numpy")
    assert out.strip() == "ok"


def test_on_grid_of_a_range_too_wide_for_percent_steps():
    """Issue 19: a law of huge spread widened a range past float's; the grid divided
    by zero (ZeroDivisionError in slider_app). Such a range has no grid: the value
    is only clamped."""
    from types import SimpleNamespace

    wide = SimpleNamespace(min=-1e308, max=1e308, step=0.05)  # hi - lo = inf
    assert _on_grid(wide, 3.0) == 3.0
    assert _on_grid(wide, 2e308) == 1e308
    endless = SimpleNamespace(min=0.04, max=float("inf"), step=0.01)
    assert _on_grid(endless, 5.0) == 5.0
    assert _on_grid(SimpleNamespace(min=0.0, max=1.0, step=0.25), 0.3) == 0.25
