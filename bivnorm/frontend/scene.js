// bivnorm/frontend/scene.js: the numbers of one drawing, computed from the
// state, the view and the density scales. draw.js paints them; the test hook
// reads them.

import { conditional_x, conditional_y, ellipse, fit, marginal_x, marginal_y, moments, pdf, unwhiten } from "./maths.js";
import { maps, ticks } from "./scales.js";

export const PROBS = [0.5, 0.9, 0.99];
const BINS = 48;
const CURVE_POINTS = 201;

function grid(lo, hi, num) {
  const xs = new Array(num), step = (hi - lo) / (num - 1);
  for (let i = 0; i < num; i++) xs[i] = lo + i * step;
  xs[num - 1] = hi;
  return xs;
}

function histogram(xy, offset, n, lo, w) {
  const counts = new Float64Array(BINS);
  for (let k = offset; k < 2 * n; k += 2) {
    const b = Math.floor((xy[k] - lo) / w);
    if (b >= 0 && b < BINS) counts[b] += 1;
  }
  for (let b = 0; b < BINS; b++) counts[b] /= n * w; // a density, like the pdf
  return counts;
}

/** Peaks of the curves in the top and right panels (what their scales hold). */
export function peaks(d) {
  const cx = conditional_x(d, d.mean_y), cy = conditional_y(d, d.mean_x);
  const top = Math.max(pdf(marginal_x(d), d.mean_x), pdf(cx, cx.mean));
  const right = Math.max(pdf(marginal_y(d), d.mean_y), pdf(cy, cy.mean));
  return { top, right };
}

function curvesOf(d, m, x0, y0) {
  const mx = marginal_x(d), my = marginal_y(d);
  const cy = conditional_y(d, x0), cx = conditional_x(d, y0);
  const x = grid(m.x[0], m.x[1], CURVE_POINTS), y = grid(m.y[0], m.y[1], CURVE_POINTS);
  return {
    x, y, cx, cy,
    px: x.map((v) => pdf(mx, v)), pcx: x.map((v) => pdf(cx, v)),
    py: y.map((v) => pdf(my, v)), pcy: y.map((v) => pdf(cy, v)),
  };
}

function densityAxis(top, px) {
  return { top, ticks: ticks(0, top / 1.02, px, 30) };
}

/** The ticks of [lo, hi] that are drawn: not within 8 px of the panel's ends. */
function axisTicks(lo, hi, to, a, b) {
  const t = ticks(lo, hi, Math.abs(b - a));
  const lo8 = Math.min(a, b) + 8, hi8 = Math.max(a, b) - 8;
  return { values: t.values.filter((v) => to(v) >= lo8 && to(v) <= hi8), digits: t.digits };
}

/** Everything one drawing needs. */
export function buildScene({ d, z, xy, n, x0, y0, points, view, box, densTop, densRight, cursor }) {
  unwhiten(d, z, n, xy);
  const m = maps(view, box.joint);
  const t = box.top, r = box.right;
  const dt = densityAxis(densTop, t.y1 - t.y0), dr = densityAxis(densRight, r.x1 - r.x0);
  const wx = (m.x[1] - m.x[0]) / BINS, wy = (m.y[1] - m.y[0]) / BINS;
  const fitted = fit(points);
  const slope = (d.rho * d.std_y) / d.std_x, slopeX = (d.rho * d.std_x) / d.std_y;
  return {
    d, xy, n, x0, y0, points, box, m, cursor, dt, dr, fitted,
    view: { x: m.x, y: m.y },
    tx: axisTicks(m.x[0], m.x[1], m.sx, box.joint.x0, box.joint.x1),
    ty: axisTicks(m.y[0], m.y[1], m.sy, box.joint.y0, box.joint.y1),
    grid: curvesOf(d, m, x0, y0),
    hist: {
      lo: { x: m.x[0], y: m.y[0] }, w: { x: wx, y: wy },
      x: histogram(xy, 0, n, m.x[0], wx), y: histogram(xy, 1, n, m.y[0], wy),
    },
    ellipses: PROBS.map((p) => ellipse(d, p)),
    fitEllipses: fitted ? PROBS.map((p) => ellipse(fitted, p)) : [],
    regY: (x) => d.mean_y + slope * (x - d.mean_x),
    regX: (y) => d.mean_x + slopeX * (y - d.mean_y),
    topY: (v) => t.y1 - (v / densTop) * (t.y1 - t.y0),
    rightX: (v) => r.x0 + (v / densRight) * (r.x1 - r.x0),
    stats: () => moments(xy, n),
  };
}
