// The bivariate normal's CDF and rectangle probabilities, a port of bivnorm's
// bivnorm/_cdf.py (see its notes). Plain ES module; the normal's tails from ndtr.js.
//
// P(a < X <= b, c < Y <= d) is one integral of a log-concave function,
//   integral of phi(t) [Phi(U(t)) - Phi(L(t))] dt,
// over t = h (|rho| <= 1/sqrt 2, window of Z = (Y - rho h)/s), or over
// t = z = (k - rho h)/s (window of X, clamped to [h0, h1]): split at its kinks,
// each piece integrated in log space by Gauss-Legendre panels placed about its
// mode (bisection), so that far boxes keep their relative accuracy.

import { logWindow, NARROW } from "./ndtr.js";

export { logNdtr, ndtr } from "./ndtr.js";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const RHO_SWITCH = Math.SQRT1_2;
const DROP = 40;
const STEPS = 12;
const MODE_RANGE = 40;
const PANELS = 3;
const GL_T = [0.005299532504175031, 0.0277124884633837, 0.06718439880608412, 0.1222977958224985, 0.19106187779867811, 0.2709916111713863, 0.35919822461037054, 0.4524937450811813, 0.5475062549188188, 0.6408017753896295, 0.7290083888286136, 0.8089381222013219, 0.8777022041775016, 0.9328156011939159, 0.9722875115366163, 0.994700467495825];
const GL_W = [0.013576229705877029, 0.031126761969323888, 0.04757925584124645, 0.06231448562776697, 0.07479799440828841, 0.08457825969750128, 0.0913017075224618, 0.09472530522753424, 0.09472530522753424, 0.0913017075224618, 0.08457825969750128, 0.07479799440828841, 0.06231448562776697, 0.04757925584124645, 0.031126761969323888, 0.013576229705877029];

// -- the integrand -----------------------------------------------------------
function parts(s, u) {
  const t = s.anchor + u;
  const moveLo = s.alphaLo + s.beta * t;
  const moveHi = s.alphaHi + s.beta * t;
  const movingLo = moveLo > s.lo;
  const movingHi = moveHi < s.hi;
  const lo = movingLo ? moveLo : s.lo;
  const hi = movingHi ? moveHi : s.hi;
  const closeLo = Number.isFinite(s.zlo) ? s.slope * (u - s.zlo) : Infinity;
  const closeHi = Number.isFinite(s.zhi) ? s.slope * (s.zhi - u) : Infinity;
  const width = Math.max(
    Math.min(s.bothClamped, s.bothMoving, closeLo, closeHi),
    0,
  );
  return { t, lo, hi, width, movingLo, movingHi };
}

function logIntegrand(s, u) {
  const { t, lo, hi, width } = parts(s, u);
  if (!(width > 0)) return -Infinity;
  return -0.5 * t * t - LOG_SQRT_2PI + logWindow(lo, hi, width);
}

function density(x, logW) {
  return Number.isFinite(x) ? Math.exp(-0.5 * x * x - LOG_SQRT_2PI - logW) : 0;
}

function slopeOfLog(s, u) {
  const { t, lo, hi, width, movingLo, movingHi } = parts(s, u);
  if (!(width > 0)) return -t;
  const logW = logWindow(lo, hi, width);
  let slope =
    (movingHi ? s.beta * density(hi, logW) : 0) -
    (movingLo ? s.beta * density(lo, logW) : 0);
  const centre = 0.5 * lo + 0.5 * hi;
  if (movingLo && movingHi && 0.5 * width * (Math.abs(centre) + 1) <= NARROW) {
    slope = -s.beta * centre; // the two terms cancel: the window's mean
  }
  return -t + (Number.isFinite(slope) ? slope : 0);
}

function dropPoint(s, mode, bound) {
  const level = logIntegrand(s, mode) - DROP;
  let inside = mode;
  let outside = bound;
  for (let i = 0; i < STEPS; i += 1) {
    const mid = 0.5 * inside + 0.5 * outside;
    if (logIntegrand(s, mid) >= level) inside = mid;
    else outside = mid;
  }
  return outside;
}

/** Log-terms (log weight + log integrand) of one piece [start, stop]. */
function pieceTerms(s, start, stop, out) {
  if (!(start < stop)) return;
  let a = Math.max(start, -MODE_RANGE - s.anchor);
  let b = Math.min(stop, MODE_RANGE - s.anchor);
  b = Math.max(a, b);
  for (let i = 0; i < STEPS; i += 1) {
    const mid = 0.5 * a + 0.5 * b;
    if (slopeOfLog(s, mid) > 0) a = mid;
    else b = mid;
  }
  const mode = Math.min(Math.max(0.5 * a + 0.5 * b, start), stop);
  let sigma = slopeOfLog(s, mode);
  if (!Number.isFinite(sigma)) sigma = 0;
  const root = Math.sqrt(sigma * sigma + 2 * DROP);
  const left = sigma > 0 ? (2 * DROP) / (sigma + root) : root - sigma;
  const right = sigma < 0 ? (2 * DROP) / (root - sigma) : root + sigma;
  const first = dropPoint(s, mode, Math.max(start, mode - left));
  const last = dropPoint(s, mode, Math.min(stop, mode + right));
  for (const [lo, hi] of [[first, mode], [mode, last]]) {
    const span = hi - lo;
    if (!(span > 0)) continue;
    for (let p = 0; p < PANELS; p += 1) {
      for (let j = 0; j < GL_T.length; j += 1) {
        const u = lo + (span * (p + GL_T[j])) / PANELS;
        out.push(Math.log((span * GL_W[j]) / PANELS) + logIntegrand(s, u));
      }
    }
  }
}

