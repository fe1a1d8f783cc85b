r"""Bivariate normal CDF, its logarithm, and rectangle probabilities, from scratch.

Backend-generic kernels (``xp`` is :mod:`jax.numpy` or :mod:`numpy`): pure array
code with no Python branching on values, so they can be jitted, vmapped and
differentiated on JAX, and run unchanged on NumPy.

The standardised lower orthant :math:`\Phi_2(h, k; \rho) = P(X \le h, Y \le k)`,
:math:`h \le k` by symmetry, is computed in log space, as a sum of positive terms
whose largest factor is taken out analytically, so that it keeps its relative
accuracy down to probabilities far below float64's smallest number
(:math:`\log\Phi_2(-100, -100; 0.3) \approx -7702.78`). With
:math:`s = \sqrt{1-\rho^2}`, every case is one integral

.. math::

    J(b, \alpha, \beta) = \int_{-\infty}^{b} \varphi(z)\,\Phi(\alpha + \beta z)\,dz,
    \qquad |\beta| \le 1 \text{ or } \alpha + \beta b \le 0,

whose integrand is log-concave with :math:`(\log)'' \le -1`:

* :math:`|\rho| \le 1/\sqrt2`, and :math:`\rho < -1/\sqrt2` when the corner lies
  below the line :math:`k = \rho h` (:math:`k - \rho h \le 0`):
  :math:`\Phi_2 = J(h, k/s, -\rho/s)`, conditioning on :math:`X`.
* :math:`\rho > 1/\sqrt2`: conditioning on the independent part
  :math:`Z = (Y - \rho X)/s` instead, with :math:`c = (k - \rho h)/s`,
  :math:`\Phi_2 = \Phi(h)\Phi(c) + J(-c, k/\rho, s/\rho)`.
* :math:`\rho < -1/\sqrt2` with the corner above that line:
  :math:`\Phi_2(h, k; \rho) = \Phi(h) - \Phi_2(h, -k; -\rho)`, where the
  subtracted probability is at most about half of :math:`\Phi(h)`.
* :math:`h \ge 1` (so :math:`\Phi_2 \ge 0.68`): one minus
  :math:`1 - \Phi_2 = \Phi(-h) + \Phi_2(-k, h; -\rho)`, both terms positive,
  which keeps the absolute error at the unit roundoff times :math:`1 - \Phi_2`.

:math:`J` is integrated by 44-point Gauss-Legendre in log space on an interval
placed by the integrand's mode: left of the mode (or of :math:`b`), the concavity
bounds the integrand by :math:`e^{-\sigma u - \kappa u^2/2}` times its value,
with :math:`\sigma` the slope at :math:`b` and :math:`\kappa \ge 1` a lower bound
on the curvature, so the interval ends where that bound has fallen by
:math:`e^{-38}`. The arguments of :math:`\Phi` at the nodes are formed as
:math:`(\alpha + \beta b) - \beta u`, from the accurately formed
:math:`\alpha + \beta b`, so that nothing cancels as :math:`|\rho| \to 1`.

``cdf`` is the exponential of ``logcdf`` (both kernels below): one
computation for both, relative error about :math:`10^{-15}` wherever the result
is a normal float64 number (:math:`|\log P|` times the unit roundoff once
:math:`|\log P| > 1`). Gradients (JAX) come from the exact formulas

.. math::

    \frac{\partial\Phi_2}{\partial h} = \varphi(h)\,
        \Phi\!\left(\frac{k - \rho h}{\sqrt{1-\rho^2}}\right), \qquad
    \frac{\partial\Phi_2}{\partial \rho} = \varphi_2(h, k; \rho),

through :func:`jax.custom_jvp`, not from differentiating the quadrature (divided
by :math:`\Phi_2` for the logarithm, in log space).
"""

from __future__ import annotations

import math

import numpy as np

from ._backend import differentiable, map_chunks, materialize, ndtr, xp
from ._special import LOG_SQRT_2PI, log1mexp, log_ndtr, mills, ndtr_parts

__all__ = ["bvn_cdf", "bvn_logcdf", "bvn_prob_rect"]

