"""The benchmark harness: a paired timer, result rows, child processes, the table.

A group of rows is a module of ``benchmarks/groups/``: it sets ``X64`` (JAX's
``jax_enable_x64`` in its process), optionally ``ORDER`` (its place in the table,
default 50), and defines ``run(quick) -> {"rows": [...], "info": {...}}``. Any other
key of that dict goes to the top level of ``results.json`` (``sharded_sampling``,
``docs_example_seconds``). Group modules import what they need from here::

    from harness import figure_row, in_child, paired, row, timed

Each group runs in its own Python process, so that JAX's global flags are set once,
before anything is compiled, and so that a group cannot warm caches for another. A
group may run a part of itself in a further process with :func:`in_child` (another
``X64``, other flags, another device count). Every child pins BLAS/OpenMP to one
thread: on a small shared machine idle BLAS workers spin between calls and steal
the cores that the next measurement needs (NumPy's ``multivariate_normal`` takes
7x longer with the default OpenBLAS threads than with one).
"""

from __future__ import annotations

import ast
import datetime as dt
import gc
import importlib
import importlib.util
import json
import os
import platform
import re
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
GROUPS = HERE / "groups"
CHILD_ENV = {
    **dict.fromkeys(
        (
            "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS",
            "MKL_NUM_THREADS",
            "BLIS_NUM_THREADS",
            "VECLIB_MAXIMUM_THREADS",
        ),
        "1",
    ),
    "MPLBACKEND": "Agg",
}
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
    """Seconds per blocking call of one callable: the same summary as `paired`."""
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


# -- rows ---------------------------------------------------------------------------


def _meets(value, op, goal):
    if op not in {"<=", ">=", "=="}:
        msg = f"goal's operator must be '<=', '>=' or '==', not {op!r}"
        raise ValueError(msg)
    if value is None:
        return None
    return bool({"<=": value <= goal, ">=": value >= goal, "==": value == goal}[op])


def row(key, what, reference, ours, theirs, *, kind, goal, note=""):
    """One result row of a ratio against a reference measured alongside.

    ``kind`` says how the ratio is formed: ``"speedup"``, reference time / bivnorm
    time (higher is better); ``"fraction"``, bivnorm time / reference time (lower
    is better). The ratio is the median of the per-round ratios of the paired runs.
    ``goal`` is ``(op, value)`` with op ``">="`` or ``"<="``.
    """
    if kind not in {"speedup", "fraction"}:
        msg = f"kind must be 'speedup' or 'fraction', not {kind!r}"
        raise ValueError(msg)
    ratio = paired_ratio(ours, theirs, kind)
    op, value = goal
    return {
        "key": key,
        "what": what,
        "reference": reference,
        "bivnorm_s": ours["median"],
        "reference_s": theirs["median"],
        "bivnorm": ours,
        "reference_stats": theirs,
        "kind": kind,
        "ratio": ratio,
        "goal": f"{op} {value:g}",
        "goal_op": op,
        "goal_value": value,
        "pass": _meets(ratio, op, value),
        "note": note,
    }


def figure_row(key, what, value, unit, *, goal, note=""):
    """One result row of a measured figure with no reference (kind ``"figure"``).

    ``value`` in ``unit`` (``"ms"``, ``"s"``, ``""`` for a count), or None when it
    was not measured (the row then neither passes nor fails). ``goal`` is
    ``(op, value)`` in the same unit, op ``"<="``, ``">="`` or ``"=="``.
    """
    op, target = goal
    return {
        "key": key,
        "what": what,
        "reference": "-",
        "kind": "figure",
        "value": value,
        "unit": unit,
        "goal": f"{op} {target:g} {unit}".rstrip(),
        "goal_op": op,
        "goal_value": target,
        "pass": _meets(value, op, target),
        "note": note,
    }


# -- groups and child processes -----------------------------------------------------