function corner(h, k, r, root) {
  if (!(Number.isFinite(h) && Number.isFinite(k))) return (k - r * h) / root;
  const sign = r < 0 ? -1 : 1;
  return (k - sign * h + (sign - r) * h) / root; // no cancellation on the ridge
}

/** The integrand and the ends of its three pieces, as offsets. */
function stripOf(h0, h1, k0, k1, wh, wk, r) {
  const root = Math.sqrt((1 - r) * (1 + r));
  if (Math.abs(r) <= RHO_SWITCH) {
    let anchor = 0;
    let ends = [-Infinity, Infinity];
    if (Number.isFinite(h0)) [anchor, ends] = [h0, [0, wh]];
    else if (Number.isFinite(h1)) [anchor, ends] = [h1, [-Infinity, 0]];
    const strip = {
      lo: -Infinity, hi: Infinity, alphaLo: k0 / root, alphaHi: k1 / root,
      beta: -r / root, bothClamped: Infinity, bothMoving: wk / root,
      slope: Infinity, anchor, zlo: -Infinity, zhi: Infinity,
    };
    return [strip, [ends[0], ends[1], ends[1], ends[1]]];
  }
  const pos = r > 0;
  const ar = Math.abs(r);
  const zlo = corner(pos ? h1 : h0, k0, r, root);
  const zhi = corner(pos ? h0 : h1, k1, r, root);
  const acrossH = (ar * wh) / root;
  const acrossK = wk / root;
  const near = Math.min(acrossH, acrossK);
  const far = Math.max(acrossH, acrossK);
  const total = acrossH + acrossK;
  let anchor;
  let ends;
  if (Number.isFinite(zlo)) [anchor, ends] = [zlo, [0, near, far, total]];
  else if (Number.isFinite(zhi)) [anchor, ends] = [zhi, [-total, -far, -near, 0]];
  else {
    let kink = corner(pos ? h1 : h0, k1, r, root);
    if (!Number.isFinite(kink)) kink = corner(pos ? h0 : h1, k0, r, root);
    anchor = Number.isFinite(kink) ? kink : 0;
    ends = [-Infinity, 0, 0, Infinity];
  }
  const strip = {
    lo: h0, hi: h1, alphaLo: (pos ? k0 : k1) / r, alphaHi: (pos ? k1 : k0) / r,
    beta: -root / r, bothClamped: wh, bothMoving: wk / ar, slope: root / ar,
    anchor, zlo: ends[0], zhi: ends[3],
  };
  return [strip, ends];
}

/** log P(h0 < X <= h1, k0 < Y <= k1) for standard margins and correlation r. */
export function logProbRectStandard(h0, h1, k0, k1, wh, wk, r) {
  const [strip, ends] = stripOf(h0, h1, k0, k1, wh, wk, r);
  const terms = [];
  for (let i = 0; i < 3; i += 1) pieceTerms(strip, ends[i], ends[i + 1], terms);
  let top = -Infinity;
  for (const v of terms) top = Math.max(top, v);
  if (top === -Infinity) return -Infinity;
  let total = 0;
  for (const v of terms) total += Math.exp(v - top);
  return top + Math.log(total);
}

function standardInterval(lo, hi, mean, std) {
  const z = (v) => (Number.isFinite(v) ? (v - mean) / std : v);
  const width = Number.isFinite(lo) && Number.isFinite(hi) ? (hi - lo) / std : Infinity;
  return [z(lo), z(hi), width];
}

/**
 * P(a < X <= b, c < Y <= dd) for the law d = {mean_x, mean_y, std_x, std_y, rho}.
 * Edges may be +-Infinity; an empty box has probability 0; NaN for |rho| >= 1.
 */
export function prob_rect(d, a, b, c, dd) {
  const [h0, h1, wh] = standardInterval(a, b, d.mean_x, d.std_x);
  const [k0, k1, wk] = standardInterval(c, dd, d.mean_y, d.std_y);
  if ([h0, h1, k0, k1, d.rho].some(Number.isNaN)) return NaN;
  if (!(Math.abs(d.rho) < 1)) return NaN;
  if (!(h1 > h0 && k1 > k0 && wh > 0 && wk > 0)) return 0;
  const p = Math.exp(logProbRectStandard(h0, h1, k0, k1, wh, wk, d.rho));
  return Math.min(Math.max(p, 0), 1);
}

/** The joint CDF P(X <= x, Y <= y). */
export function cdf(d, x, y) {
  return prob_rect(d, -Infinity, x, -Infinity, y);
}
