"""bivnorm: the bivariate normal distribution, from scratch on JAX (or NumPy).

The package runs on JAX when it can be imported and on plain NumPy otherwise
(JupyterLite's Pyodide has no JAX), with the same public API.
"""

from __future__ import annotations

import importlib

from . import plotting
from ._backend import BACKEND, HAS_JAX
from .bivariate import BivariateNormal
from .normal import Normal
from .plotting import JointPlot, jointplot, plot_ellipse, plot_marginal, surface
from .tetrachoric import TetrachoricResult, tetrachoric

__version__ = "0.1.0"

__all__ = [
    "BACKEND",
    "HAS_JAX",
    "BivariateNormal",
    "Explorer",
    "JointPlot",
    "Normal",
    "TetrachoricResult",
    "__version__",
    "animate",
    "explorer",
    "jointplot",
    "plot_ellipse",
    "plot_marginal",
    "plotting",
    "slider_app",
    "surface",
    "tetrachoric",
]

# Imported on first use, so that `import bivnorm` loads neither ipywidgets,
# anywidget nor matplotlib.animation.
_LAZY = {
    "slider_app": "widgets",
    "animate": "animation",
    "explorer": "explore",
    "Explorer": "explore",
}


def __getattr__(name: str):
    if name in _LAZY:
        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
