// bivnorm/frontend/views.js: the view switch. "joint" is the explorer as it
// was; "whitening" plays z -> L z -> mu + L z in three stages; "projection"
// shows the law of u^T X for a direction u. The law, n and the standard normals
// are the explorer's own (its state and ex.z), so sliders, presets, play and
// Redraw drive every view. Checked patches {view, stage, angle} only: a bad
// value refuses the whole patch. A view's DOM exists only while it is shown.

import { fmt } from "./controls.js";
import { projection, wrapAngle } from "./project.js";
import { drawProjection, drawWhitening } from "./viewdraw.js";
import { projectionScene, reducedMotion, showProjection, showWhitening, snapshot, whiteningScene } from "./viewscene.js";
import { VIEW_CSS, buildProjection, buildSwitch, buildWhitening } from "./viewui.js";
import { STAGES, coverage, distances } from "./whiten.js";

export const VIEWS = ["joint", "whitening", "projection"];
const STEP_MS = 900; // one stage's transition
const HOLD_MS = 700; // the pause at a stage while playing

/** What the live region says after a change of view, stage or angle. */
function spoken(ex, vs) {
  if (vs.view === "whitening") {
    const cov = coverage(distances(ex.z, Math.round(ex.state.get("n")))).map((c) =>
      `${c.k} sigma: law ${fmt(100 * c.law, 1)} %, points ${fmt(100 * c.fraction, 1)} %`).join("; ");
    return `Whitening view, stage ${vs.stage + 1} of 3, ${STAGES[vs.stage]}. ${cov}.`;
  }
  const p = projection(ex.state.law(), vs.angle);
  return `Projection view, u at ${fmt((vs.angle * 180) / Math.PI, 1)} degrees: mean ${fmt(p.mean, 3)}, ` +
    `standard deviation ${fmt(p.std, 3)}, variance ${fmt(p.variance, 3)}.`;
}

function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The checked values of a patch's view keys: {values} or {error}. */
export function checkViews(patch) {
  if (patch === null || typeof patch !== "object") return { error: "values must be an object" };
  const values = {};
  if (own(patch, "view")) {
    if (!VIEWS.includes(patch.view)) return { error: `view must be one of ${VIEWS.join(", ")}, got ${String(patch.view)}` };
    values.view = patch.view;
  }
  if (own(patch, "stage")) {
    const s = patch.stage;
    if (s !== 0 && s !== 1 && s !== 2) return { error: `stage must be 0, 1 or 2, got ${String(s)}` };
    values.stage = s;
  }
  if (own(patch, "angle")) {
    const a = patch.angle;
    if (typeof a !== "number" || !Number.isFinite(a)) return { error: `angle must be a finite number, got ${String(a)}` };
    values.angle = wrapAngle(a);
  }
  return { values };
}

/** Add the view switch to explorer ex; init = {view, stage, angle}. Returns ex.views. */
export function mountViews(ex, init = {}) {
  const { ui, state } = ex;
  ui.root.querySelector("style").textContent += VIEW_CSS;
  const sw = buildSwitch();
  ui.plot.prepend(sw.box);
  const jointParts = [...ui.plot.children].filter((el) => el !== sw.box && el !== ui.desc && el !== ui.live);
  const vs = { view: "joint", stage: 0, t: 0, angle: 0, anim: null, playing: false, queue: [], holdUntil: 0,
    raf: null, dom: null, scene: null, hold: false };
  const listeners = [];
  const emit = (source) => { for (const f of listeners) f(source); };
  const api = { vs, sw };
  api.draw = () => {
    if (vs.hold) return;
    if (vs.view === "whitening") {
      vs.scene = whiteningScene(ex, vs);
      drawWhitening(vs.dom.canvas, vs.scene);
      showWhitening(vs.dom, vs, vs.scene);
    } else if (vs.view === "projection") {
      vs.scene = projectionScene(ex, vs);
      drawProjection(vs.dom.canvas, vs.scene);
      showProjection(vs.dom, vs, vs.scene);
    }
  };
  wirePlayer(api, vs, emit);
  wireViews(api, ex, vs, jointParts, emit);
  api.validate = (patch) => checkViews(patch).error || "";
  api.update = (patch, source = "page", { draw = true } = {}) => {
    const { values, error } = checkViews(patch);
    if (error) return error;
    vs.hold = true; // one drawing for the whole patch, or none (the caller draws)
    try {
      if (values.view !== undefined) api.setView(values.view, source);
      if (values.stage !== undefined) api.goStage(values.stage, { animate: false, source });
      if (values.angle !== undefined) api.setAngle(values.angle, source);
    } finally {
      vs.hold = false;
    }
    if (draw) api.draw();
    return "";
  };
  api.onChange = (f) => listeners.push(f);
  listeners.push(() => { if (ex.announce && vs.view !== "joint") ex.announce(spoken(ex, vs)); });
  api.values = () => ({ view: vs.view, stage: vs.stage, angle: vs.angle });
  api.snapshot = () => snapshot(ex, vs);
  state.onChange(() => api.draw());
  const changed = ex.changed;
  ex.changed = () => { changed(); api.draw(); }; // Redraw: fresh standard normals
  const observer = window.ResizeObserver ? new ResizeObserver(() => api.draw()) : null;
  if (observer) observer.observe(ui.plot);
  const dispose = ex.dispose;
  ex.dispose = () => { api.pause(); if (observer) observer.disconnect(); dispose(); };
  ex.views = api;
  api.update({ view: "joint", ...init }, "init");
  sw.radios[vs.view].checked = true;
  return api;
}

