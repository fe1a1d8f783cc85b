r"""Logarithms of normal probabilities, accurate far below float64's smallest number.

Backend-generic (``xp`` is :mod:`jax.numpy` or :mod:`numpy`), no Python branching
on values. :func:`log_ndtr` is

.. math::

    \log\Phi(x) = \begin{cases}
        \log\bigl(\tfrac12\operatorname{erfc}(-x/\sqrt2)\bigr), & x \ge -x_0,\\
        -\tfrac{x^2}{2} - \log\sqrt{2\pi}
        + \log\Bigl(\frac{1}{-x}\sum_{n=0}^{10}
        \frac{(-1)^n (2n-1)!!}{x^{2n}}\Bigr), & x < -x_0,
    \end{cases}

with :math:`x_0 = 20` in float64 (the first omitted term of the asymptotic series
is below :math:`10^{-18}` there) and 10 in float32 (where ``erfc`` would
underflow). Each branch is fed only values in its own range, so neither
overflows nor produces NaN, and its derivative is the inverse Mills ratio
:math:`\varphi(x)/\Phi(x)`, exact in the asymptotic branch too.
"""

from __future__ import annotations

import math

import numpy as np

from ._backend import differentiable, ndtr, xp

__all__ = [
    "TAYLOR_STEP",
    "add_diff",
    "log1mexp",
    "log_ndtr",
    "log_ndtr_diff",
    "log_ndtr_step",
    "mills",
    "ndtr_parts",
]

LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
# (-1)^n (2n - 1)!! for n = 1..10: the asymptotic series of erfcx
_ASYMPTOTIC = tuple((-1) ** n * math.prod(range(1, 2 * n, 2)) for n in range(1, 11))


def _far(dtype) -> float:
    """Where the asymptotic series takes over: ``x < -_far``."""
    return 20.0 if np.finfo(dtype).bits >= 64 else 10.0


def ndtr_parts(x):
    r"""``(add, arg)`` with :math:`\log\Phi(x)` = ``add + log(arg)``.

    ``arg`` is :math:`\Phi(x)` itself where ``x >= -x_0`` (``add = 0``), and
    :math:`\Phi(x)/\varphi(x)` beyond (``add`` = :math:`\log\varphi(x)`).
    """
    bound = _far(x.dtype)
    far = x < -bound
    near_x = xp.where(far, -bound, x)
    tail = ndtr(-xp.abs(near_x))
    far_x = xp.where(far, x, -bound)
    inv = -1.0 / far_x
    q = inv * inv
    series = 0.0
    for c in reversed(_ASYMPTOTIC):
        series = (series + c) * q
    arg = xp.where(far, inv * (1.0 + series), xp.where(near_x >= 0.0, 1.0 - tail, tail))
    add = xp.where(far, -0.5 * far_x * far_x - LOG_SQRT_2PI, 0.0)
    return add, arg


def mills(x, parts=None):
    r"""The inverse Mills ratio :math:`\lambda(x) = \varphi(x)/\Phi(x)`
    (``parts``: :func:`ndtr_parts` of ``x``, where the caller has them)."""
    add, arg = ndtr_parts(x) if parts is None else parts
    return xp.exp(-0.5 * x * x - LOG_SQRT_2PI - add) / arg


def _log_ndtr_grad(x, out):  # noqa: ARG001
    return (mills(x),)


@differentiable(_log_ndtr_grad)
def _log_ndtr(x):
    add, arg = ndtr_parts(x)
    # above 0, log(1 - Phi(-x)) by log1p: non-zero up to x ~ 38 (as log_ndtr)
    upper = x > 0.0
    tail = ndtr(-xp.where(upper, x, 0.0))
    return xp.where(upper, xp.log1p(-tail), add + xp.log(arg))


def log_ndtr(x):
    r""":math:`\log\Phi(x)`, elementwise, for any float ``x`` (see module notes)."""
    x = xp.asarray(x)
    if not xp.issubdtype(x.dtype, xp.floating):
        x = x * 1.0
    return _log_ndtr(x)


