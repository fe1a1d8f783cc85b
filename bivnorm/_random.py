"""Random keys and standard normal draws on both backends and every dtype.

On the JAX path a key is a typed key (:func:`jax.random.key`), a raw
:func:`jax.random.PRNGKey`, or an integer seed. On the NumPy path it is an integer
seed or a :class:`numpy.random.Generator`.

:func:`standard_normal` is the one source of normals of the package: both
:meth:`bivnorm.Normal.sample` and :meth:`bivnorm.BivariateNormal.sample` map its
draws. In the dtypes of :data:`bivnorm._backend.INVERSION_DTYPES` (float64 on
JAX) it inverts the uniforms of :func:`jax.random.normal` itself, with
:func:`_erfinv64`, a vectorisable copy of XLA's float64 inverse error function;
otherwise it calls the backend's own generator.
"""

from __future__ import annotations

import math
import operator
from functools import lru_cache

import numpy as np

from ._backend import (
    INVERSION_DTYPES,
    KEY_KINDS,
    bitcast,
    check_sharding,
    is_key,
    jit,
    key_from_seed,
    random_normal,
    random_uniform,
    xp,
)

__all__ = ["as_key", "standard_normal"]


#: Int seeds lie in [-2**63, 2**64): 64 bits, read as signed or unsigned.
SEED_RANGE = (-(1 << 63), 1 << 64)


def _seed(key) -> int | None:
    """``key`` as an unsigned 64-bit seed, or None when it is not an integer.

    A negative seed is its 64-bit two's complement (``-1`` is ``2**64 - 1``), as
    :func:`jax.random.key` reads it; a seed outside :data:`SEED_RANGE` has more
    than 64 bits and is refused, rather than folded onto another seed's stream.
    """
    if isinstance(key, bool | np.bool_) or not isinstance(key, int | np.integer):
        return None
    seed = operator.index(key)
    low, high = SEED_RANGE
    if not low <= seed < high:
        msg = (
            f"key must be an int seed of at most 64 bits, -2**63 <= key < 2**64, "
            f"got key={seed!r}"
        )
        raise ValueError(msg)
    return seed % high


def as_key(key):
    """Turn ``key`` (an int seed or a backend key) into a backend key.

    An int seed in :data:`SEED_RANGE` gives the same stream on every call, on
    each backend (JAX: :func:`jax.random.key` of its 64 bits; NumPy:
    :func:`numpy.random.default_rng` of them as an unsigned number).
    """
    seed = _seed(key)
    if seed is not None:
        return key_from_seed(seed)
    if is_key(key):
        return key
    msg = f"key must be {KEY_KINDS}, got key={key!r}"
    raise ValueError(msg)


def standard_normal(key, shape, dtype, sharding=None):
    """Independent standard normal draws.

    Parameters
    ----------
    key : int or backend key
        See :func:`as_key`.
    shape : tuple of int
    dtype : dtype
        A floating dtype of the backend.
    sharding : jax.sharding.Sharding, optional
        Sharding of the output (JAX only). The draws are generated in place on
        the devices and equal the unsharded ones bit for bit.

    Returns
    -------
    array of the given shape and dtype

    Notes
    -----
    One compiled kernel per output sharding; a new shape or dtype compiles it
    once, a new key never does.
    """
    key = as_key(key)
    kernel = _normal_kernel(check_sharding(sharding))
    return kernel(key, tuple(shape), np.dtype(dtype))


@lru_cache(maxsize=16)
def _normal_kernel(sharding):
    """The compiled :func:`_normal` for one output sharding (None: default)."""
    return jit(_normal, static_argnums=(1, 2), out_shardings=sharding)


def _normal(key, shape, dtype):
    """Standard normals: :func:`jax.random.normal`'s uniforms and law.

    In the inversion dtypes (float64 on JAX) the inverse error function is
    :func:`_erfinv64`: faster than XLA's on the CPU (it vectorises), and more accurate, so
    that the draws equal :func:`jax.random.normal`'s within 1.1e-10 (relative;
    XLA's own error near +-1). Elsewhere the backend's generator draws.
    """
    if dtype not in INVERSION_DTYPES:
        return random_normal(key, shape, dtype)
    lo = np.nextafter(-1.0, 0.0)
    u = random_uniform(key, shape, dtype, lo, 1.0)
    return math.sqrt(2.0) * _erfinv64(u)


