"""bivnorm against SciPy, NumPy and seaborn: ratios measured side by side.

Run with ``nox -s bench`` (or ``python benchmarks/run.py``). Each group of rows runs
in its own Python process, so that JAX's global ``jax_enable_x64`` flag is set once
at start (float64 rows with it, float32 rows without), and so that a group cannot
warm caches for another. Inside a process the two sides of a row are timed in
paired, alternating runs (bivnorm, reference, reference, bivnorm, ...) after a
warm-up, JAX results are blocked on, and the medians are compared. Every child
process pins BLAS/OpenMP to one thread: on a small shared machine idle BLAS workers
spin between calls and steal the cores that the next measurement needs (NumPy's
``multivariate_normal`` here takes 7x longer with the default OpenBLAS threads
than with one).

The table is printed and written, with a description of the machine, to
``benchmarks/results.json`` (``--output`` to change). The docs build row is read
from a timed ``nox -R -s docs`` (the docs venv reused; ``--no-docs`` skips it and
reads the last build's ``docs/sg_execution_times.rst``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no load measurement
    resource = None

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PIN_THREADS = dict.fromkeys(
    (
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "BLIS_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
    ),
    "1",
)
PARAMS = (0.5, -0.3, 1.2, 0.8, 0.6)  # mean_x, mean_y, std_x, std_y, rho

# -- timing -------------------------------------------------------------------------


def _block(value):
    ready = getattr(value, "block_until_ready", None)
    return value if ready is None else ready()


def paired(ours, theirs, *, reps, warmup=2, inner=1):
    """Seconds per call of two callables, timed alternately.

    Each of ``reps`` rounds times ``inner`` blocking calls of each side; the order
    of the two sides flips every round. Returns ``(ours, theirs)`` summaries:
    median, quartiles and the per-round times, so that ratios can be formed round
    by round (the two sides of a round ran under the same machine load).
    """
    for _ in range(warmup):
        _block(ours())
        _block(theirs())
    times = {id(ours): [], id(theirs): []}
    gc.collect()
    gc.disable()
    try:
        for i in range(reps):
            for fn in (ours, theirs) if i % 2 == 0 else (theirs, ours):
                start = time.perf_counter()
                for _ in range(inner):
                    _block(fn())
                times[id(fn)].append((time.perf_counter() - start) / inner)
    finally:
        gc.enable()
    return _summary(times[id(ours)]), _summary(times[id(theirs)])


def timed(fn, *, reps, warmup=2):
    """Median seconds per blocking call of one callable."""
    for _ in range(warmup):
        _block(fn())
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        _block(fn())
        samples.append(time.perf_counter() - start)
    return _summary(samples)


def _summary(samples):
    q1, q2, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return {"median": q2, "q1": q1, "q3": q3, "n": len(samples), "samples": samples}


def paired_ratio(ours, theirs, kind):
    """Median over rounds of reference/bivnorm ("speedup") or its inverse."""
    pairs = zip(ours["samples"], theirs["samples"], strict=True)
    ratios = [b / a if kind == "speedup" else a / b for a, b in pairs]
    return statistics.median(ratios)


def row(key, what, reference, ours, theirs, *, kind, goal, note=""):
    """One result row; ``kind`` says how the ratio is formed.

    ``"speedup"``: reference time / bivnorm time (higher is better);
    ``"fraction"``: bivnorm time / reference time (lower is better). The ratio is
    the median of the per-round ratios of the paired runs.
    """
    a, b = ours["median"], theirs["median"]
    ratio = paired_ratio(ours, theirs, kind)
    op, value = goal
    ok = ratio >= value if op == ">=" else ratio <= value
    return {
        "key": key,
        "what": what,
        "reference": reference,
        "bivnorm_s": a,
        "reference_s": b,
        "bivnorm": ours,
        "reference_stats": theirs,
        "kind": kind,
        "ratio": ratio,
        "goal": f"{op} {value:g}",
        "goal_op": op,
        "goal_value": value,
        "pass": bool(ok),
        "note": note,
    }


# -- groups (each runs in a child process) ------------------------------------------


def _setup_jax(x64):
    import jax

    jax.config.update("jax_enable_x64", x64)
    return jax


def _numpy_pdf():
    """The density in NumPy, its constants computed once, outside the timing."""
    import numpy as np

    mx, my, sx, sy, rho = PARAMS
    k = 1.0 / math.sqrt((1.0 - rho) * (1.0 + rho))
    log_norm = math.log(2.0 * math.pi * sx * sy) - math.log(k)

    def numpy_pdf(x, y):
        u = (x - mx) / sx
        w = ((y - my) / sy - rho * u) * k
        return np.exp(-0.5 * (u * u + w * w) - log_norm)

    return numpy_pdf


def group_f64(quick):
    """float64: pdf against SciPy, at scattered points and on a grid."""
    jax = _setup_jax(x64=True)
    import jax.numpy as jnp
    import numpy as np
    from scipy.stats import multivariate_normal

    import bivnorm as bn

    reps = 9 if quick else 25
    d = bn.BivariateNormal(*PARAMS)
    mean, cov = np.asarray(d.mean), np.asarray(d.cov)
    frozen = multivariate_normal(mean, cov)
    rng = np.random.default_rng(0)
    rows, info = [], {}

    n = 10**6
    xn, yn = rng.standard_normal(n), rng.standard_normal(n)
    xy = np.stack([xn, yn], axis=-1)
    x, y = jnp.asarray(xn), jnp.asarray(yn)
    err = np.max(np.abs(np.asarray(d.pdf(x, y)) / frozen.pdf(xy) - 1.0))
    ours, theirs = paired(lambda: d.pdf(x, y), lambda: frozen.pdf(xy), reps=reps)
    rows.append(
        row(
            "pdf_1e6_f64",
            "pdf, 10^6 points, float64",
            "scipy.stats.multivariate_normal(...).pdf",
            ours,
            theirs,
            kind="speedup",
            goal=(">=", 15),
            note=f"JAX arrays in; max rel. difference to SciPy {err:.1e}",
        )
    )
    scipy_1e6 = theirs["median"]
    ours_np, theirs_np = paired(
        lambda: d.pdf(xn, yn), lambda: frozen.pdf(xy), reps=reps
    )
    info["pdf_1e6_f64_numpy_inputs_speedup"] = paired_ratio(
        ours_np, theirs_np, "speedup"
    )
    # The same in rounds of 5 calls a side: the first call after SciPy's 24 ms
    # (one core busy, the other idle) is the slow one.
    ours5, theirs5 = paired(
        lambda: d.pdf(x, y), lambda: frozen.pdf(xy), reps=max(reps // 3, 5), inner=5
    )
    info["pdf_1e6_f64_speedup_rounds_of_5"] = paired_ratio(ours5, theirs5, "speedup")
    # What bounds the row: one exp per point (compute), or memory traffic?
    exp = jax.jit(jnp.exp)
    add = jax.jit(lambda a, b: a + b)
    ours, floor = paired(lambda: d.pdf(x, y), lambda: exp(x), reps=reps)
    info["exp_1e6_f64_s"] = floor["median"]
    info["pdf_over_exp_1e6_f64"] = paired_ratio(ours, floor, "fraction")
    info["x_plus_y_1e6_f64_s"] = timed(lambda: add(x, y), reps=reps)["median"]

    # What bounds the row: not SciPy itself but the pause it makes. The same
    # kernel runs back to back (inputs hot in cache, both cores awake), and after
    # a 24 ms sleep instead of SciPy's call.
    hot = timed(lambda: d.pdf(x, y), reps=reps)
    info["pdf_1e6_f64_back_to_back_s"] = hot["median"]
    info["pdf_1e6_f64_speedup_back_to_back"] = scipy_1e6 / hot["median"]
    after_sleep, _ = paired(
        lambda: d.pdf(x, y), lambda: time.sleep(0.024), reps=reps, warmup=1
    )
    info["pdf_1e6_f64_after_24ms_sleep_s"] = after_sleep["median"]
    info["pdf_1e6_f64_speedup_after_sleep"] = scipy_1e6 / after_sleep["median"]

    axis = np.linspace(-4.0, 4.0, 1000)
    gx, gy = jnp.asarray(axis)[None, :], jnp.asarray(axis)[:, None]

    def scipy_grid():
        mx, my = np.meshgrid(axis, axis)
        return frozen.pdf(np.dstack([mx, my]))

    ours, theirs = paired(lambda: d.pdf(gx, gy), scipy_grid, reps=reps)
    rows.append(
        row(
            "pdf_grid_1000",
            "pdf on a 1000x1000 grid, float64",
            "meshgrid + scipy multivariate_normal.pdf",
            ours,
            theirs,
            kind="speedup",
            goal=(">=", 20),
            note="bivnorm broadcasts x[None, :] with y[:, None]",
        )
    )

    return {"rows": rows, "info": info}


def group_f64_sample(quick):
    """float64: sampling against NumPy; small calls against NumPy."""
    jax = _setup_jax(x64=True)
    import jax.numpy as jnp
    import numpy as np

    import bivnorm as bn

    reps = 7 if quick else 13
    d = bn.BivariateNormal(*PARAMS)
    mean, cov = np.asarray(d.mean), np.asarray(d.cov)
    rng = np.random.default_rng(0)
    rows, info = [], {}
    n = 10**6
    key = jax.random.key(0)
    ours, theirs = paired(
        lambda: d.sample(key, n),
        lambda: rng.multivariate_normal(mean, cov, n),
        reps=reps,
    )
    rows.append(
        row(
            "sample_1e6_f64",
            "sample, 10^6 pairs, float64",
            "numpy default_rng().multivariate_normal",
            ours,
            theirs,
            kind="speedup",
            goal=(">=", 1.0),
            note="typed key passed in",
        )
    )
    # What bounds the row: the generator (JAX's threefry bits, then erfinv).
    normal = jax.jit(lambda k: jax.random.normal(k, (n, 2), jnp.float64))
    uniform = jax.jit(lambda k: jax.random.uniform(k, (n, 2), jnp.float64))
    ceiling, ours = paired(lambda: normal(key), lambda: d.sample(key, n), reps=7)
    info["jax_random_normal_2e6_f64_s"] = ceiling["median"]
    bits, ours = paired(lambda: uniform(key), lambda: d.sample(key, n), reps=7)
    info["jax_random_uniform_2e6_f64_s"] = bits["median"]
    info["sample_over_uniform_1e6_f64"] = paired_ratio(ours, bits, "fraction")
    # An int seed costs one more dispatch (jax.random.key) per call.
    info["int_seed_key_creation_s"] = timed(lambda: jax.random.key(0), reps=201)[
        "median"
    ]

    # Small calls: dispatch latency against a tight NumPy closed form.
    numpy_pdf = _numpy_pdf()
    xs, ys = rng.standard_normal(500), rng.standard_normal(500)
    xj, yj = jnp.asarray(xs), jnp.asarray(ys)
    ours, theirs = paired(
        lambda: d.pdf(xs, ys), lambda: numpy_pdf(xs, ys), reps=31, inner=200
    )
    rows.append(
        row(
            "pdf_500_latency",
            "small call: pdf on 500 points",
            "NumPy closed form",
            ours,
            theirs,
            kind="fraction",
            goal=("<=", 2.0),
            note="NumPy arrays in, result blocked on",
        )
    )
    ours_j, theirs_j = paired(
        lambda: d.pdf(xj, yj), lambda: numpy_pdf(xs, ys), reps=31, inner=200
    )
    info["pdf_500_jax_inputs_ratio"] = paired_ratio(ours_j, theirs_j, "fraction")
    return {"rows": rows, "info": info}


def group_f32(quick):
    """float32: pdf against the memory floor, sampling against jax.random.normal."""
    jax = _setup_jax(x64=False)
    import jax.numpy as jnp
    import numpy as np

    import bivnorm as bn

    reps = 7 if quick else 15
    d = bn.BivariateNormal(*PARAMS)
    rows, info = [], {}
    n = 10**7
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.standard_normal(n, dtype=np.float32))
    y = jnp.asarray(rng.standard_normal(n, dtype=np.float32))
    fill = jax.jit(lambda v: jnp.full((n,), v), inline=False)
    value = jnp.float32(1.0)
    ours, theirs = paired(lambda: d.pdf(x, y), lambda: fill(value), reps=reps)
    rows.append(
        row(
            "pdf_1e7_f32_floor",
            "pdf, 10^7 points, float32",
            "memory floor: jitted jnp.full(10^7, v) into a fresh buffer",
            ours,
            theirs,
            kind="fraction",
            goal=("<=", 1.5),
            note="the floor is an XLA kernel that allocates and fills the output",
        )
    )
    add = jax.jit(lambda a, b: a + b)
    copy, _ = paired(lambda: add(x, y), lambda: fill(value), reps=reps)
    info["x_plus_y_1e7_f32_s"] = copy["median"]
    np_full, _ = paired(
        lambda: np.full(n, 1.0, np.float32), lambda: fill(value), reps=reps
    )
    info["numpy_full_1e7_f32_s"] = np_full["median"]

    m = 10**6
    key = jax.random.key(0)
    normal = jax.jit(lambda k: jax.random.normal(k, (m, 2), jnp.float32))
    ours, theirs = paired(lambda: d.sample(key, m), lambda: normal(key), reps=reps)
    rows.append(
        row(
            "sample_1e6_f32",
            "sample, 10^6 pairs, float32",
            "jax.random.normal of (10^6, 2) alone (the generator ceiling)",
            ours,
            theirs,
            kind="speedup",
            goal=(">=", 0.8),
            note="typed key passed in",
        )
    )
    return {"rows": rows, "info": info}


def _compile_count(jax, d, slider_app):
    """The row counting compilations over 100 slider moves after the first render.

    Every slider moves, ``n`` included. Counted twice: JAX's backend-compile
    events, and the lines of its compile log.
    """
    import logging

    import numpy as np

    compiles = []
    jax.monitoring.register_event_duration_secs_listener(
        lambda event, _secs, **_kw: (
            compiles.append(event)
            if event == "/jax/core/compile/backend_compile_duration"
            else None
        )
    )

    class Count(logging.Handler):
        records = 0

        def emit(self, record):
            if "Compiling" in record.getMessage():
                Count.records += 1

    jax.config.update("jax_log_compiles", True)
    logger = logging.getLogger("jax")
    handler = Count()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    fresh = slider_app(d, n=500, render="image")
    compiles.clear()
    Count.records = 0
    rng = np.random.default_rng(0)
    names = list(fresh.sliders)
    for i in range(100):
        slider = fresh.sliders[names[i % len(names)]]
        value = rng.uniform(slider.min, slider.max)
        slider.value = round(value) if isinstance(slider.value, int) else value
    logger.removeHandler(handler)
    logger.propagate = propagate
    count = len(compiles)
    # The counter works: a sample size not seen before compiles the sampler.
    d.sample(0, 4321)
    sanity = len(compiles) - count
    return {
        "key": "slider_compiles",
        "what": "compilations over 100 slider moves, n included",
        "reference": "-",
        "bivnorm_s": None,
        "reference_s": None,
        "kind": "count",
        "ratio": count,
        "goal": "== 0",
        "goal_op": "<=",
        "goal_value": 0,
        "pass": count == 0,
        "note": f"after the first render (compile log lines: {Count.records}; "
        f"a new sample size afterwards: {sanity}); moved: {', '.join(names)}",
    }


def group_slider(quick):
    """A slider move rendered to PNG against a seaborn rebuild; compilations."""
    from io import BytesIO

    import matplotlib as mpl

    mpl.use("Agg")
    jax = _setup_jax(x64=False)
    import matplotlib.pyplot as plt
    import numpy as np
    import seaborn as sns

    import bivnorm as bn
    from bivnorm.widgets import slider_app

    reps = 7 if quick else 15
    d = bn.BivariateNormal(*PARAMS)
    xy = np.asarray(d.sample(1, 500), dtype=np.float64)
    app = slider_app(d, n=500, render="image")
    rhos = np.linspace(-0.8, 0.8, 9)
    moves = iter(range(10**6))

    def move():
        # The app renders a PNG of the figure on each move (render="image").
        app.sliders["rho"].value = float(rhos[next(moves) % len(rhos)])
        return app.image.value

    def seaborn_rebuild():
        grid = sns.jointplot(x=xy[:, 0], y=xy[:, 1])
        grid.figure.savefig(BytesIO(), format="png")
        plt.close(grid.figure)

    ours, theirs = paired(move, seaborn_rebuild, reps=reps)
    size = tuple(app.plot.fig.get_size_inches())
    # Where the time goes: the update of the artists, and the PNG render.
    quiet = slider_app(d, n=500, render="none")

    def update_only():
        quiet.sliders["rho"].value = float(rhos[next(moves) % len(rhos)])

    def png_only():
        app.plot.fig.savefig(BytesIO(), format="png")

    update, png = paired(update_only, png_only, reps=reps)
    info = {
        "slider_update_without_render_s": update["median"],
        "slider_png_render_s": png["median"],
        "slider_png_render_over_seaborn": png["median"] / theirs["median"],
    }
    rows = [
        row(
            "slider_png",
            "slider update: set a slider, render the figure to PNG",
            "seaborn.jointplot of 500 points rebuilt + savefig PNG",
            ours,
            theirs,
            kind="fraction",
            goal=("<=", 0.35),
            note=f"both {size[0]:g}x{size[1]:g} in at {plt.rcParams['figure.dpi']:g} "
            "dpi, Agg",
        )
    ]

    rows.append(_compile_count(jax, d, slider_app))
    return {"rows": rows, "info": info}


def _sample_sharded(n_devices, n):
    """Time per ``d.sample(key, n, sharding=...)`` over ``n_devices`` CPU devices."""
    jax = _setup_jax(x64=False)
    import numpy as np
    from jax.sharding import NamedSharding, PartitionSpec

    import bivnorm as bn

    d = bn.BivariateNormal(*PARAMS)
    mesh = jax.make_mesh((n_devices,), ("i",))
    sharding = NamedSharding(mesh, PartitionSpec("i"))
    key = jax.random.key(0)
    ours = timed(lambda: d.sample(key, n, sharding=sharding), reps=7)
    small = np.asarray(d.sample(key, 4096, sharding=sharding))
    same = bool(np.array_equal(small, np.asarray(d.sample(key, 4096))))
    return {"devices": n_devices, "seconds": ours["median"], "equal_to_unsharded": same}


def group_sync(quick):
    """The small-call row again with JAX's asynchronous CPU dispatch turned off."""
    jax = _setup_jax(x64=True)
    jax.config.update("jax_cpu_enable_async_dispatch", False)
    import numpy as np

    import bivnorm as bn

    d = bn.BivariateNormal(*PARAMS)
    numpy_pdf = _numpy_pdf()
    rng = np.random.default_rng(0)
    xs, ys = rng.standard_normal(500), rng.standard_normal(500)
    ours, theirs = paired(
        lambda: d.pdf(xs, ys),
        lambda: numpy_pdf(xs, ys),
        reps=11 if quick else 31,
        inner=200,
    )
    return {
        "rows": [],
        "info": {"pdf_500_ratio_sync_dispatch": paired_ratio(ours, theirs, "fraction")},
    }


