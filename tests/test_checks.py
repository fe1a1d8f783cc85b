"""``bivnorm._checks`` on its own: the rules and their boundaries, and each check's
refusal, naming the argument and showing its value.

The rules and the checks of concrete values do not depend on the backend;
:func:`as_param` does (the float dtype, the array it returns), so its tests take
``bn`` or ``width`` and run on both paths.
"""

from __future__ import annotations

import math
import re

import hypothesis.extra.numpy as npst
import numpy as np
import pytest
from _helpers import MODERATE, SETTINGS
from hypothesis import given
from hypothesis import strategies as st

from bivnorm import _checks as checks
from bivnorm._checks import (
    CORRELATION,
    FINITE,
    NONNEGATIVE,
    POSITIVE,
    PROBABILITY,
    SEMI_CORRELATION,
    as_param,
    broadcast,
    check_cov,
    check_finite,
    check_limits,
    check_mean,
    check_number,
    check_pair,
    check_points,
    check_positive,
    check_prob,
    check_scalar,
    cov_to_std,
    std_rule,
)
from bivnorm._convert import ACCEPTED

WIDTHS = [np.float32, np.float64]
IDS = ["float32", "float64"]
#: Half the exponent range: where a standard deviation may lie.
EXPONENT = {np.float32: 63, np.float64: 511}
RHO = "lie strictly between -1 and 1 (|rho| = 1 is a singular covariance)"


