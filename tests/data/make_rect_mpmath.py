"""Make ``rect_mpmath.json``: far rectangle probabilities at 50 digits (mpmath).

Run from the repository root (a few minutes)::

    python tests/data/make_rect_mpmath.py [count]

Random laws (sigma_x / sigma_y up to 1e6 either way, |rho| up to 0.999999) and
boxes whose edges lie 10-40 standard deviations out (some infinite), along the
ridge y ~ rho x where |rho| -> 1, and some near the centre. Every number is
stored as its repr (exact; ``inf`` included); the probability as 25 digits.
The reference is ``tests/_rect_reference.py``.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import mpmath as mp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests._rect_reference import rect_of_law

SEED = 20261205
RHOS = (0.999999, -0.999999, 0.99999, -0.99999, 0.999, -0.999, 0.9, -0.9, 0.0)


def _law(rng):
    rho = RHOS[rng.integers(len(RHOS))] if rng.random() < 0.6 else rng.uniform(-1, 1)
    sx = 10.0 ** rng.uniform(-3, 3)
    ratio = 10.0 ** rng.choice([-6.0, 0.0, 6.0, rng.uniform(-6, 6)])
    sy = sx * ratio
    return (rng.normal(0, 10 * sx), rng.normal(0, 10 * sy), sx, sy, float(rho))


def _far(rng):
    return rng.choice([-1.0, 1.0]) * rng.uniform(10.0, 40.0)


def _standard_box(rng, rho):
    """A box in standardised units: far, on the ridge, a far quadrant, central."""
    kind = rng.integers(4)
    width = 10.0 ** rng.uniform(-6, 1.3, 2)
    if kind == 0:
        centre = np.array([_far(rng), _far(rng)])
    elif kind == 1:  # along the ridge, where |rho| -> 1 puts the mass
        h = _far(rng)
        s = math.sqrt((1 - rho) * (1 + rho))
        centre = np.array([h, rho * h + s * rng.normal(0.0, 4.0)])
    elif kind == 2:
        centre = np.array([_far(rng), rng.normal(0.0, 10.0)])
    else:
        centre = rng.normal(0.0, 3.0, 2)
    h0, h1 = centre[0] - width[0] / 2, centre[0] + width[0] / 2
    k0, k1 = centre[1] - width[1] / 2, centre[1] + width[1] / 2
    u = rng.random(4)
    h0 = -math.inf if u[0] < 0.15 else h0
    h1 = math.inf if u[1] < 0.15 else h1
    k0 = -math.inf if u[2] < 0.15 else k0
    k1 = math.inf if u[3] < 0.15 else k1
    return h0, h1, k0, k1


def cases(count):
    rng = np.random.default_rng(SEED)
    out = []
    for _ in range(count):
        law = _law(rng)
        mx, my, sx, sy, rho = law
        h0, h1, k0, k1 = _standard_box(rng, rho)
        box = (mx + sx * h0, mx + sx * h1, my + sy * k0, my + sy * k1)
        out.append((tuple(float(v) for v in law), tuple(float(v) for v in box)))
    return out


def main(count: int) -> None:
    rows = []
    for i, (law, box) in enumerate(cases(count)):
        p = rect_of_law(law, box)
        rows.append([*map(repr, law), *map(repr, box), mp.nstr(p, 25)])
        if i % 100 == 0:
            print(i, mp.nstr(p, 5), flush=True)
    path = Path(__file__).with_name("rect_mpmath.json")
    doc = {"seed": SEED, "dps": 50, "columns": "mx my sx sy rho x0 x1 y0 y1 P"}
    path.write_text(json.dumps({**doc, "rows": rows}, indent=0) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
