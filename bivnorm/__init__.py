"""bivnorm: the bivariate normal distribution, from scratch on JAX (or NumPy).

The package runs on JAX when it can be imported and on plain NumPy otherwise
(JupyterLite's Pyodide has no JAX), with the same public API.
"""

from __future__ import annotations

from ._backend import BACKEND, HAS_JAX
from .bivariate import BivariateNormal
from .normal import Normal

__version__ = "0.1.0"

__all__ = [
    "BACKEND",
    "HAS_JAX",
    "BivariateNormal",
    "Normal",
    "__version__",
]
