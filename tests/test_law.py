"""``bivnorm._law`` on its own: the :class:`Law` base class through a small
subclass of its own (parameters, the pytree protocol, a law checked once,
``checked()`` refusing a rebuilt invalid law, the points a law is evaluated at),
and :func:`format_param`.

Everything here depends on the backend (the float dtype, the arrays kept), so
every test takes ``bn``, ``width`` or ``bnj`` (JAX only).
"""

from __future__ import annotations

import math
import re
import time
import tracemalloc

import numpy as np
import pytest

import bivnorm._law as law_module
from bivnorm._backend import register_pytree
from bivnorm._checks import CORRELATION, FINITE, SEMI_CORRELATION, std_rule
from bivnorm._law import Law, format_param, parameter

RHO = "lie strictly between -1 and 1 (|rho| = 1 is a singular covariance)"
REBUILT = (
    "this Toy was rebuilt from its leaves (by tree_unflatten, tree_map or a "
    "transform) and is not a law: "
)


@register_pytree
class Toy(Law):
    """A law of three parameters: a location, a scale and a correlation."""

    PARAMS = ("loc", "scale", "r")
    RULES = (FINITE, "std", CORRELATION)
    CLOSED_RULES = (FINITE, "std", SEMI_CORRELATION)

    loc = parameter(0, "The location.")
    scale = parameter(1, "The scale.")
    r = parameter(2, "The correlation.")


def whole(message: str) -> str:
    return f"^{re.escape(message)}$"


def rebuilt(*leaves):
    return Toy.tree_unflatten(None, leaves)


@pytest.fixture
def as_param_calls(monkeypatch):
    """The names that ``bivnorm._law`` checks with ``as_param`` in the test."""
    calls = []
    original = law_module.as_param

    def counting(name, value, rule, **kwargs):
        calls.append(name)
        return original(name, value, rule, **kwargs)

    monkeypatch.setattr(law_module, "as_param", counting)
    return calls


# -- the constructor and the parameters ---------------------------------------------
def test_the_constructor_keeps_arrays_of_the_float_dtype(bn, width):
    with width():
        toy = Toy(1, 2.5, np.float32(0.5))
    array = type(bn._backend.xp.asarray(0.0))
    for name, value in zip(Toy.PARAMS, (1.0, 2.5, 0.5), strict=True):
        leaf = getattr(toy, name)
        assert type(leaf) is array, name
        assert leaf.dtype == width.law_dtype, name
        assert float(leaf) == value
    assert toy._dtype == width.law_dtype
    assert toy._shape == ()


def test_the_parameters_are_read_only_properties_with_their_docs(bn):
    toy = Toy(0.0, 1.0, 0.0)
    assert Toy.loc.__doc__ == "The location."
    assert Toy.r.__doc__ == "The correlation."
    assert toy.tree_flatten() == ((toy.loc, toy.scale, toy.r), None)
    with pytest.raises(AttributeError):
        toy.loc = 3.0


@pytest.mark.parametrize(
    ("values", "name", "says"),
    [
        ((math.nan, 1.0, 0.0), "loc", "be finite"),
        ((math.inf, 1.0, 0.0), "loc", "be finite"),
        ((0.0, 0.0, 0.0), "scale", None),
        ((0.0, -1.0, 0.0), "scale", None),
        ((0.0, math.inf, 0.0), "scale", "be finite"),
        ((0.0, 1.0, 1.0), "r", RHO),
        ((0.0, 1.0, -1.0), "r", RHO),
    ],
)
def test_the_constructor_refuses_naming_the_parameter(bn, width, values, name, says):
    with width():
        says = says or std_rule(width.law_dtype).requirement
        value = values[Toy.PARAMS.index(name)]
        message = f"{name} must {says}, got {name}={value!r}"
        with pytest.raises(ValueError, match=whole(message)):
            Toy(*values)


