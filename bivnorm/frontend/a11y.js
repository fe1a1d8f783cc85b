// bivnorm/frontend/a11y.js: what a screen reader hears. One polite live
// region, written once a change has settled (at most once per SETTLE_MS of
// continuous motion), and the plot's text alternative, kept current.

export const SETTLE_MS = 600;

function num(v, digits = 2) {
  if (!Number.isFinite(v)) return "undefined";
  const text = v.toFixed(digits);
  return text === `-${(0).toFixed(digits)}` ? text.slice(1) : text;
}

function lawText(d) {
  return `mean x ${num(d.mean_x)}, mean y ${num(d.mean_y)}, standard deviation x ${num(d.std_x)}, ` +
    `standard deviation y ${num(d.std_y)}, correlation ${num(d.rho)}`;
}

function strength(rho) {
  const a = Math.abs(rho);
  if (a < 0.1) return "no correlation";
  const word = a < 0.4 ? "weak" : a < 0.7 ? "moderate" : "strong";
  return `${word} ${rho > 0 ? "positive" : "negative"} correlation`;
}

/** The plot's text alternative: the law, the correlation, the points and their fit. */
export function describe(d, count, fitted) {
  const pts = count === 1 ? "1 point added" : `${count} points added`;
  const fitText = fitted ? `; their fitted law: ${lawText(fitted)}` : "";
  return `Bivariate normal law: ${lawText(d)}; ${strength(d.rho)}. ${pts}${fitText}.`;
}

/** A debounced announcer writing into the live region `region`. */
export function createAnnouncer(region) {
  let timer = null, pending = "";
  function say(text) {
    pending = text;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (region.textContent !== pending) region.textContent = pending;
    }, SETTLE_MS);
  }
  function dispose() {
    if (timer !== null) clearTimeout(timer);
  }
  return { say, dispose };
}
