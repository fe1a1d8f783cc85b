// bivnorm/frontend/project.js: the numbers of the projection view. For a unit
// direction u = (cos a, sin a), u^T X ~ Normal(u^T mu, u^T Sigma u); at the
// principal axes' angles u^T Sigma u is an eigenvalue of Sigma.

import { cov, principal_axes } from "./maths.js";

/** An angle in radians, kept as given in [-pi, pi], otherwise wrapped into it. */
export function wrapAngle(a) {
  if (Math.abs(a) <= Math.PI) return a;
  return a - 2 * Math.PI * Math.round(a / (2 * Math.PI));
}

/** The law of u^T X for u at angle a (radians): {mean, variance, std, u}. */
export function projection(d, a) {
  const ux = Math.cos(a), uy = Math.sin(a);
  const [[sxx, sxy], [, syy]] = cov(d);
  const variance = ux * ux * sxx + 2 * ux * uy * sxy + uy * uy * syy;
  return { mean: ux * d.mean_x + uy * d.mean_y, variance, std: Math.sqrt(variance), u: [ux, uy] };
}

/** u^T x of the first n points of xy (flat pairs). */
export function projected(xy, n, u) {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = u[0] * xy[2 * i] + u[1] * xy[2 * i + 1];
  return s;
}

/** Sample mean and standard deviation (over n) of s. */
export function sampleMoments(s) {
  let m = 0;
  for (const v of s) m += v;
  m /= s.length;
  let q = 0;
  for (const v of s) q += (v - m) * (v - m);
  return { mean: m, std: Math.sqrt(q / s.length) };
}

/** A density histogram of s over [lo, hi] in `bins` bins. */
export function histogram(s, lo, hi, bins) {
  const w = (hi - lo) / bins, dens = new Float64Array(bins);
  for (const v of s) {
    const b = Math.floor((v - lo) / w);
    if (b >= 0 && b < bins) dens[b] += 1;
  }
  for (let b = 0; b < bins; b++) dens[b] /= s.length * w;
  return { lo, w, dens };
}

/** The principal axes: [{name, angle (radians), degrees, variance}], major first. */
export function axes(d) {
  const [l1, l2, deg] = principal_axes(d);
  const minor = deg > 0 ? deg - 90 : deg + 90;
  return [
    { name: "major", degrees: deg, angle: (deg * Math.PI) / 180, variance: l1 },
    { name: "minor", degrees: minor, angle: (minor * Math.PI) / 180, variance: l2 },
  ];
}
