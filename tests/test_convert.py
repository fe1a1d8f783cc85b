"""``bivnorm._convert`` on its own: what an argument may be, and the one conversion
at the boundary (:func:`host_array`, :func:`as_points`, :func:`not_real`).

:func:`host_array` never depends on the backend; :func:`as_points` does (JAX
arrays and tracers), so its tests take ``bn`` and run on both paths.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from fractions import Fraction

import hypothesis.extra.numpy as npst
import numpy as np
import pytest
from _helpers import SETTINGS
from hypothesis import example, given
from hypothesis import strategies as st

from bivnorm import _convert as convert
from bivnorm._convert import ACCEPTED, as_points, host_array, not_real

WIDTHS = [np.float32, np.float64]


def whole(message: str) -> str:
    """A ``match`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"


def refusal(name: str, value) -> str:
    return whole(f"{name} must be {ACCEPTED}, got {name}={value!r}")


def assert_plain(array, dtype) -> None:
    """A base-class NumPy array of exactly ``dtype``, in native byte order."""
    assert type(array) is np.ndarray, type(array)
    assert array.dtype == np.dtype(dtype), array.dtype
    assert array.dtype.isnative


class _Sub(np.ndarray):
    """A subclass of ndarray, read as a plain array."""


class _ArrayLike:
    """An object that converts with numpy.asarray (as a pandas Series does)."""

    def __init__(self, values):
        self.values = np.asarray(values)

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)


def test_not_real_is_a_type_error_naming_the_argument():
    err = not_real("x", "abc")
    assert type(err) is TypeError
    assert str(err) == f"x must be {ACCEPTED}, got x='abc'"
    err = not_real("rho", [1j], "a real array")
    assert str(err) == "rho must be a real array, got rho=[1j]"


# -- host_array: accepted ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "dtype", "expected"),
    [
        (1, np.float64, 1.0),
        (2.5, np.float64, 2.5),
        ([1, 2], np.float64, [1.0, 2.0]),
        ([[1, 2.5], [3, 4]], np.float64, [[1.0, 2.5], [3.0, 4.0]]),
        (np.int8(-7), np.float64, -7.0),
        (np.array([0, 255], dtype=np.uint8), np.float64, [0.0, 255.0]),
        (np.array([2**64 - 1], dtype=np.uint64), np.float64, [2.0**64]),
        (np.array([1, -2], dtype=">i4"), np.float64, [1.0, -2.0]),
        (np.float16(0.1), np.float16, np.float16(0.1)),  # floats keep their width
        (np.array([0.1], dtype=np.float32), np.float32, [np.float32(0.1)]),
        (np.array([0.1], dtype=">f4"), np.float32, [np.float32(0.1)]),
        (np.array([0.1, 1e300], dtype=">f8"), np.float64, [0.1, 1e300]),
        (np.longdouble("0.1"), np.longdouble, np.longdouble("0.1")),
        (np.array([1.0, np.nan, -np.inf]), np.float64, [1.0, np.nan, -np.inf]),
        (np.zeros((0, 2)), np.float64, np.zeros((0, 2))),
        (2**100, np.float64, 2.0**100),  # an object array of one int
        (np.array([1, 2.5, Fraction(1, 4)], dtype=object), np.float64, [1, 2.5, 0.25]),
        ([Decimal("0.5"), np.float32(2)], np.float64, [0.5, 2.0]),
        (np.arange(3.0).view(_Sub), np.float64, [0.0, 1.0, 2.0]),
        (np.ma.masked_array([1.0, 2.0], mask=[False, False]), np.float64, [1, 2]),
        (_ArrayLike([3, 4]), np.float64, [3.0, 4.0]),
        (_ArrayLike(np.array([3, 4], dtype=">f4")), np.float32, [3.0, 4.0]),
    ],
)
def test_real_numbers_become_a_plain_float_array(value, dtype, expected):
    out = host_array("x", value)
    assert_plain(out, dtype)
    np.testing.assert_array_equal(out, np.asarray(expected, dtype=dtype))


def test_the_ml_dtypes_floats_become_float64():
    ml_dtypes = pytest.importorskip("ml_dtypes")
    for dtype in (ml_dtypes.bfloat16, ml_dtypes.float8_e4m3fn):
        value = np.array([1.5, -2.0, 0.25], dtype=dtype)
        out = host_array("x", value)
        assert_plain(out, np.float64)
        np.testing.assert_array_equal(out, [1.5, -2.0, 0.25])


def test_a_float_array_of_native_order_is_not_copied():
    value = np.arange(4.0, dtype=np.float32)
    assert host_array("x", value) is value


@SETTINGS
@given(
    npst.arrays(
        st.one_of(
            npst.floating_dtypes(endianness="?"),
            npst.integer_dtypes(endianness="?"),
            npst.unsigned_integer_dtypes(endianness="?"),
        ),
        npst.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    )
)
def test_the_values_are_kept_the_byte_order_made_native(value):
    out = host_array("x", value)
    if value.dtype.kind == "f":
        assert_plain(out, value.dtype.newbyteorder("="))
    else:
        assert_plain(out, np.float64)
    assert out.shape == value.shape
    np.testing.assert_array_equal(out, value.astype(np.float64))


# -- host_array: refused -----------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        True,
        np.True_,
        np.array([True, False]),
        1j,
        np.complex64(1),
        np.array([1.0 + 0j]),
        [1, 2j],
        "1.0",
        b"1",
        None,
        [1.0, None],
        np.array([1.0, None], dtype=object),
        np.array([1.0, "a"], dtype=object),
        np.array([1.0, True], dtype=object),
        np.array([1.0, np.complex128(1)], dtype=object),
        np.array([1.0, {}], dtype=object),
        np.array(["2020-01-01"], dtype="datetime64[D]"),
        np.datetime64("2020"),
        np.array([1], dtype="timedelta64[s]"),
        dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        np.array([(1, 2)], dtype="i4,i4"),  # structured
        np.array(["1.0"]),
    ],
    ids=repr,
)
def test_what_is_not_real_numbers_is_a_type_error_naming_it(value):
    with pytest.raises(TypeError, match=refusal("x", value)):
        host_array("x", value)


def test_a_ragged_sequence_is_a_value_error_naming_it():
    value = [[1, 2], [3]]
    message = f"mean must be {ACCEPTED} (not ragged), got mean={value!r}"
    with pytest.raises(ValueError, match=whole(message)):
        host_array("mean", value)


def test_an_integer_too_large_for_a_float_is_a_value_error():
    for value in (10**400, np.array([1, -(10**400)], dtype=object)):
        message = f"n is too large for a float, got n={value!r}"
        with pytest.raises(ValueError, match=whole(message)):
            host_array("n", value)


def test_masked_values_are_refused_naming_the_way_out():
    value = np.ma.masked_array([1.0, 2.0], mask=[False, True])
    message = (
        "x is a masked array with masked values, which have no number to compute "
        "with: pass x.filled(...) or drop the masked entries, "
        f"got x={value!r}"
    )
    with pytest.raises(ValueError, match=whole(message)):
        host_array("x", value)
    out = host_array("x", value.filled(0.0))
    np.testing.assert_array_equal(out, [1.0, 0.0])


# -- as_points -----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", WIDTHS, ids=["float32", "float64"])
def test_a_python_float_in_range_passes_as_it_is(bn, dtype):
    top = float(np.finfo(dtype).max)
    for value in (0.0, -0.0, 1.5, -1e-300, 5e-324, top, -top, math.nan):
        assert as_points("x", value, dtype) is value
    assert as_points("x", math.inf, dtype) == math.inf
    assert as_points("x", -math.inf, dtype) == -math.inf


@pytest.mark.parametrize("dtype", WIDTHS, ids=["float32", "float64"])
def test_a_python_float_beyond_the_range_is_an_infinite_point(bn, dtype):
    """Beyond half an ulp above the largest number: what a cast makes infinite.
    Below it, the float passes (a cast rounds it to the largest number)."""
    info = np.finfo(dtype)
    edge = float(info.max) + math.ldexp(1.0, info.maxexp - info.nmant - 2)
    if math.isfinite(edge):  # float32: a float64 number
        below = math.nextafter(edge, 0.0)
        assert as_points("x", below, dtype) == below
        assert as_points("x", -below, dtype) == -below
        assert np.float32(below) == info.max
        for value in (edge, 1e39, 1e300):
            assert as_points("x", value, dtype) == math.inf
            assert as_points("x", -value, dtype) == -math.inf


@SETTINGS
@given(value=st.floats(), width=st.sampled_from(WIDTHS))
@example(value=math.nan, width=np.float64)
@example(value=-math.nan, width=np.float32)
@example(value=3.4028235e38, width=np.float32)  # above the largest, rounds to it
@example(value=-3.4028235677973362e38, width=np.float32)
@example(value=3.4028235677973366e38, width=np.float32)  # rounds to infinity
def test_a_python_float_is_the_point_its_array_is(bn, value, width):
    """Whatever a float's size (NaN too): the same point as a Python float, a
    NumPy float or an array of floats."""
    as_python = np.asarray(as_points("x", value, width), dtype=width)
    as_numpy = as_points("x", np.float64(value), width)
    as_array = as_points("x", np.array([value]), width)
    np.testing.assert_array_equal(as_python, as_numpy)
    np.testing.assert_array_equal(as_python, as_array[0])


@pytest.mark.parametrize("dtype", WIDTHS, ids=["float32", "float64"])
def test_an_array_of_the_dtype_is_returned_as_it_is(bn, dtype):
    value = np.linspace(-1.0, 1.0, 5, dtype=dtype)
    assert as_points("x", value, dtype) is value
    assert as_points("x", value, np.dtype(dtype)) is value


@pytest.mark.parametrize("dtype", WIDTHS, ids=["float32", "float64"])
@pytest.mark.parametrize(
    "value",
    [
        3,
        np.int64(3),
        [1, 2, 3],
        np.array([1.0, 2.0], dtype=">f8"),
        np.array([1.0, 2.0], dtype=">f4"),
        np.array([1.0, 2.0], dtype=np.float16),
        np.array([1.0, 2.0], dtype=np.longdouble),
        np.arange(3.0).view(_Sub),
        np.ma.masked_array([1.0, 2.0]),
        np.float64(0.5),
        _ArrayLike([0.5, 1]),
    ],
    ids=repr,
)
def test_everything_else_is_cast_to_a_plain_array_of_the_dtype(bn, value, dtype):
    out = as_points("x", value, dtype)
    assert_plain(out, dtype)
    np.testing.assert_array_equal(out, np.asarray(value, dtype=np.float64))


@pytest.mark.parametrize(
    ("value", "dtype", "expected"),
    [
        (np.array([1e39, -1e39, 1.0]), np.float32, [np.inf, -np.inf, 1.0]),
        (np.longdouble("1e400"), np.float64, np.inf),
        (np.array([1e-50]), np.float32, [0.0]),
    ],
)
def test_points_beyond_the_range_are_infinite_without_a_warning(
    bn,
    value,
    dtype,
    expected,
):
    out = as_points("x", value, dtype)  # filterwarnings=error: no overflow warning
    assert_plain(out, dtype)
    np.testing.assert_array_equal(out, expected)


@SETTINGS
@given(
    value=npst.arrays(
        npst.floating_dtypes(sizes=(16, 32, 64), endianness="?"),
        npst.array_shapes(min_dims=0, max_dims=2, max_side=3),
    ),
    width=st.sampled_from(WIDTHS),
)
def test_points_never_depend_on_the_width_or_order_they_came_in(bn, value, width):
    out = as_points("x", value, width)
    assert_plain(out, width)
    with np.errstate(over="ignore"):
        expected = value.astype(np.float64).astype(width)
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("value", ["1.0", None, True, [1.0, None], 1j], ids=repr)
def test_points_that_are_not_real_numbers_are_refused_naming_them(bn, value):
    with pytest.raises(TypeError, match=refusal("y", value)):
        as_points("y", value, np.float64)


def test_jax_arrays_are_cast_to_the_dtype(bnj):
    import jax.numpy as jnp

    value = jnp.asarray([1.0, 2.0], dtype=jnp.float64)
    assert as_points("x", value, np.float64) is value
    out = as_points("x", value, np.float32)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(out), [1.0, 2.0])
    out = as_points("x", jnp.asarray([3, 4], dtype=jnp.int32), np.float64)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(np.asarray(out), [3.0, 4.0])


@pytest.mark.parametrize("dtype", ["bool", "complex64"])
def test_jax_arrays_that_are_not_real_are_refused(bnj, dtype):
    import jax.numpy as jnp

    value = jnp.zeros(2, dtype=dtype)
    message = f"x must be {ACCEPTED}, not dtype {dtype}, got x={value!r}"
    with pytest.raises(TypeError, match=whole(message)):
        as_points("x", value, np.float64)


def test_tracers_are_cast_inside_a_transform(bnj):
    import jax
    import jax.numpy as jnp

    seen = {}

    def points(value):
        seen["out"] = as_points("x", value, np.float32)
        return seen["out"]

    jaxpr = jax.make_jaxpr(points)(jnp.zeros(3, dtype=jnp.float64))
    assert seen["out"].dtype == np.float32
    assert "convert_element_type" in str(jaxpr)
    with pytest.raises(TypeError, match=r"^x must be .*, not dtype bool, got x="):
        jax.make_jaxpr(points)(jnp.zeros(3, dtype=bool))


def test_the_overflow_edge_is_cached_per_dtype():
    """Called for every Python float point: computed once per dtype."""
    convert._overflow.cache_clear()
    for _ in range(3):
        convert._overflow(np.dtype(np.float32))
    assert convert._overflow.cache_info().misses == 1
    assert convert._overflow(np.dtype(np.float64)) == math.inf
