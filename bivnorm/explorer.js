// bivnorm/explorer.js: the front end of bivnorm.explorer(), one plain ES module.
//
// No build step, no framework, nothing fetched. It runs two ways:
//   * as anywidget's module: `render({model, el})`, with the traits of
//     bivnorm.Explorer (mean_x, mean_y, std_x, std_y, rho, n, x0, capacity and
//     _z, the standard normals as one float64 binary buffer);
//   * on a static page, with no kernel: Explorer.to_html() inlines this file as
//     a classic script (its `export` keywords dropped, wrapped in a function, so
//     that it runs as the page is parsed), with the state as JSON next to an
//     element; `renderStatic(id)` draws the explorer in that element.
//
// The maths is a twin of the Python package, with the same names: chol, cov,
// unwhiten, whiten, pdf, marginal_x, marginal_y, conditional_y, ellipse, fit,
// principal_axes, from_eigen. The standard normals z are drawn once in Python
// (BivariateNormal().sample(key, capacity)) and mapped here through mu + L z, as
// BivariateNormal.unwhiten does, so the points glide as the sliders move.
//
// Test hook, on the root element (class "bivnorm-explorer"):
//   el.bivnorm.set(values)  applies {mean_x, mean_y, std_x, std_y, rho, n, x0}
//       exactly as slider moves do (through the sliders, so clamped to their
//       ranges and snapped to their steps) and redraws before it returns.
//   el.bivnorm.state()  a plain object: the five parameters, n, x0, cov,
//       samples ([x, y] pairs, the points drawn), marginal_x and marginal_y
//       ({x: [...], pdf: [...]}, the drawn curves), ellipses ({"0.5", "0.9",
//       "0.99"}: polygons of [x, y]), regression ({slope, intercept}),
//       conditional ({x0, mean, std}), points (the clicked data), fit (the
//       maximum-likelihood law of the points, or null) and fit_ellipses.
//   el.bivnorm.addPoint(x, y), el.bivnorm.undo(), el.bivnorm.resetPoints(), and
//   el.bivnorm.pixel(x, y): the viewport coordinates of the data point (x, y).
// Each redraw records its duration in el.bivnorm.lastDrawMs; the first one
// sets the performance mark "bivnorm-explorer-drawn".

// -- the maths: a twin of bivnorm ---------------------------------------------

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
export const PROBS = [0.5, 0.9, 0.99];
export const PARAMS = ["mean_x", "mean_y", "std_x", "std_y", "rho"];

/** sqrt(1 - rho^2), formed as sqrt((1 - rho)(1 + rho)). */
function sqrt1mRho2(rho) {
  return Math.sqrt((1 - rho) * (1 + rho));
}

/** Lower Cholesky factor L of the covariance: [[sx, 0], [rho sy, sy sqrt(1-rho^2)]]. */
export function chol(d) {
  return [
    [d.std_x, 0],
    [d.rho * d.std_y, d.std_y * sqrt1mRho2(d.rho)],
  ];
}

/** Covariance matrix [[sx^2, rho sx sy], [rho sx sy, sy^2]]. */
export function cov(d) {
  const c = d.rho * d.std_x * d.std_y;
  return [
    [d.std_x * d.std_x, c],
    [c, d.std_y * d.std_y],
  ];
}

/** mu + L z for the first n rows of z (flat [z0, z1, z0, z1, ...]) into out. */
export function unwhiten(d, z, n, out) {
  const [[a, b], [c, e]] = chol(d);
  const mx = d.mean_x, my = d.mean_y;
  for (let i = 0, k = 0; i < n; i++, k += 2) {
    const z0 = z[k], z1 = z[k + 1];
    out[k] = mx + z0 * a + z1 * b;
    out[k + 1] = my + z0 * c + z1 * e;
  }
  return out;
}

/** L^{-1} ((x, y) - mu): standard normals when (x, y) follows d. */
export function whiten(d, x, y) {
  const u = (x - d.mean_x) / d.std_x;
  const v = (y - d.mean_y) / d.std_y;
  return [u, (v - d.rho * u) / sqrt1mRho2(d.rho)];
}

/** Density of a normal law {mean, std} at x, as Normal.pdf. */
export function pdf(normal, x) {
  const z = (x - normal.mean) / normal.std;
  return Math.exp(-0.5 * z * z - Math.log(normal.std) - LOG_SQRT_2PI);
}

