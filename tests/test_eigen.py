"""Principal axes: ``BivariateNormal.principal_axes`` and ``from_eigen``.

Against mpmath at 80 digits for extreme laws (standard deviations 1e-8 to 1e8,
rho up to 1 - 1e-6), against ``numpy.linalg.eigh`` for moderate ones, and round
trips with hypothesis, on both backends.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from _helpers import assert_close, run_python
from hypothesis import given
from hypothesis import strategies as st
from test_bivariate import EXTREME_CASES, SETTINGS, cov_of, extreme, moderate

EPS = np.finfo(np.float64).eps
RTOL = 8 * EPS  # "a few roundings"


def mp_axes(std_x, std_y, rho):
    """(lambda1, lambda2, angle in radians) of the exact covariance, at 80 digits."""
    with mp.workdps(80):
        a, d = mp.mpf(std_x) ** 2, mp.mpf(std_y) ** 2
        b = mp.mpf(rho) * mp.mpf(std_x) * mp.mpf(std_y)
        half_gap = mp.sqrt(((a - d) / 2) ** 2 + b * b)
        lambda1 = (a + d) / 2 + half_gap
        lambda2 = (a * d - b * b) / lambda1
        angle = mp.atan2(2 * b, a - d) / 2
        if angle <= -mp.pi / 2:
            angle += mp.pi
        return float(lambda1), float(lambda2), float(angle)


def mp_std(lambda1, lambda2, angle):
    """(std_x, std_y, rho) of R diag(lambda) R^T, at 80 digits (angle in radians)."""
    with mp.workdps(80):
        c, s = mp.cos(mp.mpf(angle)), mp.sin(mp.mpf(angle))
        l1, l2 = mp.mpf(lambda1), mp.mpf(lambda2)
        std_x = mp.sqrt(l1 * c * c + l2 * s * s)
        std_y = mp.sqrt(l1 * s * s + l2 * c * c)
        rho = (l1 - l2) * c * s / (std_x * std_y)
        return float(std_x), float(std_y), float(rho)


def assert_axes(got, expected, rtol=RTOL):
    """Eigenvalues to ``rtol``; the angle as an axis, modulo a half turn."""
    assert_close(got[:2], expected[:2], rtol=rtol)
    turn = (got[2] - expected[2] + math.pi / 2) % math.pi - math.pi / 2
    assert abs(turn) <= rtol * max(abs(expected[2]), 1.0), (got, expected)


def law_params(d):
    return tuple(float(getattr(d, name)) for name in ("std_x", "std_y", "rho"))


@pytest.mark.parametrize("params", EXTREME_CASES)
def test_principal_axes_of_extreme_laws_against_mpmath(bn, params):
    d = bn.BivariateNormal(*params)
    got = d.principal_axes()
    assert all(isinstance(value, float) for value in got)
    assert -math.pi / 2 < got[2] <= math.pi / 2
    assert_axes(got, mp_axes(*params[2:]))


@SETTINGS
@given(params=extreme)
def test_principal_axes_against_mpmath(bn, params):
    d = bn.BivariateNormal(*params)
    lambda1, lambda2, angle = d.principal_axes()
    assert lambda1 >= lambda2 > 0
    assert -math.pi / 2 < angle <= math.pi / 2
    assert_axes((lambda1, lambda2, angle), mp_axes(*params[2:]))
    degrees = d.principal_axes(degrees=True)
    assert_close(degrees, (lambda1, lambda2, math.degrees(angle)), rtol=2 * EPS)


def test_the_small_eigenvalue_of_a_needle_keeps_its_digits(bn):
    """The naive trace/2 - sqrt(...) gives 0 (or noise) here; det/lambda1 does not."""
    for std_y, rho in [(1e-8, 1 - 1e-6), (1e-8, -(1 - 1e-6)), (1e8, 1 - 1e-6)]:
        d = bn.BivariateNormal(0.0, 0.0, 1.0, std_y, rho)
        expected = mp_axes(1.0, std_y, rho)
        lambda2 = d.principal_axes()[1]
        assert lambda2 == pytest.approx(expected[1], rel=RTOL)
        var_x, var_y = 1.0, std_y * std_y
        naive = 0.5 * (var_x + var_y) - math.hypot(0.5 * (var_x - var_y), rho * std_y)
        assert abs(naive - expected[1]) > 1e-3 * expected[1]


@SETTINGS
@given(params=moderate)
def test_principal_axes_against_numpy_eigh(bn, params):
    d = bn.BivariateNormal(*params)
    lambda1, lambda2, angle = d.principal_axes()
    values, vectors = np.linalg.eigh(cov_of(params))
    assert_close((lambda2, lambda1), values, rtol=1e-13)
    if values[1] - values[0] > 1e-6 * values[1]:  # a defined first axis
        v = vectors[:, 1] * np.sign(vectors[0, 1] or 1.0)
        expected = math.atan2(v[1], v[0])
        turn = (angle - expected + math.pi / 2) % math.pi - math.pi / 2  # mod pi
        assert abs(turn) < 1e-9 * values[1] / (values[1] - values[0])


def test_principal_axes_conventions(bn):
    assert bn.BivariateNormal(std_x=2.0).principal_axes() == (4.0, 1.0, 0.0)
    assert bn.BivariateNormal(std_y=2.0).principal_axes(degrees=True) == (
        4.0,
        1.0,
        90.0,
    )
    assert bn.BivariateNormal().principal_axes() == (1.0, 1.0, 0.0)  # circular
    # (-pi/2, pi/2]: never -pi/2, even where atan2 gives -pi.
    for rho in (-0.0, -1.6850591381820166e-19):
        d = bn.BivariateNormal(std_x=1.0, std_y=10.0, rho=rho)
        assert d.principal_axes()[2] == math.pi / 2
        assert d.principal_axes(degrees=True)[2] == 90.0


@SETTINGS
@given(
    lambda1=st.floats(-6, 6).map(lambda t: 10.0**t),
    ratio=st.floats(-6, 6).map(lambda t: 10.0**t),
    angle=st.floats(-400.0, 400.0),
)
def test_from_eigen_against_mpmath(bn, lambda1, ratio, angle):
    lambda2 = lambda1 * ratio
    d = bn.BivariateNormal.from_eigen(1.0, -2.0, lambda1, lambda2, math.radians(angle))
    expected = mp_std(lambda1, lambda2, math.radians(angle))
    assert (float(d.mean_x), float(d.mean_y)) == (1.0, -2.0)
    # rho near 0 is relative to its scale, |lambda1 - lambda2| / (std_x std_y)
    scale = abs(lambda1 - lambda2) / (expected[0] * expected[1])
    assert_close(law_params(d)[:2], expected[:2], rtol=RTOL)
    assert abs(float(d.rho) - expected[2]) <= RTOL * max(abs(expected[2]), EPS * scale)


def test_from_eigen_in_degrees_turns_quarters_exactly(bn):
    for quarter in range(-4, 5):
        d = bn.BivariateNormal.from_eigen(
            lambda1=4.0, lambda2=0.25, angle=90.0 * quarter, degrees=True
        )
        expected = (2.0, 0.5) if quarter % 2 == 0 else (0.5, 2.0)
        assert law_params(d) == (*expected, 0.0)
    d = bn.BivariateNormal.from_eigen(lambda1=4.0, lambda2=1.0, angle=45, degrees=True)
    assert float(d.std_x) == pytest.approx(math.sqrt(2.5), rel=2 * EPS)
    assert float(d.rho) == pytest.approx(0.6, rel=4 * EPS)


@SETTINGS
@given(params=moderate)
def test_from_eigen_matches_the_rotated_diagonal(bn, params):
    _, _, lambda1, lambda2, angle = params
    d = bn.BivariateNormal.from_eigen(0.0, 0.0, lambda1, lambda2, angle * 3)
    c, s = math.cos(angle * 3), math.sin(angle * 3)
    rot = np.array([[c, -s], [s, c]])
    expected = rot @ np.diag([lambda1, lambda2]) @ rot.T
    assert_close(d.cov, expected, rtol=1e-14, atol=1e-15 * max(lambda1, lambda2))


def round_trip_bounds(params, axes):
    """Error bounds of (std_x, std_y, rho) rebuilt from rounded axes.

    The axes carry a few roundings each: eigenvalues relative, the angle absolute.
    Their effect on the law is the conversion's condition: an angle error turns
    the variances by (lambda1 - lambda2) sin(2 theta) d(theta), and a nearly
    circular law knows its small correlation only through lambda1 - lambda2.
    """
    _, _, std_x, std_y, rho = params
    lambda1, lambda2, angle = axes
    d_angle = RTOL * max(abs(angle), 1.0)
    gap, turn = abs(lambda1 - lambda2), abs(math.sin(2 * angle))
    rel_x = RTOL + 0.5 * gap * turn * d_angle / std_x**2
    rel_y = RTOL + 0.5 * gap * turn * d_angle / std_y**2
    cov = RTOL * (lambda1 + lambda2) * abs(math.sin(2 * angle)) / 2
    cov += gap * abs(math.cos(2 * angle)) * d_angle
    abs_rho = cov / (std_x * std_y) + abs(rho) * (rel_x + rel_y + RTOL)
    return rel_x, rel_y, abs_rho


@SETTINGS
@given(params=extreme)
def test_round_trip_law_axes_law(bn, params):
    d = bn.BivariateNormal(*params)
    axes = d.principal_axes()
    back = bn.BivariateNormal.from_eigen(d.mean_x, d.mean_y, *axes)
    rel_x, rel_y, abs_rho = round_trip_bounds(params, axes)
    assert (float(back.mean_x), float(back.mean_y)) == params[:2]
    assert float(back.std_x) == pytest.approx(params[2], rel=rel_x)
    assert float(back.std_y) == pytest.approx(params[3], rel=rel_y)
    assert abs(float(back.rho) - params[4]) <= abs_rho


@SETTINGS
@given(
    lambda1=st.floats(-8, 8).map(lambda t: 10.0**t),
    ratio=st.floats(-8, 0).map(lambda t: 10.0**t),
    angle=st.floats(-89.9, 90.0),
)
def test_round_trip_axes_law_axes(bn, lambda1, ratio, angle):
    lambda2 = lambda1 * ratio
    d = bn.BivariateNormal.from_eigen(0, 0, lambda1, lambda2, angle, degrees=True)
    got = d.principal_axes(degrees=True)
    # The law holds rho, whose distance to 1 (and so lambda2) is only known to
    # eps / (1 - |rho|) relative: that is the parametrisation's, not the method's.
    rho = abs(float(d.rho))
    assert got[0] == pytest.approx(lambda1, rel=RTOL)
    assert got[1] == pytest.approx(lambda2, rel=RTOL * (1 + 1 / (1 - rho)))
    if ratio < 1 - 1e-6:
        assert abs(got[2] - angle) <= 1e-9 * (1 + 1 / (1 - ratio))


def test_traced_parameters(bnj):
    import jax

    d = bnj.BivariateNormal(0.5, 1.0, 2.0, 1e-3, -0.999)
    traced = jax.jit(lambda law: law.principal_axes(degrees=True))(d)
    assert_close(traced, d.principal_axes(degrees=True), rtol=4 * EPS)
    batched = jax.vmap(
        lambda angle: bnj.BivariateNormal.from_eigen(0.0, 0.0, 4.0, 1.0, angle).rho
    )(np.array([0.0, math.pi / 4, math.pi / 2]))
    assert_close(batched, [0.0, 0.6, 0.0], rtol=4 * EPS, atol=4 * EPS)
    grad = jax.grad(lambda l1: bnj.BivariateNormal.from_eigen(0, 0, l1, 1.0, 0.3).rho)
    h = 1e-6
    rho = [
        float(bnj.BivariateNormal.from_eigen(0, 0, 2.0 + t, 1.0, 0.3).rho)
        for t in (h, -h)
    ]
    assert float(grad(2.0)) == pytest.approx((rho[0] - rho[1]) / (2 * h), rel=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lambda1": 0.0}, "lambda1 must be > 0, got lambda1=0.0"),
        ({"lambda2": -1.0}, "lambda2 must be > 0"),
        ({"lambda2": math.inf}, "lambda2 must be finite"),
        ({"angle": math.nan}, "angle must be finite"),
        ({"mean_x": math.inf}, "mean_x must be finite"),
        ({"angle": [0.0, 1.0]}, "angle must be a scalar"),
        ({"lambda2": 1e-40, "angle": math.pi / 4}, "from_eigen.*rho"),
    ],
)
def test_from_eigen_refuses_bad_input(bn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        bn.BivariateNormal.from_eigen(**kwargs)


def test_float32_laws_are_read_exactly(bnj):  # bnj: skipped without JAX
    """JAX's default float32: the axes are float64 of the float32 parameters."""
    code = """
        import numpy as np, mpmath as mp
        import bivnorm as bn
        d = bn.BivariateNormal(0.0, 0.0, 1.0, 1e-4, 0.999)
        assert d.std_x.dtype == np.float32
        params = [float(np.float64(getattr(d, n))) for n in ("std_x", "std_y", "rho")]
        mp.mp.dps = 80
        a, b = mp.mpf(params[0]) ** 2, mp.mpf(params[1]) ** 2
        c = mp.mpf(params[2]) * mp.mpf(params[0]) * mp.mpf(params[1])
        l1 = (a + b) / 2 + mp.sqrt(((a - b) / 2) ** 2 + c * c)
        got = d.principal_axes()
        assert abs(got[0] - float(l1)) <= 1e-15 * float(l1), got
        assert abs(got[1] - float((a * b - c * c) / l1)) <= 1e-14 * got[1], got
        e = bn.BivariateNormal.from_eigen(0, 0, *got)
        assert abs(float(e.rho) - float(d.rho)) <= 1e-7, (e, d)
        print("ok")
    """
    assert run_python(code, timeout=120).strip() == "ok"
