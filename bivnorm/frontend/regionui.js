// bivnorm/frontend/regionui.js: the region's controls and its small state.
// A "Draw region" toggle (or Shift-drag), a menu of quadrants and half-planes,
// four edge inputs (a number, "inf", "-inf" or empty for an infinite edge),
// and a conditional interval (given X = x0 or Y = y0, two edge inputs). Every
// change redraws through ex.changed(), so the one live region announces it.

import { CHOICES, conditionalFormula, conditionalInterval, edgeLabel, edgeText, parseEdge, probText, regionSentence, regionStats, rectError } from "./region.js";
import { attachRegionPointer, paint } from "./regioncanvas.js";
import { CSS, buildDom } from "./regiondom.js";

let uid = 0;

/** The edges typed in `inputs`, or null (and the bad inputs marked) if unreadable. */
function readEdges(part, size) {
  const values = part.inputs.map((input, i) => parseEdge(input.value, i % 2 === 1));
  const error = rectError(values, size);
  part.inputs.forEach((input, i) => input.setAttribute("aria-invalid", String(Number.isNaN(values[i]) ||
    (error !== "" && !values.some(Number.isNaN) && i % 2 === 1 && !(values[i - 1] < values[i])))));
  part.err.textContent = error ? "Each edge: a number, inf, -inf, or empty (infinite); each 'to' above its 'from'." : "";
  return error ? null : values;
}

function showEdges(part, values) {
  if (!part.inputs.includes(document.activeElement)) { // not being typed: the state's edges, valid
    part.err.textContent = "";
    for (const input of part.inputs) input.setAttribute("aria-invalid", "false");
  }
  part.inputs.forEach((input, i) => {
    if (input !== document.activeElement && values) input.value = edgeText(values[i]);
    if (input !== document.activeElement && !values) input.value = "";
  });
}

function show(dom, r) {
  if (r.region && !r.shown.region) dom.region.open = true; // a new region: its numbers in view
  if (r.cond && !r.shown.cond) dom.cond.open = true;
  r.shown = { region: Boolean(r.region), cond: Boolean(r.cond) };
  dom.draw.setAttribute("aria-pressed", String(r.mode));
  dom.choice.value = r.choice;
  showEdges(dom.edges, r.rect);
  showEdges(dom.iv, r.interval);
  dom.given.value = r.given;
  const g = r.region, e = g && g.rect.map(edgeLabel);
  dom.out.textContent = g ? `P(${e[0]} < X < ${e[1]}, ${e[2]} < Y < ${e[3]}) = ${probText(g.prob)}; ` +
    `points inside: ${g.count} of ${g.n} = ${probText(g.fraction)} ` +
    `(95 % CI ${probText(g.ci[0])} to ${probText(g.ci[1])})` : "No region: pick one or draw it.";
  dom.condOut.textContent = r.cond ? `${conditionalFormula(r.cond)} = ${probText(r.cond.prob)}` :
    "No interval: type one or drag along a marginal panel.";
}

function wire(dom, r, api, changed) {
  dom.draw.addEventListener("click", () => { r.mode = !r.mode; show(dom, r); });
  dom.clear.addEventListener("click", () => api.setRect(null));
  dom.choice.addEventListener("change", () => {
    const v = dom.choice.value;
    if (v === "none") return api.setRect(null);
    r.choice = v === "custom" ? (r.rect ? "custom" : "none") : v;
    return changed();
  });
  dom.edges.inputs.forEach((input) => input.addEventListener("input", () => {
    const rect = readEdges(dom.edges, 4);
    if (rect) api.setRect(rect);
  }));
  dom.iv.inputs.forEach((input) => input.addEventListener("input", () => {
    const iv = readEdges(dom.iv, 2);
    if (iv) api.setInterval(iv);
  }));
  dom.given.addEventListener("change", () => api.setInterval(r.interval, dom.given.value));
  dom.clearIv.addEventListener("click", () => api.setInterval(null));
}

/** The region of explorer ex: controls in the panel, drags on the canvas. */
export function attachRegion(ex, box, init = {}) {
  const dom = buildDom(`bne-r${++uid}`);
  ex.ui.root.querySelector(".bne-panel").append(dom.top, dom.region, dom.cond);
  ex.ui.root.querySelector("style").textContent += CSS;
  const r = { mode: false, choice: init.rect ? "custom" : "none", rect: init.rect || null,
    given: init.given === "y" ? "y" : "x", interval: init.interval || null, region: null, cond: null, shown: {} };
  const listeners = [];
  const changed = (source = "page") => { ex.changed(); for (const f of listeners) f(source); };
  const api = {
    drawing: () => r.mode,
    setRect(rect, source) { r.rect = rect ? rect.slice() : null; r.choice = rect ? "custom" : "none"; changed(source); },
    setInterval(iv, given = r.given, source) { r.interval = iv ? iv.slice() : null; r.given = given; changed(source); },
    apply(values) { // the hook's {rect, interval, given}, checked by regionError; drawn by the caller
      const own = (key) => Object.prototype.hasOwnProperty.call(values, key);
      if (own("rect")) { r.rect = values.rect ? values.rect.slice() : null; r.choice = r.rect ? "custom" : "none"; }
      if (own("given")) r.given = values.given;
      if (own("interval")) r.interval = values.interval ? values.interval.slice() : null;
    },
    fromModel(rect, interval, given) { api.apply({ rect, interval, given: given === "y" ? "y" : "x" }); changed("model"); },
    values: () => ({ rect: r.region ? r.region.rect : null, interval: r.interval, given: r.given }),
    onChange: (f) => listeners.push(f),
    sentence: () => regionSentence(r.region, r.cond),
    snapshot: () => ({
      region: r.region && { rect: r.region.rect.slice(), prob: r.region.prob, fraction: r.region.fraction,
        ci: r.region.ci.slice(), count: r.region.count, n: r.region.n, choice: r.choice },
      conditional_interval: r.cond && { given: r.cond.given, at: r.cond.at, interval: r.cond.interval.slice(),
        prob: r.cond.prob, mean: r.cond.mean, std: r.cond.std },
    }),
    paint(sc) {
      if (CHOICES[r.choice]) r.rect = CHOICES[r.choice][1](sc.d, sc.x0, sc.y0);
      r.region = r.rect ? regionStats(sc.d, r.rect, sc.xy, sc.n) : null;
      r.cond = r.interval ? conditionalInterval(sc.d, r.given, r.given === "x" ? sc.x0 : sc.y0, r.interval) : null;
      paint(ex.ui.canvas, sc, ex.dpr, r.region, r.cond);
      show(dom, r);
    },
  };
  wire(dom, r, api, changed);
  attachRegionPointer(ex.ui.canvas, { box, maps: () => ex.scene.m, addPoint: ex.addPoint }, api);
  return api;
}
