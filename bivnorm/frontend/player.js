// bivnorm/frontend/player.js: play. A closed path through the laws, periodic
// in time (so continuous across its loop), starting at the law where play was
// pressed: rho swings through atanh space, the standard deviations breathe in
// turn. Time advances by at most one 30 fps frame per animation frame, so a
// slow or late frame never makes a jump. prefers-reduced-motion turns play off.

export const PERIOD_MS = 12000;
const MAX_DT = 1000 / 30;

/** The law at time t (ms) on the path that starts at d0. */
export function pathAt(d0, t, specs) {
  const w = (2 * Math.PI * t) / PERIOD_MS;
  const clamp = (name, v) => Math.min(specs[name].hi, Math.max(specs[name].lo, v));
  const atanh0 = Math.atanh(Math.max(-0.99, Math.min(0.99, d0.rho)));
  return {
    mean_x: d0.mean_x,
    mean_y: d0.mean_y,
    rho: clamp("rho", Math.tanh(atanh0 + 1.4 * Math.sin(w))),
    std_x: clamp("std_x", d0.std_x * Math.exp(0.35 * Math.sin(2 * w))),
    std_y: clamp("std_y", d0.std_y * Math.exp(-0.35 * Math.sin(2 * w))),
  };
}

/** A player: onFrame(law) is called each animation frame while playing. */
export function createPlayer(specs, onFrame, onStateChange) {
  const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  let id = null, t = 0, last = null, d0 = null;
  const reduced = () => Boolean(motion && motion.matches);
  function tick(now) {
    t += last === null ? 0 : Math.min(MAX_DT, Math.max(0, now - last));
    last = now;
    onFrame(pathAt(d0, t, specs));
    id = requestAnimationFrame(tick);
  }
  function play(law) {
    if (id !== null || reduced()) return false;
    d0 = law; t = 0; last = null;
    id = requestAnimationFrame(tick);
    onStateChange(true);
    return true;
  }
  function pause() {
    if (id === null) return false;
    cancelAnimationFrame(id);
    id = null;
    onStateChange(false);
    return true;
  }
  function onMotion() {
    if (reduced()) pause();
    onStateChange(id !== null);
  }
  if (motion && motion.addEventListener) motion.addEventListener("change", onMotion);
  function dispose() {
    pause();
    if (motion && motion.removeEventListener) motion.removeEventListener("change", onMotion);
  }
  return { play, pause, dispose, reduced, playing: () => id !== null };
}
