"""A law is valid wherever it exists, and batches of laws are the laws one by one.

However a law is built (constructor, ``tree_unflatten``, ``tree_map``, the output
of ``jit`` or ``vmap``), a concrete invalid one raises a ValueError naming the
parameter at its first use, from every method, on both paths; a traced one gives
NaN (``test_traced_params.py``). Standard deviations outside the range where the
law's quantities are finite are refused at construction with the range.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from _helpers import MODERATE, SETTINGS
from hypothesis import given
from hypothesis import strategies as st

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
X = np.array([0.0, 1.3, -2.0])
Y = np.array([0.5, -1.2, 3.0])
Z = np.array([[0.3, -0.7], [1.5, 2.0]])


def naming(*parts: str) -> str:
    return "(?s)" + "".join(f"(?=.*{re.escape(part)})" for part in parts)


METHODS = {
    "pdf": lambda d: d.pdf(X, Y),
    "logpdf": lambda d: d.logpdf(X, Y),
    "cdf": lambda d: d.cdf(X, Y),
    "logcdf": lambda d: d.logcdf(X, Y),
    "prob_rect": lambda d: d.prob_rect(-1.0, X, -1.0, Y),
    "mahalanobis": lambda d: d.mahalanobis(X, Y),
    "whiten": lambda d: d.whiten(Z),
    "unwhiten": lambda d: d.unwhiten(Z),
    "sample": lambda d: d.sample(0, 3),
    "mean": lambda d: d.mean,
    "cov": lambda d: d.cov,
    "chol": lambda d: d.chol,
    "principal_axes": lambda d: d.principal_axes(),
    "marginal_x": lambda d: d.marginal_x(),
    "conditional_y": lambda d: d.conditional_y(0.5),
    "ellipse": lambda d: d.ellipse(0.5, 8),
}
NORMAL_METHODS = {
    "pdf": lambda n: n.pdf(X),
    "logcdf": lambda n: n.logcdf(X),
    "ppf": lambda n: n.ppf(0.3),
    "sample": lambda n: n.sample(0, 3),
    "var": lambda n: n.var,
}
BAD = st.sampled_from(
    [
        ("mean_x", math.nan),
        ("mean_y", math.inf),
        ("std_x", -1.0),
        ("std_x", 0.0),
        ("std_y", math.nan),
        ("std_y", 1e-310),
        ("rho", 1.0),
        ("rho", -1.5),
    ]
)


def _rebuilt(bn, params, name, value):
    leaves = list(params)
    leaves[PARAMS.index(name)] = value
    return bn.BivariateNormal.tree_unflatten(None, [np.float64(v) for v in leaves])


@SETTINGS
@given(params=MODERATE, bad=BAD, method=st.sampled_from(sorted(METHODS)))
def test_a_rebuilt_invalid_law_raises_at_first_use(bn, params, bad, method):
    """tree_unflatten (what tree_map and transforms call) with invalid concrete
    leaves: every method raises, naming the parameter and the way it was made."""
    name, value = bad
    d = _rebuilt(bn, params, name, value)
    with pytest.raises(ValueError, match=naming(name, "rebuilt from its leaves")):
        METHODS[method](d)


@SETTINGS
@given(params=MODERATE, method=st.sampled_from(sorted(METHODS)))
def test_a_rebuilt_valid_law_is_the_law(bn, params, method):
    d = bn.BivariateNormal(*params)
    e = bn.BivariateNormal.tree_unflatten(None, d.tree_flatten()[0])
    want, got = METHODS[method](d), METHODS[method](e)
    if isinstance(want, bn.Normal):
        want, got = want.tree_flatten()[0], got.tree_flatten()[0]
    for a, b in zip(np.atleast_1d(want), np.atleast_1d(got), strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize("method", sorted(NORMAL_METHODS))
@pytest.mark.parametrize(("mean", "std"), [(0.0, -1.0), (math.inf, 1.0), (0.0, 0.0)])
def test_a_rebuilt_invalid_normal_raises(bn, method, mean, std):
    n = bn.Normal.tree_unflatten(None, (np.float64(mean), np.float64(std)))
    name = "mean" if mean != 0.0 else "std"
    with pytest.raises(ValueError, match=naming(name, "rebuilt")):
        NORMAL_METHODS[method](n)


def test_tree_map_jit_and_vmap_outputs_are_checked(bnj):
    """The JAX ways of making a law without its constructor."""
    import jax

    d = bnj.BivariateNormal(0.3, -1.2, 1.5, 0.7, 0.6)
    negated = jax.tree_util.tree_map(lambda v: -v, d)
    with pytest.raises(ValueError, match=naming("std_x", "rebuilt")):
        negated.principal_axes()
    shifted = jax.jit(lambda e: jax.tree_util.tree_map(lambda v: v - 1.0, e))(d)
    with pytest.raises(ValueError, match=naming("std_y", "rebuilt")):
        shifted.sample(0, 4)
    made = jax.vmap(lambda s: bnj.BivariateNormal(std_x=s))(np.array([1.0, -1.0]))
    with pytest.raises(ValueError, match=naming("std_x", "rebuilt")):
        made.pdf(0.0, 0.0)
    # Laws never used as laws (a pytree of gradients) are never checked.
    grads = jax.grad(lambda e: e.logpdf(0.1, 0.2))(d)
    assert isinstance(grads, bnj.BivariateNormal)
    assert np.isfinite(np.asarray(grads.tree_flatten()[0])).all()


# -- the standard deviations' range ---------------------------------------------------
@pytest.mark.parametrize("value", [1e-310, 5e-324, 1e-160, 4.5e307, 1e200])
@pytest.mark.parametrize("cls", ["BivariateNormal", "Normal"])
def test_std_outside_the_finite_range_is_refused_with_the_range(bn, width, cls, value):
    with width():
        make = getattr(bn, cls)
        name = "std_x" if cls == "BivariateNormal" else "std"
        with pytest.raises(ValueError, match=naming(name, "lie in [2**-", "2**")):
            make(**{name: value})


@SETTINGS
@given(
    exponent=st.integers(-63, 63),
    rho=st.floats(-0.999, 0.999),
)
def test_every_std_in_the_range_gives_finite_quantities(bn, width, exponent, rho):
    scale = 2.0 ** (exponent * (8 if width.bits == 64 else 1))
    with width():
        d = bn.BivariateNormal(0.0, 0.0, scale, scale, rho)
        for value in (d.cov, d.chol, d.pdf(0.0, 0.0), d.logpdf(scale, -scale)):
            assert np.isfinite(np.asarray(value)).all(), (scale, value)
        assert np.asarray(d.pdf(0.0, 0.0)) > 0


# -- batches ------------------------------------------------------------------------
BATCH = [
    (0.0, 0.3, 1.0, 0.5, 0.6),
    (1.0, -0.3, 2.0, 1.5, -0.2),
    (-2.0, 0.0, 0.7, 3.0, 0.95),
]


def _batch(bn):
    columns = [np.array(column) for column in zip(*BATCH, strict=True)]
    return bn.BivariateNormal(*columns), [bn.BivariateNormal(*p) for p in BATCH]


@pytest.mark.parametrize("method", sorted(METHODS))
def test_a_batch_of_laws_is_the_laws_one_by_one(bn, width, method):
    """Every method of a batch, law i, equals that law's own: samples included
    (the same key gives each law its own draws)."""
    with width():
        batch, laws = _batch(bn)
        if method in {"pdf", "logpdf", "cdf", "logcdf", "mahalanobis", "prob_rect"}:
            got = np.asarray(METHODS[method](batch))
            x, y = X[:, None], Y[:, None]
            batched_points = {
                "pdf": batch.pdf(x, y),
                "logpdf": batch.logpdf(x, y),
                "cdf": batch.cdf(x, y),
                "logcdf": batch.logcdf(x, y),
                "mahalanobis": batch.mahalanobis(x, y),
                "prob_rect": batch.prob_rect(-1.0, x, -1.0, y),
            }[method]
            got = np.asarray(batched_points)
            want = np.stack([np.asarray(METHODS[method](d)) for d in laws], axis=-1)
            np.testing.assert_allclose(
                got, want, rtol=1e-12 if width.bits == 64 else 1e-6
            )
            return
        if method in {"whiten", "unwhiten"}:
            points = Z[:, None, :]
            got = np.asarray(getattr(batch, method)(points))
            want = np.stack([np.asarray(getattr(d, method)(Z)) for d in laws], axis=1)
        elif method == "sample":
            got = np.asarray(batch.sample(0, 5))
            want = np.stack([np.asarray(d.sample(0, 5)) for d in laws], axis=1)
        elif method == "ellipse":
            got = np.stack([np.asarray(v) for v in batch.ellipse(0.5, 8)])
            want = np.stack(
                [np.stack([np.asarray(v) for v in d.ellipse(0.5, 8)]) for d in laws],
                axis=-1,
            )
        elif method in {"marginal_x", "conditional_y"}:
            got = np.stack(
                [np.asarray(v) for v in METHODS[method](batch).tree_flatten()[0]]
            )
            want = np.stack(
                [
                    np.stack(
                        [np.asarray(v) for v in METHODS[method](d).tree_flatten()[0]]
                    )
                    for d in laws
                ],
                axis=-1,
            )
        elif method == "principal_axes":
            got = np.stack(batch.principal_axes())
            want = np.stack([np.array(d.principal_axes()) for d in laws], axis=-1)
        else:
            got = np.asarray(METHODS[method](batch))
            want = np.stack([np.asarray(METHODS[method](d)) for d in laws])
        np.testing.assert_allclose(got, want, rtol=1e-12 if width.bits == 64 else 1e-6)


def test_normal_batches_follow_the_same_rule(bn, width):
    with width():
        batch = bn.Normal(np.array([0.0, 1.0, -2.0]), np.array([1.0, 2.0, 0.5]))
        laws = [bn.Normal(m, s) for m, s in ((0.0, 1.0), (1.0, 2.0), (-2.0, 0.5))]
        got = np.asarray(batch.sample(3, 6))
        want = np.stack([np.asarray(n.sample(3, 6)) for n in laws], axis=1)
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(
            np.asarray(batch.cdf(0.5)), [float(n.cdf(0.5)) for n in laws]
        )


def test_figures_refuse_a_batch(bn):
    batch, _ = _batch(bn)
    with pytest.raises(ValueError, match=naming("dist", "not a batch")):
        bn.plot_ellipse(batch)
