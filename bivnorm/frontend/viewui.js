// bivnorm/frontend/viewui.js: the DOM of the view switch and of the whitening
// and projection views (built when a view opens, removed when it closes), and
// their CSS. It builds elements; views.js wires them.

import { html } from "./controls.js";
import { KS, RAMP, STAGES, rampColor } from "./whiten.js";

let uid = 0;

export const VIEW_CSS = `
.bivnorm-explorer [hidden] { display: none !important; }
.bivnorm-explorer .bne-switch { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 10px;
  border: 0; margin: 0 0 6px; padding: 0; min-width: 0; }
.bivnorm-explorer .bne-switch legend { float: left; width: auto; font: 600 14px/26px system-ui, sans-serif;
  padding: 0; margin: 0 4px 0 0; }
.bivnorm-explorer .bne-switch label { display: inline-flex; align-items: center; gap: 4px;
  min-height: 26px; cursor: pointer; }
.bivnorm-explorer .bne-switch input { width: 24px; height: 24px; margin: 0; accent-color: #1d4ed8; }
.bivnorm-explorer .bne-view canvas { touch-action: auto; cursor: default; }
.bivnorm-explorer .bne-view canvas.bne-drag { touch-action: none; cursor: grab; }
.bivnorm-explorer .bne-stages { display: flex; flex-wrap: wrap; align-items: center; margin: 4px 0; }
.bivnorm-explorer .bne-view button[aria-pressed="true"] { background: #1d4ed8; color: #ffffff; border-color: #1d4ed8; }
.bivnorm-explorer .bne-ramp { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px;
  align-items: center; font-size: 13px; margin: 4px 0; max-width: 360px; }
.bivnorm-explorer .bne-ramp-bar { height: 12px; border: 1px solid #4b5563; }
.bivnorm-explorer .bne-ramp-ticks { grid-column: 2; display: flex; justify-content: space-between; }
.bivnorm-explorer .bne-arow { display: grid; grid-template-columns: auto 1fr 4em; align-items: center;
  gap: 6px; min-height: 26px; }
.bivnorm-explorer .bne-arow label { font-weight: 600; }
.bivnorm-explorer .bne-arow input { width: 100%; margin: 0; height: 24px; accent-color: #b91c1c; }
`;

/** The view switch: a radio group with visible labels. */
export function buildSwitch() {
  const base = `bne-view-${++uid}`;
  const box = html("fieldset", { class: "bne-switch" });
  box.append(html("legend", {}, "View"));
  const radios = {};
  for (const [name, text] of [["joint", "Joint"], ["whitening", "Whitening"], ["projection", "Projection"]]) {
    const input = html("input", { type: "radio", name: base, id: `${base}-${name}`, value: name,
      "data-lm-suppress-shortcuts": "true" });
    const label = html("label", { for: `${base}-${name}` });
    label.append(input, document.createTextNode(text));
    box.append(label);
    radios[name] = input;
  }
  return { box, radios };
}

function table(caption, heads) {
  const t = html("table", { class: "bne-readout" });
  t.innerHTML = `<caption class='bne-sr'>${caption}</caption><thead><tr>${heads
    .map((h) => (h ? `<th scope='col'>${h}</th>` : "<td></td>")).join("")}</tr></thead><tbody></tbody>`;
  return t;
}

function rampLegend() {
  const box = html("div", { class: "bne-ramp" });
  const stops = RAMP.map(([, c], i) => `${rampColor(i)} ${(100 * i) / (RAMP.length - 1)}%`);
  const bar = html("div", { class: "bne-ramp-bar", "aria-hidden": "true" });
  bar.style.background = `linear-gradient(to right, ${stops.join(", ")})`;
  const ticks = html("div", { class: "bne-ramp-ticks" });
  for (const [q] of RAMP) ticks.append(html("span", {}, q === 9 ? "≥ 9" : String(q)));
  box.append(html("span", {}, "colour: d²"), bar, ticks);
  return box;
}

/** The whitening view: canvas, stage buttons, play, the colour scale and coverage table. */
export function buildWhitening() {
  const box = html("div", { class: "bne-view", "data-view": "whitening" });
  const canvas = html("canvas", { role: "img", "aria-label": "Whitening plot" });
  const stages = html("div", { class: "bne-stages", role: "group", "aria-label": "Stage" });
  const buttons = STAGES.map((name, i) => {
    const b = html("button", { type: "button", "aria-pressed": "false" }, `${i + 1}. ${name}`);
    stages.append(b);
    return b;
  });
  const play = html("button", { type: "button", "aria-pressed": "false" }, "Play stages");
  stages.append(play);
  const caption = html("p", { class: "bne-note" });
  const cov = table("The k-sigma ellipses: the law's coverage and the drawn points inside",
    ["k", "law 1 − exp(−k²/2)", "points inside"]);
  const cells = KS.map((k) => {
    const row = html("tr");
    row.append(html("th", { scope: "row" }, `${k}σ`));
    const law = html("td"), frac = html("td");
    row.append(law, frac);
    cov.tBodies[0].append(row);
    return { law, frac };
  });
  box.append(canvas, stages, caption, rampLegend(), cov);
  return { box, canvas, buttons, play, caption, cells };
}

/** The projection view: canvas, the angle slider, the axes buttons and the law's numbers. */
export function buildProjection() {
  const base = `bne-proj-${++uid}`;
  const box = html("div", { class: "bne-view", "data-view": "projection" });
  const canvas = html("canvas", { class: "bne-drag", role: "img", "aria-label": "Projection plot" });
  const row = html("div", { class: "bne-arow" });
  const slider = html("input", { id: `${base}-angle`, type: "range", min: "-180", max: "180", step: "0.5",
    "data-lm-suppress-shortcuts": "true" });
  const value = html("span", { class: "bne-value", "aria-hidden": "true" });
  row.append(html("label", { for: `${base}-angle` }, "angle of u (°)"), slider, value);
  const axesBox = html("div", { class: "bne-stages", role: "group", "aria-label": "Principal axes" });
  const major = html("button", { type: "button" }), minor = html("button", { type: "button" });
  axesBox.append(major, minor);
  const law = html("p", { class: "bne-note" });
  const t = table("The law of u transpose X and the projected points", ["", "law", "sample"]);
  const cells = {};
  for (const [name, text] of [["mean", "mean"], ["std", "std"], ["variance", "variance"]]) {
    const tr = html("tr");
    tr.append(html("th", { scope: "row" }, text));
    cells[name] = [html("td"), html("td")];
    tr.append(...cells[name]);
    t.tBodies[0].append(tr);
  }
  box.append(canvas, row, axesBox, law, t);
  return { box, canvas, slider, value, major, minor, law, cells };
}