def discover():
    """The group modules of benchmarks/groups/: ``{name: {"x64", "order", "doc"}}``.

    Read from the source (without importing it), so that the parent process
    imports neither JAX nor anything a group needs.
    """
    found = {}
    for path in sorted(GROUPS.glob("[!_]*.py")):
        tree = ast.parse(path.read_text())
        consts = {
            t.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        doc = (ast.get_docstring(tree) or path.stem).splitlines()[0]
        found[path.stem] = {
            "x64": bool(consts.get("X64", False)),
            "order": consts.get("ORDER", 50),
            "doc": doc,
        }
    return dict(sorted(found.items(), key=lambda kv: (kv[1]["order"], kv[0])))


def _busy_seconds():
    """CPU seconds spent by the whole machine so far (all processes), or None."""
    stat = Path("/proc/stat")
    if resource is None or not stat.exists():
        return None
    fields = [int(v) for v in stat.read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


_OUTER = "BIVNORM_BENCH_OUTER_ENV"
_OUTER_KEYS = (*CHILD_ENV, "PYTHONPATH")


def outer_env():
    """The environment of ``run.py``, without what the harness set for children.

    For a group that times a command as a maintainer runs it (the docs build).
    """
    env = dict(os.environ)
    for key, value in json.loads(env.pop(_OUTER, "{}")).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _spawn(spec, env_extra, timeout):
    """Run ``spec`` (see `child_main`) in a fresh process: its result or an error.

    Also measures how many cores other processes kept busy meanwhile (from
    /proc/stat less this child's CPU time): the noise of a shared machine.
    """
    env = {**os.environ, **CHILD_ENV, **(env_extra or {})}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    env.setdefault(_OUTER, json.dumps({k: os.environ.get(k) for k in _OUTER_KEYS}))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        spec = {**spec, "json": str(out)}
        cmd = [sys.executable, str(HERE / "harness.py"), json.dumps(spec)]
        busy, start = _busy_seconds(), time.perf_counter()
        own = busy is not None and resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            proc = subprocess.run(
                cmd,
                env=env,
                timeout=timeout,
                capture_output=True,
                text=True,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return {"error": f"{spec['target']} ran past {timeout} s"}
        wall = time.perf_counter() - start
        done = busy is not None and resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr or proc.stdout)[-3000:]
            return {"error": f"{spec['target']} failed ({proc.returncode}):\n{tail}"}
        result = json.loads(out.read_text())
        result["wall_seconds"] = wall
        if busy is not None:
            mine = (done.ru_utime - own.ru_utime) + (done.ru_stime - own.ru_stime)
            others = (_busy_seconds() - busy - mine) / wall
            result["other_load_cores"] = max(others, 0.0)
        for r in result.get("rows", []):
            r.setdefault("other_load_cores", result.get("other_load_cores"))
        return result


def run_group(name, *, x64, quick, timeout=1800):
    """Run group ``name``'s ``run(quick)`` in its own process."""
    spec = {"target": f"groups.{name}:run", "x64": x64, "quick": quick}
    return _spawn(spec, None, timeout)


def in_child(fn, quick, *, x64, env=None, jax_config=None, timeout=600, **kwargs):
    """Run ``fn(quick, **kwargs)`` of a group module in a further process.

    For the part of a group that needs other JAX flags than the rest: ``x64``,
    ``jax_config`` (set before JAX starts, e.g. ``{"jax_cpu_enable_async_dispatch":
    False}``) or environment variables ``env`` (``XLA_FLAGS`` for a device count).
    Returns what ``fn`` returns (JSON-safe), raises RuntimeError if it failed.
    """
    spec = {
        "target": f"{fn.__module__}:{fn.__name__}",
        "x64": x64,
        "quick": quick,
        "jax_config": jax_config or {},
        "kwargs": kwargs,
    }
    result = _spawn(spec, env, timeout)
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


def child_main(spec):
    """In the child: set JAX's flags, import the group module, run, write JSON."""
    if importlib.util.find_spec("bivnorm") is None:
        sys.path.insert(0, str(ROOT))  # a checkout without an install
    if importlib.util.find_spec("jax") is not None:
        import jax

        jax.config.update("jax_enable_x64", spec["x64"])
        for name, value in spec.get("jax_config", {}).items():
            jax.config.update(name, value)
    module_name, fn_name = spec["target"].split(":")
    module = importlib.import_module(module_name)
    if fn_name == "run" and bool(getattr(module, "X64", False)) != spec["x64"]:
        msg = f"{module_name}.X64 is {module.X64!r}, the child ran with {spec['x64']}"
        raise RuntimeError(msg)
    result = getattr(module, fn_name)(spec["quick"], **spec.get("kwargs", {}))
    Path(spec["json"]).write_text(json.dumps(result))


# -- the machine, the table ---------------------------------------------------------


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
        "load_average_start": list(os.getloadavg()),
        "load_average_end": None,
    }


def fmt_time(seconds):
    """``seconds`` with a readable unit."""
    if seconds is None:
        return "-"
    for scale, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "us")):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _cells(r):
    status = {True: "PASS", False: "FAIL", None: "n/a"}[r["pass"]]
    if r["kind"] == "figure":
        value = "-" if r["value"] is None else f"{r['value']:.4g} {r['unit']}".rstrip()
        return (r["what"], value, "-", "-", r["goal"], status)
    return (
        r["what"],
        fmt_time(r["bivnorm_s"]),
        fmt_time(r["reference_s"]),
        f"{r['ratio']:.2f}x",
        f"{r['goal']}x",
        status,
    )


