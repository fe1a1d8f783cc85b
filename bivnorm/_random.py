"""Random keys and standard normal draws on both backends.

On the JAX path a key is a typed key (:func:`jax.random.key`), a raw
:func:`jax.random.PRNGKey`, or an integer seed. On the NumPy path it is an integer
seed or a :class:`numpy.random.Generator`.
"""

from __future__ import annotations

import operator
from functools import partial

import numpy as np

from ._backend import HAS_JAX, jax, jit

__all__ = ["as_key", "standard_normal"]


def _seed(key) -> int | None:
    """``key`` as an int seed, or None when it is not an integer."""
    if isinstance(key, bool | np.bool_):
        return None
    if isinstance(key, int | np.integer):
        return operator.index(key)
    return None


if HAS_JAX:

    def as_key(key):
        """Turn ``key`` (an int seed or a JAX key) into a JAX key."""
        seed = _seed(key)
        if seed is not None:
            return jax.random.key(seed)
        if isinstance(key, jax.Array):
            if jax.dtypes.issubdtype(key.dtype, jax.dtypes.prng_key):
                if key.shape == ():
                    return key
                msg = (
                    "key must be one key, not an array of keys (pass one of the "
                    f"split keys), got key of shape {key.shape}: key={key!r}"
                )
                raise ValueError(msg)
            if key.dtype == np.uint32 and key.shape == (2,):
                return key
        msg = (
            "key must be an int seed, a jax.random.key or a jax.random.PRNGKey, "
            f"got key={key!r}"
        )
        raise ValueError(msg)

    @partial(jit, static_argnames=("shape", "dtype"))
    def standard_normal(key, shape, dtype):
        """Standard normal draws of the given shape and dtype."""
        return jax.random.normal(key, shape, dtype)

else:

    def as_key(key):
        """Turn ``key`` (an int seed or a Generator) into a NumPy Generator."""
        seed = _seed(key)
        if seed is not None:
            return np.random.default_rng(seed)
        if isinstance(key, np.random.Generator):
            return key
        msg = f"key must be an int seed or a numpy.random.Generator, got key={key!r}"
        raise ValueError(msg)

    def standard_normal(key, shape, dtype):
        """Standard normal draws of the given shape and dtype."""
        return key.standard_normal(shape, dtype=dtype)
