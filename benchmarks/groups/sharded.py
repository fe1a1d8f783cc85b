"""sample over 1, 2, 4 and 8 virtual CPU devices, each count in its own process."""

from __future__ import annotations

import os

import jax
import numpy as np
from harness import PARAMS, in_child, timed
from jax.sharding import NamedSharding, PartitionSpec

import bivnorm as bn

X64 = False
ORDER = 40
N = 10**7


def run(quick):
    """The device count is fixed when JAX starts: one child process per count."""
    sharded, info = [], {}
    for devices in (1, 2, 4, 8):
        flags = f"--xla_force_host_platform_device_count={devices}"
        env = {"XLA_FLAGS": f"{os.environ.get('XLA_FLAGS', '')} {flags}".strip()}
        got = in_child(sample_sharded, quick, x64=False, env=env, devices=devices)
        got.pop("wall_seconds")
        sharded.append(got)
        info[f"sample_1e7_f32_{devices}_devices_s"] = got["seconds"]
    info["sample_sharded_equal_to_unsharded"] = all(
        s["equal_to_unsharded"] for s in sharded
    )
    return {"rows": [], "info": info, "sharded_sampling": sharded}


def sample_sharded(quick, devices):
    """Time per ``d.sample(key, N, sharding=...)`` over ``devices`` CPU devices."""
    del quick  # always 7 repetitions
    d = bn.BivariateNormal(*PARAMS)
    mesh = jax.make_mesh((devices,), ("i",))
    sharding = NamedSharding(mesh, PartitionSpec("i"))
    key = jax.random.key(0)
    ours = timed(lambda: d.sample(key, N, sharding=sharding), reps=7)
    small = np.asarray(d.sample(key, 4096, sharding=sharding))
    same = bool(np.array_equal(small, np.asarray(d.sample(key, 4096))))
    return {"devices": devices, "seconds": ours["median"], "equal_to_unsharded": same}
