r"""Bivariate normal CDF and rectangle probabilities, from scratch.

Backend-generic kernels (``xp`` is :mod:`jax.numpy` or :mod:`numpy`): pure array
code with no Python branching on values, so they can be jitted, vmapped and
differentiated on JAX, and run unchanged on NumPy.

The standardised lower orthant :math:`\Phi_2(h, k; \rho) = P(X \le h, Y \le k)`
follows Drezner & Wesolowsky (1990) with Genz's (2004) refinements, as in
Genz's ``BVND``/``bvnu``, reorganised so that small probabilities are computed
as sums of small terms rather than as differences of large ones:

* :math:`-0.5 \le \rho < 0.925`: Sheppard's formula along the arc,

  .. math::

      \Phi_2 = \Phi(h)\Phi(k) + \frac{1}{2\pi}\int_0^{\arcsin\rho}
      \exp\!\left(-\frac{h^2 + k^2 - 2hk\sin\theta}{2\cos^2\theta}\right)
      d\theta,

  with 20-point Gauss-Legendre (all terms positive for :math:`\rho \ge 0`).
* otherwise Genz's expansion around :math:`|\rho| = 1`, integrating the density
  in :math:`\sqrt{1 - s^2}` over :math:`s` between :math:`|\rho|` and 1, with its
  singular part in closed form and 32-point Gauss-Legendre for the rest. For
  :math:`\rho < 0` this adds positive terms to
  :math:`\max(0, \Phi(h) - \Phi(-k))`, so the lower tail keeps its relative
  accuracy where Sheppard's formula would cancel.

Both are evaluated everywhere and the right one is picked with ``where``.
Gradients (JAX) come from the exact formulas

.. math::

    \frac{\partial\Phi_2}{\partial h} = \varphi(h)\,
        \Phi\!\left(\frac{k - \rho h}{\sqrt{1-\rho^2}}\right), \qquad
    \frac{\partial\Phi_2}{\partial \rho} = \varphi_2(h, k; \rho),

through :func:`jax.custom_jvp`, not from differentiating the quadrature.
"""

from __future__ import annotations

import math

import numpy as np

from ._backend import HAS_JAX, jax, ndtr, xp

__all__ = ["bvn_cdf", "bvn_prob_rect"]

_TWO_PI = 2.0 * math.pi
_SQRT_TWO_PI = math.sqrt(_TWO_PI)
_RHO_LOW, _RHO_HIGH = -0.5, 0.925  # Sheppard's arc formula on [_RHO_LOW, _RHO_HIGH)
_CONVERGED = 1000  # agreement of two Gauss-Legendre orders, in units of eps
_SPREAD = 30.0  # largest variation of the log-density over a box or strip


