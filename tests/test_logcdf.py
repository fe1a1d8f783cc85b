"""The log-CDF far in the tail, against a 30-digit mpmath reference, on both paths.

The reference integrates the conditional form, which has no cancellation,

.. math::

    P = \\int_{-\\infty}^{h} \\varphi(x)\\,
        \\Phi\\!\\left(\\frac{k - \\rho x}{\\sqrt{1-\\rho^2}}\\right) dx,

with the integrand's mode (and, as :math:`|\\rho| \\to 1`, the knee of the
conditional CDF) as breakpoints, so that mpmath's quadrature sees where the mass
is; mpmath's numbers have no smallest value, so :math:`\\log P` is right far
below 1e-5000 too. Goals (issue 13): error <= 1e-12 max(1, |log P|) for the log,
relative error <= 1e-12 for the CDF wherever P >= 1e-300.
"""

from __future__ import annotations

import functools
import math

import mpmath as mp
import numpy as np
import pytest
from _helpers import assert_close, run_python

DPS = 30
LOG_TOL = 1e-12
SEAM = 1.0 / math.sqrt(2.0)  # where the kernel changes its conditioning variable


# -- the reference -------------------------------------------------------------------
def _log_integrand(h, k, r, s):
    def logf(x):
        return -x * x / 2 + mp.log(mp.ncdf((k - r * x) / s) / mp.sqrt(2 * mp.pi))

    def slope(x):
        u = (k - r * x) / s
        return -x - (r / s) * mp.npdf(u) / mp.ncdf(u)

    return logf, slope


def _mode(slope, h):
    """The mode of the log-concave integrand on (-inf, h] (bisection on the slope)."""
    if slope(h) >= 0:
        return h
    lo = h - 1
    while slope(lo) < 0:
        lo = h - 2 * (h - lo)
    hi = h
    for _ in range(110):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if slope(mid) > 0 else (lo, mid)
    return (lo + hi) / 2


@functools.cache
def mp_log_phi2(h, k, r):
    """log P(X <= h, Y <= k), unit variances and correlation r, at DPS digits."""
    with mp.workdps(DPS):
        h, k, r = mp.mpf(min(h, k)), mp.mpf(max(h, k)), mp.mpf(r)
        s = mp.sqrt((1 - r) * (1 + r))
        logf, slope = _log_integrand(h, k, r, s)
        mode = _mode(slope, h)
        step = mp.mpf(10) ** -10
        curv = abs(slope(mode - step) - slope(mode - 2 * step)) / step
        width = 1 / (abs(slope(mode)) + mp.sqrt(curv))
        points = {mode + width * m for m in (-80, -20, -6, -2, -0.5, 0, 0.5, 2, 6)}
        if r != 0:  # the knee of Phi((k - r x) / s), sharp as |r| -> 1
            points.update(k / r + m * s / abs(r) for m in (-8, -1, 0, 1, 8))
        points = sorted(p for p in points if p < h)
        peak = logf(mode)
        total = mp.quad(lambda x: mp.exp(logf(x) - peak), [-mp.inf, *points, h])
        return peak + mp.log(total)


def mp_log_ndtr(x):
    with mp.workdps(DPS):
        return mp.log(mp.ncdf(mp.mpf(x)))


def log_errors(actual, refs):
    """|actual - ref| / max(1, |ref|) for float results against mpmath values."""
    actual = np.asarray(actual, dtype=np.float64).ravel()
    with mp.workdps(DPS):
        return np.array(
            [
                float(abs(mp.mpf(float(a)) - ref) / max(1, abs(ref)))
                for a, ref in zip(actual, refs, strict=True)
            ]
        )


def standard(bn, r):
    return bn.BivariateNormal(0.0, 0.0, 1.0, 1.0, r)


