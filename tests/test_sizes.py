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
    "JointPlot bins": lambda n: bn.JointPlot(d, bins=n),
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
        import bivnorm._validation as v
        print(v.memory_limit())
    """
    assert int(run_python(code, BIVNORM_MAX_BYTES="12345", **env)) == 12345
    available = int(run_python(code, **env))
    assert available > 10**8  # this machine's available memory, read
