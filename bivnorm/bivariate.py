"""The bivariate normal distribution."""

from __future__ import annotations

import math
from functools import lru_cache, partial

import numpy as np

from ._backend import check_sharding, is_tracer, jit, register_pytree, xp
from ._budget import check_count
from ._cdf import bvn_cdf, bvn_logcdf, bvn_prob_rect
from ._checks import (
    CORRELATION,
    FINITE,
    SEMI_CORRELATION,
    as_param,
    check_cov,
    check_finite,
    check_mean,
    check_positive,
    check_prob,
    check_scalar,
    cov_to_std,
)
from ._convert import as_points, host_array
from ._eigen import axes_of, std_of
from ._law import Law, parameter
from ._random import standard_normal
from .normal import Normal

__all__ = ["BivariateNormal"]

_LOG_2PI = math.log(2.0 * math.pi)


@register_pytree
class BivariateNormal(Law):
    r"""Bivariate normal distribution of a pair :math:`(X, Y)`.

    Parameters
    ----------
    mean_x, mean_y : float
        Means :math:`\mu_x, \mu_y`.
    std_x, std_y : float
        Standard deviations :math:`\sigma_x, \sigma_y > 0`.
    rho : float
        Correlation :math:`-1 < \rho < 1`.

    Notes
    -----
    The covariance matrix and its lower Cholesky factor are

    .. math::

        \Sigma = \begin{pmatrix} \sigma_x^2 & \rho\sigma_x\sigma_y \\
                 \rho\sigma_x\sigma_y & \sigma_y^2 \end{pmatrix}
               = L L^\top, \qquad
        L = \begin{pmatrix} \sigma_x & 0 \\
                 \rho\sigma_y & \sigma_y\sqrt{1-\rho^2} \end{pmatrix}.

    Every density evaluation goes through the whitened coordinates
    :math:`(u, w)^\top = L^{-1}(x - \mu_x, y - \mu_y)^\top`,

    .. math::

        u = \frac{x-\mu_x}{\sigma_x}, \qquad
        w = \frac{(y-\mu_y)/\sigma_y - \rho u}{\sqrt{1-\rho^2}},

    .. math::

        \log f(x, y) = -\log(2\pi) - \log\sigma_x - \log\sigma_y
                       - \tfrac12\log(1-\rho^2) - \tfrac12 (u^2 + w^2),

    with :math:`1-\rho^2` formed as :math:`(1-\rho)(1+\rho)` so that it stays
    accurate as :math:`|\rho| \to 1`.

    The parameters may also be arrays that broadcast together: a batch of laws,
    which every method treats as the laws taken one by one (the rule of
    :class:`Normal` too, see :mod:`bivnorm._law`). Standard deviations lie in
    :math:`[2^{-511}, 2^{511}]` in float64 (:math:`[2^{-63}, 2^{63}]` in
    float32), where the law's variances and density are finite.

    The object is a JAX pytree whose leaves are the five parameters, so it can be
    passed through :func:`jax.jit`, :func:`jax.vmap` and :func:`jax.grad`.
    Parameters are validated eagerly: a bad value raises :class:`ValueError`, a
    value that is not a real number :class:`TypeError`, both naming the
    parameter. A law rebuilt from its leaves (``tree_unflatten``, ``tree_map``,
    a transform's output) is checked at its first use, and raises there.
    Inside a transform (tracer values) only their shapes and dtypes can be
    checked; a traced parameter outside the parameter space (a negative or NaN
    standard deviation, :math:`|\rho| > 1`, an infinite mean) makes every output
    NaN. The degenerate limits, a standard deviation of 0 and
    :math:`|\rho| = 1`, keep their limits where the law still has one: the
    affine maps (:meth:`sample`, :meth:`unwhiten`, :meth:`ellipse`), the
    moments (:attr:`mean`, :attr:`cov`, :attr:`chol`), the marginals and, at
    :math:`|\rho| = 1`, the conditionals describe the point or the line; the
    densities,
    :meth:`mahalanobis`, :meth:`whiten`, :meth:`cdf` and :meth:`prob_rect`,
    which have none, are NaN there.

    Examples
    --------
    >>> import bivnorm as bn
    >>> d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    >>> d.sample(0, 500).shape
    (500, 2)
    """

    PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
    RULES = (FINITE, FINITE, "std", "std", CORRELATION)
    # The closure of the parameter space: a standard deviation of 0 or |rho| = 1
    # is a degenerate law (a point, a line), which the affine maps still describe.
    CLOSED_RULES = (FINITE, FINITE, "std", "std", SEMI_CORRELATION)

    def __init__(self, mean_x=0.0, mean_y=0.0, std_x=1.0, std_y=1.0, rho=0.0):
        super().__init__(mean_x, mean_y, std_x, std_y, rho)

    @classmethod
    def from_cov(cls, mean=(0.0, 0.0), cov=((1.0, 0.0), (0.0, 1.0))):
        """Build from a mean vector and a covariance matrix.

        Parameters
        ----------
        mean : array_like, shape (2,)
        cov : array_like, shape (2, 2)
            Symmetric positive definite.

        Returns
        -------
        BivariateNormal
        """
        mean = _traced("mean", mean, (2,)) if is_tracer(mean) else check_mean(mean)
        if is_tracer(cov):
            cov = _traced("cov", cov, (2, 2))
            std_x, std_y, rho = cov_to_std(cov)
            # Not symmetric: not a covariance (NaN, as any invalid traced value).
            skew = xp.abs(cov[0, 1] - cov[1, 0]) > 1e-12 * std_x * std_y
            rho = xp.where(skew, xp.nan, rho)
        else:
            std_x, std_y, rho = check_cov(cov)
        return cls(mean[0], mean[1], std_x, std_y, rho)

    @classmethod
    def from_eigen(
        cls,
        mean_x=0.0,
        mean_y=0.0,
        lambda1=1.0,
        lambda2=1.0,
        angle=0.0,
        *,
        degrees=False,
    ):
        r"""Build from the principal axes of the covariance.

        .. math::

            \Sigma = R(\theta)
                     \begin{pmatrix} \lambda_1 & 0 \\ 0 & \lambda_2 \end{pmatrix}
                     R(\theta)^\top, \qquad
            R(\theta) = \begin{pmatrix} \cos\theta & -\sin\theta \\
                                         \sin\theta & \cos\theta \end{pmatrix}

        The inverse of :meth:`principal_axes`. The parameters are computed in
        float64 (on tracers, in their own dtype), to a few roundings, and then
        stored in the float dtype of the package.

        Parameters
        ----------
        mean_x, mean_y : float
            Means.
        lambda1, lambda2 : float
            Variances along the axis at ``angle`` and across it, both positive
            (in either order of size).
        angle : float
            Angle :math:`\theta` of the first axis from the x-axis,
            counterclockwise.
        degrees : bool, optional
            Whether ``angle`` is in degrees (radians by default). In degrees,
            quarter turns are exact: ``angle=90`` swaps the variances.

        Returns
        -------
        BivariateNormal

        Examples
        --------
        >>> import bivnorm as bn
        >>> d = bn.BivariateNormal.from_eigen(lambda1=4.0, lambda2=1.0, angle=90,
        ...                                   degrees=True)
        >>> float(d.std_x), float(d.std_y), float(d.rho)
        (1.0, 2.0, 0.0)
        """
        values = {"mean_x": mean_x, "mean_y": mean_y, "lambda1": lambda1}
        values |= {"lambda2": lambda2, "angle": angle}
        for name, value in values.items():
            check_scalar(name, value)
        if any(is_tracer(value) for value in values.values()):
            return cls(
                mean_x, mean_y, *std_of(lambda1, lambda2, angle, xp, degrees=degrees)
            )
        for name in ("mean_x", "mean_y", "angle"):
            check_finite(name, values[name])
        for name in ("lambda1", "lambda2"):
            check_positive(name, values[name])
        host = {name: _host(name, value) for name, value in values.items()}
        with np.errstate(over="ignore", under="ignore"):
            std_x, std_y, rho = std_of(
                host["lambda1"], host["lambda2"], host["angle"], np, degrees=degrees
            )
        try:
            return cls(host["mean_x"], host["mean_y"], std_x, std_y, rho)
        except ValueError as err:
            given = ", ".join(f"{name}={value!r}" for name, value in values.items())
            msg = f"from_eigen({given}, degrees={degrees}) is not a valid law: {err}"
            raise ValueError(msg) from None

    def principal_axes(self, *, degrees=False):
        r"""The eigenvalues of the covariance and the angle of the first axis.

        .. math::

            \lambda_{1,2} = \frac{\sigma_x^2 + \sigma_y^2}{2}
                \pm \sqrt{\left(\frac{\sigma_x^2 - \sigma_y^2}{2}\right)^2
                + \rho^2\sigma_x^2\sigma_y^2}, \qquad
            \theta = \tfrac12 \operatorname{atan2}(2\rho\sigma_x\sigma_y,\;
                \sigma_x^2 - \sigma_y^2)

        The small eigenvalue is computed as
        :math:`\det\Sigma / \lambda_1 = (\sigma_x\sigma_y)^2 (1-\rho)(1+\rho) /
        \lambda_1`, which keeps its digits when the law is a thin needle: all
        three results are exact to a few float64 roundings for every valid law
        (float32 parameters are read exactly, and the result is float64).

        Parameters
        ----------
        degrees : bool, optional
            Give the angle in degrees (radians by default).

        Returns
        -------
        lambda1, lambda2 : float
            The eigenvalues, :math:`\lambda_1 \ge \lambda_2 > 0`.
        angle : float
            Angle of the first principal axis from the x-axis, in
            :math:`(-\pi/2, \pi/2]` (:math:`(-90, 90]` degrees); 0 for a
            circular law. For a batch of laws the three are float64 arrays;
            inside a transform (traced parameters), arrays of the parameters'
            dtype.

        Examples
        --------
        >>> import bivnorm as bn
        >>> bn.BivariateNormal(std_x=2.0, std_y=1.0).principal_axes()
        (4.0, 1.0, 0.0)
        """
        d = self.checked(closed=True)
        params = (d.std_x, d.std_y, d.rho)
        if any(map(is_tracer, params)):
            return axes_of(*params, xp, degrees=degrees)
        host = [np.asarray(value, dtype=np.float64) for value in params]
        with np.errstate(over="ignore", under="ignore"):
            axes = axes_of(*host, np, degrees=degrees)
        return tuple(v[()] if np.ndim(v) else float(v) for v in axes)

    @classmethod
    def fit(cls, xy):
        r"""Maximum-likelihood fit to samples.

        .. math::

            \hat\mu = \frac1n \sum_i z_i, \qquad
            \hat\Sigma = \frac1n \sum_i (z_i - \hat\mu)(z_i - \hat\mu)^\top

        Parameters
        ----------
        xy : array_like, shape (n, 2)
            At least two distinct points, not all on one line.

        Returns
        -------
        BivariateNormal
        """
        data = host_array("xy", xy).astype(np.float64)
        if data.ndim != 2 or data.shape[1] != 2 or data.shape[0] < 2:
            msg = f"xy must have shape (n, 2) with n >= 2, got shape {data.shape}"
            raise ValueError(msg)
        check_finite("xy", data)
        # In units of a power of two near the largest coordinate, an exact
        # scaling: the sums neither overflow nor underflow, whatever the data.
        scale = np.ldexp(1.0, np.frexp(np.abs(data).max(axis=0))[1])
        scale[scale == 0] = 1.0
        scaled = data / scale
        mean = scaled.mean(axis=0)
        centred = scaled - mean
        cov = centred.T @ centred / data.shape[0]
        with np.errstate(invalid="ignore", divide="ignore"):  # refused below
            std_x, std_y, rho = cov_to_std(cov)
        if not (std_x > 0 and std_y > 0 and abs(rho) < 1):
            msg = (
                "xy must hold points that are not all on one line (a law with a "
                f"positive definite covariance), got xy={xy!r}"
            )
            raise ValueError(msg)
        params = (*(mean * scale), std_x * scale[0], std_y * scale[1], rho)
        try:
            return cls(*params)
        except ValueError as err:
            msg = f"xy has no maximum-likelihood law that bivnorm can hold: {err}"
            raise ValueError(msg) from None

    def replace(self, **params) -> BivariateNormal:
        """A new distribution with some parameters changed (validated)."""
        unknown = set(params) - set(self.PARAMS)
        if unknown:
            msg = (
                f"unknown parameter(s) {sorted(unknown)}; expected some of "
                f"{self.PARAMS}"
            )
            raise ValueError(msg)
        merged = {name: getattr(self, name) for name in self.PARAMS} | params
        return type(self)(**merged)

    # -- parameters --------------------------------------------------------------
    mean_x = parameter(0, "Mean of :math:`X`.")
    mean_y = parameter(1, "Mean of :math:`Y`.")
    std_x = parameter(2, "Standard deviation of :math:`X`.")
    std_y = parameter(3, "Standard deviation of :math:`Y`.")
    rho = parameter(4, "Correlation of :math:`X` and :math:`Y`.")

    @property
    def mean(self):
        """Mean vector, shape ``(*batch, 2)``."""
        d = self.checked(closed=True)
        return xp.stack(xp.broadcast_arrays(d.mean_x, d.mean_y), axis=-1)

    @property
    def cov(self):
        r"""Covariance matrix :math:`\Sigma`, shape ``(*batch, 2, 2)``."""
        d = self.checked(closed=True)
        sx, sy, rho = xp.broadcast_arrays(d.std_x, d.std_y, d.rho)
        c = rho * sx * sy
        return _matrix(sx * sx, c, c, sy * sy)

    @property
    def chol(self):
        r"""Lower Cholesky factor :math:`L` of the covariance, shape
        ``(*batch, 2, 2)``."""
        d = self.checked(closed=True)
        sx, sy, rho = xp.broadcast_arrays(d.std_x, d.std_y, d.rho)
        return _matrix(sx, 0.0 * sx, rho * sy, sy * _sqrt_1m_rho2(rho))

    # -- densities ---------------------------------------------------------------
    def logpdf(self, x, y):
        r"""Log-density :math:`\log f(x, y)`; ``x`` and ``y`` broadcast together.

        :math:`-\infty` where ``x`` or ``y`` is infinite, or where the quadratic
        form overflows. Integer points are cast to the law's float dtype.

        In float32 (JAX's default) the error is at most
        :math:`10^{-6}\,(1 + q)/\sqrt{1 - |\rho|}` absolute, where
        :math:`q = u^2 + w^2` is the quadratic form, against float64 at the same
        float32 point and parameters; in float64 a few ulps of :math:`1 + q`.
        """
        return _logpdf(self.checked(), *self._points(("x", "y"), x, y))

    def pdf(self, x, y):
        r"""Density :math:`f(x, y)`; ``x`` and ``y`` broadcast together.

        Computed as the exponential of :meth:`logpdf` in the same compiled kernel:
        0 at infinite points. In float32 the relative error is at most
        :math:`2 \cdot 10^{-6}\,(1 + q)/\sqrt{1 - |\rho|}` (that of
        :meth:`logpdf`, absolute, carried through the exponential) where the
        density is above 1e-37; below, float32 underflows towards 0.
        """
        return _pdf(self.checked(), *self._points(("x", "y"), x, y))

    def cdf(self, x, y):
        r"""Joint distribution function :math:`P(X \le x, Y \le y)`.

        ``x`` and ``y`` broadcast together and may be infinite. Computed from
        scratch as the exponential of :meth:`logcdf`, to about 1e-15 relative
        error down to the smallest normal float64 numbers (so about 1e-16
        absolute; see :mod:`bivnorm._cdf`); in float32 within 1e-6 absolute error.
        Differentiable with :func:`jax.grad`:

        .. math::

            \frac{\partial F}{\partial x} = f_X(x)\,
            \Phi\!\left(\frac{y - \mathrm E[Y \mid X = x]}
            {\operatorname{sd}(Y \mid X = x)}\right)
        """
        return _cdf(self.checked(), *self._points(("x", "y"), x, y))

    def logcdf(self, x, y):
        r"""Log of the joint distribution function, :math:`\log P(X \le x, Y \le y)`.

        Finite wherever the probability is positive, far below float64's smallest
        number: at 100 standard deviations below both means with
        :math:`\rho = 0.3` it is about -7702.78. The error is about
        :math:`10^{-15}\max(1, |\log P|)` for every :math:`\rho` in (-1, 1).
        Differentiable with :func:`jax.grad` through the exact derivatives of
        :meth:`cdf` divided by the probability, formed in log space.

        Examples
        --------
        >>> import bivnorm as bn
        >>> d = bn.BivariateNormal(rho=0.3)
        >>> round(float(d.logcdf(-100.0, -100.0)), 2)
        -7702.78
        """
        return _logcdf(self.checked(), *self._points(("x", "y"), x, y))

    def prob_rect(self, x0, x1, y0, y1):
        r"""Probability of the rectangle :math:`P(x_0 < X \le x_1, y_0 < Y \le y_1)`.

        Arguments broadcast together and may be infinite; an empty rectangle has
        probability zero. Computed as one integral in log space (see
        :func:`bivnorm._cdf.bvn_prob_rect`), so that rectangles far out, however
        small, keep their relative accuracy: about 1e-11 wherever the probability
        is a normal float64 number. In float32 within 1e-6 absolute error.
        """
        points = self._points(("x0", "x1", "y0", "y1"), x0, x1, y0, y1)
        return _prob_rect(self.checked(), *points)

    def mahalanobis(self, x, y):
        r"""Mahalanobis distance :math:`\sqrt{u^2 + w^2}` (not squared).

        :math:`+\infty` at infinite points. In float32 the error is at most
        :math:`10^{-6}\,(1 + m)/\sqrt{1 - |\rho|}` absolute, :math:`m` the
        distance, against float64 at the same float32 point.
        """
        return _mahalanobis(self.checked(), *self._points(("x", "y"), x, y))

    def _pairs(self, name: str, value):
        """Points of shape ``(..., 2)``, of the law's float dtype."""
        value = as_points(name, value, self._dtype)
        shape = np.shape(value)
        if not shape or shape[-1] != 2:
            msg = (
                f"{name} must have shape (..., 2), got shape {shape}: {name}={value!r}"
            )
            raise ValueError(msg)
        self._points((name,), value[..., 0], per_point=8)  # its size with the batch
        return value

    def whiten(self, xy):
        r"""Map points to standard normal coordinates :math:`L^{-1}(z - \mu)`.

        Parameters
        ----------
        xy : array_like, shape (..., 2)
            Integers are cast to the law's float dtype.

        Returns
        -------
        array, shape (..., 2)
            Independent standard normals when ``xy`` follows this law. In float32
            each coordinate is within :math:`10^{-6}\,(1 + m)/\sqrt{1 - |\rho|}`
            of the float64 map, :math:`m` the Mahalanobis distance.
        """
        return _whiten(self.checked(), self._pairs("xy", xy))

    def unwhiten(self, z):
        r"""Map standard normals to this law: :math:`\mu + z L^\top`.

        The inverse of :meth:`whiten`. Drawing ``z`` once and mapping it for new
        parameters gives samples that move smoothly with the parameters, with no
        recompilation (the shape of ``z`` stays the same).

        Parameters
        ----------
        z : array_like, shape (..., 2)
            Integers are cast to the law's float dtype.

        Returns
        -------
        array, shape (..., 2)
            In float32 each coordinate is within
            :math:`2 \cdot 10^{-6}\,(|\mu| + \sigma (1 + |z|))` of the float64
            map (:math:`\mu, \sigma` of that coordinate).
        """
        return _unwhiten(self.checked(closed=True), self._pairs("z", z))

    # -- derived laws ------------------------------------------------------------
    def marginal_x(self) -> Normal:
        r"""The law of :math:`X`: :math:`\mathcal N(\mu_x, \sigma_x^2)`."""
        return Normal.of_valid(self.checked(closed=True).tree_flatten()[0][0:4:2])

    def marginal_y(self) -> Normal:
        r"""The law of :math:`Y`: :math:`\mathcal N(\mu_y, \sigma_y^2)`."""
        return Normal.of_valid(self.checked(closed=True).tree_flatten()[0][1:4:2])

    def conditional_y(self, x) -> Normal:
        r"""The law of :math:`Y` given :math:`X = x`.

        .. math::

            Y \mid X = x \sim \mathcal N\!\left(\mu_y + \rho\frac{\sigma_y}{\sigma_x}
            (x - \mu_x),\; \sigma_y^2 (1-\rho)(1+\rho)\right)

        ``x`` may be an array: the result then holds one normal per value. In
        float32 the mean is within :math:`2 \cdot 10^{-6}\,(|m| + \sigma_y)`
        of float64's (:math:`m` the mean) and the standard deviation within
        1e-6 relative: :math:`1-\rho^2` is formed as :math:`(1-\rho)(1+\rho)`,
        which keeps its digits near :math:`|\rho| = 1`.
        """
        return self._conditional("x", x)

    def conditional_x(self, y) -> Normal:
        r"""The law of :math:`X` given :math:`Y = y`.

        .. math::

            X \mid Y = y \sim \mathcal N\!\left(\mu_x + \rho\frac{\sigma_x}{\sigma_y}
            (y - \mu_y),\; \sigma_x^2 (1-\rho)(1+\rho)\right)

        Accuracy as :meth:`conditional_y`.
        """
        return self._conditional("y", y)

    def _conditional(self, name: str, value) -> Normal:
        """The law of the other coordinate given this one (``name``) at ``value``."""
        raw, value = value, self._points((name,), value)[0]
        d = self.checked(closed=True)
        dtype = np.dtype(d._float or d._dtype)
        try:
            check_finite(name, value)
        except ValueError:
            if is_tracer(raw) or not np.all(np.isfinite(host_array(name, raw))):
                raise
            msg = (
                f"{name}={raw!r} overflows {dtype} (largest {_top(dtype):.4g}); "
                "compute in float64 (jax.config.update('jax_enable_x64', True))"
            )
            raise OverflowError(msg) from None
        params = _conditional(d, "xy".index(name), value)
        law = Normal.tree_unflatten(None, params)
        if any(map(is_tracer, params)):
            return law
        try:
            return law.checked()
        except ValueError:
            other = "YX"["xy".index(name)]
            msg = (
                f"the law of {other} given {name}={value!r} overflows {dtype}: its "
                f"mean is beyond +-{_top(dtype):.4g}; compute in float64 "
                "(jax.config.update('jax_enable_x64', True))"
            )
            raise OverflowError(msg) from None

    def ellipse(self, prob=0.95, num=200):
        r"""Boundary of the smallest region that holds probability ``prob``.

        The region is :math:`\{z : (z-\mu)^\top\Sigma^{-1}(z-\mu) \le r^2\}` with
        :math:`r^2 = -2\log(1 - p)`, the quantile of a chi-square law with two
        degrees of freedom.

        Parameters
        ----------
        prob : float
            Probability in (0, 1).
        num : int
            Number of points, at least 3; the first and last coincide. A number
            whose points would not fit in memory is refused.

        Returns
        -------
        xs, ys : arrays, shape ``(num, *batch)``
            Computed as :meth:`unwhiten` of a circle of radius :math:`r`, with
            its float32 accuracy.
        """
        d = self.checked(closed=True)
        check_prob("prob", prob)
        count = math.prod(d._shape) if d._shape else 1
        num = check_count("num", num, minimum=3, item_bytes=64 * count)
        radius = math.sqrt(-2.0 * math.log1p(-float(prob)))
        points = _ellipse(d, radius, num)
        return points[..., 0], points[..., 1]

    # -- sampling ----------------------------------------------------------------
    def sample(self, key, n, sharding=None):
        """Draw ``n`` independent pairs.

        Standard normals ``z`` are mapped through the Cholesky factor,
        ``mean + z @ L.T``, by two compiled kernels: the normals, then the affine
        map. A new ``n`` compiles each once; new parameter values never do.

        Parameters
        ----------
        key : int, JAX key or numpy.random.Generator
            An int seed (see :func:`bivnorm._random.as_key` for the range), on
            the JAX path a :func:`jax.random.key` or a :func:`jax.random.PRNGKey`
            (one key, not an array of split keys), on the NumPy path a
            :class:`numpy.random.Generator`. The two paths draw different numbers
            from the same law.
        n : int
            Number of pairs, ``n >= 0``. A count whose output and standard
            normals would not fit is refused with a :class:`ValueError` naming
            the bytes, before anything is allocated: the limit is the available
            memory, or ``BIVNORM_MAX_BYTES`` (see :mod:`bivnorm._budget`).
        sharding : jax.sharding.Sharding, optional
            Sharding of the ``(n, 2)`` output of one law (JAX only). The samples
            are generated in place on the devices, and equal the unsharded ones
            bit for bit.

        Returns
        -------
        array, shape ``(n, *batch, 2)``
            For a batch of laws, each law's pairs are those it draws alone with
            the same key. In float32 the draws come from
            :func:`jax.random.normal`'s float32 normals, mapped with float32
            rounding.
        """
        d = self.checked(closed=True)
        batch = d._shape
        itemsize = np.dtype(self._dtype).itemsize
        count = math.prod(batch) if batch else 1
        n = check_count("n", n, item_bytes=2 * itemsize * (1 + count))
        if batch and check_sharding(sharding) is not None:
            msg = f"sharding needs one law, not a batch of shape {batch}"
            raise ValueError(msg)
        # Two compiled calls, the standard normals and then the affine map: fused
        # into one, XLA recomputes z[:, 0] (its inverse error function) for the
        # second column; apart, the map is one pass over memory.
        z = standard_normal(key, (n, 2), self._dtype, sharding)
        z = z.reshape((n,) + (1,) * len(batch) + (2,))
        return _affine_kernel(sharding)(d, z)


