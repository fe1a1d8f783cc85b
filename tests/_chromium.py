"""What every browser test shares: Debian's Chromium, its flags, and axe-core.

Imported as ``_chromium`` (``pythonpath = ["tests"]`` in pyproject.toml) by the
conftests of ``tests/browser`` and ``tests/frontend`` and by the benchmarks.

axe-core comes from the npm registry: the nox sessions that drive a browser install
it (``noxfile.py``, which pins its version) and name its file in ``$AXE_JS``.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
AXE_JS = Path(
    os.environ.get(
        "AXE_JS", ROOT / ".nox" / "_npm" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
# WCAG 2.0-2.2 A and AA, as the issues ask; best practices are reported too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, include: str | None = None) -> list[dict]:
    """Run axe-core on ``page`` (or on the element matching ``include``).

    Returns the violations as ``{id, impact, help, targets}`` dicts: an empty
    list is a clean page.
    """
    if not AXE_JS.is_file():
        msg = f"no axe-core at {AXE_JS}: run the nox session (it installs it)"
        raise FileNotFoundError(msg)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([include, tags]) => {
            const ctx = include ? {include: [include]} : document;
            const r = await axe.run(ctx, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            }));
        }""",
        [include, AXE_TAGS],
    )
    return list(result)
