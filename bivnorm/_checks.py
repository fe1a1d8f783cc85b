"""Argument checks: each raises a :class:`ValueError` (a bad value or shape) or a
:class:`TypeError` (not real numbers at all) that names the argument and shows its
value.

A :class:`Rule` is a condition on a parameter written with operators only, so
that the same predicate checks a concrete value here and screens a traced one in
:mod:`bivnorm._law`. Inside a transform a tracer has no value yet: :func:`as_param`
checks only its shape and dtype.
"""

from __future__ import annotations

import math

import numpy as np

from ._backend import float_dtype, is_tracer, xp
from ._convert import host_array, not_real

__all__ = [
    "CORRELATION",
    "FINITE",
    "NONNEGATIVE",
    "PROBABILITY",
    "SEMI_CORRELATION",
    "Rule",
    "as_param",
    "broadcast",
    "check_cov",
    "check_finite",
    "check_law",
    "check_limits",
    "check_mean",
    "check_number",
    "check_pair",
    "check_points",
    "check_positive",
    "check_prob",
    "check_scalar",
    "cov_to_std",
    "std_rule",
]


class Rule:
    """A condition on a parameter: a predicate (any array namespace) and its words.

    ``finite`` rules also refuse NaN and infinities; their messages then say
    "must be finite" for such values, and the requirement for the others.
    """

    def __init__(self, requirement: str, predicate, *, finite: bool = False):
        self.requirement = requirement
        self.predicate = predicate
        self.finite = finite

    def __call__(self, value):
        return self.predicate(value)

    def explain(self, exact) -> str:
        """The requirement that the concrete value ``exact`` breaks."""
        if self.finite and not np.all(np.isfinite(exact)):
            return "be finite"
        return self.requirement


FINITE = Rule("be finite", lambda a: (a > -math.inf) & (a < math.inf))
POSITIVE = Rule("be > 0", lambda a: (a > 0) & (a < math.inf), finite=True)
NONNEGATIVE = Rule("be >= 0", lambda a: (a >= 0) & (a < math.inf), finite=True)
CORRELATION = Rule(
    "lie strictly between -1 and 1 (|rho| = 1 is a singular covariance)",
    lambda a: (a > -1) & (a < 1),
)
SEMI_CORRELATION = Rule("lie in [-1, 1]", lambda a: (a >= -1) & (a <= 1))
PROBABILITY = Rule("lie strictly between 0 and 1", lambda a: (a > 0) & (a < 1))


def _std_rules(dtype) -> tuple[Rule, Rule]:
    """The standard deviations of laws of ``dtype``: open and closed at 0.

    A standard deviation lies in :math:`[2^{-e}, 2^{e}]`, :math:`e` half the
    exponent range of the dtype (511 in float64, 63 in float32): there the
    variances of a law, the product of its standard deviations and their
    reciprocals are finite normal numbers, and the whitened coordinates of
    finite points are finite or infinite, never NaN.
    """
    info = np.finfo(dtype)
    exponent = -info.minexp // 2  # float64: 511, float32: 63
    low, high = 2.0**-exponent, 2.0**exponent
    span = (
        f"lie in [2**-{exponent}, 2**{exponent}] (about {low:.2g} to {high:.2g}, "
        f"where the variances and the density are finite in {np.dtype(dtype).name})"
    )
    return (
        Rule(span, lambda a: (a >= low) & (a <= high), finite=True),
        Rule(
            f"be 0 or {span}",
            lambda a: (a == 0) | ((a >= low) & (a <= high)),
            finite=True,
        ),
    )


_STD_RULES = {np.dtype(t): _std_rules(t) for t in (np.float32, np.float64)}


def std_rule(dtype, *, closed: bool = False) -> Rule:
    """The rule of a standard deviation of dtype ``dtype`` (``closed``: 0 too)."""
    return _STD_RULES[np.dtype(dtype)][closed]


# -- single values --------------------------------------------------------------------
def check_scalar(name: str, value):
    """Check that ``value`` is a single number (0-d); return it unchanged."""
    if np.ndim(value) != 0:
        msg = f"{name} must be a scalar, got shape {np.shape(value)}: {name}={value!r}"
        raise ValueError(msg)
    return value


