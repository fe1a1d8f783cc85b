// The standard normal's CDF, its log and log-windows, accurate far into the
// tails (erfc by a series near 0 and a continued fraction beyond): the part of
// bivnorm/_special.py that cdf.js needs. Plain ES module, no imports.

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
export const NARROW = 0.1;

// -- the normal's tails ------------------------------------------------------
/** exp(x^2) erfc(x) for x >= 2, by its continued fraction. */
function erfcxLarge(x) {
  let f = x;
  for (let n = 80; n >= 1; n -= 1) f = x + (n / 2) / f;
  return 1 / (Math.sqrt(Math.PI) * f);
}

/** erf(x) for 0 <= x < 2, by its series of positive terms. */
function erfSmall(x) {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && term > 1e-17 * sum; n += 1) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** log Phi(-|z|)... as [log of the smaller tail Phi(-|z|), that tail]. */
function logTail(z) {
  const x = Math.abs(z) / Math.SQRT2;
  if (x >= 2) {
    const log = Math.log(0.5 * erfcxLarge(x)) - x * x;
    return [log, Math.exp(log)];
  }
  const q = 0.5 * (1 - erfSmall(x));
  return [Math.log(q), q];
}

/** log Phi(z), finite for every finite z. */
export function logNdtr(z) {
  if (z === Infinity) return 0;
  if (z === -Infinity) return -Infinity;
  const [log, tail] = logTail(z);
  return z <= 0 ? log : Math.log1p(-tail);
}

/** Phi(z), accurate in the lower tail. */
export function ndtr(z) {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const [, tail] = logTail(z);
  return z <= 0 ? tail : 1 - tail;
}

function log1mexp(a) {
  return a < Math.LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a));
}

/** log(Phi(b) - Phi(a)) for a <= b, with width = b - a given accurately. */
export function logWindow(lo, hi, width) {
  if (!(width > 0)) return -Infinity;
  let a = lo;
  let b = hi;
  if (a + b > 0) [a, b] = [-hi, -lo];
  const m = 0.5 * a + 0.5 * b;
  const d = 0.5 * width;
  if (d * (Math.abs(m) + 1) <= NARROW) {
    const m2 = m * m;
    const d2 = d * d;
    const he2 = m2 - 1;
    const he4 = (m2 - 6) * m2 + 3;
    const he6 = ((m2 - 15) * m2 + 45) * m2 - 15;
    const he8 = (((m2 - 28) * m2 + 210) * m2 - 420) * m2 + 105;
    const series =
      1 + d2 * (he2 / 6 + d2 * (he4 / 120 + d2 * (he6 / 5040 + (d2 * he8) / 362880)));
    return Math.log(2 * d) - 0.5 * m2 - LOG_SQRT_2PI + Math.log(series);
  }
  const logB = logNdtr(b);
  const logA = logNdtr(a);
  return logB > logA ? logB + log1mexp(logB - logA) : -Infinity;
}
