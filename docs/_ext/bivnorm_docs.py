"""Local Sphinx extension of the bivnorm site, and the one rule for JAX examples.

What it does, in build order:

* ``config-inited`` (early): bundles the wheels the JupyterLite site installs with
  ``%pip``: the ``bivnorm`` wheel built from this checkout and the ``ipywidgets``
  wheel of the installed version, into ``docs/pypi/``; jupyterlite-sphinx copies
  that folder into ``lite/pypi/`` and indexes it in ``lite/pypi/all.json``.
* ``config-inited`` (after sphinx-gallery's handler, priority 900): points
  ``jupyterlite_contents`` at the *children* of sphinx-gallery's contents folder.
  jupyterlite-sphinx 0.23 copies a listed folder under its own name, which would put
  the notebooks at ``jupyterlite_contents/auto_examples/...`` while the try-it links
  open ``auto_examples/...``; with the glob they land where the links point.
* keeps every page free of requests to other hosts: drops the web font that
  jupyterlite-sphinx adds from a CDN, ships MathJax with the site (one file of
  ``sphinx-mathjax-offline``), replaces the CDN icon font of matplotlib's JS
  animation player by characters, and drops the CDN scripts that make
  sphinx-gallery's timing tables sortable (``source-read``).
* :func:`modify_notebook` is sphinx-gallery's ``notebook_modification_function``:
  every JupyterLite notebook starts with the ``%pip install`` cell, and examples that
  need JAX say so first.

An example needs JAX if and only if its source imports ``jax``
(:func:`requires_jax`). ``docs/run_examples.py`` (the no-JAX run) applies the same
function, so the notebooks and the runner cannot disagree.

This module imports only the standard library at import time: the no-JAX runner
imports it in a venv without Sphinx.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parents[1]
ROOT = DOCS_DIR.parent
EXAMPLES_DIR = ROOT / "examples"
PYPI_DIR = DOCS_DIR / "pypi"

_PIP_LINE = "%pip install -q bivnorm ipywidgets"
#: First cell of every JupyterLite notebook: install from the wheels on the site.
#: matplotlib's first import in a fresh browser builds its font cache and logs a
#: warning about it; the reader has nothing to do about it, so it is not shown.
PIP_CELL = f"""{_PIP_LINE}
# No notice of matplotlib's one-off font cache, built at its first start here.
import logging

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)"""
#: ... and of the notebooks that show the explorer, an anywidget.
EXPLORER_PIP_CELL = PIP_CELL.replace(_PIP_LINE, f"{_PIP_LINE} anywidget", 1)

#: Pure-Python wheels bundled on the site next to bivnorm's: everything the kernel
#: installs beyond the Pyodide distribution, one pinned version each (the version
#: installed where the site is built), so that a mirrored site needs no PyPI.
#: ``comm`` is installed by the kernel itself at start, the others by ``%pip``
#: (psygnal's wheel on this machine is compiled, so the py3-none-any one is fetched).
BUNDLED_WHEELS = (
    "comm",
    "ipywidgets",
    "jupyterlab_widgets",
    "anywidget",
    "psygnal",
    "typing_extensions",
)

#: Player icons of matplotlib's animation player in a notebook, as characters
#: (the player's own icon font comes from a CDN).
_PLAYER_ICONS = {
    "minus": "\u2212",
    "fast-backward": "\u00ab",
    "step-backward": "\u2039",
    "play fa-flip-horizontal": "\u25c0",
    "pause": "\u275a\u275a",
    "play": "\u25b6",
    "step-forward": "\u203a",
    "fast-forward": "\u00bb",
    "plus": "+",
}
_PLAYER_ICON_LINES = "".join(
    f"    {name!r}: {char!r},\n" for name, char in _PLAYER_ICONS.items()
)
#: Cell before the first animation of a notebook: animations as matplotlib's
#: interactive player, with nothing loaded from another host.
ANIMATION_CELL = f"""# Animations as matplotlib's interactive player (as on the gallery's pages),
# its buttons drawn with characters instead of an icon font from another site.
import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import _animation_data as player

