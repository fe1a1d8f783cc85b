"""Input conversion and validation: the one place where arguments are checked.

Eager checks run outside ``jit``: each raises :class:`ValueError` (a bad value or
shape) or :class:`TypeError` (not a real number at all) with a message that names
the parameter and shows its value. A JAX tracer (inside ``jit``, ``vmap`` or
``grad``) has no value yet: :func:`as_param` and :func:`as_points` check only its
shape and dtype, and the kernels screen traced parameters with :func:`screen`,
which makes every output NaN outside the parameter space and, under
:func:`jax.experimental.checkify.checkify`, raises a real error.

Sizes are refused before anything is allocated when the arrays they imply would
not fit in :func:`memory_limit` bytes.
"""

from __future__ import annotations

import math
import operator
import os
import sys
from pathlib import Path

import numpy as np

from ._backend import HAS_JAX, float_dtype, is_tracer, xp

__all__ = [
    "CORRELATION",
    "FINITE",
    "NONNEGATIVE",
    "POSITIVE",
    "PROBABILITY",
    "SEMI_CORRELATION",
    "as_param",
    "as_points",
    "broadcast",
    "check_bytes",
    "check_count",
    "check_cov",
    "check_finite",
    "check_mean",
    "check_positive",
    "check_prob",
    "check_rho",
    "check_scalar",
    "cov_to_std",
    "memory_limit",
    "real_array",
    "report",
    "screen",
]


# -- rules ---------------------------------------------------------------------------
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

    @property
    def words(self) -> str:
        """The whole requirement, for messages that cannot see the value."""
        if self.finite:
            return f"be finite and {self.requirement.removeprefix('be ')}"
        return self.requirement

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


# -- conversion -----------------------------------------------------------------------
def _not_real(name: str, value, what: str = "a real number or array") -> TypeError:
    return TypeError(f"{name} must be {what}, got {name}={value!r}")


def real_array(name: str, value) -> np.ndarray:
    """``value`` as a float64 NumPy array, refusing anything that is not real.

    Strings, bytes, None, booleans, complex numbers and other objects raise
    :class:`TypeError`; integers too large for a float and ragged sequences raise
    :class:`ValueError`.
    """
    if value is None or isinstance(value, str | bytes | bool | np.bool_ | complex):
        raise _not_real(name, value)
    try:
        array = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as err:
        msg = f"{name} must be a real number or array, got {name}={value!r}"
        raise ValueError(msg) from err
    kind = array.dtype.kind
    if kind == "O":
        try:
            return array.astype(np.float64)
        except OverflowError:
            msg = f"{name} is too large for a float, got {name}={value!r}"
            raise ValueError(msg) from None
        except (TypeError, ValueError):
            raise _not_real(name, value) from None
    if kind not in "iuf":
        raise _not_real(name, value)
    return array.astype(np.float64, copy=False)


def _check_dtype(name: str, value) -> None:
    """A traced or device array must be a real (integer or float) array."""
    kind = np.dtype(value.dtype).kind
    if kind not in "iuf":
        raise _not_real(name, value, f"a real array (dtype {value.dtype} is not)")


def check_scalar(name: str, value):
    """Check that ``value`` is a single number (0-d); return it unchanged."""
    if np.ndim(value) != 0:
        msg = f"{name} must be a scalar, got shape {np.shape(value)}: {name}={value!r}"
        raise ValueError(msg)
    return value


def _fails(name: str, value, rule: Rule, exact, cast=None) -> ValueError:
    held = exact if cast is None else cast
    msg = f"{name} must {rule.explain(held)}, got {name}={value!r}"
    if cast is not None and np.all(rule(exact)):
        msg += (
            f", which the float dtype {cast.dtype.name} rounds to "
            f"{cast.tolist()!r} (enable jax_enable_x64 for float64)"
        )
    return ValueError(msg)


def as_param(name: str, value, rule: Rule, *, scalar: bool = False):
    """Convert and check one parameter; an array of the backend's float dtype.

    The check runs once, on the value as the float dtype holds it: a valid value
    that float32 rounds to an invalid one (``rho = 1 - 1e-9``) is refused, and
    the message says so. A tracer gets its shape and dtype checked and is
    returned (integers cast): its value is screened in the kernels, by
    :func:`screen`, and checked under checkify, by :func:`report`. This is the
    one place where a tracer parameter is told apart.
    """
    if scalar:
        check_scalar(name, value)
    dtype = float_dtype()
    if is_tracer(value):
        _check_dtype(name, value)
        report((name, value, rule))
        return value.astype(dtype) if value.dtype.kind in "iu" else value
    exact = real_array(name, value)
    with np.errstate(over="ignore"):  # beyond float32's range: inf, refused
        cast = exact.astype(dtype)
    if not np.all(rule(cast)):
        raise _fails(
            name, value, rule, exact, cast if cast.dtype != exact.dtype else None
        )
    return xp.asarray(cast)


