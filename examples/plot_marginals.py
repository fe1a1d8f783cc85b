r"""
Marginal distributions
======================

Each coordinate of a bivariate normal is itself normal, with the mean and the
variance read straight off the parameters: :math:`X \sim \mathcal N(\mu_x,
\Sigma_{xx})`. The marginal variance is a *diagonal entry* of the covariance matrix,
not its determinant (a common mistake), and it does not depend on the correlation.
"""

# %%
# Marginals against histograms of the samples
# -------------------------------------------
# :meth:`~bivnorm.BivariateNormal.marginal_x` and
# :meth:`~bivnorm.BivariateNormal.marginal_y` return :class:`bivnorm.Normal`
# objects built from the parameters alone.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

colors = bn.plotting.COLORS
dist = bn.BivariateNormal(mean_x=1.0, mean_y=-0.5, std_x=1.5, std_y=0.8, rho=0.7)
xy = np.asarray(dist.sample(1, 5000))
cov = np.asarray(dist.cov, dtype=np.float64)
det = np.linalg.det(cov)

fig, axes = plt.subplots(1, 2, figsize=(6.2, 3.4), layout="constrained")
for ax, col, marginal, name in zip(
    axes, (0, 1), (dist.marginal_x(), dist.marginal_y()), "xy", strict=True
):
    grid = np.linspace(xy[:, col].min(), xy[:, col].max(), 300)
    ax.hist(
        xy[:, col],
        bins=50,
        density=True,
        color=colors["sky_blue"],
        alpha=0.7,
        label="5000 samples",
    )
    ax.plot(
        grid,
        np.asarray(marginal.pdf(grid)),
        color=colors["blue"],
        lw=2.5,
        label=r"right: variance $\Sigma_{xx}$, $\Sigma_{yy}$",
    )
    wrong = bn.Normal(marginal.mean, np.sqrt(det))
    ax.plot(
        grid,
        np.asarray(wrong.pdf(grid)),
        color=colors["vermillion"],
        lw=2,
        ls="--",
        label=r"wrong: variance $\det\Sigma$",
    )
    ax.set(title=f"marginal of {name.upper()}", xlabel=f"${name}$")
axes[0].set_ylabel("density")
fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=3)

# %%
# The numbers
# -----------
# The sample variances match the diagonal of :math:`\Sigma`. The determinant
# :math:`\sigma_x^2\sigma_y^2(1-\rho^2)` mixes both coordinates and the correlation:
# it measures the *area* of the joint spread, not the width of one marginal.
print("covariance matrix:\n", cov.round(4))
print(f"sample variances: {xy.var(axis=0).round(3)}")
print(f"diagonal of cov:  {np.diag(cov).round(3)}")
print(f"determinant:      {det:.3f}")

# %%
# The correlation does not move the marginals
# -------------------------------------------
# Changing :math:`\rho` turns and squeezes the cloud of points, but its shadows on
# the axes stay the same: every histogram below sits on the same curve.
rhos = (-0.9, 0.0, 0.9)
rho_colors = [colors[name] for name in ("orange", "bluish_green", "reddish_purple")]
fig, (ax_joint, ax_marg) = plt.subplots(1, 2, figsize=(6.2, 3.6), layout="constrained")
grid = np.linspace(-4.0, 6.0, 300)
for key, (rho, color) in enumerate(zip(rhos, rho_colors, strict=True)):
    samples = np.asarray(dist.replace(rho=rho).sample(key, 3000))
    ax_joint.scatter(*samples[:1000].T, s=3, alpha=0.35, color=color)
    ax_marg.hist(
        samples[:, 0],
        bins=50,
        density=True,
        histtype="step",
        lw=1.5,
        color=color,
        label=rf"$\rho = {rho}$",
    )
ax_marg.plot(
    grid,
    np.asarray(dist.marginal_x().pdf(grid)),
    color="black",
    lw=2,
    label="true marginal of $X$",
)
ax_joint.set(xlabel="$x$", ylabel="$y$", title="three correlations")
ax_marg.set(xlabel="$x$", ylabel="density", title="one marginal")
fig.legend(*ax_marg.get_legend_handles_labels(), loc="outside lower center", ncols=4)
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.marginal_x`,
#      :meth:`~bivnorm.BivariateNormal.marginal_y`,
#      :meth:`~bivnorm.BivariateNormal.replace`
#    - :class:`bivnorm.Normal`, :meth:`~bivnorm.Normal.pdf`
#
# .. tags::
#
#    topic: marginals and conditionals, plot-type: histogram, level: beginner