/** The law of X: N(mu_x, sx^2). */
export function marginal_x(d) {
  return { mean: d.mean_x, std: d.std_x };
}

/** The law of Y: N(mu_y, sy^2). */
export function marginal_y(d) {
  return { mean: d.mean_y, std: d.std_y };
}

/** The law of Y given X = x: N(mu_y + rho sy (x - mu_x) / sx, sy^2 (1 - rho^2)). */
export function conditional_y(d, x) {
  const mean = d.mean_y + (d.rho * d.std_y * (x - d.mean_x)) / d.std_x;
  return { mean, std: d.std_y * sqrt1mRho2(d.rho) };
}

/** The regression line E[Y | X = x] = intercept + slope x. */
export function regression(d) {
  const slope = (d.rho * d.std_y) / d.std_x;
  return { slope, intercept: d.mean_y - slope * d.mean_x };
}

/** Boundary of the region of probability prob: mu + L (r cos t, r sin t),
 *  r^2 = -2 log(1 - prob), num points, the last equal to the first. */
export function ellipse(d, prob, num = 121) {
  const r = Math.sqrt(-2 * Math.log1p(-prob));
  const step = (2 * Math.PI) / (num - 1);
  const [[a, b], [c, e]] = chol(d);
  const pts = [];
  for (let i = 0; i < num - 1; i++) {
    const z0 = r * Math.cos(i * step), z1 = r * Math.sin(i * step);
    pts.push([d.mean_x + z0 * a + z1 * b, d.mean_y + z0 * c + z1 * e]);
  }
  pts.push(pts[0].slice());
  return pts;
}

/** Maximum-likelihood law of points [[x, y], ...] (mean, and covariance over n),
 *  as BivariateNormal.fit; null for fewer than 3 points or a singular fit. */
export function fit(points) {
  const n = points.length;
  if (n < 3) return null;
  let mx = 0, my = 0;
  for (const [x, y] of points) { mx += x; my += y; }
  mx /= n; my /= n;
  let sxx = 0, syy = 0, sxy = 0;
  for (const [x, y] of points) {
    const dx = x - mx, dy = y - my;
    sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
  }
  sxx /= n; syy /= n; sxy /= n;
  if (!(sxx > 0 && syy > 0)) return null;
  const std_x = Math.sqrt(sxx), std_y = Math.sqrt(syy);
  const rho = sxy / (std_x * std_y);
  if (!(Math.abs(rho) < 1 - 1e-9)) return null;
  return { mean_x: mx, mean_y: my, std_x, std_y, rho };
}

/** Eigenvalues of the covariance and the angle (degrees) of the first axis.
 * As BivariateNormal.principal_axes: the small eigenvalue is det / lambda1 with
 * det = (sx sy)^2 (1 - rho)(1 + rho), which does not cancel for a needle. */
export function principal_axes(std_x, std_y, rho) {
  const scale = Math.max(std_x, std_y), a = std_x / scale, b = std_y / scale;
  const c = rho * a * b, diff = (a - b) * (a + b);
  const l1 = 0.5 * (a * a + b * b) + Math.hypot(0.5 * diff, c);
  const l2 = ((a * b) ** 2 * ((1 - rho) * (1 + rho))) / l1;
  let angle = 0.5 * Math.atan2(2 * c, diff);
  if (angle <= -Math.PI / 2) angle += Math.PI;
  return [l1 * scale * scale, l2 * scale * scale, (angle * 180) / Math.PI];
}

/** Standard deviations and correlation from eigenvalues and an angle (degrees),
 * as BivariateNormal.from_eigen(..., degrees=True). */
