"""The univariate normal distribution: marginals and conditionals of the pair."""

from __future__ import annotations

import math

import numpy as np

from ._backend import ndtr, ndtri, register_pytree, xp
from ._budget import check_count
from ._checks import FINITE
from ._law import Law, parameter
from ._random import standard_normal
from ._special import log_ndtr

__all__ = ["Normal"]

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


@register_pytree
class Normal(Law):
    r"""Normal distribution :math:`\mathcal N(\mu, \sigma^2)`.

    Parameters
    ----------
    mean : float or array_like
        Location :math:`\mu`.
    std : float or array_like
        Standard deviation :math:`\sigma`, in :math:`[2^{-511}, 2^{511}]` in
        float64 (:math:`[2^{-63}, 2^{63}]` in float32), where the variance and
        the density are finite. ``mean`` and ``std`` broadcast together, so one
        object can hold a batch of normals (for instance the conditional laws of
        :math:`Y` at many values of :math:`x`), which every method treats as the
        laws taken one by one (the rule of :class:`BivariateNormal` too, see
        :mod:`bivnorm._law`).

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

    PARAMS = ("mean", "std")
    RULES = (FINITE, "std")
    CLOSED_RULES = (FINITE, "std")  # "std" closed: 0 admitted

    def __init__(self, mean=0.0, std=1.0):
        super().__init__(mean, std)

    # -- parameters --------------------------------------------------------------
    mean = parameter(0, "The mean :math:`\\mu`.")
    std = parameter(1, "The standard deviation :math:`\\sigma`.")

    @property
    def var(self):
        """The variance :math:`\\sigma^2`."""
        std = self.checked(closed=True).std
        return std * std

    # -- densities ---------------------------------------------------------------
    def _x(self, name: str, value):
        return self._points((name,), value)[0]

    def logpdf(self, x):
        r"""Log-density :math:`\log f(x)`, elementwise; :math:`-\infty` at
        :math:`\pm\infty`.

        In float32 within :math:`10^{-6}\,(1 + z^2)` absolute of float64 at the
        same float32 inputs, :math:`z = (x - \mu)/\sigma`.
        """
        return _logpdf(self.checked(), self._x("x", x))

    def pdf(self, x):
        r"""Density :math:`f(x)`, elementwise; 0 at :math:`\pm\infty`.

        In float32 within :math:`2 \cdot 10^{-6}\,(1 + z^2)` relative where the
        density is above 1e-37 (below, float32 underflows towards 0).
        """
        return _pdf(self.checked(), self._x("x", x))

    def cdf(self, x):
        r"""Cumulative distribution :math:`\Phi((x-\mu)/\sigma)`, elementwise.

        Accurate in the lower tail; in float32 within
        :math:`2 \cdot 10^{-6}\,(1 + z^2)` relative where the value is above
        1e-30.
        """
        return _cdf(self.checked(), self._x("x", x))

    def logcdf(self, x):
        r"""Log of the cumulative distribution, :math:`\log\Phi((x-\mu)/\sigma)`.

        Accurate in the far lower tail, where :meth:`cdf` underflows: an
        asymptotic series of the scaled complementary error function takes over
        below -20 standard deviations (-10 in float32), so it is finite down to
        about -1e154 standard deviations.
        """
        return _logcdf(self.checked(), self._x("x", x))

    def sf(self, x):
        r"""Survival function :math:`1 - F(x)`, accurate in the upper tail.

        In float32 within :math:`2 \cdot 10^{-6}\,(1 + z^2)` relative where the
        value is above 1e-30.
        """
        return _sf(self.checked(), self._x("x", x))

    def ppf(self, q):
        r"""Quantile function :math:`\mu + \sigma\,\Phi^{-1}(q)`, elementwise.

        NaN outside [0, 1]. In float32 within :math:`2 \cdot 10^{-6}\,
        (|x| + \sigma)` of float64 (:math:`x` the quantile) for
        :math:`10^{-30} \le q \le 1 - 10^{-6}`.
        """
        return _ppf(self.checked(), self._x("q", q))

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
        d = self.checked(closed=True)
        batch = d._shape
        dtype = self._dtype
        n = check_count(
            "n", n, item_bytes=2 * math.prod(batch) * np.dtype(dtype).itemsize
        )
        z = standard_normal(key, (n,), dtype)
        return _shift_scale(d, z.reshape((n,) + (1,) * len(batch)))


# -- kernels: of a law that is valid, or screened (see bivnorm._law) -----------------
def _standardize(d: Normal, x):
    return (x - d.mean) / d.std


def _log_density(d: Normal, x):
    z = _standardize(d, x)
    return -0.5 * z * z - xp.log(d.std) - _LOG_SQRT_2PI


_logpdf = Normal.kernel(_log_density)


@Normal.kernel
def _pdf(d: Normal, x):
    return xp.exp(_log_density(d, x))


@Normal.kernel
def _cdf(d: Normal, x):
    return ndtr(_standardize(d, x))


@Normal.kernel
def _logcdf(d: Normal, x):
    return log_ndtr(_standardize(d, x))


@Normal.kernel
def _sf(d: Normal, x):
    return ndtr(-_standardize(d, x))


@Normal.kernel
def _ppf(d: Normal, q):
    return d.mean + d.std * ndtri(q)


@Normal.kernel
def _shift_scale(d: Normal, z):
    # A standard deviation of 0 (traced) is the point mass at the mean: kept.
    return d.mean + d.std * z
