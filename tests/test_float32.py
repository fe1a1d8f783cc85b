"""float32, what JAX gives a notebook by default: the accuracy each docstring claims.

Every claim is checked against float64 at the same float32 inputs (the float32
parameters and points, widened exactly), so what is measured is the arithmetic of
the method, not the rounding of its arguments. The float64 results are
themselves checked against SciPy and mpmath in the other test modules.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from _helpers import SETTINGS, laws
from hypothesis import given
from hypothesis import strategies as st

jax = pytest.importorskip("jax")

# |rho| up to 1 - 1e-6, where the float32 conditioning is worst.
RHO = st.one_of(
    st.floats(-0.95, 0.95),
    st.tuples(st.sampled_from([-1.0, 1.0]), st.floats(-6, -1.3)).map(
        lambda t: t[0] * (1 - 10.0 ** t[1])
    ),
)
LAWS32 = st.tuples(laws(rho=0.0), RHO).map(lambda t: (*t[0][:4], t[1]))
RADII = st.sampled_from([0.5, 1.0, 3.0, 6.0])
TINY = 1e-37  # about float32's smallest normal number, 1.2e-38


def _in32(params, u):
    """float32 parameters and points spread like the law (x = mu + L u)."""
    p = np.asarray(params, np.float32)
    mx, my, sx, sy, r = p.astype(np.float64)
    x = mx + sx * u[:, 0]
    y = my + sy * (r * u[:, 0] + math.sqrt((1 - r) * (1 + r)) * u[:, 1])
    return p, x.astype(np.float32), y.astype(np.float32)


def _both(bnj, p32, fn):
    """``fn(law)`` for the float32 law (x64 off) and the same law in float64."""
    with jax.enable_x64(False):
        lo = jax.tree_util.tree_map(
            lambda a: np.asarray(a, np.float64), fn(bnj.BivariateNormal(*p32))
        )
    hi = fn(bnj.BivariateNormal(*p32.astype(np.float64)))
    return lo, jax.tree_util.tree_map(lambda a: np.asarray(a, np.float64), hi)


def _points(seed, radius):
    rng = np.random.default_rng(seed)
    return radius * rng.normal(size=(64, 2))


@SETTINGS
@given(params=LAWS32, radius=RADII, seed=st.integers(0, 2**16))
def test_densities_and_distance(bnj, params, radius, seed):
    p32, x, y = _in32(params, _points(seed, radius))

    def fn(d):
        a, b = x.astype(d.rho.dtype), y.astype(d.rho.dtype)
        return (
            d.logpdf(a, b),
            d.pdf(a, b),
            d.mahalanobis(a, b),
            d.whiten(np.stack([a, b], -1)),
        )

    (lp, pdf, maha, white), (lp64, pdf64, maha64, white64) = _both(bnj, p32, fn)
    rho = float(p32[4])
    cond = 1.0 / math.sqrt(1.0 - abs(rho))
    q = maha64 * maha64
    assert (np.abs(lp - lp64) <= 1e-6 * (1 + q) * cond).all()
    normal = pdf64 > TINY  # float32 underflows below
    assert (np.abs(pdf - pdf64) <= 2e-6 * (1 + q) * cond * pdf64)[normal].all()
    assert (pdf[~normal] <= TINY).all()
    assert (np.abs(maha - maha64) <= 1e-6 * (1 + maha64) * cond).all()
    bound = 1e-6 * (1 + maha64) * cond
    assert (np.abs(white - white64) <= bound[:, None]).all()


@SETTINGS
@given(params=LAWS32, radius=RADII, seed=st.integers(0, 2**16))
def test_distribution_function_and_rectangles(bnj, params, radius, seed):
    p32, x, y = _in32(params, _points(seed, radius))
    sx, sy = float(p32[2]), float(p32[3])
    x0 = (x - np.float32(0.5 * sx)).astype(np.float32)
    y0 = (y - np.float32(0.5 * sy)).astype(np.float32)

    def fn(d):
        t = d.rho.dtype
        a, b, a0, b0 = (v.astype(t) for v in (x, y, x0, y0))
        return d.cdf(a, b), d.prob_rect(a0, a, b0, b)

    (cdf, rect), (cdf64, rect64) = _both(bnj, p32, fn)
    assert (np.abs(cdf - cdf64) <= 1e-6).all()
    assert (np.abs(rect - rect64) <= 1e-6).all()


@SETTINGS
@given(params=LAWS32, radius=RADII, seed=st.integers(0, 2**16))
def test_affine_maps_and_derived_laws(bnj, params, radius, seed):
    p32, x, _ = _in32(params, _points(seed, radius))
    z = _points(seed + 1, radius).astype(np.float32)

    def fn(d):
        t = d.rho.dtype
        c = d.conditional_y(x.astype(t))
        ex, ey = d.ellipse(0.9, 32)
        return d.unwhiten(z.astype(t)), c.mean, c.std, ex, ey

    (uw, cm, cs, ex, ey), (uw64, cm64, cs64, ex64, ey64) = _both(bnj, p32, fn)
    mean, std = np.abs(p32[:2].astype(np.float64)), p32[2:4].astype(np.float64)
    scale = mean + std * (1 + np.abs(z.astype(np.float64)))
    assert (np.abs(uw - uw64) <= 2e-6 * scale).all()
    assert (np.abs(cm - cm64) <= 2e-6 * (np.abs(cm64) + float(p32[3]))).all()
    assert (np.abs(cs - cs64) <= 1e-6 * cs64).all()
    r = math.sqrt(-2 * math.log(0.1))
    for got, want, k in ((ex, ex64, 0), (ey, ey64, 1)):
        assert (np.abs(got - want) <= 2e-6 * (mean[k] + std[k] * (1 + r))).all()


NORMAL32 = st.tuples(st.floats(-10, 10), st.floats(-1, 1).map(lambda t: 10.0**t))


@SETTINGS
@given(params=NORMAL32, radius=st.sampled_from([1.0, 5.0, 9.0]), seed=st.integers())
def test_normal(bnj, params, radius, seed):
    mean, std = np.float32(params[0]), np.float32(params[1])
    rng = np.random.default_rng(seed % 2**32)
    x = (mean + std * radius * rng.normal(size=64)).astype(np.float32)
    q = np.concatenate(
        [10.0 ** rng.uniform(-30, -1, 32), rng.uniform(0.01, 1 - 1e-6, 32)]
    ).astype(np.float32)

    def fn(n):
        t = n.std.dtype
        a = x.astype(t)
        return n.logpdf(a), n.pdf(a), n.cdf(a), n.sf(a), n.ppf(q.astype(t))

    with jax.enable_x64(False):
        lo = [np.asarray(v, np.float64) for v in fn(bnj.Normal(mean, std))]
    hi = [np.asarray(v) for v in fn(bnj.Normal(np.float64(mean), np.float64(std)))]
    (lp, pdf, cdf, sf, ppf), (lp64, pdf64, cdf64, sf64, ppf64) = lo, hi
    z = (x.astype(np.float64) - float(mean)) / float(std)
    grow = 1 + z * z
    assert (np.abs(lp - lp64) <= 1e-6 * grow).all()
    normal = pdf64 > TINY
    assert (np.abs(pdf - pdf64) <= 2e-6 * grow * pdf64)[normal].all()
    for got, want in ((cdf, cdf64), (sf, sf64)):
        keep = want > 1e-30
        assert (np.abs(got - want)[keep] <= 2e-6 * (grow * want)[keep]).all()
    assert (np.abs(ppf - ppf64) <= 2e-6 * (np.abs(ppf64) + float(std))).all()
