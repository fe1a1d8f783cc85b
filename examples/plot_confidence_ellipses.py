r"""
Confidence ellipses and their coverage
======================================

The ellipse that holds probability :math:`p` is a level set of the Mahalanobis
distance :math:`d`. Since :math:`d^2` follows a chi-square law with two degrees of
freedom, the radius is :math:`d = \sqrt{-2\log(1-p)}`, not the one-dimensional
"1, 2, 3 sigma". We draw the ellipses and count the samples inside them.
"""

# %%
# Ellipses at 50 %, 90 % and 99 %
# -------------------------------
# :func:`bivnorm.plot_ellipse` draws the curve of
# :meth:`~bivnorm.BivariateNormal.ellipse`;
# :meth:`~bivnorm.BivariateNormal.mahalanobis` tells which samples are inside.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

dist = bn.BivariateNormal(mean_x=1.0, mean_y=2.0, std_x=2.0, std_y=1.0, rho=-0.6)
xy = np.asarray(dist.sample(7, 4000))
d = np.asarray(dist.mahalanobis(xy[:, 0], xy[:, 1]))

colors = bn.plotting.COLORS
probs = (0.5, 0.9, 0.99)
prob_colors = [colors[name] for name in ("blue", "bluish_green", "orange")]
fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
ax.scatter(*xy.T, s=3, color=colors["grey"], alpha=0.5)
for prob, color in zip(probs, prob_colors, strict=True):
    radius = np.sqrt(-2 * np.log1p(-prob))
    inside = np.mean(d <= radius)
    bn.plot_ellipse(
        dist,
        prob,
        ax=ax,
        color=color,
        lw=2,
        label=f"p = {prob:.0%}: {inside:.1%} of 4000 samples inside",
    )
ax.set(xlabel="$x$", ylabel="$y$", ylim=(-2.5, 8.0), aspect="equal")
ax.legend(loc="upper right", fontsize="small")

# %%
# Measured coverage against the nominal probability
# -------------------------------------------------
# For every :math:`p` the fraction of fresh samples inside the ellipse is close to
# :math:`p`, within the binomial error :math:`\sqrt{p(1-p)/n}` (shaded, two standard
# errors). The one-dimensional rule of thumb is badly off in two dimensions: the
# "1 sigma" ellipse (:math:`d \le 1`) holds only :math:`1 - e^{-1/2} \approx 39\%`,
# not 68 %.
n = 4000
nominal = np.linspace(0.02, 0.99, 60)
fresh = np.asarray(dist.sample(8, n))
d_fresh = np.asarray(dist.mahalanobis(fresh[:, 0], fresh[:, 1]))
measured = np.array([np.mean(d_fresh**2 <= -2 * np.log1p(-p)) for p in nominal])
band = 2 * np.sqrt(nominal * (1 - nominal) / n)

k = np.array([1.0, 2.0, 3.0])
k_sigma_2d = np.array([np.mean(d_fresh <= r) for r in k])

fig, ax = plt.subplots(figsize=(5.5, 5), layout="constrained")
ax.fill_between(
    nominal,
    nominal - band,
    nominal + band,
    color=colors["sky_blue"],
    alpha=0.4,
    label="nominal ± 2 binomial s.e.",
)
ax.plot(nominal, nominal, color="black", lw=1)
ax.plot(
    nominal,
    measured,
    "o",
    color=colors["blue"],
    ms=3,
    label=r"chi-square radius $\sqrt{-2\log(1-p)}$",
)
ax.plot(
    [0.6827, 0.9545, 0.9973],
    k_sigma_2d,
    "s",
    color=colors["vermillion"],
    ms=7,
    label=r"1-D rule $d \leq 1, 2, 3$",
)
ax.set(
    xlabel="nominal probability",
    ylabel="fraction of samples inside",
    xlim=(0, 1),
    ylim=(0, 1),
    aspect="equal",
)
ax.legend(loc="upper left", fontsize="small")

# %%
# The numbers behind the squares:
for r, frac in zip(k, k_sigma_2d, strict=True):
    print(
        f"d <= {r:.0f}: measured {frac:.3f}, exact 1 - exp(-r^2/2) = "
        f"{1 - np.exp(-(r**2) / 2):.3f}"
    )
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.sample`,
#      :meth:`~bivnorm.BivariateNormal.mahalanobis`,
#      :meth:`~bivnorm.BivariateNormal.ellipse`
#    - :func:`bivnorm.plot_ellipse`
#
# .. tags::
#
#    topic: covariance, topic: probability, plot-type: scatter, level: intermediate
