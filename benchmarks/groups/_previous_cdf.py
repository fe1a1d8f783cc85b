"""The previous cdf kernel (Drezner-Wesolowsky/Genz, before issue 13): a baseline.

Frozen here, verbatim from ``bivnorm/_cdf.py`` before the log-space kernel replaced
it, so that the logcdf group can time the new kernels against the one they
replaced in the same run. Not a group (the leading underscore keeps it out of
discovery).
"""

from __future__ import annotations

import math

import jax.numpy as xp
import numpy as np

from bivnorm._backend import jit, ndtr

_TWO_PI = 2.0 * math.pi
_SQRT_TWO_PI = math.sqrt(_TWO_PI)
_RHO_LOW, _RHO_HIGH = -0.5, 0.925


def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of ``n``-point Gauss-Legendre on [0, 1] (weights sum 1)."""
    nodes, weights = np.polynomial.legendre.leggauss(n)
    return (nodes + 1.0) / 2.0, weights / 2.0


_GL_ARC = _gauss_legendre(20)
_GL_TAIL = _gauss_legendre(32)


def _bound(dtype) -> float:
    """A standardised value beyond which :math:`\\Phi` is 0 or 1 in ``dtype``."""
    return 39.0 if np.finfo(dtype).bits >= 64 else 15.0


def _as_float(value):
    """``value`` as a floating array (integers promoted)."""
    value = xp.asarray(value)
    if not xp.issubdtype(value.dtype, xp.floating):
        value = value * 1.0  # the default float of the backend
    return value


def _standardize(value, mean, std):
    r""":math:`(v - \mu)/\sigma`, clipped to :math:`\pm` the bound, infinities kept.

    Infinite values bypass the arithmetic so that gradients with respect to the
    parameters stay finite (zero) there.
    """
    value = _as_float(value)
    finite = xp.isfinite(value)
    z = (xp.where(finite, value, 0.0) - mean) / std
    z = xp.where(finite, z, value)
    bound = _bound(z.dtype)
    return xp.clip(z, -bound, bound)


def _npdf(z):
    return xp.exp(-0.5 * z * z) / _SQRT_TWO_PI


def _one_minus_rho2(r):
    return (1.0 - r) * (1.0 + r)


def _nodes(rule, like):
    nodes, weights = rule
    return xp.asarray(nodes, dtype=like.dtype), xp.asarray(weights, dtype=like.dtype)


def _arc(h, k, r):
    """Sheppard / Drezner-Wesolowsky arc integral (accurate for small ``|r|``)."""
    t, w = _nodes(_GL_ARC, h)
    angle = xp.arcsin(r)
    sn = xp.sin(angle[..., None] * t)
    hk = (h * k)[..., None]
    hs = (0.5 * (h * h + k * k))[..., None]
    integrand = xp.exp((sn * hk - hs) / ((1.0 - sn) * (1.0 + sn)))
    return ndtr(h) * ndtr(k) + angle / _TWO_PI * xp.sum(integrand * w, axis=-1)


def _tail(h, k, r):
    """Genz's expansion around ``|r| = 1`` (his ``bvnu`` for ``|r| >= 0.925``)."""
    t, w = _nodes(_GL_TAIL, h)
    # Genz works with the upper orthant P(X > a, Y > b) = lower orthant at (-a, -b).
    a = -h
    b = xp.where(r < 0.0, k, -k)  # reflect Y when r < 0
    ab = a * b
    one_m_r2 = _one_minus_rho2(r)
    root = xp.sqrt(one_m_r2)
    diff = xp.abs(a - b)
    d2 = diff * diff
    c = (4.0 - ab) / 8.0
    d = (12.0 - ab) / 80.0
    closed = (
        root
        * xp.exp(-0.5 * (d2 / one_m_r2 + ab))
        * (1.0 - c * (d2 - one_m_r2) * (1.0 - d * d2) / 3.0 + c * d * one_m_r2**2)
    )
    far = ab <= -100.0  # exp(-ab/2) * Phi(-diff/root) underflows anyway
    ab_safe = xp.where(far, 0.0, ab)
    closed = closed - xp.where(
        far,
        0.0,
        xp.exp(-0.5 * ab_safe)
        * _SQRT_TWO_PI
        * ndtr(-diff / root)
        * diff
        * (1.0 - c * d2 * (1.0 - d * d2) / 3.0),
    )
    xs = (root[..., None] * t) ** 2  # nodes in sqrt(1 - s^2) on (0, root)
    ab_ = ab[..., None]
    rs = xp.sqrt(1.0 - xs)
    expo = -0.5 * (d2[..., None] / xs + ab_)
    series = 1.0 + c[..., None] * xs * (1.0 + 5.0 * d[..., None] * xs)
    exact = xp.exp(-0.5 * ab_ * xs / ((1.0 + rs) * (1.0 + rs))) / rs
    numeric = root * xp.sum(xp.exp(expo) * (series - exact) * w, axis=-1)
    bvn = (numeric - closed) / _TWO_PI  # = -P(r <= S <= 1 band), Genz's sign
    positive = bvn + ndtr(-xp.maximum(a, b))
    band = xp.where(a < 0.0, ndtr(b) - ndtr(a), ndtr(-a) - ndtr(-b))
    negative = xp.where(a >= b, -bvn, band - bvn)
    return xp.where(r > 0.0, positive, negative)


def _lower_orthant(h, k, r):
    h, k, r = xp.broadcast_arrays(h, k, r)
    # symmetric by construction: P(X <= h, Y <= k) == P(X <= k, Y <= h)
    h, k = xp.minimum(h, k), xp.maximum(h, k)
    bound = _bound(h.dtype)
    arc_ok = (r >= _RHO_LOW) & (r < _RHO_HIGH)
    r_arc = xp.where(arc_ok, r, 0.0)
    r_tail = xp.where(arc_ok, _RHO_HIGH, r)
    p = xp.where(arc_ok, _arc(h, k, r_arc), _tail(h, k, r_tail))
    p = xp.clip(p, 0.0, xp.minimum(ndtr(h), ndtr(k)))
    p = xp.where(h >= bound, ndtr(k), p)  # h <= k: the two marginal edges
    return xp.where(h <= -bound, 0.0, p)


@jit
def previous_cdf(params, x, y):
    """The previous ``BivariateNormal.cdf`` kernel on packed parameters."""
    mean_x, mean_y, std_x, std_y, rho = params
    h = _standardize(x, mean_x, std_x)
    k = _standardize(y, mean_y, std_y)
    return _lower_orthant(h, k, rho.astype(h.dtype))
