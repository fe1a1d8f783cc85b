"""Inputs are converted once, at the boundary: array types that lie get the right
answer or an error naming the argument.

Masked arrays, subclasses, non-native byte order, float16/bfloat16/longdouble,
object arrays, pandas-like objects (``__array__``) and mixed lists, on JAX float64,
JAX float32 and the NumPy path; the answer never depends on what ran before.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from _helpers import SETTINGS
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

PARAMS = (0.3, -1.2, 1.5, 0.7, 0.6)


def naming(*parts: str) -> str:
    return "(?s)" + "".join(f"(?=.*{re.escape(part)})" for part in parts)


class Frame:
    """A pandas-like object: converts with ``__array__`` and has a ``dtype`` that
    is not a NumPy dtype (as pandas' extension dtypes)."""

    dtype = type("Float64Dtype", (), {"kind": "f", "name": "Float64"})()

    def __init__(self, values):
        self.values = np.asarray(values, dtype=np.float64)

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)


def _forms(values: np.ndarray) -> dict:
    """The same finite float64 values in every form that must give the same answer."""
    return {
        "big-endian": values.astype(">f8"),
        "little-endian": values.astype("<f8"),
        "matrix-like subclass": values.view(type("Sub", (np.ndarray,), {})),
        "masked, nothing masked": np.ma.masked_array(values, mask=False),
        "object array": values.astype(object),
        "pandas-like": Frame(values),
        "list of Python floats": values.tolist(),
        "longdouble": values.astype(np.longdouble),
    }


POINTS = hnp.arrays(
    np.float64,
    st.integers(1, 6),
    elements=st.floats(-8, 8, allow_subnormal=False),
)


@SETTINGS
@given(x=POINTS)
def test_every_form_of_the_same_points_gives_the_same_answer(bn, width, x):
    """The byte order, subclass or container never changes the result, whatever
    ran before (a native call of the same shape first, as the JAX cache saw)."""
    with width():
        d = bn.BivariateNormal(*PARAMS)
        y = x[::-1].copy()
        want = np.asarray(d.logpdf(x, y))
        want_w = np.asarray(d.whiten(np.stack([x, y], axis=-1)))
        for form, value in _forms(x).items():
            got = np.asarray(d.logpdf(value, y))
            assert got.dtype == want.dtype, form
            np.testing.assert_array_equal(got, want, err_msg=form)
        pairs = np.stack([x, y], axis=-1)
        for form, value in _forms(pairs).items():
            got = np.asarray(d.whiten(value))
            np.testing.assert_array_equal(got, want_w, err_msg=form)


@SETTINGS
@given(x=st.lists(st.floats(-100, 100, width=16), min_size=1, max_size=5))
def test_narrow_floats_are_widened_exactly(bn, width, x):
    """float16 (and bfloat16 where ml_dtypes is installed) points are read exactly
    in the law's dtype: unwhiten of float16 gives the law's float dtype, finite."""
    with width():
        d = bn.BivariateNormal(*PARAMS)
        half = np.asarray(x, dtype=np.float16)
        z = np.stack([half, half], axis=-1)
        got = np.asarray(d.unwhiten(z))
        assert got.dtype == width.law_dtype
        want = np.asarray(d.unwhiten(z.astype(width.law_dtype)))
        np.testing.assert_array_equal(got, want)
        assert np.isfinite(got).all()
        ml_dtypes = pytest.importorskip("ml_dtypes")
        brain = half.astype(ml_dtypes.bfloat16)
        want = np.asarray(d.pdf(brain.astype(np.float32).astype(width.law_dtype), 0.0))
        np.testing.assert_array_equal(np.asarray(d.pdf(brain, 0.0)), want)


