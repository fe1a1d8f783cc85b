"""bivnorm.tetrachoric against R's psych and polycor and against exact roots.

The reference values live in ``tests/data`` with the scripts that made them:
``make_tetrachoric_reference.R`` (R 4.2.2, psych 2.2.9 and polycor 0.8-1 from
Debian) and ``make_tetrachoric_roots.py`` (the maximum-likelihood root in 40-digit
mpmath). Every table there is estimated in one batch per backend.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from _helpers import assert_close

DATA = Path(__file__).parent / "data"


@cache
def _load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text())["tables"]


def _column(rows: list[dict], key: str) -> np.ndarray:
    return np.array([np.nan if r[key] is None else r[key] for r in rows], float)


def _tables(rows: list[dict]) -> np.ndarray:
    return np.array([r["table"] for r in rows], float).reshape(-1, 2, 2)


@pytest.fixture(scope="module")
def reference(bn):
    """The R references and bivnorm's estimates of the same 300 tables."""
    rows = _load("tetrachoric_reference.json")
    return rows, bn.tetrachoric(_tables(rows))


def test_rho_is_the_maximum_likelihood_root(bn):
    """Within 1e-10 of the exact root, |rho| up to 0.999 (304 tables)."""
    rows = _load("tetrachoric_roots.json")
    roots = np.array([float(r["rho"]) for r in rows])
    assert np.abs(roots).max() > 0.998
    assert_close(bn.tetrachoric(_tables(rows)).rho, roots, atol=1e-10)


def test_rho_agrees_with_psych_and_polycor(reference):
    """psych::tetrachoric and polycor::polychor(ML = TRUE) at tight tolerances."""
    rows, fit = reference
    assert_close(fit.rho, _column(rows, "psych"), atol=1e-6)
    polycor = _column(rows, "polycor")
    known = ~np.isnan(polycor)
    assert known.sum() >= 290
    assert_close(fit.rho[known], polycor[known], atol=1e-6)
    # psych at its defaults: optimize() stops within its tolerance, ~1.2e-4.
    assert_close(fit.rho, _column(rows, "psych_default"), atol=1.2e-4)


def test_standard_error_is_polycors_full_ml_one(reference):
    """polycor's inverse numerical 3 x 3 Hessian, to 1e-3 relative."""
    rows, fit = reference
    fine = _column(rows, "polycor_se_fine")
    known = ~np.isnan(fine)
    assert_close(fit.se[known], fine[known], rtol=1e-3)
    # At polycor's default step (1e-3) its finite differences drift as
    # |rho| -> 1; up to 0.95 they hold 1e-3 too.
    default = _column(rows, "polycor_se")
    inner = known & (np.abs(fit.rho) <= 0.95)
    assert inner.sum() >= 280
    assert_close(fit.se[inner], default[inner], rtol=1e-3)


def test_cuts_come_from_the_margins_and_count_in_the_error(bn):
    """The cuts are the margins' quantiles; with them estimated too the error
    exceeds the fixed-cut one, 1 / sqrt(n phi2^2 sum 1/p) (by 0.76 % here)."""
    table = np.array([[40.0, 8.0], [3.0, 9.0]])
    fit = bn.tetrachoric(table)
    n, p = table.sum(), table / table.sum()
    z = np.asarray(bn.Normal().ppf(np.array([p[0].sum(), p[:, 0].sum()])), float)
    assert_close(fit.cuts, z, atol=1e-12)
    density = float(bn.BivariateNormal(rho=fit.rho).pdf(*z))
    fixed = 1 / np.sqrt(n * density**2 * (1 / p).sum())
    assert 1.005 * fixed < fit.se < 1.01 * fixed


def test_zero_cells_take_psychs_correction(bn, reference):
    rows, _ = reference
    psych = {tuple(r["table"]): r for r in rows}[(50, 10, 12, 0)]
    fit = bn.tetrachoric([[50, 10], [12, 0]])
    assert fit.corrected is True
    assert_close(fit.table, [[50, 10], [12, 0.5]])
    assert_close(fit.rho, psych["psych"], atol=1e-6)
    assert abs(fit.rho - (-0.391)) < 1e-3  # the value the issue quotes from psych
    same = bn.tetrachoric([[50, 10], [12, 0.5]])
    assert same.corrected is False
    assert_close(fit.rho, same.rho, atol=1e-14)
    other = bn.tetrachoric([[50, 10], [12, 0]], correction=0.25)
    assert_close(other.table[1, 1], 0.25)
    assert other.rho < fit.rho


