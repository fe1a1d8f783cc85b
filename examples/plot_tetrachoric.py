r"""
Tetrachoric correlation
=======================

Two normal variables seen only through a yes/no cut each give a 2 x 2 table of
counts. The tetrachoric correlation is the :math:`\rho` of the bivariate normal
behind the table, estimated by maximum likelihood with :func:`bivnorm.tetrachoric`:
the cuts come from the margins and :math:`\rho` from the orthant probabilities of
:meth:`~bivnorm.BivariateNormal.logcdf`. A simulation checks the interval it gives.
"""

# %%
# One table
# ---------
# 800 pairs with :math:`\rho = 0.6`, cut at :math:`x > 0.3` and :math:`y > -0.5`
# (300 more tables for the simulation below are drawn in the same call).
# Row 0 of the table counts :math:`x \le 0.3`, column 0 :math:`y \le -0.5`.
# Newton's method runs until its step is below ``xtol`` (``1e-12`` in float64);
# the standard error has the cuts estimated too (the inverse of the 3 x 3
# information), as R's ``polycor::polychor(ML = TRUE)`` reports it.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn
from bivnorm.plotting import ELLIPSE_COLOR, PDF_COLOR, SAMPLE_COLOR

truth = bn.BivariateNormal(rho=0.6)


def count(xy):
    """The 2 x 2 table [[n00, n01], [n10, n11]] of the pairs (0: at or below the cut)."""
    xy = np.asarray(xy)
    cell = 2 * (xy[:, 0] > 0.3) + (xy[:, 1] > -0.5)
    return np.bincount(cell, minlength=4).reshape(2, 2)


pairs = np.asarray(truth.sample(0, 301 * 800)).reshape(301, 800, 2)
table = count(pairs[0])
fit = bn.tetrachoric(table)
print("counts [[n00, n01], [n10, n11]]:", table.astype(int).tolist())
print(f"tetrachoric rho = {fit.rho:.3f} +- {fit.se:.3f}, cuts {fit.cuts.round(3)}")

# %%
# The log-likelihood in :math:`\rho`, at the estimated cuts :math:`(a, b)`: the
# four cells follow from :math:`P(X \le a, Y \le b)` and the margins, which the
# cuts match, :math:`\Phi(a) = (n_{00} + n_{01})/n`.
a, b = fit.cuts
share_x, share_y = table[0].sum() / 800, table[:, 0].sum() / 800
rhos = np.linspace(-0.2, 0.95, 116)
p00 = np.array([float(bn.BivariateNormal(rho=r).cdf(a, b)) for r in rhos])
cells = np.stack([p00, share_x - p00, share_y - p00, 1 - share_x - share_y + p00])
curve = table.reshape(4) @ np.log(cells)
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(rhos, curve - curve.max(), color=SAMPLE_COLOR, label="log-likelihood")
ax.axvline(fit.rho, color=ELLIPSE_COLOR, label=r"$\hat\rho$")
ax.axvspan(
    *(fit.rho + 1.96 * fit.se * np.array([-1, 1])), color=SAMPLE_COLOR, alpha=0.15
)
ax.axvline(0.6, color=PDF_COLOR, ls="--", label=r"true $\rho$")
ax.set(xlabel=r"$\rho$", ylabel="log-likelihood (max = 0)", ylim=(-12, 1))
ax.legend()

# %%
# Zero cells and empty margins
# ----------------------------
# A zero cell puts the maximum of the likelihood at :math:`|\rho| = 1`. As R's
# ``psych::tetrachoric`` does by default, each zero cell is replaced by 0.5
# (``correction=0.5``; the result says so in ``corrected``). A table with an
# empty row or column has an infinite cut and says nothing about :math:`\rho`:
# it is refused.
sparse = bn.tetrachoric([[50, 10], [12, 0]])
print(f"[[50, 10], [12, 0]]: rho = {sparse.rho:.3f} +- {sparse.se:.3f}", end=" ")
print(f"(corrected: {sparse.corrected}, table used {sparse.table.tolist()})")
try:
    bn.tetrachoric([[0, 0], [30, 20]])
except ValueError as error:
    print("refused:", error)

# %%
# Coverage of the 95 % interval
# -----------------------------
# The 300 other tables, from independent draws, estimated in one call;
# :math:`\hat\rho \pm 1.96\,\mathrm{se}` should hold the true :math:`\rho` in
# about 95 % of them.
tables = np.stack([count(xy) for xy in pairs[1:]])
many = bn.tetrachoric(tables)
covered = np.abs(many.rho - 0.6) <= 1.96 * many.se
print(f"coverage of rho_hat +- 1.96 se: {covered.mean():.3f} (nominal 0.95)")
print(f"sd of the estimates {many.rho.std():.3f}, mean se {many.se.mean():.3f}")

fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.hist(many.rho, bins=30, color=SAMPLE_COLOR, alpha=0.7, label=r"$\hat\rho$")
ax.axvline(0.6, color=PDF_COLOR, ls="--", label=r"true $\rho$")
ax.set(xlabel=r"$\hat\rho$", ylabel="tables")
ax.legend()
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :func:`bivnorm.tetrachoric`, :class:`bivnorm.TetrachoricResult`
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.cdf`,
#      :meth:`~bivnorm.BivariateNormal.sample`
#    - :class:`bivnorm.Normal`
#
# .. tags::
#
#    topic: probability, topic: sampling, plot-type: histogram, level: intermediate
