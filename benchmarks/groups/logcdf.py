"""logcdf on 10^6 points against cdf, the kernel it shares (float64)."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
from harness import PARAMS, paired, row

import bivnorm as bn

X64 = True
ORDER = 21


def run(quick):
    """The logarithm costs next to nothing over the probability: same kernel."""
    d = bn.BivariateNormal(*PARAMS)
    rng = np.random.default_rng(0)
    xs, ys = (jnp.asarray(rng.standard_normal(10**6)) for _ in range(2))
    err = float(jnp.max(jnp.abs(jnp.exp(d.logcdf(xs, ys)) - d.cdf(xs, ys))))
    ours, theirs = paired(
        lambda: d.logcdf(xs, ys), lambda: d.cdf(xs, ys), reps=5 if quick else 9
    )
    rows = [
        row(
            "logcdf_vs_cdf_1e6_f64",
            "logcdf vs cdf, 10^6 points",
            "bivnorm's own cdf",
            ours,
            theirs,
            kind="fraction",
            goal=("<=", 1.2),
            note=f"float64, JAX arrays in; exp(logcdf) differs from cdf by {err:.1e}",
        )
    ]
    return {"rows": rows, "info": {"exp_logcdf_max_abs_diff": err}}
