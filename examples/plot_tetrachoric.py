r"""
Tetrachoric correlation
=======================

Two normal variables seen only through a yes/no cut each give a 2 x 2 table of
counts. The tetrachoric correlation is the :math:`\rho` of the bivariate normal
behind the table: the thresholds come from the margins, and :math:`\rho` maximises
the likelihood of the four cells, each a lower-orthant probability computed by
:meth:`~bivnorm.BivariateNormal.logcdf`. Newton's method runs on
:func:`jax.grad`, the standard error comes from :func:`jax.hessian`, and a
simulation checks the coverage of the interval. This example needs JAX.
"""

# %%
# The likelihood of a 2 x 2 table
# -------------------------------
# With thresholds :math:`a, b` (standardised) the cells are
# :math:`P(X \le a, Y \le b)` and its three reflections, e.g.
# :math:`P(X \le a, Y > b) = \Phi_2(a, -b; -\rho)`: four log-CDFs, no
# subtraction, so even a nearly empty cell keeps its digits. One compiled
# function gives the log-likelihood, its gradient and its second derivative for
# a batch of (:math:`\rho`, table) pairs; new values never recompile it.
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn
from bivnorm.plotting import ELLIPSE_COLOR, PDF_COLOR, SAMPLE_COLOR

SIGNS = jnp.array([[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]])


def loglik(rho, table, a, b):
    """Log-likelihood of the counts [[n00, n01], [n10, n11]] (0: below the cut)."""
    sx, sy = SIGNS[:, 0], SIGNS[:, 1]
    law = bn.BivariateNormal.tree_unflatten(None, (0.0, 0.0, 1.0, 1.0, rho * sx * sy))
    return jnp.sum(table.ravel() * law.logcdf(sx * a, sy * b))


def thresholds(table):
    """Standardised cuts from the margins: Phi(a) = share of X below its cut."""
    n = table.sum()
    return bn.Normal().ppf(table[0].sum() / n), bn.Normal().ppf(table[:, 0].sum() / n)


@jax.jit
@jax.vmap
def local(rho, table):
    """The log-likelihood at rho, its slope (the score) and its curvature."""
    a, b = thresholds(table)
    value, score = jax.value_and_grad(loglik)(rho, table, a, b)
    return value, score, jax.hessian(loglik)(rho, table, a, b)


def tetrachoric(tables, steps=8):
    """Maximum-likelihood rho of each table by Newton's method, and its standard error."""
    rho = np.zeros(len(tables), np.asarray(tables).dtype)
    for _ in range(steps):
        _, score, curvature = map(np.asarray, local(rho, tables))
        rho = np.clip(rho - score / curvature, -0.999, 0.999)
    _, _, curvature = map(np.asarray, local(rho, tables))
    return rho, 1.0 / np.sqrt(-curvature)


# %%
# One table
# ---------
# 800 pairs with :math:`\rho = 0.6`, cut at :math:`x > 0.3` and :math:`y > -0.5`;
# 400 more tables for the simulation below are drawn with it.
truth = bn.BivariateNormal(rho=0.6)
n_tables, n_pairs = 401, 800
xy = np.asarray(truth.sample(jax.random.key(2), n_tables * n_pairs))
cells = 2 * (xy[:, 0] > 0.3) + (xy[:, 1] > -0.5)
counts = (cells.reshape(n_tables, n_pairs, 1) == np.arange(4)).sum(axis=1)
tables = counts.reshape(n_tables, 2, 2).astype(xy.dtype)
estimates, errors = tetrachoric(tables)  # all 401 tables, 9 calls of local
table, rho_hat, se = tables[0], estimates[0], errors[0]
print("counts [[n00, n01], [n10, n11]]:", table.astype(int).tolist())
print(f"tetrachoric rho = {rho_hat:.3f} +- {se:.3f}")

rhos = np.linspace(-0.2, 0.95, n_tables, dtype=xy.dtype)  # the batch size again
curve = np.asarray(local(rhos, np.broadcast_to(table, tables.shape))[0])
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(rhos, curve - curve.max(), color=SAMPLE_COLOR, label="log-likelihood")
ax.axvline(rho_hat, color=ELLIPSE_COLOR, label=r"$\hat\rho$")
ax.axvspan(rho_hat - 1.96 * se, rho_hat + 1.96 * se, color=SAMPLE_COLOR, alpha=0.15)
ax.axvline(0.6, color=PDF_COLOR, ls="--", label=r"true $\rho$")
ax.set(xlabel=r"$\rho$", ylabel="log-likelihood (max = 0)", ylim=(-12, 1))
ax.legend()

# %%
# Coverage of the 95 % interval
# -----------------------------
# The 400 other tables, from independent draws, each re-estimated (in the same
# calls).
estimates, errors = estimates[1:], errors[1:]
covered = np.abs(estimates - 0.6) <= 1.96 * errors
print(f"coverage of rho_hat +- 1.96 se: {covered.mean():.3f} (nominal 0.95)")
print(f"sd of the estimates {estimates.std():.3f}, mean se {errors.mean():.3f}")

fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.hist(estimates, bins=30, color=SAMPLE_COLOR, alpha=0.7, label=r"$\hat\rho$")
ax.axvline(0.6, color=PDF_COLOR, ls="--", label=r"true $\rho$")
ax.set(xlabel=r"$\hat\rho$", ylabel="tables")
ax.legend()
plt.show()