GROUPS = {
    "f64": group_f64,
    "f64_sample": group_f64_sample,
    "f32": group_f32,
    "slider": group_slider,
    "sync": group_sync,
}


# -- parent: run the groups, the docs row, the table --------------------------------


def _busy_seconds():
    """CPU seconds spent by the whole machine so far (all processes), or None."""
    stat = Path("/proc/stat")
    if resource is None or not stat.exists():
        return None
    fields = [int(v) for v in stat.read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _child(args, env_extra=None, timeout=600):
    """Run one group in a fresh process; its result, or {"error": ...}.

    Also measures how many cores other processes kept busy meanwhile (from
    /proc/stat less this child's CPU time): the noise of a shared machine.
    """
    env = {**os.environ, **PIN_THREADS, **(env_extra or {})}
    src = str(ROOT)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), *args, "--json", str(out)]
        busy, start = _busy_seconds(), time.perf_counter()
        own = busy and resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(
            cmd, env=env, timeout=timeout, capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - start
        done = busy and resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr or proc.stdout)[-2000:]
            return {"error": f"{' '.join(args)} failed ({proc.returncode}):\n{tail}"}
        result = json.loads(out.read_text())
        if busy is not None:
            mine = (done.ru_utime - own.ru_utime) + (done.ru_stime - own.ru_stime)
            others = (_busy_seconds() - busy - mine) / wall
            result["other_load_cores"] = max(others, 0.0)
        return result