function wireViews(api, ex, vs, jointParts, emit) {
  api.setView = (name, source = "page") => {
    api.sw.radios[name].checked = true;
    if (name === vs.view) return;
    api.pause();
    if (vs.dom) vs.dom.box.remove();
    vs.dom = null;
    vs.view = name;
    for (const el of jointParts) el.hidden = name !== "joint";
    if (name === "whitening") vs.dom = wireWhitening(api, vs, buildWhitening());
    if (name === "projection") vs.dom = wireProjection(api, vs, buildProjection());
    if (vs.dom) api.sw.box.after(vs.dom.box);
    if (name === "joint" && !vs.hold) ex.drawNow();
    api.draw();
    emit(source);
  };
  api.setAngle = (a, source = "page") => {
    vs.angle = wrapAngle(a);
    api.draw();
    emit(source);
  };
  for (const [name, radio] of Object.entries(api.sw.radios)) {
    radio.addEventListener("keydown", (event) => event.stopPropagation());
    radio.addEventListener("change", () => { if (radio.checked) api.setView(name); });
  }
}

function wireWhitening(api, vs, dom) {
  dom.buttons.forEach((b, i) => b.addEventListener("click", () => { api.pause(); api.goStage(i); }));
  dom.play.addEventListener("click", () => (vs.playing ? api.pause() : api.play()));
  return dom;
}

function wireProjection(api, vs, dom) {
  dom.slider.addEventListener("keydown", (event) => event.stopPropagation());
  dom.slider.addEventListener("input", () => api.setAngle((Number(dom.slider.value) * Math.PI) / 180));
  dom.major.addEventListener("click", () => api.setAngle(vs.scene.axes[0].angle));
  dom.minor.addEventListener("click", () => api.setAngle(vs.scene.axes[1].angle));
  let press = null;
  const aim = (event) => {
    const rect = dom.canvas.getBoundingClientRect(), sc = vs.scene;
    const x = ((event.clientX - rect.left) * sc.size.width) / rect.width;
    const y = ((event.clientY - rect.top) * sc.size.height) / rect.height;
    const dx = x - sc.m.sx(sc.d.mean_x), dy = sc.m.sy(sc.d.mean_y) - y;
    if (Math.hypot(dx, dy) > 4) api.setAngle(Math.atan2(dy, dx));
  };
  dom.canvas.addEventListener("pointerdown", (event) => {
    const rect = dom.canvas.getBoundingClientRect(), b = vs.scene.box, k = vs.scene.size.width / rect.width;
    const x = (event.clientX - rect.left) * k, y = (event.clientY - rect.top) * k;
    if (x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1) return;
    press = event.pointerId;
    dom.canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
    aim(event);
  });
  dom.canvas.addEventListener("pointermove", (event) => { if (event.pointerId === press) aim(event); });
  dom.canvas.addEventListener("pointerup", () => { press = null; });
  dom.canvas.addEventListener("pointercancel", () => { press = null; });
  return dom;
}

function wirePlayer(api, vs, emit) {
  const frame = (now) => {
    vs.raf = null;
    const a = vs.anim;
    if (a) {
      if (a.start === null) a.start = now;
      const p = Math.min(1, (now - a.start) / a.dur), e = p * p * (3 - 2 * p);
      vs.t = p >= 1 ? a.to : a.from + (a.to - a.from) * e;
      if (p >= 1) { vs.anim = null; vs.holdUntil = now + HOLD_MS; }
    } else if (vs.playing && now >= vs.holdUntil) {
      if (vs.queue.length) api.goStage(vs.queue.shift(), { keepPlaying: true });
      else { vs.playing = false; emit("page"); }
    }
    api.draw();
    if ((vs.anim || vs.playing) && vs.raf === null) vs.raf = requestAnimationFrame(frame);
  };
  const run = () => { if (vs.raf === null) vs.raf = requestAnimationFrame(frame); };
  api.goStage = (s, { animate = true, source = "page", keepPlaying = false } = {}) => {
    if (!keepPlaying) vs.playing = false;
    vs.stage = s;
    if (!animate || reducedMotion() || vs.t === s) {
      vs.anim = null;
      vs.t = s;
    } else {
      vs.anim = { from: vs.t, to: s, start: null, dur: STEP_MS * Math.max(0.5, Math.abs(s - vs.t)) };
      run();
    }
    api.draw();
    emit(source);
  };
  api.play = () => {
    if (reducedMotion() || vs.view !== "whitening") return;
    if (vs.t >= 2) { vs.t = 0; vs.stage = 0; }
    vs.queue = [1, 2].filter((s) => s > vs.t);
    vs.playing = true;
    vs.holdUntil = performance.now() + HOLD_MS / 2;
    run();
    api.draw();
  };
  api.pause = () => {
    vs.playing = false;
    vs.queue = [];
    if (vs.anim) { vs.anim = null; vs.t = vs.stage; }
    if (vs.raf !== null) { cancelAnimationFrame(vs.raf); vs.raf = null; }
  };
}

/** Keep the model's view, stage and angle traits and the page's views in step. */
export function syncViews(views, model) {
  let writing = false;
  views.onChange((source) => {
    if (source === "model" || source === "init" || writing) return;
    writing = true;
    try {
      for (const [name, value] of Object.entries(views.values())) if (model.get(name) !== value) model.set(name, value);
      model.save_changes();
    } finally {
      writing = false;
    }
  });
  const fromModel = () => {
    if (!writing) views.update({ view: model.get("view"), stage: model.get("stage"), angle: model.get("angle") }, "model");
  };
  for (const name of ["view", "stage", "angle"]) model.on(`change:${name}`, fromModel);
  return () => { for (const name of ["view", "stage", "angle"]) model.off(`change:${name}`, fromModel); };
}
