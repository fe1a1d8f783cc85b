// bivnorm/frontend/controls.js: the DOM around the canvas. Sliders named by
// their visible labels (from Python's table), buttons, presets, the readout
// table (law, drawn sample, fit of the points), the legend, the live region
// and the plot's text alternative. It builds elements; widget.js wires them.

import { COLORS } from "./draw.js";

let uid = 0;

export function html(tag, attrs = {}, inner = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (inner) node.innerHTML = inner;
  return node;
}

export function fmt(value, digits = 2) {
  if (!Number.isFinite(value)) return "–";
  const text = value.toFixed(digits);
  return text === `-${(0).toFixed(digits)}` ? text.slice(1) : text;
}

export function decimals(step) {
  return step >= 1 ? 0 : Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
}

function sliderRow(spec, id) {
  const row = html("div", { class: "bne-row" });
  const input = html("input", {
    id, type: "range", min: spec.lo, max: spec.hi, step: spec.step, "data-name": spec.name,
    "data-lm-suppress-shortcuts": "true",
  });
  const value = html("span", { class: "bne-value", "aria-hidden": "true" });
  row.append(html("label", { for: id }, spec.label), input, value);
  return { row, input, value };
}

function legend() {
  const items = [
    [COLORS.ellipse[1], "solid", "law: 50, 90, 99 % ellipses"],
    [COLORS.fit, "dashed", "fit of your points"],
    [COLORS.regY, "dashed", "E[Y | X]"],
    [COLORS.regX, "dotted", "E[X | Y]"],
    [COLORS.sliceX, "solid", "slice x = x₀, p(y | x₀)"],
    [COLORS.sliceY, "solid", "slice y = y₀, p(x | y₀)"],
  ];
  const list = html("ul", { class: "bne-legend", "aria-label": "legend" });
  for (const [color, style, text] of items) {
    const item = html("li");
    const swatch = html("span", { class: "bne-swatch", "aria-hidden": "true" });
    swatch.style.borderTopColor = color;
    swatch.style.borderTopStyle = style;
    item.append(swatch, document.createTextNode(text));
    list.append(item);
  }
  return list;
}

function readoutTable() {
  const table = html("table", { class: "bne-readout" });
  table.innerHTML = "<caption class='bne-sr'>The law, the drawn sample and the fit of your points</caption>" +
    "<thead><tr><td></td><th scope='col'>law</th><th scope='col'>sample</th>" +
    "<th scope='col'>fit</th></tr></thead><tbody></tbody>";
  const cells = {};
  for (const [name, label] of [["mean_x", "μ<sub>x</sub>"], ["mean_y", "μ<sub>y</sub>"],
    ["std_x", "σ<sub>x</sub>"], ["std_y", "σ<sub>y</sub>"], ["rho", "ρ"]]) {
    const row = html("tr");
    row.append(html("th", { scope: "row" }, label));
    cells[name] = ["law", "sample", "fit"].map((col) => {
      const cell = html("td", { "data-col": col });
      row.append(cell);
      return cell;
    });
    table.tBodies[0].append(row);
  }
  return { table, cells };
}

/** Build the explorer's DOM in `el` for the slider specs and presets. */
export function buildControls(el, specs, presets) {
  const base = `bne-${++uid}`;
  const root = html("div", { class: "bivnorm-explorer", "data-lm-suppress-shortcuts": "true" });
  const plot = html("div", { class: "bne-plot" });
  const canvas = html("canvas", {
    tabindex: "0", role: "application", "aria-roledescription": "plot",
    "aria-label": "Plot: arrows move a cursor, Enter adds a point, Delete removes the last, S moves the slices",
    "aria-describedby": `${base}-desc`, "data-lm-suppress-shortcuts": "true",
  });
  const desc = html("p", { id: `${base}-desc`, class: "bne-sr" });
  const live = html("div", { role: "status", "aria-live": "polite", class: "bne-sr" });
  const hint = html("p", { class: "bne-hint" },
    "Click or tap the plot to add a point; drag a slice line or the ring to move the slices. " +
    "Keyboard: focus the plot, arrows move a cursor, Enter adds a point, Delete removes the last, S moves the slices.");
  plot.append(canvas, legend(), hint, desc, live);
  const panel = html("div", { class: "bne-panel" });
  const sliders = {};
  for (const spec of Object.values(specs)) {
    sliders[spec.name] = sliderRow(spec, `${base}-${spec.name}`);
    panel.append(sliders[spec.name].row);
  }
  const buttons = {};
  const actions = html("div", { class: "bne-actions" });
  for (const [name, text] of [["play", "Play"], ["undo", "Undo"], ["reset", "Reset points"], ["redraw", "Redraw"]]) {
    buttons[name] = html("button", { type: "button" }, text);
    actions.append(buttons[name]);
  }
  buttons.play.setAttribute("aria-pressed", "false");
  const presetBox = html("div", { class: "bne-presets", role: "group", "aria-labelledby": `${base}-presets` });
  presetBox.append(html("div", { class: "bne-group", id: `${base}-presets` }, "Presets"));
  const presetButtons = {};
  for (const p of presets) {
    presetButtons[p.name] = html("button", { type: "button", title: p.source || "" }, p.name);
    presetBox.append(presetButtons[p.name]);
  }
  const note = html("p", { class: "bne-note" });
  const { table, cells } = readoutTable();
  const extra = html("p", { class: "bne-note" });
  panel.append(actions, presetBox, note, table, extra);
  root.append(html("style", {}, ""), plot, panel);
  el.append(root);
  return { root, plot, canvas, desc, live, sliders, buttons, presetButtons, note, cells, extra };
}
