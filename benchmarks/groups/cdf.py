"""cdf against SciPy on 10^4 points, and on 10^6 points as a figure (float64)."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
from harness import PARAMS, figure_row, paired, paired_ratio, row, timed
from scipy.stats import multivariate_normal

import bivnorm as bn

X64 = True
ORDER = 20


def run(quick):
    """SciPy's cdf is a few microseconds a point: compared on 10^4 points only."""
    d = bn.BivariateNormal(*PARAMS)
    frozen = multivariate_normal(np.asarray(d.mean), np.asarray(d.cov))
    rng = np.random.default_rng(0)
    xy = rng.standard_normal((10**4, 2))
    x, y = jnp.asarray(xy[:, 0]), jnp.asarray(xy[:, 1])
    err = np.max(np.abs(np.asarray(d.cdf(x, y)) - frozen.cdf(xy)))
    ours, theirs = paired(
        lambda: d.cdf(x, y), lambda: frozen.cdf(xy), reps=7 if quick else 15
    )
    rows = [
        row(
            "cdf_1e4_f64",
            "cdf, 10^4 points, float64",
            "scipy.stats.multivariate_normal(...).cdf",
            ours,
            theirs,
            kind="speedup",
            goal=(">=", 10),
            note=f"JAX arrays in; max abs. difference to SciPy {err:.1e}",
        )
    ]
    # 10^6 points, the size of the pdf rows: a figure that other rows compare with.
    xs, ys = (
        jnp.asarray(rng.standard_normal(10**6)),
        jnp.asarray(rng.standard_normal(10**6)),
    )
    reps = 5 if quick else 9
    big = timed(lambda: d.cdf(xs, ys), reps=reps)
    rows.append(
        figure_row(
            "cdf_1e6_f64",
            "cdf, 10^6 points, float64",
            big["median"] * 1e3,
            "ms",
            goal=("<=", 600),
            note="JAX arrays in; median of back-to-back calls",
        )
    )
    # How many densities a distribution function costs.
    cdf, pdf = paired(lambda: d.cdf(xs, ys), lambda: d.pdf(xs, ys), reps=reps)
    info = {
        "cdf_1e6_f64_s": big["median"],
        "cdf_over_pdf_1e6_f64": paired_ratio(cdf, pdf, "fraction"),
    }
    return {"rows": rows, "info": info}