def test_longdouble_beyond_float64_is_an_infinite_point(bn, width):
    with width():
        d = bn.BivariateNormal(*PARAMS)
        huge = np.longdouble(10) ** 400 if np.finfo(np.longdouble).maxexp > 1024 else 0
        if not huge:
            pytest.skip("longdouble is float64 here")
        assert float(d.pdf(huge, 0.0)) == 0.0
        assert float(d.cdf(huge, 0.0)) == pytest.approx(float(d.marginal_y().cdf(0.0)))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ([1.0, "a"], "'a'"),
        ([1.0, None], "None"),
        (np.array([1.0, None], dtype=object), "None"),
        (np.array([1.0, True], dtype=object), "True"),
        (np.array([1.0, 2j], dtype=object), "2j"),
        (np.array(["1.0"]), "'1.0'"),
        (np.array([np.datetime64("2020-01-01")]), "2020"),
        (np.array([True, False]), "True"),
    ],
)
def test_what_is_not_real_numbers_is_a_type_error(bn, width, value, shown):
    with width():
        d = bn.BivariateNormal(*PARAMS)
        for call in (lambda v: d.pdf(v, 0.0), lambda v: d.cdf(0.0, v)):
            with pytest.raises(TypeError, match=naming("real number", shown)):
                call(value)


def test_ragged_and_huge_integers_are_value_errors(bn, width):
    with width():
        d = bn.BivariateNormal(*PARAMS)
        with pytest.raises(ValueError, match=naming("x must be", "ragged")):
            d.pdf([[1.0, 2.0], [3.0]], 0.0)
        with pytest.raises(ValueError, match=naming("x is too large", "10000")):
            d.pdf(np.array([10**400, 1], dtype=object), 0.0)


@pytest.mark.parametrize("where", ["fit", "pdf", "whiten", "JointPlot", "prob_rect"])
def test_masked_values_are_refused_naming_the_argument(bn, width, where):
    """A masked value has no number: refused, whatever the data under the mask
    (the same answer after a call with other data under it)."""
    pairs = np.ma.masked_array(
        [[1.0, 2.0], [3.0, 5.0], [100.0, 100.0]],
        mask=[[0, 0], [0, 0], [1, 1]],
    )
    calls = {
        "fit": ("xy", lambda _: bn.BivariateNormal.fit(pairs)),
        "pdf": ("x", lambda d: d.pdf(pairs[:, 0], 0.0)),
        "whiten": ("xy", lambda d: d.whiten(pairs)),
        "JointPlot": ("samples", lambda d: bn.JointPlot(d, pairs)),
        "prob_rect": ("y1", lambda d: d.prob_rect(0.0, 1.0, 0.0, pairs[:, 1])),
    }
    name, call = calls[where]
    with width():
        d = bn.BivariateNormal(*PARAMS)
        with pytest.raises(ValueError, match=naming(f"{name} is a masked array", name)):
            call(d)


def test_masked_arrays_without_masked_values_are_their_data(bn, width):
    data = np.array([[1.0, 2.0], [3.0, 5.0], [0.0, -1.0]])
    with width():
        fitted = bn.BivariateNormal.fit(np.ma.masked_array(data, mask=False))
        plain = bn.BivariateNormal.fit(data)
        for a, b in zip(fitted.tree_flatten()[0], plain.tree_flatten()[0], strict=True):
            assert float(a) == float(b)


def test_parameters_in_every_form(bn, width):
    """The constructor's conversion is the same: a big-endian or object-array or
    pandas-like parameter is its value; strings and None are refused naming it."""
    with width():
        want = bn.BivariateNormal(*PARAMS).tree_flatten()[0]
        for form in _forms(np.array(1.5)).values():
            if isinstance(form, list):
                continue
            d = bn.BivariateNormal(0.3, -1.2, form, 0.7, 0.6)
            assert float(d.std_x) == float(want[2])
        for bad, error in (("1.5", TypeError), (None, TypeError), (b"1", TypeError)):
            with pytest.raises(error, match=naming("std_y")):
                bn.BivariateNormal(std_y=bad)
