"""Dtype policy: what an argument may be, and the one conversion at the boundary.

Every number or array that enters bivnorm goes through :func:`host_array`
(parameters, data to fit, figure settings) or :func:`as_points` (the points a
law is evaluated at), once, where it enters. What comes out is a plain array
of a floating dtype that bivnorm computes in: a base-class
:class:`numpy.ndarray` in native byte order, a JAX array, or a tracer.

Accepted, as SciPy and NumPy accept them: Python and NumPy numbers, sequences
of numbers, NumPy arrays of any integer or floating dtype (``float16``,
``longdouble`` and the ``ml_dtypes`` floats such as ``bfloat16`` included, in
either byte order, subclasses read as plain arrays), object arrays of numbers,
objects that convert with :func:`numpy.asarray` (pandas Series and DataFrames),
JAX arrays and tracers of integer or floating dtype. Integers are cast to the
float dtype, never the other way; a float too large for the dtype is an
infinity, as NumPy's casts make it.

Refused, naming the argument: booleans, complex numbers, strings, bytes,
``None`` (also inside a sequence or an object array), datetimes, ragged
sequences (:class:`TypeError` or :class:`ValueError`), and masked arrays with
masked values (:class:`ValueError`: a masked value has no number to compute
with; pass ``a.filled(...)``, or drop the masked rows).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ._backend import is_array

__all__ = ["as_points", "host_array", "not_real"]

#: What the messages say is accepted.
ACCEPTED = "a real number or an array of real numbers (integers or floats)"
_NOT_NUMBERS = (str, bytes, bool, np.bool_, complex, np.complexfloating, type(None))


def not_real(name: str, value, what: str = ACCEPTED) -> TypeError:
    """The error for an argument that is not made of real numbers."""
    return TypeError(f"{name} must be {what}, got {name}={value!r}")


def _real_dtype(dtype: np.dtype) -> bool:
    """Integers, floats, and the ``ml_dtypes`` numbers (``bfloat16``, ...)."""
    if dtype.kind in "iuf":
        return True
    return dtype.kind == "V" and getattr(dtype.type, "__module__", "") == "ml_dtypes"


def _unmasked(name: str, value):
    """The data of a masked array without masked values; refuse the others."""
    if np.ma.is_masked(value):
        msg = (
            f"{name} is a masked array with masked values, which have no number to "
            f"compute with: pass {name}.filled(...) or drop the masked entries, "
            f"got {name}={value!r}"
        )
        raise ValueError(msg)
    return np.ma.getdata(value)


def _from_objects(name: str, value, array: np.ndarray) -> np.ndarray:
    """An object array of numbers as float64 (None, strings, booleans refused)."""
    if any(isinstance(item, _NOT_NUMBERS) for item in array.flat):
        raise not_real(name, value)
    try:
        return array.astype(np.float64)
    except OverflowError:
        msg = f"{name} is too large for a float, got {name}={value!r}"
        raise ValueError(msg) from None
    except (TypeError, ValueError):
        raise not_real(name, value) from None


def host_array(name: str, value) -> np.ndarray:
    """``value`` as a plain NumPy array of real numbers, native byte order.

    Floating dtypes are kept (float16 to longdouble), integers and object arrays
    become float64. Raises :class:`TypeError` or :class:`ValueError` naming
    ``name`` for anything that is not real numbers (see the module docstring).
    """
    if isinstance(value, _NOT_NUMBERS):
        raise not_real(name, value)
    if isinstance(value, np.ma.MaskedArray):
        value = _unmasked(name, value)
    try:
        array = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as err:
        msg = f"{name} must be {ACCEPTED} (not ragged), got {name}={value!r}"
        raise ValueError(msg) from err
    if array.dtype.kind == "O":
        return _from_objects(name, value, array)
    if not _real_dtype(array.dtype):
        raise not_real(name, value)
    if array.dtype.kind in "iuV":
        return array.astype(np.float64)
    return array.astype(array.dtype.newbyteorder("="), copy=False)


@functools.cache
def _overflow(dtype) -> float:
    """The smallest magnitude that a cast to ``dtype`` rounds to infinity: half an
    ulp above the largest finite number (below it, the cast rounds to that number)."""
    info = np.finfo(dtype)  # float64: the sum rounds to infinity, as it should
    return float(info.max) + math.ldexp(1.0, info.maxexp - info.nmant - 2)


def as_points(name: str, value, dtype):
    """Points to evaluate a law at, as an array of the law's float ``dtype``.

    Python floats pass as they are (JAX and NumPy give them the law's dtype),
    NaN too, but those that a cast to ``dtype`` makes infinite are infinities;
    JAX arrays and tracers of another real dtype are cast; everything else goes
    through :func:`host_array` and is cast, so that the result never depends
    on the byte order, the subclass or the width the points came in.
    """
    if type(value) is float:  # beyond the dtype's range: an infinite point
        far = abs(value) >= _overflow(dtype)  # NaN is not: it stays NaN
        return math.copysign(math.inf, value) if far else value
    if type(value) is np.ndarray and value.dtype == dtype:
        return value  # the common case first (native order: dtype equality)
    if is_array(value):  # JAX arrays and tracers
        if not _real_dtype(np.dtype(value.dtype)):
            raise not_real(name, value, f"{ACCEPTED}, not dtype {value.dtype}")
        return value if value.dtype == dtype else value.astype(dtype)
    array = host_array(name, value)
    with np.errstate(over="ignore"):  # beyond the dtype's range: an infinite point
        return array.astype(dtype, copy=False)
