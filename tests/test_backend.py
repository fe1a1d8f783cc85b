"""The backend switch and its special functions, on both paths."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from _helpers import run_python
from scipy import special

EPS = np.finfo(np.float64).eps


def test_backend_flags(bn, request):
    backend = request.node.callspec.params["bn"]
    assert backend == bn.BACKEND
    assert bn.HAS_JAX is (backend == "jax")
    assert backend == bn._backend.BACKEND
    if backend == "jax":
        import jax.numpy as jnp

        assert bn._backend.xp is jnp
    else:
        assert bn._backend.xp is np
        assert bn._backend.jax is None


def test_numpy_path_never_touches_jax_arrays(bnn):
    d = bnn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    outputs = [
        d.pdf(0.1, 0.2),
        d.logpdf([0.1, 0.3], 0.2),
        d.sample(0, 5),
        d.mean,
        d.cov,
        d.chol,
        d.whiten(np.zeros((2, 2))),
        d.ellipse()[0],
        d.marginal_x().cdf(0.3),
        d.conditional_y(0.3).pdf(0.1),
    ]
    for out in outputs:
        assert isinstance(out, np.ndarray | np.floating)
        assert np.asarray(out).dtype == np.float64
    # every module uses NumPy (imports at module level, never lazily)
    assert bnn.bivariate.xp is np
    assert bnn.normal.xp is np
    assert bnn._random.xp is np


def test_jax_outputs_are_jax_arrays(bnj):
    import jax

    d = bnj.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    for out in (d.pdf(0.1, 0.2), d.sample(0, 3), d.cov, d.mean):
        assert isinstance(out, jax.Array)


def test_float_dtype(bn):
    assert np.dtype(bn._backend.float_dtype()) == np.float64  # x64 in this session


def test_is_tracer(bn):
    b = bn._backend
    assert not b.is_tracer(1.0)
    assert not b.is_tracer(np.ones(3))
    if bn.HAS_JAX:
        import jax

        seen = []
        jax.jit(lambda v: seen.append(b.is_tracer(v)) or v)(1.0)
        assert seen == [True]


def test_jit_and_pytree_are_no_ops_on_numpy(bnn):
    b = bnn._backend

    def f(v):
        return np.exp(v) + 1

    # No compilation: the same function runs, with overflow silenced as in XLA.
    for wrapped in (b.jit(f), b.jit(static_argnums=0)(f)):
        assert wrapped.__wrapped__ is f
        assert wrapped(np.float64(0.5)) == f(np.float64(0.5))
        assert wrapped(np.float64(1e5)) == np.inf
    with pytest.raises(RuntimeWarning):
        f(np.float64(1e5))

    class C:
        pass

    assert b.register_pytree(C) is C


def test_erfc(bn):
    z = np.concatenate([np.linspace(-6.0, 6.0, 49), [10.0, 20.0, 26.0]])
    got = np.asarray(bn._backend.erfc(z))
    with mp.workdps(40):
        ref = np.array([float(mp.erfc(mp.mpf(v))) for v in z])
    np.testing.assert_allclose(got, ref, rtol=1e-14)


def test_ndtr(bn):
    z = np.concatenate([np.linspace(-37.0, 8.0, 91), [-20.5, 0.0]])
    got = np.asarray(bn._backend.ndtr(z))
    with mp.workdps(40):
        ref = np.array([float(mp.ncdf(mp.mpf(v))) for v in z])
    # tail condition number ~ z^2 (one rounding of z / sqrt(2))
    rtol = 4 * EPS * (1 + z * z)
    assert np.all(np.abs(got - ref) <= rtol * ref), np.max(np.abs(got / ref - 1))
    np.testing.assert_allclose(got, special.ndtr(z), rtol=1e-11)


def test_ndtri(bn):
    p = np.concatenate(
        [
            [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01],
            np.linspace(0.02, 0.98, 49),
            [0.999, 1 - 1e-10, 1 - 2 * EPS],
        ]
    )
    got = np.asarray(bn._backend.ndtri(p))
    np.testing.assert_allclose(got, special.ndtri(p), rtol=1e-13, atol=1e-15)
    # boundaries
    ends = np.asarray(bn._backend.ndtri(np.array([0.0, 1.0])))
    assert ends[0] == -np.inf
    assert ends[1] == np.inf


def test_env_var_forces_numpy():
    pytest.importorskip("jax")
    out = run_python(
        """
        import numpy as np
        import bivnorm as bn
        assert bn.BACKEND == "numpy" and bn.HAS_JAX is False, bn.BACKEND
        d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
        out = d.pdf(np.array([0.1, 0.2]), 0.3)
        assert type(out) is np.ndarray and out.dtype == np.float64, type(out)
        assert d.sample(np.random.default_rng(0), 4).shape == (4, 2)
        print(bn.BACKEND)
        """,
        BIVNORM_BACKEND="numpy",
    )
    assert out.strip() == "numpy"


def test_default_backend_is_jax_when_installed():
    pytest.importorskip("jax")
    out = run_python("import bivnorm as bn; print(bn.BACKEND, bn.HAS_JAX)")
    assert out.strip() == "jax True"


def test_trace_state_and_nested_kernels(bnj):
    """Compiler options are refused inside another jit: there the kernel runs
    without them. Eager calls, and vmap or grad run eagerly, are not staged."""
    import jax

    b = bnj._backend
    assert not b._staging()
    seen = []

    def probe(v):
        seen.append(b._staging())
        return v

    jax.jit(probe)(1.0)
    jax.vmap(probe)(np.ones(2))
    jax.grad(probe)(1.0)
    assert seen == [True, True, True]
    f = b.jit(lambda v: v * 2.0)
    assert f(1.5) == jax.jit(f)(1.5) == jax.jit(lambda: f(1.5))() == 3.0
    # A genuine error propagates, eagerly and nested.
    g = b.jit(lambda v: v.reshape(7))
    with pytest.raises(TypeError, match="reshape"):
        g(np.ones(3))
    with pytest.raises(TypeError, match="reshape"):
        jax.jit(g)(np.ones(3))
    h = b.jit(lambda v: jax.numpy.split(v, 2))  # a ValueError of its own
    for call in (h, jax.jit(h)):
        with pytest.raises(ValueError, match="equal division"):
            call(np.ones(3))


@pytest.mark.parametrize("hits", [[], [3]])
def test_when_any_runs_the_work_only_for_a_batch_that_needs_it(bn, hits):
    """when_any(mask, fn, operands, otherwise): fn's result where any of mask is
    set (the caller then picks per point), otherwise ``otherwise`` untouched."""
    from bivnorm._backend import when_any, xp

    mask = np.zeros(8, dtype=bool)
    mask[hits] = True
    x = xp.arange(8.0)
    got = np.asarray(when_any(xp.asarray(mask), lambda v: v * 10.0, (x,), -x))
    want = np.arange(8.0) * 10.0 if hits else -np.arange(8.0)
    np.testing.assert_array_equal(got, want)


def test_when_any_under_jit_and_vmap(bnj):
    import jax

    from bivnorm._backend import when_any

    def pick(mask, x):
        return when_any(mask, lambda v: v + 1.0, (x,), x)

    masks = np.array([[False, False], [False, True]])
    xs = np.array([[1.0, 2.0], [3.0, 4.0]])
    got = np.asarray(jax.jit(jax.vmap(pick))(masks, xs))
    np.testing.assert_array_equal(got, [[1.0, 2.0], [4.0, 5.0]])
