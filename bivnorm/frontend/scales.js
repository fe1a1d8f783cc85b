// bivnorm/frontend/scales.js: the layout, data <-> pixel maps, the view that
// follows the law (eased, equal units on x and y), the marginals' density
// scales (fixed while they fit) and nice ticks.

/** Half-width of the box that the view always holds: mu +- SPAN sigma. */
export const SPAN = 3.8;
const ROOM = 1.35; // a new view leaves this much room around mu +- SPAN sigma
const SHRINK = 0.4; // and is re-fitted when the law fills less than this of it
const EASE_MS = 140;

/** Panels of a canvas of width x height CSS px: joint, top and right marginals. */
export function layout(width, height) {
  const left = 52, bottom = 40, top = Math.round(Math.min(96, height * 0.2));
  const right = Math.round(Math.min(96, width * 0.2)), gap = 6;
  const joint = { x0: left, x1: width - right - gap, y0: top + gap, y1: height - bottom };
  return {
    width, height, joint,
    top: { x0: joint.x0, x1: joint.x1, y0: 6, y1: top },
    right: { x0: joint.x1 + gap, x1: width - 8, y0: joint.y0, y1: joint.y1 },
  };
}

/** The view, {cx, cy, k} (k: px per data unit), that fits d's box with room. */
function fitted(d, box, room) {
  const w = box.x1 - box.x0, h = box.y1 - box.y0;
  const k = Math.min(w / (2 * SPAN * room * d.std_x), h / (2 * SPAN * room * d.std_y));
  return { cx: d.mean_x, cy: d.mean_y, k };
}

/** Whether view v holds mu +- SPAN sigma, and whether the law is lost in it. */
function judge(v, d, box) {
  const hw = (box.x1 - box.x0) / (2 * v.k), hh = (box.y1 - box.y0) / (2 * v.k);
  const nx = Math.abs(d.mean_x - v.cx) + SPAN * d.std_x;
  const ny = Math.abs(d.mean_y - v.cy) + SPAN * d.std_y;
  return { holds: nx <= hw && ny <= hh, small: nx < SHRINK * hw && ny < SHRINK * hh, nx, ny };
}

/** A view that eases towards its target; step(d, box, now) returns whether it moves. */
export function createView(d, box) {
  let target = fitted(d, box, ROOM);
  let v = { ...target };
  let last = null;
  function step(law, b, now) {
    const j = judge(target, law, b);
    if (!j.holds || j.small) target = fitted(law, b, ROOM);
    const dt = last === null ? 1e9 : Math.min(34, Math.max(0, now - last));
    last = now;
    const a = 1 - Math.exp(-dt / EASE_MS);
    v = {
      cx: v.cx + a * (target.cx - v.cx),
      cy: v.cy + a * (target.cy - v.cy),
      k: v.k * Math.exp(a * Math.log(target.k / v.k)),
    };
    const need = judge(v, law, b); // always holds mu +- SPAN sigma
    const kMax = Math.min((b.x1 - b.x0) / (2 * need.nx), (b.y1 - b.y0) / (2 * need.ny));
    if (v.k > kMax) v.k = kMax;
    const moving = Math.abs(v.cx - target.cx) + Math.abs(v.cy - target.cy) > 1e-3 / v.k ||
      Math.abs(Math.log(v.k / target.k)) > 1e-3;
    if (!moving) v = { ...target, k: Math.min(target.k, kMax) };
    return moving;
  }
  function reset() { last = null; }
  return { step, reset, get: () => v };
}

/** Data <-> pixel maps of the joint panel for view v. */
export function maps(v, box) {
  const mx = (box.x0 + box.x1) / 2, my = (box.y0 + box.y1) / 2;
  return {
    sx: (x) => mx + (x - v.cx) * v.k,
    sy: (y) => my - (y - v.cy) * v.k,
    dataX: (px) => v.cx + (px - mx) / v.k,
    dataY: (py) => v.cy - (py - my) / v.k,
    x: [v.cx - (mx - box.x0) / v.k, v.cx + (box.x1 - mx) / v.k],
    y: [v.cy - (box.y1 - my) / v.k, v.cy + (my - box.y0) / v.k],
    k: v.k,
  };
}

/** A density scale (the panel's top value) that stays put while the curve fits
 *  between 35 % and 100 % of it, and otherwise eases to 1.25 times its peak. */
export function createDensity(peak) {
  let top = 1.25 * peak, target = top, last = null;
  function step(p, now) {
    if (p > target || p < 0.35 * target) target = 1.25 * p;
    const dt = last === null ? 1e9 : Math.min(34, Math.max(0, now - last));
    last = now;
    const a = 1 - Math.exp(-dt / EASE_MS);
    top = Math.max(top * Math.exp(a * Math.log(target / top)), 1.02 * p);
    const moving = Math.abs(Math.log(top / target)) > 1e-3;
    if (!moving) top = target;
    return moving;
  }
  return { step, get: () => top };
}

/** Round ticks in [lo, hi], about one per `every` px over `px` px. */
export function ticks(lo, hi, px, every = 56) {
  const count = Math.max(2, Math.floor(px / every));
  const raw = (hi - lo) / count, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((u) => u * mag >= raw) * mag;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) {
    out.push(Math.abs(t) < 1e-9 * step ? 0 : t);
  }
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (step / mag === 2.5 ? 1 : 0));
  return { values: out, digits };
}
