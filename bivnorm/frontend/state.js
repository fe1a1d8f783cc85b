// bivnorm/frontend/state.js: the explorer's one state and its only way in.
//
// The state holds the law, n, the slice (x0, y0) and the clicked points. Every
// change goes through update(patch): own keys of the slider table only (others,
// __proto__ and friends included, are ignored), finite numbers only (a NaN,
// an infinity, null or a string refuses the whole patch: nothing changes),
// clamped to the ranges that came from Python and, for moves made in the page,
// snapped to the sliders' steps. Inside those ranges every law is valid.

export const PARAMS = ["mean_x", "mean_y", "std_x", "std_y", "rho"];
const HISTORY = 200;

function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The value a range input would show for value: clamped, on the step's grid. */
export function snap(spec, value) {
  const clamped = Math.min(spec.hi, Math.max(spec.lo, value));
  const steps = Math.round((clamped - spec.lo) / spec.step);
  const digits = Math.max(0, Math.ceil(-Math.log10(spec.step) - 1e-9));
  return Math.min(spec.hi, Number((spec.lo + steps * spec.step).toFixed(digits)));
}

/** The checked values of a patch: {values} or {error} naming the first bad key. */
function checked(specs, patch, grid) {
  const values = {};
  if (patch === null || typeof patch !== "object") return { error: "values must be an object" };
  for (const key of Object.keys(patch)) {
    if (!own(specs, key)) continue; // unknown or inherited: ignored
    const value = patch[key];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return { error: `${key} must be a finite number, got ${String(value)}` };
    }
    const spec = specs[key];
    values[key] = grid ? snap(spec, value) : Math.min(spec.hi, Math.max(spec.lo, value));
  }
  return { values };
}

/** The state of one explorer: specs is {name: {lo, hi, step, ...}} from Python. */
export function createState(specs, init) {
  const s = Object.create(null);
  for (const name of Object.keys(specs)) s[name] = Number(init[name]);
  let points = (init.points || []).map((p) => [Number(p[0]), Number(p[1])]);
  const past = [];
  const listeners = [];

  function law() {
    return { mean_x: s.mean_x, mean_y: s.mean_y, std_x: s.std_x, std_y: s.std_y, rho: s.rho };
  }
  function snapshot() {
    return { values: { ...s }, points: points.map((p) => p.slice()) };
  }
  function emit(source) {
    for (const f of listeners) f(source);
  }
  /** Apply a patch; returns "" or the reason it was refused (state unchanged). */
  function update(patch, { grid = true, source = "page" } = {}) {
    const { values, error } = checked(specs, patch, grid);
    if (error) return error;
    Object.assign(s, values);
    emit(source);
    return "";
  }
  function remember() {
    past.push(snapshot());
    if (past.length > HISTORY) past.shift();
  }
  function undo() {
    const last = past.pop();
    if (!last) return false;
    Object.assign(s, last.values);
    points = last.points;
    emit("undo");
    return true;
  }
  function setPoints(list, source = "page") {
    const next = [];
    for (const p of list) {
      if (!Array.isArray(p) || p.length !== 2) return "a point is a pair [x, y]";
      const [x, y] = p;
      if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
        return `a point's coordinates must be finite numbers, got [${String(x)}, ${String(y)}]`;
      }
      next.push([x, y]);
    }
    points = next;
    emit(source);
    return "";
  }
  return {
    specs, law, update, validate: (patch) => checked(specs, patch, true).error || "", remember, undo, setPoints,
    get: (name) => s[name],
    values: () => ({ ...s }),
    points: () => points,
    canUndo: () => past.length > 0,
    onChange: (f) => listeners.push(f),
  };
}