def test_a_float32_law_refuses_a_scale_float32_cannot_hold(bn, width):
    """The scale's rule is the one of the law's dtype, its message says when
    float64 would hold it."""
    with width():
        if width.law_dtype == np.float64:
            assert float(Toy(0.0, 1e-30, 0.0).scale) == 1e-30
            return
        with pytest.raises(
            ValueError,
            match=r"\(about 1\.1e-19 to 9\.2e\+18, where.*"
            r"got scale=1e-30, which the float dtype float32 rounds to ",
        ):
            Toy(0.0, 1e-30, 0.0)


def test_a_batch_has_the_broadcast_shape(bn):
    toy = Toy([0.0, 1.0, 2.0], [[1.0], [2.0]], 0.5)
    assert toy._shape == (2, 3)
    with pytest.raises(
        ValueError,
        match=whole(
            "loc, scale, r must broadcast together, got shapes "
            "loc (3,), scale (2,), r ()"
        ),
    ):
        Toy([0.0, 1.0, 2.0], [1.0, 2.0], 0.5)


# -- format_param and the repr --------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.1, "0.1"),
        (np.float64(0.1), "0.1"),
        (np.float32(0.1), "0.1"),  # the shortest repr of its own dtype
        (np.array(2.5), "2.5"),
        (np.array([1.0, 2.0]), "[1. 2.]"),
        (3, "3"),
        (-0.0, "-0.0"),
        (np.float64(math.inf), "inf"),
    ],
)
def test_format_param_shows_the_value(value, shown):
    assert format_param(value) == shown


def test_format_param_of_jax_arrays_and_tracers(bnj):
    import jax
    import jax.numpy as jnp

    assert format_param(jnp.asarray(0.1, dtype=jnp.float32)) == "0.1"
    assert format_param(jnp.asarray([0.5, 1.0])) == "[0.5 1. ]"
    seen = []
    jax.make_jaxpr(lambda t: seen.append(format_param(t)) or t)(1.0)
    assert seen == ["<traced>"]


def test_the_repr_names_every_parameter(bn, width):
    with width():
        assert repr(Toy(0.1, 2, -0.5)) == "Toy(loc=0.1, scale=2.0, r=-0.5)"
        assert repr(Toy([0.0, 1.0], 1.0, 0.0)) == "Toy(loc=[0. 1.], scale=1.0, r=0.0)"


def test_the_repr_of_a_traced_law(bnj):
    import jax

    seen = []
    jax.make_jaxpr(lambda s: seen.append(repr(Toy(0.0, s, 0.5))) or s)(1.0)
    # Constants made inside the transform may be traced too.
    assert re.fullmatch(
        r"Toy\(loc=(0\.0|<traced>), scale=<traced>, r=(0\.5|<traced>)\)", seen[0]
    ), seen


# -- the pytree protocol and validity ------------------------------------------------
def test_tree_unflatten_keeps_the_leaves_and_defers_the_check(bn, as_param_calls):
    toy = Toy(0.0, 2.0, 0.5)
    as_param_calls.clear()
    leaves, aux = toy.tree_flatten()
    again = Toy.tree_unflatten(aux, leaves)
    assert type(again) is Toy
    assert all(a is b for a, b in zip(again.tree_flatten()[0], leaves, strict=True))
    assert as_param_calls == []  # not checked when rebuilt
    assert not again._valid
    assert again.checked() is again
    assert as_param_calls == ["loc", "scale", "r"]  # at its first use
    assert again.checked() is again
    assert as_param_calls == ["loc", "scale", "r"]  # once


def test_a_law_made_by_the_constructor_is_not_checked_again(bn, as_param_calls):
    toy = Toy(0.0, 2.0, 0.5)
    assert as_param_calls == ["loc", "scale", "r"]
    assert toy.checked() is toy
    assert toy.checked(closed=True) is toy
    assert as_param_calls == ["loc", "scale", "r"]


