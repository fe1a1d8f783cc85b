"""
Sampling the joint distribution
===============================

Draw pairs from a correlated bivariate normal and show them with the *true*
marginal densities on the top and right axes, drawn over histograms of the samples.
The samples are made from scratch: independent standard normals mapped through the
Cholesky factor of the covariance, which is what
:meth:`bivnorm.BivariateNormal.sample` does with :mod:`jax.random` (or with NumPy
in the browser).
"""

# %%
# The distribution
# ----------------
# Five parameters: two means, two standard deviations and the correlation.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

# sphinx_gallery_thumbnail_number = 2

colors = bn.plotting.COLORS
dist = bn.BivariateNormal(mean_x=0.0, mean_y=1.0, std_x=1.0, std_y=1.4, rho=0.6)
print(dist)
print("covariance:\n", np.asarray(dist.cov).round(4))
print("Cholesky factor L:\n", np.asarray(dist.chol).round(4))

# %%
# From standard normals to the joint law
# --------------------------------------
# If :math:`Z` holds two independent standard normals, :math:`\mu + L Z` has
# covariance :math:`L L^\top = \Sigma`. That is the whole sampler.
rng = np.random.default_rng(0)
z = rng.standard_normal((2000, 2))
xy = np.asarray(dist.mean) + z @ np.asarray(dist.chol).T
print("sample covariance:\n", np.cov(xy.T).round(3))

fig, (ax_z, ax_xy) = plt.subplots(
    1, 2, figsize=(6.2, 3.4), sharex=True, sharey=True, layout="constrained"
)
ax_z.scatter(*z.T, s=4, alpha=0.4, color=colors["sky_blue"])
ax_z.set(title=r"$Z$: independent $\mathcal{N}(0, 1)$", xlabel="$z_1$", ylabel="$z_2$")
ax_xy.scatter(*xy.T, s=4, alpha=0.4, color=colors["blue"])
ax_xy.set(title=r"$\mu + L Z$: correlated, $\rho = 0.6$", xlabel="$x$", ylabel="$y$")
for ax in (ax_z, ax_xy):
    ax.set_aspect("equal")

# %%
# Samples with their true marginals
# ---------------------------------
# :meth:`~bivnorm.BivariateNormal.sample` takes the key first (an int seed here, so
# the example runs with or without JAX). The top and right axes show the marginal
# densities :math:`\mathcal N(\mu_x, \sigma_x^2)` and
# :math:`\mathcal N(\mu_y, \sigma_y^2)` computed from the parameters, never fitted to
# the samples; the histograms beneath them are the samples' own.
xy = np.asarray(dist.sample(0, 1000))
marg_x, marg_y = dist.marginal_x(), dist.marginal_y()

fig, axd = plt.subplot_mosaic(
    [["top", "."], ["joint", "right"]],
    figsize=(6, 6),
    width_ratios=(4, 1),
    height_ratios=(1, 4),
    layout="constrained",
)
ax, ax_top, ax_right = axd["joint"], axd["top"], axd["right"]
ax_top.sharex(ax)
ax_right.sharey(ax)

ax.scatter(*xy.T, s=6, alpha=0.5, color=colors["blue"], label="1000 samples")
ax.set(xlabel="$x$", ylabel="$y$")

xs = np.linspace(-4.0, 4.0, 200)
ys = np.linspace(-4.0, 6.0, 200)
hist = {"bins": 30, "density": True, "color": colors["sky_blue"], "alpha": 0.6}
ax_top.hist(xy[:, 0], **hist)
ax_top.plot(xs, np.asarray(marg_x.pdf(xs)), color=colors["vermillion"], lw=2)
ax_right.hist(xy[:, 1], orientation="horizontal", **hist)
pdf_style = {"color": colors["vermillion"], "lw": 2, "label": "true marginal pdf"}
ax_right.plot(np.asarray(marg_y.pdf(ys)), ys, **pdf_style)
ax_top.tick_params(labelbottom=False)
ax_right.tick_params(labelleft=False)
ax_top.set_ylabel("density")
ax_right.set_xlabel("density")
ax.set_xlim(xs[0], xs[-1])
ax.set_ylim(ys[0], ys[-1])
handles = [*ax.get_legend_handles_labels()[0], *ax_right.get_legend_handles_labels()[0]]
ax.legend(handles=handles, loc="upper left", fontsize="small")

# %%
# The marginals come out exactly as the theory says: the spread of :math:`X` is
# :math:`\sigma_x`, whatever :math:`\rho` is. See
# :ref:`the marginals example <sphx_glr_auto_examples_plot_marginals.py>` for why.
print(f"sample std of x: {xy[:, 0].std():.3f} (true {float(marg_x.std):.3f})")
print(f"sample std of y: {xy[:, 1].std():.3f} (true {float(marg_y.std):.3f})")

# %%
# The same figure in one call
# ---------------------------
# :func:`bivnorm.jointplot` draws this layout, with the chi-square ellipses that
# hold 50 %, 90 % and 99 % of the probability on top.
bn.jointplot(dist, key=0, n=1000)
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.sample`,
#      :meth:`~bivnorm.BivariateNormal.marginal_x`,
#      :meth:`~bivnorm.BivariateNormal.marginal_y`
#    - :func:`bivnorm.jointplot`
#    - :func:`matplotlib.pyplot.subplot_mosaic`
#
# .. tags::
#
#    topic: sampling, plot-type: scatter, plot-type: histogram, level: beginner