def as_points(name: str, value, dtype):
    """Points to evaluate at, as a real array; integers cast to ``dtype``.

    Floating arrays (JAX, tracers) pass through untouched, as do Python floats
    and NumPy arrays no wider than ``dtype``; wider NumPy arrays are rounded to
    ``dtype`` (float64 points of a float32 law). Integers become ``dtype``, the
    law's float dtype, so that they are never truncated and the law is never
    cast to them. Anything else that is not real raises :class:`TypeError`
    naming the parameter.
    """
    if type(value) is float:
        return value
    if type(value) is np.ndarray and value.dtype == dtype:
        return value  # the common case, first
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind == "f":
        if isinstance(value, np.ndarray) and value.dtype.itemsize > dtype.itemsize:
            # What JAX would do on the way in, without NumPy's overflow warning:
            # beyond the float32 range is an infinite point.
            with np.errstate(over="ignore"):
                return value.astype(dtype)
        return value
    if kind in {"i", "u"}:
        return value.astype(dtype)
    if kind is not None and not isinstance(value, np.ndarray | np.generic):
        _check_dtype(name, value)  # a JAX array of booleans or complex numbers
    return real_array(name, value).astype(dtype)


def broadcast(names: tuple[str, ...], *values) -> tuple[int, ...]:
    """The broadcast shape of ``values``, or a ValueError naming them."""
    shapes = [np.shape(v) for v in values]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        shown = ", ".join(f"{n} {s}" for n, s in zip(names, shapes, strict=True))
        msg = f"{', '.join(names)} must broadcast together, got shapes {shown}"
        raise ValueError(msg) from None


# -- value checks (tracers pass: their values are screened in the kernels) ----------
def _check(name: str, value, rule: Rule) -> None:
    if is_tracer(value):
        return
    exact = real_array(name, value)
    if not np.all(rule(exact)):
        raise _fails(name, value, rule, exact)


def check_finite(name: str, value) -> None:
    """Reject NaN, infinities and non-real values."""
    _check(name, value, FINITE)


def check_positive(name: str, value) -> None:
    """Reject non-finite, zero and negative values (standard deviations)."""
    _check(name, value, POSITIVE)


def check_rho(name: str, value) -> None:
    """Reject correlations outside the open interval (-1, 1)."""
    _check(name, value, CORRELATION)


def check_prob(name: str, value) -> None:
    """Reject probabilities outside the open interval (0, 1)."""
    _check(name, value, PROBABILITY)


def check_mean(value) -> np.ndarray:
    """Check a mean vector of length 2; return it as a float64 array."""
    host = real_array("mean", value)
    if host.shape != (2,):
        msg = f"mean must have shape (2,), got shape {host.shape}: mean={value!r}"
        raise ValueError(msg)
    check_finite("mean", host)
    return host


def cov_to_std(cov) -> tuple:
    r"""``(std_x, std_y, rho)`` of a 2x2 covariance, in its own array namespace.

    Operators only, so that the same lines serve a NumPy array (checked eagerly)
    and a traced JAX array; the off-diagonal is averaged.

    .. math:: \sigma_x = \sqrt{\Sigma_{00}}, \quad \sigma_y = \sqrt{\Sigma_{11}},
              \quad \rho = \frac{\Sigma_{01} + \Sigma_{10}}{2 \sigma_x \sigma_y}
    """
    std_x, std_y = cov[0, 0] ** 0.5, cov[1, 1] ** 0.5
    return std_x, std_y, 0.5 * (cov[0, 1] + cov[1, 0]) / (std_x * std_y)


def check_cov(value) -> tuple[float, float, float]:
    """Check a 2x2 covariance matrix; return ``(std_x, std_y, rho)``.

    The matrix must be finite, symmetric (to a relative 1e-12) and positive
    definite; a singular matrix is rejected.
    """
    cov = real_array("cov", value)
    if cov.shape != (2, 2):
        msg = f"cov must have shape (2, 2), got shape {cov.shape}: cov={value!r}"
        raise ValueError(msg)
    check_finite("cov", cov)
    if not (cov[0, 0] > 0 and cov[1, 1] > 0):
        msg = f"cov must be positive definite (positive diagonal), got cov={value!r}"
        raise ValueError(msg)
    std_x, std_y, rho = cov_to_std(cov)
    if abs(cov[0, 1] - cov[1, 0]) > 1e-12 * std_x * std_y:
        msg = f"cov must be symmetric, got cov={value!r}"
        raise ValueError(msg)
    if not abs(rho) < 1:
        msg = (
            "cov must be positive definite, but its correlation is "
            f"{rho!r} (|rho| >= 1, singular or indefinite): cov={value!r}"
        )
        raise ValueError(msg)
    return float(std_x), float(std_y), float(rho)


# -- sizes ----------------------------------------------------------------------------
#: Requests below this many bytes are never refused (no memory look-up).
_SMALL = 1 << 26
#: Used where the available memory cannot be read (2 GiB, WebAssembly's usual heap).
FALLBACK_LIMIT = 1 << 31


