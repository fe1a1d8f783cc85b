// bivnorm/frontend/draw.js: the canvas. It reads a scene (numbers already
// computed from the state) and never writes the state. Sizes are CSS px; the
// backing store follows devicePixelRatio at every draw, so zoom stays crisp.

/** Colours: text >= 4.5:1 and graphics >= 3:1 against the white background. */
export const COLORS = {
  points: "rgba(20, 60, 110, 0.6)",
  hist: "rgba(30, 64, 175, 0.16)",
  pdf: "#1e3a8a",
  ellipse: ["#b45309", "#c2410c", "#9a3412"],
  fit: "#111111",
  regY: "#15803d",
  regX: "#7e22ce",
  sliceX: "#b91c1c",
  sliceY: "#1d4ed8",
  axes: "#374151",
  text: "#1f2937",
};
const FONT = "12px system-ui, sans-serif";

/** Size the backing store for the current devicePixelRatio; returns the ratio. */
export function fitCanvas(canvas, width, height) {
  const dpr = Math.max(1, Math.min(4, window.devicePixelRatio || 1));
  const w = Math.round(width * dpr), h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return dpr;
}

/** Stroke the polyline through (xs, ys), mapped to px by toX and toY. */
export function line(ctx, xs, ys, toX, toY) {
  ctx.beginPath();
  for (let i = 0; i < xs.length; i++) {
    if (i) ctx.lineTo(toX(xs[i]), toY(ys[i]));
    else ctx.moveTo(toX(xs[i]), toY(ys[i]));
  }
  ctx.stroke();
}

function frame(ctx, b) {
  ctx.strokeStyle = COLORS.axes;
  ctx.lineWidth = 1;
  ctx.strokeRect(b.x0 + 0.5, b.y0 + 0.5, b.x1 - b.x0 - 1, b.y1 - b.y0 - 1);
}

/** ctx.save(), then clip to the box b; the caller restores. */
export function clip(ctx, b) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
  ctx.clip();
}

/** Ticks `len` px long with labels, below the edge at `edge` (side "x") or left of
 * it (side "y"); `at` maps a value to px. The caller begins and strokes the path. */
export function tickMarks(ctx, side, ticks, at, edge, len = 4) {
  const across = side === "x";
  ctx.textAlign = across ? "center" : "right";
  ctx.textBaseline = across ? "top" : "middle";
  for (const v of ticks.values) {
    const p = at(v), text = v.toFixed(ticks.digits);
    const [x, y, dx, dy] = across ? [p, edge, 0, len] : [edge, p, -len, 0];
    ctx.moveTo(x, y); ctx.lineTo(x + dx, y + dy);
    ctx.fillText(text, x + dx * (1 + 2 / len), y + dy * (1 + 2 / len));
  }
}

