"""The docs build (``nox -R -s docs``, timed) and the slowest gallery example."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

from harness import ROOT, figure_row, outer_env

X64 = False
ORDER = 90
TIMES = ROOT / "docs" / "sg_execution_times.rst"


def run(quick):
    """Build unless ``BIVNORM_BENCH_DOCS=0`` (``run.py --no-docs``); read the times."""
    del quick  # one build either way
    if os.environ.get("BIVNORM_BENCH_DOCS", "1") == "0":
        total, note = None, "not measured in this run (--no-docs)"
    else:
        total, note = build()
    examples = example_seconds()
    rows = [
        figure_row(
            "docs_total",
            "nox -s docs, whole site (venv built)",
            total,
            "s",
            goal=("<=", 90),
            note=note,
        ),
        slowest_row(examples),
    ]
    return {"rows": rows, "info": {}, "docs_example_seconds": examples}


def build():
    """Seconds of ``nox -R -s docs``, as a maintainer runs it (no installs)."""
    nox = shutil.which("nox")
    cmd = [nox] if nox else [sys.executable, "-m", "nox"]
    start = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "-R", "-s", "docs"],
        cwd=ROOT,
        env=outer_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        return None, "the docs build failed: run `nox -s docs` once to build its venv"
    return time.perf_counter() - start, "nox -R -s docs, timed"


def example_seconds():
    """Seconds per gallery example in the last build, from sg_execution_times.rst."""
    if not TIMES.exists():
        return {}
    found = re.findall(
        r"``\.\./examples/(\S+?)``\)\s*\n\s*- (\d+):(\d+\.\d+)", TIMES.read_text()
    )
    return {name: 60 * int(m) + float(sec) for name, m, sec in found}


def slowest_row(examples):
    """The slowest example of the last build against its few-seconds budget."""
    name = max(examples, key=examples.get) if examples else None
    note = (
        f"{name} (of {len(examples)} examples), from docs/sg_execution_times.rst"
        if name
        else "no docs/sg_execution_times.rst: build the docs first"
    )
    return figure_row(
        "docs_example_max",
        "slowest gallery example in the last docs build",
        examples[name] if name else None,
        "s",
        goal=("<=", 4),
        note=note,
    )
