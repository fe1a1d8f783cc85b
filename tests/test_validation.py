"""Bad input raises ValueError naming the parameter and its value; extremes pass.

Every case runs on both backends.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

NAN, INF = math.nan, math.inf
GOOD = {"mean_x": 0.0, "mean_y": 1.0, "std_x": 1.0, "std_y": 1.4, "rho": 0.6}


def naming(*parts: str) -> str:
    """A ``match`` pattern: the message contains every one of ``parts``."""
    return "(?s)" + "".join(f"(?=.*{re.escape(part)})" for part in parts)


BAD_PARAMS = [
    ("std_x", 0.0, "0.0"),
    ("std_x", -1.0, "-1.0"),
    ("std_x", NAN, "nan"),
    ("std_x", INF, "inf"),
    ("std_y", 0.0, "0.0"),
    ("std_y", -2.5, "-2.5"),
    ("std_y", NAN, "nan"),
    ("std_y", -INF, "-inf"),
    ("rho", 1.0, "1.0"),
    ("rho", -1.0, "-1.0"),
    ("rho", 1.5, "1.5"),
    ("rho", -3.0, "-3.0"),
    ("rho", NAN, "nan"),
    ("rho", INF, "inf"),
    ("mean_x", NAN, "nan"),
    ("mean_x", INF, "inf"),
    ("mean_y", -INF, "-inf"),
    ("mean_y", NAN, "nan"),
    ("std_x", np.float64(-0.5), "-0.5"),
    ("rho", np.float32(1.0), "1.0"),
]


@pytest.mark.parametrize(("name", "value", "shown"), BAD_PARAMS)
def test_bad_parameter(bn, name, value, shown):
    with pytest.raises(ValueError, match=naming(name, shown)):
        bn.BivariateNormal(**(GOOD | {name: value}))


@pytest.mark.parametrize(("name", "value", "shown"), BAD_PARAMS[:8])
def test_bad_parameter_positional(bn, name, value, shown):
    args = list((GOOD | {name: value}).values())
    with pytest.raises(ValueError, match=naming(name, shown)):
        bn.BivariateNormal(*args)


@pytest.mark.parametrize("name", list(GOOD))
def test_parameters_that_do_not_broadcast(bn, name):
    """Arrays of parameters are a batch of laws; shapes that do not broadcast
    together are refused, naming every parameter and its shape."""
    other = "rho" if name != "rho" else "mean_x"
    bad = GOOD | {name: [GOOD[name]] * 2, other: [GOOD[other]] * 3}
    with pytest.raises(ValueError, match=naming(name, other, "(2,)", "(3,)")):
        bn.BivariateNormal(**bad)


@pytest.mark.parametrize(
    ("cov", "shown"),
    [
        (np.eye(3), "(3, 3)"),
        ([1.0, 2.0], "(2,)"),
        ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], "(2, 3)"),
        (2.0, "()"),
        ([[1.0, 0.5], [0.4, 1.0]], "0.4"),  # not symmetric
        ([[1.0, 0.0], [1e-6, 1.0]], "1e-06"),  # not symmetric
        ([[1.0, 2.0], [2.0, 1.0]], "2.0"),  # indefinite
        ([[1.0, 1.0], [1.0, 1.0]], "1.0"),  # singular
        ([[4.0, 2.0], [2.0, 1.0]], "4.0"),  # singular, correlation exactly 1
        ([[4.0, -2.0], [-2.0, 1.0]], "-2.0"),  # singular, correlation exactly -1
        ([[-1.0, 0.0], [0.0, 1.0]], "-1.0"),
        ([[0.0, 0.0], [0.0, 1.0]], "0.0"),
        ([[1.0, 0.0], [0.0, 0.0]], "0.0"),
        ([[1.0, 0.0], [0.0, -2.0]], "-2.0"),
        ([[NAN, 0.0], [0.0, 1.0]], "nan"),
        ([[1.0, INF], [INF, 1.0]], "inf"),
        ([[1.0, 0.0], [0.0, -INF]], "inf"),
    ],
)
def test_bad_cov(bn, cov, shown):
    with pytest.raises(ValueError, match=naming("cov", shown)):
        bn.BivariateNormal.from_cov(mean=[0.0, 0.0], cov=cov)


@pytest.mark.parametrize(
    ("mean", "shown"),
    [
        ([0.0], "(1,)"),
        ([0.0, 1.0, 2.0], "(3,)"),
        (0.0, "()"),
        ([[0.0, 1.0]], "(1, 2)"),
        ([NAN, 0.0], "nan"),
        ([0.0, -INF], "inf"),
    ],
)
def test_bad_mean(bn, mean, shown):
    with pytest.raises(ValueError, match=naming("mean", shown)):
        bn.BivariateNormal.from_cov(mean=mean, cov=[[1.0, 0.0], [0.0, 1.0]])


@pytest.mark.parametrize(
    ("n", "shown"),
    [(-1, "-1"), (2.5, "2.5"), (3.0, "3.0"), ("3", "'3'"), (None, "None")],
)
def test_bad_sample_count(bn, n, shown):
    d = bn.BivariateNormal(**GOOD)
    with pytest.raises(ValueError, match=naming("n", shown)):
        d.sample(0, n)
    with pytest.raises(ValueError, match=naming("n", shown)):
        bn.Normal(0.0, 1.0).sample(0, n)


@pytest.mark.parametrize("key", [1.5, "0", None, [1, 2]])
def test_bad_key(bn, key):
    with pytest.raises(ValueError, match=naming("key")):
        bn.BivariateNormal(**GOOD).sample(key, 3)


@pytest.mark.parametrize(
    ("mean", "std", "name", "shown"),
    [
        (0.0, 0.0, "std", "0.0"),
        (0.0, -1.0, "std", "-1.0"),
        (0.0, NAN, "std", "nan"),
        (0.0, INF, "std", "inf"),
        (NAN, 1.0, "mean", "nan"),
        (-INF, 1.0, "mean", "inf"),
        (0.0, [1.0, -1.0], "std", "-1.0"),
    ],
)
def test_bad_normal(bn, mean, std, name, shown):
    with pytest.raises(ValueError, match=naming(name, shown)):
        bn.Normal(mean, std)


@pytest.mark.parametrize(
    ("prob", "shown"),
    [(0.0, "0.0"), (1.0, "1.0"), (-0.5, "-0.5"), (1.5, "1.5"), (NAN, "nan")],
)
def test_bad_ellipse_prob(bn, prob, shown):
    with pytest.raises(ValueError, match=naming("prob", shown)):
        bn.BivariateNormal(**GOOD).ellipse(prob=prob)


def test_bad_replace(bn):
    d = bn.BivariateNormal(**GOOD)
    with pytest.raises(ValueError, match=naming("std_y", "-1.0")):
        d.replace(std_y=-1.0)


@pytest.mark.parametrize(
    "params",
    [
        (0.0, 0.0, 1.0, 1.0, 0.999999),
        (0.0, 0.0, 1.0, 1.0, -0.999999),
        (1e6, -1e6, 1e-8, 1e-8, 0.999999),
        (-1e6, 1e6, 1e8, 1e8, -0.999999),
        (1e6, 1e6, 1e-8, 1e8, 0.999999),
        (0.0, 0.0, 1e8, 1e-8, -0.999999),
    ],
)
def test_valid_extremes_accepted(bn, params):
    d = bn.BivariateNormal(*params)
    for name, value in zip(GOOD, params, strict=True):
        assert float(getattr(d, name)) == value
    e = bn.BivariateNormal.from_cov(mean=params[:2], cov=np.asarray(d.cov))
    assert float(e.rho) == pytest.approx(params[4], rel=1e-14)
    assert np.all(np.isfinite(np.asarray(d.logpdf(params[0], params[1]))))
    assert np.all(np.isfinite(np.asarray(d.sample(0, 5))))