def _host(name: str, value) -> np.float64:
    """A concrete scalar as a float64 (exact from float32 or float64)."""
    return np.float64(host_array(name, value).astype(np.float64))


def _traced(name: str, value, shape: tuple[int, ...]):
    """A traced mean or covariance, its shape and dtype checked."""
    if value.shape != shape:
        msg = (
            f"{name} must have shape {shape}, got shape {value.shape}: {name}={value!r}"
        )
        raise ValueError(msg)
    return as_param(name, value, FINITE)


def _matrix(a, b, c, d):
    """The 2x2 matrices ``[[a, b], [c, d]]`` of a batch, shape ``(*batch, 2, 2)``."""
    return xp.stack([xp.stack([a, b], axis=-1), xp.stack([c, d], axis=-1)], axis=-2)


# -- kernels: of a law that is valid, or screened (see bivnorm._law) -----------------
def _sqrt_1m_rho2(rho):
    return xp.sqrt((1.0 - rho) * (1.0 + rho))


def _whitened_w(d: BivariateNormal, u, v):
    # v - rho u cancels as |rho| -> 1 near the line v = sign(rho) u; written as
    # (v - sign u) + (sign - rho) u, both terms are exact or small there.
    sign = xp.copysign(1.0, d.rho)
    return ((v - sign * u) + (sign - d.rho) * u) * (1.0 / _sqrt_1m_rho2(d.rho))


