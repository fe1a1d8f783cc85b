"""Sphinx configuration of the bivnorm gallery site.

``sphinx-build -W --keep-going -b html docs docs/_build/html`` builds everything
offline: the examples run at build time (sphinx-gallery), the JupyterLite site is
built with the bivnorm wheel of this checkout (``docs/_ext/bivnorm_docs.py``), and
the API reference links back to the examples.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Before anything imports JAX: eight CPU devices, for the sharding examples.
_XLA_DEVICES = "--xla_force_host_platform_device_count=8"
if "xla_force_host_platform_device_count" not in os.environ.get("XLA_FLAGS", ""):
    os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {_XLA_DEVICES}"

DOCS_DIR = Path(__file__).resolve().parent
ROOT = DOCS_DIR.parent
# The site documents this checkout; the local extension lives in docs/_ext.
sys.path[:0] = [str(ROOT), str(DOCS_DIR / "_ext")]

import bivnorm_docs

import bivnorm

# -- Project -----------------------------------------------------------------

project = "bivnorm"
author = "bivnorm developers"
copyright = "2026, bivnorm developers"
version = release = bivnorm.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    # sphinx-gallery must come before jupyterlite-sphinx: the notebooks have to
    # exist when the JupyterLite site is built.
    "sphinx_gallery.gen_gallery",
    "sphinx_tags",
    "jupyterlite_sphinx",
    "bivnorm_docs",
]

# Build outputs and the staging folders of the JupyterLite build.
exclude_patterns = ["_build", "pypi", "_contents", "jupyterlite_contents"]
templates_path = ["_templates"]
default_role = "py:obj"

# -- Math: served by the site itself, no CDN -------------------------------------

mathjax_path = "mathjax/tex-svg-full.js"

# -- API reference ---------------------------------------------------------------

autosummary_generate = True
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
numpydoc_validation_checks = {"GL08"}  # every public object has a docstring

# -- Gallery ---------------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "bivnorm_docs.ExampleOrder",
    "minigallery_sort_order": "bivnorm_docs.minigallery_key",
    "backreferences_dir": "gen_modules/backreferences",
    "doc_module": ("bivnorm",),
    # matplotlib's scraper, each PNG stamped with its smallest text (issue 22)
    "image_scrapers": ("bivnorm_figures",),
    "matplotlib_animations": (True, "jshtml"),
    # matplotlib's defaults before each example, with Pillow as the animation
    # writer (the thumbnail GIF; no "ffmpeg unavailable" notice in the build).
    "reset_modules": ("matplotlib", "bivnorm_docs.reset_animation_writer"),
    "remove_config_comments": True,
    "show_memory": False,
    "download_all_examples": True,
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "jupyterlite": {
        "use_jupyter_lab": True,
        "notebook_modification_function": "bivnorm_docs.modify_notebook",
    },
    "show_api_usage": False,
    "capture_repr": ("_repr_html_", "__repr__"),
    # A block ending in ax.legend(...) shows the figure, not "<Legend object at ...>".
    "ignore_repr_types": r"<class '(matplotlib|mpl_toolkits)\.",
    # No timing on the example pages (speed is the performance page's subject);
    # docs/sg_execution_times.rst still records every example's time.
    "min_reported_time": 3600,
    # "Related examples" at the foot of each example (needs only NumPy).
    "recommender": {"enable": True, "n_examples": 3, "min_df": 2, "max_df": 0.9},
}

# -- Tags ----------------------------------------------------------------------

# The ``.. tags::`` of each example (sphinx-tags, as in matplotlib's gallery)
# become one page per tag in docs/_tags/, generated at each build.
tags_create_tags = True
tags_output_dir = "_tags"
tags_extension = ["rst"]
tags_overview_title = "Examples by tag"
tags_intro_text = "Tags:"
tags_page_title = "Tag"
tags_page_header = "Examples with this tag"

# -- JupyterLite -----------------------------------------------------------------

# docs/jupyter_lite_config.json trims the lite folder (no source maps, no unused
# shared packages); docs/pypi/ (filled by bivnorm_docs) becomes lite/pypi/.
jupyterlite_config = "jupyter_lite_config.json"
jupyterlite_dir = str(DOCS_DIR)
jupyterlite_silence = True

# A "Try it" button on every Examples section of the API reference: the examples
# open as a notebook in the browser, where bivnorm runs on NumPy, installed by the
# first cell from the wheel that the site bundles (as the gallery's notebooks do).
# docs/try_examples.json (copied to the site's root) is the file the buttons'
# script looks for.
global_enable_try_examples = True
try_examples_global_button_text = "Try it in your browser"
try_examples_global_warning_text = (
    "This notebook runs in your browser (JupyterLite): bivnorm uses NumPy here, "
    "as JAX is not available, with the same API."
)
try_examples_preamble = bivnorm_docs.PIP_CELL

# -- HTML ------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"bivnorm {release}"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["bivnorm.css"]
html_show_sourcelink = False
html_copy_source = False  # the sources of animation pages hold every frame again
html_context = {"default_mode": "light"}
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    # One level of pages in the sidebar: deeper levels get the theme's expand
    # toggles, <summary> elements with no accessible name (axe: summary-name).
    "navigation_depth": 1,
    "secondary_sidebar_items": {
        "**": ["page-toc", "sg_download_links", "sg_launcher_links"],
        # The explorer's page gives the explorer the width (plot beside controls).
        "auto_examples/plot_explore": [],
    },
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "navigation_with_keys": False,
}
html_sidebars = {"index": [], "user_guide": [], "auto_examples/plot_explore": []}
