r"""
Animating the bivariate normal
==============================

Watch the law change continuously: the correlation sweeps from -0.9 to 0.9 and
back, then the covariance turns at fixed eigenvalues. Each frame calls the same
:meth:`~bivnorm.JointPlot.update` that the slider app uses, and the
points are one fixed set of standard normals mapped through each frame's law, so
they glide instead of jumping.
"""

# %%
# The correlation sweeps
# ----------------------
# :func:`bivnorm.animate` returns a
# :class:`matplotlib.animation.FuncAnimation`. The means and the standard
# deviations stay put, so the marginal densities on the top and right axes do not
# move at all while the cloud tilts: the correlation lives only in the joint law.
# The frames follow :math:`\rho_k = -0.9 \cos(2\pi k / 18)`, which loops without a
# jump.
import numpy as np

import bivnorm as bn

sweep = bn.animate(path="rho", frames=18, key=0, n=500)

# %%
# The covariance turns
# --------------------
# Now the eigenvalues of :math:`\Sigma` stay at :math:`\lambda_1 = 2.25` and
# :math:`\lambda_2 = 0.25` (standard deviations 1.5 and 0.5 along the principal
# axes) while the axes turn by half a turn,
# :math:`\Sigma_k = R(\theta_k)\,\Sigma_0\,R(\theta_k)^\top`. The ellipses keep
# their shape, but the marginals breathe: their variances
# :math:`\lambda_1 \cos^2\theta + \lambda_2 \sin^2\theta` and
# :math:`\lambda_1 \sin^2\theta + \lambda_2 \cos^2\theta` trade places.
start = bn.BivariateNormal(std_x=1.5, std_y=0.5)
turn = bn.animate(start, path="rotate", frames=12, key=0, n=500)

# %%
# The path, in numbers
# --------------------
# ``bn.animation.parameter_path`` gives the laws of the frames. Along
# the turn the determinant of :math:`\Sigma`, the product of the eigenvalues,
# stays at :math:`2.25 \times 0.25 = 0.5625`.
laws = bn.animation.parameter_path(start, path="rotate", frames=12)
for law in laws[::3]:
    cov = np.asarray(law.cov)
    print(
        f"std_x = {float(law.std_x):.3f}  std_y = {float(law.std_y):.3f}  "
        f"rho = {float(law.rho):+.3f}  det = {np.linalg.det(cov):.4f}"
    )

# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :func:`bivnorm.animate`, :meth:`bivnorm.JointPlot.update`
#    - :class:`bivnorm.BivariateNormal`
#    - :class:`matplotlib.animation.FuncAnimation`
#
# .. tags::
#
#    topic: interactive, topic: covariance, plot-type: animation, level: beginner
