r"""
Conditional distributions and the regression line
=================================================

Fix :math:`X = x_0` and look at what is left of :math:`Y`: a normal law whose mean
moves along the regression line :math:`E[Y \mid X = x] = \mu_y +
\rho\,\sigma_y/\sigma_x\,(x - \mu_x)` and whose spread
:math:`\sigma_y\sqrt{1-\rho^2}` is the same for every :math:`x_0`. It is the joint
density along a vertical slice, divided by the marginal density of :math:`X`.
"""

# %%
# Slices of the joint density
# ---------------------------
# The regression line of :math:`Y` on :math:`X` is *not* the major axis of the
# ellipses: it is flatter, and it passes through the points where the ellipses
# have vertical tangents.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

dist = bn.BivariateNormal(mean_x=0.0, mean_y=0.0, std_x=1.0, std_y=1.5, rho=0.75)
x0s = (-1.5, 0.0, 1.5)
colors = [bn.plotting.COLORS[name] for name in ("blue", "bluish_green", "vermillion")]

xs = np.linspace(-3.5, 3.5, 200)
ys = np.linspace(-5.0, 5.0, 200)
gx, gy = np.meshgrid(xs, ys)
density = np.asarray(dist.pdf(gx, gy))
line = np.asarray(dist.conditional_y(xs).mean)

fig, ax = plt.subplots(figsize=(5.5, 5.5), layout="constrained")
ax.contourf(gx, gy, density, levels=12, cmap="Greys")
ax.plot(xs, line, color="black", lw=2, label=r"$E[Y \mid X = x]$")
major = np.linalg.eigh(np.asarray(dist.cov, dtype=np.float64))[1][:, -1]
ax.plot(xs, xs * major[1] / major[0], color="0.4", ls=":", label="major axis")
for x0, color in zip(x0s, colors, strict=True):
    ax.axvline(x0, color=color, lw=2, label=f"slice $x_0 = {x0}$")
ax.set(
    xlabel="$x$",
    ylabel="$y$",
    xlim=(xs[0], xs[-1]),
    ylim=(ys[0], ys[-1]),
    aspect="equal",
)
ax.legend(loc="upper left", fontsize="small")

# %%
# Each slice is a normal density
# ------------------------------
# :meth:`~bivnorm.BivariateNormal.conditional_y` gives :math:`p(y \mid x_0)` as a
# :class:`bivnorm.Normal`. It matches the normalised slice
# :math:`f(x_0, y) / f_X(x_0)` (dots) and a histogram of the samples that fall in a
# thin band around :math:`x_0`.
xy = np.asarray(dist.sample(3, 200_000))
fig, axes = plt.subplots(
    3, 1, figsize=(6.2, 6.4), sharex=True, sharey=True, layout="constrained"
)
for ax, x0, color in zip(axes, x0s, colors, strict=True):
    cond = dist.conditional_y(x0)
    band = xy[np.abs(xy[:, 0] - x0) < 0.05, 1]
    ax.hist(
        band,
        bins=40,
        density=True,
        color=color,
        alpha=0.3,
        label=f"{band.size} samples near $x_0$",
    )
    ax.plot(ys, np.asarray(cond.pdf(ys)), color=color, lw=2, label=r"$p(y \mid x_0)$")
    ratio = np.asarray(dist.pdf(x0, ys[::8])) / np.asarray(dist.marginal_x().pdf(x0))
    ax.plot(ys[::8], ratio, "o", color="black", ms=3, label=r"$f(x_0, y)/f_X(x_0)$")
    ax.set(
        title=rf"$x_0 = {x0}$: mean {float(cond.mean):.2f}, "
        rf"std {float(cond.std):.2f}",
        ylabel="density",
    )
    ax.legend(fontsize="small", loc="upper right" if x0 < 0 else "upper left")
axes[-1].set_xlabel("$y$")

# %%
# Knowing :math:`X` shrinks the spread of :math:`Y` from :math:`\sigma_y` to
# :math:`\sigma_y\sqrt{(1-\rho)(1+\rho)}` (that is :math:`\sqrt{1-\rho^2}`,
# written so that it keeps its digits near :math:`|\rho| = 1`), whatever the
# value of :math:`x_0`:
rho = float(dist.rho)
print(f"marginal std of Y:    {float(dist.std_y):.3f}")
print(
    f"conditional std of Y: {float(dist.conditional_y(0.0).std):.3f} "
    f"= {float(dist.std_y) * np.sqrt((1 - rho) * (1 + rho)):.3f}"
)
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.pdf`,
#      :meth:`~bivnorm.BivariateNormal.conditional_y`,
#      :meth:`~bivnorm.BivariateNormal.marginal_x`,
#      :meth:`~bivnorm.BivariateNormal.sample`
#    - :class:`bivnorm.Normal`
#
# .. tags::
#
#    topic: marginals and conditionals, plot-type: contour, plot-type: histogram,
#    level: intermediate
