"""The JS port of the bivariate normal CDF (bivnorm/frontend/cdf.js) in Chromium.

The module is served from its folder by ``http.server`` (no built site needed)
and imported by a page; its values are compared with 50-digit mpmath references
stored in ``tests/data/rect_mpmath.json`` (1,500 random laws and boxes, edges
10-40 standard deviations out, |rho| up to 0.999999, sigma_x / sigma_y up to 1e6)
and with ``BivariateNormal.prob_rect`` on more random laws and boxes. Goals
(issue 20): absolute error <= 1e-12, relative <= 1e-10 wherever P >= 1e-300.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from _chromium import serve

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "bivnorm" / "frontend"
DATA = ROOT / "tests" / "data" / "rect_mpmath.json"
ABS_TOL = 1e-12
REL_TOL = 1e-10
REL_FLOOR = 1e-300
KEYS = ("mean_x", "mean_y", "std_x", "std_y", "rho")


@pytest.fixture(scope="module")
def cdf_page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with serve(FRONTEND) as url:
        page.goto(f"{url}/")
        page.evaluate("async () => { window.cdfjs = await import('/cdf.js'); }")
        yield page
    assert not errors
    context.close()


def js_prob_rect(page, laws, boxes):
    """prob_rect(d, a, b, c, dd) of cdf.js on each law and box (infinities kept)."""
    rows = [
        [*map(float, law), *map(float, box)]
        for law, box in zip(laws, boxes, strict=True)
    ]
    return np.array(
        page.evaluate(
            """(rows) => rows.map((v) => window.cdfjs.prob_rect(
                {mean_x: v[0], mean_y: v[1], std_x: v[2], std_y: v[3], rho: v[4]},
                v[5], v[6], v[7], v[8])).map(String)""",
            rows,  # Playwright passes +-inf as +-Infinity
        ),
        dtype=float,
    )


def assert_close(got, ref, where):
    err = np.abs(got - ref)
    rel = np.where(ref >= REL_FLOOR, err / np.where(ref > 0, ref, 1.0), 0.0)
    worst = int(np.argmax(rel))
    assert rel[worst] <= REL_TOL, (rel[worst], where[worst], got[worst], ref[worst])
    worst = int(np.argmax(err))
    assert err[worst] <= ABS_TOL, (err[worst], where[worst], got[worst], ref[worst])


def stored():
    rows = json.loads(DATA.read_text())["rows"]
    laws = [[float(v) for v in row[:5]] for row in rows]
    boxes = [[float(v) for v in row[5:9]] for row in rows]
    return laws, boxes, np.array([float(row[9]) for row in rows])


def test_cdf_js_against_mpmath(cdf_page):
    laws, boxes, refs = stored()
    assert len(refs) >= 1000
    assert (refs >= REL_FLOOR).sum() >= 900
    got = js_prob_rect(cdf_page, laws, boxes)
    assert_close(got, refs, list(zip(laws, boxes, strict=True)))


def test_cdf_js_against_bivnorm_on_the_stored_boxes(cdf_page):
    """The 1,500 stored far boxes, against BivariateNormal.prob_rect (one batch)."""
    import bivnorm as bn

    laws, boxes, refs = stored()
    batch = np.array(laws).T
    ref = np.asarray(bn.BivariateNormal(*batch).prob_rect(*np.array(boxes).T), float)
    assert len(ref) >= 1000
    got = js_prob_rect(cdf_page, laws, boxes)
    assert_close(got, ref, list(zip(laws, boxes, strict=True)))
    # Both agree with mpmath: bivnorm's own prob_rect is not the weak side.
    assert_close(ref, refs, list(zip(laws, boxes, strict=True)))


def test_cdf_js_against_bivnorm(cdf_page):
    """More random laws and boxes, against BivariateNormal.prob_rect (NumPy path)."""
    import bivnorm as bn

    rng = np.random.default_rng(7)
    laws, boxes, refs = [], [], []
    for i in range(600):
        rho = [0.999999, -0.999999, 0.5, 0.0][i % 4] if i % 3 else rng.uniform(-1, 1)
        sx = 10.0 ** rng.uniform(-3, 3)
        sy = sx * 10.0 ** rng.choice([-6.0, 0.0, 6.0])
        law = [rng.normal(0, sx), rng.normal(0, sy), sx, sy, float(rho)]
        h = (
            rng.choice([-1, 1]) * rng.uniform(0, 40, 2)
            if i % 2
            else rng.normal(0, 2, 2)
        )
        w = 10.0 ** rng.uniform(-5, 1.5, 2)
        lim = [h[0] - w[0], h[0] + w[0], h[1] - w[1], h[1] + w[1]]
        lim = [
            -math.inf if j % 2 == 0 and rng.random() < 0.1 else v
            for j, v in enumerate(lim)
        ]
        lim = [
            math.inf if j % 2 == 1 and rng.random() < 0.1 else v
            for j, v in enumerate(lim)
        ]
        box = [
            law[0] + sx * lim[0],
            law[0] + sx * lim[1],
            law[1] + sy * lim[2],
            law[1] + sy * lim[3],
        ]
        laws.append(law)
        boxes.append(box)
        refs.append(float(bn.BivariateNormal(*law).prob_rect(*box)))
    got = js_prob_rect(cdf_page, laws, boxes)
    assert_close(got, np.array(refs), list(zip(laws, boxes, strict=True)))


def test_cdf_js_edges(cdf_page):
    law = {"mean_x": 1.0, "mean_y": -1.0, "std_x": 2.0, "std_y": 0.5, "rho": -0.6}
    out = cdf_page.evaluate(
        """(d) => {
            const m = window.cdfjs;
            return [
              m.prob_rect(d, -Infinity, Infinity, -Infinity, Infinity),
              m.prob_rect(d, 2, 1, -Infinity, Infinity),
              m.prob_rect(d, 0, 2, 1, 1),
              m.cdf(d, Infinity, Infinity),
              m.cdf(d, -Infinity, 0),
              m.cdf(d, 0.5, -1.2) - m.prob_rect(d, -Infinity, 0.5, -Infinity, -1.2),
              m.prob_rect({...d, rho: 1}, 0, 1, 0, 1),
            ].map(String);
        }""",
        law,
    )
    values = [float(v) for v in out]
    assert values[0] == pytest.approx(1.0, abs=1e-15)
    assert values[1:5] == [0.0, 0.0, 1.0, 0.0]
    assert values[5] == 0.0
    assert math.isnan(values[6])
