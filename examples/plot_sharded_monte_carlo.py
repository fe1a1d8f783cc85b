r"""
Sharded Monte Carlo: 10^8 samples over every device
===================================================

A Monte Carlo estimate of a rectangle probability from :math:`10^8` samples spread
over all the devices, against :meth:`~bivnorm.BivariateNormal.prob_rect`. Each
device draws and counts its own block, with :func:`jax.shard_map`; one
:func:`jax.lax.psum` adds the counts. The draws are bit for bit those of one
device, whatever the number of devices. This example needs JAX.
"""

# %%
# Devices and the exact value
# ---------------------------
# This site is built with eight virtual CPU devices
# (``XLA_FLAGS=--xla_force_host_platform_device_count=8``, set before JAX starts).
# Elsewhere :func:`jax.devices` lists what you have; nothing below changes.
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
from jax import lax

import bivnorm as bn

devices = jax.devices()
print(f"{len(devices)} {devices[0].platform} devices")

dist = bn.BivariateNormal(mean_x=0.5, mean_y=-0.3, std_x=1.2, std_y=0.8, rho=0.65)
x0, x1, y0, y1 = 0.0, 2.0, -0.5, 0.8
exact = float(dist.prob_rect(x0, x1, y0, y1))
print(f"exact P({x0} < X <= {x1}, {y0} < Y <= {y1}) = {exact:.7f}")

# %%
# A mesh, and samples generated in place
# --------------------------------------
# :func:`jax.make_mesh` lays the devices out on one named axis, ``"d"``. The
# partition spec ``jax.P("d")`` splits the rows of the ``(n, 2)`` output along it,
# and :meth:`~bivnorm.BivariateNormal.sample` draws each block on its own device.
# Its ``Explicit`` axis type (the default since JAX 0.9) is spelled out.
mesh = jax.make_mesh((len(devices),), ("d",), (jax.sharding.AxisType.Explicit,))
rows = jax.NamedSharding(mesh, jax.P("d"))
key = jax.random.key(0)
xy = dist.sample(key, 10**6, sharding=rows)
print("rows per device:", [shard.data.shape[0] for shard in xy.addressable_shards])
print("same bits as one device:", np.array_equal(xy, dist.sample(key, 10**6)))

# %%
# Counting with ``shard_map`` and ``psum``
# ----------------------------------------
# :func:`jax.shard_map` runs a function once per device on its block (``in_specs``);
# ``out_specs`` says how the results fit together. ``count`` needs no communication:
# the counts stay split along ``"d"``. ``add_up`` is the one collective: ``lax.psum``
# adds them up, and every device holds the total (``jax.P()``). ``jax.pmap``, the
# older spelling, is in maintenance mode and itself runs on ``jit`` and ``shard_map``.


def inside(xy):
    x, y = xy[:, 0], xy[:, 1]
    return (x0 < x) & (x <= x1) & (y0 < y) & (y <= y1)


@jax.jit
@jax.shard_map(mesh=mesh, in_specs=jax.P("d"), out_specs=jax.P("d"))
def count(block):
    return jnp.sum(inside(block), dtype=jnp.int32)[None]


@jax.jit
@jax.shard_map(mesh=mesh, in_specs=jax.P("d"), out_specs=jax.P())
def add_up(counts):
    return lax.psum(counts[0], "d")


per_device = count(xy).block_until_ready()
print("per device:", np.asarray(per_device), "total:", int(add_up(per_device)))

# %%
# :math:`10^8` samples, counted where they are drawn
# --------------------------------------------------
# :math:`10^8` pairs would fill 0.8 GB at once. Instead, 48 chunks of
# :math:`2^{21}` pairs are drawn in turn, chunk :math:`i` from ``fold_in(key, i)``,
# each spread over the devices and counted there. The loop only queues the work;
# the counts are added up once, when every device is done.
CHUNK, CHUNKS = 2**21, 48
n = CHUNK * CHUNKS
hits = 0
for i in range(CHUNKS):
    hits = hits + count(dist.sample(jax.random.fold_in(key, i), CHUNK, sharding=rows))
hits = hits.block_until_ready()
estimate = int(add_up(hits)) / n
stderr = np.sqrt(exact * (1 - exact) / n)
print(f"n = {n:,}: estimate {estimate:.6f}, error {estimate - exact:+.6f}")
print(f"standard error {stderr:.6f}")

# %%
# Each device's share is an estimate of its own, from :math:`n / d` samples: they
# scatter within their wider band, and their mean is the estimate above.
share = np.asarray(hits) / (n / len(devices))
band = 2 * np.sqrt(exact * (1 - exact) / (n / len(devices)))
colors = bn.plotting.COLORS
fig, ax = plt.subplots(figsize=(6.2, 3.2), layout="constrained")
ax.axhspan(exact - band, exact + band, color=colors["orange"], alpha=0.3)
ax.axhline(exact, color=colors["vermillion"], lw=1.5, label="exact")
ax.plot(share, "o", color=colors["blue"], label="one device's estimate")
ax.set(xlabel="device", ylabel="estimate", xticks=range(len(share)))
ax.set(ylim=(exact - 2 * band, exact + 2 * band), title=r"exact $\pm$ 2 s.e. shaded")
fig.legend(loc="outside upper center", ncols=2, fontsize=8, frameon=False)

# %%
# On a cluster
# ------------
# Every process calls :func:`jax.distributed.initialize` first; then
# :func:`jax.devices` lists the devices of all hosts, the mesh spans them, each host
# draws and counts the blocks of its own devices, and ``psum`` adds across hosts.
# This page was built on one machine; no cluster run is shown.

# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.sample`
#      (with ``sharding=``), :meth:`~bivnorm.BivariateNormal.prob_rect`
#    - :func:`jax.make_mesh`, :func:`jax.shard_map`, :func:`jax.lax.psum`
#
# .. tags::
#
#    topic: jax, topic: sampling, topic: probability, level: advanced, needs: jax