def _offending(cast, rule: Rule, most: int = 3) -> str:
    """What ``cast`` holds that breaks ``rule``: the value, or for an array the
    first ``most`` offending entries as ``index: value`` (never the whole array)."""
    if cast.ndim == 0:
        return repr(cast.item())
    bad = np.argwhere(~np.asarray(rule(cast)))
    entries = [
        f"{tuple(int(i) for i in at) if cast.ndim > 1 else int(at[0])}: "
        f"{cast[tuple(at)].item()!r}"
        for at in bad[:most]
    ]
    more = f" and {len(bad) - most} more" if len(bad) > most else ""
    return "{" + ", ".join(entries) + more + "}"


def _fails(name: str, value, rule: Rule, exact, cast=None, *, wide=None) -> ValueError:
    msg = f"{name} must {rule.explain(exact)}, got {name}={value!r}"
    if cast is not None and wide is not None and np.all(wide(exact)):
        msg += (
            f", which the float dtype {cast.dtype.name} rounds to "
            f"{_offending(cast, rule)} or cannot hold"
        )
        if cast.dtype.itemsize < 8:  # JAX without x64: float64 is a switch away
            msg += " (enable jax_enable_x64 for float64)"
    return ValueError(msg)


def _check_dtype(name: str, value) -> None:
    """A traced parameter must be a real (integer or float) array."""
    if np.dtype(value.dtype).kind not in "iuf":
        raise not_real(name, value, f"a real array (dtype {value.dtype} is not)")


def as_param(name: str, value, rule: Rule, *, wide: Rule | None = None):
    """Convert and check one parameter; an array of the backend's float dtype.

    The check runs once, on the value as the float dtype holds it: a valid value
    that float32 rounds to an invalid one (``rho = 1 - 1e-9``) is refused, and
    the message says so when ``wide`` (the rule in float64, default ``rule``)
    holds for the exact value. A tracer gets its shape and dtype checked and is
    returned (integers cast); its value is screened where the law is used
    (:mod:`bivnorm._law`).
    """
    dtype = float_dtype()
    if is_tracer(value):
        _check_dtype(name, value)
        return value.astype(dtype) if value.dtype.kind in "iu" else value
    exact = host_array(name, value)
    with np.errstate(over="ignore", under="ignore"):  # out of range: refused
        cast = exact.astype(dtype)
    if not np.all(rule(cast)):
        narrowed = cast if cast.dtype != exact.dtype else None
        raise _fails(name, value, rule, exact, narrowed, wide=wide or rule)
    return xp.asarray(cast)


def broadcast(names: tuple[str, ...], *values) -> tuple[int, ...]:
    """The broadcast shape of ``values``, or a ValueError naming them."""
    shapes = [np.shape(v) for v in values]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        shown = ", ".join(f"{n} {s}" for n, s in zip(names, shapes, strict=True))
        msg = f"{', '.join(names)} must broadcast together, got shapes {shown}"
        raise ValueError(msg) from None


def _check(name: str, value, rule: Rule) -> None:
    if is_tracer(value):
        return
    exact = host_array(name, value)
    if not np.all(rule(exact)):
        raise _fails(name, value, rule, exact)


def check_finite(name: str, value) -> None:
    """Reject NaN, infinities and non-real values (tracers pass)."""
    _check(name, value, FINITE)


def check_positive(name: str, value) -> None:
    """Reject non-finite, zero and negative values (tracers pass)."""
    _check(name, value, POSITIVE)


def check_prob(name: str, value) -> None:
    """Reject probabilities outside the open interval (0, 1) (tracers pass)."""
    _check(name, value, PROBABILITY)


def check_number(name: str, value, rule: Rule = FINITE) -> float:
    """A concrete scalar that satisfies ``rule``, as a Python float."""
    check_scalar(name, value)
    exact = host_array(name, value).astype(np.float64)
    if not np.all(rule(exact)):
        raise _fails(name, value, rule, exact)
    return float(exact)


# -- vectors and matrices -------------------------------------------------------------
def check_mean(value) -> np.ndarray:
    """Check a mean vector of length 2; return it as a float64 array."""
    host = host_array("mean", value).astype(np.float64)
    if host.shape != (2,):
        msg = f"mean must have shape (2,), got shape {host.shape}: mean={value!r}"
        raise ValueError(msg)
    check_finite("mean", value)  # the message shows the value as given
    return host


