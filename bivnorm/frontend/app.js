// bivnorm/frontend/app.js: one explorer, wired. Input and controls write the
// state through update(); every change redraws (synchronously, so a hook call
// has drawn when it returns), refreshes the controls and the readout, and is
// announced once it settles. Easing of the view runs on animation frames.

import { createAnnouncer, describe } from "./a11y.js";
import { buildControls, decimals, fmt } from "./controls.js";
import { drawScene } from "./draw.js";
import { attachInput } from "./input.js";
import { conditional_x, conditional_y, cov, moments, principal_axes } from "./maths.js";
import { createPlayer } from "./player.js";
import { createDensity, createView, layout, maps } from "./scales.js";
import { buildScene, peaks } from "./scene.js";
import { PARAMS, createState } from "./state.js";
import { CSS } from "./style.js";
import { attachRegion } from "./regionui.js";

/** Canvas size (CSS px) for a plot column of width w. */
function canvasSize(w) {
  const width = Math.max(260, Math.min(600, Math.floor(w)));
  return { width, height: Math.min(width, 520) };
}

/** Fresh standard normals: Box-Muller on Math.random, flat pairs. */
export function standardNormals(count) {
  const z = new Float64Array(2 * count);
  for (let k = 0; k < z.length; k += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random())), t = 2 * Math.PI * Math.random();
    z[k] = r * Math.cos(t);
    z[k + 1] = r * Math.sin(t);
  }
  return z;
}

function showControls(ui, state) {
  for (const [name, s] of Object.entries(ui.sliders)) {
    const v = state.get(name), spec = state.specs[name];
    if (Number(s.input.value) !== v) s.input.value = String(v);
    s.value.textContent = fmt(v, decimals(spec.step));
  }
  ui.buttons.undo.disabled = !state.canUndo();
  ui.buttons.reset.disabled = state.points().length === 0;
}

function showReadout(ui, sc) {
  const stats = sc.n > 1 ? moments(sc.xy, sc.n) : null;
  for (const name of PARAMS) {
    const [law, sample, fitted] = ui.cells[name];
    law.textContent = fmt(sc.d[name]);
    sample.textContent = stats ? fmt(stats[name]) : "–";
    fitted.textContent = sc.fitted ? fmt(sc.fitted[name]) : "–";
  }
  const [[a, b], [, c]] = cov(sc.d), [l1, l2, angle] = principal_axes(sc.d);
  ui.extra.textContent = `Σ = [[${fmt(a, 3)}, ${fmt(b, 3)}], [${fmt(b, 3)}, ${fmt(c, 3)}]]; ` +
    `λ₁ = ${fmt(l1, 3)}, λ₂ = ${fmt(l2, 3)}, θ = ${fmt(angle, 1)}°; ` +
    `E[Y | X = ${fmt(sc.x0)}] = ${fmt(conditional_y(sc.d, sc.x0).mean, 3)}; ` +
    `E[X | Y = ${fmt(sc.y0)}] = ${fmt(conditional_x(sc.d, sc.y0).mean, 3)}`;
  return stats;
}

/** Redraw when the plot's box changes size; ex.dispose() undoes everything. */
function attachLifecycle(ex, announcer) {
  const { ui } = ex;
  ex.resize = () => {
    const next = canvasSize(ui.plot.clientWidth || ex.size.width);
    if (next.width !== ex.size.width || next.height !== ex.size.height) { ex.size = next; ex.drawNow(); }
  };
  ex.observer = window.ResizeObserver ? new ResizeObserver(ex.resize) : null;
  if (ex.observer) ex.observer.observe(ui.plot);
  ex.dispose = () => {
    ex.player.dispose();
    announcer.dispose();
    if (ex.observer) ex.observer.disconnect();
    if (ex.pending !== null) cancelAnimationFrame(ex.pending);
    ui.root.remove();
  };
}