def whole(message: str) -> str:
    """A ``match`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"


def up(x, dtype):
    return np.nextafter(dtype(x), dtype(np.inf))


def down(x, dtype):
    return np.nextafter(dtype(x), dtype(-np.inf))


def boundaries(dtype):
    """For each rule: values just inside it, values just outside, in ``dtype``."""
    info = np.finfo(dtype)
    tiny, top = info.smallest_subnormal, info.max
    low, high = dtype(2.0 ** -EXPONENT[dtype]), dtype(2.0 ** EXPONENT[dtype])
    nan, inf = np.nan, np.inf
    return {
        "FINITE": (FINITE, [0, -0.0, tiny, -top, top], [inf, -inf, nan]),
        "POSITIVE": (POSITIVE, [tiny, 1, top], [0, -0.0, -tiny, -1, inf, nan]),
        "NONNEGATIVE": (NONNEGATIVE, [0, -0.0, tiny, top], [-tiny, -1, inf, nan]),
        "CORRELATION": (
            CORRELATION,
            [up(-1, dtype), 0, down(1, dtype)],
            [-1, 1, up(1, dtype), -inf, inf, nan],
        ),
        "SEMI_CORRELATION": (
            SEMI_CORRELATION,
            [-1, 0, 1],
            [down(-1, dtype), up(1, dtype), inf, nan],
        ),
        "PROBABILITY": (
            PROBABILITY,
            [tiny, 0.5, down(1, dtype)],
            [0, -0.0, -tiny, 1, up(1, dtype), inf, nan],
        ),
        "std": (
            std_rule(dtype),
            [low, 1, high],
            [0, -0.0, down(low, dtype), up(high, dtype), tiny, -1, inf, nan],
        ),
        "std closed": (
            std_rule(dtype, closed=True),
            [0, -0.0, low, 1, high],
            [tiny, down(low, dtype), up(high, dtype), -low, inf, nan],
        ),
    }


RULE_NAMES = list(boundaries(np.float64))


# -- rules ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", WIDTHS, ids=IDS)
@pytest.mark.parametrize("name", RULE_NAMES)
def test_each_rule_holds_just_inside_and_fails_just_outside(name, dtype):
    rule, inside, outside = boundaries(dtype)[name]
    inside, outside = np.array(inside, dtype=dtype), np.array(outside, dtype=dtype)
    assert np.all(rule(inside)), inside[~rule(inside)]
    assert not np.any(rule(outside)), outside[rule(outside)]
    # Elementwise, and on scalars as on arrays.
    assert [bool(rule(v)) for v in inside] == [True] * inside.size
    assert [bool(rule(v)) for v in outside] == [False] * outside.size


def test_each_rule_is_the_same_predicate_on_jax_arrays(bnj):
    """Operators only: the rules screen traced JAX arrays alike (one compiled
    function per width, every rule in it)."""
    import jax

    for dtype in WIDTHS:
        rules = boundaries(dtype)
        cases = {}
        for name, (_, inside, outside) in rules.items():
            values = np.array(inside + outside, dtype=dtype)
            # XLA on the CPU flushes subnormal numbers to zero: left out.
            flushed = (values != 0) & (np.abs(values) < np.finfo(dtype).tiny)
            cases[name] = values[~flushed]
        screened = jax.jit(
            lambda c, rules=rules: {n: rules[n][0](v) for n, v in c.items()}
        )
        for name, got in screened(cases).items():
            expected = rules[name][0](cases[name])
            np.testing.assert_array_equal(np.asarray(got), expected, err_msg=name)


@pytest.mark.parametrize("dtype", WIDTHS, ids=IDS)
def test_within_the_std_rule_variances_are_finite_normal_numbers(dtype):
    """The documented reason for the range: at both ends the variances, the
    product of the standard deviations and their reciprocals are finite normal
    numbers; whitened coordinates of finite points are never NaN."""
    info = np.finfo(dtype)
    e = EXPONENT[dtype]
    assert e == -info.minexp // 2
    low, high = dtype(2.0**-e), dtype(2.0**e)
    with np.errstate(all="raise"):  # an overflow or underflow fails the test
        for std_x in (low, high):
            for std_y in (low, high):
                for value in (std_x * std_x, std_x * std_y):
                    assert info.tiny <= value <= info.max, (std_x, std_y, value)
                    assert info.tiny <= dtype(1) / value <= info.max
    top = dtype(info.max)
    with np.errstate(over="ignore"):
        whitened = np.array([top - (-top), top, dtype(0)], dtype=dtype) / low
    np.testing.assert_array_equal(whitened, [np.inf, np.inf, 0.0])
    assert not np.isnan(np.array([-top, top], dtype=dtype) / high).any()


@pytest.mark.parametrize(
    ("dtype", "name", "words"),
    [
        (np.float64, "float64", "about 1.5e-154 to 6.7e+153"),
        (np.float32, "float32", "about 1.1e-19 to 9.2e+18"),
    ],
)
def test_the_std_rule_says_its_range_and_dtype(dtype, name, words):
    e = EXPONENT[dtype]
    span = (
        f"lie in [2**-{e}, 2**{e}] ({words}, where the variances and the density "
        f"are finite in {name})"
    )
    assert std_rule(dtype).requirement == span
    assert std_rule(dtype, closed=True).requirement == f"be 0 or {span}"
    assert std_rule(np.dtype(dtype)) is std_rule(name) is std_rule(dtype)
    assert std_rule(dtype).finite
    assert std_rule(dtype, closed=True).finite


@pytest.mark.parametrize(
    ("rule", "value", "says"),
    [
        (POSITIVE, np.nan, "be finite"),
        (POSITIVE, np.inf, "be finite"),
        (POSITIVE, [1.0, -np.inf], "be finite"),
        (POSITIVE, -1.0, "be > 0"),
        (NONNEGATIVE, -np.inf, "be finite"),
        (NONNEGATIVE, -1.0, "be >= 0"),
        (FINITE, np.nan, "be finite"),
        (CORRELATION, np.nan, RHO),  # not a finite rule: its own words
        (CORRELATION, 1.0, RHO),
        (PROBABILITY, np.inf, "lie strictly between 0 and 1"),
        (SEMI_CORRELATION, 2.0, "lie in [-1, 1]"),
    ],
)
def test_a_rule_explains_what_the_value_breaks(rule, value, says):
    assert rule.explain(np.asarray(value)) == says


# -- single values -------------------------------------------------------------------
@pytest.mark.parametrize("value", [1.5, 3, np.float32(2), np.array(4.0), np.int8(1)])
def test_check_scalar_returns_a_scalar_unchanged(value):
    assert check_scalar("x", value) is value


@pytest.mark.parametrize("value", [[1.0], np.zeros((2, 2)), (1, 2), []], ids=repr)
def test_check_scalar_refuses_arrays(value):
    message = f"x must be a scalar, got shape {np.shape(value)}: x={value!r}"
    with pytest.raises(ValueError, match=whole(message)):
        check_scalar("x", value)


@SETTINGS
@given(
    value=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False), st.integers(-(2**60), 2**60)
    )
)
def test_check_number_returns_a_python_float(value):
    out = check_number("x", value)
    assert type(out) is float
    assert out == float(value)


@pytest.mark.parametrize(
    ("value", "rule", "says"),
    [
        (math.nan, FINITE, "be finite"),
        (-math.inf, FINITE, "be finite"),
        (0, POSITIVE, "be > 0"),
        (math.inf, POSITIVE, "be finite"),
        (np.float32(1), PROBABILITY, "lie strictly between 0 and 1"),
        (-1e-300, NONNEGATIVE, "be >= 0"),
    ],
)
def test_check_number_refuses_a_number_that_breaks_its_rule(value, rule, says):
    message = f"alpha must {says}, got alpha={value!r}"
    with pytest.raises(ValueError, match=whole(message)):
        check_number("alpha", value, rule)


def test_check_number_refuses_what_is_not_one_real_number():
    with pytest.raises(ValueError, match=r"^alpha must be a scalar, got shape \(2,\)"):
        check_number("alpha", [1.0, 2.0])
    for value in (True, "1", None, 1j):
        message = f"alpha must be {ACCEPTED}, got alpha={value!r}"
        with pytest.raises(TypeError, match=whole(message)):
            check_number("alpha", value)


@pytest.mark.parametrize(
    ("check", "value", "says"),
    [
        (check_finite, [0.0, math.nan], "be finite"),
        (check_finite, np.array([[1.0], [-np.inf]]), "be finite"),
        (check_positive, (1.0, 0.0), "be > 0"),
        (check_positive, [1.0, math.inf], "be finite"),
        (check_prob, [0.5, 1.0], "lie strictly between 0 and 1"),
        (check_prob, 0, "lie strictly between 0 and 1"),
    ],
)
def test_element_checks_refuse_an_array_with_one_bad_element(check, value, says):
    message = f"p must {says}, got p={value!r}"
    with pytest.raises(ValueError, match=whole(message)):
        check("p", value)


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (check_finite, [0.0, -1e308, 5e-324]),
        (check_positive, np.array([5e-324, 1e308])),
        (check_prob, [5e-324, 0.5, 1 - 2**-53]),
    ],
)
def test_element_checks_pass_valid_arrays(check, value):
    assert check("p", value) is None


@pytest.mark.parametrize("check", [check_finite, check_positive, check_prob])
def test_element_checks_let_tracers_pass(bnj, check):
    import jax
    import jax.numpy as jnp

    def traced(p):
        check("p", p)  # no value to check inside a transform
        return p

    jax.make_jaxpr(traced)(jnp.asarray([-1.0, jnp.nan]))


# -- as_param ------------------------------------------------------------------------
def test_as_param_returns_an_array_of_the_float_dtype(bn, width):
    with width():
        for value in (0.25, 3, np.float16(0.5), [0.1, -0.2], np.array([1, 2])):
            out = as_param("x", value, FINITE)
            assert out.dtype == width.law_dtype
            assert type(out) is type(bn._backend.xp.asarray(0.0))
            np.testing.assert_array_equal(
                np.asarray(out), np.asarray(value, dtype=width.law_dtype)
            )


@pytest.mark.parametrize(
    ("value", "rule", "says"),
    [
        (2.0, CORRELATION, RHO),
        (-1, CORRELATION, RHO),
        (math.nan, CORRELATION, RHO),
        ([0.0, 1.0], CORRELATION, RHO),
        (math.inf, FINITE, "be finite"),
        (0.0, POSITIVE, "be > 0"),
    ],
    ids=repr,
)
def test_as_param_refuses_a_value_invalid_in_every_width(bn, width, value, rule, says):
    """No word about rounding: the value itself is invalid."""
    message = f"rho must {says}, got rho={value!r}"
    with width(), pytest.raises(ValueError, match=whole(message)):
        as_param("rho", value, rule)


def test_as_param_refuses_what_float32_rounds_out_of_the_rule(bn, width):
    """rho = 1 - 1e-9 is a correlation in float64; float32 rounds it to 1."""
    value = 1 - 1e-9
    with width():
        if width.law_dtype == np.float64:
            assert float(as_param("rho", value, CORRELATION)) == value
            return
        message = (
            f"rho must {RHO}, got rho={value!r}, which the float dtype float32 "
            "rounds to 1.0 or cannot hold (enable jax_enable_x64 for float64)"
        )
        with pytest.raises(ValueError, match=whole(message)):
            as_param("rho", value, CORRELATION)


@pytest.mark.parametrize("value", [1e-30, 1e30, 1e-100])
def test_as_param_says_when_the_wide_rule_holds(bn, width, value):
    """A standard deviation valid in float64 but not in float32: refused in
    float32 with the rounded value, kept in float64."""
    std32, std64 = std_rule(np.float32), std_rule(np.float64)
    with width():
        if width.law_dtype == np.float64:
            assert float(as_param("std", value, std64, wide=std64)) == value
            return
        rounded = np.float32(value).item() if value > 1e-40 else 0.0
        message = (
            f"std must {std32.requirement}, got std={value!r}, which the float "
            f"dtype float32 rounds to {rounded!r} or cannot hold (enable "
            "jax_enable_x64 for float64)"
        )
        with pytest.raises(ValueError, match=whole(message)):
            as_param("std", value, std32, wide=std64)


def test_as_param_in_float32_of_a_float32_value_says_nothing_of_rounding(bn, width):
    value = np.float32(2.0)
    with width():
        message = f"rho must {RHO}, got rho={value!r}"
        with pytest.raises(ValueError, match=whole(message)):
            as_param("rho", value, CORRELATION)


def test_as_param_asks_for_x64_only_where_float64_is_missing(bn, width):
    """A long double that float64 rounds to 1: the rounding is said, but the
    advice to enable float64 only where the dtype is float32."""
    if np.finfo(np.longdouble).nmant <= 52:
        pytest.skip("long double is float64 here")
    value = np.longdouble(1) - np.longdouble(2) ** -60
    with width():
        dtype = np.dtype(width.law_dtype).name
        message = (
            f"rho must {RHO}, got rho={value!r}, which the float dtype {dtype} "
            "rounds to 1.0 or cannot hold"
        )
        if dtype == "float32":
            message += " (enable jax_enable_x64 for float64)"
        with pytest.raises(ValueError, match=whole(message)):
            as_param("rho", value, CORRELATION)


@pytest.mark.parametrize("value", ["0.5", None, True, 0.5j, [0.5, None]], ids=repr)
def test_as_param_refuses_what_is_not_real_numbers(bn, value):
    message = f"rho must be {ACCEPTED}, got rho={value!r}"
    with pytest.raises(TypeError, match=whole(message)):
        as_param("rho", value, CORRELATION)


def test_as_param_checks_only_the_dtype_of_a_tracer(bnj):
    import jax
    import jax.numpy as jnp

    seen = {}

    def param(value):
        seen["out"] = as_param("rho", value, CORRELATION)
        return seen["out"]

    jax.make_jaxpr(param)(jnp.float64(5.0))  # out of the rule: not known yet
    assert seen["out"].dtype == np.float64
    jax.make_jaxpr(param)(jnp.int32(0))
    assert seen["out"].dtype == np.float64  # integers cast
    with pytest.raises(
        TypeError, match=r"^rho must be a real array \(dtype bool is not\), got rho="
    ):
        jax.make_jaxpr(param)(jnp.asarray(True))


# -- broadcast -----------------------------------------------------------------------
def test_broadcast_returns_the_shape():
    assert broadcast(("x", "y"), 1.0, np.zeros((3, 1))) == (3, 1)
    assert broadcast(("x", "y", "z"), np.zeros(4), np.zeros((3, 1)), 2) == (3, 4)
    assert broadcast(("x",), 0.5) == ()


def test_broadcast_refuses_naming_every_argument_and_shape():
    message = "x, y, rho must broadcast together, got shapes x (2,), y (3,), rho ()"
    with pytest.raises(ValueError, match=whole(message)):
        broadcast(("x", "y", "rho"), np.zeros(2), [0, 1, 2], 0.5)


@SETTINGS
@given(
    shapes=st.lists(
        npst.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3),
        min_size=1,
        max_size=4,
    )
)
def test_broadcast_is_numpy_broadcasting(shapes):
    names = tuple(f"a{i}" for i in range(len(shapes)))
    values = [np.zeros(s) for s in shapes]
    try:
        expected = np.broadcast_shapes(*shapes)
    except ValueError:
        shown = ", ".join(f"{n} {s}" for n, s in zip(names, shapes, strict=True))
        message = f"{', '.join(names)} must broadcast together, got shapes {shown}"
        with pytest.raises(ValueError, match=whole(message)):
            broadcast(names, *values)
    else:
        assert broadcast(names, *values) == expected


# -- vectors and matrices ------------------------------------------------------------
def test_check_mean_returns_a_float64_pair():
    for value in ([1, 2], (0.5, -0.5), np.array([1, 2], dtype=np.float32)):
        out = check_mean(value)
        assert type(out) is np.ndarray
        assert out.dtype == np.float64
        np.testing.assert_array_equal(out, np.asarray(value, dtype=np.float64))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            [1.0, 2.0, 3.0],
            "mean must have shape (2,), got shape (3,): mean=[1.0, 2.0, 3.0]",
        ),
        (
            [[1.0, 2.0]],
            "mean must have shape (2,), got shape (1, 2): mean=[[1.0, 2.0]]",
        ),
        (0.0, "mean must have shape (2,), got shape (): mean=0.0"),
        ([math.nan, 0.0], "mean must be finite, got mean=[nan, 0.0]"),
        ((0.0, -math.inf), "mean must be finite, got mean=(0.0, -inf)"),
    ],
)
def test_check_mean_refuses_naming_the_value_as_given(value, message):
    with pytest.raises(ValueError, match=whole(message)):
        check_mean(value)


@SETTINGS
@given(law=MODERATE)
def test_check_cov_of_a_law_is_its_parameters(law):
    _, _, std_x, std_y, rho = law
    cov = [
        [std_x * std_x, rho * std_x * std_y],
        [rho * std_x * std_y, std_y * std_y],
    ]
    out = check_cov(cov)
    assert all(type(v) is float for v in out)
    np.testing.assert_allclose(out, (std_x, std_y, rho), rtol=1e-15, atol=1e-15)


def test_cov_to_std_averages_the_off_diagonal():
    cov = np.array([[4.0, 1.0], [2.0, 9.0]])
    std_x, std_y, rho = cov_to_std(cov)
    assert (std_x, std_y) == (2.0, 3.0)
    assert rho == 1.5 / 6.0


def test_cov_to_std_on_jax_arrays(bnj):
    import jax.numpy as jnp

    out = cov_to_std(jnp.asarray([[4.0, 1.0], [1.0, 9.0]]))
    np.testing.assert_allclose([float(v) for v in out], [2.0, 3.0, 1 / 6], rtol=1e-15)


@pytest.mark.parametrize("scale", [1e-150, 1.0, 1e150])
def test_check_cov_symmetric_to_a_relative_1e_12(scale):
    """The tolerance scales with the matrix: 0.5e-12 apart passes, 2e-12 not."""
    near = [[scale, 0.5 * scale], [(0.5 + 0.5e-12) * scale, scale]]
    rho = check_cov(near)[2]
    assert rho == pytest.approx(0.5 + 0.25e-12, rel=1e-15)
    far = [[scale, 0.5 * scale], [(0.5 + 2e-12) * scale, scale]]
    with pytest.raises(
        ValueError, match=whole(f"cov must be symmetric, got cov={far!r}")
    ):
        check_cov(far)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1.0, 2.0], "cov must have shape (2, 2), got shape (2,): cov=[1.0, 2.0]"),
        (np.eye(3).tolist(), "cov must have shape (2, 2), got shape (3, 3): cov="),
        ([[1, math.nan], [math.nan, 1]], "cov must be finite, got cov="),
        ([[math.inf, 0], [0, 1]], "cov must be finite, got cov="),
        (
            [[0, 0], [0, 1]],
            "cov must be positive definite (positive diagonal), got cov=",
        ),
        (
            [[1, 0], [0, -1]],
            "cov must be positive definite (positive diagonal), got cov=",
        ),
        (
            [[1, 1], [1, 1]],
            (
                "cov must be positive definite, but its correlation is 1.0 "
                "(|rho| >= 1, singular or indefinite): cov="
            ),
        ),
        (
            [[1, -2], [-2, 1]],
            (
                "cov must be positive definite, but its correlation is -2.0 "
                "(|rho| >= 1, singular or indefinite): cov="
            ),
        ),
        ([[1, 1e308], [-1e308, 1]], "cov must be symmetric, got cov="),
    ],
)
def test_check_cov_refuses_naming_the_value_as_given(value, message):
    if message.endswith("cov="):
        message += repr(value)
    with pytest.raises(ValueError, match=whole(message)):
        check_cov(value)


def test_check_cov_of_huge_entries_does_not_overflow():
    """Positive definite, with off-diagonal entries whose sum overflows: the
    correlation is computed (the standard deviation is refused later, by the
    law's own rule), with no overflow warning (filterwarnings=error)."""
    std_x, std_y, rho = check_cov([[1.7e308, 1e308], [1e308, 1.7e308]])
    assert std_x == std_y == math.sqrt(1.7e308)
    assert rho == pytest.approx(1e308 / 1.7e308, rel=1e-15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [((1, 2), (1.0, 2.0)), (np.array([-1.5, 3.0]), (-1.5, 3.0)), ([0, 0], (0.0, 0.0))],
)
def test_check_pair_returns_two_floats(value, expected):
    out = check_pair("lim", value)
    assert out == expected
    assert all(type(v) is float for v in out)


@pytest.mark.parametrize(
    ("value", "rule", "message"),
    [
        ((1, 2, 3), FINITE, "figsize must be a pair of numbers, got figsize=(1, 2, 3)"),
        (5.0, FINITE, "figsize must be a pair of numbers, got figsize=5.0"),
        ((0, 3), POSITIVE, "figsize must be > 0, got figsize=(0, 3)"),
        ((1, math.inf), POSITIVE, "figsize must be finite, got figsize=(1, inf)"),
        ((math.nan, 1), FINITE, "figsize must be finite, got figsize=(nan, 1)"),
    ],
)
def test_check_pair_refuses_naming_the_value(value, rule, message):
    with pytest.raises(ValueError, match=whole(message)):
        check_pair("figsize", value, rule)


def test_check_limits_wants_low_below_high():
    assert check_limits("xlim", (-1, 2)) == (-1.0, 2.0)
    assert check_limits("xlim", (0.0, 5e-324)) == (0.0, 5e-324)
    for value in ((1, 1), (2.0, -2.0), (0.0, -0.0)):
        message = f"xlim must be (low, high) with low < high, got xlim={value!r}"
        with pytest.raises(ValueError, match=whole(message)):
            check_limits("xlim", value)
    with pytest.raises(
        ValueError, match=whole("xlim must be finite, got xlim=(0, nan)")
    ):
        check_limits("xlim", (0, math.nan))


def test_check_points_returns_an_n_by_2_float64_array():
    for value in (np.zeros((0, 2)), [[1, 2]], np.ones((5, 2), dtype=np.float32)):
        out = check_points("xy", value)
        assert type(out) is np.ndarray
        assert out.dtype == np.float64
        assert out.shape == np.shape(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1.0, 2.0], "xy must have shape (n, 2), got shape (2,)"),
        (np.zeros((4, 3)), "xy must have shape (n, 2), got shape (4, 3)"),
        (np.zeros((2, 2, 2)), "xy must have shape (n, 2), got shape (2, 2, 2)"),
        ([[0.0, math.nan]], "xy must be finite, got xy=[[0.0, nan]]"),
        (
            [[0.0, 1.0], [math.inf, 1.0]],
            "xy must be finite, got xy=[[0.0, 1.0], [inf, 1.0]]",
        ),
    ],
)
def test_check_points_refuses_naming_the_points(value, message):
    with pytest.raises(ValueError, match=whole(message)):
        check_points("xy", value)