# -- cases ---------------------------------------------------------------------------
# (h, k, rho), standardised: all far below float64's smallest number
FAR = [
    (-100.0, -100.0, 0.3),  # log P = -7702.78, the example
    (-120.0, -120.0, 0.0),  # P ~ 1e-6254
    (-150.0, -140.0, 0.999999),  # the mass on the diagonal, far from the corner
    (-150.0, -140.0, -0.999999),  # the corner below the anti-diagonal
    (-60.0, 59.5, -0.999999),  # a sliver of the anti-diagonal: Phi(-59.5) - ...
    (-200.0, 30.0, 0.9),
    (-45.0, -80.0, -0.6),
    (-1e4, -3e3, 0.5),  # log P ~ -5e7
]
# probabilities between 1e-300 and 1e-3, every sign and size of rho
TAIL = [
    (-23.0, -12.0, -0.49),  # the case where the old cdf had 1e123 too much
    (-8.0, -8.0, 0.5),  # SciPy returns 0 here; the truth is 1.79e-21
    (-18.0, -18.0, -0.3),
    (-20.0, -5.0, 0.999999),
    (-12.0, 12.1, -0.999999),  # just above the anti-diagonal
    (-6.0, 7.0, -0.9999),
    (-36.0, -2.0, 0.0),
    (-3.5, -3.4, 0.99),
]


@functools.cache
def random_cases():
    """Fixed random points: the bulk, the ridge k ~ rho h, the deep corner."""
    rng = np.random.default_rng(1313)
    rhos = (0.999999, -0.999999, 0.95, -0.95, SEAM, -SEAM, 0.5, -0.5, 0.0)
    cases = []
    for i in range(18):
        r = rhos[i % len(rhos)] if i < len(rhos) else float(rng.uniform(-1, 1))
        kind = i % 3
        if kind == 0:
            h, k = rng.normal(0.0, 3.0, 2)
        elif kind == 1:
            h = rng.uniform(-40.0, 5.0)
            k = r * h + math.sqrt(1 - r * r) * rng.normal(0.0, 2.0)
        else:
            h, k = -rng.uniform(0.0, 90.0, 2)
        cases.append((float(h), float(k), float(r)))
    return cases


@pytest.mark.parametrize("case", FAR)
def test_logcdf_far_below_the_smallest_float(bn, case):
    h, k, r = case
    ref = mp_log_phi2(h, k, r)
    got = standard(bn, r).logcdf(h, k)
    assert np.isfinite(float(got))
    assert log_errors([got], [ref])[0] <= LOG_TOL, (case, float(got), float(ref))


def test_logcdf_matches_mpmath_on_random_points(bn):
    cases = random_cases()
    refs = [mp_log_phi2(*c) for c in cases]
    got = [standard(bn, r).logcdf(h, k) for h, k, r in cases]
    err = log_errors(got, refs)
    assert err.max() <= LOG_TOL, cases[int(np.argmax(err))]


@pytest.mark.parametrize("r", [0.6, -0.95])
def test_logcdf_of_many_points_in_one_call(bn, r):
    """Many points go through the kernel in chunks (it keeps its intermediates
    in the cache): points at both sides of every chunk's edge, and in the last,
    shorter chunk, against the reference and against calls of one point each."""
    size = bn._cdf._CHUNK
    n = 2 * size + 128
    rng = np.random.default_rng(7)
    h, k = rng.uniform(-40.0, 4.0, n), rng.uniform(-40.0, 4.0, n)
    got = np.asarray(standard(bn, r).logcdf(h, k))
    edges = [0, size - 1, size, 2 * size - 1, 2 * size, n - 1]
    refs = [mp_log_phi2(float(h[i]), float(k[i]), r) for i in edges]
    assert log_errors(got[edges], refs).max() <= LOG_TOL
    picked = rng.choice(n, 40, replace=False)
    one = [float(standard(bn, r).logcdf(h[i], k[i])) for i in picked]
    assert_close(got[picked], one, rtol=1e-14)
    assert got.shape == (n,)
    grid = np.asarray(standard(bn, r).logcdf(h.reshape(-1, 128), k.reshape(-1, 128)))
    assert_close(grid.ravel(), got, rtol=1e-14)


