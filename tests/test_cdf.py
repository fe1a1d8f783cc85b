"""The joint CDF and rectangle probabilities against mpmath, on both backends.

References are computed here at 40 digits from the exact float64 inputs:

* the CDF from Sheppard's formula,
  :math:`\\Phi(h)\\Phi(k) + \\frac{1}{2\\pi}\\int_0^{\\arcsin\\rho}
  \\exp(-\\frac{h^2+k^2-2hk\\sin\\theta}{2\\cos^2\\theta})\\,d\\theta`, whose
  cancellation for negative rho costs at most the 40 digits' margin;
* rectangles from the one-dimensional integral
  :math:`\\int_{h_0}^{h_1}\\varphi(t)\\,[\\Phi(c_1(t)) - \\Phi(c_0(t))]\\,dt`,
  which has no cancellation at all.

Goals (issue 6): absolute error <= 1e-14 everywhere, relative error <= 1e-8 where
the probability is >= 1e-10, for rho up to +-0.999999 and points deep in both
tails.
"""

from __future__ import annotations

import functools
import math

import mpmath as mp
import numpy as np
import pytest
from scipy import stats

DPS = 40
RECT_DPS = 30  # enough for the rectangles' 1e-10 relative goal, and 8x faster
ABS_TOL = 1e-14
REL_TOL = 1e-8
REL_FLOOR = 1e-10  # the relative goal holds for probabilities at least this
SPECIAL_RHO = (0.999999, -0.999999, 0.99, -0.99, 0.925, -0.925, 0.5, -0.5, 0.0)


# -- references ------------------------------------------------------------------
def mp_standardize(value, mean, std):
    value = mp.mpf(float(value))
    if not mp.isfinite(value):
        return value
    return (value - mp.mpf(float(mean))) / mp.mpf(float(std))


def mp_phi2(h, k, r):
    """P(X <= h, Y <= k) for unit variances and correlation r, at DPS digits."""
    with mp.workdps(DPS):
        h, k, r = mp.mpf(h), mp.mpf(k), mp.mpf(r)
        if h == -mp.inf or k == -mp.inf:
            return mp.mpf(0)
        if mp.inf in (h, k):
            return mp.ncdf(min(h, k))
        hk, hs = h * k, (h * h + k * k) / 2
        arc = mp.quad(
            lambda t: mp.exp((hk * mp.sin(t) - hs) / mp.cos(t) ** 2), [0, mp.asin(r)]
        )
        return mp.ncdf(h) * mp.ncdf(k) + arc / (2 * mp.pi)


def mp_rect(h0, h1, k0, k1, r):
    """P(h0 < X <= h1, k0 < Y <= k1), standardised, at RECT_DPS digits."""
    with mp.workdps(RECT_DPS):
        h0, h1, k0, k1, r = (mp.mpf(v) for v in (h0, h1, k0, k1, r))
        s = mp.sqrt((1 - r) * (1 + r))

        def integrand(t):
            a, b = (k0 - r * t) / s, (k1 - r * t) / s
            if a + b > 0:
                return mp.npdf(t) * (mp.ncdf(-a) - mp.ncdf(-b))
            return mp.npdf(t) * (mp.ncdf(b) - mp.ncdf(a))

        # split where the conditional window crosses the bulk (|rho| -> 1)
        splits = {mp.mpf(0)}
        for k in (k0, k1):
            if mp.isfinite(k) and r != 0:
                splits.update(
                    k / r + m * s / abs(r) for m in (-10, -3, -1, 0, 1, 3, 10)
                )
        inner = sorted(p for p in splits if h0 < p < h1)
        return mp.quad(integrand, [h0, *inner, h1], maxdegree=10)


def errors(actual, refs):
    """Absolute and relative errors of float results against mpmath values."""
    actual = np.asarray(actual, dtype=np.float64).ravel()
    abs_err, rel_err = [], []
    with mp.workdps(DPS):
        for a, ref in zip(actual, refs, strict=True):
            err = abs(mp.mpf(float(a)) - ref)
            abs_err.append(float(err))
            rel_err.append(float(err / ref) if ref >= REL_FLOOR else 0.0)
    return np.array(abs_err), np.array(rel_err)


