// bivnorm/frontend/widget.js: the entry points. anywidget calls render({model,
// el}) with bivnorm.Explorer's traits (the law, n, x0, y0, points, capacity,
// _z: the standard normals as one float64 buffer, _specs: the slider table,
// _presets); a static page calls renderStatic(id) with the same state as JSON
// next to the element. Changes made in the page go to the model once per move
// (play sends only where it paused); changes from the kernel are drawn as sent.

import { mount } from "./app.js";
import { installHook } from "./hook.js";
import { fromJson, syncRegion } from "./regionsync.js";
import { mountViews, syncViews } from "./views.js";

const SYNCED = ["mean_x", "mean_y", "std_x", "std_y", "rho", "n", "x0", "y0"];

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

function regionOf(rect, interval, given) {
  return { rect: fromJson(rect, 4), interval: fromJson(interval, 2), given };
}

function initFromModel(model) {
  const values = {};
  for (const name of SYNCED) values[name] = model.get(name);
  return {
    specs: model.get("_specs"), presets: model.get("_presets"), values,
    z: toFloat64(model.get("_z")), points: model.get("points") || [],
    region: regionOf(model.get("rect"), model.get("interval"), model.get("given")),
  };
}

function syncModel(ex, model) {
  let writing = false;
  ex.state.onChange((source) => {
    if (source === "model" || source === "play" || writing) return;
    const values = ex.state.values();
    writing = true;
    try {
      for (const name of SYNCED) if (model.get(name) !== values[name]) model.set(name, values[name]);
      const points = ex.state.points().map((p) => p.slice());
      if (JSON.stringify(points) !== JSON.stringify(model.get("points") || [])) model.set("points", points);
      model.save_changes();
    } finally {
      writing = false;
    }
  });
  const fromModel = () => {
    if (writing) return; // our own model.set
    const values = {};
    for (const name of SYNCED) values[name] = Number(model.get(name));
    ex.state.update(values, { grid: false, source: "model" });
  };
  const fromPoints = () => { if (!writing) ex.state.setPoints(model.get("points") || [], "model"); };
  for (const name of SYNCED) model.on(`change:${name}`, fromModel);
  model.on("change:points", fromPoints);
  return () => {
    for (const name of SYNCED) model.off(`change:${name}`, fromModel);
    model.off("change:points", fromPoints);
  };
}

/** The view, stage and angle to open with: those present and valid (views.js checks). */
function viewsOf(source) {
  const out = {};
  for (const name of ["view", "stage", "angle"]) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

function viewsFromModel(model) {
  return viewsOf({ view: model.get("view"), stage: model.get("stage"), angle: model.get("angle") });
}

/** anywidget's entry point; without a model, `state` holds the static state. */
function render({ model, el, state }) {
  const init = model ? initFromModel(model) : {
    specs: state.specs, presets: state.presets, values: state, points: state.points || [],
    z: state.z || fromBase64(state.z_b64), region: regionOf(state.rect, state.interval, state.given),
  };
  const ex = mount(el, init);
  const views = mountViews(ex, model ? viewsFromModel(model) : viewsOf(state));
  installHook(ex, init.presets);
  const unsync = model ? syncModel(ex, model) : () => {};
  const unsyncRegion = model ? syncRegion(ex, model) : () => {};
  const unsyncViews = model ? syncViews(views, model) : () => {};
  return () => { unsyncViews(); unsyncRegion(); unsync(); ex.dispose(); };
}

/** The static page's entry point: the state is the JSON next to the element. */
export function renderStatic(id) {
  const el = document.getElementById(id);
  const state = JSON.parse(document.getElementById(`${id}-state`).textContent);
  return render({ el, state });
}

export default { render };
