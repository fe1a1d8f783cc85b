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

dist = bn.BivariateNormal(mean_x=0.5, mean_y=-0.3, std_x=1.2, std_y=0.8, rho=0.65)
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
# :math:`10^8` pairs would fill 0.8 GB at once. Instead, 48 chunks of
# :math:`2^{21}` pairs are drawn in turn, chunk :math:`i` from ``fold_in(key, i)``,
# each spread over the devices and counted there: reshaped to one block per
# device, the count of each block stays on its device, and only eight numbers per
# chunk leave them.
CHUNK, CHUNKS = 2**21, 48
n = CHUNK * CHUNKS


def inside(xy):
    x, y = xy[..., 0], xy[..., 1]
    return (x0 < x) & (x <= x1) & (y0 < y) & (y <= y1)


@jax.jit
def count(xy):
    """Points of each device's block inside the rectangle."""
    return jnp.sum(inside(xy.reshape(len(devices), -1, 2)), axis=1)


def chunk(i):
    return dist.sample(jax.random.fold_in(key, i), CHUNK, sharding=rows)


count(chunk(0)).block_until_ready()  # compile first, then time
start = time.perf_counter()
hits = sum(count(chunk(i)) for i in range(CHUNKS)).block_until_ready()
seconds = time.perf_counter() - start
estimate = int(hits.sum()) / n
stderr = np.sqrt(exact * (1 - exact) / n)
print(f"n = {n:,} samples in {seconds:.2f} s ({1e7 * seconds / n:.3f} s per 10^7)")
print(f"estimate {estimate:.6f}, error {estimate - exact:+.6f}, s.e. {stderr:.6f}")

# %%
# The same with ``pmap``
# ----------------------
# The older spelling maps a function over a leading axis of length the number of
# devices, one slice per device, where :func:`jax.jit` above let XLA split the
# work by the sharding of its input. On the blocks of the last chunk (handed over
# as a host array, which ``pmap`` splits itself) both give the same counts.
blocks = np.asarray(chunk(CHUNKS - 1)).reshape(len(devices), -1, 2)
count_pmap = jax.pmap(lambda block: jnp.sum(inside(block)))
same = np.array_equal(count_pmap(blocks), count(chunk(CHUNKS - 1)))
print("pmap counts equal the jit counts:", same)

# %%
# Each device's share is an estimate of its own, from :math:`n / d` samples: they
# scatter within their wider band, and their mean is the estimate above.
share = np.asarray(hits) / (n / len(devices))
band = 2 * np.sqrt(exact * (1 - exact) / (n / len(devices)))
fig, ax = plt.subplots(figsize=(6.5, 3.2))
band_label = r"exact $\pm$ 2 s.e. per device"
ax.axhspan(exact - band, exact + band, color="#E69F00", alpha=0.3, label=band_label)
ax.axhline(exact, color="#D55E00", lw=1.5, label="exact")
ax.plot(range(len(share)), share, "o", color="#0072B2", label="one device's estimate")
ax.set(xlabel="device", ylabel="estimate", xticks=range(len(share)))
ax.legend(
    loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=8, frameon=False
)
fig.tight_layout()

# %%
# On a cluster
# ------------
# Several machines are JAX's own business: every process calls
# :func:`jax.distributed.initialize` before touching a device (with the coordinator
# address, the number of processes and its own index, or with no arguments where
# the cluster manager, such as Slurm, provides them). :func:`jax.devices` then lists
# the devices of all hosts, :func:`jax.make_mesh` spans them, and every process
# runs this same program; each host draws and counts only the blocks of its own
# devices, and ``hits.sum()`` adds across hosts. As the draws are those of one
# device, the count is the same on one device, eight, or a cluster. This
# page was built on one machine with virtual devices; no cluster run is shown.
plt.show()
