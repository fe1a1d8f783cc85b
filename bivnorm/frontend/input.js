// bivnorm/frontend/input.js: pointers and keys on the plot, turned into
// actions. Pointer Events (mouse, pen, touch): a click or tap anywhere in the
// joint panel adds a point where it landed; a drag of more than DRAG_PX that
// starts on a slice line (within GRAB_PX of it) or on the (x0, y0) handle
// moves the slice. Keys, on the focused plot: arrows move a cursor (Shift:
// five times further), Enter or Space adds a point there, Delete or Backspace
// removes the last point, S moves the slice to the cursor.

export const DRAG_PX = 4;
export const GRAB_PX = 6; // each side of a line: a 12 px grab zone
export const HANDLE_PX = 12;

function inside(b, x, y) {
  return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1;
}

/** What a press at (x, y) (CSS px in the canvas) would grab. */
function grabbed(m, slice, x, y) {
  const hx = m.sx(slice.x0), hy = m.sy(slice.y0);
  if (Math.hypot(x - hx, y - hy) <= HANDLE_PX) return "handle";
  if (Math.abs(x - hx) <= GRAB_PX) return "x0";
  if (Math.abs(y - hy) <= GRAB_PX) return "y0";
  return null;
}

const CURSORS = { handle: "move", x0: "ew-resize", y0: "ns-resize" };

/** Wire the canvas; `ex` gives box(), maps(), slice(), and the actions. */
export function attachInput(canvas, ex) {
  let press = null;
  const at = (event) => {
    const rect = canvas.getBoundingClientRect();
    const b = ex.box();
    return [((event.clientX - rect.left) * b.width) / rect.width, ((event.clientY - rect.top) * b.height) / rect.height];
  };
  function down(event) {
    const [x, y] = at(event);
    if (!inside(ex.box().joint, x, y) || (event.pointerType === "mouse" && event.button !== 0)) return;
    press = { x, y, id: event.pointerId, grab: grabbed(ex.maps(), ex.slice(), x, y), dragging: false };
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  }
  function move(event) {
    const [x, y] = at(event);
    if (!press) {
      const over = inside(ex.box().joint, x, y) ? grabbed(ex.maps(), ex.slice(), x, y) : null;
      canvas.style.cursor = CURSORS[over] || "crosshair";
      return;
    }
    if (event.pointerId !== press.id) return;
    if (!press.dragging && Math.hypot(x - press.x, y - press.y) > DRAG_PX && press.grab) {
      press.dragging = true;
      ex.beginDrag();
    }
    if (!press.dragging) return;
    const m = ex.maps(), to = {};
    if (press.grab !== "y0") to.x0 = m.dataX(x);
    if (press.grab !== "x0") to.y0 = m.dataY(y);
    ex.moveSlice(to);
  }
  function up(event) {
    if (!press || event.pointerId !== press.id) return;
    const moved = Math.hypot(at(event)[0] - press.x, at(event)[1] - press.y) > DRAG_PX;
    if (!press.dragging && !moved) {
      const m = ex.maps();
      ex.addPoint(m.dataX(press.x), m.dataY(press.y));
    }
    press = null;
  }
  canvas.addEventListener("pointerdown", down);
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", () => { press = null; });
  canvas.addEventListener("keydown", (event) => keys(event, ex));
}

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

function keys(event, ex) {
  event.stopPropagation(); // JupyterLab's shortcuts must not see them
  const arrow = ARROWS[event.key];
  if (arrow) {
    const m = ex.maps(), step = ((event.shiftKey ? 5 : 1) * 12) / m.k; // 12 px
    const [cx, cy] = ex.cursor();
    ex.setCursor([cx + arrow[0] * step, cy + arrow[1] * step]);
  } else if (event.key === "Enter" || event.key === " ") {
    ex.addPoint(...ex.cursor());
  } else if (event.key === "Delete" || event.key === "Backspace") {
    ex.removeLast();
  } else if (event.key === "s" || event.key === "S") {
    const [x0, y0] = ex.cursor();
    ex.beginDrag();
    ex.moveSlice({ x0, y0 });
  } else {
    return;
  }
  event.preventDefault();
}