# below this, log Phi(y + step) - log Phi(y) is its Taylor polynomial (order 3)
TAYLOR_STEP = 1e-3


def log_ndtr_step(y, lam, step):
    r""":math:`\log\Phi(y + s) - \log\Phi(y)` for a small step :math:`s`, given
    :math:`\lambda = \varphi(y)/\Phi(y)`:

    .. math::

        \lambda s + \lambda' \frac{s^2}{2} + \lambda'' \frac{s^3}{6},\qquad
        \lambda' = -\lambda (y + \lambda),\quad
        \lambda'' = -\lambda' (y + \lambda) - \lambda (1 + \lambda').

    For :math:`|s| \le 10^{-3}` and :math:`y \ge -x_0` the omitted term is below
    1e-13 of the result. Unlike a ratio of two :math:`\Phi`, it does not carry the
    rounding of :math:`\pm y/\sqrt2` inside ``erfc`` (about :math:`y^2` ulp).
    """
    d1 = -lam * (y + lam)
    d2 = -d1 * (y + lam) - lam * (1.0 + d1)
    return step * (lam + step * (0.5 * d1 + step * d2 / 6.0))


def add_diff(x, y, offset, add_x, add_y):
    r"""``add_x - add_y`` of :func:`ndtr_parts`; both far out (both adds
    :math:`-t^2/2 - \log\sqrt{2\pi}`) as :math:`-\tfrac12 (x - y)(x + y)` with
    ``offset`` for :math:`x - y`, not the difference of two large numbers."""
    both_far = (add_x != 0.0) & (add_y != 0.0)
    return xp.where(both_far, -0.5 * offset * (x + y), add_x - add_y)


def log_ndtr_diff(x, y, offset=None, parts=None):
    r""":math:`\log\Phi(x) - \log\Phi(y)`, without the cancellation of two large logs.

    .. math::

        \log\frac{\Phi(x)}{\Phi(y)} = \begin{cases}
            \text{the Taylor polynomial of } \log\Phi \text{ at } y,
            & |x - y| \le 10^{-3},\ x, y \ge -x_0,\\
            \log\bigl(\Phi(x)/\Phi(y)\bigr), & x, y \ge -x_0,\\
            -\tfrac12 (x - y)(x + y) + \log\frac{\Phi(x)/\varphi(x)}{\Phi(y)/\varphi(y)},
            & x, y < -x_0,
        \end{cases}

    (see :func:`log_ndtr_step`) and the plain difference of :func:`log_ndtr`
    otherwise. Where ``x`` is near ``y`` far in the tail, each log is about
    :math:`-x^2/2` with an absolute error of :math:`x^2/2` ulp; the difference here
    keeps its own digits. ``offset``, where given, is :math:`x - y` known better
    than the rounded ``x`` and ``y`` tell it (``x`` the rounding of ``y + offset``);
    ``parts``, the :func:`ndtr_parts` of ``x`` and of ``y``, where the caller has
    them.
    """
    (add_x, arg_x), (add_y, arg_y) = parts or (ndtr_parts(x), ndtr_parts(y))
    near = (add_x == 0.0) & (add_y == 0.0)
    offset = x - y if offset is None else offset
    # near, both adds are 0 (and above 0, where arg is 1 - tail, rounded, the logs
    # are small and exact enough)
    out = add_diff(x, y, offset, add_x, add_y) + xp.log(arg_x / arg_y)
    taylor = log_ndtr_step(y, mills(y, (add_y, arg_y)), offset)
    return xp.where(near & (xp.abs(offset) <= TAYLOR_STEP), taylor, out)


def log1mexp(a):
    r""":math:`\log(1 - e^{-a})` for :math:`a > 0`, accurate for small and large a."""
    small = a < math.log(2.0)
    a_small = xp.where(small, a, 1.0)
    a_large = xp.where(small, 1.0, a)
    return xp.where(small, xp.log(-xp.expm1(-a_small)), xp.log1p(-xp.exp(-a_large)))
