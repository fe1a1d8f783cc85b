"""bivnorm against SciPy, NumPy and seaborn: ratios measured side by side.

Run with ``nox -s bench`` (or ``python benchmarks/run.py``). Every module of
``benchmarks/groups/`` is a group of rows, run in its own Python process (see
``harness.py``); inside a process the two sides of a row are timed in paired,
alternating runs (bivnorm, reference, reference, bivnorm, ...) after a warm-up,
JAX results are blocked on, and the medians are compared.

The table is printed and written, with a description of the machine, to
``benchmarks/results.json`` (``--output`` to change; with ``--group`` or ``--skip``
nothing is written unless ``--output`` is given). The docs group times ``nox -R -s docs`` (the
docs venv reused); ``--no-docs`` skips the build and reads the last build's
``docs/sg_execution_times.rst``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import harness


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
    if output is None and args.group is None and not args.skip:
        output = harness.HERE / "results.json"

    result, errors = harness.run_groups(chosen, quick=args.quick)
    harness.report(result)
    for error in errors:
        print(error, file=sys.stderr)
    if output is not None:
        harness.write_results(result, output)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
