"""Traced parameters outside the parameter space: NaN everywhere.

Under ``jit``, ``vmap`` and ``grad`` the values of the parameters are unknown when
the law is built, so they cannot be refused. The contract: every output is NaN,
never a plausible number; the degenerate limits (a standard deviation of 0,
rho = +-1) keep their limits where the law has one; nothing is staged but
arithmetic (no effect in the jaxpr). Concrete laws rebuilt from invalid leaves
raise instead: ``test_laws.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from _helpers import MODERATE, SETTINGS
from hypothesis import given, settings
from hypothesis import strategies as st

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
INF, NAN = math.inf, math.nan
X = np.array([0.0, 1.3, -2.0, INF])
Y = np.array([0.5, -1.2, 3.0, 0.0])
Z = np.array([[0.3, -0.7], [1.5, 2.0]])

# Values outside the closed parameter space, by parameter.
OUTSIDE = {
    "mean_x": [NAN, INF, -INF],
    "mean_y": [NAN, INF],
    "std_x": [-1.0, -1e-300, -INF, INF, NAN],
    "std_y": [-2.5, INF, NAN],
    "rho": [1.5, -1.0000001, INF, -INF, NAN],
}
BAD = st.sampled_from([(k, v) for k, vs in OUTSIDE.items() for v in vs])
# The boundary: degenerate laws.
BOUNDARY = st.sampled_from(
    [("std_x", 0.0), ("std_y", 0.0), ("rho", 1.0), ("rho", -1.0)]
)


def outputs(bnj, d):
    """Every output of every method, as a flat dict of arrays."""
    key = jax.random.key(0)
    mx, my = d.marginal_x(), d.marginal_y()
    cy, cx = d.conditional_y(X[:3]), d.conditional_x(Y)
    ex, ey = d.ellipse(0.9, 8)
    return {
        "pdf": d.pdf(X, Y),
        "logpdf": d.logpdf(X, Y),
        "cdf": d.cdf(X, Y),
        "prob_rect": d.prob_rect(-1.0, X, -INF, Y),
        "mahalanobis": d.mahalanobis(X, Y),
        "whiten": d.whiten(Z),
        "unwhiten": d.unwhiten(Z),
        "sample": d.sample(key, 5),
        "mean": d.mean,
        "cov": d.cov,
        "chol": d.chol,
        "marginal_x.mean": mx.mean,
        "marginal_x.std": mx.std,
        "marginal_y.pdf": my.pdf(Y),
        "marginal_x.cdf": mx.cdf(X),
        "marginal_x.sample": mx.sample(key, 3),
        "conditional_y.mean": cy.mean,
        "conditional_y.std": cy.std,
        "conditional_x.logpdf": cx.logpdf(X),
        "ellipse.x": ex,
        "ellipse.y": ey,
    }


_COMPILED = {}


def every_output(bnj):
    """``outputs`` of the law of five traced parameters, compiled once."""
    if "built" not in _COMPILED:
        _COMPILED["built"] = jax.jit(lambda p: outputs(bnj, bnj.BivariateNormal(*p)))
        _COMPILED["passed"] = jax.jit(lambda d: outputs(bnj, d))
    return _COMPILED


def _with(params, name, value):
    p = np.array(params, dtype=np.float64)
    p[PARAMS.index(name)] = value
    return p


FEW = settings(SETTINGS, max_examples=25)


@FEW
@given(params=MODERATE, bad=BAD)
def test_every_output_is_nan_under_jit(bnj, params, bad):
    name, value = bad
    got = every_output(bnj)["built"](_with(params, name, value))
    for key, out in got.items():
        assert np.isnan(np.asarray(out)).all(), (key, name, value, out)


@FEW
@given(params=MODERATE, bad=BAD)
def test_every_output_is_nan_for_a_law_passed_in(bnj, params, bad):
    """A law whose leaves became invalid outside the constructor (an optimiser
    step, tree_map) and is passed into jit as a pytree."""
    name, value = bad
    d = bnj.BivariateNormal(*params)
    leaves = [jnp.asarray(v) for v in _with(params, name, value)]
    e = jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(d), leaves)
    got = every_output(bnj)["passed"](e)
    for key, out in got.items():
        assert np.isnan(np.asarray(out)).all(), (key, name, value)


def test_vmap_marks_only_the_invalid_laws(bnj):
    stds = jnp.array([1.0, -1.0, 0.5, NAN])
    pdf = jax.vmap(lambda s: bnj.BivariateNormal(std_x=s).pdf(X[:3], Y[:3]))(stds)
    cdf = jax.vmap(lambda s: bnj.BivariateNormal(std_x=s).cdf(X[:3], Y[:3]))(stds)
    draws = jax.vmap(lambda s: bnj.BivariateNormal(std_x=s).sample(0, 4))(stds)
    for out in map(np.asarray, (pdf, cdf, draws)):
        assert np.isfinite(out[[0, 2]]).all()
        assert np.isnan(out[[1, 3]]).all()


def test_grad_is_nan_outside_and_exact_inside(bnj):
    def loss(s):
        d = bnj.BivariateNormal(std_x=s)
        return d.logpdf(0.5, 0.3) + d.cdf(0.5, 0.3) + d.sample(0, 2).sum()

    assert np.isnan(float(jax.grad(loss)(-1.0)))
    assert np.isfinite(float(jax.grad(loss)(1.0)))
    # Inside the space the masks change no value and no derivative.
    inside = jax.grad(lambda s: bnj.BivariateNormal(std_x=s).logpdf(0.5, 0.3))(1.5)
    u = 0.5 / 1.5
    assert float(inside) == pytest.approx((u * u - 1) / 1.5, rel=1e-14)


def test_normal_outputs_are_nan_under_jit(bnj):
    def every(s):
        n = bnj.Normal(0.5, s)
        return [
            n.pdf(X),
            n.logpdf(X),
            n.cdf(X),
            n.sf(X),
            n.ppf(np.array([0.1, 0.5])),
            n.sample(0, 3),
        ]

    for value in (-1.0, NAN, INF):
        for out in jax.jit(every)(value):
            assert np.isnan(np.asarray(out)).all(), value
    for out in jax.jit(every)(0.7):
        assert not np.isnan(np.asarray(out)).any()


@FEW
@given(params=MODERATE, edge=BOUNDARY)
def test_degenerate_limits(bnj, params, edge):
    """std 0 or |rho| = 1: the affine maps and moments keep their limits (a point
    or a line); the densities, the distance, whiten, cdf and prob_rect are NaN."""
    name, value = edge
    got = every_output(bnj)["built"](_with(params, name, value))
    kept = ("unwhiten", "sample", "mean", "cov", "chol", "ellipse.x", "ellipse.y")
    for key in kept:
        assert np.isfinite(np.asarray(got[key])).all(), (key, name, value)
    for key in ("pdf", "logpdf", "mahalanobis", "whiten", "cdf", "prob_rect"):
        assert np.isnan(np.asarray(got[key])).all(), (key, name, value)
    # The limit itself: the samples of rho = +-1 lie on the line, a std of 0 on
    # the mean.
    draws = np.asarray(got["sample"])
    mx, my, sx, sy, _ = params
    if name == "rho":
        u, v = (draws[:, 0] - mx) / sx, (draws[:, 1] - my) / sy
        assert (np.abs(v - value * u) <= 1e-9 * (1 + np.abs(u))).all()
    else:
        column = 0 if name == "std_x" else 1
        np.testing.assert_array_equal(draws[:, column], (mx, my)[column])


METHODS = {
    "pdf": lambda d: d.pdf(X, Y),
    "cdf": lambda d: d.cdf(X, Y),
    "prob_rect": lambda d: d.prob_rect(0.0, 1.0, 0.0, 1.0),
    "mahalanobis": lambda d: d.mahalanobis(X, Y),
    "whiten": lambda d: d.whiten(Z),
    "unwhiten": lambda d: d.unwhiten(Z),
    "sample": lambda d: d.sample(0, 3),
    "ellipse": lambda d: d.ellipse(0.5, 8)[0],
    "cov": lambda d: d.cov,
    "marginal": lambda d: d.marginal_x().mean,
    "conditional": lambda d: d.conditional_y(0.5).std,
}


def test_no_effect_is_staged(bnj):
    """A staged check or callback carries an effect, which takes an enclosing jit
    off JAX's fast dispatch path: the jaxprs have none."""
    d = bnj.BivariateNormal(0.3, -1.2, 1.5, 0.7, 0.6)
    for method, f in METHODS.items():
        jaxpr = jax.make_jaxpr(f)(d)
        assert not jaxpr.effects, (method, jaxpr.effects)
    jaxpr = jax.make_jaxpr(lambda s: bnj.BivariateNormal(std_x=s).pdf(X, Y))(1.0)
    assert not jaxpr.effects


def test_leaves_given_as_python_numbers(bnj):
    """``tree_unflatten`` with Python numbers beside a tracer, as a user may build a
    law inside a jitted likelihood: the same values as the constructor's law."""

    def f(rho):
        law = bnj.BivariateNormal.tree_unflatten(None, (0.5, -1.0, 2.0, 1.0, rho))
        return law.logcdf(0.3, -0.2), law.pdf(0.3, -0.2), law.marginal_x().cdf(0.3)

    d = bnj.BivariateNormal(0.5, -1.0, 2.0, 1.0, 0.4)
    expected = (d.logcdf(0.3, -0.2), d.pdf(0.3, -0.2), d.marginal_x().cdf(0.3))
    for got, want in zip(jax.jit(f)(0.4), expected, strict=True):
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-12)
    normal = bnj.Normal.tree_unflatten(None, (1.0, 2.0))
    np.testing.assert_allclose(
        np.asarray(normal.logcdf(0.0)), np.asarray(bnj.Normal(1.0, 2.0).logcdf(0.0))
    )