def docs_rows(time_build):
    """Docs build time (optional) and per-example times from the last build."""
    rows = []
    times_file = ROOT / "docs" / "sg_execution_times.rst"
    total = None
    note = "not measured in this run (--no-docs)"
    if time_build:
        # As a maintainer runs it: nox, reusing the docs venv (-R: no installs).
        nox = shutil.which("nox")
        cmd = [nox] if nox else [sys.executable, "-m", "nox"]
        start = time.perf_counter()
        proc = subprocess.run(
            [*cmd, "-R", "-s", "docs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        total = time.perf_counter() - start
        note = "nox -R -s docs, timed"
        if proc.returncode != 0:
            total = None
            note = "the docs build failed: run `nox -s docs` once to build its venv"
    rows.append(
        {
            "key": "docs_total",
            "what": "nox -s docs, whole site (venv built)",
            "reference": "-",
            "bivnorm_s": total,
            "reference_s": None,
            "kind": "seconds",
            "ratio": total,
            "goal": "<= 90 s",
            "goal_op": "<=",
            "goal_value": 90,
            "pass": None if total is None else total <= 90,
            "note": note,
        }
    )
    slowest, examples = None, {}
    if times_file.exists():
        text = times_file.read_text()
        found = re.findall(
            r"``\.\./examples/(\S+?)``\)\s*\n\s*- (\d+):(\d+\.\d+)", text
        )
        examples = {name: 60 * int(m) + float(sec) for name, m, sec in found}
        if examples:
            name = max(examples, key=examples.get)
            slowest = (name, examples[name], len(examples))
    rows.append(
        {
            "key": "docs_example_max",
            "what": "slowest gallery example in the last docs build",
            "reference": "-",
            "bivnorm_s": slowest and slowest[1],
            "reference_s": None,
            "kind": "seconds",
            "ratio": slowest and slowest[1],
            "goal": "<= 4 s",
            "goal_op": "<=",
            "goal_value": 4,
            "pass": None if slowest is None else slowest[1] <= 4,
            "note": f"{slowest[0]} (of {slowest[2]} examples), from "
            "docs/sg_execution_times.rst"
            if slowest
            else "no docs/sg_execution_times.rst: build the docs first",
        }
    )
    return rows, examples


def machine():
    """A description of this machine and of the library versions."""
    cpu, flags = platform.processor() or platform.machine(), ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        text = cpuinfo.read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        cpu = found.group(1).strip() if found else cpu
        fam = re.search(r"^cpu family\s*:\s*(\d+)$", text, re.MULTILINE)
        mod = re.search(r"^model\s*:\s*(\d+)$", text, re.MULTILINE)
        if fam and mod:
            cpu += f" (family {fam.group(1)}, model {mod.group(1)})"
        has = re.search(r"^flags\s*:\s*(.+)$", text, re.MULTILINE)
        if has:
            simd = ("avx512f", "avx2", "avx", "sse4_2", "neon")
            flags = next((f for f in simd if f in has.group(1).split()), "")
    mem = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text())
        mem = round(int(found.group(1)) / 2**20, 1) if found else None
    versions = {}
    for dist in ("bivnorm", "jax", "jaxlib", "numpy", "scipy", "matplotlib", "seaborn"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "cpu": cpu,
        "simd": flags,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_start": None,
        "load_average_end": None,
    }


def _fmt_time(seconds):
    if seconds is None:
        return "-"
    for scale, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "us")):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _fmt_ratio(r):
    value = r["ratio"]
    if value is None:
        return "-"
    if r["kind"] == "count":
        return str(value)
    if r["kind"] == "seconds":
        return f"{value:.1f} s"
    return f"{value:.2f}x"


