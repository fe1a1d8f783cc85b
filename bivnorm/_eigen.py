r"""The principal axes of a 2x2 covariance, and the covariance from its axes.

.. math::

    \Sigma = \begin{pmatrix} \sigma_x^2 & \rho\sigma_x\sigma_y \\
             \rho\sigma_x\sigma_y & \sigma_y^2 \end{pmatrix}
           = R(\theta) \begin{pmatrix} \lambda_1 & 0 \\ 0 & \lambda_2 \end{pmatrix}
             R(\theta)^\top

Both directions are written for any array namespace ``xp`` (NumPy on float64
host values for eager calls, :mod:`jax.numpy` on tracers), and in forms that do not
cancel, so that they are exact to a few float64 roundings for every valid law:

- :math:`\sigma_x^2 - \sigma_y^2` as :math:`(\sigma_x - \sigma_y)(\sigma_x +
  \sigma_y)`, on standard deviations scaled by the larger one;
- the small eigenvalue as :math:`\det\Sigma / \lambda_1` with
  :math:`\det\Sigma = (\sigma_x\sigma_y)^2 (1 - \rho)(1 + \rho)`, not as the
  difference :math:`\operatorname{tr}\Sigma / 2 - \sqrt{\cdots}`, which loses every
  digit of it for a needle-thin law;
- the angle with ``atan2``; angles in degrees are reduced by exact quarter turns
  before the cosine, so that 90 degrees is a quarter turn exactly.
"""

from __future__ import annotations

import math

__all__ = ["axes_of", "std_of"]


def axes_of(std_x, std_y, rho, xp, *, degrees=False):
    r"""``(lambda1, lambda2, angle)`` with :math:`\lambda_1 \ge \lambda_2 > 0`.

    ``angle`` is that of the first principal axis from the x-axis, in
    :math:`(-\pi/2, \pi/2]` (or :math:`(-90, 90]` degrees); 0 for a circular law.
    """
    scale = xp.maximum(std_x, std_y)
    a, b = std_x / scale, std_y / scale
    cov = rho * a * b
    diff = (a - b) * (a + b)
    lambda1 = 0.5 * (a * a + b * b) + xp.hypot(0.5 * diff, cov)
    lambda2 = (a * b) ** 2 * ((1.0 - rho) * (1.0 + rho)) / lambda1
    angle = 0.5 * xp.arctan2(2.0 * cov, diff)
    # atan2 gives -pi for a law stretched along y with a covariance of -0.0 or
    # a tiny negative one: the same axis as +pi/2 (to within its last bit).
    angle = xp.where(angle <= -0.5 * math.pi, angle + math.pi, angle)
    if degrees:
        angle = xp.degrees(angle)
    return lambda1 * scale * scale, lambda2 * scale * scale, angle


def _cos_sin(angle, xp, *, degrees):
    if not degrees:
        return xp.cos(angle), xp.sin(angle)
    quarter = xp.round(angle / 90.0)
    c0 = xp.cos(xp.radians(angle - 90.0 * quarter))
    s0 = xp.sin(xp.radians(angle - 90.0 * quarter))
    k = xp.mod(quarter, 4.0)
    c = xp.where(k == 0, c0, xp.where(k == 1, -s0, xp.where(k == 2, -c0, s0)))
    s = xp.where(k == 0, s0, xp.where(k == 1, c0, xp.where(k == 2, -s0, -c0)))
    return c, s


def std_of(lambda1, lambda2, angle, xp, *, degrees=False):
    r"""``(std_x, std_y, rho)`` of the covariance with these principal axes.

    ``lambda1`` is the variance along the axis at ``angle``, ``lambda2`` the one
    across it (in either order of size).
    """
    c, s = _cos_sin(angle, xp, degrees=degrees)
    std_x = xp.sqrt(lambda1 * c * c + lambda2 * s * s)
    std_y = xp.sqrt(lambda1 * s * s + lambda2 * c * c)
    # + 0.0: no -0.0 correlation on the axes.
    return std_x, std_y, (lambda1 - lambda2) * c * s / std_x / std_y + 0.0