def test_logcdf_of_scaled_laws(bn):
    """Means and scales go through the standardisation (points far out)."""
    d = bn.BivariateNormal(3.0, -2.0, 0.5, 40.0, -0.8)
    x = np.array([3.0 - 0.5 * 50.0, 3.0 - 0.5 * 9.0, 3.0 + 0.5 * 2.0])
    y = np.array([-2.0 - 40.0 * 61.0, -2.0 - 40.0 * 3.0, -2.0 + 40.0 * 1.5])
    refs = [
        mp_log_phi2((a - 3.0) / 0.5, (b + 2.0) / 40.0, -0.8)
        for a, b in zip(x, y, strict=True)
    ]
    assert log_errors(d.logcdf(x, y), refs).max() <= LOG_TOL


@pytest.mark.parametrize("case", TAIL)
def test_cdf_relative_accuracy_down_to_1e_300(bn, case):
    h, k, r = case
    with mp.workdps(DPS):
        ref = mp.exp(mp_log_phi2(h, k, r))
        assert 1e-300 < ref < 1e-3
        got = float(standard(bn, r).cdf(h, k))
        assert float(abs(mp.mpf(got) - ref) / ref) <= 1e-12, (case, got, ref)


def test_seams_are_continuous(bn):
    """Either side of each switch of the kernel agrees with mpmath (no jump)."""
    tiny = 1e-12
    cases = []
    for r in (SEAM, -SEAM):  # X- or Z-conditioning
        cases += [(-30.0, -25.0, r - tiny), (-30.0, -25.0, r + tiny)]
    r = -0.99  # the corner crosses the line k = rho h: direct or Phi(h) - ...
    for k in (-r * -20.0 - 1e-9, -r * -20.0 + 1e-9):
        cases.append((-20.0, k, r))
    for h in (1.0 - 1e-12, 1.0 + 1e-12):  # the upper complement
        cases += [(h, 1.5, 0.3), (h, 1.5, -0.95)]
    refs = [mp_log_phi2(*c) for c in cases]
    got = [standard(bn, r).logcdf(h, k) for h, k, r in cases]
    err = log_errors(got, refs)
    assert err.max() <= LOG_TOL, cases[int(np.argmax(err))]
    # and the two sides of each pair move by what the truth moves, no more
    for i in range(0, len(cases), 2):
        step = float(got[i + 1]) - float(got[i])
        want = float(refs[i + 1] - refs[i])
        assert abs(step - want) <= 1e-13 * max(1.0, abs(float(refs[i]))), cases[i]


def test_symmetries(bn):
    """Swapping the coordinates is exact; the centre is 1/4 + arcsin(rho)/(2 pi)."""
    rng = np.random.default_rng(5)
    h, k = rng.uniform(-60.0, 8.0, (2, 30))
    for r in (-0.999999, -0.6, 0.0, 0.8, 0.999999):
        d = standard(bn, r)
        np.testing.assert_array_equal(np.asarray(d.logcdf(h, k)), d.logcdf(k, h))
        centre = math.log(0.25 + math.asin(r) / (2 * math.pi))
        assert float(d.logcdf(0.0, 0.0)) == pytest.approx(centre, rel=1e-13)


def test_logcdf_is_the_log_of_cdf_and_edges(bn):
    d = bn.BivariateNormal(1.0, -1.0, 2.0, 0.5, 0.7)
    x = np.linspace(-20.0, 20.0, 9)[:, None]
    y = np.linspace(-5.0, 4.0, 7)
    assert_close(np.exp(d.logcdf(x, y)), d.cdf(x, y), rtol=1e-14)
    inf = np.inf
    assert float(d.logcdf(-inf, 0.0)) == -inf
    assert float(d.logcdf(0.0, -inf)) == -inf
    assert float(d.logcdf(inf, inf)) == 0.0
    assert float(d.logcdf(inf, -1.0)) == pytest.approx(
        float(mp_log_ndtr(0.0)), rel=1e-15
    )
    assert np.isnan(float(d.logcdf(np.nan, 0.0)))
    assert np.shape(d.logcdf(x, y)) == (9, 7)


