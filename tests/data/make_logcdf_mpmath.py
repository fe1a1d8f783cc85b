"""Make ``logcdf_mpmath.json``: log P(X <= h, Y <= k) next to |rho| = 1, at 50 digits.

Run from the repository root (a few minutes)::

    python tests/data/make_logcdf_mpmath.py [count]
    python tests/data/make_logcdf_mpmath.py --closer [count]

Standardised points (unit variances) with |rho| = 1 - 10^-u, u uniform in
[1, 9]: the bulk, the ridge k ~ rho h, the sliver along the anti-diagonal
k ~ -h where rho -> -1 (a thin band, P far below Phi(h)), and the deep corner.
With ``--closer`` (``logcdf_mpmath_closer.json``): only the sliver, with u in
[9, 12] and the band's offset (k + h)/s in [0.02, 1], its hardest part.
Every input is stored as its repr (exact), log P as 30 digits. The reference is
``mp_log_phi2`` of tests/test_logcdf.py (the conditional integral, no
cancellation), run at 50 digits.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import mpmath as mp
import numpy as np

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))
import test_logcdf

SEED = 20261206


def _sliver(rng):
    """(h, k, r) in the thin band next to rho = -1, 1 - |rho| down to 1e-12."""
    r = -(1.0 - 10.0 ** -rng.uniform(9.0, 12.0))
    s = math.sqrt((1.0 - r) * (1.0 + r))
    h = rng.uniform(-35.0, 1.0)
    return float(h), float(-h + s * rng.uniform(0.02, 1.0)), r


def _point(rng):
    """(h, k, r): one of four kinds of hard points."""
    r = float(rng.choice([-1.0, 1.0]) * (1.0 - 10.0 ** -rng.uniform(1.0, 9.0)))
    s = math.sqrt((1.0 - r) * (1.0 + r))
    kind = rng.integers(4)
    if kind == 0:  # the bulk
        h, k = rng.normal(0.0, 3.0, 2)
    elif kind == 1:  # the ridge k ~ r h
        h = rng.uniform(-35.0, 5.0)
        k = r * h + s * rng.normal(0.0, 3.0)
    elif kind == 2:  # the anti-diagonal: a sliver when r -> -1
        r = -abs(r)
        s = math.sqrt((1.0 - r) * (1.0 + r))
        h = rng.uniform(-35.0, 1.0)
        k = -h + s * rng.uniform(0.05, 4.0)
    else:  # the deep corner
        h, k = -rng.uniform(0.0, 35.0, 2)
    return float(h), float(k), r


def main(count: int, closer: bool = False) -> None:
    test_logcdf.DPS = 50
    rng = np.random.default_rng(SEED + closer)
    rows = []
    while len(rows) < count:
        h, k, r = (_sliver if closer else _point)(rng)
        ref = test_logcdf.mp_log_phi2(h, k, r)
        if not mp.isfinite(ref):
            continue
        rows.append([repr(h), repr(k), repr(r), mp.nstr(ref, 30)])
    out = TESTS / "data" / f"logcdf_mpmath{'_closer' if closer else ''}.json"
    note = "log P(X<=h, Y<=k; rho) at 50 digits; see make_logcdf_mpmath.py"
    out.write_text(json.dumps({"note": note, "rows": rows}, indent=0) + "\n")


if __name__ == "__main__":
    closer = "--closer" in sys.argv[1:]
    numbers = [a for a in sys.argv[1:] if a != "--closer"]
    main(int(numbers[0]) if numbers else (400 if closer else 2000), closer)