/** Mount an explorer in `el`; init = {specs, presets, z, capacity, values, points}. */
export function mount(el, init) {
  const ui = buildControls(el, init.specs, init.presets);
  ui.root.querySelector("style").textContent = CSS;
  const state = createState(init.specs, { ...init.values, points: init.points });
  const ex = { ui, state, z: init.z, xy: new Float64Array(init.z.length), scene: null };
  ex.size = canvasSize(ui.plot.clientWidth || 520);
  const box = () => layout(ex.size.width, ex.size.height);
  ex.view = createView(state.law(), box().joint);
  const p0 = peaks(state.law());
  ex.dens = { top: createDensity(p0.top), right: createDensity(p0.right) };
  ex.cursor = [state.get("mean_x"), state.get("mean_y")];
  ex.focused = false;
  ex.pending = null; // the next animation frame's request, while easing
  const announcer = createAnnouncer(ui.live);
  ex.announce = (text) => announcer.say(text); // the one live region, for the views too
  ex.lastDrawMs = 0;
  ex.drawNow = (now = performance.now()) => {
    const start = performance.now(), d = state.law(), b = box(), pk = peaks(d);
    let moving = ex.view.step(d, b.joint, now);
    moving = ex.dens.top.step(pk.top, now) || moving;
    moving = ex.dens.right.step(pk.right, now) || moving;
    ex.scene = buildScene({
      d, z: ex.z, xy: ex.xy, n: Math.round(state.get("n")), x0: state.get("x0"), y0: state.get("y0"),
      points: state.points(), view: ex.view.get(), box: b, densTop: ex.dens.top.get(),
      densRight: ex.dens.right.get(), cursor: ex.focused ? ex.cursor : null,
    });
    ex.dpr = drawScene(ui.canvas, ex.scene);
    if (ex.region) ex.region.paint(ex.scene);
    ex.stats = showReadout(ui, ex.scene);
    ex.lastDrawMs = performance.now() - start;
    if (moving && ex.pending === null) ex.pending = requestAnimationFrame((t) => { ex.pending = null; ex.drawNow(t); });
  };
  ex.easing = () => ex.pending !== null;
  ex.changed = () => {
    showControls(ui, state);
    ex.drawNow();
    const text = describe(state.law(), state.points().length, ex.scene.fitted) + (ex.region ? ex.region.sentence() : "");
    ui.desc.textContent = text;
    announcer.say(text);
  };
  state.onChange(ex.changed);
  wireActions(ex, box, init.presets);
  ex.region = attachRegion(ex, box, init.region);
  attachLifecycle(ex, announcer);
  showControls(ui, state);
  ex.changed();
  performance.mark("bivnorm-explorer-drawn");
  return ex;
}

function wireActions(ex, box, presets) {
  const { ui, state } = ex;
  let lastKey = "", lastAt = -1e9;
  ex.checkpoint = (key) => {
    const now = performance.now();
    if (key !== lastKey || now - lastAt > 1000) state.remember();
    lastKey = key; lastAt = now;
  };
  const onPlay = (on) => {
    const button = ui.buttons.play;
    button.textContent = on ? "Pause" : "Play";
    button.setAttribute("aria-pressed", String(on));
    button.disabled = ex.player ? ex.player.reduced() : false;
    button.title = button.disabled ? "Animation is off: the system asks for reduced motion" : "";
  };
  ex.player = createPlayer(state.specs, (law) => state.update(law, { grid: false, source: "play" }), onPlay);
  onPlay(false);
  ex.pause = () => { if (ex.player.pause()) state.update(state.law(), { grid: true }); };
  ex.play = () => { ex.checkpoint("play"); ex.player.play(state.law()); };
  ex.addPoint = (x, y) => {
    ex.pause(); ex.checkpoint("point"); lastKey = "";
    return state.setPoints([...state.points(), [x, y]]);
  };
  ex.removeLast = () => { if (state.points().length) { ex.checkpoint("remove"); lastKey = ""; state.setPoints(state.points().slice(0, -1)); } };
  ex.resetPoints = () => { if (state.points().length) { ex.checkpoint("reset"); state.setPoints([]); } };
  ex.preset = (p) => { ex.pause(); ex.checkpoint("preset"); lastKey = ""; state.update(p.values); ui.note.textContent = p.note || ""; };
  ex.redraw = () => { ex.z.set(standardNormals(ex.z.length / 2)); ex.changed(); };
  for (const [name, s] of Object.entries(ui.sliders)) {
    s.input.addEventListener("keydown", (event) => event.stopPropagation());
    s.input.addEventListener("input", () => {
      ex.pause(); ex.checkpoint(`slider:${name}`);
      state.update({ [name]: Number(s.input.value) });
    });
  }
  ui.buttons.play.addEventListener("click", () => (ex.player.playing() ? ex.pause() : ex.play()));
  ui.buttons.undo.addEventListener("click", () => { ex.pause(); state.undo(); });
  ui.buttons.reset.addEventListener("click", ex.resetPoints);
  ui.buttons.redraw.addEventListener("click", ex.redraw);
  for (const p of presets) ui.presetButtons[p.name].addEventListener("click", () => ex.preset(p));
  ui.canvas.addEventListener("focus", () => { ex.focused = true; ex.drawNow(); });
  ui.canvas.addEventListener("blur", () => { ex.focused = false; ex.drawNow(); });
  attachInput(ui.canvas, {
    box, maps: () => maps(ex.view.get(), box().joint), slice: () => ({ x0: state.get("x0"), y0: state.get("y0") }),
    cursor: () => ex.cursor, setCursor: (c) => { ex.cursor = c; ex.drawNow(); },
    addPoint: ex.addPoint, removeLast: ex.removeLast,
    beginDrag: () => { ex.pause(); ex.checkpoint("slice"); },
    moveSlice: (to) => state.update(to),
  });
}