def _available_memory() -> int | None:
    """Available physical memory in bytes, or None when it cannot be read."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def memory_limit() -> int:
    """The most bytes that one call of bivnorm may ask for.

    ``BIVNORM_MAX_BYTES`` (an integer number of bytes) when it is set; otherwise
    the machine's available memory (``MemAvailable`` of ``/proc/meminfo``, else
    ``os.sysconf``); otherwise 2 GiB (:data:`FALLBACK_LIMIT`), and never more
    than the address space of a 32-bit interpreter.
    """
    setting = os.environ.get("BIVNORM_MAX_BYTES")
    if setting:
        return int(setting)
    limit = _available_memory() or FALLBACK_LIMIT
    if sys.maxsize < 1 << 32:
        limit = min(limit, 1 << 32)
    return limit


def _bytes(count: int) -> str:
    for unit, size in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count} bytes"


def check_bytes(name: str, value, nbytes: int) -> None:
    """Refuse a size whose arrays need more than :func:`memory_limit` bytes."""
    if nbytes < _SMALL:
        return
    limit = memory_limit()
    if nbytes > limit:
        msg = (
            f"{name}={value!r} needs {nbytes} bytes ({_bytes(nbytes)}), more than "
            f"the {limit} bytes ({_bytes(limit)}) bivnorm may use: the available "
            "memory, or BIVNORM_MAX_BYTES"
        )
        raise ValueError(msg)


def check_count(name: str, value, *, minimum: int = 0, item_bytes: int = 0) -> int:
    """Check a count: an integer ``>= minimum``; return it as ``int``.

    With ``item_bytes`` (the bytes each unit of the count costs) a count whose
    arrays would not fit in :func:`memory_limit` is refused, before anything is
    allocated.
    """
    if isinstance(value, bool | np.bool_) or is_tracer(value):
        msg = f"{name} must be an integer >= {minimum}, got {name}={value!r}"
        raise ValueError(msg)
    try:
        count = operator.index(value)
    except TypeError:
        msg = f"{name} must be an integer >= {minimum}, got {name}={value!r}"
        raise ValueError(msg) from None
    if count < minimum:
        msg = f"{name} must be an integer >= {minimum}, got {name}={value!r}"
        raise ValueError(msg)
    check_bytes(name, count, count * item_bytes)
    return count


# -- traced parameters ----------------------------------------------------------------
def _under_checkify() -> bool:
    """Whether :func:`jax.experimental.checkify.checkify` is tracing the caller.

    Checks are staged only then: a check in a jaxpr, even a debug one, carries an
    effect that takes every enclosing ``jit`` off JAX's fast dispatch path (about
    90 us a call). Asked at trace time only, where the parameters are tracers.
    """
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "checked_fun" and code.co_filename.endswith(
            ("jax/_src/checkify.py", "jax\\_src\\checkify.py")
        ):
            return True
        frame = frame.f_back
    return False


def report(*params) -> None:
    """Stage checkify user checks for traced parameters, under checkify only.

    ``params`` are ``(name, value, rule)`` triples. Under
    ``checkify.checkify(f, errors=checkify.user_checks)`` each rule becomes a
    check whose message names the parameter and shows its value; elsewhere
    nothing is staged (the outputs are NaN instead, see :func:`screen`).
    """
    if not HAS_JAX or not any(is_tracer(v) for _, v, _ in params):
        return
    if not _under_checkify():
        return
    from jax.experimental import checkify

    for name, value, rule in params:
        message = f"{name} must {rule.words}, got {name}={{}}"
        checkify.check(xp.all(rule(value)), message, xp.asarray(value), debug=True)


def screen(*params):
    """Where the parameters lie in their space: a boolean array, or None.

    ``params`` are ``(name, value, rule)`` triples; the result is the elementwise
    conjunction of the rules, which the kernels use to make their outputs NaN
    for a traced parameter outside its space (eagerly built laws were checked
    already, and pass). On the NumPy path there are no tracers and every law
    was checked when it was built: None.
    """
    if not HAS_JAX:
        return None
    ok = None
    for _, value, rule in params:
        good = rule(value)
        ok = good if ok is None else ok & good
    return ok


# -- figures and apps -----------------------------------------------------------------
def check_law(name: str, value, cls):
    """Check that ``value`` is one concrete law of class ``cls``; return it.

    A :class:`TypeError` for anything else (a string, a :class:`Normal` where a
    :class:`BivariateNormal` belongs); a :class:`ValueError` for a batch of laws
    or traced parameters, which a figure cannot show.
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
    return value


def check_number(name: str, value, rule: Rule = FINITE) -> float:
    """A scalar that satisfies ``rule``, as a Python float."""
    check_scalar(name, value)
    exact = real_array(name, value)
    if not np.all(rule(exact)):
        raise _fails(name, value, rule, exact)
    return float(exact)


def check_pair(name: str, value, rule: Rule = FINITE) -> tuple[float, float]:
    """Two numbers that satisfy ``rule`` (a figure size), as floats."""
    pair = real_array(name, value)
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
    points = real_array(name, value)
    if points.ndim != 2 or points.shape[1] != 2:
        msg = f"{name} must have shape (n, 2), got shape {points.shape}"
        raise ValueError(msg)
    if not np.isfinite(points).all():
        msg = f"{name} must be finite, got {name}={value!r}"
        raise ValueError(msg)
    return points