function axisTicks(ctx, sc) {
  const { box, m, tx, ty } = sc, j = box.joint;
  ctx.fillStyle = COLORS.text;
  ctx.strokeStyle = COLORS.axes;
  ctx.font = FONT;
  ctx.beginPath();
  tickMarks(ctx, "x", tx, m.sx, j.y1);
  tickMarks(ctx, "y", ty, m.sy, j.x0);
  ctx.stroke();
  ctx.font = "13px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText("x", (j.x0 + j.x1) / 2, box.height - 1);
  ctx.save();
  ctx.translate(9, (j.y0 + j.y1) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText("y", 0, 0);
  ctx.restore();
}

function densityTicks(ctx, sc) {
  const { box, dt, dr } = sc;
  ctx.font = FONT;
  ctx.fillStyle = COLORS.text;
  ctx.beginPath();
  tickMarks(ctx, "y", dt.ticks, sc.topY, box.top.x0, 3);
  tickMarks(ctx, "x", dr.ticks, sc.rightX, box.right.y1, 3);
  ctx.stroke();
}

// Many points: counted per device pixel and painted as one image, with the
// colour that overlapping translucent squares would give (1 - (1 - a)^count).
const RASTER_FROM = 20000;
const LUT = new Uint32Array(256);
for (let c = 1; c < 256; c++) {
  const alpha = Math.round(255 * (1 - 0.4 ** c));
  LUT[c] = ((alpha << 24) | (110 << 16) | (60 << 8) | 20) >>> 0;
}
let raster = null;

function rasterFor(w, h) {
  if (!raster || raster.w !== w || raster.h !== h) {
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const img = new ImageData(w, h);
    raster = { w, h, canvas, ctx: canvas.getContext("2d"), img, counts: new Uint8Array(w * h),
      pixels: new Uint32Array(img.data.buffer) };
  }
  return raster;
}

function pointsRaster(ctx, sc, dpr) {
  const { xy, n, m } = sc, j = sc.box.joint;
  const r = rasterFor(Math.ceil((j.x1 - j.x0) * dpr), Math.ceil((j.y1 - j.y0) * dpr));
  const { w, h, counts, pixels } = r, size = Math.max(1, Math.round(1.5 * dpr));
  counts.fill(0);
  const k = m.k * dpr, ox = (m.sx(0) - j.x0) * dpr, oy = (m.sy(0) - j.y0) * dpr;
  for (let i = 0; i < 2 * n; i += 2) {
    const px = Math.floor(ox + xy[i] * k), py = Math.floor(oy - xy[i + 1] * k);
    if (px < 0 || py < 0 || px > w - size || py > h - size) continue;
    for (let dy = 0; dy < size; dy++) {
      for (let q = (py + dy) * w + px, e = q + size; q < e; q++) if (counts[q] < 255) counts[q]++;
    }
  }
  for (let q = 0; q < counts.length; q++) pixels[q] = LUT[counts[q]];
  r.ctx.putImageData(r.img, 0, 0);
  ctx.drawImage(r.canvas, j.x0, j.y0, w / dpr, h / dpr);
}

function points(ctx, sc, dpr) {
  const { xy, n, m } = sc;
  if (n >= RASTER_FROM) return pointsRaster(ctx, sc, dpr);
  ctx.fillStyle = COLORS.points;
  const size = 2.2, half = size / 2;
  const ox = m.sx(0) - half, oy = m.sy(0) - half, k = m.k;
  for (let i = 0; i < 2 * n; i += 2) ctx.fillRect(ox + xy[i] * k, oy - xy[i + 1] * k, size, size);
}

function curves(ctx, sc) {
  const { m, ellipses, fitEllipses, view } = sc;
  ctx.lineWidth = 1.8;
  ellipses.forEach((e, i) => { ctx.strokeStyle = COLORS.ellipse[i]; line(ctx, e.xs, e.ys, m.sx, m.sy); });
  ctx.setLineDash([5, 4]);
  ctx.strokeStyle = COLORS.fit;
  for (const e of fitEllipses) line(ctx, e.xs, e.ys, m.sx, m.sy);
  ctx.lineWidth = 1.6;
  ctx.setLineDash([8, 4]);
  ctx.strokeStyle = COLORS.regY;
  const [xa, xb] = view.x, [ya, yb] = view.y;
  line(ctx, [xa, xb], [sc.regY(xa), sc.regY(xb)], m.sx, m.sy);
  ctx.setLineDash([2, 3]);
  ctx.strokeStyle = COLORS.regX;
  line(ctx, [sc.regX(ya), sc.regX(yb)], [ya, yb], m.sx, m.sy);
  ctx.setLineDash([]);
  ctx.lineWidth = 2;
  ctx.strokeStyle = COLORS.sliceX;
  line(ctx, [sc.x0, sc.x0], [ya, yb], m.sx, m.sy);
  ctx.strokeStyle = COLORS.sliceY;
  line(ctx, [xa, xb], [sc.y0, sc.y0], m.sx, m.sy);
}

function marks(ctx, sc) {
  const { m } = sc;
  ctx.lineWidth = 2;
  ctx.fillStyle = "#ffffff";
  ctx.strokeStyle = COLORS.text;
  ctx.beginPath();
  ctx.arc(m.sx(sc.x0), m.sy(sc.y0), 7, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
  ctx.lineWidth = 1.5;
  for (const [x, y] of sc.points) {
    ctx.beginPath();
    ctx.arc(m.sx(x), m.sy(y), 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  if (sc.cursor) {
    const cx = m.sx(sc.cursor[0]), cy = m.sy(sc.cursor[1]);
    ctx.strokeStyle = "#000000";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(cx - 10, cy); ctx.lineTo(cx - 3, cy); ctx.moveTo(cx + 3, cy); ctx.lineTo(cx + 10, cy);
    ctx.moveTo(cx, cy - 10); ctx.lineTo(cx, cy - 3); ctx.moveTo(cx, cy + 3); ctx.lineTo(cx, cy + 10);
    ctx.stroke();
  }
}

function marginals(ctx, sc) {
  const { box, m, hist, grid } = sc, t = box.top, r = box.right;
  ctx.fillStyle = COLORS.hist;
  for (let b = 0; b < hist.x.length; b++) {
    const x0 = m.sx(hist.lo.x + b * hist.w.x), x1 = m.sx(hist.lo.x + (b + 1) * hist.w.x);
    ctx.fillRect(x0, sc.topY(hist.x[b]), x1 - x0, t.y1 - sc.topY(hist.x[b]));
    const y0 = m.sy(hist.lo.y + b * hist.w.y), y1 = m.sy(hist.lo.y + (b + 1) * hist.w.y);
    ctx.fillRect(r.x0, y1, sc.rightX(hist.y[b]) - r.x0, y0 - y1);
  }
  ctx.lineWidth = 2;
  curvesIn(ctx, t, m.sx, sc.topY, [
    [COLORS.pdf, grid.x, grid.px], [COLORS.sliceY, grid.x, grid.pcx],
  ]);
  curvesIn(ctx, r, sc.rightX, m.sy, [
    [COLORS.pdf, grid.py, grid.y], [COLORS.sliceX, grid.pcy, grid.y],
  ]);
}

/** Stroke `[colour, xs, ys]` curves, clipped to the panel `box`. */
function curvesIn(ctx, box, toX, toY, curves) {
  clip(ctx, box);
  for (const [color, xs, ys] of curves) {
    ctx.strokeStyle = color;
    line(ctx, xs, ys, toX, toY);
  }
  ctx.restore();
}

/** Draw the scene on the canvas (CSS px box.width x box.height). */
export function drawScene(canvas, sc) {
  const dpr = fitCanvas(canvas, sc.box.width, sc.box.height);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, sc.box.width, sc.box.height);
  axisTicks(ctx, sc);
  densityTicks(ctx, sc);
  clip(ctx, sc.box.joint);
  points(ctx, sc, dpr);
  curves(ctx, sc);
  marks(ctx, sc);
  ctx.restore();
  marginals(ctx, sc);
  for (const b of [sc.box.joint, sc.box.top, sc.box.right]) frame(ctx, b);
  return dpr;
}
