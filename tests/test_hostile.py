"""Hostile input: refused at the call, naming the parameter; the edges are right.

Every public entry point, on both paths (JAX and NumPy) and both float widths
(float32, JAX's default, and float64). The NumPy path computes in float64 only:
its "float32" runs give it float32 points. Sizes are in ``test_sizes.py`` (in
subprocesses), float32 accuracy in ``test_float32.py``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from _helpers import MODERATE, SETTINGS, laws
from hypothesis import given
from hypothesis import strategies as st

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
GOOD = (0.3, -1.2, 1.5, 0.7, 0.6)
INF, NAN = math.inf, math.nan


def naming(*parts: str) -> str:
    """A ``match`` pattern: the message contains every one of ``parts``."""
    return "(?s)" + "".join(f"(?=.*{re.escape(part)})" for part in parts)


# -- types ----------------------------------------------------------------------------
NOT_REAL = [
    "1.0",
    b"1",
    None,
    1 + 0j,
    np.complex64(0.5),
    True,
    np.bool_(False),
    object(),
    {"a": 1},
    np.array(["1"]),
    np.array([0.5 + 1j]),
]
HUGE = [10**400, -(10**400), np.array([10**400], dtype=object)]


@pytest.mark.parametrize("value", NOT_REAL + HUGE, ids=repr)
@pytest.mark.parametrize("name", PARAMS)
def test_parameters_must_be_real_numbers(bn, width, name, value):
    args = dict(zip(PARAMS, GOOD, strict=True)) | {name: value}
    error = ValueError if any(value is h for h in HUGE) else (TypeError, ValueError)
    with width(), pytest.raises(error, match=naming(name)):
        bn.BivariateNormal(**args)


@pytest.mark.parametrize("value", NOT_REAL + HUGE, ids=repr)
@pytest.mark.parametrize("name", ["mean", "std"])
def test_normal_parameters_must_be_real_numbers(bn, width, name, value):
    with width(), pytest.raises((TypeError, ValueError), match=naming(name)):
        bn.Normal(**{name: value})


def _point_calls(bn):
    """(parameter name, call with the hostile value in that place)."""
    return {
        "x": lambda d, v: d.pdf(v, 0.0),
        "y": lambda d, v: d.logpdf(0.0, v),
        "x ": lambda d, v: d.cdf(v, 0.0),
        "y ": lambda d, v: d.mahalanobis(0.0, v),
        "x0": lambda d, v: d.prob_rect(v, 1.0, 0.0, 1.0),
        "y1": lambda d, v: d.prob_rect(0.0, 1.0, 0.0, v),
        "xy": lambda d, v: d.whiten(v),
        "z": lambda d, v: d.unwhiten(v),
        "x  ": lambda d, v: d.conditional_y(v),
        "y  ": lambda d, v: d.conditional_x(v),
        "x   ": lambda _, v: bn.Normal(1.0, 2.0).pdf(v),
        "q": lambda _, v: bn.Normal(1.0, 2.0).ppf(v),
    }


@pytest.mark.parametrize("value", [*NOT_REAL[:9], 10**400], ids=repr)
def test_points_must_be_real_numbers(bn, width, value):
    with width():
        d = bn.BivariateNormal(*GOOD)
        for name, call in _point_calls(bn).items():
            with pytest.raises((TypeError, ValueError), match=naming(name.strip())):
                call(d, value)


# -- infinite and far points --------------------------------------------------------
EDGE = st.sampled_from([INF, -INF])
#: Standardised distances whose square overflows float32 (the first) and float64.
FAR = {32: 1e20, 64: 1e160}


@SETTINGS
@given(params=MODERATE, edge=EDGE, other=st.floats(-1e3, 1e3), swap=st.booleans())
def test_density_at_infinite_points(bn, width, params, edge, other, *, swap):
    x, y = (edge, other) if swap else (other, edge)
    with width():
        d = bn.BivariateNormal(*params)
        pts = width.points([x, edge]), width.points([y, edge])
        pdf, logpdf = np.asarray(d.pdf(*pts)), np.asarray(d.logpdf(*pts))
        maha = np.asarray(d.mahalanobis(*pts))
        normal = bn.Normal(params[0], params[2])
        npdf, nlog = np.asarray(normal.pdf(pts[0])), np.asarray(normal.logpdf(pts[0]))
    assert (pdf == 0).all(), pdf
    assert (logpdf == -INF).all(), logpdf
    assert (maha == INF).all(), maha
    assert pdf.dtype == logpdf.dtype == width.law_dtype
    finite = np.isfinite(pts[0])
    assert (npdf[~finite] == 0).all()
    assert (nlog[~finite] == -INF).all()


@SETTINGS
@given(params=MODERATE, angle=st.floats(0, 2 * math.pi), scale=st.floats(1, 1e3))
def test_density_far_out_is_zero_not_nan(bn, width, params, angle, scale):
    """Far enough that the quadratic form overflows (inf - inf inside): 0, -inf."""
    mx, my, sx, sy, _ = params
    far = FAR[width.bits] * scale  # float32 points, even of a float64 law
    x = mx + sx * far * math.cos(angle)
    y = my + sy * far * math.sin(angle)
    with width():
        d = bn.BivariateNormal(*params)
        pts = width.points([x]), width.points([y])
        pdf, logpdf = np.asarray(d.pdf(*pts)), np.asarray(d.logpdf(*pts))
        maha = np.asarray(d.mahalanobis(*pts))
    assert pdf[0] == 0.0
    assert logpdf[0] < -1e30  # -inf, or a finite number beyond float32's range
    assert maha[0] > 1e15


@SETTINGS
@given(params=laws(rho=0.9), angle=st.floats(0.1, 1.4))
def test_gradient_far_out_is_finite(bnj, width, params, angle):
    """jax.grad at finite far points equals the closed form (finite), no NaN."""
    import jax

    mx, my, sx, sy, _ = params
    far = FAR[width.bits]
    x, y = mx + sx * far * math.cos(angle), my + sy * far * math.sin(angle)
    with width():
        d = bnj.BivariateNormal(*params)
        dtype = width.law_dtype
        x, y = np.asarray(x, dtype), np.asarray(y, dtype)
        gx, gy = jax.grad(d.logpdf, argnums=(0, 1))(x, y)
        gpdf = jax.grad(lambda a: d.pdf(a, y))(x)
    u = (float(x) - float(d.mean_x)) / float(d.std_x)
    v = (float(y) - float(d.mean_y)) / float(d.std_y)
    rho = float(d.rho)
    s2 = (1 - rho) * (1 + rho)
    want_x = -(u - rho * v) / (s2 * float(d.std_x))
    want_y = -(v - rho * u) / (s2 * float(d.std_y))
    tol = 1e-3 if width.bits == 32 else 1e-9  # float32: cancellation in u - rho v
    assert float(gx) == pytest.approx(want_x, rel=tol)
    assert float(gy) == pytest.approx(want_y, rel=tol)
    assert float(gpdf) == 0.0


# -- integers -------------------------------------------------------------------------
@SETTINGS
@given(params=MODERATE, ints=st.lists(st.integers(-50, 50), min_size=2, max_size=8))
def test_integer_points_are_cast_to_the_law(bn, width, params, ints):
    ints = ints[: len(ints) // 2 * 2]
    with width():
        d = bn.BivariateNormal(*params)
        dtype = width.law_dtype
        ix = np.asarray(ints, np.int64)
        fx = ix.astype(dtype)
        z = ix.reshape(-1, 2)
        out = {
            "pdf": (d.pdf(ix, ix[::-1]), d.pdf(fx, fx[::-1])),
            "logpdf": (d.logpdf(ix, 3), d.logpdf(fx, 3.0)),
            "cdf": (d.cdf(ix, ix), d.cdf(fx, fx)),
            "mahalanobis": (d.mahalanobis(ix, 0), d.mahalanobis(fx, 0.0)),
            "whiten": (d.whiten(z), d.whiten(z.astype(dtype))),
            "unwhiten": (d.unwhiten(z), d.unwhiten(z.astype(dtype))),
            "conditional": (
                d.conditional_y(ix).mean,
                d.conditional_y(fx).mean,
            ),
            "normal": (
                bn.Normal(params[0], params[2]).cdf(ix),
                bn.Normal(params[0], params[2]).cdf(fx),
            ),
        }
    for name, pair in out.items():
        got, want = (np.asarray(v) for v in pair)
        assert got.dtype == dtype, (name, got.dtype)
        np.testing.assert_array_equal(got, want, err_msg=name)


# -- shapes ---------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(), (3,), (4, 3), (2, 1), (5, 2, 1)])
def test_whiten_unwhiten_need_pairs(bn, width, shape):
    with width():
        d = bn.BivariateNormal(*GOOD)
        for name, method in (("xy", d.whiten), ("z", d.unwhiten)):
            with pytest.raises(ValueError, match=naming(name, "(..., 2)", str(shape))):
                method(np.zeros(shape))


def test_points_must_broadcast(bn, width):
    with width():
        d = bn.BivariateNormal(*GOOD)
        for method in ("pdf", "logpdf", "cdf", "mahalanobis"):
            with pytest.raises(ValueError, match=naming("x", "y", "(3,)", "(4,)")):
                getattr(d, method)(np.zeros(3), np.zeros(4))
        with pytest.raises(ValueError, match=naming("x0", "y1")):
            d.prob_rect(np.zeros(3), 1.0, 0.0, np.ones(2))
        n = bn.Normal(np.zeros(3), 1.0)
        with pytest.raises(ValueError, match=naming("x", "(4,)", "(3,)")):
            n.pdf(np.zeros(4))


@pytest.mark.parametrize(
    ("mean", "std"), [(np.zeros(3), np.ones(4)), (np.zeros((2, 3)), np.ones((3, 2)))]
)
def test_normal_parameter_shapes_must_broadcast(bn, mean, std):
    with pytest.raises(ValueError, match=naming("mean", "std", str(mean.shape))):
        bn.Normal(mean, std)


# -- keys and sharding ----------------------------------------------------------------
def test_split_keys_are_refused(bnj):
    import jax

    d = bnj.BivariateNormal(*GOOD)
    for keys in (
        jax.random.split(jax.random.key(0), 3),
        jax.random.split(jax.random.PRNGKey(0), 3),
    ):
        with pytest.raises(ValueError, match=naming("key")):
            d.sample(keys, 4)
        with pytest.raises(ValueError, match=naming("key")):
            bnj.Normal().sample(keys, 4)


@pytest.mark.parametrize("sharding", ["cpu", 0, object()])
def test_unknown_sharding_is_refused(bn, sharding):
    d = bn.BivariateNormal(*GOOD)
    with pytest.raises((TypeError, ValueError), match=naming("sharding")):
        d.sample(0, 4, sharding=sharding)


# -- figures and apps -----------------------------------------------------------------
@pytest.fixture
def figures(bn):
    import matplotlib.pyplot as plt

    yield bn
    plt.close("all")


def _figure_calls(bn):
    """(expected parameter name, call) for bad arguments of figures and apps."""
    d = bn.BivariateNormal(*GOOD)
    n = bn.Normal()
    jp = bn.JointPlot
    return [
        ("dist", lambda: bn.jointplot(n, 0, 10)),
        ("dist", lambda: bn.jointplot("law", 0, 10)),
        ("dist", lambda: jp(n)),
        ("dist", lambda: jp(None)),
        ("dist", lambda: bn.surface("law")),
        ("dist", lambda: bn.plot_ellipse(n)),
        ("normal", lambda: bn.plot_marginal(d)),
        ("normal", lambda: bn.plot_marginal("law")),
        ("bins", lambda: jp(d, bins=0)),
        ("bins", lambda: jp(d, bins=2.5)),
        ("xlim", lambda: jp(d, xlim=(1.0, 0.0))),
        ("ylim", lambda: jp(d, ylim=(0.0, INF))),
        ("xlim", lambda: jp(d, xlim="ab")),
        ("figsize", lambda: jp(d, figsize=(0, 3))),
        ("density_lim", lambda: jp(d, density_lim=-1.0)),
        ("ellipses", lambda: jp(d, ellipses=(0.5, 1.5))),
        ("conditional", lambda: jp(d, conditional="a")),
        ("samples", lambda: jp(d, np.zeros((10, 3)))),
        ("samples", lambda: jp(d, np.zeros(10))),
        ("samples", lambda: jp(d, np.zeros((2, 5, 2)))),
        ("samples", lambda: jp(d, [[0.0, NAN]])),
        ("samples", lambda: jp(d).update(d, np.zeros((4, 3)))),
        ("dist", lambda: jp(d).update(n)),
        ("num", lambda: bn.surface(d, num=1)),
        ("extent", lambda: bn.surface(d, extent=-1.0)),
        ("num", lambda: bn.plot_ellipse(d, num=2)),
        ("prob", lambda: bn.plot_ellipse(d, 1.0)),
        ("num", lambda: bn.plot_marginal(n, num=0)),
        ("x", lambda: bn.plot_marginal(n, x="abc")),
        ("n", lambda: bn.jointplot(d, 0, -1)),
    ]


def test_figures_refuse_bad_arguments(figures):
    bn = figures
    for name, call in _figure_calls(bn):
        with pytest.raises((TypeError, ValueError), match=naming(name)):
            call()


def test_apps_refuse_bad_arguments(figures):
    bn = figures
    pytest.importorskip("ipywidgets")
    import importlib.util

    calls = [
        ("dist", lambda: bn.slider_app(dist="law")),
        ("dist", lambda: bn.slider_app(dist=bn.Normal())),
        ("capacity", lambda: bn.slider_app(capacity=-1)),
        ("n", lambda: bn.slider_app(n=0)),
        ("render", lambda: bn.slider_app(render="svg")),
        ("dist", lambda: bn.animate(dist="law")),
        ("dist", lambda: bn.animate(dist=bn.Normal())),
        ("n", lambda: bn.animate(n=-1)),
        ("frames", lambda: bn.animate(frames=0)),
        ("path", lambda: bn.animate(path="spin")),
        ("figsize", lambda: bn.animate(figsize=(1, -1))),
        ("dpi", lambda: bn.animate(dpi=0)),
        ("interval", lambda: bn.animate(interval="fast")),
        ("key", lambda: bn.animate(key="seed")),
    ]
    if importlib.util.find_spec("ipympl") is None:
        calls.append(("ipympl", lambda: bn.slider_app(render="ipympl")))
    for name, call in calls:
        with pytest.raises((TypeError, ValueError), match=naming(name)):
            call()


def test_figures_refuse_a_batch_of_laws(bnj, figures):
    import jax
    import jax.numpy as jnp

    laws_ = jax.vmap(lambda s: bnj.BivariateNormal(std_x=s))(jnp.ones(3))
    with pytest.raises(ValueError, match=naming("dist", "batch")):
        bnj.JointPlot(laws_)


@pytest.mark.parametrize("given", ["x", "y"])
def test_float32_conditional_overflow_is_an_error(bnj, given):
    """float32: the conditional law is the nearest float32 law or an OverflowError
    naming the point; never a silent inf (issue: conditional_y(1e39) gave inf)."""
    import jax

    top = float(np.finfo(np.float32).max)
    method = f"conditional_{'yx'['xy'.index(given)]}"
    with jax.enable_x64(False):
        d = bnj.BivariateNormal(0.0, 0.0, 1.0, 1.0, 0.5)
        with pytest.raises(OverflowError, match=rf"{given}=1e\+39 overflows float32"):
            getattr(d, method)(1e39)
        with pytest.raises(OverflowError, match=rf"{given}=array"):
            getattr(d, method)(np.array([1.0, -1e39]))
        steep = (
            bnj.BivariateNormal(0.0, 0.0, 1.0, 3.0, 0.5)
            if given == "x"
            else (bnj.BivariateNormal(0.0, 0.0, 3.0, 1.0, 0.5))
        )
        with pytest.raises(OverflowError, match="mean is beyond"):
            getattr(steep, method)(0.9 * top)  # mean 1.5 * 0.9 * top
        law = getattr(steep, method)(0.5 * top)
    # the nearest float32 of the exact mean 0.75 * top
    assert float(law.mean) == float(np.float32(0.75 * top))
    assert np.isfinite(float(law.std))


@pytest.mark.parametrize("rho", [0.0, 0.99, -0.5])
def test_slider_app_of_the_widest_laws_has_finite_ranges(bn, width, rho):
    """Issue 19: the eigenvalue sliders' maximum was inf for extreme laws. The
    largest standard deviation a law of this width accepts (2**63 in float32,
    2**511 in float64) keeps both eigenvalues, and so every slider's range, finite."""
    pytest.importorskip("ipywidgets")
    from bivnorm.widgets import SliderApp

    with width():
        big = 2.0 ** (63 if width.law_dtype == np.float32 else 511)
        d = bn.BivariateNormal(0.0, 0.0, big, big, rho)
        app = SliderApp(d, n=50, capacity=50, cov_view=True)
    try:
        for name, slider in app.sliders.items():
            assert math.isfinite(slider.min), name
            assert math.isfinite(slider.max), name
            assert slider.min <= slider.value <= slider.max, name
        lambda1, lambda2, _ = (float(v) for v in d.principal_axes())
        assert app.sliders["lambda1"].max >= lambda1 > 0
        assert app.sliders["lambda2"].value == pytest.approx(lambda2, rel=1e-5)
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
