r"""
What the covariance does
========================

The covariance matrix sets the shape of the distribution: the correlation tilts and
squeezes it, the standard deviations stretch it along the axes, and a rotation turns
it at fixed eigenvalues. Each panel shows samples, the chi-square ellipses that hold
50 %, 90 % and 99 % of the probability, and the eigenvectors of :math:`\Sigma`
scaled by the square roots of their eigenvalues (the ellipse's semi-axes at one
standard deviation).
"""

# %%
# Drawing one panel
# -----------------
# :meth:`~bivnorm.BivariateNormal.ellipse` returns a closed curve;
# :func:`numpy.linalg.eigh` gives the principal axes of the covariance.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

COLORS = bn.plotting.COLORS
PROBS = (0.5, 0.9, 0.99)
PROB_COLORS = [COLORS[name] for name in ("blue", "bluish_green", "orange")]


def draw(ax, dist, title, key=0):
    """Samples, ellipses and eigenvectors of ``dist`` on ``ax``."""
    xy = np.asarray(dist.sample(key, 400))
    ax.scatter(*xy.T, s=3, color=COLORS["grey"], alpha=0.6, label="samples")
    for prob, color in zip(PROBS, PROB_COLORS, strict=True):
        ax.plot(
            *map(np.asarray, dist.ellipse(prob)),
            color=color,
            lw=1.5,
            label=f"{prob:.0%} ellipse",
        )
    eigvals, eigvecs = np.linalg.eigh(np.asarray(dist.cov, dtype=np.float64))
    mean = np.asarray(dist.mean)
    for val, vec in zip(eigvals, eigvecs.T, strict=True):
        ax.annotate(
            "",
            xy=mean + np.sqrt(val) * vec,
            xytext=mean,
            arrowprops={"arrowstyle": "->", "color": COLORS["vermillion"], "lw": 1.5},
        )
    ax.set_title(title, fontsize="medium")
    ax.set(xlim=(-6.5, 6.5), ylim=(-6.5, 6.5), aspect="equal", xticks=[], yticks=[])


# %%
# Correlation, scales and rotation
# --------------------------------
# Row 1 varies :math:`\rho` at unit variances: the ellipses turn to the diagonals and
# thin out, the eigenvalues are :math:`1 \pm \rho`. Row 2 varies the standard
# deviations at :math:`\rho = 0`: the axes stay on the coordinate axes. Row 3
# rotates :math:`\Sigma = R_\theta \operatorname{diag}(2^2, 0.6^2) R_\theta^\top`,
# built with :meth:`~bivnorm.BivariateNormal.from_cov`.
base = bn.BivariateNormal()
fig, axes = plt.subplots(3, 4, figsize=(6.2, 5.6), layout="constrained")

for ax, rho in zip(axes[0], (-0.9, -0.4, 0.4, 0.9), strict=True):
    draw(ax, base.replace(rho=rho), rf"$\rho = {rho}$")

for ax, (sx, sy) in zip(axes[1], ((0.5, 2), (1, 1), (2, 1), (2, 0.5)), strict=True):
    draw(ax, base.replace(std_x=sx, std_y=sy), rf"$\sigma_x = {sx},\ \sigma_y = {sy}$")

eigen = np.diag([2.0**2, 0.6**2])
for ax, degrees in zip(axes[2], (0, 30, 60, 120), strict=True):
    t = np.deg2rad(degrees)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    dist = bn.BivariateNormal.from_cov(mean=(0.0, 0.0), cov=rot @ eigen @ rot.T)
    draw(ax, dist, rf"$\theta = {degrees}°$, $\rho = {float(dist.rho):.2f}$")

handles, labels = axes[0, 0].get_legend_handles_labels()
arrow = plt.Line2D([], [], color=COLORS["vermillion"], marker=r"$\rightarrow$", ms=12)
arrow.set_linestyle("none")
fig.legend(
    [*handles, arrow], [*labels, "eigenvectors"], loc="outside lower center", ncols=3
)

# %%
# The eigenvalues are the variances along the principal axes
# ----------------------------------------------------------
# Rotating changes the entries of :math:`\Sigma`, including the correlation, but
# not its eigenvalues: the trace (total variance) and the determinant (squared
# area) stay the same.
for degrees in (0, 30, 60, 120):
    t = np.deg2rad(degrees)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    cov = rot @ eigen @ rot.T
    print(
        f"theta = {degrees:3d} deg: eigenvalues {np.linalg.eigvalsh(cov).round(3)}, "
        f"trace {np.trace(cov):.2f}, det {np.linalg.det(cov):.3f}"
    )
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.from_cov`,
#      :meth:`~bivnorm.BivariateNormal.replace`,
#      :meth:`~bivnorm.BivariateNormal.ellipse`,
#      :meth:`~bivnorm.BivariateNormal.sample`
#
# .. tags::
#
#    topic: covariance, plot-type: scatter, level: beginner