def assert_accurate(actual, refs, cases, *, rel_tol=REL_TOL):
    abs_err, rel_err = errors(actual, refs)
    worst = int(np.argmax(abs_err))
    assert abs_err[worst] <= ABS_TOL, (abs_err[worst], cases[worst])
    worst = int(np.argmax(rel_err))
    assert rel_err[worst] <= rel_tol, (rel_err[worst], cases[worst])


# -- the CDF cases ---------------------------------------------------------------
def _standardized_point(rng, rho):
    """A standardised (h, k): centre, deep tails, the ridge, the 1e-10 band."""
    kind = rng.integers(5)
    if kind == 0:
        return rng.normal(0.0, 2.0, 2)
    if kind == 1:
        return rng.uniform(-38.0, 38.0, 2)
    if kind == 2:  # along the ridge k ~ rho h, where |rho| -> 1 is hardest
        h = rng.uniform(-8.0, 8.0)
        return np.array([h, rho * h + math.sqrt(1 - rho * rho) * rng.normal()])
    if kind == 3:  # lower tail, probabilities around 1e-10
        return -rng.uniform(0.0, 7.0, 2)
    return rng.uniform(-9.0, 9.0, 2)


@functools.cache
def cdf_cases():
    """40 laws x 5 points, fixed: ((params, x, y), reference) lists."""
    rng = np.random.default_rng(20240606)
    laws, refs = [], []
    for i in range(40):
        scale = rng.choice([1e-3, 1.0, 1e3])
        rho = SPECIAL_RHO[i % len(SPECIAL_RHO)] if i < 27 else rng.uniform(-1, 1)
        params = (
            float(rng.normal(0.0, 10.0 * scale)),
            float(rng.normal(0.0, 10.0 * scale)),
            float(scale * 10.0 ** rng.uniform(-1, 1)),
            float(10.0 ** rng.uniform(-3, 3)),
            float(rho),
        )
        mx, my, sx, sy, r = params
        hk = np.array([_standardized_point(rng, r) for _ in range(5)])
        x, y = mx + sx * hk[:, 0], my + sy * hk[:, 1]
        laws.append((params, x, y))
        refs.append(
            [
                mp_phi2(mp_standardize(a, mx, sx), mp_standardize(b, my, sy), r)
                for a, b in zip(x, y, strict=True)
            ]
        )
    return laws, refs


def test_cdf_matches_mpmath(bn):
    laws, refs = cdf_cases()
    actual, flat_refs, cases = [], [], []
    for (params, x, y), ref in zip(laws, refs, strict=True):
        actual.extend(np.asarray(bn.BivariateNormal(*params).cdf(x, y)))
        flat_refs.extend(ref)
        cases.extend((params, a, b) for a, b in zip(x, y, strict=True))
    assert_accurate(actual, flat_refs, cases)


def test_cdf_relative_accuracy_in_the_lower_tail(bn):
    """Probabilities from 1e-3 down to 1e-10 keep 8 digits for every sign of rho."""
    rhos = np.array([-0.999999, -0.95, -0.9, -0.7, -0.5, -0.3, 0.3, 0.9, 0.999999])
    cases, refs, actual = [], [], []
    for r in rhos:
        d = bn.BivariateNormal(0.0, 0.0, 1.0, 1.0, r)
        # walk down the diagonal until the probability is below 1e-10
        for h in np.linspace(-0.05, -6.5, 12):
            ref = mp_phi2(h, h + 0.25, r)
            if ref < REL_FLOOR:
                break
            cases.append((r, h))
            refs.append(ref)
            actual.append(float(d.cdf(h, h + 0.25)))
    assert len(cases) > 40
    assert_accurate(actual, refs, cases)