# -- the univariate log-CDF ----------------------------------------------------------
def test_normal_logcdf_matches_mpmath(bn):
    """Both sides of the switch to the asymptotic series (-20 sd), and far out."""
    u = np.array([-1e6, -3e3, -38.0, -20.0001, -19.9999, -7.5, -1.0, 0.0, 2.0, 9.0])
    d = bn.Normal(2.0, 3.0)
    got = d.logcdf(2.0 + 3.0 * u)
    err = log_errors(got, [mp_log_ndtr(v) for v in u])
    assert err.max() <= 1e-14, u[int(np.argmax(err))]
    assert float(d.logcdf(np.inf)) == 0.0
    assert float(d.logcdf(-np.inf)) == -np.inf


# -- gradients (JAX) -----------------------------------------------------------------
def mp_log_grads(h, k, r):
    """d log P / dh, d log P / dk, d log P / d rho from the exact derivatives of P."""
    with mp.workdps(DPS):
        hm, km, rm = mp.mpf(h), mp.mpf(k), mp.mpf(r)
        s = mp.sqrt((1 - rm) * (1 + rm))
        p = mp.exp(mp_log_phi2(h, k, r))
        dh = mp.npdf(hm) * mp.ncdf((km - rm * hm) / s)
        dk = mp.npdf(km) * mp.ncdf((hm - rm * km) / s)
        quad = (hm * hm - 2 * rm * hm * km + km * km) / (s * s)
        dr = mp.exp(-quad / 2) / (2 * mp.pi * s)
        return [g / p for g in (dh, dk, dr)]


@pytest.mark.parametrize(
    "case",
    [
        (-100.0, -100.0, 0.3),
        (-23.0, -12.0, -0.49),
        (-40.0, -30.0, 0.999999),
        (1.5, 0.5, -0.9),
    ],
)
def test_logcdf_gradient_against_mpmath(bnj, case):
    import jax

    h, k, r = case
    d = standard(bnj, r)
    gh, gk = (float(g) for g in jax.grad(d.logcdf, argnums=(0, 1))(h, k))
    grho = float(jax.grad(lambda law: law.logcdf(h, k))(d).rho)
    want = mp_log_grads(h, k, r)
    for got, ref in zip((gh, gk, grho), want, strict=True):
        # the log-space quotient loses |log P| units in the last place
        assert got == pytest.approx(float(ref), rel=1e-13 * max(1.0, abs(h * k)))


def test_logcdf_gradient_is_a_finite_difference_of_the_reference(bnj):
    """d log P / d rho against a central difference of the mpmath reference."""
    import jax

    h, k, r, eps = -30.0, -28.0, 0.6, 1e-7
    d = standard(bnj, r)
    got = float(jax.grad(lambda law: law.logcdf(h, k))(d).rho)
    with mp.workdps(DPS):
        fd = (mp_log_phi2(h, k, r + eps) - mp_log_phi2(h, k, r - eps)) / (2 * eps)
    assert got == pytest.approx(float(fd), rel=1e-8)


def test_logcdf_jit_vmap_and_gradients_at_infinity(bnj):
    import jax
    import jax.numpy as jnp

    d = bnj.BivariateNormal(1.0, -1.0, 2.0, 0.5, -0.8)
    x = jnp.array([-jnp.inf, -300.0, 0.0, 2.0, jnp.inf])
    y = jnp.array([0.5, jnp.inf, -60.0, -1.0, -2.0])
    f = jax.jit(lambda law, x, y: law.logcdf(x, y))
    np.testing.assert_array_equal(f(d, x, y), d.logcdf(x, y))
    np.testing.assert_allclose(jax.vmap(d.logcdf)(x, y), d.logcdf(x, y), rtol=1e-15)
    grads = jax.vmap(
        jax.grad(lambda law, a, b: law.logcdf(a, b), argnums=(0, 1, 2)),
        in_axes=(None, 0, 0),
    )(d, x, y)
    for leaf in jax.tree_util.tree_leaves(grads):
        assert np.all(np.isfinite(np.asarray(leaf)))
    assert float(grads[1][4]) == 0.0  # d/dx at x = +inf
    normal_grad = jax.grad(bnj.Normal(0.0, 1.0).logcdf)(-50.0)
    assert float(normal_grad) == pytest.approx(
        float(-mp_log_grad_ndtr(-50.0)), rel=1e-14
    )


