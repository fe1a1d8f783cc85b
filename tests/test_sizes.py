"""Sizes that cannot fit are refused before anything is allocated.

Each case runs in a fresh interpreter, so that an abort inside XLA ("overflow in
static extent product", SIGABRT) or an out-of-memory kill would be seen as a failed
process rather than suffered by the test run. The refusal is a ValueError naming
the parameter and the bytes it would need.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from _helpers import run_python

HAS_JAX = importlib.util.find_spec("jax") is not None

# Each call returns the message of the ValueError it raised, or "no error".
PROBE = """
import json, os
import matplotlib
matplotlib.use("Agg")
import bivnorm as bn

d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
calls = {
    "sample n": lambda n: d.sample(0, n),
    "Normal.sample n": lambda n: bn.Normal(0.0, 1.0).sample(0, n),
    "batched Normal.sample n": lambda n: bn.Normal([0.0] * 1000, 1.0).sample(0, n),
    "ellipse num": lambda n: d.ellipse(0.5, n),
    "surface num": lambda n: bn.surface(d, num=n),
    "slider_app capacity": lambda n: bn.slider_app(capacity=n, n=1, render="none"),
    "animate n": lambda n: bn.animate(n=n, frames=4),
    "plot_marginal num": lambda n: bn.plot_marginal(d.marginal_x(), num=n),
}
sizes = json.loads(os.environ["PROBE_SIZES"])
out = {}
for name, call in calls.items():
    out[name] = {}
    for n in sizes:
        try:
            call(n)
        except ValueError as err:
            out[name][str(n)] = str(err)
        else:
            out[name][str(n)] = "no error"
print(json.dumps(out))
"""

HUGE = [2**62, 2**63 + 5, 10**30, 2**40]
PATHS = [
    pytest.param({}, id="jax", marks=pytest.mark.skipif(not HAS_JAX, reason="no jax")),
    pytest.param({"BIVNORM_BACKEND": "numpy"}, id="numpy"),
]


def _probe(sizes, **env) -> dict:
    text = run_python(PROBE, PROBE_SIZES=json.dumps(sizes), **env)
    return json.loads(text.strip().splitlines()[-1])


# Code for a fresh interpreter: each call's ValueError, with the best of three
# times (no one-time import or scheduler noise in it).
REFUSALS = """
        import json, time

        def refusals(calls):
            out = {}
            for name, call in calls.items():
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    try:
                        call()
                    except ValueError as err:
                        times.append(time.perf_counter() - start)
                        out[name] = [str(err), min(times)]
            return out
