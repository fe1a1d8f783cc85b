"""The univariate normal against scipy.stats.norm and mpmath, on both backends."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from _helpers import NORMAL_MEANS, NORMAL_STDS, SETTINGS, assert_close
from hypothesis import given
from scipy import stats

U = np.linspace(-6.0, 6.0, 13)  # standardized evaluation points


def _tol(ref, rtol):
    """Absolute tolerance ``rtol * max(1, |ref|)``: for log-densities."""
    return rtol * np.maximum(1.0, np.abs(ref))


means, stds = NORMAL_MEANS, NORMAL_STDS


def test_defaults(bn):
    d = bn.Normal()
    assert float(d.mean) == 0.0
    assert float(d.std) == 1.0
    assert float(d.var) == 1.0


def test_positional_and_keywords(bn):
    d = bn.Normal(1.5, 2.5)
    e = bn.Normal(mean=1.5, std=2.5)
    assert float(d.mean) == float(e.mean) == 1.5
    assert float(d.std) == float(e.std) == 2.5
    assert float(d.var) == pytest.approx(6.25, rel=1e-15)


@SETTINGS
@given(mean=means, std=stds)
def test_against_scipy(bn, mean, std):
    d = bn.Normal(mean, std)
    x = mean + std * U
    ref = stats.norm(mean, std)
    lp = ref.logpdf(x)
    assert_close(np.asarray(d.logpdf(x)), lp, rtol=0, atol=_tol(lp, 1e-13))
    assert_close(np.asarray(d.pdf(x)), ref.pdf(x), rtol=1e-13, atol=0)
    assert_close(np.asarray(d.cdf(x)), ref.cdf(x), rtol=1e-13, atol=0)
    assert_close(np.asarray(d.sf(x)), ref.sf(x), rtol=1e-13, atol=0)


@SETTINGS
@given(mean=means, std=stds)
def test_ppf_against_scipy(bn, mean, std):
    d = bn.Normal(mean, std)
    q = np.array([1e-300, 1e-12, 1e-3, 0.025, 0.3, 0.5, 0.7, 0.975, 1 - 1e-9])
    ref = stats.norm(mean, std).ppf(q)
    got = np.asarray(d.ppf(q))
    # mean + std * z: error bound of the sum, not of z alone
    scale = np.abs(mean) + std * np.abs(stats.norm.ppf(q))
    # XLA on CPU flushes subnormals to zero: a subnormal mean may come back as 0.
    tiny = np.finfo(np.float64).tiny
    assert_close(got, ref, rtol=0, atol=1e-13 * scale + tiny)


def test_ppf_inverts_cdf(bn):
    d = bn.Normal(-2.0, 3.0)
    x = np.linspace(-26.0, 1.0, 28)  # z in [-8, 1]: where cdf keeps full precision
    assert_close(np.asarray(d.ppf(d.cdf(x))), x, rtol=1e-12, atol=1e-12)


def test_tails_against_mpmath(bn):
    """cdf deep in the lower tail and sf deep in the upper tail: no 1 - p loss."""
    d = bn.Normal(1.0, 2.0)
    z = np.array([-37.0, -30.0, -20.0, -10.0, -3.0, 0.0, 3.0, 10.0, 20.0, 30.0, 37.0])
    x = 1.0 + 2.0 * z  # exact in binary
    cdf = np.asarray(d.cdf(x))
    sf = np.asarray(d.sf(x))
    with mp.workdps(50):
        cdf_ref = np.array([float(mp.ncdf(mp.mpf(v))) for v in z])
        sf_ref = np.array([float(mp.ncdf(-mp.mpf(v))) for v in z])
    # condition number of the tail wrt z is ~ z^2: one rounding of z / sqrt(2)
    rtol = 4 * np.finfo(np.float64).eps * (1 + z * z)
    assert_close(cdf, cdf_ref, rtol=rtol)
    assert_close(sf, sf_ref, rtol=rtol)


def test_logpdf_extremes_against_mpmath(bn):
    for mean, std in [(1e6, 1e-8), (-1e6, 1e8), (0.0, 1e-8), (3.0, 1e8)]:
        d = bn.Normal(mean, std)
        x = mean + std * U
        got = np.asarray(d.logpdf(x))
        ref = []
        with mp.workdps(50):
            for xi in x:
                z = (mp.mpf(float(xi)) - mp.mpf(mean)) / mp.mpf(std)
                ref.append(float(-z * z / 2 - mp.log(std) - mp.log(2 * mp.pi) / 2))
        ref = np.array(ref)
        assert_close(got, ref, rtol=0, atol=_tol(ref, 1e-13))


def test_broadcasting(bn):
    """mean and std broadcast: one object holds a family of normals."""
    mean = np.array([0.0, 1.0, 2.0])
    std = np.array([[1.0], [2.0]])
    d = bn.Normal(mean, std)
    x = np.array([[0.5, -1.0, 3.0], [0.1, 0.2, 0.3]])
    got = np.asarray(d.logpdf(x))
    assert got.shape == (2, 3)
    assert_close(got, stats.norm(mean, std).logpdf(x), rtol=1e-14)
    assert np.asarray(d.pdf(0.0)).shape == (2, 3)


def test_accepts_lists_and_scalars(bn):
    d = bn.Normal(0.0, 2.0)
    assert np.asarray(d.pdf(1.0)).shape == ()
    got = np.asarray(d.pdf([0.0, 1.0, 2.0]))
    assert_close(got, stats.norm(0.0, 2.0).pdf([0.0, 1.0, 2.0]), rtol=1e-14)


def test_dtype_float64(bn):
    d = bn.Normal(0.5, 1.5)
    for value in (d.mean, d.std, d.pdf(0.3), d.logpdf(0.3), d.cdf(0.3), d.sample(0, 4)):
        assert np.asarray(value).dtype == np.float64


@pytest.mark.parametrize(("mean", "std"), [(0.0, 1.0), (-3.0, 0.25), (1e4, 50.0)])
def test_sample_statistics(bn, mean, std):
    n = 20_000
    d = bn.Normal(mean, std)
    x = np.asarray(d.sample(7, n))
    assert x.shape == (n,)
    assert abs(x.mean() - mean) < 5 * std / np.sqrt(n)
    # sample variance: standard error sqrt(2 / n) relative
    assert abs(x.var() / std**2 - 1) < 5 * np.sqrt(2 / n)
    assert stats.kstest(x, stats.norm(mean, std).cdf).pvalue > 1e-3


def test_sample_batched_shape(bn):
    d = bn.Normal(np.array([0.0, 10.0, -10.0]), 2.0)
    x = np.asarray(d.sample(3, 5000))
    assert x.shape == (5000, 3)
    assert_close(x.mean(axis=0), [0.0, 10.0, -10.0], atol=5 * 2 / 70)


def test_sample_reproducible(bn):
    d = bn.Normal(1.0, 2.0)
    np.testing.assert_array_equal(
        np.asarray(d.sample(5, 50)), np.asarray(d.sample(5, 50))
    )
    assert not np.array_equal(np.asarray(d.sample(5, 50)), np.asarray(d.sample(6, 50)))
    assert np.asarray(d.sample(5, 0)).shape == (0,)


def test_repr(bn):
    assert repr(bn.Normal(1.5, 2.0)) == "Normal(mean=1.5, std=2.0)"
    assert repr(bn.Normal([0.0, 1.0], 2.0)) == "Normal(mean=[0. 1.], std=2.0)"


def test_repr_on_tracers(bnj):
    import jax

    seen = []
    jax.jit(lambda d: seen.append(repr(d)) or d.mean)(bnj.Normal(1.5, 2.0))
    assert seen == ["Normal(mean=<traced>, std=<traced>)"]