def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of ``n``-point Gauss-Legendre on [0, 1] (weights sum 1)."""
    nodes, weights = np.polynomial.legendre.leggauss(n)
    return (nodes + 1.0) / 2.0, weights / 2.0


_GL_ARC = _gauss_legendre(20)
_GL_TAIL = _gauss_legendre(32)
_GL_STRIP = (_gauss_legendre(20), _gauss_legendre(12))


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


def _ndtr_window(centre, half):
    r""":math:`\Phi(m + \delta) - \Phi(m - \delta)` without cancellation.

    Wide windows are taken in the smaller tail; narrow ones by the Taylor series
    of the density about the centre :math:`m`,

    .. math::

        \Phi(m + \delta) - \Phi(m - \delta) = 2\varphi(m) \sum_{n \ge 0}
        \operatorname{He}_{2n}(m) \frac{\delta^{2n+1}}{(2n+1)!}.
    """
    a, b = centre - half, centre + half
    wide = xp.where(centre > 0.0, ndtr(-a) - ndtr(-b), ndtr(b) - ndtr(a))
    # beyond |m| = 40 the density underflows and the wide form is exact (zero)
    narrow = (half * (xp.abs(centre) + 1.0) <= 0.1) & (xp.abs(centre) <= 40.0)
    m = xp.where(narrow, centre, 0.0)
    d = xp.where(narrow, half, 0.0)
    m2, d2 = m * m, d * d
    he2 = m2 - 1.0
    he4 = (m2 - 6.0) * m2 + 3.0
    he6 = ((m2 - 15.0) * m2 + 45.0) * m2 - 15.0
    he8 = (((m2 - 28.0) * m2 + 210.0) * m2 - 420.0) * m2 + 105.0
    series = 1.0 + d2 * (
        he2 / 6.0 + d2 * (he4 / 120.0 + d2 * (he6 / 5040.0 + d2 * he8 / 362880.0))
    )
    return xp.where(narrow, 2.0 * d * _npdf(m) * series, wide)


# -- the standardised lower orthant ----------------------------------------------
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


def _lower_orthant_grad(h, k, r):
    """Exact partial derivatives in ``h``, ``k`` and ``r``."""
    one_m_r2 = _one_minus_rho2(r)
    root = xp.sqrt(one_m_r2)
    dh = _npdf(h) * ndtr((k - r * h) / root)
    dk = _npdf(k) * ndtr((h - r * k) / root)
    quad = (h * h - 2.0 * r * h * k + k * k) / one_m_r2
    dr = xp.exp(-0.5 * quad) / (_TWO_PI * root)
    return dh, dk, dr


if HAS_JAX:
    _lower_orthant_core = jax.custom_jvp(_lower_orthant)

    @_lower_orthant_core.defjvp
    def _lower_orthant_jvp(primals, tangents):
        h, k, r = primals
        out = _lower_orthant_core(h, k, r)
        grads = _lower_orthant_grad(h, k, r)
        tangent = sum(g * t for g, t in zip(grads, tangents, strict=True))
        return out, xp.broadcast_to(tangent, out.shape).astype(out.dtype)

else:
    _lower_orthant_core = _lower_orthant


def _promote(h, k, r):
    dtype = xp.result_type(h, k, r)
    return h.astype(dtype), k.astype(dtype), xp.asarray(r).astype(dtype)


def bvn_cdf(mean_x, mean_y, std_x, std_y, rho, x, y):  # noqa: PLR0917
    r"""Joint CDF :math:`P(X \le x, Y \le y)` of a bivariate normal.

    Parameters
    ----------
    mean_x, mean_y, std_x, std_y, rho : array_like
        Parameters of the law (scalars, or arrays broadcasting with the points).
    x, y : array_like
        Upper limits, broadcast together; :math:`\pm\infty` allowed.

    Returns
    -------
    array
        :math:`\Phi_2\big((x-\mu_x)/\sigma_x, (y-\mu_y)/\sigma_y; \rho\big)`.
    """
    h = _standardize(x, mean_x, std_x)
    k = _standardize(y, mean_y, std_y)
    return _lower_orthant_core(*_promote(h, k, _as_float(rho)))


# -- rectangles ------------------------------------------------------------------
def _interval(v0, v1, mean, std):
    """Standardised limits, centre and width of ``(v0, v1]``.

    The width comes from ``v1 - v0`` itself, not from the difference of the
    standardised limits, so a narrow interval keeps its relative accuracy.
    """
    v0, v1 = _as_float(v0), _as_float(v1)
    lo = _standardize(v0, mean, std)
    hi = _standardize(v1, mean, std)
    finite = xp.isfinite(v0) & xp.isfinite(v1)
    raw = xp.where(finite, v1, 0.0) - xp.where(finite, v0, 0.0)
    width = xp.where(finite, raw / std, hi - lo)
    return lo, hi, 0.5 * (lo + hi), width


def _strip_quadrature(hc, wh, kc, wk, r, *, rule):
    r"""Gauss-Legendre over :math:`h` of :math:`\varphi(h)\,P(k_0<Y\le k_1\mid h)`."""
    t, w = _nodes(rule, hc)
    hs = hc[..., None] + wh[..., None] * (t - 0.5)
    rr = r[..., None]
    root = xp.sqrt(_one_minus_rho2(rr))
    centre = (kc[..., None] - rr * hs) / root
    half = 0.5 * wk[..., None] / root
    window = _ndtr_window(centre, half)
    return xp.sum(_npdf(hs) * window * w, axis=-1) * wh


def _strip(hc, wh, kc, wk, r):
    """The strip integral, and whether it can be trusted.

    Trusted when the strip is narrow (the density of :math:`h` and the
    conditional law of :math:`Y` move little across it, so no feature hides
    between the nodes) and 12 and 20 Gauss-Legendre points agree.
    """
    fine, coarse = (
        _strip_quadrature(hc, wh, kc, wk, r, rule=rule) for rule in _GL_STRIP
    )
    shift = xp.abs(r) * wh / xp.sqrt(_one_minus_rho2(r))
    narrow = (shift <= 3.0) & ((xp.abs(hc) + 0.5 * wh) * wh <= _SPREAD)
    tol = _CONVERGED * float(np.finfo(fine.dtype).eps)
    agree = xp.abs(fine - coarse) <= tol * xp.abs(fine)
    return fine, narrow & agree


def _prob_rect(h, k, r):
    """Rectangle probability from standardised ``(lo, hi, centre, width)`` pairs."""
    h0, h1, hc, wh, k0, k1, kc, wk, r = xp.broadcast_arrays(*h, *k, r)
    empty = (wh <= 0.0) | (wk <= 0.0)
    wh = xp.where(empty, 0.0, wh)
    wk = xp.where(empty, 0.0, wk)
    # move the box to the lower-left, where the orthant probabilities are small
    flip_h = hc > 0.0
    flip_k = kc > 0.0
    h0, h1, hc = xp.where(flip_h, -h1, h0), xp.where(flip_h, -h0, h1), xp.abs(hc)
    k0, k1, kc = xp.where(flip_k, -k1, k0), xp.where(flip_k, -k0, k1), xp.abs(kc)
    hc, kc = -hc, -kc
    r = xp.where(flip_h ^ flip_k, -r, r)
    corners = _lower_orthant_core(
        xp.stack([h1, h0, h1, h0]), xp.stack([k1, k1, k0, k0]), xp.stack([r] * 4)
    )
    inclusion_exclusion = (corners[0] - corners[1]) - (corners[2] - corners[3])
    strip_h, strip_h_ok = _strip(hc, wh, kc, wk, r)
    strip_k, strip_k_ok = _strip(kc, wk, hc, wh, r)
    p = xp.where(
        strip_h_ok, strip_h, xp.where(strip_k_ok, strip_k, inclusion_exclusion)
    )
    return xp.where(empty, 0.0, xp.clip(p, 0.0, 1.0))


def bvn_prob_rect(mean_x, mean_y, std_x, std_y, rho, x0, x1, y0, y1):  # noqa: PLR0917
    r"""Probability of the rectangle :math:`x_0 < X \le x_1,\ y_0 < Y \le y_1`.

    Zero when :math:`x_1 \le x_0` or :math:`y_1 \le y_0`; limits may be infinite.

    The rectangle is standardised and reflected (:math:`h \to -h` and/or
    :math:`k \to -k`, flipping the sign of :math:`\rho`) so that it lies towards
    the lower-left, where the four orthant probabilities of the
    inclusion-exclusion formula are small. Rectangles narrow in :math:`x` (or
    :math:`y`) are integrated directly instead,
    :math:`\int_{h_0}^{h_1} \varphi(h)\,P(k_0 < Y \le k_1 \mid h)\,dh`, by
    Gauss-Legendre when 12 and 20 points agree, so that a small rectangle far
    out keeps its relative accuracy.
    """
    h = _interval(x0, x1, mean_x, std_x)
    k = _interval(y0, y1, mean_y, std_y)
    rho = _as_float(rho)
    dtype = xp.result_type(*h, *k, rho)
    h, k = ([a.astype(dtype) for a in part] for part in (h, k))
    return _prob_rect(h, k, rho.astype(dtype))
