"""Slider app: valid by construction, driven from code, no recompilation."""

from __future__ import annotations

import io
import itertools
import textwrap

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from _helpers import host, run_python

import bivnorm
from bivnorm import BivariateNormal
from bivnorm.widgets import eigen_to_std, slider_app, std_to_eigen


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
    # The other group shows the same law.
    assert s["std_x"].value == pytest.approx(np.sqrt(expected[0, 0]))
    assert s["std_y"].value == pytest.approx(np.sqrt(expected[1, 1]))
    assert s["rho"].value == pytest.approx(
        expected[0, 1] / np.sqrt(expected[0, 0] * expected[1, 1])
    )
    assert "4.000, 0.250" in app.cov_html.value
    # Moving a standard deviation switches back to that group.
    s["std_x"].value = 1.0
    assert float(app.dist.std_x) == 1.0
    assert s["lambda1"].value == pytest.approx(std_to_eigen(1.0, *expected_sd(s))[0])


def expected_sd(s):
    return s["std_y"].value, s["rho"].value


def test_covariance_matrix_is_shown(app):
    app.sliders["rho"].value = 0.5
    app.sliders["std_x"].value = 2.0
    html = app.cov_html.value
    assert "4.000" in html
    assert "1.000" in html  # rho * std_x * std_y = 0.5 * 2 * 1


@pytest.mark.parametrize(
    ("std_x", "std_y", "rho"), [(1.0, 1.0, 0.0), (2.0, 0.5, 0.3), (0.3, 1.7, -0.9)]
)
def test_eigen_parametrisation_round_trip(std_x, std_y, rho):
    lambda1, lambda2, angle = std_to_eigen(std_x, std_y, rho)
    assert lambda1 >= lambda2 > 0
    assert -90 < angle <= 90
    assert eigen_to_std(lambda1, lambda2, angle) == pytest.approx((std_x, std_y, rho))


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


def test_initial_law_widens_the_ranges():
    dist = BivariateNormal(5.0, 0.0, 4.0, 0.1, 0.99)
    app = slider_app(dist, n=10, capacity=20, render="none")
    assert app.sliders["mean_x"].max >= 5.0
    assert app.sliders["std_x"].max >= 4.0
    assert app.sliders["std_y"].min <= 0.1
    assert 0.99 <= app.sliders["rho"].max < 1
    assert float(app.dist.rho) == pytest.approx(0.99)


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
