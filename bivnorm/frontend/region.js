// bivnorm/frontend/region.js: the numbers of a region, pure functions.
//
// A rectangle rect = [a, b, c, d] (edges may be +-Infinity, a < b, c < d):
// P(a < X < b, c < Y < d) by cdf.js (the port of bivnorm's prob_rect), the
// fraction of the drawn points inside with its 95 % Wilson interval. An
// interval [c, d] on a conditional slice: P(c < Y < d | X = x0) (or X | Y = y0)
// from the conditional normal law. Menu choices (quadrants and half-planes
// about the mean or the slices) are rectangles that follow the law.

import { prob_rect } from "./cdf.js";
import { conditional_x, conditional_y } from "./maths.js";
import { ndtr } from "./ndtr.js";

/** Phi^-1(0.975): the 95 % two-sided normal quantile. */
export const Z95 = 1.959963984540054;

/** The menu: value -> [label, rect of (d, x0, y0)]. */
export const CHOICES = {
  "upper-right": ["Quadrant X > μx, Y > μy", (d) => [d.mean_x, Infinity, d.mean_y, Infinity]],
  "upper-left": ["Quadrant X < μx, Y > μy", (d) => [-Infinity, d.mean_x, d.mean_y, Infinity]],
  "lower-left": ["Quadrant X < μx, Y < μy", (d) => [-Infinity, d.mean_x, -Infinity, d.mean_y]],
  "lower-right": ["Quadrant X > μx, Y < μy", (d) => [d.mean_x, Infinity, -Infinity, d.mean_y]],
  "left-x0": ["Half-plane X < x0", (d, x0) => [-Infinity, x0, -Infinity, Infinity]],
  "right-x0": ["Half-plane X > x0", (d, x0) => [x0, Infinity, -Infinity, Infinity]],
  "below-y0": ["Half-plane Y < y0", (d, x0, y0) => [-Infinity, Infinity, -Infinity, y0]],
  "above-y0": ["Half-plane Y > y0", (d, x0, y0) => [-Infinity, Infinity, y0, Infinity]],
  "box-1": ["Box μ ± 1σ", (d) => [d.mean_x - d.std_x, d.mean_x + d.std_x, d.mean_y - d.std_y, d.mean_y + d.std_y]],
  "box-2": ["Box μ ± 2σ", (d) => [d.mean_x - 2 * d.std_x, d.mean_x + 2 * d.std_x,
    d.mean_y - 2 * d.std_y, d.mean_y + 2 * d.std_y]],
};

/** "" when rect is [a, b, c, d] of numbers, none NaN, a < b, c < d; else why not. */
export function rectError(rect, size = 4) {
  if (!Array.isArray(rect) || rect.length !== size) return `must be an array of ${size} numbers`;
  for (const v of rect) if (typeof v !== "number" || Number.isNaN(v)) return `edges must be numbers, got ${String(v)}`;
  for (let i = 0; i < size; i += 2) {
    if (!(rect[i] < rect[i + 1])) return `each upper edge must exceed its lower edge, got ${rect[i]}, ${rect[i + 1]}`;
  }
  return "";
}

/** An edge typed by the user: a number, "inf", "-inf", "∞", or empty (infinite
 *  on its side: lower edges -Infinity, upper +Infinity); NaN if unreadable. */
export function parseEdge(text, upper) {
  const t = String(text).trim().toLowerCase().replace(/\u2212/g, "-").replace(/\s+/g, "");
  if (t === "") return upper ? Infinity : -Infinity;
  if (/^\+?(inf|infinity|∞)$/.test(t)) return Infinity;
  if (/^-(inf|infinity|∞)$/.test(t)) return -Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t) ? Number(t) : NaN;
}

/** An edge as text for its input: "" for an infinite one. */
export function edgeText(v) {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "";
}

/** An edge for a formula: -∞, ∞, or the number with 2 decimals. */
export function edgeLabel(v) {
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const text = v.toFixed(2);
  return (text === "-0.00" ? "0.00" : text).replace("-", "−");
}

/** A probability as shown: 4 decimals, or 4 significant digits below 0.001. */
export function probText(p) {
  if (!Number.isFinite(p)) return "–";
  if (p === 0) return "0";
  return p >= 0.001 ? p.toFixed(4) : p.toExponential(3);
}

/** The 95 % Wilson score interval of k successes in n trials. */
export function wilson(k, n, z = Z95) {
  if (!(n > 0)) return [NaN, NaN];
  const p = k / n, z2 = z * z, denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Points of xy[0:2n] strictly inside rect. */
export function countInside(xy, n, rect) {
  const [a, b, c, d] = rect;
  let k = 0;
  for (let i = 0; i < 2 * n; i += 2) {
    const x = xy[i], y = xy[i + 1];
    if (x > a && x < b && y > c && y < d) k += 1;
  }
  return k;
}

/** {rect, prob, fraction, ci, count, n} of rect under law d and the drawn points. */
export function regionStats(d, rect, xy, n) {
  const count = countInside(xy, n, rect);
  return {
    rect: rect.slice(), prob: prob_rect(d, rect[0], rect[1], rect[2], rect[3]),
    fraction: count / n, ci: wilson(count, n), count, n,
  };
}

/** P(lo < V < hi) for V ~ N(mean, std), without cancellation in either tail. */
export function normalInterval(mean, std, lo, hi) {
  const u = (lo - mean) / std, v = (hi - mean) / std;
  if (u > 0) return Math.max(0, ndtr(-u) - ndtr(-v));
  return Math.max(0, ndtr(v) - ndtr(u));
}

/** {given, at, interval, prob, mean, std}: P(c < Y < d | X = at) or (X | Y = at). */
export function conditionalInterval(d, given, at, interval) {
  const law = given === "y" ? conditional_x(d, at) : conditional_y(d, at);
  const prob = normalInterval(law.mean, law.std, interval[0], interval[1]);
  return { given, at, interval: interval.slice(), prob, mean: law.mean, std: law.std };
}

/** One sentence for the live region and the plot's text alternative. */
export function regionSentence(region, cond) {
  const parts = [];
  if (region) {
    const [a, b, c, d] = region.rect.map(edgeLabel);
    parts.push(`Region ${a} < X < ${b}, ${c} < Y < ${d}: probability ${probText(region.prob)}; ` +
      `${region.count} of ${region.n} points inside, ${probText(region.fraction)}, 95 % interval ` +
      `${probText(region.ci[0])} to ${probText(region.ci[1])}.`);
  }
  if (cond) parts.push(`${conditionalFormula(cond)} = ${probText(cond.prob)}.`);
  return parts.length ? ` ${parts.join(" ")}` : "";
}

/** "P(c < Y < d | X = x0)" with the numbers. */
export function conditionalFormula(cond) {
  const [lo, hi] = cond.interval.map(edgeLabel);
  const [v, w] = cond.given === "y" ? ["X", "Y"] : ["Y", "X"];
  return `P(${lo} < ${v} < ${hi} | ${w} = ${edgeLabel(cond.at)})`;
}

/** Hook check of {rect, interval, given} (own keys only): "" or the reason. */
export function regionError(values) {
  if (values === null || typeof values !== "object") return "";
  const own = (key) => Object.prototype.hasOwnProperty.call(values, key);
  if (own("rect") && values.rect !== null && rectError(values.rect)) return `rect ${rectError(values.rect)}`;
  if (own("interval") && values.interval !== null && rectError(values.interval, 2)) {
    return `interval ${rectError(values.interval, 2)}`;
  }
  if (own("given") && values.given !== "x" && values.given !== "y") return `given must be "x" or "y", got ${String(values.given)}`;
  return "";
}
