r"""
JAX transforms: jit, vmap and grad
==================================

A :class:`~bivnorm.BivariateNormal` is a JAX pytree whose leaves are its five
parameters, so it goes through every JAX transform like an array: one compilation
serves every parameter value, a batch of distributions is one call, and the
log-likelihood has a gradient to climb. This example needs JAX; sharding over
several devices has its own example,
:ref:`sphx_glr_auto_examples_plot_sharded_monte_carlo.py`.
"""

# %%
# jit: compile once, change the parameters freely
# -----------------------------------------------
# The distribution is an *argument* of the compiled function, so new parameter
# values reuse the compiled code; only new shapes compile again. The Python body
# runs only when JAX traces it, so a counter in it counts the compilations.
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

xs = jnp.linspace(-3.0, 3.0, 200)
gx, gy = jnp.meshgrid(xs, xs)
traces = []


@jax.jit
def grid_pdf(dist):
    traces.append(1)  # runs at tracing time only
    return dist.pdf(gx, gy)


for rho in (0.0, 0.5, 0.9):
    grid_pdf(bn.BivariateNormal(rho=rho)).block_until_ready()
print(f"3 calls, {len(traces)} trace")

# %%
# vmap: a batch of distributions in one call
# ------------------------------------------
# Map over the correlation: six densities on a 200 x 200 grid in one vectorised call.
rhos = jnp.linspace(-0.9, 0.9, 6)
densities = jax.vmap(lambda rho: grid_pdf(bn.BivariateNormal(rho=rho)))(rhos)
print("batched densities:", densities.shape)

fig, axes = plt.subplots(
    2, 3, figsize=(6.2, 4.4), sharex=True, sharey=True, layout="constrained"
)
for ax, rho, dens in zip(axes.flat, rhos, densities, strict=True):
    ax.contourf(xs, xs, dens, levels=10, cmap="viridis")
    ax.set(title=rf"$\rho = {float(rho):.2f}$", aspect="equal", xlabel="x", ylabel="y")
    ax.label_outer()  # axis labels on the outer panels only

# %%
# grad: fit the parameters by gradient ascent
# -------------------------------------------
# Unconstrained coordinates (log standard deviations, :math:`\operatorname{atanh}
# \rho`) keep every step valid. :func:`jax.grad` differentiates the mean
# log-likelihood through :meth:`~bivnorm.BivariateNormal.logpdf`; the closed-form
# maximum-likelihood estimate :meth:`~bivnorm.BivariateNormal.fit` is the target.
true = bn.BivariateNormal(mean_x=1.0, mean_y=-1.0, std_x=0.5, std_y=2.0, rho=0.7)
data = true.sample(jax.random.key(0), 2000)


def unpack(theta):
    return bn.BivariateNormal(
        theta[0], theta[1], jnp.exp(theta[2]), jnp.exp(theta[3]), jnp.tanh(theta[4])
    )


def mean_loglik(theta):
    return unpack(theta).logpdf(data[:, 0], data[:, 1]).mean()


@jax.jit
def step(theta):
    value, grad = jax.value_and_grad(mean_loglik)(theta)
    return theta + 0.2 * grad, value


theta, history = jnp.zeros(5), []
for _ in range(300):
    theta, value = step(theta)
    history.append(float(value))

# The leaves of the pytree are the five parameters:
print("gradient ascent:", np.round(jax.tree.leaves(unpack(theta)), 4))
print("closed form:    ", np.round(jax.tree.leaves(bn.BivariateNormal.fit(data)), 4))

colors = bn.plotting.COLORS
fig, ax = plt.subplots(figsize=(5.5, 3.5), layout="constrained")
ax.plot(history, color=colors["blue"], lw=2, label="gradient ascent")
ax.axhline(
    float(bn.BivariateNormal.fit(data).logpdf(data[:, 0], data[:, 1]).mean()),
    color=colors["vermillion"],
    ls="--",
    label="closed-form MLE",
)
ax.set(xlabel="step", ylabel="mean log-likelihood", ylim=(-4.5, -2.0))
ax.legend()
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.pdf`,
#      :meth:`~bivnorm.BivariateNormal.logpdf`, :meth:`~bivnorm.BivariateNormal.fit`,
#      :meth:`~bivnorm.BivariateNormal.sample`
#    - :func:`jax.jit`, :func:`jax.vmap`, :func:`jax.value_and_grad`
#
# .. tags::
#
#    topic: jax, plot-type: contour, level: advanced, needs: jax
