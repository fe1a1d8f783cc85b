"""JAX transforms: pytree, jit on/off, vmap, grad, compile counting, dtypes."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from _helpers import assert_close, laws, run_python
from hypothesis import given, settings

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
P0 = (0.3, -1.2, 1.5, 0.7, 0.6)
X = np.array([0.0, 1.3, -2.0, 4.5, 0.3])
Y = np.array([0.5, -1.2, -3.0, 1.0, -1.0])

moderate = laws(mean=5.0, decades=0.5, rho=0.9)


def analytic_grad(params, x, y):
    """d logpdf / d (mean_x, mean_y, std_x, std_y, rho, x, y), closed form."""
    mx, my, sx, sy, r = params
    u, v = (x - mx) / sx, (y - my) / sy
    s2 = (1 - r) * (1 + r)
    gu, gv = (u - r * v) / s2, (v - r * u) / s2  # -d logpdf / du, dv
    quad = u * u - 2 * r * u * v + v * v
    return {
        "mean_x": gu / sx,
        "mean_y": gv / sy,
        "std_x": (gu * u - 1) / sx,
        "std_y": (gv * v - 1) / sy,
        "rho": r / s2 + u * v / s2 - r * quad / s2**2,
        "x": -gu / sx,
        "y": -gv / sy,
    }


# -- pytree ---------------------------------------------------------------------------
def test_pytree_leaves_are_the_parameters(bnj):
    d = bnj.BivariateNormal(*P0)
    leaves, treedef = jax.tree_util.tree_flatten(d)
    assert len(leaves) == 5
    assert sorted(float(v) for v in leaves) == sorted(P0)
    e = jax.tree_util.tree_unflatten(treedef, leaves)
    assert isinstance(e, bnj.BivariateNormal)
    for name in PARAMS:
        assert float(getattr(e, name)) == float(getattr(d, name))
    doubled = jax.tree_util.tree_map(lambda v: 2 * v, d)
    assert float(doubled.std_x) == 2 * P0[2]
    n = bnj.Normal(1.0, 2.0)
    assert sorted(float(v) for v in jax.tree_util.tree_leaves(n)) == [1.0, 2.0]


def test_jit_on_and_off(bnj):
    d = bnj.BivariateNormal(*P0)
    z = np.random.default_rng(0).normal(size=(6, 2))
    cases = {
        "logpdf": lambda d: d.logpdf(X, Y),
        "pdf": lambda d: d.pdf(X, Y),
        "mahalanobis": lambda d: d.mahalanobis(X, Y),
        "unwhiten": lambda d: d.unwhiten(z),
        "whiten": lambda d: d.whiten(z),
        "cov": lambda d: d.cov,
        "chol": lambda d: d.chol,
        "sample": lambda d: d.sample(jax.random.key(3), 8),
        "cond": lambda d: d.conditional_y(X).logpdf(Y),
        "marg": lambda d: d.marginal_x().cdf(X),
    }
    for name, fn in cases.items():
        eager = np.asarray(fn(d))
        jitted = np.asarray(jax.jit(fn)(d))
        with jax.disable_jit():
            plain = np.asarray(fn(d))
        np.testing.assert_allclose(jitted, eager, rtol=1e-14, atol=1e-15, err_msg=name)
        np.testing.assert_allclose(plain, eager, rtol=1e-14, atol=1e-15, err_msg=name)


def test_construct_inside_jit(bnj):
    @jax.jit
    def logpdf(p, x, y):
        return bnj.BivariateNormal(*p).logpdf(x, y)

    got = np.asarray(logpdf(jnp.asarray(P0), X, Y))
    np.testing.assert_allclose(
        got, np.asarray(bnj.BivariateNormal(*P0).logpdf(X, Y)), rtol=1e-14
    )

    # a distribution can be returned from jit (it is a pytree)
    d = jax.jit(lambda p: bnj.BivariateNormal(*p))(jnp.asarray(P0))
    assert isinstance(d, bnj.BivariateNormal)
    assert float(d.rho) == P0[4]


def test_from_cov_inside_jit(bnj):
    mean = np.array([0.3, -1.2])
    cov = np.array([[2.0, 0.6], [0.6, 0.5]])

    @jax.jit
    def logpdf(m, c):
        return bnj.BivariateNormal.from_cov(m, c).logpdf(X, Y)

    ref = np.asarray(bnj.BivariateNormal.from_cov(mean, cov).logpdf(X, Y))
    np.testing.assert_allclose(np.asarray(logpdf(mean, cov)), ref, rtol=1e-13)


def test_value_checks_skipped_shape_checks_kept_under_jit(bnj):
    # values are unknown while tracing: no error, the result is simply NaN
    out = jax.jit(lambda s: bnj.BivariateNormal(std_x=s).logpdf(0.0, 0.0))(-1.0)
    assert np.isnan(np.asarray(out))
    # shapes are known: parameters that do not broadcast are still refused
    with pytest.raises(ValueError, match=r"mean_x.*rho"):
        jax.jit(lambda m: bnj.BivariateNormal(mean_x=m, rho=jnp.zeros(2)))(jnp.zeros(3))
    with pytest.raises(ValueError, match="rho"):
        jax.vmap(lambda r: bnj.BivariateNormal(rho=r, std_x=jnp.ones(3)))(
            jnp.zeros((4, 2))
        )


def test_vmap_over_parameters(bnj):
    rng = np.random.default_rng(1)
    batch = np.column_stack(
        [
            rng.uniform(-3, 3, 8),
            rng.uniform(-3, 3, 8),
            rng.uniform(0.2, 5, 8),
            rng.uniform(0.2, 5, 8),
            rng.uniform(-0.99, 0.99, 8),
        ]
    )
    loop = np.stack([np.asarray(bnj.BivariateNormal(*p).logpdf(X, Y)) for p in batch])

    # constructing from traced parameters inside vmap
    mapped = jax.vmap(lambda *p: bnj.BivariateNormal(*p).logpdf(X, Y))(*batch.T)
    np.testing.assert_allclose(np.asarray(mapped), loop, rtol=1e-14)

    # mapping over a batched distribution (stacked pytree leaves)
    ds = [bnj.BivariateNormal(*p) for p in batch]
    stacked = jax.tree_util.tree_map(lambda *leaves: jnp.stack(leaves), *ds)
    mapped = jax.vmap(lambda d: d.logpdf(X, Y))(stacked)
    np.testing.assert_allclose(np.asarray(mapped), loop, rtol=1e-14)
    jitted = jax.jit(jax.vmap(lambda d: d.pdf(X, Y)))(stacked)
    np.testing.assert_allclose(np.asarray(jitted), np.exp(loop), rtol=1e-13)

    # sampling in a vmap: same key, one draw per parameter set
    key = jax.random.key(5)
    samples = jax.vmap(lambda d: d.sample(key, 16))(stacked)
    assert samples.shape == (8, 16, 2)
    for d, got in zip(ds, np.asarray(samples), strict=True):
        np.testing.assert_allclose(got, np.asarray(d.sample(key, 16)), rtol=1e-13)


def test_vmap_over_keys(bnj):
    d = bnj.BivariateNormal(*P0)
    keys = jax.random.split(jax.random.key(0), 4)
    samples = np.asarray(jax.vmap(lambda k: d.sample(k, 10))(keys))
    assert samples.shape == (4, 10, 2)
    for k, got in zip(keys, samples, strict=True):
        np.testing.assert_allclose(got, np.asarray(d.sample(k, 10)), rtol=1e-14)


@settings(derandomize=True, database=None, deadline=None, max_examples=40)
@given(params=moderate)
def test_grad_against_analytic(bnj, params):
    ref = analytic_grad(params, X, Y)

    def total(p, x, y):
        return jnp.sum(bnj.BivariateNormal(*p).logpdf(x, y))

    # through the constructor (traced parameters)
    g_params, g_x, g_y = jax.grad(total, argnums=(0, 1, 2))(jnp.asarray(params), X, Y)
    want = np.array([ref[name].sum() for name in PARAMS])
    scale = np.array([np.abs(ref[name]).sum() for name in PARAMS]) + 1
    assert_close(g_params, want, atol=1e-12 * scale)
    np.testing.assert_allclose(np.asarray(g_x), ref["x"], rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(np.asarray(g_y), ref["y"], rtol=1e-11, atol=1e-12)

    # with respect to the distribution itself (a pytree of cotangents)
    d = bnj.BivariateNormal(*params)
    g = jax.grad(lambda d: jnp.sum(d.logpdf(X, Y)))(d)
    got = np.array([float(getattr(g, name)) for name in PARAMS])
    assert_close(got, want, atol=1e-12 * scale)


def test_grad_extreme_rho_against_mpmath(bnj):
    """rho = 0.999999: derivatives of order 1e6..1e12, still accurate."""
    params = (1.0, -1.0, 2.0, 0.5, 0.999999)
    x, y = 1.5, -0.6
    with mp.workdps(50):
        mpp = [mp.mpf(v) for v in params]

        def f(*p):
            mx, my, sx, sy, r = p
            u, v = (mp.mpf(x) - mx) / sx, (mp.mpf(y) - my) / sy
            s2 = (1 - r) * (1 + r)
            q = (u * u - 2 * r * u * v + v * v) / s2
            return -mp.log(2 * mp.pi * sx * sy) - mp.log(s2) / 2 - q / 2

        want = []
        for i in range(5):

            def fi(t, i=i):
                p = list(mpp)
                p[i] = t
                return f(*p)

            want.append(float(mp.diff(fi, mpp[i])))
    got = jax.grad(lambda p: bnj.BivariateNormal(*p).logpdf(x, y))(jnp.asarray(params))
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-8)


def test_grad_through_from_cov(bnj):
    """d logpdf / d cov = (S^-1 d d^T S^-1 - S^-1) / 2."""
    mean = np.array([0.3, -1.2])
    cov = np.array([[2.0, 0.6], [0.6, 0.5]])
    x, y = 1.0, -0.5
    g = jax.grad(lambda c: bnj.BivariateNormal.from_cov(mean, c).logpdf(x, y))(cov)
    inv = np.linalg.inv(cov)
    delta = np.array([x, y]) - mean
    a = inv @ delta
    np.testing.assert_allclose(np.asarray(g), 0.5 * (np.outer(a, a) - inv), rtol=1e-12)


# -- compilation ----------------------------------------------------------------------
def test_compile_counter_sees_compilations(compilations):
    """The witness works: a new function compiles once, then never again."""
    fn = jax.jit(lambda v: jnp.sin(v) * 3.0 + 1.5)
    a, b = np.ones(7), np.full(7, 2.0)
    with compilations() as first:
        fn(a)
    with compilations() as second:
        fn(b)
    assert any("Compiling" in m for m in first["logged"])
    assert "/jax/core/compile/backend_compile_duration" in first["events"]
    assert second == {"logged": [], "events": []}


def test_new_parameters_never_recompile(bnj, compilations):
    rng = np.random.default_rng(2)
    sets = np.column_stack(
        [
            rng.uniform(-1e3, 1e3, 21),
            rng.uniform(-1e3, 1e3, 21),
            10.0 ** rng.uniform(-8, 8, 21),
            10.0 ** rng.uniform(-8, 8, 21),
            rng.uniform(-0.999999, 0.999999, 21),
        ]
    ).tolist()
    z = np.random.default_rng(3).normal(size=(64, 2))
    x = np.linspace(-2.0, 2.0, 11)
    y = np.linspace(1.0, -1.0, 11)

    def use(params, i):
        d = bnj.BivariateNormal(*params)
        return [
            d.pdf(x, y),
            d.logpdf(x, y),
            d.logpdf(0.5, -0.5),
            d.mahalanobis(x, y),
            d.sample(i, 100),
            d.sample(jax.random.key(i), 100),
            d.unwhiten(z),
            d.whiten(z),
            d.marginal_y().pdf(x),
            d.conditional_y(x).logpdf(y),
            d.ellipse(prob=0.5 + 0.02 * i, num=50),
        ]

    jax.block_until_ready(use(sets[0], 0))  # warm-up: compiles what it needs
    with compilations() as counts:
        for i, params in enumerate(sets[1:], start=1):
            jax.block_until_ready(use(params, i))
    assert counts["logged"] == []
    assert counts["events"] == []


# -- dtypes ---------------------------------------------------------------------------
def test_dtype_float64_under_x64(bnj):
    d = bnj.BivariateNormal(*P0)
    for value in (
        d.rho,
        d.mean,
        d.cov,
        d.pdf(X, Y),
        d.sample(0, 4),
        d.unwhiten(X[:4].reshape(2, 2)),
    ):
        assert value.dtype == jnp.float64


def test_dtype_float32_by_default():
    """Without jax_enable_x64 everything is float32 (fresh interpreter)."""
    out = run_python(
        """
        import jax, numpy as np
        import bivnorm as bn
        assert not jax.config.jax_enable_x64
        d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
        values = {
            "rho": d.rho, "mean": d.mean, "cov": d.cov, "chol": d.chol,
            "pdf": d.pdf(0.1, 0.2), "logpdf": d.logpdf([0.1], [0.2]),
            "mahalanobis": d.mahalanobis(0.1, 0.2), "sample": d.sample(0, 10),
            "sample_key": d.sample(jax.random.key(0), 10),
            "unwhiten": d.unwhiten(np.zeros((3, 2), np.float32)),
            "ellipse": d.ellipse(0.9, 20)[0],
            "marginal": d.marginal_x().pdf(0.3),
            "conditional": d.conditional_y(0.3).logpdf(0.1),
            "normal_sample": bn.Normal(0.0, 1.0).sample(0, 5),
        }
        for name, value in values.items():
            assert value.dtype == np.float32, (name, value.dtype)
        assert d.sample(0, 10).shape == (10, 2)
        print("ok")
        """
    )
    assert out.strip().endswith("ok")


def test_float32_rounding_to_invalid_is_refused():
    """rho = 1 - 1e-9 is valid but rounds to 1 in float32: refused, naming rho."""
    out = run_python(
        """
        import bivnorm as bn
        try:
            bn.BivariateNormal(rho=1 - 1e-9)
        except ValueError as err:
            assert "rho" in str(err), err
            print("refused")
        """
    )
    assert out.strip() == "refused"


def test_analytic_grad_by_central_differences(bnj):
    """The analytic derivatives used above, checked by central differences."""
    p = np.array(P0)
    h = 1e-6
    ref = analytic_grad(P0, X, Y)
    for i, name in enumerate(PARAMS):
        up, down = p.copy(), p.copy()
        up[i] += h
        down[i] -= h
        fd = (
            np.asarray(bnj.BivariateNormal(*up).logpdf(X, Y))
            - np.asarray(bnj.BivariateNormal(*down).logpdf(X, Y))
        ) / (2 * h)
        np.testing.assert_allclose(fd, ref[name], rtol=1e-6, atol=1e-7, err_msg=name)


def test_kernels_nest_in_a_users_jit_and_wide_vectors_change_no_bit(bnj):
    # Eagerly the kernels are compiled with 512-bit vectors preferred on the CPU;
    # inside another jit they take the outer compilation's options. Both give the
    # same bits.
    d = bnj.BivariateNormal(0.5, -0.3, 1.2, 0.8, 0.6)
    rng = np.random.default_rng(7)
    x, y = (jnp.asarray(rng.normal(size=10_001)) for _ in range(2))
    for method in ("pdf", "logpdf", "mahalanobis", "cdf"):
        eager = getattr(d, method)(x, y)
        nested = jax.jit(getattr(d, method))(x, y)
        np.testing.assert_array_equal(np.asarray(eager), np.asarray(nested))
    draws = jax.jit(lambda key: d.sample(key, 10_001))(jax.random.key(3))
    np.testing.assert_array_equal(np.asarray(d.sample(3, 10_001)), np.asarray(draws))
    # Only concrete arguments inside a trace: the nested call still works.
    small = jax.jit(lambda t: d.pdf(x[:5], y[:5]) * t)(2.0)
    assert_close(small, 2.0 * np.asarray(d.pdf(x[:5], y[:5])), rtol=1e-13)