def test_python_numbers_rebuilt_become_arrays_of_the_float_dtype(bn, width):
    with width():
        toy = rebuilt(0.0, 1, 0.5)
        for leaf in toy.tree_flatten()[0]:
            assert type(leaf) is type(bn._backend.xp.asarray(0.0))
            assert leaf.dtype == width.law_dtype
        assert toy.checked() is toy
        assert toy._dtype == width.law_dtype


@pytest.mark.parametrize(
    ("leaves", "name", "says"),
    [
        ((math.nan, 1.0, 0.0), "loc", "be finite"),
        ((0.0, -1.0, 0.0), "scale", None),
        ((0.0, 0.0, 0.0), "scale", None),  # the open rule: 0 is not a law
        ((0.0, 1.0, 1.0), "r", RHO),
        ((0.0, 1.0, math.nan), "r", RHO),
    ],
)
def test_checked_refuses_a_rebuilt_invalid_law(bn, width, leaves, name, says):
    with width():
        toy = rebuilt(*leaves)
        says = says or std_rule(width.law_dtype).requirement
        shown = repr(toy.tree_flatten()[0][Toy.PARAMS.index(name)])
        message = f"{REBUILT}{name} must {says}, got {name}={shown}"
        for _ in range(2):  # and again: an invalid law never becomes valid
            with pytest.raises(ValueError, match=whole(message)):
                toy.checked()
        assert not toy._valid


def test_a_rebuilt_law_is_checked_in_the_dtype_of_its_leaves(bn):
    """float32 leaves: the scale's rule of float32, whatever the default."""
    narrow = rebuilt(np.float32(0), np.float32(1e-30), np.float32(0))
    assert narrow._dtype == np.float32
    with pytest.raises(
        ValueError, match=re.escape(REBUILT) + r"scale must lie in \[2\*\*-63"
    ):
        narrow.checked()
    wide = rebuilt(np.float32(0), np.float64(1e-30), np.float32(0))
    assert wide._dtype == np.float64
    assert wide.checked() is wide


def test_checked_keeps_the_error_type_and_names_the_leaves(bn):
    with pytest.raises(TypeError, match=re.escape(f"{REBUILT}loc must be a real")):
        rebuilt("a", 1.0, 0.0).checked()
    message = (
        f"{REBUILT}loc, scale, r must broadcast together, got shapes loc (2,), "
        "scale (3,), r ()"
    )
    with pytest.raises(ValueError, match=whole(message)):
        rebuilt(np.zeros(2), np.ones(3), np.float64(0)).checked()
    with pytest.raises(
        ValueError, match=r"^Toy has leaves \('loc', 'scale', 'r'\), got "
    ):
        rebuilt(0.0, 1.0)


def test_of_valid_trusts_its_leaves(bn, as_param_calls):
    """A law made of a valid law's leaves (a marginal): not checked again."""
    leaves = Toy([0.0, 1.0], 2.0, 0.5).tree_flatten()[0]
    as_param_calls.clear()
    toy = Toy.of_valid(leaves)
    assert toy._valid
    assert toy._shape == (2,)
    assert toy.checked() is toy
    assert as_param_calls == []


def test_jax_tree_map_rebuilds_a_law_checked_at_first_use(bnj):
    import jax

    toy = Toy(0.0, 2.0, 0.5)
    negated = jax.tree_util.tree_map(lambda v: -v, toy)
    assert type(negated) is Toy
    with pytest.raises(ValueError, match=re.escape(REBUILT) + "scale must lie in"):
        negated.checked()