def _quadratic_parts(d: BivariateNormal, x, y):
    r"""Whitened ``(u, w)`` and where the quadratic form is infinite (``far``).

    The form is at least :math:`(u^2 + v^2)/2` (the smaller eigenvalue of the
    inverse correlation matrix is :math:`1/(1 + |\rho|)`), so it is infinite
    wherever ``u`` or ``v`` is: at infinite points, and where they overflow.
    There ``w`` may be NaN (inf - inf), which the callers replace. Reciprocals
    of the scalars once, then multiplications per point (cheaper than vector
    divisions).
    """
    u = (x - d.mean_x) * (1.0 / d.std_x)
    v = (y - d.mean_y) * (1.0 / d.std_y)
    with np.errstate(invalid="ignore"):  # NumPy: inf - inf, replaced below
        return u, _whitened_w(d, u, v), xp.isinf(u) | xp.isinf(v)


def _log_density(d: BivariateNormal, x, y):
    u, w, far = _quadratic_parts(d, x, y)
    log_norm = (
        _LOG_2PI
        + xp.log(d.std_x)
        + xp.log(d.std_y)
        # log((1 - rho)(1 + rho)): both factors are exact for |rho| >= 0.5 and
        # the product loses nothing; JAX's float64 log1p is off by up to 129 ulp
        # on CPU near rho = 0.41 (jax-ml/jax#39707).
        + 0.5 * xp.log((1.0 - d.rho) * (1.0 + d.rho))
    )
    return xp.where(far, -xp.inf, -0.5 * (u * u + w * w) - log_norm)


