"""The sampler's own special functions and normals, pinned to their references.

``_log64`` and ``_erfinv64`` are written on the backend's array namespace, so they
are checked on both paths; the NumPy path draws with its Generator and uses them
nowhere else. The ulp bounds are the ones their docstrings state (measured on
these points and on a few million more).
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

TINY, HUGE = np.finfo(np.float64).tiny, np.finfo(np.float64).max
LO = np.nextafter(-1.0, 0.0)  # the sampler's uniforms lie in [LO, 1)


def ulps(actual, desired) -> np.ndarray:
    """|actual - desired| in units of the last place of ``desired``."""
    actual, desired = np.asarray(actual), np.asarray(desired)
    return np.abs(actual - desired) / np.spacing(np.abs(desired))


def compiled(bn, fn):
    return bn._backend.jit(fn)


@pytest.fixture(scope="module")
def erfinv_points():
    """A dense grid of (-1, 1), points crowding towards +-1, and the true erfinv."""
    rng = np.random.default_rng(12)
    near_one = 1.0 - np.geomspace(1e-16, 0.5, 400)
    x = np.concatenate([np.linspace(-1.0, 1.0, 601)[1:-1], near_one, -near_one])
    x = np.concatenate([x, rng.uniform(LO, 1.0, 300)])
    with mp.workdps(40):
        true = np.array([float(mp.erfinv(mp.mpf(float(v)))) for v in x])
    return x, true


def test_log64_within_one_ulp_of_numpy(bn):
    rng = np.random.default_rng(3)
    # Every positive normal float64 is a bit pattern in this range.
    bits = rng.integers(0x0010000000000000, 0x7FF0000000000000, size=500_000)
    t = np.concatenate(
        [
            bits.view(np.float64),
            np.geomspace(TINY, HUGE / 2.0, 200_001),
            np.linspace(0.5, 2.0, 200_001),  # around the reduction's cut, sqrt 2
            np.nextafter(1.0, [0.0, 2.0]),
            [TINY, HUGE, 1.0, 2.0, 0.5],
        ]
    )
    got = np.asarray(compiled(bn, bn._random._log64)(t))
    assert got.dtype == np.float64
    assert ulps(got, np.log(t)).max() <= 1.0
    assert got[-3] == 0.0  # log 1, exactly


def test_erfinv64_within_four_ulp_of_mpmath(bn, erfinv_points):
    x, true = erfinv_points
    got = np.asarray(compiled(bn, bn._random._erfinv64)(x))
    assert ulps(got, true).max() <= 4.0
    # odd, as the true function: the polynomial is in x^2, times x
    np.testing.assert_array_equal(
        np.asarray(compiled(bn, bn._random._erfinv64)(-x)), -got
    )


def test_erfinv64_against_jax_scipy(bnj, erfinv_points):
    """Within 21 ulp of XLA's erfinv for |x| <= 0.99: XLA's own error there.

    Nearer +-1 XLA forms 1 - x^2 with a rounding and loses up to 5e5 ulp, 1.1e-10
    relative; the fast version forms (1 - x)(1 + x), which is exact there.
    """
    import jax

    x, true = erfinv_points
    x = np.concatenate([x, np.linspace(-0.99, 0.99, 400_001)])
    ours = np.asarray(compiled(bnj, bnj._random._erfinv64)(x))
    xla = np.asarray(jax.jit(jax.scipy.special.erfinv)(x))
    inner = np.abs(x) <= 0.99
    assert ulps(ours[inner], xla[inner]).max() <= 21.0
    assert np.all(np.abs(ours - xla) <= 1.1e-10 * np.abs(xla))
    # ... and where they differ most, ours is the accurate one.
    outer = np.flatnonzero(~inner[: len(true)])
    assert ulps(ours[outer], true[outer]).max() <= 4.0
    assert ulps(xla[outer], true[outer]).max() > 1000.0


def test_float64_normals_are_jax_normals_inverted_accurately(bnj):
    """The same uniforms and law as jax.random.normal; only erfinv differs."""
    import jax

    key = jax.random.key(11)
    ours = np.asarray(bnj._random.standard_normal(key, (200_000,), np.float64))
    theirs = np.asarray(jax.random.normal(key, (200_000,), np.float64))
    assert np.all(np.abs(ours - theirs) <= 1.1e-10 * np.abs(theirs))

    def inverted(key):
        u = jax.random.uniform(key, (200_000,), np.float64, LO, 1.0)
        return math.sqrt(2.0) * bnj._random._erfinv64(u)

    np.testing.assert_array_equal(ours, np.asarray(compiled(bnj, inverted)(key)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_standard_normal_shape_dtype_and_key_forms(bn, dtype):
    if bn.BACKEND == "numpy" and dtype == np.float32:
        pytest.skip("the NumPy path computes in float64")
    draw = bn._random.standard_normal
    z = draw(5, (7, 3), dtype)
    assert z.shape == (7, 3)
    assert z.dtype == dtype
    np.testing.assert_array_equal(np.asarray(draw(5, [7, 3], dtype)), np.asarray(z))
    assert np.asarray(draw(5, (0, 2), dtype)).shape == (0, 2)
    with pytest.raises(ValueError, match=r"key must be .*got key=True"):
        draw(True, (3,), dtype)


def test_both_samplers_draw_from_it(bn):
    """Normal.sample and BivariateNormal.sample map the same standard normals."""
    z = np.asarray(bn._random.standard_normal(21, (50, 2), np.float64))
    d = bn.BivariateNormal(1.0, -2.0, 0.5, 3.0, 0.7)
    np.testing.assert_array_equal(np.asarray(d.sample(21, 50)), d.unwhiten(z))
    n = bn.Normal(3.0, 2.0)
    z1 = np.asarray(bn._random.standard_normal(21, (50,), np.float64))
    np.testing.assert_allclose(np.asarray(n.sample(21, 50)), 3.0 + 2.0 * z1, rtol=0)


def test_sharding_needs_jax(bnn):
    with pytest.raises(ValueError, match="sharding needs JAX, got sharding='s'"):
        bnn._random.standard_normal(0, (3,), np.float64, sharding="s")


def test_backend_uniforms(bn):
    """The uniforms that the inversion dtypes map (both backends provide them)."""
    u = np.asarray(
        bn._backend.random_uniform(bn._random.as_key(0), (4000,), np.float64, LO, 1.0)
    )
    assert u.shape == (4000,)
    assert u.dtype == np.float64
    assert LO <= u.min() <= u.max() < 1.0
    assert abs(u.mean()) < 5 * math.sqrt(1.0 / 3.0 / 4000)
