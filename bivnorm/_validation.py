"""Eager input checks, run outside ``jit``.

Every check raises :class:`ValueError` with a message that names the parameter and
shows its value. Values that are JAX tracers (inside ``jit``, ``vmap`` or ``grad``)
only get their shapes checked: their values are not known yet.
"""

from __future__ import annotations

import operator

import numpy as np

from ._backend import is_tracer

__all__ = [
    "check_count",
    "check_cov",
    "check_finite",
    "check_mean",
    "check_positive",
    "check_prob",
    "check_rho",
    "check_scalar",
]


def check_scalar(name: str, value):
    """Check that ``value`` is a single number (0-d); return it unchanged."""
    if np.ndim(value) != 0:
        msg = f"{name} must be a scalar, got shape {np.shape(value)}: {name}={value!r}"
        raise ValueError(msg)
    return value


def _host(value) -> np.ndarray:
    """``value`` as a float64 NumPy array, for value checks."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        msg = f"expected a real number or array, got {value!r}"
        raise ValueError(msg) from err


def check_finite(name: str, value) -> None:
    """Reject NaN and infinities."""
    if is_tracer(value):
        return
    if not np.all(np.isfinite(_host(value))):
        msg = f"{name} must be finite, got {name}={value!r}"
        raise ValueError(msg)


def check_positive(name: str, value) -> None:
    """Reject non-finite, zero and negative values (standard deviations)."""
    check_finite(name, value)
    if is_tracer(value):
        return
    if not np.all(_host(value) > 0):
        msg = f"{name} must be > 0, got {name}={value!r}"
        raise ValueError(msg)


def check_rho(name: str, value) -> None:
    """Reject correlations outside the open interval (-1, 1)."""
    check_finite(name, value)
    if is_tracer(value):
        return
    if not np.all(np.abs(_host(value)) < 1):
        msg = (
            f"{name} must lie strictly between -1 and 1 (|rho| = 1 is a singular "
            f"covariance), got {name}={value!r}"
        )
        raise ValueError(msg)


def check_prob(name: str, value) -> None:
    """Reject probabilities outside the open interval (0, 1)."""
    check_finite(name, value)
    if is_tracer(value):
        return
    host = _host(value)
    if not np.all((host > 0) & (host < 1)):
        msg = f"{name} must lie strictly between 0 and 1, got {name}={value!r}"
        raise ValueError(msg)


def check_mean(value) -> np.ndarray:
    """Check a mean vector of length 2; return it as a float64 array."""
    host = _host(value)
    if host.shape != (2,):
        msg = f"mean must have shape (2,), got shape {host.shape}: mean={value!r}"
        raise ValueError(msg)
    check_finite("mean", host)
    return host


def check_cov(value) -> tuple[float, float, float]:
    """Check a 2x2 covariance matrix; return ``(std_x, std_y, rho)``.

    The matrix must be finite, symmetric (to a relative 1e-12) and positive
    definite; a singular matrix is rejected.
    """
    cov = _host(value)
    if cov.shape != (2, 2):
        msg = f"cov must have shape (2, 2), got shape {cov.shape}: cov={value!r}"
        raise ValueError(msg)
    check_finite("cov", cov)
    var_x, var_y = cov[0, 0], cov[1, 1]
    if not (var_x > 0 and var_y > 0):
        msg = f"cov must be positive definite (positive diagonal), got cov={value!r}"
        raise ValueError(msg)
    scale = np.sqrt(var_x) * np.sqrt(var_y)
    if abs(cov[0, 1] - cov[1, 0]) > 1e-12 * scale:
        msg = f"cov must be symmetric, got cov={value!r}"
        raise ValueError(msg)
    rho = 0.5 * (cov[0, 1] + cov[1, 0]) / scale
    if not abs(rho) < 1:
        msg = (
            "cov must be positive definite, but its correlation is "
            f"{rho!r} (|rho| >= 1, singular or indefinite): cov={value!r}"
        )
        raise ValueError(msg)
    return float(np.sqrt(var_x)), float(np.sqrt(var_y)), float(rho)


def check_count(name: str, value) -> int:
    """Check a sample count: a non-negative integer; return it as ``int``."""
    if isinstance(value, bool | np.bool_):
        msg = f"{name} must be a non-negative integer, got {name}={value!r}"
        raise ValueError(msg)  # noqa: TRY004
    try:
        count = operator.index(value)
    except TypeError:
        msg = f"{name} must be a non-negative integer, got {name}={value!r}"
        raise ValueError(msg) from None
    if count < 0:
        msg = f"{name} must be a non-negative integer, got {name}={value!r}"
        raise ValueError(msg)
    return count
