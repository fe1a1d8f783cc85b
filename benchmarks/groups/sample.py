"""sample against NumPy (float64) and against jax.random.normal alone (float32)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from harness import PARAMS, in_child, paired, paired_ratio, row, timed

import bivnorm as bn

X64 = True
ORDER = 30


def run(quick):
    """float64 here, float32 in a child process."""
    reps = 7 if quick else 13
    d = bn.BivariateNormal(*PARAMS)
    mean, cov = np.asarray(d.mean), np.asarray(d.cov)
    rng = np.random.default_rng(0)
    n = 10**6
    key = jax.random.key(0)
    ours, theirs = paired(
        lambda: d.sample(key, n),
        lambda: rng.multivariate_normal(mean, cov, n),
        reps=reps,
    )
    rows = [
        row(
            "sample_1e6_f64",
            "sample, 10^6 pairs, float64",
            "numpy default_rng().multivariate_normal",
            ours,
            theirs,
            kind="speedup",
            goal=(">=", 1.0),
            note="typed key passed in",
        )
    ]
    # What bounds the row: the generator (JAX's threefry bits, then erfinv).
    normal = jax.jit(lambda k: jax.random.normal(k, (n, 2), jnp.float64))
    uniform = jax.jit(lambda k: jax.random.uniform(k, (n, 2), jnp.float64))
    ceiling, ours = paired(lambda: normal(key), lambda: d.sample(key, n), reps=7)
    bits, ours = paired(lambda: uniform(key), lambda: d.sample(key, n), reps=7)
    info = {
        "jax_random_normal_2e6_f64_s": ceiling["median"],
        "jax_random_uniform_2e6_f64_s": bits["median"],
        "sample_over_uniform_1e6_f64": paired_ratio(ours, bits, "fraction"),
        # An int seed costs one more dispatch (jax.random.key) per call.
        "int_seed_key_creation_s": timed(lambda: jax.random.key(0), reps=201)["median"],
    }
    f32 = in_child(run_f32, quick, x64=False)
    return {"rows": rows + f32["rows"], "info": info}


def run_f32(quick):
    """float32: sampling against the generator ceiling, jax.random.normal alone."""
    d = bn.BivariateNormal(*PARAMS)
    m = 10**6
    key = jax.random.key(0)
    normal = jax.jit(lambda k: jax.random.normal(k, (m, 2), jnp.float32))
    ours, theirs = paired(
        lambda: d.sample(key, m), lambda: normal(key), reps=7 if quick else 15
    )
    floor = row(
        "sample_1e6_f32",
        "sample, 10^6 pairs, float32",
        "jax.random.normal of (10^6, 2) alone (the generator ceiling)",
        ours,
        theirs,
        kind="speedup",
        goal=(">=", 0.8),
        note="typed key passed in",
    )
    return {"rows": [floor]}