mpl.rcParams["animation.html"] = "jshtml"
player.JS_INCLUDE = player.JS_INCLUDE.replace(
    player.JS_INCLUDE[: player.JS_INCLUDE.index("<script")], ""
)
icons = {{
{_PLAYER_ICON_LINES}}}
for name, char in icons.items():
    player.DISPLAY_TEMPLATE = player.DISPLAY_TEMPLATE.replace(
        f'<i class="fa fa-{{name}}"></i>', char
    )"""

#: First cell of the notebooks of examples that import JAX.
JAX_NOTE = (
    "**This example needs JAX**, which the Python in your browser (Pyodide) does "
    "not have: here the notebook stops, with a short message, at the cell that "
    "checks for JAX. Run it on your machine instead: `pip install bivnorm` "
    "installs JAX with it. The rest of the gallery runs here as it is."
)

#: First line of the cell that stops a JAX example's notebook where JAX is missing.
JAX_CHECK_MARK = "# The Python in your browser (Pyodide) has no JAX: stop here."
#: That cell: without JAX it ends the run with one short message, no traceback
#: (IPython shows what ``_render_traceback_`` returns instead of a traceback).
JAX_CHECK_CELL = f"""{JAX_CHECK_MARK}
import importlib.util


class JAXNeeded(Exception):
    def _render_traceback_(self):
        return [str(self)]


if importlib.util.find_spec("jax") is None:
    raise JAXNeeded(
        "JAX is not available here, and the rest of this example needs it. "
        "Run it on your machine: pip install bivnorm (JAX comes with it)."
    )"""

#: Order of the gallery; examples not listed follow, by file name.
EXAMPLE_ORDER = (
    "plot_explore.py",
    "plot_joint_sampling.py",
    "plot_marginals.py",
    "plot_covariance_effects.py",
    "plot_conditionals.py",
    "plot_confidence_ellipses.py",
    "plot_rectangle_probability.py",
    "plot_far_tail.py",
    "plot_tetrachoric.py",
    "plot_density_surface.py",
    "plot_slider_app.py",
    "plot_animation.py",
    "plot_jax_transforms.py",
    "plot_sharded_monte_carlo.py",
    "plot_performance.py",
)

#: MathJax, served by the site itself (``mathjax_path`` in conf.py): self-contained,
#: no fonts, no components loaded later.
MATHJAX_FILE = "tex-svg-full.js"
EXTERNAL_CSS_PREFIX = "https://fonts.googleapis.com/"


def _imports_jax(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "jax" or name.startswith("jax.") for name in names):
            return True
    return False


def requires_jax(path: str | Path) -> bool:
    """Whether the example at ``path`` needs JAX: it imports ``jax`` somewhere."""
    return _imports_jax(Path(path).read_text(encoding="utf-8"))


def gallery_examples() -> list[Path]:
    """The gallery's example scripts, in gallery order."""
    return sorted(EXAMPLES_DIR.glob("plot_*.py"), key=lambda p: _order_key(p.name))


def _order_key(name: str) -> tuple[int, str]:
    if name in EXAMPLE_ORDER:
        return EXAMPLE_ORDER.index(name), name
    return len(EXAMPLE_ORDER), name