def test_zero_cell_without_correction_is_refused(bn):
    with pytest.raises(ValueError, match=r"zero cell.*\|rho\| = 1.*correction > 0"):
        bn.tetrachoric([[50, 10], [12, 0]], correction=0)


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ([[0, 0], [3, 4]], r"table = \[\[0.0, 0.0\], \[3.0, 4.0\]\] has an empty row"),
        ([[3, 0], [4, 0]], "empty row or column"),
        ([[0, 0], [0, 0]], "empty row or column"),
        ([[3, -1], [4, 5]], "negative or non-finite count"),
        ([[3, np.nan], [4, 5]], "negative or non-finite count"),
        ([[3, np.inf], [4, 5]], "negative or non-finite count"),
        ([[1, 2, 3], [4, 5, 6]], r"shape \(\.\.\., 2, 2\), got shape \(2, 3\)"),
        ([1, 2, 3, 4], r"shape \(\.\.\., 2, 2\), got shape \(4,\)"),
    ],
)
def test_tables_without_an_estimate_are_refused(bn, table, match):
    with pytest.raises(ValueError, match=match):
        bn.tetrachoric(table)


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ([[1j, 2], [3, 4]], "real counts, got dtype complex128"),
        ([["a", "b"], ["c", "d"]], "real counts"),
    ],
)
def test_tables_that_are_not_counts_are_refused(bn, table, match):
    with pytest.raises(TypeError, match=match):
        bn.tetrachoric(table)


def test_refusal_names_the_table_of_a_batch(bn):
    tables = np.full((2, 3, 2, 2), 5.0)
    tables[1, 2, 0] = 0.0
    with pytest.raises(ValueError, match=r"table\[1, 2\] = \[\[0.0, 0.0\]"):
        bn.tetrachoric(tables)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"correction": -0.5}, r"correction must be finite and >= 0.0, got.*-0.5"),
        ({"correction": np.nan}, "correction must be finite"),
        ({"xtol": 0.0}, r"xtol must be finite and > 0.0"),
        ({"xtol": np.inf}, "xtol must be finite"),
        ({"maxiter": 0}, "maxiter must be a positive integer, got maxiter=0"),
    ],
)
def test_arguments_are_checked(bn, kwargs, match):
    with pytest.raises(ValueError, match=match):
        bn.tetrachoric([[5, 3], [2, 6]], **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"correction": "0.5"},
            "correction must be a real number, got correction='0.5'",
        ),
        ({"xtol": [1e-3]}, "xtol must be a real number"),
        ({"maxiter": 2.5}, "maxiter must be a positive integer, got maxiter=2.5"),
        ({"maxiter": True}, "maxiter must be a positive integer"),
    ],
)
def test_arguments_of_the_wrong_type_are_refused(bn, kwargs, match):
    with pytest.raises(TypeError, match=match):
        bn.tetrachoric([[5, 3], [2, 6]], **kwargs)


def test_stops_at_the_tolerance_not_a_step_count(bn):
    """Far from the start the first step is large: one step is not enough."""
    table = [[30, 10], [5, 55]]  # the start (cos-pi) is 0.006 off the root
    with pytest.raises(RuntimeError, match="did not converge"):
        bn.tetrachoric(table, maxiter=1)
    loose = bn.tetrachoric(table, xtol=1e-3).rho
    assert abs(loose - bn.tetrachoric(table).rho) < 1e-3


def test_batches_and_single_tables(bn):
    rng = np.random.default_rng(5)
    tables = rng.integers(0, 40, size=(3, 4, 2, 2)).astype(float)
    tables[..., 0, 0] += 1.0  # no empty row or column
    tables[..., 1, 1] += 1.0
    fit = bn.tetrachoric(tables)
    assert fit.rho.shape == fit.se.shape == fit.corrected.shape == (3, 4)
    assert fit.cuts.shape == (3, 4, 2)
    assert fit.table.shape == tables.shape
    one = bn.tetrachoric(tables[2, 1])
    assert isinstance(one.rho, float)
    assert isinstance(one.se, float)
    assert one.rho == fit.rho[2, 1]
    assert one.se == fit.se[2, 1]
    assert bn.tetrachoric(np.zeros((0, 2, 2))).rho.shape == (0,)


def test_symmetries(bn):
    """Transposing keeps rho and swaps the cuts; swapping the rows negates rho."""
    table = np.array([[40.0, 8.0], [3.0, 9.0]])
    fit = bn.tetrachoric(table)
    transposed = bn.tetrachoric(table.T)
    assert_close(transposed.rho, fit.rho, atol=1e-13)
    assert_close(transposed.cuts, fit.cuts[::-1], atol=1e-13)
    assert_close(transposed.se, fit.se, rtol=1e-10)
    flipped = bn.tetrachoric(table[::-1])
    assert_close(flipped.rho, -fit.rho, atol=1e-13)
    assert_close(flipped.se, fit.se, rtol=1e-10)


def test_float32(bnj):
    """JAX's default dtype: rho within 2e-6 of the exact root, se within 1e-3."""
    import jax

    rows = _load("tetrachoric_roots.json")[::4]
    tables = _tables(rows)
    with jax.enable_x64(False):
        fit = bnj.tetrachoric(tables)
    roots = np.array([float(r["rho"]) for r in rows])
    assert_close(fit.rho, roots, atol=2e-6)
    assert_close(fit.se, bnj.tetrachoric(tables).se, rtol=1e-3)