export function from_eigen(lambda1, lambda2, angle) {
  const t = (angle * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
  const std_x = Math.sqrt(lambda1 * c * c + lambda2 * s * s);
  const std_y = Math.sqrt(lambda1 * s * s + lambda2 * c * c);
  return [std_x, std_y, ((lambda1 - lambda2) * c * s) / std_x / std_y];
}

// -- the controls ---------------------------------------------------------------

// Ranges and steps of the sliders: those of bivnorm.explorer.RANGES and STEPS.
// Inside them every law is valid (std > 0, |rho| < 1).
const VIEW = [-6, 6];
const SLIDERS = [
  { name: "mean_x", label: "μ<sub>x</sub>", min: -3, max: 3, step: 0.05 },
  { name: "mean_y", label: "μ<sub>y</sub>", min: -3, max: 3, step: 0.05 },
  { name: "std_x", label: "σ<sub>x</sub>", min: 0.2, max: 3, step: 0.05 },
  { name: "std_y", label: "σ<sub>y</sub>", min: 0.2, max: 3, step: 0.05 },
  { name: "rho", label: "ρ", min: -0.99, max: 0.99, step: 0.01 },
  { name: "n", label: "n", min: 1, max: 10000, step: 1 },
  { name: "x0", label: "x<sub>0</sub>", min: VIEW[0], max: VIEW[1], step: 0.05 },
];
const PRESETS = {
  independent: { mean_x: 0, mean_y: 0, std_x: 1, std_y: 1, rho: 0 },
  "strong positive": { mean_x: 0, mean_y: 0, std_x: 1, std_y: 1, rho: 0.9 },
  "strong negative": { mean_x: 0, mean_y: 0, std_x: 1, std_y: 1, rho: -0.9 },
  needle: { mean_x: 0, mean_y: 0, std_x: 2, std_y: 2, rho: 0.99 },
  "wide in x": { mean_x: 0, mean_y: 0, std_x: 2.5, std_y: 0.6, rho: 0 },
  "tilted, unequal": { mean_x: 0, mean_y: 0, std_x: 2, std_y: 0.8, rho: -0.6 },
  shifted: { mean_x: 2, mean_y: -1.5, std_x: 0.8, std_y: 1.2, rho: 0.4 },
};
const COLORS = {
  points: "rgba(31, 119, 180, 0.35)",
  hist: "rgba(31, 119, 180, 0.22)",
  pdf: "#1f4e79",
  ellipse: ["#ff7f0e", "#e6550d", "#a63603"],
  regression: "#2ca02c",
  slice: "#d62728",
  data: "#111",
  axes: "#444",
};
const CSS = `
.bivnorm-explorer { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start;
  font: 13px/1.35 system-ui, sans-serif; color: #222; background: #fff;
  padding: 8px; border: 1px solid #ddd; border-radius: 6px; max-width: 100%; }
.bivnorm-explorer canvas { max-width: 100%; height: auto; touch-action: none;
  cursor: crosshair; }
.bivnorm-explorer .bne-panel { flex: 1 1 240px; min-width: 230px; max-width: 300px; }
.bivnorm-explorer .bne-row { display: grid; grid-template-columns: 2.2em 1fr 3.6em;
  align-items: center; gap: 6px; margin: 2px 0; }
.bivnorm-explorer .bne-row input { width: 100%; margin: 0; }
.bivnorm-explorer output { font-variant-numeric: tabular-nums; text-align: right; }
.bivnorm-explorer button { font: inherit; margin: 2px 2px 2px 0; padding: 1px 6px;
  border: 1px solid #bbb; border-radius: 4px; background: #f6f6f6; color: #222;
  cursor: pointer; }
.bivnorm-explorer button:disabled { opacity: 0.5; cursor: default; }
.bivnorm-explorer .bne-readout { font-family: ui-monospace, monospace; font-size: 12px;
  white-space: pre; background: #f7f7f7; padding: 4px 6px; margin: 6px 0;
  border-radius: 4px; }
.bivnorm-explorer .bne-hint { color: #555; font-size: 12px; }
`;

function html(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.innerHTML = text;
  return node;
}

function fmt(value, digits = 2) {
  const text = value.toFixed(digits);
  return text === `-${(0).toFixed(digits)}` ? text.slice(1) : text;
}

function decimals(step) {
  return step >= 1 ? 0 : Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
}

// -- the figure -------------------------------------------------------------------

const SIZE = { width: 540, height: 534, left: 48, right: 86, top: 88, bottom: 40 };
const GAP = 6;
const BINS = 48;
const CURVE_POINTS = 201;

function layout() {
  const { width, height, left, right, top, bottom } = SIZE;
  const joint = { x0: left, x1: width - right - GAP, y0: top + GAP, y1: height - bottom };
  return {
    joint,
    top: { x0: joint.x0, x1: joint.x1, y0: 8, y1: top },
    right: { x0: joint.x1 + GAP, x1: width - 8, y0: joint.y0, y1: joint.y1 },
  };
}

function niceStep(span, count) {
  const raw = span / count, mag = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 5, 10].find((u) => u * mag >= raw);
  return unit * mag;
}