def test_a_traced_law_is_screened_to_nan_where_invalid(bnj):
    """Inside a transform: NaN parameters where a law leaves the parameter space
    (the degenerate limits admitted when closed), the valid ones untouched."""
    import jax
    import jax.numpy as jnp

    scales = jnp.asarray([2.0, -1.0, 0.0, 1.0])
    rs = jnp.asarray([0.5, 0.5, 0.5, 1.0])

    def one(scale, r):
        toy = rebuilt(jnp.float64(3.0), scale, r)
        return toy.checked().tree_flatten()[0], toy.checked(closed=True).tree_flatten()[
            0
        ]

    # One compiled function (op-by-op dispatch would compile every primitive).
    open_, closed = jax.jit(jax.vmap(one))(scales, rs)
    nan = np.nan
    np.testing.assert_array_equal(open_[0], [3.0, nan, nan, nan])
    np.testing.assert_array_equal(open_[1], [2.0, nan, nan, nan])
    np.testing.assert_array_equal(open_[2], [0.5, nan, nan, nan])
    np.testing.assert_array_equal(closed[0], [3.0, nan, 3.0, 3.0])
    np.testing.assert_array_equal(closed[1], [2.0, nan, 0.0, 1.0])
    np.testing.assert_array_equal(closed[2], [0.5, nan, 0.5, 1.0])


def test_a_traced_invalid_law_has_nan_gradients(bnj):
    """NaN added, not selected: what uses an invalid law's parameters has NaN
    gradients, for every parameter (a select would give a plausible 0)."""
    import jax

    def energy(loc, scale):
        toy = rebuilt(loc, scale, 0.0).checked()
        return toy.loc**2 + toy.scale**2

    grad = jax.jit(jax.grad(energy, (0, 1)))
    assert [float(g) for g in grad(1.0, 2.0)] == [2.0, 4.0]
    grads = grad(1.0, -2.0)
    assert all(math.isnan(float(g)) for g in grads), grads


# -- the points a law is evaluated at -------------------------------------------------
def test_points_take_the_dtype_of_the_law(bn, width):
    with width():
        toy = Toy(0.0, 1.0, 0.0)
        x, y, z = toy._points(("x", "y", "z"), 0.5, [1, 2], np.arange(2.0))
    assert x == 0.5  # a Python float passes as it is
    for point in (y, z):
        assert type(point) is np.ndarray
        assert point.dtype == width.law_dtype


def test_points_must_broadcast_with_each_other_and_the_batch(bn):
    message = "x, y must broadcast together, got shapes x (2,), y (3,)"
    with pytest.raises(ValueError, match=whole(message)):
        Toy(0.0, 1.0, 0.0)._points(("x", "y"), np.zeros(2), np.zeros(3))
    batch = Toy([0.0, 1.0], 1.0, 0.0)
    message = (
        "x, y, loc, scale, r must broadcast together, got shapes x (3,), y (), "
        "loc (2,), scale (), r ()"
    )
    with pytest.raises(ValueError, match=whole(message)):
        batch._points(("x", "y"), np.zeros(3), 0.0)
    assert len(batch._points(("x", "y"), np.zeros((3, 1)), 0.0)) == 2


def test_points_too_many_for_the_budget_are_refused_before_allocation(bn, width):
    """10^6 x 10^6 points, ``per_point`` arrays of the law's width each: more
    than the 1 TiB ceiling whatever the machine."""
    x, y = np.zeros((10**6, 1)), np.zeros((1, 10**6))
    with width():
        toy = Toy(0.0, 1.0, 0.0)
        item = np.dtype(width.law_dtype).itemsize
        for per_point in (1, 4):
            tracemalloc.start()
            start = time.perf_counter()
            try:
                with pytest.raises(ValueError, match=" needs ") as info:
                    toy._points(("x", "y"), x, y, per_point=per_point)
                seconds = time.perf_counter() - start
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            needed = per_point * item * 10**12
            assert str(info.value).startswith(
                "x, y (broadcast to shape (1000000, 1000000), 1000000000000 points) "
                f"needs {needed} bytes"
            ), str(info.value)
            # x and y of the law's dtype: float32 copies are made (8 MB), no more.
            assert peak < 2**24, peak
            assert seconds < 0.1, seconds
