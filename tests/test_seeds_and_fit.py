"""Seeds of any size Python accepts, and fits of extreme data, on every path."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from _helpers import SETTINGS
from hypothesis import given
from hypothesis import strategies as st


def naming(*parts: str) -> str:
    return "(?s)" + "".join(f"(?=.*{re.escape(part)})" for part in parts)


@SETTINGS
@given(seed=st.integers(-(2**63), 2**64 - 1))
def test_every_64_bit_seed_draws(bn, width, seed):
    """Seeds from -2**63 to 2**64 - 1 work on both paths, negative ones as their
    64 bits (-1 is 2**64 - 1), each the same stream on every call."""
    with width():
        d = bn.BivariateNormal(0.3, -1.2, 1.5, 0.7, 0.6)
        first = np.asarray(d.sample(seed, 4))
        assert first.shape == (4, 2)
        assert np.isfinite(first).all()
        np.testing.assert_array_equal(first, np.asarray(d.sample(seed, 4)))
        twin = seed + 2**64 if seed < 0 else seed - 2**64
        if -(2**63) <= twin < 2**64:
            np.testing.assert_array_equal(first, np.asarray(d.sample(twin, 4)))
        np.testing.assert_array_equal(
            np.asarray(bn.Normal(1.0, 2.0).sample(seed, 3)),
            np.asarray(bn.Normal(1.0, 2.0).sample(np.uint64(seed % 2**64), 3)),
        )


@SETTINGS
@given(seed=st.one_of(st.integers(2**64, 2**200), st.integers(-(2**200), -(2**63) - 1)))
def test_seeds_beyond_64_bits_are_refused_clearly(bn, seed):
    """random.Random takes them; bivnorm refuses them naming the range, rather
    than folding them onto another seed's stream."""
    random.Random(seed)
    with pytest.raises(ValueError, match=naming("key", "64 bits", str(seed))):
        bn.BivariateNormal().sample(seed, 2)


@pytest.mark.parametrize("seed", [1.5, "abc", b"abc", None, True])
def test_seeds_that_are_not_ints_are_refused(bn, seed):
    random.Random(seed)  # Python accepts each of them
    with pytest.raises(ValueError, match=naming("key must be", repr(seed))):
        bn.BivariateNormal().sample(seed, 2)


# -- fit ------------------------------------------------------------------------------
@SETTINGS
@given(
    exponent=st.integers(-150, 150),
    rho=st.floats(-0.9, 0.9),
    offset=st.floats(-1e3, 1e3),
)
def test_fit_of_scaled_data_is_the_scaled_fit(bn, exponent, rho, offset):
    """fit is exact under scaling by powers of two: data near 2**+-500 fit as well
    as data near 1 (no overflow in the sums), wherever the law can be held."""
    rng = np.random.default_rng(abs(exponent))
    z = rng.standard_normal((50, 2))
    data = np.column_stack([z[:, 0], rho * z[:, 0] + 0.5 * z[:, 1]]) + offset
    scale = 2.0 ** (exponent * 3)
    base = bn.BivariateNormal.fit(data)
    want = [float(v) for v in base.tree_flatten()[0]]
    if bn.HAS_JAX and np.asarray(base.std_x).dtype == np.float32:
        pytest.skip("float32 cannot hold the scaled laws")
    fitted = bn.BivariateNormal.fit(data * scale)
    got = [float(v) for v in fitted.tree_flatten()[0]]
    np.testing.assert_allclose(got[:4], [w * scale for w in want[:4]], rtol=1e-14)
    assert got[4] == pytest.approx(want[4], rel=1e-14)


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (np.array([[1e300, 0.0], [-1e300, 1.0], [0.0, 2.0]]), "std_x must lie in"),
        (np.array([[1e-300, 0.0], [-1e-300, 1.0], [0.0, 2.0]]), "std_x must lie in"),
        (np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]), "not all on one line"),
        (np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]), "not all on one line"),
        (np.array([[np.inf, 0.0], [1.0, 1.0]]), "xy must be finite"),
    ],
)
def test_fit_of_extreme_data_is_refused_naming_xy(bn, width, data, shown):
    with width(), pytest.raises(ValueError, match=naming("xy", shown)):
        bn.BivariateNormal.fit(data)
