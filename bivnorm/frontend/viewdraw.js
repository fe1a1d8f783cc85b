// bivnorm/frontend/viewdraw.js: the canvases of the whitening and projection
// views. Like draw.js, it paints numbers computed elsewhere (views.js) and
// never writes the state; sizes are CSS px, crisp at any devicePixelRatio.

import { COLORS, clip, fitCanvas, line, tickMarks } from "./draw.js";
import { maps, ticks } from "./scales.js";
import { LEVELS, RAMP, rampColor } from "./whiten.js";

const FONT = "12px system-ui, sans-serif";
const DASHES = [[], [7, 4], [2, 3]];
export const AXIS_COLOR = "#4b5563";

/** Data <-> pixel maps of `box` holding bounds {x: [lo, hi], y: [lo, hi]}, equal units. */
export function fitMaps(bounds, box) {
  const k = Math.min((box.x1 - box.x0) / (bounds.x[1] - bounds.x[0]),
    (box.y1 - box.y0) / (bounds.y[1] - bounds.y[0]));
  return maps({ cx: (bounds.x[0] + bounds.x[1]) / 2, cy: (bounds.y[0] + bounds.y[1]) / 2, k }, box);
}

function begin(canvas, size) {
  const dpr = fitCanvas(canvas, size.width, size.height);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.font = FONT;
  return { ctx, dpr };
}

function frameAndTicks(ctx, box, m, showY = true) {
  ctx.strokeStyle = COLORS.axes;
  ctx.fillStyle = COLORS.text;
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x0 + 0.5, box.y0 + 0.5, box.x1 - box.x0 - 1, box.y1 - box.y0 - 1);
  ctx.beginPath();
  // ticks within 6 px of a corner are left out (they would touch the frame)
  const inside = (to, lo, hi, t) => ({
    ...t, values: t.values.filter((v) => to(v) >= lo + 6 && to(v) <= hi - 6),
  });
  const tx = ticks(m.x[0], m.x[1], box.x1 - box.x0);
  tickMarks(ctx, "x", inside(m.sx, box.x0, box.x1, tx), m.sx, box.y1);
  if (showY) {
    const ty = ticks(m.y[0], m.y[1], box.y1 - box.y0);
    tickMarks(ctx, "y", inside(m.sy, box.y0, box.y1, ty), m.sy, box.x0);
  }
  ctx.stroke();
}

function label(ctx, text, x, y) {
  ctx.lineWidth = 3;
  ctx.strokeStyle = "#ffffff";
  ctx.strokeText(text, x, y);
  ctx.fillStyle = COLORS.text;
  ctx.fillText(text, x, y);
}

/** The whitening view: points coloured by d^2, the k-sigma ellipses labelled. */
export function drawWhitening(canvas, sc) {
  const { ctx, dpr } = begin(canvas, sc.size);
  const { box, m, pts, lv } = sc;
  frameAndTicks(ctx, box, m);
  clip(ctx, box);
  const top = RAMP.length - 1;
  let current = -1;
  const ox = m.sx(0) - 1.25, oy = m.sy(0) - 1.25, k = m.k;
  for (const i of sc.order) { // by colour level: one fillStyle per level
    if (lv[i] !== current) { current = lv[i]; ctx.fillStyle = rampColor((current / (LEVELS - 1)) * top); }
    ctx.fillRect(ox + pts[2 * i] * k, oy - pts[2 * i + 1] * k, 2.5, 2.5);
  }
  ctx.strokeStyle = COLORS.text;
  ctx.lineWidth = 1.8;
  sc.ellipses.forEach((e, i) => {
    ctx.setLineDash(DASHES[i]);
    line(ctx, e.xs, e.ys, m.sx, m.sy);
  });
  ctx.setLineDash([]);
  ctx.textAlign = "left";
  ctx.textBaseline = "bottom";
  for (const e of sc.ellipses) {
    const j = Math.round((e.xs.length - 1) / 8); // the point at 45 degrees of the circle
    label(ctx, `${e.k}σ: ${(100 * e.law).toFixed(1)} %`, m.sx(e.xs[j]) + 3, m.sy(e.ys[j]) - 2);
  }
  ctx.fillStyle = COLORS.text;
  ctx.beginPath();
  ctx.arc(m.sx(sc.center[0]), m.sy(sc.center[1]), 3.5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.restore();
  return dpr;
}

function arrow(ctx, m, from, to) {
  const x0 = m.sx(from[0]), y0 = m.sy(from[1]), x1 = m.sx(to[0]), y1 = m.sy(to[1]);
  const a = Math.atan2(y1 - y0, x1 - x0), h = 12;
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(x0, y0); ctx.lineTo(x1 - 0.6 * h * Math.cos(a), y1 - 0.6 * h * Math.sin(a));
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - h * Math.cos(a - 0.45), y1 - h * Math.sin(a - 0.45));
  ctx.lineTo(x1 - h * Math.cos(a + 0.45), y1 - h * Math.sin(a + 0.45));
  ctx.closePath();
  ctx.fill();
}