def test_cdf_closed_form_at_the_centre(bn):
    r"""P(X <= mu_x, Y <= mu_y) = 1/4 + arcsin(rho) / (2 pi)."""
    rhos = np.array([-0.999999, -0.99, -0.5, 0.0, 0.3, 0.925, 0.999999])
    got = [
        float(bn.BivariateNormal(1.0, -2.0, 3.0, 0.5, r).cdf(1.0, -2.0)) for r in rhos
    ]
    want = 0.25 + np.arcsin(rhos) / (2 * np.pi)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)


# -- edges and symmetries ----------------------------------------------------------
LAWS = [
    (0.0, 0.0, 1.0, 1.0, 0.5),
    (1.0, -2.0, 3.0, 0.5, -0.8),
    (-1e3, 2e3, 1e-3, 1e2, 0.999999),
    (5.0, 5.0, 2.0, 2.0, -0.999999),
]
XS = np.array([-40.0, -7.0, -1.5, 0.0, 0.3, 2.0, 8.0, 45.0])


def grid(params):
    mx, my, sx, sy, _ = params
    return mx + sx * XS[:, None], my + sy * XS[None, :]


@pytest.mark.parametrize("params", LAWS)
def test_rho_zero_is_the_product_of_marginals(bn, params):
    d = bn.BivariateNormal(*params).replace(rho=0.0)
    x, y = grid(params)
    want = stats.norm.cdf(x, params[0], params[2]) * stats.norm.cdf(
        y, params[1], params[3]
    )
    # float64 Phi itself is only good to about z^2 eps relative in the tails
    np.testing.assert_allclose(d.cdf(x, y), want, rtol=2e-13, atol=0)


@pytest.mark.parametrize("params", LAWS)
def test_infinite_limits_give_marginals(bn, params):
    mx, my, sx, sy, _ = params
    d = bn.BivariateNormal(*params)
    x, y = grid(params)
    x, y = x[:, 0], y[0]
    inf = np.inf
    np.testing.assert_allclose(d.cdf(inf, y), stats.norm.cdf(y, my, sy), rtol=2e-13)
    np.testing.assert_allclose(d.cdf(x, inf), stats.norm.cdf(x, mx, sx), rtol=2e-13)
    assert np.all(np.asarray(d.cdf(-inf, y)) == 0.0)
    assert np.all(np.asarray(d.cdf(x, -inf)) == 0.0)
    assert float(d.cdf(inf, inf)) == 1.0
    assert float(d.cdf(-inf, inf)) == 0.0
    assert np.isnan(float(d.cdf(np.nan, 0.0)))


@pytest.mark.parametrize("params", LAWS)
def test_swapping_the_coordinates_is_exact(bn, params):
    mx, my, sx, sy, r = params
    x, y = grid(params)
    got = np.asarray(bn.BivariateNormal(*params).cdf(x, y))
    swapped = np.asarray(bn.BivariateNormal(my, mx, sy, sx, r).cdf(y, x))
    np.testing.assert_array_equal(got, swapped)


@pytest.mark.parametrize("params", LAWS)
def test_reflection_identities(bn, params):
    """P(X<=x, Y<=y) + P(X<=x, Y>y) = P(X<=x), and the same in x."""
    mx, my, sx, sy, r = params
    x, y = grid(params)
    d = bn.BivariateNormal(*params)
    below = np.asarray(d.cdf(x, y))
    above_y = np.asarray(bn.BivariateNormal(mx, -my, sx, sy, -r).cdf(x, -y))
    above_x = np.asarray(bn.BivariateNormal(-mx, my, sx, sy, -r).cdf(-x, y))
    marg_x = np.broadcast_to(stats.norm.cdf(x, mx, sx), below.shape)
    marg_y = np.broadcast_to(stats.norm.cdf(y, my, sy), below.shape)
    np.testing.assert_allclose(below + above_y, marg_x, rtol=2e-13, atol=4e-16)
    np.testing.assert_allclose(below + above_x, marg_y, rtol=2e-13, atol=4e-16)


