"""Rectangle probabilities far out, against stored 50-digit mpmath values.

``tests/data/rect_mpmath.json`` holds 1,500 random laws and boxes (edges 10-40
standard deviations out, some infinite, along the ridge as |rho| -> 1,
sigma_x / sigma_y up to 1e6 either way) with their probabilities at 50 digits,
made by ``tests/data/make_rect_mpmath.py`` (seeded) from
``tests/_rect_reference.py``. Goals (issues 19 and 20): relative error <= 1e-10
wherever the probability is at least 1e-300, absolute <= 1e-12 everywhere.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest
from _rect_reference import rect_of_law

DATA = Path(__file__).with_name("data") / "rect_mpmath.json"
REL_TOL = 1e-10
ABS_TOL = 1e-12
REL_FLOOR = 1e-300


@functools.cache
def stored():
    rows = json.loads(DATA.read_text())["rows"]
    laws = np.array([[float(v) for v in row[:5]] for row in rows])
    boxes = np.array([[float(v) for v in row[5:9]] for row in rows])
    return laws, boxes, [mp.mpf(row[9]) for row in rows]


def errors(got, refs):
    with mp.workdps(50):
        err = [abs(mp.mpf(float(g)) - ref) for g, ref in zip(got, refs, strict=True)]
        rel = [
            e / ref if ref >= REL_FLOOR else mp.mpf(0)
            for e, ref in zip(err, refs, strict=True)
        ]
    return np.array([float(e) for e in err]), np.array([float(r) for r in rel])


def prob_rect_of_rows(bn, laws, boxes):
    """One batch of laws, one box each (a batch acts as its laws one by one)."""
    return np.asarray(bn.BivariateNormal(*laws.T).prob_rect(*boxes.T), dtype=float)


def test_stored_references_cover_far_tails():
    laws, boxes, refs = stored()
    assert len(refs) >= 1000
    representable = sum(ref >= REL_FLOOR for ref in refs)
    assert representable >= 900
    assert sum(REL_FLOOR <= ref < 1e-100 for ref in refs) >= 300
    assert np.max(np.abs(laws[:, 4])) == 0.999999
    ratio = laws[:, 2] / laws[:, 3]
    assert ratio.max() >= 1e5
    assert ratio.min() <= 1e-5
    assert np.isinf(boxes).any()


def test_stored_references_are_reproduced():
    """A sample of the stored values, recomputed here from the reference."""
    laws, boxes, refs = stored()
    for i in range(0, len(refs), 150):
        with mp.workdps(50):
            again = rect_of_law(tuple(laws[i]), tuple(boxes[i]))
            # mpmath picks the Gauss-Legendre degree by its own estimate: the
            # same integral agrees to ~1e-17 from one run to the next
            assert abs(again - refs[i]) <= mp.mpf(10) ** -15 * max(
                refs[i], mp.mpf(10) ** -300
            )


def test_prob_rect_of_far_boxes(bn):
    laws, boxes, refs = stored()
    got = prob_rect_of_rows(bn, laws, boxes)
    err, rel = errors(got, refs)
    worst = int(np.argmax(rel))
    assert rel[worst] <= REL_TOL, (rel[worst], laws[worst], boxes[worst])
    worst = int(np.argmax(err))
    assert err[worst] <= ABS_TOL, (err[worst], laws[worst], boxes[worst])


def test_prob_rect_of_the_reported_box(bn):
    """Issue 19: this box was 0 while a box of width 0.1 inside it gave 5.8e-92."""
    d = bn.BivariateNormal(rho=-0.9)
    got = float(d.prob_rect(-12.0, -11.5, 3.56, 4.06))
    inner = float(d.prob_rect(-11.8, -11.7, 3.7, 3.8))
    ref = rect_of_law((0.0, 0.0, 1.0, 1.0, -0.9), (-12.0, -11.5, 3.56, 4.06))
    assert got > inner > 0.0
    assert float(abs(mp.mpf(got) - ref) / ref) <= REL_TOL


@pytest.mark.parametrize("rho", [-0.999999, -0.9, 0.0, 0.9, 0.999999])
def test_prob_rect_near_singular_rho_in_one_call(bn, rho):
    """A batch of boxes on the ridge in one call, against the reference."""
    rng = np.random.default_rng(int(1e6 * (rho + 2)))
    h = rng.uniform(-30.0, 30.0, 20)
    s = np.sqrt((1 - rho) * (1 + rho))
    k = rho * h + s * rng.normal(0.0, 3.0, 20)
    wh, wk = 10.0 ** rng.uniform(-6, 0, 20), 10.0 ** rng.uniform(-6, 0, 20)
    box = (h - wh, h + wh, k - wk, k + wk)
    got = np.asarray(bn.BivariateNormal(rho=rho).prob_rect(*box))
    refs = [rect_of_law((0.0, 0.0, 1.0, 1.0, rho), b) for b in zip(*box, strict=True)]
    err, rel = errors(got, refs)
    assert rel.max() <= REL_TOL
    assert err.max() <= ABS_TOL


def test_logcdf_of_a_far_marginal_is_finite(bn):
    """Issue 19: log P(X <= -1e100) is -5e199, not -inf; log P(X <= -inf) is -inf."""
    d = bn.BivariateNormal()
    assert float(d.logcdf(-1e100, np.inf)) == pytest.approx(-5e199, rel=1e-14)
    assert float(d.logcdf(-np.inf, np.inf)) == -np.inf
    assert float(d.logcdf(-np.inf, 0.0)) == -np.inf


@pytest.mark.parametrize("z", [5.0, 8.3, 9.0, 15.0, 25.0, 37.0])
def test_normal_logcdf_next_to_one(bn, z):
    """Issue 19: log Phi(z) is -Phi(-z) to first order, not 0 past z ~ 8.3."""
    with mp.workdps(50):
        ref = mp.log1p(-mp.ncdf(-z))  # 1 - 1e-300 needs more than 50 digits
    for got in (
        bn.Normal(1.0, 2.0).logcdf(1.0 + 2.0 * z),
        bn.BivariateNormal(1.0, 0.0, 2.0, 1.0, 0.3).marginal_x().logcdf(1.0 + 2.0 * z),
        bn.BivariateNormal(rho=0.3).logcdf(z, np.inf),
    ):
        assert float(abs((mp.mpf(float(got)) - ref) / ref)) <= REL_TOL
