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

__all__ = ["log1mexp", "log_ndtr", "mills", "ndtr_parts"]

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


def mills(x):
    r"""The inverse Mills ratio :math:`\lambda(x) = \varphi(x)/\Phi(x)`."""
    add, arg = ndtr_parts(x)
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


def log1mexp(a):
    r""":math:`\log(1 - e^{-a})` for :math:`a > 0`, accurate for small and large a."""
    small = a < math.log(2.0)
    a_small = xp.where(small, a, 1.0)
    a_large = xp.where(small, 1.0, a)
    return xp.where(small, xp.log(-xp.expm1(-a_small)), xp.log1p(-xp.exp(-a_large)))
