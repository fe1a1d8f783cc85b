// bivnorm/frontend/whiten.js: the numbers of the whitening view. Stage 0 shows
// the standard normals z, stage 1 L z (L the Cholesky factor of Sigma), stage 2
// mu + L z, the map of bivnorm's unwhiten. A fractional stage t is the passage
// between two stages: p = A(t) z + b(t), exact at t = 0, 1, 2.

import { chol } from "./maths.js";

/** The k of the k-sigma ellipses drawn. */
export const KS = [1, 2, 3];
/** The stages' names, as their buttons show them. */
export const STAGES = ["z", "L z", "μ + L z"];
/** Colour stops of d^2 (0, 1, 4, 9: the k-sigma ellipses), each >= 3:1 on white. */
export const RAMP = [
  [0, [30, 58, 138]],
  [1, [15, 118, 110]],
  [4, [161, 98, 7]],
  [9, [185, 28, 28]],
];
export const LEVELS = 48;

/** The map of stage t in [0, 2]: {A, b}, p = b + A z. */
export function stageMap(d, t) {
  const [[a], [c, e]] = chol(d);
  if (t <= 1) {
    return { A: [[1 - t + t * a, 0], [t * c, 1 - t + t * e]], b: [0, 0] };
  }
  const s = t - 1;
  return { A: [[a, 0], [c, e]], b: [s * d.mean_x, s * d.mean_y] };
}

/** The first n points of z (flat pairs) at stage t, into out (as unwhiten at t = 2). */
export function stagePoints(d, z, n, t, out) {
  const { A: [[a, b], [c, e]], b: [bx, by] } = stageMap(d, t);
  for (let k = 0; k < 2 * n; k += 2) {
    const z0 = z[k], z1 = z[k + 1];
    out[k] = bx + (z0 * a + z1 * b);
    out[k + 1] = by + (z0 * c + z1 * e);
  }
  return out;
}

/** The k-sigma ellipse at stage t: the circle of radius k mapped; {xs, ys}. */
export function stageEllipse(d, t, k, num = 121) {
  const { A: [[a, b], [c, e]], b: [bx, by] } = stageMap(d, t);
  const xs = new Array(num), ys = new Array(num);
  for (let i = 0; i < num; i++) {
    const th = (2 * Math.PI * i) / (num - 1), z0 = k * Math.cos(th), z1 = k * Math.sin(th);
    xs[i] = bx + (z0 * a + z1 * b);
    ys[i] = by + (z0 * c + z1 * e);
  }
  return { xs, ys };
}

/** Squared Mahalanobis distances of the first n points: d^2 = |z|^2 at every stage. */
export function distances(z, n) {
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1];
  return q;
}

/** For each k: the law's coverage 1 - exp(-k^2 / 2) and the fraction of points inside. */
export function coverage(q) {
  return KS.map((k) => {
    let inside = 0;
    for (let i = 0; i < q.length; i++) if (q[i] <= k * k) inside++;
    return { k, law: -Math.expm1(-(k * k) / 2), fraction: q.length ? inside / q.length : NaN, inside };
  });
}

/** Position of d^2 on the colour scale, from 0 to RAMP.length - 1 (piecewise linear). */
export function rampPosition(q) {
  for (let i = 1; i < RAMP.length; i++) {
    if (q <= RAMP[i][0]) return i - 1 + (q - RAMP[i - 1][0]) / (RAMP[i][0] - RAMP[i - 1][0]);
  }
  return RAMP.length - 1;
}

/** The colour at position p of the scale, as an "rgb(...)" string. */
export function rampColor(p) {
  const i = Math.min(RAMP.length - 2, Math.floor(p)), f = p - i;
  const [, c0] = RAMP[i], [, c1] = RAMP[i + 1];
  const mix = c0.map((v, j) => Math.round(v + f * (c1[j] - v)));
  return `rgb(${mix.join(", ")})`;
}

/** The colour level (0 .. LEVELS - 1) of each distance. */
export function levels(q) {
  const out = new Uint8Array(q.length), top = RAMP.length - 1;
  for (let i = 0; i < q.length; i++) out[i] = Math.round((rampPosition(q[i]) / top) * (LEVELS - 1));
  return out;
}

/** Indices 0 .. n - 1 sorted by colour level (a counting sort). */
export function byLevel(lv) {
  const start = new Uint32Array(LEVELS + 1);
  for (const v of lv) start[v + 1]++;
  for (let i = 0; i < LEVELS; i++) start[i + 1] += start[i];
  const order = new Uint32Array(lv.length);
  for (let i = 0; i < lv.length; i++) order[start[lv[i]]++] = i;
  return order;
}
