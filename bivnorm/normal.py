"""The univariate normal distribution: marginals and conditionals of the pair."""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from ._backend import float_dtype, is_tracer, jit, ndtr, ndtri, register_pytree, xp
from ._random import standard_normal
from ._validation import check_count, check_finite, check_positive

__all__ = ["Normal"]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def as_param(value):
    """A parameter as an array of the backend's float dtype (tracers kept)."""
    if is_tracer(value):
        return value
    return xp.asarray(np.asarray(value, dtype=np.float64), dtype=float_dtype())


def as_input(value):
    """Points to evaluate at: sequences become arrays, arrays pass through."""
    if isinstance(value, list | tuple):
        return np.asarray(value, dtype=np.float64)
    return value


def format_param(value) -> str:
    """A parameter for a repr: its value, or ``<traced>`` inside a transform."""
    if is_tracer(value):
        return "<traced>"
    return str(np.asarray(value)[()])  # the shortest repr for its dtype


@register_pytree
class Normal:
    r"""Normal distribution :math:`\mathcal N(\mu, \sigma^2)`.

    Parameters
    ----------
    mean : float or array_like
        Location :math:`\mu`.
    std : float or array_like
        Standard deviation :math:`\sigma > 0`. ``mean`` and ``std`` broadcast
        together, so one object can hold a family of normals (for instance the
        conditional laws of :math:`Y` at many values of :math:`x`).

    Notes
    -----
    .. math::

        f(x) = \frac{1}{\sigma\sqrt{2\pi}}
               \exp\!\left(-\frac{(x-\mu)^2}{2\sigma^2}\right)

    Examples
    --------
    >>> import bivnorm as bn
    >>> n = bn.Normal(1.0, 2.0)
    >>> float(n.cdf(1.0))
    0.5
    """

    def __init__(self, mean=0.0, std=1.0):
        check_finite("mean", mean)
        check_positive("std", std)
        self._mean = as_param(mean)
        self._std = as_param(std)

    # -- pytree protocol ---------------------------------------------------------
    def tree_flatten(self):
        """Leaves ``(mean, std)``; no auxiliary data."""
        return (self._mean, self._std), None

    @classmethod
    def tree_unflatten(cls, aux, leaves):  # noqa: ARG003
        """Rebuild from leaves without validation (they may be tracers)."""
        obj = object.__new__(cls)
        obj._mean, obj._std = leaves
        return obj

    # -- parameters --------------------------------------------------------------
    @property
    def mean(self):
        """The mean :math:`\\mu`."""
        return self._mean

    @property
    def std(self):
        """The standard deviation :math:`\\sigma`."""
        return self._std

    @property
    def var(self):
        """The variance :math:`\\sigma^2`."""
        return self._std * self._std

    def __repr__(self) -> str:
        return f"Normal(mean={format_param(self._mean)}, std={format_param(self._std)})"

    # -- densities ---------------------------------------------------------------
    def logpdf(self, x):
        r"""Log-density :math:`\log f(x)`, elementwise."""
        return _logpdf(self, as_input(x))

    def pdf(self, x):
        r"""Density :math:`f(x)`, elementwise."""
        return _pdf(self, as_input(x))

    def cdf(self, x):
        r"""Cumulative distribution :math:`\Phi((x-\mu)/\sigma)`, elementwise."""
        return _cdf(self, as_input(x))

    def sf(self, x):
        r"""Survival function :math:`1 - F(x)`, accurate in the upper tail."""
        return _sf(self, as_input(x))

    def ppf(self, q):
        r"""Quantile function :math:`\mu + \sigma\,\Phi^{-1}(q)`, elementwise."""
        return _ppf(self, as_input(q))

    # -- sampling ----------------------------------------------------------------
    def sample(self, key, n):
        """Draw ``n`` samples.

        Parameters
        ----------
        key : int, JAX key or numpy.random.Generator
            Source of randomness (see :meth:`BivariateNormal.sample`).
        n : int
            Number of draws, ``n >= 0``.

        Returns
        -------
        array, shape ``(n, *batch)``
            where ``batch`` is the broadcast shape of ``mean`` and ``std``.
        """
        n = check_count("n", n)
        shape = (n, *np.broadcast_shapes(np.shape(self._mean), np.shape(self._std)))
        z = standard_normal(key, shape, float_dtype())
        return _shift_scale(self, z)


def _standardize(d: Normal, x):
    return (x - d.mean) / d.std


@jit
def _logpdf(d: Normal, x):
    z = _standardize(d, x)
    return -0.5 * z * z - xp.log(d.std) - _LOG_SQRT_2PI


@jit
def _pdf(d: Normal, x):
    return xp.exp(_logpdf(d, x))


@jit
def _cdf(d: Normal, x):
    return ndtr(_standardize(d, x))


@jit
def _sf(d: Normal, x):
    return ndtr(-_standardize(d, x))


@jit
def _ppf(d: Normal, q):
    return d.mean + d.std * ndtri(q)


@partial(jit)
def _shift_scale(d: Normal, z):
    return d.mean + d.std * z