# -- laws ----------------------------------------------------------------------------
def test_check_law_returns_a_valid_law(bn):
    law = bn.BivariateNormal(0.0, 1.0, 2.0, 0.5, 0.3)
    assert checks.check_law("law", law, bn.BivariateNormal) is law
    rebuilt = bn.BivariateNormal.tree_unflatten(None, law.tree_flatten()[0])
    assert checks.check_law("law", rebuilt, bn.BivariateNormal) is rebuilt


@pytest.mark.parametrize("value", ["law", None, 1.0], ids=repr)
def test_check_law_refuses_what_is_not_a_law_of_its_class(bn, value):
    message = f"law must be a BivariateNormal, got law={value!r}"
    with pytest.raises(TypeError, match=whole(message)):
        checks.check_law("law", value, bn.BivariateNormal)
    normal = bn.Normal(0.0, 1.0)
    message = f"law must be a BivariateNormal, got law={normal!r}"
    with pytest.raises(TypeError, match=whole(message)):
        checks.check_law("law", normal, bn.BivariateNormal)


def test_check_law_refuses_a_batch_of_laws(bn):
    batch = bn.Normal([0.0, 1.0], 1.0)
    message = (
        "d must be one Normal with concrete scalar parameters (not a batch, not "
        f"traced), got d={batch!r}"
    )
    with pytest.raises(ValueError, match=whole(message)):
        checks.check_law("d", batch, bn.Normal)