_TWO_PI = 2.0 * math.pi
_SQRT_TWO_PI = math.sqrt(_TWO_PI)
_LOG_TWO_PI = math.log(_TWO_PI)
_RHO_SWITCH = 1.0 / math.sqrt(2.0)  # conditioning on X or on Z = (Y - rho X) / s
_CONVERGED = 1000  # agreement of two Gauss-Legendre orders, in units of eps
_SPREAD = 30.0  # largest variation of the log-density over a box or strip
_DROP = 38.0  # the log-integrand bound falls by this much over the interval
_MODE_MARGIN = 1.0  # the true mode lies within 0.8 |beta| of the estimate
_LAMBDA_SLOPE = 2.0 / math.pi  # -d/dx (phi/Phi)(x) >= 2/pi for x <= 0
_CHUNK = 16384  # points at a time: their (16384, 44) intermediates fit in the cache


def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of ``n``-point Gauss-Legendre on [0, 1] (weights sum 1).

    NumPy's nodes (eigenvalues) are polished by Newton's method on the Legendre
    recurrence: their weights are then right to a few ulp instead of 1e-15.
    """
    x, _ = np.polynomial.legendre.leggauss(n)
    for _ in range(3):
        p0, p1 = np.ones_like(x), x.copy()
        for j in range(2, n + 1):
            p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
        slope = n * (x * p1 - p0) / (x * x - 1.0)
        x = x - p1 / slope
    weights = 2.0 / ((1.0 - x * x) * slope * slope)
    return (x + 1.0) / 2.0, weights / 2.0


_GL_ORTHANT = _gauss_legendre(44)
_GL_STRIP = (_gauss_legendre(20), _gauss_legendre(12))


def _bound(dtype) -> float:
    """A standardised value beyond which :math:`\\Phi` is 0 or 1 in ``dtype``."""
    return 39.0 if np.finfo(dtype).bits >= 64 else 15.0


def _log_bound(dtype) -> float:
    """Standardised limits are clipped to this for the log (squares stay finite)."""
    return 1e100 if np.finfo(dtype).bits >= 64 else 1e12


def _as_float(value):
    """``value`` as a floating array (integers promoted)."""
    value = xp.asarray(value)
    if not xp.issubdtype(value.dtype, xp.floating):
        value = value * 1.0  # the default float of the backend
    return value


def _standardize(value, mean, std, bound=_bound):
    r""":math:`(v - \mu)/\sigma`, clipped to :math:`\pm` the bound, infinities kept.

    Infinite values bypass the arithmetic so that gradients with respect to the
    parameters stay finite (zero) there.
    """
    value = _as_float(value)
    finite = xp.isfinite(value)
    z = (xp.where(finite, value, 0.0) - mean) / std
    z = xp.where(finite, z, value)
    limit = bound(z.dtype)
    return xp.clip(z, -limit, limit)


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


# -- the standardised lower orthant, in log space ---------------------------------
def _quadrature_interval(b, xb, alpha, beta):
    r"""Reference point and nodes covering :math:`J`'s mass.

    The mode of :math:`\log\varphi(z) + \log\Phi(\alpha + \beta z)` is estimated
    as :math:`-\alpha\beta/(1+\beta^2)` (:math:`\alpha < 0`) or 0, which is off by
    at most :math:`0.8|\beta|`; the curvature is at least :math:`\kappa = 1`, and
    :math:`1 + (2/\pi)\beta^2` where :math:`\alpha + \beta z \le 0` throughout.
    Returned: the reference point :math:`z_r`, the estimated mode or :math:`b`
    (the log-integrand there is within a few units of its maximum), its offset
    :math:`b - z_r`, and the nodes' interval as ``start + width * [0, 1]`` in
    :math:`\delta = z_r - z`.
    """
    mode = xp.where(alpha < 0.0, -alpha * beta / (1.0 + beta * beta), 0.0)
    slope = -b + beta * mills(xb)
    kappa = xp.where((beta > 0.0) & (xb <= 0.0), 1.0 + _LAMBDA_SLOPE * beta * beta, 1.0)
    root = xp.sqrt(slope * slope + 2.0 * kappa * _DROP)
    # the positive root of slope * u + kappa u^2 / 2 = _DROP, without cancellation
    reach = xp.where(
        slope > 0.0, 2.0 * _DROP / (xp.abs(slope) + root), (root - slope) / kappa
    )
    half = _MODE_MARGIN + math.sqrt(2.0 * _DROP)
    u_ref = xp.maximum(b - mode, 0.0)
    u0 = xp.maximum(u_ref - half, 0.0)
    width = xp.minimum(reach, u_ref + half) - u0
    return xp.minimum(b, mode), u_ref, u0 - u_ref, width


def _log_j(b, xb, alpha, beta):
    r""":math:`\log J(b, \alpha, \beta)`, given :math:`x_b = \alpha + \beta b`.

    Written about the reference point :math:`z_r` (the estimated mode, or
    :math:`b`), with :math:`z = z_r - \delta`,
    :math:`\log\varphi(z) = \log\varphi(z_r) + z_r\delta - \delta^2/2`: the
    large common part is added once, outside the sum.
    """
    z_ref, u_ref, start, width = _quadrature_interval(b, xb, alpha, beta)
    x_ref = xb - beta * u_ref
    t, w = _nodes(_GL_ORTHANT, b)
    delta = start[..., None] + width[..., None] * t
    log_ref = log_ndtr(x_ref)
    # log Phi at the nodes is add + log(arg): exp(add - ...) * arg, with no log
    add, arg = ndtr_parts(x_ref[..., None] - beta[..., None] * delta)
    terms = (z_ref[..., None] - 0.5 * delta) * delta + (add - log_ref[..., None])
    total = xp.sum(materialize(xp.exp(terms) * arg * w), axis=-1)
    return -0.5 * z_ref * z_ref - LOG_SQRT_2PI + log_ref + xp.log(total * width)


def _logaddexp(a, b):
    """``log(exp(a) + exp(b))`` for finite ``a``, ``b`` (NaN passes quietly)."""
    return xp.maximum(a, b) + xp.log1p(xp.exp(-xp.abs(a - b)))


def _log_orthant_direct(h, k, r):
    r""":math:`\log\Phi_2(h, k; r)` for finite ``h <= k`` and :math:`|r| < 1`."""
    ar = xp.abs(r)
    root = xp.sqrt(_one_minus_rho2(r))
    sign = xp.where(r < 0.0, -1.0, 1.0)
    # (k - r h) / s, formed so that it keeps its digits on the ridge k ~ r h
    centre = ((k - sign * h) + (sign - r) * h) / root
    positive = r > _RHO_SWITCH
    mixed = (r < -_RHO_SWITCH) & (centre > 0.0)
    ar = xp.where(positive | mixed, ar, 1.0)  # no 0 / 0 where it is not used
    alpha = xp.where(positive, k / ar, xp.where(mixed, -k / ar, k / root))
    beta = xp.where(positive | mixed, root / ar, -r / root)
    b = xp.where(positive, -centre, xp.where(mixed, centre, h))
    xb = xp.where(positive | mixed, h, centre)
    log_j = _log_j(b, xb, alpha, beta)
    log_h = log_ndtr(h)
    # the closed-form term Phi(h) Phi(+-centre) of the Z-conditioned cases
    log_prod = log_h + log_ndtr(xp.where(positive, centre, -centre))
    log_sum = _logaddexp(log_prod, log_j)
    gap = xp.maximum(log_h - log_sum, float(np.finfo(h.dtype).tiny))
    return xp.where(positive, log_sum, xp.where(mixed, log_h + log1mexp(gap), log_j))


def _log_lower_orthant(h, k, r):
    h, k, r = xp.broadcast_arrays(h, k, r)
    # In chunks: the nodes make (points, 44) intermediates, which at 10^6 points
    # would go out to memory and back (twice as slow as from the cache).
    flat = map_chunks(_log_orthant, [v.reshape(-1) for v in (h, k, r)], _CHUNK)
    return flat.reshape(h.shape)


def _log_orthant(h, k, r):
    # symmetric by construction: P(X <= h, Y <= k) == P(X <= k, Y <= h)
    h, k = xp.minimum(h, k), xp.maximum(h, k)
    limit = _log_bound(h.dtype)
    h, k = xp.clip(h, -limit, limit), xp.clip(k, -limit, limit)
    # Above (1, 1), P >= 0.68 is one minus 1 - P = Phi(-h) + P(X <= h, Y > k), a
    # sum of positive terms: P then has absolute error eps (1 - P), not eps P.
    upper = h >= 1.0
    inner = _log_orthant_direct(
        xp.where(upper, -k, h), xp.where(upper, h, k), xp.where(upper, -r, r)
    )
    log_q = _logaddexp(log_ndtr(-h), inner)
    out = xp.where(upper, xp.log1p(-xp.exp(xp.minimum(log_q, 0.0))), inner)
    # exact at the edges: P = Phi(h) when k = +inf, P = 0 when h = -inf
    out = xp.where(k >= limit, log_ndtr(h), out)
    out = xp.where(h <= -limit, -xp.inf, out)
    return xp.where(xp.abs(r) < 1.0, out, xp.nan)


def _orthant_partials(h, k, r):
    r"""Logs of :math:`\partial\Phi_2/\partial h`, :math:`\partial/\partial k`, and
    :math:`\partial/\partial\rho`."""
    one_m_r2 = _one_minus_rho2(r)
    root = xp.sqrt(one_m_r2)
    sign = xp.where(r < 0.0, -1.0, 1.0)
    ch = ((k - sign * h) + (sign - r) * h) / root
    ck = ((h - sign * k) + (sign - r) * k) / root
    finite_h = xp.where(xp.isfinite(h), h, 0.0)
    finite_k = xp.where(xp.isfinite(k), k, 0.0)
    log_dh = -0.5 * finite_h * finite_h - LOG_SQRT_2PI + log_ndtr(ch)
    log_dk = -0.5 * finite_k * finite_k - LOG_SQRT_2PI + log_ndtr(ck)
    quad = (
        finite_h * finite_h - 2.0 * r * finite_h * finite_k + finite_k**2
    ) / one_m_r2
    log_dr = -0.5 * quad - _LOG_TWO_PI - 0.5 * xp.log(one_m_r2)
    edge_h, edge_k = ~xp.isfinite(h), ~xp.isfinite(k)
    return (
        xp.where(edge_h, -xp.inf, log_dh),
        xp.where(edge_k, -xp.inf, log_dk),
        xp.where(edge_h | edge_k, -xp.inf, log_dr),
    )


def _log_lower_orthant_grad(h, k, r, out):
    live = out > -xp.inf
    safe = xp.where(live, out, 0.0)
    return tuple(
        xp.where(live, xp.exp(part - safe), 0.0) for part in _orthant_partials(h, k, r)
    )


def _lower_orthant_grad(h, k, r, out):  # noqa: ARG001
    return tuple(xp.exp(part) for part in _orthant_partials(h, k, r))


_log_lower_orthant_core = differentiable(_log_lower_orthant_grad)(_log_lower_orthant)


@differentiable(_lower_orthant_grad)
def _lower_orthant_core(h, k, r):
    return xp.exp(_log_lower_orthant(h, k, r))


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
    h = _standardize(x, mean_x, std_x, _log_bound)
    k = _standardize(y, mean_y, std_y, _log_bound)
    return _lower_orthant_core(*_promote(h, k, _as_float(rho)))


def bvn_logcdf(mean_x, mean_y, std_x, std_y, rho, x, y):  # noqa: PLR0917
    r"""Log of the joint CDF, :math:`\log P(X \le x, Y \le y)` (see :func:`bvn_cdf`).

    Returns
    -------
    array
        Finite wherever the probability is positive, however small; ``-inf``
        where ``x`` or ``y`` is :math:`-\infty`.
    """
    h = _standardize(x, mean_x, std_x, _log_bound)
    k = _standardize(y, mean_y, std_y, _log_bound)
    return _log_lower_orthant_core(*_promote(h, k, _as_float(rho)))


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
