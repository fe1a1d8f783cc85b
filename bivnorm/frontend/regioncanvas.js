// bivnorm/frontend/regioncanvas.js: the region on the canvas. paint() shades
// the rectangle over the joint panel (infinite edges reach the view's edge;
// lines on the device-pixel grid, so crisp at any devicePixelRatio) and the
// conditional interval: on its slice line and under its conditional density in
// the marginal panel. attachRegionPointer() turns drags into regions: in the
// joint panel with the Draw region button pressed or Shift held (a click there
// still adds a point), along the right panel (Y | X = x0) or the top panel
// (X | Y = y0) for a conditional interval.

import { clip } from "./draw.js";
import { pdf } from "./maths.js";
import { probText } from "./region.js";

export const REGION_COLOR = "#0f766e";
const REGION_FILL = "rgba(15, 118, 110, 0.16)";
const DRAG_PX = 4;

/** A data edge as a CSS px, clamped just outside [lo, hi] (infinities too). */
function px(to, v, lo, hi) {
  const p = Number.isFinite(v) ? to(v) : v * (to(1) - to(0)) > 0 ? Infinity : -Infinity;
  return Math.min(hi + 2, Math.max(lo - 2, p));
}

function snapPx(v, dpr) {
  return Math.round(v * dpr) / dpr; // a 2 CSS px line on whole device pixels
}

function paintRect(ctx, sc, rect, dpr) {
  const { m } = sc, j = sc.box.joint;
  const xs = [px(m.sx, rect[0], j.x0, j.x1), px(m.sx, rect[1], j.x0, j.x1)].map((v) => snapPx(v, dpr));
  const ys = [px(m.sy, rect[3], j.y0, j.y1), px(m.sy, rect[2], j.y0, j.y1)].map((v) => snapPx(v, dpr));
  ctx.fillStyle = REGION_FILL;
  ctx.fillRect(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0]);
  ctx.strokeStyle = REGION_COLOR;
  ctx.lineWidth = 2;
  ctx.setLineDash([]);
  ctx.beginPath();
  const edges = [[rect[0], xs[0], ys, true], [rect[1], xs[1], ys, true], [rect[3], ys[0], xs, false],
    [rect[2], ys[1], xs, false]];
  for (const [v, at, span, vertical] of edges) {
    if (!Number.isFinite(v)) continue; // an infinite edge has no line
    if (vertical) { ctx.moveTo(at, span[0]); ctx.lineTo(at, span[1]); } else { ctx.moveTo(span[0], at); ctx.lineTo(span[1], at); }
  }
  ctx.stroke();
}

function paintInterval(ctx, sc, cond) {
  const { m, box } = sc, law = { mean: cond.mean, std: cond.std }, alongY = cond.given === "x";
  const [lo, hi] = alongY ? m.y : m.x;
  const a = Math.max(cond.interval[0], lo), b = Math.min(cond.interval[1], hi);
  if (!(a < b)) return;
  const ts = Array.from({ length: 81 }, (_, i) => a + ((b - a) * i) / 80);
  const panel = alongY ? box.right : box.top;
  clip(ctx, panel);
  ctx.fillStyle = REGION_FILL;
  ctx.strokeStyle = REGION_COLOR;
  ctx.lineWidth = 2;
  ctx.beginPath();
  if (alongY) {
    ctx.moveTo(sc.rightX(0), m.sy(a));
    for (const t of ts) ctx.lineTo(sc.rightX(pdf(law, t)), m.sy(t));
    ctx.lineTo(sc.rightX(0), m.sy(b));
  } else {
    ctx.moveTo(m.sx(a), sc.topY(0));
    for (const t of ts) ctx.lineTo(m.sx(t), sc.topY(pdf(law, t)));
    ctx.lineTo(m.sx(b), sc.topY(0));
  }
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  ctx.restore();
  clip(ctx, box.joint); // the interval on its slice line
  ctx.lineWidth = 6;
  ctx.beginPath();
  if (alongY) { ctx.moveTo(m.sx(cond.at), m.sy(a)); ctx.lineTo(m.sx(cond.at), m.sy(b)); } else {
    ctx.moveTo(m.sx(a), m.sy(cond.at)); ctx.lineTo(m.sx(b), m.sy(cond.at));
  }
  ctx.stroke();
  ctx.restore();
}

/** "P = ..." in the joint panel's top-left corner, on white (12 px text, >= 4.5:1). */
function label(ctx, sc, region) {
  const j = sc.box.joint, text = `P = ${probText(region.prob)}; inside ${probText(region.fraction)}`;
  ctx.font = "12px system-ui, sans-serif";
  const w = ctx.measureText(text).width + 8;
  ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
  ctx.fillRect(j.x0 + 4, j.y0 + 4, w, 18);
  ctx.fillStyle = "#115e59";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillText(text, j.x0 + 8, j.y0 + 13);
}

/** Paint the region and the conditional interval over a drawn scene. */
export function paint(canvas, sc, dpr, region, cond) {
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  if (region) {
    clip(ctx, sc.box.joint);
    paintRect(ctx, sc, region.rect, dpr);
    label(ctx, sc, region);
    ctx.restore();
  }
  if (cond) paintInterval(ctx, sc, cond);
}

function inside(b, x, y) {
  return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
}

/** Drags on the canvas -> r.setRect / r.setInterval; ex gives box(), maps(), addPoint. */
export function attachRegionPointer(canvas, ex, r) {
  let press = null;
  const at = (event) => {
    const rect = canvas.getBoundingClientRect(), b = ex.box();
    return [((event.clientX - rect.left) * b.width) / rect.width, ((event.clientY - rect.top) * b.height) / rect.height];
  };
  function down(event) {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    const [x, y] = at(event), b = ex.box();
    const kind = inside(b.joint, x, y) ? (r.drawing() || event.shiftKey ? "rect" : null)
      : inside(b.right, x, y) ? "x" : inside(b.top, x, y) ? "y" : null;
    if (!kind) return;
    event.stopImmediatePropagation(); // input.js does not see this press
    event.preventDefault();
    press = { x, y, id: event.pointerId, kind, moved: false };
    canvas.setPointerCapture(event.pointerId);
  }
  function move(event) {
    if (!press || event.pointerId !== press.id) return;
    const [x, y] = at(event), m = ex.maps();
    if (!press.moved && Math.hypot(x - press.x, y - press.y) <= DRAG_PX) return;
    press.moved = true;
    const [x0, x1] = [m.dataX(press.x), m.dataX(x)].sort((p, q) => p - q);
    const [y0, y1] = [m.dataY(press.y), m.dataY(y)].sort((p, q) => p - q);
    if (press.kind === "rect" && x0 < x1 && y0 < y1) r.setRect([x0, x1, y0, y1]);
    if (press.kind === "x" && y0 < y1) r.setInterval([y0, y1], "x");
    if (press.kind === "y" && x0 < x1) r.setInterval([x0, x1], "y");
  }
  function up(event) {
    if (!press || event.pointerId !== press.id) return;
    if (!press.moved && press.kind === "rect") {
      const m = ex.maps();
      ex.addPoint(m.dataX(press.x), m.dataY(press.y)); // every click is a point
    }
    press = null;
  }
  canvas.addEventListener("pointerdown", down, { capture: true });
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", () => { press = null; });
}
