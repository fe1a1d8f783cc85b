"""The explorer's colours against their backgrounds (issue 23, item 5: WCAG 2.2 AA).

Measured in headless Chromium on the built site's pages, in the pydata theme's
light and dark modes:

* every piece of visible text in the explorer (labels, values, buttons, the fit
  table, the legend, notes) has a contrast of at least 4.5:1 with the background
  it sits on, both read from the computed styles;
* the keyboard focus ring (the computed outline of a focused control) has at
  least 3:1 against the explorer's background;
* the canvas's palette, read from the module the page draws with
  (``bivnorm/frontend/draw.js``, ``COLORS``): its text at least 4.5:1, and every
  graphical object (the three probability ellipses, the fitted ellipses, the
  marginal curves, both regression lines, both slices, the axes and ticks, the
  data points as one point is drawn, with its transparency, and the swatches of
  the legend) at least 3:1 against the white plot, the marginal curves also
  against the histogram bars they cross.

The contrast ratio is WCAG 2's: (L1 + 0.05) / (L2 + 0.05) of the relative
luminances.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FRONTEND = Path(__file__).resolve().parents[2] / "bivnorm" / "frontend"
PAGES = ["index.html", "auto_examples/plot_explore.html"]
ROOT_JS = "document.querySelector('.bivnorm-explorer')"
WHITE = (255.0, 255.0, 255.0)

#: Each visible text node's element: its colour and the background it sits on
#: (the first ancestor with an opaque background; translucent ones composited).
TEXTS_JS = """root => {
  const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const over = (top, under) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map((i) => a * top[i] + (1 - a) * under[i]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length > 3 && c[3] === 0) continue;
      layers.push(c);
      if (c.length === 3 || c[3] === 1) break;
    }
    return layers.reduceRight((under, top) => over(top, under), [255, 255, 255]);
  };
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.checkVisibility()) continue;
    if (el.closest('.bne-sr, script, style')) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const s = getComputedStyle(el);
    out.push({ text: node.textContent.trim().slice(0, 40), color: rgba(s.color),
               opacity: Number(s.opacity), background: background(el) });
  }
  return out;
}"""


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG 2's contrast ratio of two opaque sRGB colours (0-255 channels)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _over(color, under):
    """``color`` (rgb or rgba, alpha 0-1) composited over the opaque ``under``."""
    alpha = color[3] if len(color) > 3 else 1.0
    return tuple(
        alpha * c + (1 - alpha) * u for c, u in zip(color[:3], under, strict=True)
    )


def _parse(css: str) -> tuple[float, ...]:
    """A colour of the palette: ``#rrggbb`` or ``rgba(r, g, b, a)``."""
    if css.startswith("#"):
        return tuple(float(int(css[i : i + 2], 16)) for i in (1, 3, 5))
    return tuple(float(v) for v in re.findall(r"[\d.]+", css))


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast((0, 0, 0), WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is 4.54:1, #777777 4.48:1.
    assert contrast(_parse("#767676"), WHITE) == pytest.approx(4.54, abs=0.005)
    assert contrast(_parse("#777777"), WHITE) < 4.5


def _palette(page, base_url) -> dict:
    """``COLORS`` of the module that draws the canvas."""
    page.route(
        f"{base_url}/__draw__.js",
        lambda route: route.fulfill(
            body=(FRONTEND / "draw.js").read_text(encoding="utf-8"),
            content_type="text/javascript",
        ),
    )
    return page.evaluate(f"async () => (await import('{base_url}/__draw__.js')).COLORS")


def test_canvas_palette_contrast(recorded, base_url):
    page, rec = recorded
    page.goto(f"{base_url}/auto_examples/plot_explore.html", wait_until="load")
    colors = _palette(page, base_url)
    hist = _over(_parse(colors["hist"]), WHITE)
    ratios = {"text": contrast(_parse(colors["text"]), WHITE)}
    graphics = {
        **{f"ellipse {i}": c for i, c in enumerate(colors["ellipse"])},
        **{k: colors[k] for k in ("fit", "pdf", "regY", "regX", "sliceX", "sliceY")},
        "axes": colors["axes"],
        "points": colors["points"],
    }
    for name, css in graphics.items():
        ratios[name] = contrast(_over(_parse(css), WHITE), WHITE)
    # The marginal curves cross the histogram's bars.
    for name in ("pdf", "sliceX", "sliceY"):
        ratios[f"{name} on the histogram"] = contrast(_parse(colors[name]), hist)
    failing = {
        name: round(r, 2)
        for name, r in ratios.items()
        if r < (4.5 if name == "text" else 3.0)
    }
    assert failing == {}, ratios
    assert rec.problems() == {}


def _focus_ring(page) -> tuple[tuple[float, ...], str]:
    """The outline colour of a control focused from the keyboard."""
    page.evaluate(f"() => {ROOT_JS}.querySelector('input[type=range]').focus()")
    page.keyboard.press("ArrowRight")  # a keyboard user: :focus-visible
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineColor, s.outlineStyle, s.outlineWidth]; }"
    )
    return _parse(style[0]), f"{style[1]} {style[2]}"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("rel", PAGES)
def test_text_and_focus_contrast(recorded, base_url, rel, theme):
    page, rec = recorded
    page.goto(f"{base_url}/{rel}", wait_until="load")
    page.wait_for_function(f"() => {ROOT_JS} && {ROOT_JS}.bivnorm")
    page.evaluate("t => { document.documentElement.dataset.theme = t; }", theme)
    # Two points: the fit table and the legend's second entry are shown too.
    page.evaluate(
        f"() => {{ {ROOT_JS}.bivnorm.addPoint(-1, -0.5);"
        f" {ROOT_JS}.bivnorm.addPoint(1, 0.7); }}"
    )
    texts = page.evaluate(TEXTS_JS, page.locator(".bivnorm-explorer").element_handle())
    assert len(texts) >= 20, texts
    low = [
        (t["text"], round(contrast(t["color"], t["background"]), 2))
        for t in texts
        if contrast(_over(t["color"], t["background"]), t["background"]) < 4.5
        or t["opacity"] < 1
    ]
    assert low == []
    ring, style = _focus_ring(page)
    background = page.evaluate(f"() => getComputedStyle({ROOT_JS}).backgroundColor")
    assert style.startswith("solid"), style
    assert contrast(ring, _parse(background)) >= 3.0
    assert rec.problems() == {}
