"""The univariate normal distribution: marginals and conditionals of the pair."""

from __future__ import annotations

import math

import numpy as np

from ._backend import (
    as_leaf,
    float_dtype,
    is_tracer,
    jit,
    ndtr,
    ndtri,
    register_pytree,
    xp,
)
from ._random import standard_normal
from ._special import log_ndtr
from ._validation import (
    FINITE,
    NONNEGATIVE,
    POSITIVE,
    as_param,
    as_points,
    broadcast,
    check_count,
    report,
    screen,
)

__all__ = ["Normal"]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


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
        self._mean = as_param("mean", mean, FINITE)
        self._std = as_param("std", std, POSITIVE)
        broadcast(("mean", "std"), self._mean, self._std)

    # -- pytree protocol ---------------------------------------------------------
    def tree_flatten(self):
        """Leaves ``(mean, std)``; no auxiliary data."""
        return (self._mean, self._std), None

    @classmethod
    def tree_unflatten(cls, aux, leaves):  # noqa: ARG003
        """Rebuild from leaves without validation (they may be tracers)."""
        obj = object.__new__(cls)
        obj._mean, obj._std = (as_leaf(leaf) for leaf in leaves)
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

    def _report(self, std_rule=POSITIVE) -> None:
        """Under checkify, stage the checks of traced parameters (see ``report``)."""
        report(("mean", self._mean, FINITE), ("std", self._std, std_rule))

    # -- densities ---------------------------------------------------------------
    def _points(self, name: str, value):
        """``value`` as points of this law's float dtype, broadcast with its batch."""
        self._report()
        value = as_points(name, value, self._std.dtype)
        if np.ndim(self._mean) or np.ndim(self._std):
            broadcast((name, "mean", "std"), value, self._mean, self._std)
        return value

    def logpdf(self, x):
        r"""Log-density :math:`\log f(x)`, elementwise; :math:`-\infty` at
        :math:`\pm\infty`.

        In float32 within :math:`10^{-6}\,(1 + z^2)` absolute of float64 at the
        same float32 inputs, :math:`z = (x - \mu)/\sigma`.
        """
        return _logpdf(self, self._points("x", x))

    def pdf(self, x):
        r"""Density :math:`f(x)`, elementwise; 0 at :math:`\pm\infty`.

        In float32 within :math:`2 \cdot 10^{-6}\,(1 + z^2)` relative where the
        density is above 1e-37 (below, float32 underflows towards 0).
        """
        return _pdf(self, self._points("x", x))

    def cdf(self, x):
        r"""Cumulative distribution :math:`\Phi((x-\mu)/\sigma)`, elementwise.

        Accurate in the lower tail; in float32 within
        :math:`2 \cdot 10^{-6}\,(1 + z^2)` relative where the value is above
        1e-30.
        """
        return _cdf(self, self._points("x", x))

    def logcdf(self, x):
        r"""Log of the cumulative distribution, :math:`\log\Phi((x-\mu)/\sigma)`.

        Accurate in the far lower tail, where :meth:`cdf` underflows: an
        asymptotic series of the scaled complementary error function takes over
        below -20 standard deviations (-10 in float32), so it is finite down to
        about -1e154 standard deviations.
        """
        return _logcdf(self, self._points("x", x))

    def sf(self, x):
        r"""Survival function :math:`1 - F(x)`, accurate in the upper tail.

        In float32 within :math:`2 \cdot 10^{-6}\,(1 + z^2)` relative where the
        value is above 1e-30.
        """
        return _sf(self, self._points("x", x))

    def ppf(self, q):
        r"""Quantile function :math:`\mu + \sigma\,\Phi^{-1}(q)`, elementwise.

        NaN outside [0, 1]. In float32 within :math:`2 \cdot 10^{-6}\,
        (|x| + \sigma)` of float64 (:math:`x` the quantile) for
        :math:`10^{-30} \le q \le 1 - 10^{-6}`.
        """
        return _ppf(self, self._points("q", q))

    # -- sampling ----------------------------------------------------------------
    def sample(self, key, n):
        """Draw ``n`` samples.

        Parameters
        ----------
        key : int, JAX key or numpy.random.Generator
            Source of randomness (see :meth:`BivariateNormal.sample`).
        n : int
            Number of draws, ``n >= 0``. A count whose draws would not fit in
            memory is refused with a :class:`ValueError` before anything is
            allocated: the limit is the available memory, or ``BIVNORM_MAX_BYTES``
            (see the user guide).

        Returns
        -------
        array, shape ``(n, *batch)``
            where ``batch`` is the broadcast shape of ``mean`` and ``std``. In
            float32 the draws are those of :func:`jax.random.normal`, scaled.
        """
        self._report(NONNEGATIVE)
        batch = np.broadcast_shapes(np.shape(self._mean), np.shape(self._std))
        dtype = float_dtype()
        n = check_count(
            "n", n, item_bytes=2 * math.prod(batch) * np.dtype(dtype).itemsize
        )
        z = standard_normal(key, (n, *batch), dtype)
        return _shift_scale(self, z)


def _screened(d: Normal, std_rule=POSITIVE) -> Normal:
    """``d``, with NaN parameters wherever they lie outside the parameter space."""
    ok = screen(("mean", d.mean, FINITE), ("std", d.std, std_rule))
    if ok is None:
        return d
    nan = xp.where(ok, 0.0, xp.nan)  # added: NaN gradients too, not 0
    return Normal.tree_unflatten(None, (d.mean + nan, d.std + nan))


def _standardize(d: Normal, x):
    return (x - d.mean) / d.std


@jit
def _logpdf(d: Normal, x):
    d = _screened(d)
    z = _standardize(d, x)
    return -0.5 * z * z - xp.log(d.std) - _LOG_SQRT_2PI


@jit
def _pdf(d: Normal, x):
    return xp.exp(_logpdf(d, x))


@jit
def _cdf(d: Normal, x):
    return ndtr(_standardize(_screened(d), x))


@jit
def _logcdf(d: Normal, x):
    return log_ndtr(_standardize(_screened(d), x))


@jit
def _sf(d: Normal, x):
    return ndtr(-_standardize(_screened(d), x))


@jit
def _ppf(d: Normal, q):
    d = _screened(d)
    return d.mean + d.std * ndtri(q)


@jit
def _shift_scale(d: Normal, z):
    # A standard deviation of 0 is the point mass at the mean: kept.
    d = _screened(d, NONNEGATIVE)
    return d.mean + d.std * z
