// bivnorm/frontend/viewscene.js: what the whitening and projection views show,
// computed from the explorer (its law, n, standard normals and drawn points)
// and the views' state; viewdraw.js paints the canvas, show*() the DOM.

import { fmt } from "./controls.js";
import { pdf } from "./maths.js";
import { axes, histogram, projected, projection, sampleMoments } from "./project.js";
import { fitMaps } from "./viewdraw.js";
import { KS, STAGES, byLevel, coverage, distances, levels, stageEllipse, stageMap, stagePoints } from "./whiten.js";

const CAPTIONS = [
  "z: two independent standard normals; their covariance is the identity and d² = z₁² + z₂².",
  "L z: the Cholesky factor L of Σ stretches and shears the cloud; its covariance is L Lᵀ = Σ.",
  "μ + L z: shifted to the mean, the map of bivnorm's unwhiten; d² is unchanged at every stage.",
];

export const reducedMotion = () => Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

function plotWidth(ui) {
  return Math.max(260, Math.min(600, Math.floor(ui.plot.clientWidth || 520)));
}

export function whiteningScene(ex, vs) {
  const d = ex.state.law(), n = Math.round(ex.state.get("n")), width = plotWidth(ex.ui);
  const size = { width, height: Math.min(width, 440) };
  const box = { x0: 46, x1: width - 10, y0: 10, y1: size.height - 34 };
  const h = 3.6, hx = h * Math.max(1, d.std_x), hy = h * Math.max(1, d.std_y);
  const bounds = { x: [Math.min(-hx, d.mean_x - hx), Math.max(hx, d.mean_x + hx)],
    y: [Math.min(-hy, d.mean_y - hy), Math.max(hy, d.mean_y + hy)] };
  const pts = stagePoints(d, ex.z, n, vs.t, new Float64Array(2 * n));
  const q = distances(ex.z, n), lv = levels(q);
  const ellipses = KS.map((k) => ({ k, law: -Math.expm1(-(k * k) / 2), ...stageEllipse(d, vs.t, k) }));
  return { size, box, m: fitMaps(bounds, box), pts, n, q, lv, order: byLevel(lv), ellipses,
    center: stageMap(d, vs.t).b, coverage: coverage(q) };
}

export function projectionScene(ex, vs) {
  const d = ex.state.law(), sc = ex.scene, width = plotWidth(ex.ui);
  const plotH = Math.round(Math.min(0.8 * width, 400)), size = { width, height: plotH + 160 };
  const box = { x0: 46, x1: width - 10, y0: 10, y1: plotH - 26 };
  const hbox = { x0: 46, x1: width - 10, y0: plotH + 4, y1: size.height - 36 };
  const h = 3.6, bounds = { x: [d.mean_x - h * d.std_x, d.mean_x + h * d.std_x],
    y: [d.mean_y - h * d.std_y, d.mean_y + h * d.std_y] };
  const m = fitMaps(bounds, box), proj = projection(d, vs.angle);
  const s = projected(sc.xy, sc.n, proj.u), lo = proj.mean - 4 * proj.std, hi = proj.mean + 4 * proj.std;
  const hist = histogram(s, lo, hi, 40), peak = pdf(proj, proj.mean);
  const xs = Array.from({ length: 161 }, (_, i) => lo + ((hi - lo) * i) / 160);
  const top = 1.2 * Math.max(peak, ...hist.dens);
  const hm = { x: [lo, hi], y: [0, top], sx: (x) => hbox.x0 + ((x - lo) / (hi - lo)) * (hbox.x1 - hbox.x0),
    sy: (y) => hbox.y1 - (y / top) * (hbox.y1 - hbox.y0) };
  const len = (0.4 * Math.min(box.x1 - box.x0, box.y1 - box.y0)) / m.k;
  return { size, box, hbox, m, hm, d, xy: sc.xy, n: sc.n, proj, hist, axes: axes(d), sample: sampleMoments(s),
    curve: { xs, ys: xs.map((x) => pdf(proj, x)), peak },
    tip: [d.mean_x + len * proj.u[0], d.mean_y + len * proj.u[1]] };
}