def table(rows):
    """The rows as a plain-text table."""
    head = ("row", "bivnorm", "reference", "ratio", "goal", "status")
    lines = [_cells(r) for r in rows]
    widths = [max(len(x[i]) for x in [head, *lines]) for i in range(len(head))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += [
        "  ".join(c.ljust(w) for c, w in zip(x, widths, strict=True)) for x in lines
    ]
    return "\n".join(out)


# -- the whole run ------------------------------------------------------------------


def run_groups(groups, *, quick):
    """Run each group in its own process; gather rows, extras and errors."""
    start = time.perf_counter()
    info = machine()
    result = {"machine": info, "rows": [], "info": {}, "groups": {}}
    errors = []
    for name, meta in groups.items():
        print(f"running {name}: {meta['doc']} ...", flush=True)
        got = run_group(name, x64=meta["x64"], quick=quick)
        if "error" in got:
            errors.append(got["error"])
            continue
        for r in got.pop("rows"):
            result["rows"].append({**r, "group": name})
        result["info"].update(got.pop("info"))
        load = got.pop("other_load_cores", None)
        result["groups"][name] = {
            "x64": meta["x64"],
            "seconds": got.pop("wall_seconds"),
            "other_load_cores": load,
        }
        if load is not None:
            result["info"][f"other_load_cores_{name}"] = load
        result.update(got)  # e.g. sharded_sampling, docs_example_seconds
    info["load_average_end"] = list(os.getloadavg())
    result["wall_seconds"] = time.perf_counter() - start
    return result, errors


def report(result):
    """Print the table, the extra measurements and the machine."""
    print()
    print(table(result["rows"]))
    if result["info"]:
        print()
        for key, value in result["info"].items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                shown = value
            else:
                shown = fmt_time(value) if key.endswith("_s") else f"{value:.3g}"
            print(f"  {key}: {shown}")
    info = result["machine"]
    start, end = info["load_average_start"][0], info["load_average_end"][0]
    print(
        f"\n  {info['cpu']}, {info['cores']} cores; load average {start:.2f} -> {end:.2f}"
    )


def write_results(result, path):
    """Write ``result`` as indented JSON (benchmarks/results.json by default)."""
    path.write_text(json.dumps(result, indent=1) + "\n")
    print(f"  wrote {path} in {result['wall_seconds']:.0f} s")


if __name__ == "__main__":  # a child process: harness.py '{"target": ...}'
    # The groups' `from harness import ...` then finds this module, not a copy.
    sys.modules.setdefault("harness", sys.modules["__main__"])
    child_main(json.loads(sys.argv[1]))
