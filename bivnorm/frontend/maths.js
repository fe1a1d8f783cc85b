// bivnorm/frontend/maths.js: the twin of bivnorm's maths, in plain JavaScript.
//
// Pure functions under Python's names, each taking a law object
// d = {mean_x, mean_y, std_x, std_y, rho} first. Exact (to a few float64
// roundings) for every valid law, not only those the sliders reach. Each is
// computed with Python's operations in Python's order (bivnorm.bivariate), so
// that the twins agree to the last bits, not only to the accuracy of each.

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** Vertices of an ellipse, as BivariateNormal.ellipse(num=200). */
export const ELLIPSE_NUM = 200;
/** Fewest points BivariateNormal.fit takes. */
export const FIT_MIN = 2;

/** sqrt(1 - rho^2), formed as sqrt((1 - rho)(1 + rho)). */
function sqrt1mRho2(rho) {
  return Math.sqrt((1 - rho) * (1 + rho));
}

/** Covariance matrix [[sx^2, rho sx sy], [rho sx sy, sy^2]]. */
export function cov(d) {
  const c = d.rho * d.std_x * d.std_y;
  return [
    [d.std_x * d.std_x, c],
    [c, d.std_y * d.std_y],
  ];
}

/** Lower Cholesky factor: [[sx, 0], [rho sy, sy sqrt(1 - rho^2)]]. */
export function chol(d) {
  return [
    [d.std_x, 0],
    [d.rho * d.std_y, d.std_y * sqrt1mRho2(d.rho)],
  ];
}

/** mu + L z for the first n rows of z (flat [z0, z1, ...]) into out. */
export function unwhiten(d, z, n, out) {
  const [[a], [c, e]] = chol(d);
  const mx = d.mean_x, my = d.mean_y;
  for (let i = 0, k = 0; i < n; i++, k += 2) {
    const z0 = z[k], z1 = z[k + 1];
    out[k] = mx + z0 * a;
    out[k + 1] = my + z0 * c + z1 * e;
  }
  return out;
}

/** Density of a normal law {mean, std} at x, as Normal.pdf. */
export function pdf(normal, x) {
  const u = (x - normal.mean) / normal.std;
  return Math.exp(-0.5 * u * u - Math.log(normal.std) - LOG_SQRT_2PI);
}

/** Density of the bivariate law at (x, y), as BivariateNormal.pdf. */
export function pdf2(d, x, y) {
  const u = (x - d.mean_x) / d.std_x;
  const v = (y - d.mean_y) / d.std_y;
  const q = (1 - d.rho) * (1 + d.rho);
  const form = (u * u - 2 * d.rho * u * v + v * v) / q;
  return Math.exp(-0.5 * form - Math.log(d.std_x * d.std_y) - 0.5 * Math.log(q) - 2 * LOG_SQRT_2PI);
}

/** The law of X: {mean, std}. */
export function marginal_x(d) {
  return { mean: d.mean_x, std: d.std_x };
}

/** The law of Y: {mean, std}. */
export function marginal_y(d) {
  return { mean: d.mean_y, std: d.std_y };
}

/** The law of Y given X = x: N(mu_y + rho sy (x - mu_x) / sx, sy^2 (1 - rho^2)). */
export function conditional_y(d, x) {
  const mean = d.mean_y + (d.rho * d.std_y * (x - d.mean_x)) / d.std_x;
  return { mean, std: d.std_y * sqrt1mRho2(d.rho) };
}

/** The law of X given Y = y: N(mu_x + rho sx (y - mu_y) / sy, sx^2 (1 - rho^2)). */
export function conditional_x(d, y) {
  const mean = d.mean_x + (d.rho * d.std_x * (y - d.mean_y)) / d.std_y;
  return { mean, std: d.std_x * sqrt1mRho2(d.rho) };
}

/** Boundary of the region of probability prob, as BivariateNormal.ellipse:
 *  mu + L (r cos t, r sin t), t = linspace(0, 2 pi, num), the last point equal
 *  to the first; {xs, ys}. */
export function ellipse(d, prob, num = ELLIPSE_NUM) {
  const r = Math.sqrt(-2 * Math.log1p(-prob));
  const [[a], [c, e]] = chol(d);
  const xs = new Array(num), ys = new Array(num), step = (2 * Math.PI) / (num - 1);
  for (let i = 0; i < num - 1; i++) {
    const t = i * step;
    const z0 = r * Math.cos(t), z1 = r * Math.sin(t);
    xs[i] = d.mean_x + z0 * a;
    ys[i] = d.mean_y + z0 * c + z1 * e;
  }
  xs[num - 1] = xs[0];
  ys[num - 1] = ys[0];
  return { xs, ys };
}

/** [lambda1, lambda2, angle in degrees], as principal_axes(degrees=True). */
export function principal_axes(d) {
  const scale = Math.max(d.std_x, d.std_y);
  const a = d.std_x / scale, b = d.std_y / scale;
  const c = d.rho * a * b, diff = (a - b) * (a + b);
  const l1 = 0.5 * (a * a + b * b) + Math.hypot(0.5 * diff, c);
  const l2 = ((a * b) ** 2 * ((1 - d.rho) * (1 + d.rho))) / l1;
  let angle = 0.5 * Math.atan2(2 * c, diff);
  if (angle <= -Math.PI / 2) angle += Math.PI;
  return [l1 * scale * scale, l2 * scale * scale, (angle * 180) / Math.PI];
}

/** Means, standard deviations (over n) and correlation of flat pairs xy[0:2n]. */
export function moments(xy, n) {
  let mx = 0, my = 0;
  for (let k = 0; k < 2 * n; k += 2) { mx += xy[k]; my += xy[k + 1]; }
  mx /= n; my /= n;
  let sxx = 0, syy = 0, sxy = 0;
  for (let k = 0; k < 2 * n; k += 2) {
    const dx = xy[k] - mx, dy = xy[k + 1] - my;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
  }
  const std_x = Math.sqrt(sxx / n), std_y = Math.sqrt(syy / n);
  return { mean_x: mx, mean_y: my, std_x, std_y, rho: sxy / n / (std_x * std_y) };
}

/** Maximum-likelihood law of points [[x, y], ...], as BivariateNormal.fit;
 *  null for fewer than FIT_MIN points or points on one line. */
export function fit(points) {
  const n = points.length;
  if (n < FIT_MIN) return null;
  const m = moments(points.flat(), n);
  if (!(m.std_x > 0 && m.std_y > 0 && Math.abs(m.rho) < 1)) return null;
  return m;
}