class ExampleOrder:
    """sphinx-gallery ``within_subsection_order``: :data:`EXAMPLE_ORDER` first."""

    def __init__(self, src_dir: str) -> None:
        self.src_dir = src_dir

    def __call__(self, filename: str) -> tuple[int, str]:
        return _order_key(Path(filename).name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def reset_animation_writer(gallery_conf, fname, when) -> None:  # noqa: ARG001
    """sphinx-gallery ``reset_modules``: animations written with Pillow.

    The animation thumbnails are GIFs; matplotlib's default writer, ffmpeg, is
    not installed here, and falling back would log a warning.
    """
    import matplotlib as mpl

    mpl.rcParams["animation.writer"] = "pillow"


def minigallery_key(path: str) -> tuple[int, str]:
    """sphinx-gallery ``minigallery_sort_order``: the gallery's order."""
    return _order_key(Path(path).name)


# ---------------------------------------------------------------------------
# JupyterLite notebooks


def _code_cell(source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": [source],
    }


def _markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": [source]}


_GALLERY_REF = re.compile(r":ref:`([^`<]*?)\s*<sphx_glr_auto_examples_(\w+)\.py>`")
_ROLE = re.compile(
    r":(?:py:)?(?:class|meth|func|attr|mod|obj|data|doc|ref):`(~?)([^`]+)`"
)


def _role_to_markdown(match: re.Match) -> str:
    tilde, target = match.groups()
    title = re.fullmatch(r"(.*?)\s*<.*>", target)
    if title:
        return title.group(1)
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


_DIRECTIVE = re.compile(
    r"^\.\. (admonition|tags)::(.*)\n((?:\n|   .*\n?)*)", re.MULTILINE
)


def _directive_to_markdown(match: re.Match) -> str:
    name, title, body = match.groups()
    if name == "tags":  # the site's tag pages have no place in a notebook
        return ""
    return f"**{title.strip()}**\n\n{textwrap.dedent(body)}"


def rst_roles_to_markdown(text: str) -> str:
    """Sphinx roles, which sphinx-gallery leaves in notebooks, as Markdown.

    A reference to another gallery example becomes a link to its notebook; a
    ``References`` admonition becomes a bold title over its list, and the
    ``.. tags::`` of an example are dropped.
    """
    text = _DIRECTIVE.sub(_directive_to_markdown, text)
    text = _GALLERY_REF.sub(r"[\1](\2.ipynb)", text)
    return _ROLE.sub(_role_to_markdown, text)


def _notebook_imports_jax(notebook: dict) -> bool:
    code = "\n".join(
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    )
    return _imports_jax(code)


def _shows_explorer(source: Path) -> bool:
    return source.is_file() and "explorer(" in source.read_text(encoding="utf-8")


def _drop_show_cells(cells: list[dict]) -> None:
    """Drop code cells that only say ``plt.show()`` (the inline backend shows)."""
    cells[:] = [
        cell
        for cell in cells
        if cell["cell_type"] != "code"
        or "".join(cell["source"]).strip() not in {"plt.show()", ""}
    ]


#: The ``.. explorer::`` directive and its options, in a notebook's markdown.
_EXPLORER_DIRECTIVE = re.compile(
    r"^\.\. explorer::\n(?:[ \t]+\S.*\n?)*\n?", re.MULTILINE
)


def _show_explorer(cells: list[dict]) -> None:
    """In a notebook, the explorer is the widget its code cell shows.

    The page shows it above the code with the ``.. explorer::`` directive (the
    whole explorer on the screen as the page opens); the notebook drops the
    directive and ends the cell that makes ``ex`` with ``ex``.
    """
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            cell["source"] = [_EXPLORER_DIRECTIVE.sub("", text)]
        elif text.rstrip().splitlines()[-1:] and re.match(
            r"ex = bn\.explorer\(", text.rstrip().splitlines()[-1]
        ):
            cell["source"] = [text.rstrip() + "\nex"]


def _animation_name(source: str) -> str | None:
    """The name given to an animation (``name = ....animate(...)``) in a cell."""
    tree = ast.parse(source)
    if not tree.body:
        return None
    last = tree.body[-1]
    if (
        isinstance(last, ast.Assign)
        and len(last.targets) == 1
        and isinstance(last.targets[0], ast.Name)
        and isinstance(last.value, ast.Call)
        and getattr(last.value.func, "attr", getattr(last.value.func, "id", ""))
        in {"animate", "FuncAnimation"}
    ):
        return last.targets[0].id
    return None


def _show_animations(cells: list[dict]) -> None:
    """Show each animation as the player: the still figure closed, the player shown.

    On the gallery's pages sphinx-gallery embeds the player; in a notebook the cell
    that makes an animation ends with it, after :data:`ANIMATION_CELL`.
    """
    first = None
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        name = _animation_name(source)
        if name is None:
            continue
        first = index if first is None else first
        close = "plt.close()  # the player below shows the figure"
        cell["source"] = [f"{source.rstrip()}\n{close}\n{name}"]
    if first is not None:
        cells.insert(first, _code_cell(ANIMATION_CELL))


def _insert_jax_check(cells: list[dict]) -> None:
    """Put :data:`JAX_CHECK_CELL` before the first code cell that imports jax."""
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code" and _imports_jax("".join(cell["source"])):
            cells.insert(index, _code_cell(JAX_CHECK_CELL))
            return


def modify_notebook(notebook_content: dict, notebook_filename: str) -> None:
    """Prepend the install cell (and the JAX note) to a JupyterLite notebook.

    sphinx-gallery's ``notebook_modification_function``: it changes the copies that
    JupyterLite serves, not the notebooks offered for download.
    """
    source = EXAMPLES_DIR / (Path(notebook_filename).stem + ".py")
    needs_jax = (
        requires_jax(source)
        if source.is_file()
        else _notebook_imports_jax(notebook_content)
    )
    for cell in notebook_content["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = [rst_roles_to_markdown("".join(cell["source"]))]
    _drop_show_cells(notebook_content["cells"])
    _show_animations(notebook_content["cells"])
    if _shows_explorer(source):
        _show_explorer(notebook_content["cells"])
    if needs_jax:
        _insert_jax_check(notebook_content["cells"])
    cells = [_code_cell(EXPLORER_PIP_CELL if _shows_explorer(source) else PIP_CELL)]
    if needs_jax:
        cells.insert(0, _markdown_cell(JAX_NOTE))
    notebook_content["cells"][:0] = cells
    # The Pyodide kernel is called "python"; "python3" would ask for a kernel.
    notebook_content["metadata"]["kernelspec"] = {
        "display_name": "Python (Pyodide)",
        "language": "python",
        "name": "python",
    }


# ---------------------------------------------------------------------------
# Wheels for the JupyterLite site


def build_bivnorm_wheel(dest: Path) -> Path:
    """Build the bivnorm wheel of this checkout into ``dest`` (old ones removed)."""
    from build import ProjectBuilder

    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("bivnorm-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        # No isolation: the build backend comes from the docs environment, offline.
        built = Path(ProjectBuilder(ROOT).build("wheel", tmp))
        wheel = dest / built.name
        shutil.move(built, wheel)
    _check_no_jax_in_pyodide(wheel)
    return wheel


def _check_no_jax_in_pyodide(wheel: Path) -> None:
    """Fail unless every jax requirement of ``wheel`` excludes Pyodide."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(name).decode()
    for line in metadata.splitlines():
        if not line.startswith("Requires-Dist:"):
            continue
        requirement = line.removeprefix("Requires-Dist:").strip()
        if requirement.startswith(("jax", "jaxlib")) and "emscripten" not in (
            requirement.replace('"', "'")
        ):
            msg = (
                f"{wheel.name} requires {requirement!r} without excluding "
                "sys_platform == 'emscripten': %pip install would fail in JupyterLite"
            )
            raise RuntimeError(msg)


def ensure_wheel(dest: Path, project: str) -> Path:
    """The pure-Python wheel of the installed version of ``project``, fetched once.

    It is downloaded with pip into ``dest`` only when ``dest`` does not hold it yet
    (the nox ``docs`` session fetches it before the offline build). Only a
    ``py3-none-any`` wheel is taken: Pyodide installs no other.
    """
    version = importlib.metadata.version(project)
    stem = f"{project.replace('-', '_')}-{version}-"
    found = sorted(dest.glob(f"{stem}*.whl"))
    if found:
        return found[0]
    dest.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        "--platform=any",
        "--implementation=py",
        "--abi=none",
        "--python-version=3.12",
        "--dest",
        str(dest),
        f"{project}=={version}",
    ]
    subprocess.run(command, check=True)
    return next(dest.glob(f"{stem}*.whl"))


# ---------------------------------------------------------------------------
# Sphinx hooks


def _bundle_wheels(app, config) -> None:  # noqa: ARG001
    pypi = Path(app.srcdir) / "pypi"
    wheels = [build_bivnorm_wheel(pypi)]
    wheels += [ensure_wheel(pypi, project) for project in BUNDLED_WHEELS]
    print(f"[bivnorm-docs] bundled {', '.join(w.name for w in wheels)} in {pypi}")


def _fix_jupyterlite_contents(app, config) -> None:  # noqa: ARG001
    gallery_contents = (config.sphinx_gallery_conf.get("jupyterlite") or {}).get(
        "jupyterlite_contents"
    )
    if not gallery_contents or not config.jupyterlite_contents:
        return
    config.jupyterlite_contents = [
        f"{entry}/*" if entry == gallery_contents else entry
        for entry in config.jupyterlite_contents
    ]


def _drop_external_css(app, config) -> None:  # noqa: ARG001
    app.registry.css_files = [
        (name, attrs)
        for name, attrs in app.registry.css_files
        if not name.startswith(EXTERNAL_CSS_PREFIX)
    ]


_FA_LINK = re.compile(
    r'<link rel="stylesheet"\s+href="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*">'
)
_FA_ICON = re.compile(r'<i class="fa fa-([a-z-]+)( fa-flip-horizontal)?"></i>')


#: The player's frame and slider, as matplotlib's ``to_jshtml`` writes them.
_ANIM_IMG = re.compile(r'(<img id="_anim_img\w+")>')
_ANIM_SLIDER = re.compile(r'(<input id="_anim_slider\w+" )')
_ANIM_LOOP = re.compile(
    r'<form (title="Repetition mode" aria-label="Repetition mode") action="#n" '
    r'(name="_anim_loop_select\w+")\s+class="anim-state">'
)
_ANIM_LOOP_END = re.compile(
    r'(<label for="_anim_radio3_\w+">Reflect</label>\s*)</form>'
)
_ANIM_ALT = (
    "One frame of the animation: the joint plot of the law (points, probability "
    "ellipses and both marginal densities) as its parameters change"
)


def _offline_animation_player(app, docname, source) -> None:  # noqa: ARG001
    """Make matplotlib's JS animation player need nothing from another host.

    Its HTML loads Font Awesome 4 from a CDN for the button icons; the icons become
    plain characters styled by ``_static/bivnorm.css`` (classes ``anim-icon-*``).
    """
    if "_anim_img" not in source[0]:
        return
    text = _FA_LINK.sub("", source[0])
    # Names for assistive technology (axe: image-alt, label, landmark-unique):
    # the frame's alt text, the frame slider's label, and the loop choice as a
    # named radio group inside an unnamed form (a named <form> is a landmark,
    # the same on each player of a page).
    text = _ANIM_IMG.sub(rf'\1 alt="{_ANIM_ALT}">', text)
    text = _ANIM_SLIDER.sub(r'\1 aria-label="Frame" ', text)
    text = _ANIM_LOOP.sub(
        r'<form action="#n" \2 class="anim-state"><div role="radiogroup" \1>', text
    )
    text = _ANIM_LOOP_END.sub(r"\1</div></form>", text)
    source[0] = _FA_ICON.sub(
        lambda m: (
            f'<i class="anim-icon anim-icon-{m.group(1)}'
            f'{"-reverse" if m.group(2) else ""}" aria-hidden="true"></i>'
        ),
        text,
    )


#: TeX commands of the figures' titles, as the characters they stand for.
_TEX_SYMBOLS = {
    "rho": "\u03c1",
    "sigma": "\u03c3",
    "Sigma": "\u03a3",
    "mu": "\u03bc",
    "theta": "\u03b8",
    "lambda": "\u03bb",
    "varphi": "\u03c6",
    "phi": "\u03c6",
    "Phi": "\u03a6",
    "pm": "\u00b1",
    "le": "\u2264",
    "leq": "\u2264",
    "ge": "\u2265",
    "geq": "\u2265",
    "mid": "|",
    "infty": "\u221e",
    "top": "\u1d40",
}
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
_ALT = re.compile(r"^(\s*:alt: )(.*)$", re.MULTILINE)


def plain_alt_text(text: str) -> str:
    """A figure's alt text without TeX: ``$\\sigma_x = 1$`` reads as sigma x = 1.

    The TeX commands become the characters they stand for (Greek letters,
    relations); dollars, braces and subscript marks go.
    """
    text = text.replace("$", "").replace("\\ ", " ").replace("\\,", " ")
    text = text.replace("\\!", "")
    text = _TEX_COMMAND.sub(lambda m: _TEX_SYMBOLS.get(m.group(1), m.group(1)), text)
    text = re.sub(r"[_{}]", "", text)
    return re.sub(r" {2,}", " ", text)


def _plain_alt_texts(app, docname, source) -> None:  # noqa: ARG001
    """The gallery's alt texts (sphinx-gallery takes the figures' titles) in words."""
    if docname.startswith("auto_examples/"):
        source[0] = _ALT.sub(
            lambda m: m.group(1) + plain_alt_text(m.group(2)), source[0]
        )


_DATATABLES = re.compile(
    r"  \.\. raw:: html\n\n(?:    .*\n)*?    .*DataTable\(.*\n(?:    .*\n)*"
)


def _offline_execution_times(app, docname, source) -> None:  # noqa: ARG001
    """Drop the CDN scripts (jQuery, DataTables) of sphinx-gallery's timing pages.

    The table stays, sorted by time, as a plain table.
    """
    if docname.endswith("sg_execution_times"):
        source[0] = _DATATABLES.sub("", source[0])


def _copy_mathjax(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    dist = importlib.metadata.distribution("sphinx-mathjax-offline")
    source = Path(
        dist.locate_file(f"sphinx-mathjax-offline/static/mathjax/{MATHJAX_FILE}")
    )
    target = Path(app.outdir) / "_static" / "mathjax" / MATHJAX_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


# ---------------------------------------------------------------------------
# The live explorer on a page


def explorer_directive():
    """The ``.. explorer::`` directive: a live :func:`bivnorm.explorer` in the page.

    Its options are the law's parameters (``mean_x`` ... ``rho``) and ``n``,
    ``key`` and ``capacity``; the node is the self-contained snippet of
    :meth:`bivnorm.Explorer.to_html` (module and state inlined, nothing fetched).
    docutils and bivnorm are imported here, not when this module is imported.
    """
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    class ExplorerDirective(Directive):
        option_spec = dict.fromkeys(
            ("mean_x", "mean_y", "std_x", "std_y", "rho"), float
        ) | {
            "n": directives.positive_int,
            "key": directives.nonnegative_int,
            "capacity": directives.positive_int,
        }

        def run(self):
            import bivnorm as bn

            params = dict(self.options)
            sizes = {
                name: params.pop(name)
                for name in ("n", "key", "capacity")
                if name in params
            }
            sizes.setdefault("capacity", 5000)
            ex = bn.explorer(bn.BivariateNormal(**params), **sizes)
            return [nodes.raw("", ex.to_html(), format="html")]

    return ExplorerDirective


def setup(app):
    app.add_directive("explorer", explorer_directive())
    app.connect("config-inited", _bundle_wheels, priority=200)
    app.connect("config-inited", _drop_external_css, priority=950)
    app.connect("config-inited", _fix_jupyterlite_contents, priority=950)
    app.connect("source-read", _offline_animation_player)
    app.connect("source-read", _offline_execution_times)
    app.connect("source-read", _plain_alt_texts)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    # `python docs/_ext/bivnorm_docs.py`: fetch the bundled wheels before an
    # offline build (the nox docs session does this while it installs).
    for project in BUNDLED_WHEELS:
        print(ensure_wheel(PYPI_DIR, project))
