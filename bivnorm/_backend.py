"""Array backend: JAX when it can be imported, plain NumPy otherwise.

The choice is made once, at import time. JupyterLite's Python (Pyodide) has no
JAX, so the same code must run on NumPy there. Setting the environment variable
``BIVNORM_BACKEND=numpy`` forces the NumPy path even where JAX is installed.

Every module of the package imports the names below at module level, so a copy of
the package imported while JAX is hidden stays consistent.
"""

from __future__ import annotations

import functools
import math
import os
import statistics

import numpy as np

__all__ = [
    "BACKEND",
    "HAS_JAX",
    "differentiable",
    "erfc",
    "float_dtype",
    "is_tracer",
    "jit",
    "ndtr",
    "ndtri",
    "register_pytree",
    "xp",
]


def _import_jax():
    if os.environ.get("BIVNORM_BACKEND", "").lower() == "numpy":
        return None
    try:
        import jax
    except ImportError:
        return None
    return jax


jax = _import_jax()
HAS_JAX = jax is not None
BACKEND = "jax" if HAS_JAX else "numpy"

if HAS_JAX:
    import jax.numpy as xp
    from jax.scipy.special import erfc as _jax_erfc
    from jax.scipy.special import ndtri as _jax_ndtri

    # XLA's CPU backend vectorises a lone elementwise op 512 bits wide on AVX-512
    # machines, but a fused loop only 256 bits wide (a guard against the clock drop
    # of older AVX-512 chips): a fused float64 density then runs at half the speed
    # of a lone exp. The option is a hint to LLVM; CPUs without 512-bit vectors keep
    # their widest, and the results are bitwise the same.
    _CPU_OPTIONS = {"xla_cpu_prefer_vector_width": 512}
    _on_cpu = []

    def _cpu() -> bool:
        """Whether JAX computes on the CPU (asked once, at the first kernel call)."""
        if not _on_cpu:
            _on_cpu.append(jax.default_backend() == "cpu")
        return _on_cpu[0]

    def jit(fn=None, **kwargs):
        """Compile ``fn`` with :func:`jax.jit` (identity on the NumPy path).

        On the CPU the kernel is compiled with 512-bit vectors preferred; the
        backend is looked up at the first call, not at import, so that JAX's
        platform can still be configured after ``import bivnorm``.
        """
        if fn is None:
            return lambda f: jit(f, **kwargs)
        plain = jax.jit(fn, **kwargs)
        try:
            wide = jax.jit(fn, compiler_options=_CPU_OPTIONS, **kwargs)
        except TypeError:  # a JAX without per-function compiler options
            return plain

        @functools.wraps(fn)
        def call(*args, **kw):
            if _cpu():
                try:
                    return wide(*args, **kw)
                except ValueError as err:
                    # Inside another jit, compiler options are the outer one's.
                    if "compiler_options" not in str(err):
                        raise
            return plain(*args, **kw)

        return call

    def register_pytree(cls):
        """Register ``cls`` as a JAX pytree through its flatten/unflatten methods."""
        return jax.tree_util.register_pytree_node_class(cls)

    def differentiable(partials):
        """Give ``fn(*args)`` the derivatives ``partials(*args, out)`` (custom JVP).

        ``partials`` returns one array per argument, the partial derivative of the
        output with respect to it; JAX then differentiates ``fn`` through these
        formulas instead of through its code. Identity on the NumPy path.
        """

        def wrap(fn):
            core = jax.custom_jvp(fn)

            @core.defjvp
            def _jvp(primals, tangents):
                out = core(*primals)
                grads = partials(*primals, out)
                tangent = sum(g * t for g, t in zip(grads, tangents, strict=True))
                return out, xp.broadcast_to(tangent, out.shape).astype(out.dtype)

            return core

        return wrap

    def is_tracer(value) -> bool:
        """Whether ``value`` is a JAX tracer (inside ``jit``, ``vmap``, ``grad``)."""
        return isinstance(value, jax.core.Tracer)

    def float_dtype():
        """The floating dtype of new parameters: JAX's default float."""
        return xp.asarray(0.0).dtype

    def erfc(z):
        """Complementary error function, elementwise."""
        return _jax_erfc(z)

    def ndtri(p):
        """Quantile function of the standard normal distribution."""
        return _jax_ndtri(p)

else:
    xp = np

    def jit(fn=None, **kwargs):
        """No compilation on NumPy: only silence overflow, as XLA does."""
        if fn is None:
            return lambda f: jit(f, **kwargs)

        @functools.wraps(fn)
        def quiet(*args, **kw):
            with np.errstate(over="ignore", under="ignore", divide="ignore"):
                return fn(*args, **kw)

        return quiet

    def register_pytree(cls):
        """No-op on the NumPy path."""
        return cls

    def differentiable(partials):  # noqa: ARG001
        """No derivatives on the NumPy path: ``fn`` unchanged."""
        return lambda fn: fn

    def is_tracer(value) -> bool:  # noqa: ARG001
        """Never true on the NumPy path."""
        return False

    def float_dtype():
        """The floating dtype of new parameters: float64 on NumPy."""
        return np.dtype(np.float64)

    _erfc = np.vectorize(math.erfc, otypes=[np.float64])
    _inv_cdf = statistics.NormalDist().inv_cdf

    def _scalar_ndtri(p: float) -> float:
        if p <= 0.0:
            return -math.inf if p == 0.0 else math.nan
        if p >= 1.0:
            return math.inf if p == 1.0 else math.nan
        return _inv_cdf(p)

    _ndtri = np.vectorize(_scalar_ndtri, otypes=[np.float64])

    def erfc(z):
        """Complementary error function, elementwise (libm's, vectorised)."""
        return _erfc(z)

    def ndtri(p):
        """Quantile function of the standard normal distribution."""
        return _ndtri(p)


def ndtr(z):
    r"""Standard normal CDF, accurate in both tails.

    .. math:: \Phi(z) = \tfrac12 \operatorname{erfc}(-z / \sqrt{2})
    """
    return 0.5 * erfc(-z * (1.0 / math.sqrt(2.0)))
