"""The live explorer in headless Chromium: one update at n = 5000, first draw, size.

The page is the self-contained snippet of ``Explorer.to_html()`` served by
``http.server`` on 127.0.0.1, as on the built site; the landing page of the built
site (``docs/_build/html/index.html``) is timed too when it exists. Needs
Playwright and Debian's Chromium (``$CHROMIUM``, default ``/usr/bin/chromium``);
without them the figures are reported as not measured.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from harness import ROOT, figure_row

X64 = False
ORDER = 80
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
BIG = 100_000
SITE = ROOT / "docs" / "_build" / "html"
N = 5000

UPDATES_JS = """reps => {
  const el = document.querySelector('.bivnorm-explorer');
  const times = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    el.bivnorm.set({rho: -0.9 + (1.8 * (i % 50)) / 49});
    times.push(performance.now() - start);
  }
  return times;
}"""
FIRST_DRAWN_JS = """() => {
  const mark = performance.getEntriesByName('bivnorm-explorer-drawn')[0];
  return mark ? mark.startTime : null;
}"""
DOM_LOADED_JS = """() => performance.getEntriesByType('navigation')[0]
  .domContentLoadedEventStart"""
FIRST_PAINT_JS = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return paint ? paint.startTime : null;
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def _serve(directory):
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _page(directory: Path, n=N, capacity=10_000, name="index.html") -> None:
    import bivnorm as bn

    ex = bn.explorer(bn.BivariateNormal(rho=0.6), n=n, key=0, capacity=capacity)
    body = ex.to_html()
    (directory / name).write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>explorer</title>"
        f"</head><body>{body}</body></html>",
        encoding="utf-8",
    )


def _first_drawn(browser, url, loads):
    """Medians over fresh pages of the ms from navigation start to the first drawn
    explorer, to the page's first contentful paint (what any content waits for),
    and from DOMContentLoaded to the first drawn explorer (issue 23, item 13)."""
    drawn, painted, after_dom = [], [], []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function(f"() => ({FIRST_DRAWN_JS})() !== null")
        page.wait_for_function(f"() => ({FIRST_PAINT_JS})() !== null")
        drawn.append(page.evaluate(FIRST_DRAWN_JS))
        painted.append(page.evaluate(FIRST_PAINT_JS))
        after_dom.append(drawn[-1] - page.evaluate(DOM_LOADED_JS))
        context.close()
    return tuple(map(statistics.median, (drawn, painted, after_dom)))


def measure(quick):
    """``{"update_ms", "draw_ms", "first_ms", "landing_ms"}`` (None: not measured)."""
    from playwright.sync_api import sync_playwright

    reps, loads = (60, 3) if quick else (300, 9)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        _page(Path(tmp))
        _page(Path(tmp), BIG, BIG, "big.html")
        server, url = _serve(tmp)
        site = _serve(SITE) if (SITE / "index.html").is_file() else None
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/index.html", wait_until="load")
            page.evaluate(
                f"() => document.querySelector('.bivnorm-explorer')"
                f".bivnorm.set({{n: {N}}})"
            )
            page.evaluate(UPDATES_JS, 20)  # warm up the JIT
            updates = page.evaluate(UPDATES_JS, reps)
            draws = []
            for _ in range(reps // 3):
                page.evaluate(UPDATES_JS, 1)
                draws.append(
                    page.evaluate(
                        "() => document.querySelector('.bivnorm-explorer')"
                        ".bivnorm.lastDrawMs"
                    )
                )
            page.goto(f"{url}/big.html", wait_until="load")
            page.evaluate(UPDATES_JS, 5)
            big = []
            for _ in range(max(10, reps // 10)):
                page.evaluate(UPDATES_JS, 1)
                big.append(
                    page.evaluate(
                        "() => document.querySelector('.bivnorm-explorer')"
                        ".bivnorm.lastDrawMs"
                    )
                )
            first = _first_drawn(browser, f"{url}/index.html", loads)
            landing = explore = (None, None, None)
            if site:
                landing = _first_drawn(browser, f"{site[1]}/index.html", loads)
                explore = _first_drawn(
                    browser, f"{site[1]}/auto_examples/plot_explore.html", loads
                )
        finally:
            browser.close()
            server.shutdown()
            if site:
                site[0].shutdown()
    return {
        "update_ms": statistics.median(updates),
        "draw_ms": statistics.median(draws),
        "big_draw_ms": statistics.median(big),
        "first_ms": first[0],
        "landing_ms": landing[0],
        "landing_paint_ms": landing[1],
        "landing_after_dom_ms": landing[2],
        "explore_after_dom_ms": explore[2],
        "explore_ms": explore[0],
        "reps": reps,
        "loads": loads,
    }


def run(quick):
    from bivnorm._frontend import module_source

    size_kb = len(module_source().encode()) / 1000
    note = ""
    try:
        if not Path(CHROMIUM).is_file():
            msg = f"no Chromium at {CHROMIUM}"
            raise FileNotFoundError(msg)
        found = measure(quick)
    except (ImportError, FileNotFoundError) as err:
        found = dict.fromkeys(
            ("update_ms", "draw_ms", "big_draw_ms", "first_ms", "landing_ms")
        )
        note = f"not measured: {err}"
    reps = found.get("reps")
    loads = found.get("loads")
    rows = [
        figure_row(
            "explorer_update",
            f"explorer: one slider update at n = {N} (set + redraw, headless Chromium)",
            found["update_ms"],
            "ms",
            goal=("<=", 4),
            note=note or f"median of {reps} el.bivnorm.set({{rho}}) calls",
        ),
        figure_row(
            "explorer_first_draw",
            "explorer: page load to first drawn explorer (snippet page, local)",
            found["first_ms"],
            "ms",
            goal=("<=", 300),
            note=note or f"median of {loads} fresh loads, from navigation start",
        ),
        figure_row(
            "explorer_module_kb",
            "explorer: the joined front end (bivnorm/frontend/*.js), unminified",
            size_kb,
            "kB",
            goal=("<=", 60),
        ),
        figure_row(
            "explorer_draw_big",
            f"explorer: one redraw at n = {BIG} (capacity={BIG}, headless Chromium)",
            found["big_draw_ms"],
            "ms",
            goal=("<=", 16),
            note=note or "median of el.bivnorm.lastDrawMs after set({rho})",
        ),
    ]
    if found["landing_ms"] is not None:
        rows.insert(
            2,
            figure_row(
                "explorer_first_draw_landing",
                "explorer: landing page of the built site to first drawn explorer",
                found["landing_ms"],
                "ms",
                goal=("<=", 300),
                note=(
                    f"median of {loads} fresh loads, docs/_build/html/index.html, "
                    f"from navigation start ({found['landing_after_dom_ms']:.0f} ms "
                    f"after DOMContentLoaded); the page's own first contentful "
                    f"paint: {found['landing_paint_ms']:.0f} ms"
                ),
            ),
        )
        rows.insert(
            3,
            figure_row(
                "explorer_first_draw_explore",
                "explorer: explore page of the built site, DOMContentLoaded to "
                "first drawn explorer",
                found["explore_after_dom_ms"],
                "ms",
                goal=("<=", 150),
                note=(
                    f"median of {loads} fresh loads, "
                    "docs/_build/html/auto_examples/plot_explore.html "
                    f"({found['explore_ms']:.0f} ms from navigation start)"
                ),
            ),
        )
    info = {
        "explorer_draw_ms": found["draw_ms"],
        "explorer_n": N,
        "explorer_big_draw_ms": found["big_draw_ms"],
    }
    return {"rows": rows, "info": info}