def mp_log_grad_ndtr(x):
    """-d/dx log Phi(x) = -phi(x) / Phi(x)."""
    with mp.workdps(DPS):
        x = mp.mpf(x)
        return -mp.npdf(x) / mp.ncdf(x)


def test_invalid_traced_rho_gives_nan(bnj):
    import jax

    def f(r):
        law = bnj.BivariateNormal(0.0, 0.0, 1.0, 1.0, r)
        return law.logcdf(-3.0, -2.0)

    assert np.isnan(float(jax.jit(f)(1.5)))
    assert np.isfinite(float(jax.jit(f)(0.5)))


# -- float32 -------------------------------------------------------------------------
def test_float32_logcdf(bnj):
    """Without x64 the kernel runs in float32, to float32's precision, far out too."""
    cases = [
        (-100.0, -100.0, 0.3),
        (-23.0, -12.0, -0.49),
        (-6.0, -6.0, 0.99),
        (0.5, 1.0, -0.5),
    ]
    out = run_python(
        f"""
        import jax, numpy as np
        import bivnorm as bn
        assert not jax.config.jax_enable_x64
        for h, k, r in {cases!r}:
            d = bn.BivariateNormal(0.0, 0.0, 1.0, 1.0, r)
            v = d.logcdf(np.float32(h), np.float32(k))
            assert v.dtype == np.float32, v.dtype
            print(float(v), float(d.cdf(np.float32(h), np.float32(k))))
        """
    )
    rows = [line.split() for line in out.strip().splitlines()]
    for (h, k, r), (log_p, p) in zip(cases, rows, strict=True):
        ref = mp_log_phi2(h, k, r)
        assert abs(float(log_p) - float(ref)) <= 2e-6 * max(1.0, abs(float(ref)))
        if ref > -80:
            assert float(p) == pytest.approx(float(mp.exp(ref)), rel=2e-5)


def stored_logcdf_errors(bn, name):
    """logcdf at the stored points of tests/data/``name``.json, one call (a batch
    of laws), against their 50-digit values: the rows, (h, k, r), the references,
    log P's errors (log_errors), where P >= 1e-300, and P's relative errors."""
    import json
    from pathlib import Path

    rows = json.loads((Path(__file__).parent / "data" / f"{name}.json").read_text())
    rows = rows["rows"]
    h, k, r = (np.array([float(row[i]) for row in rows]) for i in range(3))
    got = np.asarray(bn.BivariateNormal(0.0, 0.0, 1.0, 1.0, r).logcdf(h, k))
    with mp.workdps(DPS):
        refs = [mp.mpf(row[3]) for row in rows]
        err = log_errors(got, refs)
        big = np.array([ref >= mp.log(mp.mpf("1e-300")) for ref in refs])
        rel = np.array(
            [
                float(abs(mp.expm1(mp.mpf(float(g)) - ref)))
                for g, ref in zip(got, refs, strict=True)
            ]
        )
    return rows, (h, k, r), refs, err, big, rel


