"""Helpers shared by the test modules (imported as ``_helpers``: pytest puts this
folder on ``sys.path``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]


def host(values) -> np.ndarray:
    """``values`` as a float64 NumPy array."""
    return np.asarray(values, dtype=np.float64)


def assert_close(actual, desired, *, rtol=0.0, atol=0.0):
    """|actual - desired| <= atol + rtol |desired| elementwise (array tolerances)."""
    actual = host(actual)
    desired = host(desired)
    assert actual.shape == np.broadcast_shapes(actual.shape, desired.shape)
    err = np.abs(actual - desired)
    bound = np.broadcast_to(atol + rtol * np.abs(desired), err.shape)
    bad = ~(err <= bound)
    if np.any(bad):
        i = np.unravel_index(
            np.argmax(np.where(bad, err / np.maximum(bound, 1e-300), 0)), err.shape
        )
        msg = (
            f"{bad.sum()} of {bad.size} mismatched; worst at {i}: actual "
            f"{actual[i]!r}, desired {np.broadcast_to(desired, err.shape)[i]!r}, "
            f"error {err[i]:.3g} > bound {bound[i]:.3g}"
        )
        raise AssertionError(msg)


def run_python(code: str, *, timeout: float = 300, **env) -> str:
    """Run ``code`` in a fresh interpreter on this checkout; its standard output.

    JAX's environment settings and ``BIVNORM_BACKEND`` are dropped, then ``env``
    is added. The process must exit with status 0.
    """
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JAX_")}
    environ.pop("BIVNORM_BACKEND", None)
    environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    environ.update(env)
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


# -- Hypothesis strategies, defined once ----------------------------------------------
# Every property test shares these settings: no database, fixed seeds.
SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=60)


def _decades(low: float, high: float):
    return st.floats(low, high).map(lambda t: 10.0**t)


def laws(mean=10.0, decades=1.0, rho=0.95):
    """Parameter tuples ``(mean_x, mean_y, std_x, std_y, rho)`` of valid laws."""
    return st.tuples(
        st.floats(-mean, mean),
        st.floats(-mean, mean),
        _decades(-decades, decades),
        _decades(-decades, decades),
        st.floats(-rho, rho),
    )


#: Laws that SciPy handles in float64.
MODERATE = laws()
#: |rho| up to 1 - 1e-6, standard deviations from 1e-8 to 1e8, means up to 1e6.
EXTREME = st.tuples(
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    _decades(-8, 8),
    _decades(-8, 8),
    st.one_of(
        st.sampled_from([0.999999, -0.999999, 0.0]), st.floats(-0.999999, 0.999999)
    ),
)
#: Means and standard deviations of univariate laws (no subnormal numbers: XLA
#: flushes them to zero on the CPU).
NORMAL_MEANS = st.floats(-1e3, 1e3, allow_subnormal=False)
NORMAL_STDS = st.floats(1e-3, 1e3)
