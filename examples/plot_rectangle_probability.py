r"""
Probability of a rectangle
==========================

How likely is the pair to land in a rectangle? :meth:`~bivnorm.BivariateNormal.cdf`
computes the joint CDF :math:`P(X \le x, Y \le y)` from scratch to about
:math:`10^{-15}`, and :meth:`~bivnorm.BivariateNormal.prob_rect` turns it into the
exact probability of a rectangle. Drag out your own rectangle below and watch the
drawn points close in on it.
"""

# %%
# The live region
# ---------------
# Press *Draw region* (or hold Shift) and drag on the plot, pick a quadrant or a
# half-plane from the menu, or type the edges (empty or ``inf`` for an infinite
# one). With :math:`h = (x - \mu_x)/\sigma_x` and :math:`k = (y - \mu_y)/\sigma_y`,
#
# .. math::
#
#    F(x, y) = \int_{-\infty}^{h} \varphi(t)\,
#    \Phi\Big(\frac{k - \rho t}{\sqrt{1 - \rho^2}}\Big)\,dt,
#
# one integral, computed by the page in log space (boxes 40 standard deviations
# out keep their digits), and the rectangle is
# :math:`F(b, d) - F(a, d) - F(b, c) + F(a, c)`. Beside it: the fraction of the
# :math:`n` points inside, with its 95 % Wilson interval. Dragging along the
# right panel picks an interval of :math:`Y \mid X = x_0`, a normal law itself.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

import bivnorm as bn

dist = bn.BivariateNormal(mean_x=0.5, mean_y=-0.3, std_x=1.2, std_y=0.8, rho=0.65)
x0, x1, y0, y1 = 0.0, 2.0, -0.5, 0.8
ex = bn.explorer(dist, n=2000, rect=[x0, x1, y0, y1], interval=[-1.0, 0.0])
ex

# %%
# The rectangle on the joint plot
# -------------------------------
# The rectangle :math:`0 < X \le 2,\ -0.5 < Y \le 0.8`, shaded over 2000 samples
# and the 50 % and 90 % ellipses; the samples inside it are highlighted. From
# Python, ``ex.rect`` is the live region and ``ex.region_probability`` its value.
colors = bn.plotting.COLORS
exact = float(dist.prob_rect(x0, x1, y0, y1))
print(f"P({x0} < X <= {x1}, {y0} < Y <= {y1}) = {exact:.7f}")
print(f"the explorer's region {ex.rect}: {ex.region_probability:.7f}")

xy = np.asarray(dist.sample(0, 2000))
inside = (x0 < xy[:, 0]) & (xy[:, 0] <= x1) & (y0 < xy[:, 1]) & (xy[:, 1] <= y1)

fig, ax = plt.subplots(figsize=(5.5, 5), layout="constrained")
ax.scatter(*xy[~inside].T, s=4, color=colors["grey"], alpha=0.6, label="outside")
ax.scatter(*xy[inside].T, s=4, color=colors["blue"], alpha=0.8, label="inside")
box = Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colors["orange"], alpha=0.25)
ax.add_patch(box)
for prob in (0.5, 0.9):
    ax.plot(*dist.ellipse(prob), color=colors["black"], lw=1)
title = f"exact {exact:.4f}, in this sample {inside.mean():.4f}"
ax.set(xlabel="x", ylabel="y", aspect="equal", title=title)
ax.legend(loc="upper left", markerscale=3)

# %%
# Four CDFs make a rectangle
# --------------------------
# By inclusion-exclusion,
# :math:`P = F(x_1, y_1) - F(x_0, y_1) - F(x_1, y_0) + F(x_0, y_0)`.
corners = [dist.cdf(x1, y1), dist.cdf(x0, y1), dist.cdf(x1, y0), dist.cdf(x0, y0)]
f11, f01, f10, f00 = (float(c) for c in corners)
print(f"inclusion-exclusion: {f11 - f01 - f10 + f00:.7f}")

# %%
# Monte Carlo converges to the exact value
# ----------------------------------------
# The running fraction of a million samples inside the rectangle, against the
# exact value and its :math:`\pm 2` standard error band
# :math:`2\sqrt{p(1-p)/n}`: at any given :math:`n`, the estimate falls outside
# the band with probability about 5 %.
n_max = 10**6
xy = np.asarray(dist.sample(1, n_max))
hits = (x0 < xy[:, 0]) & (xy[:, 0] <= x1) & (y0 < xy[:, 1]) & (xy[:, 1] <= y1)
ns = np.unique(np.logspace(1, 6, 300).astype(int))
estimate = np.cumsum(hits)[ns - 1] / ns
band = 2 * np.sqrt(exact * (1 - exact) / ns)

for n in (10**2, 10**4, 10**6):
    est = hits[:n].mean()
    print(
        f"n = {n:>9,}: estimate {est:.5f}, error {est - exact:+.5f}, "
        f"2 s.e. {2 * np.sqrt(exact * (1 - exact) / n):.5f}"
    )

fig, ax = plt.subplots(figsize=(6.5, 3.5), layout="constrained")
label = r"exact $\pm$ 2 s.e."
ax.fill_between(
    ns, exact - band, exact + band, color=colors["orange"], alpha=0.3, label=label
)
ax.axhline(exact, color=colors["vermillion"], lw=1.5, label="exact (prob_rect)")
ax.plot(ns, estimate, color=colors["blue"], lw=1.5, label="Monte Carlo")
ylim = (exact - 0.15, exact + 0.15)
ax.set(xscale="log", xlabel="number of samples n", ylabel="estimate", ylim=ylim)
ax.legend(loc="upper right")
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :func:`bivnorm.explorer`, :class:`bivnorm.Explorer`
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.cdf`,
#      :meth:`~bivnorm.BivariateNormal.prob_rect`,
#      :meth:`~bivnorm.BivariateNormal.sample`,
#      :meth:`~bivnorm.BivariateNormal.ellipse`
#    - :class:`matplotlib.patches.Rectangle`
#
# .. tags::
#
#    topic: probability, topic: sampling, topic: interactive, plot-type: scatter,
#    level: intermediate
