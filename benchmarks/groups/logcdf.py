"""logcdf on 10^6 points against the cdf kernel it replaced (float64)."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
from harness import PARAMS, paired, row

import bivnorm as bn
from groups._previous_cdf import previous_cdf

X64 = True
ORDER = 21


def run(quick):
    """The previous cdf (Drezner-Wesolowsky/Genz, 52 nodes) is the reference."""
    d = bn.BivariateNormal(*PARAMS)
    params = jnp.stack(d.tree_flatten()[0])
    rng = np.random.default_rng(0)
    xs, ys = (jnp.asarray(rng.standard_normal(10**6)) for _ in range(2))
    err = float(jnp.max(jnp.abs(d.cdf(xs, ys) - previous_cdf(params, xs, ys))))
    reps = 5 if quick else 9
    rows = []
    for key, what, fn in (
        ("logcdf_vs_cdf_1e6_f64", "logcdf vs cdf, 10^6 points", d.logcdf),
        ("cdf_vs_previous_1e6_f64", "cdf vs the previous cdf, 10^6 points", d.cdf),
    ):
        ours, theirs = paired(
            lambda fn=fn: fn(xs, ys), lambda: previous_cdf(params, xs, ys), reps=reps
        )
        rows.append(
            row(
                key,
                what,
                "the cdf kernel before issue 13 (Drezner-Wesolowsky/Genz)",
                ours,
                theirs,
                kind="fraction",
                goal=("<=", 3),
                note=f"float64, JAX arrays in; cdf differs from it by {err:.1e} at most",
            )
        )
    return {"rows": rows, "info": {"previous_cdf_max_abs_diff": err}}