def test_check_law_refuses_an_invalid_rebuilt_law(bn):
    law = bn.Normal.tree_unflatten(None, (0.0, -1.0))
    with pytest.raises(
        ValueError, match=r"^this Normal was rebuilt .* std must lie in"
    ):
        checks.check_law("d", law, bn.Normal)


def test_check_law_refuses_a_traced_law(bnj):
    import jax

    def traced(std):
        return checks.check_law("d", bnj.Normal(0.0, std), bnj.Normal).mean

    with pytest.raises(ValueError, match=r"^d must be one Normal with concrete scalar"):
        jax.make_jaxpr(traced)(1.0)


def test_as_param_of_a_long_array_names_only_its_offending_entries(bn, width):
    """A float32 rounding that breaks the rule in an array of 2,000: the message
    names the first three entries (index: rounded value) and how many more, not
    the whole array."""
    value = np.full(2000, 0.5)
    value[[7, 100, 1500, 1999]] = 1 - 1e-9
    with width():
        if width.law_dtype == np.float64:
            assert np.asarray(as_param("rho", value, CORRELATION)).shape == (2000,)
            return
        says = "rounds to {7: 1.0, 100: 1.0, 1500: 1.0 and 1 more} or cannot hold"
        with pytest.raises(ValueError, match=re.escape(says)) as info:
            as_param("rho", value, CORRELATION)
    message = str(info.value)
    assert len(message) < 800, len(message)
