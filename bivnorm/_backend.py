"""Array backend: JAX when it can be imported, plain NumPy otherwise.

The choice is made once, at import time. JupyterLite's Python (Pyodide) has no
JAX, so the same code must run on NumPy there. Setting the environment variable
``BIVNORM_BACKEND=numpy`` forces the NumPy path even where JAX is installed.

The backend differences live here: the names below (array namespace, compilation,
pytrees, special functions, keys and random draws) mean the same on both, so that
the modules that import them are written once, without asking which backend runs.
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
    "INVERSION_DTYPES",
    "KEY_KINDS",
    "as_leaf",
    "bitcast",
    "check_sharding",
    "differentiable",
    "erfc",
    "float_dtype",
    "is_array",
    "is_key",
    "is_tracer",
    "jit",
    "key_from_seed",
    "map_chunks",
    "materialize",
    "ndtr",
    "ndtri",
    "random_normal",
    "random_uniform",
    "register_pytree",
    "repeat",
    "when_any",
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
    from jax.extend.core import get_opaque_trace_state
    from jax.scipy.special import erfc as _jax_erfc
    from jax.scipy.special import ndtri as _jax_ndtri

    _TOP_LEVEL = get_opaque_trace_state()

    #: The one compile option of the package's kernels, used when they run eagerly
    #: on the CPU. XLA's CPU backend vectorises a lone elementwise op 512 bits wide
    #: on AVX-512 machines, but a fused loop only 256 bits wide (a guard against
    #: the clock drop of older AVX-512 chips): a fused float64 density then runs
    #: at half the speed of a lone exp. The option is a hint to LLVM; CPUs without
    #: 512-bit vectors keep their widest, and the results are bitwise the same.
    CPU_COMPILER_OPTIONS = {"xla_cpu_prefer_vector_width": 512}
    _on_cpu = []

    def _cpu() -> bool:
        """Whether JAX computes on the CPU.

        Asked once, at the first kernel call, not at import: JAX's platform can
        still be configured after ``import bivnorm``.
        """
        if not _on_cpu:
            _on_cpu.append(jax.default_backend() == "cpu")
        return _on_cpu[0]

    def _staging() -> bool:
        """Whether code runs now while a transform traces it (jit, vmap, grad)."""
        return get_opaque_trace_state() != _TOP_LEVEL

    def jit(fn=None, **kwargs):
        """Compile ``fn`` with :func:`jax.jit` (identity on the NumPy path).

        On the CPU the kernel is compiled with :data:`CPU_COMPILER_OPTIONS`. JAX
        refuses compiler options on a jit traced into another one (they belong
        to the outer computation): there, and only there, the call is made
        without them. An error of an eager call, or one that the call without
        options repeats, propagates. The results are the same bits either way.
        """
        if fn is None:
            return functools.partial(jit, **kwargs)
        staged = jax.jit(fn, **kwargs)
        wide = jax.jit(fn, compiler_options=CPU_COMPILER_OPTIONS, **kwargs)

        @functools.wraps(fn)
        def call(*args, **kw):
            if _cpu():
                # Asking for the trace state first would cost every eager
                # call: ask on failure only.
                try:
                    return wide(*args, **kw)
                except ValueError:
                    if not _staging():
                        raise
            return staged(*args, **kw)

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

    def is_array(value) -> bool:
        """Whether ``value`` is a JAX array or tracer."""
        return isinstance(value, jax.Array)

    def float_dtype():
        """The floating dtype of new parameters: JAX's default float."""
        return xp.asarray(0.0).dtype

    def erfc(z):
        """Complementary error function, elementwise."""
        return _jax_erfc(z)

    def ndtri(p):
        """Quantile function of the standard normal distribution."""
        return _jax_ndtri(p)

    def bitcast(x, dtype):
        """The bits of ``x`` read as ``dtype`` (of the same width)."""
        return jax.lax.bitcast_convert_type(x, dtype)

    #: What a key may be, for error messages.
    KEY_KINDS = (
        "an int seed, a jax.random.key or a jax.random.PRNGKey (one key, not an "
        "array of split keys)"
    )

    def key_from_seed(seed: int):
        """A typed JAX key from an unsigned 64-bit seed (read as int64 bits)."""
        return jax.random.key(seed - (1 << 64) if seed >= 1 << 63 else seed)

    def is_key(key) -> bool:
        """Whether ``key`` is one typed JAX key or a raw ``uint32[2]`` PRNGKey."""
        if not isinstance(key, jax.Array):
            return False
        if jax.dtypes.issubdtype(key.dtype, jax.dtypes.prng_key):
            return key.shape == ()
        return key.dtype == np.uint32 and key.shape == (2,)

    #: The dtypes whose standard normals bivnorm draws by inverting uniforms with
    #: its own inverse error function: XLA's float64 ``erf_inv`` does not
    #: vectorise on the CPU.
    INVERSION_DTYPES = frozenset({np.dtype(np.float64)})

    def random_uniform(key, shape, dtype, minval, maxval):
        """Uniforms on ``[minval, maxval)``: :func:`jax.random.uniform`."""
        return jax.random.uniform(key, shape, dtype, minval, maxval)

    def random_normal(key, shape, dtype):
        """Standard normals: :func:`jax.random.normal`."""
        return jax.random.normal(key, shape, dtype)

    def materialize(value):
        """``value``, computed whole before anything uses it.

        :func:`jax.lax.optimization_barrier`: a sum over a last axis of nodes is
        then one loop over the nodes' whole integrand, written once, and one
        reduction of it; without it XLA's CPU reduction fusion writes out the
        integrand's inputs instead (three arrays of that size, and a fourth of
        constants).
        """
        return jax.lax.optimization_barrier(value)

    def map_chunks(fn, arrays, size):
        """``fn(*arrays)`` for an elementwise ``fn`` of 1-D arrays, at most ``size``
        at a time.

        A loop (:func:`jax.lax.map`) over equal chunks, the last one padded with
        copies of the last point: a kernel whose intermediates are ``(n, m)`` keeps
        them in the cache instead of writing them out to memory (XLA's CPU
        reduction fusion materialises its inputs).
        """
        n = arrays[0].shape[0]
        if n <= size:
            return fn(*arrays)
        count = -(-n // size)
        chunk = -(-n // count)
        pad = count * chunk - n
        rows = tuple(
            xp.pad(a, (0, pad), mode="edge").reshape(count, chunk) for a in arrays
        )
        return jax.lax.map(lambda row: fn(*row), rows).reshape(-1)[:n]

    def repeat(count, step, carry):
        """``step`` applied ``count`` times to ``carry`` (a tuple of arrays).

        A :func:`jax.lax.fori_loop`: the loop is compiled once, not unrolled, so a
        bisection of a large integrand costs one copy of it in the program.
        """
        return jax.lax.fori_loop(0, count, lambda _, c: step(c), carry)

    def when_any(mask, fn, operands, otherwise):
        """``fn(*operands)`` if any of ``mask`` is set, else ``otherwise`` (of the
        same shape and dtype): a batch that needs none of ``fn`` skips its work.

        A :func:`jax.lax.cond` (under ``vmap`` both sides run, as a select).
        """
        return jax.lax.cond(
            xp.any(mask), lambda ops: fn(*ops), lambda _: otherwise, operands
        )

    def check_sharding(sharding):
        """``sharding`` itself: any JAX sharding, or None."""
        if sharding is not None and not isinstance(sharding, jax.sharding.Sharding):
            msg = f"sharding must be a jax.sharding.Sharding, got sharding={sharding!r}"
            raise TypeError(msg)
        return sharding

else:
    xp = np

    def jit(fn=None, **kwargs):
        """No compilation on NumPy: only silence overflow, as XLA does."""
        if fn is None:
            return functools.partial(jit, **kwargs)

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

    def is_array(value) -> bool:  # noqa: ARG001
        """Never true on the NumPy path (no JAX arrays)."""
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

    def bitcast(x, dtype):
        """The bits of ``x`` read as ``dtype`` (of the same width)."""
        return np.asarray(x).view(dtype)

    KEY_KINDS = "an int seed or a numpy.random.Generator"

    def key_from_seed(seed: int):
        """A NumPy Generator from an unsigned 64-bit seed."""
        return np.random.default_rng(seed)

    def is_key(key) -> bool:
        """Whether ``key`` is a :class:`numpy.random.Generator`."""
        return isinstance(key, np.random.Generator)

    # NumPy's ziggurat is faster than any inversion: nothing is inverted.
    INVERSION_DTYPES = frozenset()

    def random_uniform(key, shape, dtype, minval, maxval):
        """Uniforms on ``[minval, maxval)`` from the Generator ``key``."""
        return (minval + (maxval - minval) * key.random(shape)).astype(dtype)

    def random_normal(key, shape, dtype):
        """Standard normals from the Generator ``key``."""
        return key.standard_normal(shape, dtype=dtype)

    def materialize(value):
        """``value`` itself (NumPy computes every array whole)."""
        return value

    def map_chunks(fn, arrays, size):
        """``fn(*arrays)`` for an elementwise ``fn`` of 1-D arrays, ``size`` at a time
        (its ``(n, m)`` intermediates stay in the cache)."""
        n = arrays[0].shape[0]
        if n <= size:
            return fn(*arrays)
        parts = [fn(*(a[i : i + size] for a in arrays)) for i in range(0, n, size)]
        return np.concatenate(parts)

    def repeat(count, step, carry):
        """``step`` applied ``count`` times to ``carry`` (a tuple of arrays)."""
        for _ in range(count):
            carry = step(carry)
        return carry

    def when_any(mask, fn, operands, otherwise):
        """``fn(*operands)`` if any of ``mask`` is set, else ``otherwise``."""
        return fn(*operands) if np.any(mask) else otherwise

    def check_sharding(sharding):
        """None; any other sharding is refused (it needs JAX)."""
        if sharding is not None:
            msg = f"sharding needs JAX, got sharding={sharding!r}"
            raise ValueError(msg)
        return sharding


def ndtr(z):
    r"""Standard normal CDF, accurate in both tails.

    .. math:: \Phi(z) = \tfrac12 \operatorname{erfc}(-z / \sqrt{2})
    """
    return 0.5 * erfc(-z * (1.0 / math.sqrt(2.0)))


def as_leaf(value):
    """A pytree leaf as the classes keep it: Python numbers become arrays of the
    default float dtype (``tree_unflatten`` may be given them, as in
    ``BivariateNormal.tree_unflatten(None, (0.0, 0.0, 1.0, 1.0, rho))``); tracers,
    arrays and JAX's placeholder objects pass through."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return xp.asarray(value, dtype=float_dtype())
    return value
