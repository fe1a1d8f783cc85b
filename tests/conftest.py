"""Shared fixtures: the package on the array backend of this run.

``jax_enable_x64`` is switched on before anything else imports JAX, so that the JAX
path is compared with SciPy in float64. ``bivnorm`` chooses its backend when it is
imported: JAX when it is installed, NumPy when it is not or when the environment
sets ``BIVNORM_BACKEND=numpy`` (what the package sees in Pyodide, JupyterLite).

The tests whose outcome depends on the backend take the ``bn`` fixture (either
backend) or ``bnn`` (NumPy only); they are marked ``backend``. ``nox -s tests``
runs pytest twice: everything on JAX, then ``-m backend`` with
``BIVNORM_BACKEND=numpy``. ``nox -s nojax`` runs everything without JAX.
"""

from __future__ import annotations

import contextlib
import logging

import numpy as np
import pytest

try:
    import jax
except ImportError:  # the NumPy-only environment (nox session "nojax")
    jax = None
else:
    jax.config.update("jax_enable_x64", True)

import bivnorm  # after x64 is on

BACKEND = bivnorm.BACKEND
_BACKEND_FIXTURES = frozenset({"bn", "bnn"})


def pytest_report_header() -> str:
    return f"bivnorm backend: {BACKEND}"


def pytest_collection_modifyitems(items) -> None:
    """Mark ``backend`` the tests that take ``bn`` or ``bnn``."""
    for item in items:
        if _BACKEND_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.backend)


@pytest.fixture(scope="session", params=[BACKEND])
def bn():
    """The ``bivnorm`` module; the test id names its backend ("jax", "numpy")."""
    return bivnorm


@pytest.fixture(scope="session")
def bnj():
    """``bivnorm`` on JAX only (JAX-specific tests)."""
    if BACKEND != "jax":
        pytest.skip("bivnorm runs on NumPy in this run")
    return bivnorm


@pytest.fixture(scope="session")
def bnn():
    """``bivnorm`` on NumPy only: the run with ``BIVNORM_BACKEND=numpy``."""
    if BACKEND != "numpy":
        pytest.skip("the NumPy path runs with BIVNORM_BACKEND=numpy (nox -s tests)")
    return bivnorm


class Width:
    """A float width on one path: how to build laws and points in it."""

    def __init__(self, bn, bits: int):
        self.bn, self.bits = bn, bits
        self.points_dtype = np.float32 if bits == 32 else np.float64

    def __call__(self):
        """A context in which new laws have this width (JAX: x64 on or off)."""
        if self.bn.HAS_JAX:
            import jax

            return jax.enable_x64(self.bits == 64)
        return contextlib.nullcontext()

    def points(self, values):
        return np.asarray(values, dtype=self.points_dtype)

    @property
    def law_dtype(self):
        return np.float64 if (self.bits == 64 or not self.bn.HAS_JAX) else np.float32


@pytest.fixture(scope="session", params=[64, 32], ids=["float64", "float32"])
def width(bn, request):
    """A float width on this run's path (JAX: x64 on or off in its context)."""
    return Width(bn, request.param)


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
