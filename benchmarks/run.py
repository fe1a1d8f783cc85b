"""bivnorm against SciPy, NumPy and seaborn: ratios measured side by side.

Run with ``nox -s bench`` (or ``python benchmarks/run.py``). Every module of
``benchmarks/groups/`` is a group of rows, run in its own Python process (see
``harness.py``); inside a process the two sides of a row are timed in paired,
alternating runs (bivnorm, reference, reference, bivnorm, ...) after a warm-up,
JAX results are blocked on, and the medians are compared.

The table is printed and written, with a description of the machine, to
``benchmarks/results.json`` (``--output`` to change; with ``--group`` nothing is
written unless ``--output`` is given). The docs group times ``nox -R -s docs`` (the
docs venv reused); ``--no-docs`` skips the build and reads the last build's
``docs/sg_execution_times.rst``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import harness


def run_all(groups, *, quick):
    """Run each group in its own process; gather rows, extras and errors."""
    start = time.perf_counter()
    info = harness.machine()
    result = {"machine": info, "rows": [], "info": {}, "groups": {}}
    errors = []
    for name, meta in groups.items():
        print(f"running {name}: {meta['doc']} ...", flush=True)
        got = harness.run_group(name, x64=meta["x64"], quick=quick)
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
    print(harness.table(result["rows"]))
    if result["info"]:
        print()
        for key, value in result["info"].items():
            shown = harness.fmt_time(value) if key.endswith("_s") else f"{value:.3g}"
            print(f"  {key}: {shown}")
    sharded = result.get("sharded_sampling")
    if sharded:
        base = sharded[0]["seconds"]
        print("\n  sample 10^7 pairs (float32) over N virtual CPU devices:")
        for s in sharded:
            print(
                f"    N={s['devices']}: {harness.fmt_time(s['seconds'])} "
                f"({base / s['seconds']:.2f}x of N=1), "
                f"equal to unsharded: {s['equal_to_unsharded']}"
            )
    info = result["machine"]
    start, end = info["load_average_start"][0], info["load_average_end"][0]
    print(
        f"\n  {info['cpu']}, {info['cores']} cores; load average {start:.2f} -> {end:.2f}"
    )


def main(argv=None):
    groups = harness.discover()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--group",
        action="append",
        choices=list(groups),
        help="run only this group (repeatable)",
    )
    parser.add_argument("--skip", action="append", choices=list(groups), default=[])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--no-docs", dest="docs", action="store_false", help="skip the docs build"
    )
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    if not args.docs:
        os.environ["BIVNORM_BENCH_DOCS"] = "0"  # read by groups/docs.py
    chosen = {
        name: meta
        for name, meta in groups.items()
        if (args.group is None or name in args.group) and name not in args.skip
    }
    output = args.output
    if output is None and args.group is None:
        output = harness.HERE / "results.json"

    result, errors = run_all(chosen, quick=args.quick)
    report(result)
    for error in errors:
        print(error, file=sys.stderr)
    if output is not None:
        output.write_text(json.dumps(result, indent=1) + "\n")
        print(f"  wrote {output} in {result['wall_seconds']:.0f} s")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
