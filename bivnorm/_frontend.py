"""The explorer's front end: small ES modules joined into one text.

anywidget loads one module text (``_esm``), where relative imports do not
resolve, and the static page runs a classic script. :func:`join` wraps each
module of :data:`MODULES` (in dependency order) in a function scope, turns its
``import { a, b } from "./m.js";`` lines into ``const { a, b } = modules["m.js"];``
and its ``export`` keywords into the object that the scope returns (a re-export,
``export { a } from "./m.js";``, becomes such a ``const`` line and returned
names). The joined module exports ``default`` only; the static script calls
``renderStatic``.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Folder of the ES modules (shipped with the package; each one importable alone).
FOLDER = Path(__file__).with_name("frontend")
#: The modules in dependency order: each imports only modules before it.
MODULES = [
    "maths.js",
    "ndtr.js",
    "cdf.js",
    "state.js",
    "scales.js",
    "draw.js",
    "scene.js",
    "a11y.js",
    "style.js",
    "controls.js",
    "region.js",
    "regioncanvas.js",
    "regiondom.js",
    "regionui.js",
    "regionsync.js",
    "player.js",
    "input.js",
    "app.js",
    "whiten.js",
    "project.js",
    "viewdraw.js",
    "viewscene.js",
    "viewui.js",
    "views.js",
    "hook.js",
    "widget.js",
]

_IMPORT = re.compile(
    r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w.-]+\.js)";[ \t]*$', re.MULTILINE
)
_REEXPORT = re.compile(
    r'^export\s*\{([^}]*)\}\s*from\s*"\./([\w.-]+\.js)";[ \t]*$', re.MULTILINE
)
_EXPORT = re.compile(r"^export (?:function|const|let|class) (\w+)", re.MULTILINE)
_DEFAULT = re.compile(r"^export default (.+);[ \t]*$", re.MULTILINE)
_LEFT = re.compile(r"^\s*(import|export)\b", re.MULTILINE)


def _wrap(name: str, source: str, done: set[str]) -> str:
    def imported(match):
        names, module = match.group(1), match.group(2)
        if module not in done:
            msg = f"{name} imports {module}, which is not before it in MODULES"
            raise RuntimeError(msg)
        return f"const {{{names}}} = modules[{module!r}];"

    reexported = [
        name.strip()
        for group, _ in _REEXPORT.findall(source)
        for name in group.split(",")
    ]
    body = _REEXPORT.sub(imported, source)
    body = _IMPORT.sub(imported, body)
    names = _EXPORT.findall(body) + [n for n in reexported if n]
    body = _EXPORT.sub(lambda m: m.group(0).removeprefix("export "), body)
    body = _DEFAULT.sub(lambda m: f"const __default = {m.group(1)};", body)
    if "const __default = " in body:
        names.append("default: __default")
    if _LEFT.search(body):
        msg = f"{name} has an import or export that the join step cannot read"
        raise RuntimeError(msg)
    return f"modules[{name!r}] = (() => {{\n{body}\nreturn {{ {', '.join(names)} }};\n}})();\n"


def join(modules=None) -> str:
    """The modules' text, each in its own scope, in one body (no import/export)."""
    parts, done = ['"use strict";\nconst modules = Object.create(null);\n'], set()
    for name in MODULES if modules is None else modules:
        source = (FOLDER / name).read_text(encoding="utf-8")
        parts.append(_wrap(name, source, done))
        done.add(name)
    text = "".join(parts)
    if "</script" in text.lower():
        msg = "the front end must not contain '</script'"
        raise RuntimeError(msg)
    return text


def module_source() -> str:
    """The joined ES module for anywidget: a default export only."""
    return join() + 'export default modules["widget.js"].default;\n'


def script_source(uid: str) -> str:
    """A classic script body that draws the explorer in the element ``uid``."""
    return (
        f'(function () {{\n{join()}modules["widget.js"].renderStatic({uid!r});\n}})();'
    )