_logpdf = BivariateNormal.kernel(_log_density)


@BivariateNormal.kernel
def _pdf(d: BivariateNormal, x, y):
    return xp.exp(_log_density(d, x, y))


@BivariateNormal.kernel
def _mahalanobis(d: BivariateNormal, x, y):
    u, w, far = _quadratic_parts(d, x, y)
    return xp.where(far, xp.inf, xp.hypot(u, w))


def _top(dtype) -> float:
    """The largest finite number of a float ``dtype``."""
    return float(np.finfo(dtype).max)


@BivariateNormal.kernel
def _cdf(d: BivariateNormal, x, y):
    return bvn_cdf(d.mean_x, d.mean_y, d.std_x, d.std_y, d.rho, x, y)


@BivariateNormal.kernel
def _logcdf(d: BivariateNormal, x, y):
    return bvn_logcdf(d.mean_x, d.mean_y, d.std_x, d.std_y, d.rho, x, y)


@BivariateNormal.kernel
def _prob_rect(d: BivariateNormal, x0, x1, y0, y1):
    return bvn_prob_rect(d.mean_x, d.mean_y, d.std_x, d.std_y, d.rho, x0, x1, y0, y1)


@BivariateNormal.kernel
def _whiten(d: BivariateNormal, xy):
    u, w, _ = _quadratic_parts(d, xy[..., 0], xy[..., 1])
    return xp.stack(xp.broadcast_arrays(u, w), axis=-1)


