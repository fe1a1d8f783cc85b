r"""
Whitening: a law built from standard normals
============================================

Every bivariate normal is two independent standard normals :math:`z`, stretched
and sheared by the Cholesky factor :math:`L` of :math:`\Sigma` and shifted to
the mean: :math:`X = \mu + Lz`, the map of
:meth:`~bivnorm.BivariateNormal.unwhiten`. The squared Mahalanobis distance
:math:`d^2 = z^\top z` is the same at every stage, so the :math:`k\sigma`
ellipse holds :math:`P(d \le k) = 1 - e^{-k^2/2}` of the law.
"""

# %%
# Three stages of one cloud
# -------------------------
# The same 2000 standard normals at each stage, coloured by :math:`d^2` and
# drawn with the 1, 2 and 3 :math:`\sigma` ellipses (the unit circles of radius
# :math:`k` mapped the same way; the fourth cell holds their key and the colour
# scale). :meth:`~bivnorm.BivariateNormal.whiten` undoes the map exactly.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

dist = bn.BivariateNormal(mean_x=1.5, mean_y=-1.0, std_x=1.4, std_y=0.6, rho=0.7)
z = np.asarray(bn.BivariateNormal().sample(0, 2000))
L = np.asarray(dist.chol)
mu = np.array([float(dist.mean_x), float(dist.mean_y)])
stages = {"z": z, "L z": z @ L.T, "μ + L z": np.asarray(dist.unwhiten(z))}
print(
    "largest |whiten(unwhiten(z)) - z|:",
    np.abs(dist.whiten(stages["μ + L z"]) - z).max(),
)

d2 = np.asarray(dist.mahalanobis(*stages["μ + L z"].T)) ** 2
t = np.linspace(0, 2 * np.pi, 200)
circle = np.stack([np.cos(t), np.sin(t)], axis=1)
fig, axes = plt.subplots(
    2, 2, figsize=(6.2, 4.4), sharex=True, sharey=True, layout="constrained"
)
for ax, (name, xy), shift in zip(axes.flat, stages.items(), (0, 0, 1), strict=False):
    lin = np.eye(2) if name == "z" else L
    dots = ax.scatter(*xy.T, c=np.minimum(d2, 9), s=3, cmap="viridis", vmin=0, vmax=9)
    for k, style in zip((1, 2, 3), ("-", "--", ":"), strict=True):
        ellipse = shift * mu + k * circle @ lin.T
        ax.plot(*ellipse.T, "#d62728", ls=style, label=rf"{k}$\sigma$")
    ax.set(title=name, aspect="equal")
for ax in axes[:, 0]:
    ax.set_ylabel("y")
axes[1, 0].set_xlabel("x")
axes[0, 1].set_xlabel("x")
axes[0, 1].xaxis.set_tick_params(labelbottom=True)
key = axes[1, 1]
key.axis("off")
key.legend(*axes[0, 0].get_legend_handles_labels(), title="ellipse", loc="upper center")
cbar = fig.colorbar(
    dots, cax=key.inset_axes([0.05, 0.12, 0.9, 0.1]), orientation="horizontal"
)
cbar.set_label("d² (≥ 9 shown as 9)")

# %%
# Coverage of the k-sigma ellipses
# --------------------------------
# :math:`d^2` is chi-squared with two degrees of freedom, whose CDF is
# :math:`1 - e^{-r/2}`: the law's coverage beside the fraction of the drawn
# points inside each ellipse.
for k in (1, 2, 3):
    law = -np.expm1(-(k**2) / 2)
    print(f"{k} sigma: law {law:.4f}, drawn points {np.mean(d2 <= k**2):.4f}")

# %%
# Live: the whitening player
# --------------------------
# Step through the stages, or press *Play stages*; move the sliders and the map
# :math:`\mu + Lz` follows. The table counts the drawn points inside each
# ellipse (``view="whitening"`` opens this view).
ex = bn.explorer(dist, n=2000, key=0, view="whitening", stage=0)
ex

# %%
plt.show()

# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :meth:`bivnorm.BivariateNormal.unwhiten`, :meth:`bivnorm.BivariateNormal.whiten`
#    - :meth:`bivnorm.BivariateNormal.mahalanobis`, :attr:`bivnorm.BivariateNormal.chol`
#    - :func:`bivnorm.explorer`
#
# .. tags::
#
#    topic: covariance, topic: interactive, level: intermediate