@pytest.mark.parametrize("params", LAWS)
def test_bounded_and_monotone(bn, params):
    mx, my, sx, sy, _ = params
    x, y = grid(params)
    p = np.asarray(bn.BivariateNormal(*params).cdf(x, y))
    marg = np.minimum(stats.norm.cdf(x, mx, sx), stats.norm.cdf(y, my, sy))
    assert np.all((p >= 0) & (p <= marg * (1 + 2e-13)))
    assert np.all(np.diff(p, axis=0) >= 0)
    assert np.all(np.diff(p, axis=1) >= 0)


def test_broadcasting(bn):
    d = bn.BivariateNormal(0.5, -0.5, 1.5, 0.7, 0.3)
    x = np.linspace(-2, 2, 3)[:, None]
    y = np.linspace(-1, 1, 4)
    p = np.asarray(d.cdf(x, y))
    assert p.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            assert p[i, j] == pytest.approx(float(d.cdf(x[i, 0], y[j])), rel=1e-15)
    assert np.shape(d.cdf(0.0, 0.0)) == ()


def test_agrees_with_scipy(bn):
    """SciPy's integration (tolerance 1e-5 by default) agrees to its tolerance."""
    params = (1.0, -1.0, 2.0, 0.5, 0.6)
    mx, my, sx, sy, r = params
    cov = [[sx * sx, r * sx * sy], [r * sx * sy, sy * sy]]
    xy = np.array([[0.0, -1.0], [2.0, -0.5], [-1.0, -1.2], [4.0, 0.0]])
    want = stats.multivariate_normal([mx, my], cov).cdf(xy)
    got = bn.BivariateNormal(*params).cdf(xy[:, 0], xy[:, 1])
    np.testing.assert_allclose(got, want, atol=1e-5)


# -- gradients (JAX) ---------------------------------------------------------------
GRAD_POINTS = [(0.3, -1.2), (-2.0, -3.0), (4.0, 1.0), (-6.0, 5.0), (0.0, 0.0)]


