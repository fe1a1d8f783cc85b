r"""
The density as a surface
========================

Draw the density of a correlated bivariate normal as a 3-D surface, with its
filled contours projected on the floor of the box. The density is evaluated on the
whole grid in one compiled, broadcast call, and integrating the surface along
:math:`y` gives back the 1-D marginal density of :math:`x` exactly.
"""

# %%
# Surface and contours
# --------------------
# :func:`bivnorm.surface` evaluates :math:`f(x, y)` on a 120 by 120 grid
# covering :math:`\mu \pm 3.5\,\sigma` along each axis and returns the surface
# and the filled contours. The contours beneath it are the ellipses of constant
# density, tilted by the correlation.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

dist = bn.BivariateNormal(mean_x=0.0, mean_y=1.0, std_x=1.0, std_y=1.4, rho=0.6)
surf, contourf = bn.surface(dist)
surf.axes.set_title(r"$f(x, y)$ with $\rho = 0.6$")

# %%
# How the correlation shapes it
# -----------------------------
# The same law with :math:`\rho = 0` and :math:`\rho = -0.8`, in axes that we pass
# in: the surface narrows along one diagonal and the contours stretch along the
# other. The volume under each surface is one.
fig, axes = plt.subplots(
    1, 2, figsize=(6.2, 3.0), subplot_kw={"projection": "3d"}, layout="constrained"
)
fig.get_layout_engine().set(w_pad=0.3, wspace=0.05)
for ax, rho in zip(axes, (0.0, -0.8), strict=True):
    bn.surface(dist.replace(rho=rho), ax=ax, num=80)
    ax.set_title(rf"$\rho = {rho:g}$")
    ax.locator_params(nbins=4)  # fewer ticks, so that the labels do not crowd

# %%
# Integrating the surface gives the marginal
# ------------------------------------------
# The marginal density is the joint density summed over the other variable,
#
# .. math:: f_X(x) = \int f(x, y)\,\mathrm{d}y .
#
# A Riemann sum over a fine grid of :math:`y` (the density vanishes at its ends)
# lands on the closed form
# :math:`\mathcal N(\mu_x, \sigma_x^2)` that :meth:`~bivnorm.BivariateNormal.marginal_x`
# returns, whatever :math:`\rho` is.
x = np.linspace(-4.0, 4.0, 161)
y = np.linspace(1.0 - 8 * 1.4, 1.0 + 8 * 1.4, 801)
density = np.asarray(dist.pdf(x[None, :], y[:, None]))  # shape (len(y), len(x))
integrated = density.sum(axis=0) * (y[1] - y[0])

fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
bn.plot_marginal(dist.marginal_x(), ax=ax, x=x, lw=3, label=r"closed form $f_X$")
riemann = {"color": bn.plotting.COLORS["blue"], "label": r"$\int f(x, y)\,dy$"}
ax.plot(x[::8], integrated[::8], "o", **riemann)
ax.set(xlabel="$x$", ylabel="density", title="The marginal of $x$")
ax.legend()
error = np.abs(integrated - np.asarray(dist.marginal_x().pdf(x))).max()
print(f"largest difference between the two: {error:.1e}")
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :func:`bivnorm.surface`, :func:`bivnorm.plot_marginal`
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.pdf`,
#      :meth:`~bivnorm.BivariateNormal.marginal_x`
#
# .. tags::
#
#    topic: marginals and conditionals, plot-type: 3D, level: beginner
