"""Sampling, checked statistically with fixed keys, on both backends.

With fixed keys every check is deterministic. Bounds are five standard errors (or a
KS p-value of 1e-3): a correct sampler passes them, a wrong law fails them.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

N = 20_000
CASES = [
    (0.0, 1.0, 1.0, 1.4, 0.6),
    (-3.0, 2.0, 0.2, 5.0, -0.9),
    (10.0, -20.0, 3.0, 3.0, 0.0),
    (0.0, 0.0, 1e-8, 1e8, 0.999999),
    (1e6, -1e6, 1e3, 1e-2, -0.999999),
]


def standardized(params, xy):
    """(x - mu_x) / sigma_x and (y - mu_y) / sigma_y from the exact parameters."""
    mx, my, sx, sy, _ = params
    return (xy[:, 0] - mx) / sx, (xy[:, 1] - my) / sy


def ks_pvalue(z):
    return stats.kstest(z, "norm").pvalue


@pytest.fixture(params=CASES, ids=lambda p: f"rho={p[4]}-sx={p[2]}")
def case(request):
    return request.param


def test_shape_and_dtype(bn):
    d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    xy = np.asarray(d.sample(0, 17))
    assert xy.shape == (17, 2)
    assert xy.dtype == np.float64
    assert np.all(np.isfinite(xy))
    assert np.asarray(d.sample(0, 0)).shape == (0, 2)
    assert np.asarray(d.sample(0, np.int64(3))).shape == (3, 2)


def test_moments_and_correlation(bn, case):
    d = bn.BivariateNormal(*case)
    xy = np.asarray(d.sample(2024, N))
    u, v = standardized(case, xy)
    bound = 5 / math.sqrt(N)
    assert abs(u.mean()) < bound
    assert abs(v.mean()) < bound
    # variances: standard error sqrt(2 / N) relative
    assert abs(u.var() - 1) < 5 * math.sqrt(2 / N)
    assert abs(v.var() - 1) < 5 * math.sqrt(2 / N)
    # correlation through Fisher's z: atanh(r_hat) ~ N(atanh(rho), 1 / (N - 3))
    r_hat = np.corrcoef(u, v)[0, 1]
    assert abs(math.atanh(r_hat) - math.atanh(case[4])) < 5 / math.sqrt(N - 3)


def test_ks_marginals(bn, case):
    d = bn.BivariateNormal(*case)
    xy = np.asarray(d.sample(7, N))
    u, v = standardized(case, xy)
    assert ks_pvalue(u) > 1e-3
    assert ks_pvalue(v) > 1e-3
    # the Normal marginals' own cdf gives the same test
    assert (
        stats.kstest(xy[:, 0], lambda t: np.asarray(d.marginal_x().cdf(t))).pvalue
        > 1e-3
    )


def test_ks_whitened(bn, case):
    """whiten(samples) are two independent standard normals."""
    d = bn.BivariateNormal(*case)
    z = np.asarray(d.whiten(d.sample(11, N)))
    assert z.shape == (N, 2)
    assert ks_pvalue(z[:, 0]) > 1e-3
    assert ks_pvalue(z[:, 1]) > 1e-3
    assert abs(np.corrcoef(z.T)[0, 1]) < 5 / math.sqrt(N)
    # the squared radius is chi-square with 2 degrees of freedom
    r2 = np.sum(z * z, axis=1)
    assert stats.kstest(r2, stats.chi2(2).cdf).pvalue > 1e-3


def test_extreme_samples_stay_accurate(bn):
    """Means 1e6 with std 1e-8: samples keep their tiny spread around the mean."""
    params = (1e6, -1e6, 1e-8, 1e-8, 0.5)
    xy = np.asarray(bn.BivariateNormal(*params).sample(3, N))
    u, v = standardized(params, xy)
    # the float64 grid near 1e6 is 1.2e-10, i.e. 0.012 standard deviations
    assert abs(u.std() - 1) < 0.03
    assert abs(v.std() - 1) < 0.03
    assert abs(np.corrcoef(u, v)[0, 1] - 0.5) < 0.04


def _inside_polygon(px, py, xs, ys):
    """Even-odd rule: whether points (px, py) lie inside the closed polygon."""
    inside = np.zeros(px.shape, dtype=bool)
    for x0, y0, x1, y1 in zip(xs[:-1], ys[:-1], xs[1:], ys[1:], strict=True):
        crosses = (y0 > py) != (y1 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
        inside ^= crosses & (px < x_at)
    return inside


@pytest.mark.parametrize("prob", [0.5, 0.9, 0.95, 0.99])
def test_ellipse_coverage(bn, prob):
    """The fraction of samples inside the prob-ellipse is prob (binomial bound)."""
    params = (1.0, -2.0, 2.0, 0.5, -0.8)
    d = bn.BivariateNormal(*params)
    xy = np.asarray(d.sample(99, N))
    xs, ys = (np.asarray(v) for v in d.ellipse(prob=prob, num=200))
    inside = _inside_polygon(xy[:, 0], xy[:, 1], xs, ys)
    bound = 5 * math.sqrt(prob * (1 - prob) / N)
    assert abs(inside.mean() - prob) < bound
    # and by distance: the ellipse is the level set sqrt(-2 log(1 - p))
    dist = np.asarray(d.mahalanobis(xy[:, 0], xy[:, 1]))
    assert abs(np.mean(dist <= math.sqrt(-2 * math.log1p(-prob))) - prob) < bound


# -- keys ---------------------------------------------------------------------------
def test_same_key_same_samples_int_seed(bn):
    d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    a, b, c = (np.asarray(d.sample(k, 100)) for k in (5, 5, 6))
    np.testing.assert_array_equal(a, b)
    assert not np.any(a == c)
    # draws from two keys are independent
    assert abs(np.corrcoef(a[:, 0], c[:, 0])[0, 1]) < 5 / 10


def test_jax_keys(bnj):
    import jax

    d = bnj.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    for make_key in (jax.random.key, jax.random.PRNGKey):
        a = np.asarray(d.sample(make_key(1), 64))
        b = np.asarray(d.sample(make_key(1), 64))
        c = np.asarray(d.sample(make_key(2), 64))
        assert a.shape == (64, 2)
        np.testing.assert_array_equal(a, b)
        assert not np.any(a == c)
    split = jax.random.split(jax.random.key(0))
    a, b = (np.asarray(d.sample(k, 64)) for k in split)
    assert not np.any(a == b)


def test_numpy_generator_keys(bnn):
    """On the NumPy path a Generator is a key; it advances like any Generator."""
    d = bnn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    a = np.asarray(d.sample(np.random.default_rng(4), 50))
    b = np.asarray(d.sample(np.random.default_rng(4), 50))
    np.testing.assert_array_equal(a, b)
    rng = np.random.default_rng(4)
    first, second = np.asarray(d.sample(rng, 50)), np.asarray(d.sample(rng, 50))
    np.testing.assert_array_equal(first, a)
    assert not np.any(first == second)


def test_normal_sample_keys(bn):
    n = bn.Normal(2.0, 3.0)
    np.testing.assert_array_equal(
        np.asarray(n.sample(8, 30)), np.asarray(n.sample(8, 30))
    )
    assert not np.any(np.asarray(n.sample(8, 30)) == np.asarray(n.sample(9, 30)))