@pytest.mark.parametrize("params", [*LAWS[:2], (0.0, 1.0, 1.0, 1.4, 0.999)])
def test_gradient_is_pdf_times_conditional_cdf(bnj, params):
    """dF/dx = f_X(x) Phi((y - E[Y|x]) / sd(Y|x)), and likewise in y."""
    import jax

    mx, my, sx, sy, r = params
    d = bnj.BivariateNormal(*params)
    grad_x = jax.grad(d.cdf, argnums=0)
    grad_y = jax.grad(d.cdf, argnums=1)
    s = math.sqrt((1 - r) * (1 + r))
    for u, v in GRAD_POINTS:
        x, y = mx + sx * u, my + sy * v
        want_x = stats.norm.pdf(x, mx, sx) * stats.norm.cdf((v - r * u) / s)
        want_y = stats.norm.pdf(y, my, sy) * stats.norm.cdf((u - r * v) / s)
        assert float(grad_x(x, y)) == pytest.approx(want_x, rel=1e-12, abs=1e-300)
        assert float(grad_y(x, y)) == pytest.approx(want_y, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("params", LAWS[:2])
def test_gradient_matches_finite_differences_of_the_cdf(bnj, params):
    """The exact gradient rule agrees with the values the kernel computes."""
    import jax

    mx, my, sx, sy, _ = params
    d = bnj.BivariateNormal(*params)
    grad = jax.grad(d.cdf, argnums=(0, 1))
    for u, v in GRAD_POINTS:
        x, y = mx + sx * u, my + sy * v
        gx, gy = (float(g) for g in grad(x, y))
        ex, ey = 1e-5 * sx, 1e-5 * sy
        fx = (float(d.cdf(x + ex, y)) - float(d.cdf(x - ex, y))) / (2 * ex)
        fy = (float(d.cdf(x, y + ey)) - float(d.cdf(x, y - ey))) / (2 * ey)
        assert gx == pytest.approx(fx, rel=1e-6, abs=1e-11 / sx)
        assert gy == pytest.approx(fy, rel=1e-6, abs=1e-11 / sy)


def test_gradient_in_rho_is_the_density(bnj):
    """Plackett's identity: dF/drho = sigma_x sigma_y f(x, y)."""
    import jax

    d = bnj.BivariateNormal(1.0, -1.0, 2.0, 0.5, -0.7)
    for x, y in [(0.0, -1.0), (3.0, -0.2), (-2.0, -2.0)]:
        g = jax.grad(lambda law, x=x, y=y: law.cdf(x, y))(d)
        want = 2.0 * 0.5 * float(d.pdf(x, y))
        assert float(g.rho) == pytest.approx(want, rel=1e-12)


def test_jit_vmap_and_finite_gradients_at_infinity(bnj):
    import jax
    import jax.numpy as jnp

    d = bnj.BivariateNormal(1.0, -1.0, 2.0, 0.5, 0.8)
    x = jnp.array([-jnp.inf, -3.0, 0.0, 2.0, jnp.inf])
    y = jnp.array([0.5, jnp.inf, -jnp.inf, -1.0, -2.0])
    f = jax.jit(lambda law, x, y: law.cdf(x, y))
    np.testing.assert_array_equal(f(d, x, y), d.cdf(x, y))
    per_point = jax.vmap(d.cdf)(x, y)
    np.testing.assert_allclose(per_point, d.cdf(x, y), rtol=1e-15)
    grads = jax.vmap(
        jax.grad(lambda law, a, b: law.cdf(a, b), argnums=(0, 1, 2)),
        in_axes=(None, 0, 0),
    )(d, x, y)
    for leaf in jax.tree_util.tree_leaves(grads):
        assert np.all(np.isfinite(np.asarray(leaf)))
    assert float(grads[1][0]) == 0.0  # d/dx at x = -inf
    assert float(grads[1][4]) == 0.0  # d/dx at x = +inf


# -- rectangles --------------------------------------------------------------------
@functools.cache
def rect_cases():
    """Fixed random rectangles: any size from 1e-7 to 10 sd, near and far out."""
    rng = np.random.default_rng(7)
    cases = [
        (5.0, 5.0 + 1e-6, 5.0, 5.0 + 1e-6, 0.5),  # tiny and far out
        (-6.0, -6.0 + 1e-4, 4.0, 4.0 + 1e-3, -0.3),
        (8.0, np.inf, 8.0, np.inf, 0.9),  # the corner of the far upper tail
        (-np.inf, np.inf, -np.inf, np.inf, 0.999999),
        (0.1, 0.1 + 1e-7, -np.inf, np.inf, 0.999999),  # a hair-thin strip
    ]
    for i in range(45):
        rho = SPECIAL_RHO[i % len(SPECIAL_RHO)] if i < 18 else rng.uniform(-1, 1)
        centre = rng.uniform(-8, 8, 2) if i % 2 else rng.normal(0.0, 2.0, 2)
        half = 10.0 ** rng.uniform(-7, 1, 2) / 2
        h0, h1 = centre[0] - half[0], centre[0] + half[0]
        k0, k1 = centre[1] - half[1], centre[1] + half[1]
        if i % 7 == 3:
            h1 = np.inf
        if i % 7 == 5:
            k0 = -np.inf
        cases.append((h0, h1, k0, k1, float(rho)))
    return cases, [mp_rect(*case) for case in cases]


def test_prob_rect_matches_mpmath(bn):
    """Absolute 1e-14, and relative 1e-10 down to probabilities of 1e-30."""
    cases, refs = rect_cases()
    actual = [float(bn.BivariateNormal(rho=c[4]).prob_rect(*c[:4])) for c in cases]
    abs_err, _ = errors(actual, refs)
    assert abs_err.max() <= ABS_TOL, cases[int(np.argmax(abs_err))]
    with mp.workdps(DPS):
        rel = [
            float(abs(mp.mpf(a) - ref) / ref) if ref >= 1e-30 else 0.0
            for a, ref in zip(actual, refs, strict=True)
        ]
    assert max(rel) <= 1e-10, cases[int(np.argmax(rel))]


def test_prob_rect_of_a_tiny_far_rectangle_does_not_cancel(bn):
    """Plain inclusion-exclusion of four CDFs would lose every digit here."""
    d = bn.BivariateNormal(1.0, 2.0, 0.5, 3.0, 0.7)
    x0, y0, w = 1.0 + 4.0 * 0.5, 2.0 + 4.5 * 3.0, 1e-9
    ref = mp_rect(
        4.0,
        mp_standardize(x0 + w * 0.5, 1.0, 0.5),
        4.5,
        mp_standardize(y0 + w * 3.0, 2.0, 3.0),
        0.7,
    )
    got = float(d.prob_rect(x0, x0 + w * 0.5, y0, y0 + w * 3.0))
    with mp.workdps(DPS):
        assert float(abs(mp.mpf(got) - ref) / ref) <= 1e-10


def test_prob_rect_edges(bn):
    d = bn.BivariateNormal(1.0, -1.0, 2.0, 0.5, -0.6)
    inf = np.inf
    assert float(d.prob_rect(-inf, inf, -inf, inf)) == pytest.approx(1.0, abs=1e-15)
    assert float(d.prob_rect(2.0, 1.0, -inf, inf)) == 0.0  # empty
    assert float(d.prob_rect(0.0, 2.0, 1.0, 1.0)) == 0.0
    x = np.array([-1.0, 0.5, 3.0])
    np.testing.assert_allclose(
        d.prob_rect(-inf, x, -inf, -0.7), d.cdf(x, -0.7), rtol=1e-14, atol=1e-16
    )
    quarters = [
        d.prob_rect(-inf, 0.5, -inf, -1.2),
        d.prob_rect(0.5, inf, -inf, -1.2),
        d.prob_rect(-inf, 0.5, -1.2, inf),
        d.prob_rect(0.5, inf, -1.2, inf),
    ]
    assert float(sum(quarters)) == pytest.approx(1.0, abs=1e-15)


def test_prob_rect_gradient_is_finite(bnj):
    import jax
    import jax.numpy as jnp

    d = bnj.BivariateNormal(1.0, -1.0, 2.0, 0.5, 0.8)
    grad = jax.jit(jax.grad(lambda lim: d.prob_rect(*lim)))
    for lim in (
        [0.0, 2.0, -1.5, -0.5],
        [-jnp.inf, 2.0, -1.5, jnp.inf],
        [0.0, 1e-7, -1.0, -1.0 + 1e-7],
    ):
        g = np.asarray(grad(jnp.array(lim)))
        assert np.all(np.isfinite(g))
    # d/dx1 of a strip (x0, x1] x R is the marginal density at x1
    g = grad(jnp.array([0.0, 2.0, -jnp.inf, jnp.inf]))
    assert float(g[1]) == pytest.approx(stats.norm.pdf(2.0, 1.0, 2.0), rel=1e-12)


@pytest.mark.parametrize("edge", range(4))
def test_prob_rect_of_a_nan_edge_is_nan(bn, edge):
    """A NaN edge is not a number to integrate to: NaN, as cdf(nan, y) is (the
    edge was read as -inf or as an empty box)."""
    d = bn.BivariateNormal(0.5, -0.2, 1.5, 0.7, 0.4)
    box = [-1.0, 1.0, -0.5, 2.0]
    box[edge] = np.nan
    assert np.isnan(float(d.prob_rect(*box)))
    many = [np.array([v, v]) for v in box]
    many[edge] = np.array([np.nan, -np.inf if edge % 2 == 0 else np.inf])
    got = np.asarray(d.prob_rect(*many))
    assert np.isnan(got[0])
    assert 0.0 < got[1] < 1.0
