"""The benchmark harness: rows, goals, group discovery, a child process (no timing)."""

from __future__ import annotations

import sys

import pytest
from _helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import harness


def stats(samples):
    return harness._summary(samples)


def test_row_ratio_is_the_median_of_paired_rounds():
    ours, theirs = stats([1.0, 2.0, 4.0]), stats([10.0, 10.0, 10.0])
    speedup = harness.row("k", "w", "ref", ours, theirs, kind="speedup", goal=(">=", 5))
    assert speedup["ratio"] == 5.0  # rounds: 10, 5, 2.5
    assert speedup["pass"] is True
    fraction = harness.row(
        "k", "w", "ref", ours, theirs, kind="fraction", goal=("<=", 0.1)
    )
    assert fraction["ratio"] == pytest.approx(0.2)
    assert fraction["pass"] is False
    assert fraction["goal"] == "<= 0.1"


@pytest.mark.parametrize(
    ("value", "goal", "expected"),
    [
        (3.5, ("<=", 4), True),
        (4.5, ("<=", 4), False),
        (0, ("==", 0), True),
        (1, ("==", 0), False),
        (2.0, (">=", 3), False),
        (None, ("<=", 4), None),
    ],
)
def test_figure_row_goal(value, goal, expected):
    r = harness.figure_row("explorer_ms", "one move", value, "ms", goal=goal)
    assert r["pass"] is expected
    assert r["kind"] == "figure"
    assert r["unit"] == "ms"


def test_bad_kind_and_goal_are_refused():
    s = stats([1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="'ratio'"):
        harness.row("k", "w", "r", s, s, kind="ratio", goal=(">=", 1))
    with pytest.raises(ValueError, match="'<'"):
        harness.figure_row("k", "w", 1.0, "s", goal=("<", 1))


def test_table_shows_ratio_and_figure_rows():
    s = stats([1e-3, 1e-3, 1e-3])
    rows = [
        harness.row("a", "ratio row", "r", s, s, kind="speedup", goal=(">=", 2)),
        harness.figure_row("b", "figure row", 12.5, "ms", goal=("<=", 10)),
        harness.figure_row("c", "count row", 0, "", goal=("==", 0)),
    ]
    text = harness.table(rows).splitlines()
    assert text[2].split()[-4:] == ["1.00x", ">=", "2x", "FAIL"]
    assert "12.5 ms" in text[3]
    assert text[3].split()[-3:] == ["10", "ms", "FAIL"]
    assert text[4].split()[2] == "0"
    assert text[4].split()[-3:] == ["==", "0", "PASS"]


def test_every_group_is_discovered_with_its_flags():
    groups = harness.discover()
    assert {"pdf", "sample", "cdf", "slider", "sharded", "docs"} <= set(groups)
    assert groups["pdf"]["x64"] is True
    assert groups["slider"]["x64"] is False
    assert list(groups)[-1] == "docs"  # ORDER = 90: the slow build last


def test_a_group_runs_in_a_child_process(monkeypatch):
    monkeypatch.setenv("BIVNORM_BENCH_DOCS", "0")  # read the last build, no build
    got = harness.run_group("docs", x64=False, quick=True, timeout=120)
    assert "error" not in got, got.get("error")
    assert [r["key"] for r in got["rows"]] == ["docs_total", "docs_example_max"]
    assert got["rows"][0]["value"] is None
    assert got["rows"][0]["pass"] is None
    assert isinstance(got["docs_example_seconds"], dict)
    assert got["wall_seconds"] > 0
