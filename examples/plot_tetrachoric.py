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
# subtraction, so even a nearly empty cell keeps its digits.
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt

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


def tetrachoric(table):
    """Maximum-likelihood rho by Newton's method, and its standard error."""
    a, b = thresholds(table)
    score = jax.grad(loglik)

    def newton(_, rho):  # the score and its derivative in one forward pass
        value, slope = jax.jvp(lambda r: score(r, table, a, b), (rho,), (1.0,))
        return jnp.clip(rho - value / slope, -0.999, 0.999)

    rho = jax.lax.fori_loop(0, 8, newton, jnp.zeros((), a.dtype))
    return rho, 1.0 / jnp.sqrt(-jax.hessian(loglik)(rho, table, a, b))


estimate = jax.jit(jax.vmap(tetrachoric))  # many tables in one compiled call


# %%
# One table
# ---------
# 800 pairs with :math:`\rho = 0.6`, cut at :math:`x > 0.3` and :math:`y > -0.5`.
truth = bn.BivariateNormal(rho=0.6)


def table_of(key, n=800):
    xy = truth.sample(key, n)
    above = (xy[:, 0] > 0.3).astype(int), (xy[:, 1] > -0.5).astype(int)
    cells = 2 * above[0] + above[1]
    return jnp.bincount(cells, length=4).reshape(2, 2).astype(xy.dtype)


keys = jax.random.split(jax.random.key(2), 401)  # one table here, 400 below
tables = jax.vmap(table_of)(keys)
estimates, errors = estimate(tables)  # all 401 in one compiled call
table, rho_hat, se = tables[0], estimates[0], errors[0]
print("counts [[n00, n01], [n10, n11]]:", table.astype(int).tolist())
print(f"tetrachoric rho = {float(rho_hat):.3f} +- {float(se):.3f}")

a, b = thresholds(table)
rhos = jnp.linspace(-0.2, 0.95, 200)
curve = jax.vmap(loglik, in_axes=(0, None, None, None))(rhos, table, a, b)
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.plot(rhos, curve - curve.max(), color=SAMPLE_COLOR, label="log-likelihood")
ax.axvline(float(rho_hat), color=ELLIPSE_COLOR, label=r"$\hat\rho$")
ax.axvspan(
    float(rho_hat - 1.96 * se),
    float(rho_hat + 1.96 * se),
    color=SAMPLE_COLOR,
    alpha=0.15,
)
ax.axvline(0.6, color=PDF_COLOR, ls="--", label=r"true $\rho$")
ax.set(xlabel=r"$\rho$", ylabel="log-likelihood (max = 0)", ylim=(-12, 1))
ax.legend()

# %%
# Coverage of the 95 % interval
# -----------------------------
# 400 more tables from independent keys, each re-estimated (in the same call).
estimates, errors = estimates[1:], errors[1:]
covered = jnp.abs(estimates - 0.6) <= 1.96 * errors
print(f"coverage of rho_hat +- 1.96 se: {float(covered.mean()):.3f} (nominal 0.95)")
print(
    f"sd of the estimates {float(estimates.std()):.3f}, mean se {float(errors.mean()):.3f}"
)

fig, ax = plt.subplots(figsize=(6.4, 3.6))
ax.hist(estimates, bins=30, color=SAMPLE_COLOR, alpha=0.7, label=r"$\hat\rho$")
ax.axvline(0.6, color=PDF_COLOR, ls="--", label=r"true $\rho$")
ax.set(xlabel=r"$\hat\rho$", ylabel="tables")
ax.legend()
plt.show()
