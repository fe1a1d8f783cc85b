// bivnorm/frontend/hook.js: the test hook on the root element, el.bivnorm.
//
//   set(values)   applies {mean_x, mean_y, std_x, std_y, rho, n, x0, y0} as slider
//                 moves do (clamped, snapped to the steps), drawn when it returns.
//                 Unknown and inherited keys are ignored; a value that is not a
//                 finite number refuses the whole call (TypeError, state kept).
//   state()       the drawn numbers (see below); addPoint(x, y) (finite only),
//   undo(), resetPoints(), pixel(x, y) (viewport px of a data point),
//   lastDrawMs, play(), pause(), redraw(), presets(), preset(name).
//   set() also takes rect: [a, b, c, d] (edges may be +-Infinity) or null,
//   interval: [c, d] or null and given: "x" | "y" (a NaN edge or an upper edge
//   not above its lower one refuses the whole call); state().region =
//   {rect, prob, fraction, ci} or null, state().conditional_interval =
//   {given, at, interval, prob} or null; regionProbability(law, rect): cdf.js.
//
// The views (views.js): set() also takes view ("joint" | "whitening" |
// "projection"), stage (0 | 1 | 2: jumps there, no transition) and angle (u's
// angle in radians, kept in [-pi, pi]); a view that is not one of those, a
// stage that is not 0, 1 or 2 or an angle that is not finite refuses the whole
// call (TypeError, state kept). state() also returns active_view (the view's
// name; state().view stays the joint plot's data range), whitening = {stage, t
// (the stage shown, fractional during a transition), playing, animating,
// points (at t; null outside the whitening view), coverage: [{k, law,
// fraction, inside}]} and projection = {angle, degrees, u, mean, std,
// variance, sample_mean, sample_std, axes: [{name, angle, degrees, variance}],
// origin_px, tip_px}: both always present (what the view shows or would show);
// origin_px and tip_px (viewport px of mu and of the arrow's tip) are null
// outside the projection view.

import { conditional_x, conditional_y, cov, principal_axes } from "./maths.js";
import { PROBS } from "./scene.js";
import { prob_rect } from "./cdf.js";
import { regionError } from "./region.js";

function polygons(list) {
  const out = {};
  list.forEach((e, i) => { out[String(PROBS[i])] = e.xs.map((x, k) => [x, e.ys[k]]); });
  return out;
}

function snapshot(ex) {
  const sc = ex.scene, d = sc.d, v = ex.state.values();
  const samples = [];
  for (let k = 0; k < 2 * sc.n; k += 2) samples.push([sc.xy[k], sc.xy[k + 1]]);
  const cy = conditional_y(d, v.x0), cx = conditional_x(d, v.y0);
  const slope = (d.rho * d.std_y) / d.std_x, slopeX = (d.rho * d.std_x) / d.std_y;
  return {
    ...(ex.views ? ex.views.snapshot() : {}),
    ...d, n: sc.n, x0: v.x0, y0: v.y0, cov: cov(d), axes: principal_axes(d), samples,
    marginal_x: { x: sc.grid.x.slice(), pdf: sc.grid.px.slice() },
    marginal_y: { x: sc.grid.y.slice(), pdf: sc.grid.py.slice() },
    ellipses: polygons(sc.ellipses),
    regression: { slope, intercept: d.mean_y - slope * d.mean_x },
    regression_x: { slope: slopeX, intercept: d.mean_x - slopeX * d.mean_y },
    conditional: { x0: v.x0, mean: cy.mean, std: cy.std },
    conditional_x: { y0: v.y0, mean: cx.mean, std: cx.std },
    view: { x: sc.view.x.slice(), y: sc.view.y.slice() },
    density_scale: { top: sc.dt.top, right: sc.dr.top },
    ticks: { x: sc.tx.values.slice(), y: sc.ty.values.slice(), top: sc.dt.ticks.values.slice(),
      right: sc.dr.ticks.values.slice() },
    panels: { joint: { ...sc.box.joint }, top: { ...sc.box.top }, right: { ...sc.box.right } },
    sample_stats: ex.stats,
    points: ex.state.points().map((p) => p.slice()),
    fit: sc.fitted, fit_law: sc.fitted, fit_ellipses: sc.fitted ? polygons(sc.fitEllipses) : {},
    playing: ex.player.playing(),
    easing: ex.easing(),
    canvas: { width: ex.ui.canvas.width, height: ex.ui.canvas.height, css: { ...ex.size }, dpr: ex.dpr },
    ...ex.region.snapshot(),
  };
}

function finite(x, y) {
  return typeof x === "number" && typeof y === "number" && Number.isFinite(x) && Number.isFinite(y);
}

/** Put the hook on the root element of explorer `ex`. */
export function installHook(ex, presets) {
  const { state, ui } = ex;
  ui.root.bivnorm = {
    set(values) {
      const error =
        state.validate(values) || regionError(values) || (ex.views ? ex.views.validate(values) : "");
      if (error) throw new TypeError(`bivnorm.set: ${error}`);
      ex.pause();
      ex.checkpoint("set");
      ex.region.apply(values);
      if (ex.views) ex.views.update(values, "page", { draw: false }); // drawn by the update below
      state.update(values);
    },
    state: () => snapshot(ex),
    addPoint(x, y) {
      if (!finite(x, y)) throw new TypeError(`addPoint: coordinates must be finite numbers, got ${x}, ${y}`);
      ex.addPoint(x, y);
    },
    undo: () => { ex.pause(); return state.undo(); },
    resetPoints: ex.resetPoints,
    pixel(x, y) {
      const rect = ui.canvas.getBoundingClientRect(), m = ex.scene.m;
      const kx = rect.width / ex.size.width, ky = rect.height / ex.size.height;
      return { x: rect.left + m.sx(x) * kx, y: rect.top + m.sy(y) * ky };
    },
    get lastDrawMs() { return ex.lastDrawMs; },
    regionProbability: (law, rect) => prob_rect(law, rect[0], rect[1], rect[2], rect[3]),
    play: ex.play,
    pause: ex.pause,
    redraw: ex.redraw,
    presets: () => presets.map((p) => p.name),
    preset(name) {
      const p = presets.find((q) => q.name === name);
      if (!p) throw new RangeError(`unknown preset ${String(name)}`);
      ex.preset(p);
    },
  };
}
