// bivnorm/frontend/regionsync.js: the region's traits in Jupyter. rect is []
// or [a, b, c, d] and interval [] or [c, d], with null for an infinite edge
// (JSON has no infinity); given is "x" or "y". Page -> model on every change
// (a menu region follows the law, so law moves send it too; play sends where
// it paused); model -> page as sent.

const KEYS = ["rect", "interval", "given"];

/** Edges as JSON: null for an infinite one; [] for none. */
export function toJson(edges) {
  return edges ? edges.map((v) => (Number.isFinite(v) ? v : null)) : [];
}

/** JSON edges back: null at even places is -Infinity, at odd ones +Infinity. */
export function fromJson(list, size) {
  if (!Array.isArray(list) || list.length !== size) return null;
  return list.map((v, i) => (v === null || v === undefined ? (i % 2 ? Infinity : -Infinity) : Number(v)));
}

/** Keep the model's rect, interval and given equal to the page's; returns unsync. */
export function syncRegion(ex, model) {
  let writing = false;
  const write = (source) => {
    if (source === "model" || source === "play" || writing) return;
    const v = ex.region.values();
    const next = { rect: toJson(v.rect), interval: toJson(v.interval), given: v.given };
    const now = (k) => model.get(k) ?? (k === "given" ? "x" : []); // an older model: the defaults
    const stale = KEYS.filter((k) => JSON.stringify(next[k]) !== JSON.stringify(now(k)));
    if (!stale.length) return;
    writing = true;
    try {
      for (const k of stale) model.set(k, next[k]);
      model.save_changes();
    } finally {
      writing = false;
    }
  };
  ex.state.onChange(write);
  ex.region.onChange(write);
  const read = () => {
    if (!writing) ex.region.fromModel(fromJson(model.get("rect"), 4), fromJson(model.get("interval"), 2), model.get("given"));
  };
  for (const k of KEYS) model.on(`change:${k}`, read);
  return () => { for (const k of KEYS) model.off(`change:${k}`, read); };
}