def table(rows):
    """The rows as a plain-text table."""
    head = ("row", "bivnorm", "reference", "ratio", "goal", "status")
    lines = []
    for r in rows:
        status = {True: "PASS", False: "FAIL", None: "n/a"}[r["pass"]]
        goal = r["goal"] if r["kind"] in {"count", "seconds"} else f"{r['goal']}x"
        lines.append(
            (
                r["what"],
                _fmt_time(r["bivnorm_s"]) if r["kind"] != "count" else "-",
                _fmt_time(r["reference_s"]),
                _fmt_ratio(r),
                goal,
                status,
            )
        )
    widths = [max(len(x[i]) for x in [head, *lines]) for i in range(len(head))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += [
        "  ".join(c.ljust(w) for c, w in zip(x, widths, strict=True)) for x in lines
    ]
    return "\n".join(out)


def run_all(args):
    """Run every group in its own process; gather rows, extras and errors."""
    start = time.perf_counter()
    info = machine()
    info["load_average_start"] = list(os.getloadavg())
    rows, extra, errors = [], {}, []
    for name in GROUPS:
        print(f"running {name} ...", flush=True)
        got = _child(["--group", name] + (["--quick"] if args.quick else []))
        if "error" in got:
            errors.append(got["error"])
            continue
        load = got.get("other_load_cores")
        for r in got["rows"]:
            r["other_load_cores"] = load
        rows += got["rows"]
        extra.update(got["info"])
        if load is not None:
            extra[f"other_load_cores_{name}"] = load
    more, examples = docs_rows(args.docs)
    rows += more
    sharded = []
    if not args.no_sharded:
        print("running sharded sampling ...", flush=True)
        for devices in (1, 2, 4, 8):
            flags = f"--xla_force_host_platform_device_count={devices}"
            got = _child(
                ["--group", "sharded", "--devices", str(devices)],
                {"XLA_FLAGS": f"{os.environ.get('XLA_FLAGS', '')} {flags}".strip()},
            )
            if "error" in got:
                errors.append(got["error"])
                break
            sharded.append(got)
    info["load_average_end"] = list(os.getloadavg())
    result = {
        "machine": info,
        "rows": rows,
        "info": extra,
        "sharded_sampling": sharded,
        "docs_example_seconds": examples,
        "wall_seconds": time.perf_counter() - start,
    }
    return result, errors


def report(result):
    """Print the table, the extra measurements and the machine."""
    print()
    print(table(result["rows"]))
    if result["info"]:
        print()
        for key, value in result["info"].items():
            shown = _fmt_time(value) if key.endswith("_s") else f"{value:.3g}"
            print(f"  {key}: {shown}")
    sharded = result["sharded_sampling"]
    if sharded:
        base = sharded[0]["seconds"]
        print("\n  sample 10^7 pairs (float32) over N virtual CPU devices:")
        for s in sharded:
            print(
                f"    N={s['devices']}: {_fmt_time(s['seconds'])} "
                f"({base / s['seconds']:.2f}x of N=1), "
                f"equal to unsharded: {s['equal_to_unsharded']}"
            )
    info = result["machine"]
    print(
        f"\n  {info['cpu']}, {info['cores']} cores; load average "
        f"{info['load_average_start'][0]:.2f} -> {info['load_average_end'][0]:.2f}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=[*GROUPS, "sharded"])
    parser.add_argument("--devices", type=int, default=1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--no-docs", dest="docs", action="store_false", help="skip the docs build"
    )
    parser.add_argument("--no-sharded", action="store_true")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)

    if args.group:  # child process
        if importlib.util.find_spec("bivnorm") is None:
            sys.path.insert(0, str(ROOT))  # a checkout without an install
        if args.group == "sharded":
            result = _sample_sharded(args.devices, 10**7)
        else:
            result = GROUPS[args.group](args.quick)
        args.json.write_text(json.dumps(result))
        return 0

    result, errors = run_all(args)
    report(result)
    for error in errors:
        print(error, file=sys.stderr)
    args.output.write_text(json.dumps(result, indent=1) + "\n")
    print(f"  wrote {args.output} in {result['wall_seconds']:.0f} s")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