function grid(lo, hi, num) {
  const xs = new Array(num), step = (hi - lo) / (num - 1);
  for (let i = 0; i < num; i++) xs[i] = lo + i * step;
  xs[num - 1] = hi;
  return xs;
}

function histogram(values, offset, n, lo, hi, bins) {
  const counts = new Float64Array(bins), width = (hi - lo) / bins;
  for (let i = 0, k = offset; i < n; i++, k += 2) {
    const b = Math.floor((values[k] - lo) / width);
    if (b >= 0 && b < bins) counts[b] += 1;
  }
  for (let b = 0; b < bins; b++) counts[b] /= n * width; // a density, like the pdf
  return counts;
}

// -- one explorer -----------------------------------------------------------------

function mount(el, init, model) {
  const root = html("div", { class: "bivnorm-explorer", "data-lm-suppress-shortcuts": "true" });
  root.append(html("style", {}, CSS));
  const canvas = html("canvas", {
    role: "img",
    "aria-label": "Samples of the bivariate normal law with histograms, marginal " +
      "densities, ellipses, regression line and conditional slice",
  });
  const ctx = canvas.getContext("2d");
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  canvas.width = SIZE.width * dpr;
  canvas.height = SIZE.height * dpr;
  canvas.style.width = `${SIZE.width}px`;
  const panel = html("div", { class: "bne-panel" });
  root.append(canvas, panel);
  el.append(root);

  const capacity = init.capacity;
  const z = init.z;
  const xy = new Float64Array(2 * capacity);
  const s = {};
  for (const name of [...PARAMS, "n", "x0"]) s[name] = Number(init[name]);
  const points = [];
  const box = layout();
  let drawn = null; // the numbers of the last drawing, for state()
  let lastDrawMs = 0;
  let firstDraw = true;

  // Sliders: every one an <input type=range> named by its aria-label.
  const inputs = {}, outputs = {};
  for (const spec of SLIDERS) {
    const row = html("label", { class: "bne-row" });
    const max = spec.name === "n" ? capacity : spec.max;
    const input = html("input", {
      type: "range", min: spec.min, max, step: spec.step,
      "aria-label": spec.name, "data-lm-suppress-shortcuts": "true",
    });
    const out = html("output");
    row.append(html("span", {}, spec.label), input, out);
    panel.append(row);
    inputs[spec.name] = input;
    outputs[spec.name] = out;
    // JupyterLab binds arrow keys in command mode: keep them for the slider.
    input.addEventListener("keydown", (event) => event.stopPropagation());
    input.addEventListener("input", () => {
      stop();
      fromSliders([spec.name]);
    });
  }

  const readout = html("div", { class: "bne-readout", "aria-live": "polite" });
  const presets = html("div", { class: "bne-presets" });
  for (const [title, values] of Object.entries(PRESETS)) {
    const button = html("button", { type: "button" }, title);
    button.addEventListener("click", () => { stop(); set(values); });
    presets.append(button);
  }
  const actions = html("div", { class: "bne-actions" });
  const play = html("button", { type: "button", "aria-label": "play" }, "▶ play");
  const undo = html("button", { type: "button" }, "undo point");
  const reset = html("button", { type: "button" }, "reset points");
  actions.append(play, undo, reset);
  const hint = html("div", { class: "bne-hint" },
    "Click the plot to add data points (≥ 3 give a fitted ellipse, dashed); " +
    "drag the red line to move the slice x<sub>0</sub>.");
  panel.append(readout, html("div", { class: "bne-hint" }, "Presets"), presets, actions, hint);

  // -- state <-> sliders <-> model ---------------------------------------------

  function law() {
    return { mean_x: s.mean_x, mean_y: s.mean_y, std_x: s.std_x, std_y: s.std_y, rho: s.rho };
  }

  function showInputs(names) {
    for (const name of names) {
      const spec = SLIDERS.find((sp) => sp.name === name);
      inputs[name].value = String(s[name]);
      outputs[name].textContent = fmt(s[name], decimals(spec.step));
    }
  }

  // Read the named sliders (the browser has clamped and snapped them), draw, and
  // tell the kernel. Values received from the kernel never come through here.
  function fromSliders(names, { save = true } = {}) {
    for (const name of names) s[name] = Number(inputs[name].value);
    showInputs(names);
    draw();
    if (save && model) {
      // model.set fires our own change listeners at once: they must not read
      // the model back while later names still hold their old values.
      writing = true;
      try {
        for (const name of names) model.set(name, s[name]);
        model.save_changes();
      } finally {
        writing = false;
      }
    }
  }

  function set(values, options) {
    const names = Object.keys(values).filter((name) => name in inputs);
    for (const name of names) inputs[name].value = String(values[name]);
    fromSliders(names, options);
  }

  let writing = false;
  function fromModel() {
    if (writing) return; // our own model.set, already drawn
    for (const name of [...PARAMS, "n", "x0"]) s[name] = Number(model.get(name));
    showInputs([...PARAMS, "n", "x0"]);
    draw();
  }

  // -- drawing -------------------------------------------------------------------

  // Data <-> canvas coordinates of the joint axes (the marginal axes share them).
  const span = VIEW[1] - VIEW[0], j0 = box.joint;
  const sx = (x) => j0.x0 + ((x - VIEW[0]) / span) * (j0.x1 - j0.x0);
  const sy = (y) => j0.y1 - ((y - VIEW[0]) / span) * (j0.y1 - j0.y0);
  const dataX = (px) => VIEW[0] + ((px - j0.x0) / (j0.x1 - j0.x0)) * span;
  const dataY = (py) => VIEW[0] + ((j0.y1 - py) / (j0.y1 - j0.y0)) * span;

  function polyline(pts, toX, toY) {
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i ? ctx.lineTo(toX(x), toY(y)) : ctx.moveTo(toX(x), toY(y))));
    ctx.stroke();
  }

  function frame(b) {
    ctx.strokeStyle = COLORS.axes;
    ctx.lineWidth = 1;
    ctx.strokeRect(b.x0 + 0.5, b.y0 + 0.5, b.x1 - b.x0 - 1, b.y1 - b.y0 - 1);
  }

  function axes(densityTop, densityRight) {
    const j = box.joint;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, SIZE.width, SIZE.height);
    ctx.fillStyle = COLORS.axes;
    ctx.strokeStyle = COLORS.axes;
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.beginPath();
    for (let t = VIEW[0]; t <= VIEW[1]; t += 2) {
      ctx.moveTo(sx(t), j.y1); ctx.lineTo(sx(t), j.y1 + 4);
      ctx.moveTo(j.x0, sy(t)); ctx.lineTo(j.x0 - 4, sy(t));
      ctx.fillText(String(t), sx(t), j.y1 + 6);
    }
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let t = VIEW[0]; t <= VIEW[1]; t += 2) ctx.fillText(String(t), j.x0 - 6, sy(t));
    ctx.font = "13px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText("x", (j.x0 + j.x1) / 2, SIZE.height - 2);
    ctx.save();
    ctx.translate(12, (j.y0 + j.y1) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText("y", 0, 0);
    ctx.restore();
    // Density ticks: one labelled value on each marginal axis.
    ctx.font = "10px system-ui, sans-serif";
    const t = box.top, r = box.right;
    const stepTop = niceStep(densityTop, 2), stepRight = niceStep(densityRight, 2);
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ctx.beginPath();
    for (let v = stepTop; v < densityTop; v += stepTop) {
      const y = t.y1 - (v / densityTop) * (t.y1 - t.y0);
      ctx.moveTo(t.x0, y); ctx.lineTo(t.x0 - 3, y);
      ctx.fillText(fmt(v, decimals(stepTop)), t.x0 - 5, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (let v = stepRight; v < densityRight; v += stepRight) {
      const x = r.x0 + (v / densityRight) * (r.x1 - r.x0);
      ctx.moveTo(x, r.y1); ctx.lineTo(x, r.y1 + 3);
      ctx.fillText(fmt(v, decimals(stepRight)), x, r.y1 + 5);
    }
    ctx.stroke();
    ctx.textAlign = "left";
    ctx.fillText("p(x)", t.x1 + 8, t.y0 + 2);
    ctx.fillText("density", r.x0 + 2, r.y1 + 18);
  }

  function draw() {
    const start = performance.now();
    const d = law();
    const n = Math.min(capacity, Math.max(1, Math.round(s.n)));
    const j = box.joint, t = box.top, r = box.right;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    unwhiten(d, z, n, xy);

    const mx = marginal_x(d), my = marginal_y(d), cond = conditional_y(d, s.x0);
    const xs = grid(VIEW[0], VIEW[1], CURVE_POINTS);
    const px = xs.map((x) => pdf(mx, x));
    const py = xs.map((y) => pdf(my, y));
    const pc = xs.map((y) => pdf(cond, y));
    const hx = histogram(xy, 0, n, VIEW[0], VIEW[1], BINS);
    const hy = histogram(xy, 1, n, VIEW[0], VIEW[1], BINS);
    const peak = (arr) => arr.reduce((a, b) => Math.max(a, b), 0);
    const topMax = 1.1 * Math.max(peak(px), peak(hx), 1e-9);
    const rightMax = 1.1 * Math.max(peak(py), peak(hy), peak(pc), 1e-9);
    axes(topMax, rightMax);

    // Samples, clipped to the joint axes.
    ctx.save();
    ctx.beginPath();
    ctx.rect(j.x0, j.y0, j.x1 - j.x0, j.y1 - j.y0);
    ctx.clip();
    ctx.fillStyle = COLORS.points;
    const kx = (j.x1 - j.x0) / (VIEW[1] - VIEW[0]), ky = (j.y1 - j.y0) / (VIEW[1] - VIEW[0]);
    const ox = j.x0 - VIEW[0] * kx - 1, oy = j.y1 + VIEW[0] * ky - 1;
    for (let k = 0; k < 2 * n; k += 2) ctx.fillRect(ox + xy[k] * kx, oy - xy[k + 1] * ky, 2.2, 2.2);

    // Ellipses, regression line, conditional slice.
    const ellipses = {};
    ctx.lineWidth = 1.6;
    PROBS.forEach((p, i) => {
      ellipses[String(p)] = ellipse(d, p);
      ctx.strokeStyle = COLORS.ellipse[i];
      polyline(ellipses[String(p)], sx, sy);
    });
    const reg = regression(d);
    ctx.strokeStyle = COLORS.regression;
    ctx.setLineDash([6, 4]);
    const line = (x) => [x, reg.intercept + reg.slope * x];
    polyline([line(VIEW[0]), line(VIEW[1])], sx, sy);
    ctx.setLineDash([]);
    ctx.strokeStyle = COLORS.slice;
    ctx.lineWidth = 2;
    polyline([[s.x0, VIEW[0]], [s.x0, VIEW[1]]], sx, sy);
    ctx.fillStyle = COLORS.slice;
    ctx.beginPath();
    ctx.arc(sx(s.x0), sy(cond.mean), 4, 0, 2 * Math.PI);
    ctx.fill();

    // Clicked data and their maximum-likelihood ellipses.
    const fitted = fit(points);
    const fitEllipses = {};
    if (fitted) {
      ctx.strokeStyle = COLORS.data;
      ctx.lineWidth = 1.4;
      ctx.setLineDash([4, 3]);
      for (const p of PROBS) {
        fitEllipses[String(p)] = ellipse(fitted, p);
        polyline(fitEllipses[String(p)], sx, sy);
      }
      ctx.setLineDash([]);
    }
    ctx.fillStyle = "#fff";
    ctx.strokeStyle = COLORS.data;
    ctx.lineWidth = 1.5;
    for (const [x, y] of points) {
      ctx.beginPath();
      ctx.arc(sx(x), sy(y), 3.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
    frame(j);

    // Marginals: histograms of the samples and the true densities.
    const bw = (VIEW[1] - VIEW[0]) / BINS;
    const tx = (v) => t.y1 - (v / topMax) * (t.y1 - t.y0);
    const rx = (v) => r.x0 + (v / rightMax) * (r.x1 - r.x0);
    ctx.fillStyle = COLORS.hist;
    for (let b = 0; b < BINS; b++) {
      const lo = VIEW[0] + b * bw;
      ctx.fillRect(sx(lo), tx(hx[b]), sx(lo + bw) - sx(lo), t.y1 - tx(hx[b]));
      ctx.fillRect(r.x0, sy(lo + bw), rx(hy[b]) - r.x0, sy(lo) - sy(lo + bw));
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = COLORS.pdf;
    polyline(xs.map((x, i) => [x, px[i]]), sx, tx);
    polyline(xs.map((y, i) => [py[i], y]), rx, sy);
    ctx.strokeStyle = COLORS.slice;
    polyline(xs.map((y, i) => [pc[i], y]), rx, sy);
    frame(t);
    frame(r);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillStyle = COLORS.pdf;
    ctx.fillText("p(y)", r.x1 - 3, r.y0 + 3);
    ctx.fillStyle = COLORS.slice;
    ctx.fillText("p(y | x₀)", r.x1 - 3, r.y0 + 17);
    // Legend, on a white box so that no line crosses it.
    ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
    ctx.fillRect(j.x0 + 2, j.y0 + 2, 112, 32);
    ctx.textAlign = "left";
    PROBS.forEach((p, i) => {
      ctx.fillStyle = COLORS.ellipse[i];
      ctx.fillText(`${Math.round(p * 100)} %`, j.x0 + 6 + 36 * i, j.y0 + 5);
    });
    ctx.fillStyle = COLORS.regression;
    ctx.fillText("E[Y | X = x]", j.x0 + 6, j.y0 + 19);

    showReadout(d);
    drawn = { d, n, xs, px, py, ellipses, reg, cond, fitted, fitEllipses };
    lastDrawMs = performance.now() - start;
    if (firstDraw) {
      firstDraw = false;
      performance.mark("bivnorm-explorer-drawn");
    }
  }

  function showReadout(d) {
    const [[a, b], [, e]] = cov(d);
    const [l1, l2, angle] = principal_axes(d.std_x, d.std_y, d.rho);
    const w = (v) => fmt(v, 3).padStart(7);
    readout.textContent =
      `Σ = [[${w(a)}, ${w(b)}],\n     [${w(b)}, ${w(e)}]]\n` +
      `λ₁ = ${fmt(l1, 3)}, λ₂ = ${fmt(l2, 3)}\n` +
      `tilt θ = ${fmt(angle, 1)}°\n` +
      `E[Y | X = ${fmt(s.x0)}] = ${fmt(drawnCond(d).mean, 3)}`;
  }

  function drawnCond(d) {
    return conditional_y(d, s.x0);
  }

  // -- pointer: drag the slice, click to add data --------------------------------

  let drag = null;
  function toCanvas(event) {
    const rect = canvas.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) * SIZE.width) / rect.width,
      ((event.clientY - rect.top) * SIZE.height) / rect.height,
    ];
  }
  const inJoint = ([x, y]) => x >= j0.x0 && x <= j0.x1 && y >= j0.y0 && y <= j0.y1;
  const onSlice = ([x]) => Math.abs(x - sx(s.x0)) <= 7;
  canvas.addEventListener("pointerdown", (event) => {
    const at = toCanvas(event);
    if (!inJoint(at)) return;
    stop();
    drag = { start: at, slice: onSlice(at), moved: false };
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", (event) => {
    const at = toCanvas(event);
    canvas.style.cursor = inJoint(at) && onSlice(at) ? "ew-resize" : "crosshair";
    if (!drag) return;
    if (Math.hypot(at[0] - drag.start[0], at[1] - drag.start[1]) > 3) drag.moved = true;
    if (drag.slice) set({ x0: dataX(at[0]) });
  });
  canvas.addEventListener("pointerup", (event) => {
    if (!drag) return;
    const at = toCanvas(event);
    if (!drag.slice && !drag.moved && inJoint(at)) addPoint(dataX(at[0]), dataY(at[1]));
    drag = null;
  });
  canvas.addEventListener("pointercancel", () => { drag = null; });

  function addPoint(x, y) {
    points.push([x, y]);
    draw();
  }
  undo.addEventListener("click", () => { points.pop(); draw(); });
  reset.addEventListener("click", () => { points.length = 0; draw(); });

  // -- play: rho sweeps, then the covariance turns at fixed eigenvalues ----------

  const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  let frameId = null;
  function reducedMotion() {
    return Boolean(motion && motion.matches);
  }
  function syncMotion() {
    play.disabled = reducedMotion();
    play.title = play.disabled
      ? "Animation is off: the system asks for reduced motion"
      : "Animate ρ, then turn the covariance";
    if (play.disabled) stop();
  }
  if (motion && motion.addEventListener) motion.addEventListener("change", syncMotion);
  syncMotion();

  function stop() {
    if (frameId === null) return;
    cancelAnimationFrame(frameId);
    frameId = null;
    play.innerHTML = "▶ play";
    play.setAttribute("aria-label", "play");
    fromSliders(["std_x", "std_y", "rho"]); // the kernel learns where it stopped
  }

  function start() {
    if (reducedMotion()) return;
    const [l1, l2] = principal_axes(s.std_x, s.std_y, s.rho);
    // The eigenvalues of the law (kept within the sliders' reach), or a clear
    // ellipse when the law is nearly round.
    const [lambda1, lambda2] =
      l1 / Math.max(l2, 1e-9) < 2 ? [2.25, 0.25] : [Math.min(l1, 9), Math.max(l2, 0.04)];
    const phase0 = Math.asin(Math.max(-1, Math.min(1, s.rho / 0.95)));
    const t0 = performance.now();
    play.innerHTML = "■ stop";
    play.setAttribute("aria-label", "stop");
    const tick = (now) => {
      const t = ((now - t0) / 1000) % 12;
      if (t < 5) {
        // rho sweeps +-0.95 in 5 s, from where it was.
        set({ rho: 0.95 * Math.sin(phase0 + (2 * Math.PI * t) / 5) }, { save: false });
      } else {
        const angle = ((t - 5) / 7) * 180;
        const [std_x, std_y, rho] = from_eigen(lambda1, lambda2, angle);
        set({ std_x, std_y, rho }, { save: false });
      }
      frameId = requestAnimationFrame(tick);
    };
    frameId = requestAnimationFrame(tick);
  }
  play.addEventListener("click", () => (frameId === null ? start() : stop()));

  // -- the hook ------------------------------------------------------------------

  function state() {
    const { d, n, xs, px, py, ellipses, reg, cond, fitted, fitEllipses } = drawn;
    const samples = [];
    for (let k = 0; k < 2 * n; k += 2) samples.push([xy[k], xy[k + 1]]);
    return {
      ...d, n, x0: s.x0, cov: cov(d), axes: principal_axes(d.std_x, d.std_y, d.rho),
      samples,
      marginal_x: { x: xs.slice(), pdf: px.slice() },
      marginal_y: { x: xs.slice(), pdf: py.slice() },
      ellipses, regression: { ...reg },
      conditional: { x0: s.x0, mean: cond.mean, std: cond.std },
      points: points.map((p) => p.slice()), fit: fitted, fit_ellipses: fitEllipses,
      playing: frameId !== null,
    };
  }
  root.bivnorm = {
    set: (values) => { stop(); set(values); },
    state,
    addPoint,
    undo: () => { points.pop(); draw(); },
    resetPoints: () => { points.length = 0; draw(); },
    pixel: (x, y) => {
      const rect = canvas.getBoundingClientRect();
      return {
        x: rect.left + (sx(x) * rect.width) / SIZE.width,
        y: rect.top + (sy(y) * rect.height) / SIZE.height,
      };
    },
    get lastDrawMs() { return lastDrawMs; },
  };

  showInputs([...PARAMS, "n", "x0"]);
  draw();
  return { root, fromModel, stop, motion, syncMotion };
}

// -- entry points -------------------------------------------------------------------

function toFloat64(buffer) {
  // A DataView, an ArrayBuffer or a typed array: copied, so aligned.
  if (buffer instanceof ArrayBuffer) return new Float64Array(buffer.slice(0));
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new Float64Array(bytes.slice().buffer);
}

function fromBase64(text) {
  const raw = atob(text), bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}

/** anywidget's entry point; without a model, `state` holds the traits and z. */
export function render({ model, el, state }) {
  let init;
  if (model) {
    init = { z: toFloat64(model.get("_z")), capacity: model.get("capacity") };
    for (const name of [...PARAMS, "n", "x0"]) init[name] = model.get(name);
  } else {
    init = { ...state, z: state.z || fromBase64(state.z_b64) };
  }
  const ex = mount(el, init, model);
  if (!model) return () => ex.stop();
  const names = [...PARAMS, "n", "x0"];
  for (const name of names) model.on(`change:${name}`, ex.fromModel);
  return () => {
    ex.stop();
    for (const name of names) model.off(`change:${name}`, ex.fromModel);
    if (ex.motion && ex.motion.removeEventListener) {
      ex.motion.removeEventListener("change", ex.syncMotion);
    }
    ex.root.remove();
  };
}

/** The static page's entry point: the state is the JSON next to the element. */
export function renderStatic(id) {
  const el = document.getElementById(id);
  const state = JSON.parse(document.getElementById(`${id}-state`).textContent);
  return render({ el, state });
}

export default { render };