export function showWhitening(dom, vs, sc) {
  dom.buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(vs.stage === i)));
  dom.play.textContent = vs.playing ? "Pause" : "Play stages";
  dom.play.setAttribute("aria-pressed", String(vs.playing));
  dom.play.disabled = reducedMotion();
  dom.play.title = dom.play.disabled ? "Animation is off: the system asks for reduced motion" : "";
  dom.caption.textContent = `Stage ${vs.stage + 1} of 3, ${CAPTIONS[vs.stage]}`;
  dom.canvas.setAttribute("aria-label", `Whitening plot, stage ${vs.stage + 1} of 3 (${STAGES[vs.stage]}): ` +
    `${sc.n} points coloured by their squared Mahalanobis distance, with the 1, 2 and 3 sigma ellipses`);
  sc.coverage.forEach((c, i) => {
    dom.cells[i].law.textContent = `${fmt(100 * c.law, 1)} %`;
    dom.cells[i].frac.textContent = `${fmt(100 * c.fraction, 1)} % (${c.inside} of ${sc.n})`;
  });
}

export function showProjection(dom, vs, sc) {
  const deg = (vs.angle * 180) / Math.PI, [major, minor] = sc.axes, p = sc.proj;
  if (Number(dom.slider.value) !== deg) dom.slider.value = String(deg);
  dom.value.textContent = `${fmt(deg, 1)}°`;
  dom.major.textContent = `Major axis (${fmt(major.degrees, 1)}°)`;
  dom.minor.textContent = `Minor axis (${fmt(minor.degrees, 1)}°)`;
  dom.canvas.setAttribute("aria-label", `Projection plot: the points and the direction u at ${fmt(deg, 1)}°; ` +
    `below, the histogram of uᵀx under the density of Normal(${fmt(p.mean, 3)}, ${fmt(p.variance, 3)}). ` +
    "Drag on the plot to turn u, or use the angle slider");
  dom.law.textContent = `u = (${fmt(p.u[0], 3)}, ${fmt(p.u[1], 3)}): uᵀX ~ Normal(uᵀμ = ${fmt(p.mean, 3)}, ` +
    `uᵀΣu = ${fmt(p.variance, 3)}); at the principal axes uᵀΣu = λ₁ = ${fmt(major.variance, 3)}, ` +
    `λ₂ = ${fmt(minor.variance, 3)}.`;
  const rows = { mean: [p.mean, sc.sample.mean], std: [p.std, sc.sample.std],
    variance: [p.variance, sc.sample.std ** 2] };
  for (const [name, [law, sample]] of Object.entries(rows)) {
    dom.cells[name][0].textContent = fmt(law, 3);
    dom.cells[name][1].textContent = fmt(sample, 3);
  }
}

function pairs(flat, n) {
  const out = [];
  for (let k = 0; k < 2 * n; k += 2) out.push([flat[k], flat[k + 1]]);
  return out;
}

/** The views' part of the hook's state(). */
export function snapshot(ex, vs) {
  const d = ex.state.law(), n = Math.round(ex.state.get("n")), p = projection(d, vs.angle);
  const shown = vs.view === "whitening";
  const pts = shown ? pairs(stagePoints(d, ex.z, n, vs.t, new Float64Array(2 * n)), n) : null;
  const s = projected(ex.scene.xy, ex.scene.n, p.u), sample = sampleMoments(s);
  const out = {
    active_view: vs.view,
    whitening: { stage: vs.stage, t: vs.t, name: STAGES[vs.stage], playing: vs.playing, animating: vs.anim !== null,
      points: pts, coverage: coverage(distances(ex.z, n)) },
    projection: { angle: vs.angle, degrees: (vs.angle * 180) / Math.PI, u: p.u, mean: p.mean, std: p.std,
      variance: p.variance, sample_mean: sample.mean, sample_std: sample.std, axes: axes(d),
      origin_px: null, tip_px: null },
  };
  if (vs.view === "projection" && vs.scene) {
    const rect = vs.dom.canvas.getBoundingClientRect(), sc = vs.scene, k = rect.width / sc.size.width;
    const px = (x, y) => ({ x: rect.left + sc.m.sx(x) * k, y: rect.top + sc.m.sy(y) * k });
    out.projection.origin_px = px(d.mean_x, d.mean_y);
    out.projection.tip_px = px(sc.tip[0], sc.tip[1]);
  }
  return out;
}