def test_logcdf_next_to_singular_rho_against_stored_mpmath(bn):
    """2,000 stored 50-digit values (tests/data/make_logcdf_mpmath.py) with
    |rho| = 1 - 10^-u, u in [1, 9]: the bulk, the ridge, the deep corner and the
    sliver along the anti-diagonal as rho -> -1 (P far below Phi(h)). One call,
    a batch of laws. log P to 1e-12 of max(1, |log P|); P itself to 1e-10
    relative (1e-11 here) wherever it is at least 1e-300, the sliver included; prob_rect of
    (-inf, x] x (-inf, y] agrees there too."""
    rows, (h, k, r), refs, err, big, rel = stored_logcdf_errors(bn, "logcdf_mpmath")
    assert len(rows) == 2000
    near = (1 - np.abs(r)) < 1e-8
    assert (1 - np.abs(r)).min() < 2e-9  # the hardest rho are there
    assert near.sum() >= 150
    assert err.max() <= LOG_TOL, rows[int(np.argmax(err))]
    assert big.sum() >= 1500
    worst = np.where(big, rel, 0.0)
    assert worst.max() <= 1e-11, rows[int(np.argmax(worst))]  # the issue: 1e-10
    pick = big & near
    inf = np.full(pick.sum(), np.inf)
    box = bn.BivariateNormal(0.0, 0.0, 1.0, 1.0, r[pick])
    p = np.asarray(box.prob_rect(-inf, h[pick], -inf, k[pick]))
    with mp.workdps(DPS):
        rel_box = [
            float(abs(mp.mpf(float(a)) / mp.exp(ref) - 1))
            for a, ref in zip(p, np.asarray(refs, dtype=object)[pick], strict=True)
        ]
    assert max(rel_box) <= 1e-10


def test_log_ndtr_diff_keeps_the_digits_of_nearby_tails(bn):
    """log Phi(x) - log Phi(y) for y = x + d, |d| from 1e-12 to 1, against mpmath.
    Both beyond -20 (the tail's series) or |d| <= 1e-3 (a Taylor step): within
    1e-15 (1 + |difference|), where the plain difference of two logs near -x^2/2
    is off by up to x^2/2 ulp (4e-13 at x = -60). Elsewhere a ratio of two erfc at
    rounded arguments: within (1 + x^2) ulp, as the plain difference."""
    from bivnorm._backend import xp
    from bivnorm._special import TAYLOR_STEP, log_ndtr, log_ndtr_diff

    rng = np.random.default_rng(7)
    x = rng.uniform(-60.0, 3.0, 800)
    d = rng.choice([-1.0, 1.0], x.size) * 10.0 ** rng.uniform(-12.0, 0.0, x.size)
    y = x + d
    got = np.asarray(log_ndtr_diff(xp.asarray(x), xp.asarray(y)))
    plain = np.asarray(log_ndtr(xp.asarray(x)) - log_ndtr(xp.asarray(y)))
    with mp.workdps(40):
        ref = np.array(
            [
                float(mp.log(mp.ncdf(mp.mpf(a)) / mp.ncdf(mp.mpf(b))))
                for a, b in zip(x, y, strict=True)
            ]
        )
    exact = (np.maximum(x, y) < -20.0) | (
        (np.minimum(x, y) >= -20.0) & (np.abs(y - x) <= TAYLOR_STEP)
    )
    err = np.abs(got - ref) / (1.0 + np.abs(ref))
    assert exact.sum() > 400
    assert err[exact].max() <= 1e-15, (x[exact][np.argmax(err[exact])],)
    ulp = np.finfo(np.float64).eps
    assert (np.abs(got - ref) / (1.0 + x * x)).max() <= 4 * ulp
    # the test can tell: the plain difference fails the first bound far out
    assert (np.abs(plain - ref) / (1.0 + np.abs(ref)))[exact].max() > 1e-14


def test_logcdf_in_the_band_closer_to_rho_minus_one(bn):
    """400 stored 50-digit values (make_logcdf_mpmath.py --closer) in the thin band
    along the anti-diagonal with 1 - |rho| from 1e-12 to 1e-9, where P is down to
    1e-6 of Phi(h): P to 1e-10 relative (1e-11 here) wherever it is at least 1e-300."""
    rows, (_, _, r), _, _, big, rel = stored_logcdf_errors(bn, "logcdf_mpmath_closer")
    assert len(rows) == 400
    assert (1 + r).min() < 2e-12
    assert big.sum() >= 300
    worst = np.where(big, rel, 0.0)
    assert worst.max() <= 1e-11, rows[int(np.argmax(worst))]  # the issue: 1e-10