# Giles (2010), "Approximating the erfinv function", double precision: the
# coefficients of XLA's float64 erf_inv, highest degree first, for w < 6.25,
# 6.25 <= w < 16 and w >= 16 where w = -log(1 - x^2).
# fmt: off
_ERFINV_W_LT_6_25 = (
    -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18,
    1.115787767802518096e-17, -1.333171662854620906e-16, 2.0972767875968561637e-17,
    6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14,
    2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
    1.051212273321532285e-09, -4.1126339803469836976e-09, -2.9070369957882005086e-08,
    4.2347877827932403518e-07, -1.3654692000834678645e-06, -1.3882523362786468719e-05,
    0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533,
    0.24015818242558961693, 1.6536545626831027356,
)
_ERFINV_W_LT_16 = (
    2.2137376921775787049e-09, 9.0756561938885390979e-08, -2.7517406297064545428e-07,
    1.8239629214389227755e-08, 1.5027403968909827627e-06, -4.013867526981545969e-06,
    2.9234449089955446044e-06, 1.2475304481671778723e-05, -4.7318229009055733981e-05,
    6.8284851459573175448e-05, 2.4031110387097893999e-05, -0.0003550375203628474796,
    0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
    -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
    3.0838856104922207635,
)
_ERFINV_W_GE_16 = (
    -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-09,
    -3.7894654401267369937e-09, 7.6157012080783393804e-09, -1.4960026627149240478e-08,
    2.9147953450901080826e-08, -6.7711997758452339498e-08, 2.2900482228026654717e-07,
    -9.9298272942317002539e-07, 4.5260625972231537039e-06, -1.9681778105531670567e-05,
    7.5995277030017761139e-05, -0.00021503011930044477347, -0.00013871931833623122026,
    1.0103004648645343977, 4.8499064014085844221,
)
# fdlibm's log: ln 2 split in two, and the polynomial in s^2, s = f / (2 + f).
_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10
_LOG_POLY = (
    6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01,
    2.222219843214978396e-01, 1.818357216161805012e-01, 1.531383769920937332e-01,
    1.479819860511658591e-01,
)
# fmt: on


def _log64(t):
    """Natural logarithm of positive normal float64 values.

    XLA's CPU float64 ``log`` does not vectorise; this reduction to ``m`` in
    [sqrt(1/2), sqrt(2)) and polynomial (fdlibm's) does. At most
    1 ulp from :func:`numpy.log` (measured on 2.5 million random bit patterns and
    dense grids of the whole range; ``tests/test_random.py``).
    """
    bits = bitcast(t, np.int64)
    bits = bits + (0x3FF0000000000000 - 0x3FE6A09E00000000)
    k = ((bits >> 52) - 1023).astype(np.float64)
    m_bits = (bits & 0x000FFFFFFFFFFFFF) + 0x3FE6A09E00000000
    f = bitcast(m_bits, np.float64) - 1.0
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    g = _LOG_POLY
    r = z * (g[0] + w * (g[2] + w * (g[4] + w * g[6])))
    r = r + w * (g[1] + w * (g[3] + w * g[5]))
    half_f2 = 0.5 * f * f
    return k * _LN2_HI - ((half_f2 - (s * (half_f2 + r) + k * _LN2_LO)) - f)


def _erfinv64(x):
    r"""Inverse error function on (-1, 1), float64: XLA's polynomials, vectorised.

    At most 4 ulp from the true function (mpmath), and 21 ulp from
    :func:`jax.scipy.special.erfinv` for :math:`|x| \le 0.99`. Nearer to +-1
    XLA forms :math:`1 - x^2` with a rounding and is off by up to 5e5 ulp
    (1.1e-10 relative); here :math:`(1 - x)(1 + x)` is exact. Measured on
    dense grids, points crowding towards +-1 and 4 million of the sampler's
    uniforms; ``tests/test_random.py`` holds the bounds.
    """
    w = -_log64((1.0 - x) * (1.0 + x))
    low, mid = w < 6.25, w < 16.0
    t = xp.where(low, w - 3.125, xp.sqrt(w) - xp.where(mid, 3.25, 5.0))
    # One Horner loop whose coefficients are selected per element; the shorter
    # polynomials are padded with leading zeros.
    pad = len(_ERFINV_W_LT_6_25)
    coefs = zip(
        _ERFINV_W_LT_6_25,
        (0.0,) * (pad - len(_ERFINV_W_LT_16)) + _ERFINV_W_LT_16,
        (0.0,) * (pad - len(_ERFINV_W_GE_16)) + _ERFINV_W_GE_16,
        strict=True,
    )
    p = xp.zeros_like(x)
    for c_low, c_mid, c_high in coefs:
        p = p * t + xp.where(low, c_low, xp.where(mid, c_mid, c_high))
    return p * x