def _map(d: BivariateNormal, z):
    """mu + L z, elementwise (XLA's CPU dot of (n, 2) by (2, 2) is slower)."""
    z0, z1 = z[..., 0], z[..., 1]
    x = d.mean_x + z0 * d.std_x
    y = d.mean_y + z0 * (d.rho * d.std_y) + z1 * (d.std_y * _sqrt_1m_rho2(d.rho))
    return xp.stack(xp.broadcast_arrays(x, y), axis=-1).astype(z.dtype)


_unwhiten = BivariateNormal.kernel(_map)


@lru_cache(maxsize=16)
def _affine_kernel(sharding):
    """The compiled affine map of :meth:`BivariateNormal.sample`, for one sharding."""
    return BivariateNormal.kernel(_map, out_shardings=sharding)


@partial(jit, static_argnums=1)
def _conditional(d: BivariateNormal, given: int, value):
    params = ((d.mean_x, d.std_x), (d.mean_y, d.std_y))
    (mean_g, std_g), (mean_o, std_o) = params[given], params[1 - given]
    mean = mean_o + d.rho * std_o * (value - mean_g) / std_g
    return mean, std_o * _sqrt_1m_rho2(d.rho)


@partial(jit, static_argnums=2)
def _ellipse(d: BivariateNormal, radius, num: int):
    t = xp.linspace(0.0, 2.0 * math.pi, num)
    t = xp.concatenate([t[:-1], t[:1]])
    z = radius * xp.stack([xp.cos(t), xp.sin(t)], axis=-1)
    ndim = max(np.ndim(leaf) for leaf in d.tree_flatten()[0])
    return _map(d, z.astype(d.std_x.dtype).reshape((num,) + (1,) * ndim + (2,)))