"""


@pytest.mark.parametrize("env", PATHS)
def test_huge_sizes_are_refused_naming_the_bytes(env):
    results = _probe(HUGE, **env)
    for call, by_size in results.items():
        name = call.split()[-1]
        for size, message in by_size.items():
            assert message != "no error", (call, size)
            assert f"{name}={size}" in message, (call, message)
            assert "bytes" in message, (call, message)
            needed = int(message.split(" needs ")[1].split(" bytes")[0])
            assert needed >= int(size), (call, message)


@pytest.mark.parametrize("env", PATHS)
def test_the_limit_is_the_documented_one(env):
    """BIVNORM_MAX_BYTES replaces the available memory as the limit."""
    limit = 100_000_000
    results = _probe([3_000_000, 30_000_000], BIVNORM_MAX_BYTES=str(limit), **env)
    sample = results["sample n"]
    assert sample["3000000"] == "no error"  # 48 MB (float64 JAX path: 96 MB)
    assert "n=30000000 needs" in sample["30000000"]
    assert f"the {limit} bytes" in sample["30000000"]
    code = """
        import bivnorm._budget as v
        print(v.memory_limit())
    """
    assert int(run_python(code, BIVNORM_MAX_BYTES="12345", **env)) == 12345
    available = int(run_python(code, **env))
    assert available > 10**8  # this machine's available memory, read


@pytest.mark.parametrize("env", PATHS)
def test_sizes_implied_by_broadcasting_are_refused_fast(env):
    """Two arrays of 10^6 points that broadcast to 10^12: refused before any
    allocation, in well under 50 ms, naming the arguments and the bytes."""
    code = (
        REFUSALS
        + """
        import numpy as np
        import bivnorm as bn
        d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
        d.pdf(np.zeros(3), 0.0)  # compiled once, outside the timing
        x, y = np.zeros((10**6, 1)), np.zeros((1, 10**6))
        batch = bn.BivariateNormal(x)
        print(json.dumps(refusals({
            "pdf": lambda: d.pdf(x, y),
            "cdf": lambda: d.cdf(x, y),
            "prob_rect": lambda: d.prob_rect(x, 1.0, 0.0, y),
            "conditional_y": lambda: batch.conditional_y(y[0]),
        })))
    """
    )
    out = json.loads(run_python(code, **env).strip().splitlines()[-1])
    for name in ("pdf", "cdf", "prob_rect", "conditional_y"):
        message, seconds = out[name]
        assert "broadcast to shape (1000000, 1000000)" in message, message
        assert "needs" in message, message
        assert "bytes" in message, message
        assert seconds < 0.05, (name, seconds)


MALFORMED = ["abc", "-1", "1e99", "0", "", " ", "12.5", str(2**40 + 1), "0x10"]


@pytest.mark.parametrize("env", PATHS)
def test_a_malformed_budget_is_an_error_naming_the_variable(env):
    code = """
        import json, os
        import bivnorm as bn
        import bivnorm._budget as b
        out = {}
        for text in json.loads(os.environ["TEXTS"]):
            os.environ["BIVNORM_MAX_BYTES"] = text
            try:
                bn.BivariateNormal().sample(0, 10**8)
            except ValueError as err:
                out[text] = str(err)
        os.environ["BIVNORM_MAX_BYTES"] = "1_000"
        out["limit"] = b.memory_limit()
        del os.environ["BIVNORM_MAX_BYTES"]
        out["default"] = b.memory_limit()
        out["ceiling"] = b.CEILING
        print(json.dumps(out))
    """
    out = json.loads(
        run_python(code, TEXTS=json.dumps(MALFORMED), **env).strip().splitlines()[-1]
    )
    for text in MALFORMED:
        assert f"BIVNORM_MAX_BYTES={text!r}" in out[text], out[text]
        assert "whole number of bytes from 1 to 1099511627776" in out[text]
    assert out["limit"] == 1000
    assert 10**8 < out["default"] <= out["ceiling"] == 2**40


@pytest.mark.parametrize("env", PATHS)
def test_counts_of_figures_are_refused_fast(env):
    """frames and bins have documented maxima; refused at once, naming them."""
    code = (
        REFUSALS
        + """
        import matplotlib
        matplotlib.use("Agg")
        import bivnorm as bn
        from bivnorm.animation import MAX_FRAMES, animate
        from bivnorm.plotting import MAX_BINS
        d = bn.BivariateNormal()
        print(json.dumps(refusals({
            "frames": lambda: animate(frames=10**6),
            "frames_bytes": lambda: animate(frames=MAX_FRAMES, figsize=(200, 200)),
            "figsize": lambda: animate(figsize=(10**5, 10**5)),
            "bins": lambda: bn.JointPlot(d, bins=10**6),
            "bins_max": lambda: bn.JointPlot(d, bins=MAX_BINS + 1),
        })))
    """
    )
    out = json.loads(run_python(code, **env).strip().splitlines()[-1])
    assert "frames must be at most 10000, got frames=1000000" in out["frames"][0]
    assert "frames=10000 of" in out["frames_bytes"][0]
    assert "needs" in out["frames_bytes"][0]
    assert "figsize=(100000.0, 100000.0)" in out["figsize"][0]
    assert "bins must be at most 4096, got bins=1000000" in out["bins"][0]
    assert "got bins=4097" in out["bins_max"][0]
    for name, (_, seconds) in out.items():
        assert seconds < 0.05, (name, seconds)