function projectionPlot(ctx, sc) {
  const { box, m, xy, n, proj, d } = sc, [ux, uy] = proj.u, far = 100 * (m.x[1] - m.x[0]);
  frameAndTicks(ctx, box, m);
  clip(ctx, box);
  ctx.fillStyle = COLORS.points;
  const ox = m.sx(0) - 1.1, oy = m.sy(0) - 1.1, k = m.k;
  for (let i = 0; i < 2 * n; i += 2) ctx.fillRect(ox + xy[i] * k, oy - xy[i + 1] * k, 2.2, 2.2);
  ctx.strokeStyle = AXIS_COLOR;
  ctx.lineWidth = 1.2;
  ctx.setLineDash([6, 4]);
  for (const ax of sc.axes) {
    const c = Math.cos(ax.angle), s = Math.sin(ax.angle);
    line(ctx, [d.mean_x - far * c, d.mean_x + far * c], [d.mean_y - far * s, d.mean_y + far * s], m.sx, m.sy);
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = COLORS.sliceX;
  ctx.lineWidth = 1.5;
  line(ctx, [d.mean_x - far * ux, d.mean_x + far * ux], [d.mean_y - far * uy, d.mean_y + far * uy], m.sx, m.sy);
  ctx.fillStyle = COLORS.sliceX;
  arrow(ctx, m, [d.mean_x, d.mean_y], sc.tip);
  ctx.textAlign = "left";
  ctx.textBaseline = "bottom";
  label(ctx, "u", m.sx(sc.tip[0]) + 8, m.sy(sc.tip[1]) - 4);
  ctx.restore();
}

function projectionHistogram(ctx, sc) {
  const { hbox: b, hm, hist, curve } = sc;
  ctx.fillStyle = COLORS.hist;
  hist.dens.forEach((v, i) => {
    const x0 = hm.sx(hist.lo + i * hist.w), x1 = hm.sx(hist.lo + (i + 1) * hist.w);
    ctx.fillRect(x0, hm.sy(v), x1 - x0, b.y1 - hm.sy(v));
  });
  ctx.strokeStyle = COLORS.pdf;
  ctx.lineWidth = 2;
  line(ctx, curve.xs, curve.ys, hm.sx, hm.sy);
  ctx.strokeStyle = COLORS.sliceX;
  ctx.lineWidth = 1.5;
  const mx = hm.sx(sc.proj.mean);
  line(ctx, [sc.proj.mean, sc.proj.mean], [0, curve.peak], hm.sx, hm.sy);
  const sy = hm.sy(curve.peak * Math.exp(-0.5));
  line(ctx, [sc.proj.mean - sc.proj.std, sc.proj.mean + sc.proj.std], [0, 0].map(() => curve.peak * Math.exp(-0.5)),
    hm.sx, hm.sy);
  ctx.textAlign = "left";
  ctx.textBaseline = "bottom";
  label(ctx, "±σ", hm.sx(sc.proj.mean + sc.proj.std) + 4, sy + 6);
  label(ctx, "uᵀμ", mx + 4, hm.sy(0.2 * curve.peak));
  label(ctx, "curve: N(uᵀμ, uᵀΣu); bars: the points", b.x0 + 6, b.y0 + 16);
}

/** The projection view: the points, the direction u, and the law of u^T X below. */
export function drawProjection(canvas, sc) {
  const { ctx, dpr } = begin(canvas, sc.size);
  projectionPlot(ctx, sc);
  frameAndTicks(ctx, sc.hbox, sc.hm, false);
  clip(ctx, sc.hbox);
  projectionHistogram(ctx, sc);
  ctx.restore();
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillStyle = COLORS.text;
  ctx.fillText("uᵀx", (sc.hbox.x0 + sc.hbox.x1) / 2, sc.size.height - 1);
  return dpr;
}
