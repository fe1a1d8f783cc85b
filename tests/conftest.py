"""Shared fixtures: the package on both of its array backends.

``jax_enable_x64`` is switched on before anything else imports JAX, so that the JAX
path is compared with SciPy in float64. The ``bn`` fixture gives the ``bivnorm``
module once per backend: the normal import (JAX), and a second copy imported while
``import jax`` fails, which is what the package sees in Pyodide (JupyterLite).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import pkgutil
import sys

import pytest

try:
    import jax
except ImportError:  # the NumPy-only environment (nox session "nojax")
    jax = None
else:
    jax.config.update("jax_enable_x64", True)

BACKENDS = ("jax", "numpy")
_HIDDEN_PREFIXES = ("jax", "jaxlib")
_numpy_copy = None


def _is_pkg(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _import_numpy_copy():
    """Import a second ``bivnorm`` while JAX is hidden; restore ``sys.modules``."""
    saved = {
        name: mod
        for name, mod in sys.modules.items()
        if _is_pkg(name, ("bivnorm", *_HIDDEN_PREFIXES))
    }
    for name in saved:
        del sys.modules[name]
    for prefix in _HIDDEN_PREFIXES:
        sys.modules[prefix] = None  # `import jax` now raises ImportError
    for name in saved:
        if _is_pkg(name, _HIDDEN_PREFIXES):
            sys.modules[name] = None
    try:
        module = importlib.import_module("bivnorm")
        # Submodules (plotting, widgets, ...) are imported now, while this copy owns
        # the name "bivnorm", so that ``bn.plotting`` is the NumPy path's too.
        for info in pkgutil.iter_modules(module.__path__):
            if not info.name.startswith("_"):
                with contextlib.suppress(ImportError):
                    importlib.import_module(f"bivnorm.{info.name}")
    finally:
        for name in [n for n in sys.modules if _is_pkg(n, ("bivnorm",))]:
            del sys.modules[name]
        for prefix in _HIDDEN_PREFIXES:
            sys.modules.pop(prefix, None)
        for name in [n for n, m in sys.modules.items() if m is None]:
            if _is_pkg(name, _HIDDEN_PREFIXES):
                del sys.modules[name]
        sys.modules.update(saved)
    return module


def numpy_copy():
    """The NumPy-path copy of ``bivnorm`` (imported once per session)."""
    global _numpy_copy  # noqa: PLW0603
    if _numpy_copy is None:
        _numpy_copy = _import_numpy_copy()
    return _numpy_copy


def jax_module():
    """The normal import of ``bivnorm``: the JAX path when JAX is installed."""
    if jax is None:
        pytest.skip("jax is not installed")
    import bivnorm

    if not bivnorm.HAS_JAX:
        pytest.skip("bivnorm runs on NumPy here (BIVNORM_BACKEND=numpy?)")
    return bivnorm


def get_backend(name: str):
    """The ``bivnorm`` module for backend ``name``."""
    module = jax_module() if name == "jax" else numpy_copy()
    assert name == module.BACKEND
    assert module.HAS_JAX is (name == "jax")
    return module


@pytest.fixture(scope="session", params=BACKENDS)
def bn(request):
    """The ``bivnorm`` module, once per backend ("jax", "numpy")."""
    return get_backend(request.param)


@pytest.fixture(scope="session")
def bnj():
    """The JAX-path ``bivnorm`` only (JAX-specific tests)."""
    return get_backend("jax")


@pytest.fixture(scope="session")
def bnn():
    """The NumPy-path ``bivnorm`` only (NumPy-specific tests)."""
    return get_backend("numpy")


@contextlib.contextmanager
def count_compilations():
    """Count JAX tracings and compilations inside the block.

    Two independent witnesses: the ``"Compiling ..."`` records that JAX logs under
    ``jax_log_compiles``, and the compile events of :mod:`jax.monitoring`. The
    yielded dict holds ``logged`` (records) and ``events`` (event names).
    """
    counts = {"logged": [], "events": []}

    class _Handler(logging.Handler):
        def emit(self, record):
            message = record.getMessage()
            if message.startswith(("Compiling", "Finished tracing")):
                counts["logged"].append(message[:200])

    def _listener(event, duration, **kwargs):
        if event.startswith("/jax/core/compile/"):
            counts["events"].append(event)

    handler = _Handler(level=logging.WARNING)
    logger = logging.getLogger("jax")
    old_level = logger.level
    old_flag = jax.config.jax_log_compiles
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    jax.monitoring.register_event_duration_secs_listener(_listener)
    jax.config.update("jax_log_compiles", True)
    try:
        yield counts
    finally:
        jax.config.update("jax_log_compiles", old_flag)
        jax.monitoring.unregister_event_duration_listener(_listener)
        logger.removeHandler(handler)
        logger.setLevel(old_level)


@pytest.fixture
def compilations():
    """``count_compilations`` (a context manager factory) for JAX-only tests."""
    if jax is None:
        pytest.skip("jax is not installed")
    return count_compilations
