r"""
Projections: every direction is a normal
========================================

For any unit direction :math:`u`, the projection :math:`u^\top X` of a bivariate
normal is normal, :math:`\mathcal N(u^\top\mu,\ u^\top\Sigma u)`. Its variance is
largest and smallest along the principal axes, where it equals the eigenvalues
:math:`\lambda_1, \lambda_2` of :math:`\Sigma`.
"""

# %%
# The projected points and their law
# ----------------------------------
# 5000 draws projected on :math:`u = (\cos a, \sin a)` at :math:`a = 60°`: the
# histogram of :math:`u^\top x` against the density of
# :math:`\mathcal N(u^\top\mu, u^\top\Sigma u)`.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

dist = bn.BivariateNormal(mean_x=1.0, mean_y=0.5, std_x=1.5, std_y=0.8, rho=0.6)
mu = np.array([float(dist.mean_x), float(dist.mean_y)])
sigma = np.asarray(dist.cov)
xy = np.asarray(dist.sample(0, 5000))
a = np.radians(60)
u = np.array([np.cos(a), np.sin(a)])
law = bn.Normal(u @ mu, np.sqrt(u @ sigma @ u))
s = xy @ u
print(f"law: mean {float(law.mean):.4f}, std {float(law.std):.4f}")
print(f"drawn points: mean {s.mean():.4f}, std {s.std():.4f}")

fig, (ax, bx) = plt.subplots(
    1, 2, figsize=(6.2, 3.0), width_ratios=(1.3, 1), layout="constrained"
)
ax.scatter(*xy.T, s=2, alpha=0.4)
ax.axline(mu, mu + u, color="C3", lw=1.5)
ax.annotate("", mu + 2 * u, mu, arrowprops={"arrowstyle": "->", "color": "C3", "lw": 2})
ax.set(aspect="equal", xlabel="x", ylabel="y", title="u at 60°")
grid = np.linspace(s.min(), s.max(), 300)
bx.hist(s, bins=50, density=True, alpha=0.4, label="projected points")
bx.plot(grid, law.pdf(grid), "C3", lw=2, label="N(uᵀμ, uᵀΣu)")
bx.set(xlabel="uᵀx", ylabel="density", ylim=(0, 0.42))
bx.legend(loc="upper left")

# %%
# Variance against direction
# --------------------------
# :math:`u^\top\Sigma u` swings between the eigenvalues as :math:`a` turns; its
# extremes sit at the principal axes' angles
# (:meth:`~bivnorm.BivariateNormal.principal_axes`).
l1, l2, theta = (float(v) for v in dist.principal_axes())
angles = np.linspace(-np.pi / 2, np.pi / 2, 361)
dirs = np.stack([np.cos(angles), np.sin(angles)], axis=1)
variance = np.einsum("ni,ij,nj->n", dirs, sigma, dirs)
print("eigh:", np.linalg.eigvalsh(sigma), " principal_axes:", l2, l1)
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(np.degrees(angles), variance)
for lam, ang in ((l1, theta), (l2, theta - np.copysign(np.pi / 2, theta))):
    ax.plot(np.degrees(ang), lam, "o", color="C3")
ax.set(xlabel="angle a of u (degrees)", ylabel="uᵀΣu")

# %%
# Live: turn the direction
# ------------------------
# Drag the arrow or use the angle slider; the buttons jump to the principal
# axes (``view="projection"`` opens this view).
ex = bn.explorer(dist, n=2000, key=0, view="projection", angle=float(a))
ex

# %%
plt.show()

# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :attr:`bivnorm.BivariateNormal.cov`, :meth:`bivnorm.BivariateNormal.principal_axes`
#    - :class:`bivnorm.Normal`, :func:`bivnorm.explorer`
#
# .. tags::
#
#    topic: covariance, topic: interactive, level: intermediate
