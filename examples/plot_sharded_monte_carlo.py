r"""
Sharded Monte Carlo: 10^8 samples over every device
===================================================

A Monte Carlo estimate of a rectangle probability from :math:`10^8` samples spread
over all the devices, against the exact value of
:meth:`~bivnorm.BivariateNormal.prob_rect`. JAX's random bits are partitionable:
each device draws its own block, and the numbers are bit for bit those of one
device, so the estimate does not depend on how many devices share the work. This
example needs JAX.
"""

# %%
# Devices and the exact value
# ---------------------------
# This site is built with eight virtual CPU devices
# (``XLA_FLAGS=--xla_force_host_platform_device_count=8``, set before JAX starts).
# On your machine :func:`jax.devices` lists what you have; nothing below changes.
import time

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
from jax.sharding import NamedSharding
from jax.sharding import PartitionSpec as P

import bivnorm as bn

devices = jax.devices()
print(f"{len(devices)} {devices[0].platform} devices")

params = {"mean_x": 0.5, "mean_y": -0.3, "std_x": 1.2, "std_y": 0.8, "rho": 0.65}
dist = bn.BivariateNormal(**params)
x0, x1, y0, y1 = 0.0, 2.0, -0.5, 0.8
# float32 is plenty here: the exact value is good to about 1e-7, far below the
# Monte Carlo standard error of 5e-5 at 10^8 samples.
exact = float(dist.prob_rect(x0, x1, y0, y1))
print(f"exact P({x0} < X <= {x1}, {y0} < Y <= {y1}) = {exact:.7f}")

# %%
# Samples generated in place
# --------------------------
# A :class:`~jax.sharding.NamedSharding` over a one-axis mesh splits the rows of the
# ``(n, 2)`` output; :meth:`~bivnorm.BivariateNormal.sample` draws each block on its
# device, and the result equals the single-device draw with the same key.
mesh = jax.make_mesh((len(devices),), ("d",))
rows = NamedSharding(mesh, P("d", None))
key = jax.random.key(0)
xy = dist.sample(key, 10**6, sharding=rows)
print("rows per device:", [shard.data.shape[0] for shard in xy.addressable_shards])
print("same bits as one device:", np.array_equal(xy, dist.sample(key, 10**6)))

# %%
# :math:`10^8` samples, counted where they are drawn
# ------------------------------------------------------
# :math:`10^8` pairs would fill 0.8 GB before a single one is counted. Instead,
# each device loops over chunks of :math:`2^{20}` pairs: chunk :math:`i` is drawn
# from ``fold_in(key, i)``, counted and dropped. With the chunk numbers sharded
# over the mesh, :func:`jax.jit` runs each device's rows of chunks on that device.
CHUNK = 2**20
per_device = -(-96 // len(devices))  # 96 chunks, rounded up to fill every device
chunk_ids = jnp.arange(per_device * len(devices)).reshape(len(devices), per_device)
n = chunk_ids.size * CHUNK


def count_chunk(dist, key, i):
    xy = dist.sample(jax.random.fold_in(key, i), CHUNK)
    x, y = xy[:, 0], xy[:, 1]
    return jnp.sum((x0 < x) & (x <= x1) & (y0 < y) & (y <= y1))


def count_row(dist, key, ids):
    return jnp.sum(jax.lax.map(lambda i: count_chunk(dist, key, i), ids))


count_sharded = jax.jit(jax.vmap(count_row, in_axes=(None, None, 0)))
ids = jax.device_put(chunk_ids, rows)
compiled = count_sharded.lower(dist, key, ids).compile()  # compile, do not run
start = time.perf_counter()
hits = compiled(dist, key, ids).block_until_ready()
seconds = time.perf_counter() - start
estimate = int(hits.sum()) / n
stderr = np.sqrt(exact * (1 - exact) / n)
print(f"n = {n:,} samples in {seconds:.2f} s ({1e7 * seconds / n:.3f} s per 10^7)")
print(
    f"estimate {estimate:.6f}, exact {exact:.6f}, error {estimate - exact:+.6f}, "
    f"standard error {stderr:.6f}"
)

# %%
# The same with ``pmap``
# ----------------------
# The older spelling maps over the leading axis, one slice per device. It gives
# the same counts, because each chunk's key depends only on its number (checked
# here on the first two chunks of every device, to keep the page quick).
first = chunk_ids[:, :2]
count_pmap = jax.pmap(count_row, in_axes=(None, None, 0))
hits_pmap = count_pmap(dist, key, first)
hits_jit = count_sharded(dist, key, jax.device_put(first, rows))
print("pmap counts equal the jit counts:", np.array_equal(hits_pmap, hits_jit))

# %%
# Each device's share is an estimate of its own, from :math:`n / d` samples: they
# scatter within their wider band, and their mean is the estimate above.
share = np.asarray(hits) / (per_device * CHUNK)
band = 2 * np.sqrt(exact * (1 - exact) / (per_device * CHUNK))
fig, ax = plt.subplots(figsize=(6.5, 3.2))
band_label = r"exact $\pm$ 2 s.e. per device"
ax.axhspan(exact - band, exact + band, color="#E69F00", alpha=0.3, label=band_label)
ax.axhline(exact, color="#D55E00", lw=1.5, label="exact")
ax.plot(range(len(share)), share, "o", color="#0072B2", label="one device's estimate")
ax.set(xlabel="device", ylabel="estimate", xticks=range(len(share)))
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()

# %%
# On a cluster
# ------------
# Several machines are JAX's own business: every process calls
# :func:`jax.distributed.initialize` before touching a device (with the coordinator
# address, the number of processes and its own index, or with no arguments where
# the cluster manager, such as Slurm, provides them). :func:`jax.devices` then lists
# the devices of all hosts, :func:`jax.make_mesh` spans them, and every process
# runs this same program; each host draws and counts only the chunks of its own
# devices, and ``hits.sum()`` adds across hosts. As each chunk's key depends only
# on its number, the count is the same on one device, eight, or a cluster. This
# page was built on one machine with virtual devices; no cluster run is shown.
plt.show()