def cov_to_std(cov) -> tuple:
    r"""``(std_x, std_y, rho)`` of a 2x2 covariance, in its own array namespace.

    Operators only, so that the same lines serve a NumPy array (checked eagerly)
    and a traced JAX array; the off-diagonal is averaged.

    .. math:: \sigma_x = \sqrt{\Sigma_{00}}, \quad \sigma_y = \sqrt{\Sigma_{11}},
              \quad \rho = \frac{\Sigma_{01} + \Sigma_{10}}{2 \sigma_x \sigma_y}
    """
    std_x, std_y = cov[0, 0] ** 0.5, cov[1, 1] ** 0.5
    # Halved before the sum, which then cannot overflow.
    return std_x, std_y, (0.5 * cov[0, 1] + 0.5 * cov[1, 0]) / (std_x * std_y)


def check_cov(value) -> tuple[float, float, float]:
    """Check a 2x2 covariance matrix; return ``(std_x, std_y, rho)``.

    The matrix must be finite, symmetric (to a relative 1e-12) and positive
    definite; a singular matrix is rejected.
    """
    cov = host_array("cov", value).astype(np.float64)
    if cov.shape != (2, 2):
        msg = f"cov must have shape (2, 2), got shape {cov.shape}: cov={value!r}"
        raise ValueError(msg)
    check_finite("cov", value)
    if not (cov[0, 0] > 0 and cov[1, 1] > 0):
        msg = f"cov must be positive definite (positive diagonal), got cov={value!r}"
        raise ValueError(msg)
    std_x, std_y, rho = cov_to_std(cov)
    with np.errstate(over="ignore"):  # an infinite difference: not symmetric
        skew = abs(cov[0, 1] - cov[1, 0])
    if skew > 1e-12 * std_x * std_y:
        msg = f"cov must be symmetric, got cov={value!r}"
        raise ValueError(msg)
    if not abs(rho) < 1:
        msg = (
            "cov must be positive definite, but its correlation is "
            f"{float(rho)!r} (|rho| >= 1, singular or indefinite): cov={value!r}"
        )
        raise ValueError(msg)
    return float(std_x), float(std_y), float(rho)


def check_pair(name: str, value, rule: Rule = FINITE) -> tuple[float, float]:
    """Two numbers that satisfy ``rule`` (a figure size), as floats."""
    pair = host_array(name, value).astype(np.float64)
    if pair.shape != (2,):
        msg = f"{name} must be a pair of numbers, got {name}={value!r}"
        raise ValueError(msg)
    if not np.all(rule(pair)):
        raise _fails(name, value, rule, pair)
    return float(pair[0]), float(pair[1])


def check_limits(name: str, value) -> tuple[float, float]:
    """View limits ``(low, high)``: finite, with ``low < high``."""
    low, high = check_pair(name, value)
    if not low < high:
        msg = f"{name} must be (low, high) with low < high, got {name}={value!r}"
        raise ValueError(msg)
    return low, high


def check_points(name: str, value) -> np.ndarray:
    """Samples to draw: an (n, 2) finite float64 array (n may be 0)."""
    points = host_array(name, value).astype(np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        msg = f"{name} must have shape (n, 2), got shape {points.shape}"
        raise ValueError(msg)
    if not np.isfinite(points).all():
        msg = f"{name} must be finite, got {name}={value!r}"
        raise ValueError(msg)
    return points


# -- laws -----------------------------------------------------------------------------
def check_law(name: str, value, cls):
    """Check that ``value`` is one concrete valid law of class ``cls``; return it.

    A :class:`TypeError` for anything else (a string, a :class:`Normal` where a
    :class:`BivariateNormal` belongs); a :class:`ValueError` for a batch of laws,
    traced parameters (which a figure cannot show) or invalid ones.
    """
    if not isinstance(value, cls):
        msg = f"{name} must be a {cls.__name__}, got {name}={value!r}"
        raise TypeError(msg)
    leaves = value.tree_flatten()[0]
    if any(is_tracer(v) or np.ndim(v) for v in leaves):
        msg = (
            f"{name} must be one {cls.__name__} with concrete scalar parameters "
            f"(not a batch, not traced), got {name}={value!r}"
        )
        raise ValueError(msg)
    return value.checked()
