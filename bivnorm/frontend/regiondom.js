// bivnorm/frontend/regiondom.js: the region's elements and their CSS (the
// explorer's style, additions only). Every input and select has a <label>
// whose text is its accessible name; each section is a <details>, closed
// until it has something to show, so the explorer still fits one screen.

import { html } from "./controls.js";
import { CHOICES } from "./region.js";

export const CSS = `
.bivnorm-explorer .bne-region { margin: 4px 0 0; }
.bivnorm-explorer .bne-region summary { font-weight: 600; min-height: 24px; cursor: pointer; }
/* closed, the button and the two sections share rows */
.bivnorm-explorer .bne-bar.bne-region-bar, .bivnorm-explorer .bne-region:not([open]) { display: inline-block;
  margin-right: 12px; }
.bivnorm-explorer .bne-region:not([open]) > :not(summary) { display: none; }
.bivnorm-explorer .bne-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; }
.bivnorm-explorer .bne-bar button[aria-pressed=true] { background: #0f766e; color: #ffffff; border-color: #0f766e; }
.bivnorm-explorer select { font: inherit; min-height: 26px; max-width: 100%; color: #111827; background: #ffffff;
  border: 1px solid #6b7280; border-radius: 4px; }
.bivnorm-explorer .bne-edges { display: flex; flex-wrap: wrap; gap: 2px 8px; margin: 2px 0; }
.bivnorm-explorer .bne-edge { display: inline-flex; align-items: center; gap: 4px; }
.bivnorm-explorer .bne-edge input { font: inherit; width: 5.2em; min-height: 26px; padding: 1px 4px; color: #111827;
  background: #ffffff; border: 1px solid #6b7280; border-radius: 4px; }
.bivnorm-explorer .bne-edge input::placeholder { color: #4b5563; opacity: 1; }
.bivnorm-explorer .bne-edge input[aria-invalid=true] { border: 2px solid #b91c1c; }
.bivnorm-explorer .bne-out { font-size: 13px; margin: 2px 0; font-variant-numeric: tabular-nums; }
.bivnorm-explorer .bne-err { font-size: 13px; margin: 0; color: #b91c1c; }
.bivnorm-explorer .bne-err:empty { display: none; }
`;
const GIVEN = { x: "X = x₀: interval of Y", y: "Y = y₀: interval of X" };

function edgeInputs(base, labels) {
  const row = html("div", { class: "bne-edges" });
  const inputs = labels.map(([label, upper], i) => {
    const id = `${base}-${i}`;
    const input = html("input", { id, type: "text", autocomplete: "off", spellcheck: "false",
      placeholder: upper ? "∞" : "−∞", "aria-describedby": `${base}-err`, "data-lm-suppress-shortcuts": "true" });
    input.addEventListener("keydown", (event) => event.stopPropagation());
    const cell = html("span", { class: "bne-edge" });
    cell.append(html("label", { for: id }, label), input);
    row.append(cell);
    return input;
  });
  return { row, inputs, err: html("p", { class: "bne-err", id: `${base}-err` }) };
}

function select(id, options) {
  const node = html("select", { id, "data-lm-suppress-shortcuts": "true" });
  for (const [value, text] of options) node.append(html("option", { value }, text));
  return node;
}

/** The Draw region button, the region's section and the interval's. */
export function buildDom(base) {
  const draw = html("button", { type: "button", "aria-pressed": "false" }, "Draw region");
  const top = html("div", { class: "bne-bar bne-region-bar" });
  top.append(draw);
  const region = html("details", { class: "bne-region" });
  const choice = select(`${base}-choice`, [["none", "None"], ["custom", "Custom (drag or type)"],
    ...Object.entries(CHOICES).map(([value, [text]]) => [value, text])]);
  const clear = html("button", { type: "button" }, "Clear region");
  const bar = html("div", { class: "bne-bar" });
  bar.append(html("label", { for: choice.id }, "Region"), choice, clear);
  const edges = edgeInputs(`${base}-e`, [["x from", false], ["x to", true], ["y from", false], ["y to", true]]);
  const out = html("p", { class: "bne-out" });
  region.append(html("summary", {}, "Region probability"), bar, edges.row, out, edges.err,
    html("p", { class: "bne-hint" }, "Press Draw region (or hold Shift) and drag on the plot for a rectangle; " +
      "a click still adds a point. Drag along the right or top panel for a conditional interval."));
  const cond = html("details", { class: "bne-region" });
  const given = select(`${base}-given`, Object.entries(GIVEN));
  const iv = edgeInputs(`${base}-i`, [["interval from", false], ["interval to", true]]);
  const clearIv = html("button", { type: "button" }, "Clear interval");
  const gbar = html("div", { class: "bne-bar" });
  gbar.append(html("label", { for: given.id }, "Given"), given, clearIv);
  const condOut = html("p", { class: "bne-out" });
  cond.append(html("summary", {}, "Conditional interval"), gbar, iv.row, condOut, iv.err);
  return { top, region, cond, draw, choice, clear, edges, out, given, iv, clearIv, condOut };
}
