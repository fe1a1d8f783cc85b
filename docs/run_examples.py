"""Run the gallery examples that do not need JAX, as the browser would.

Usage: ``python docs/run_examples.py [NAME ...]`` (names like ``plot_marginals``;
all examples by default). Each example runs in its own subprocess with
``MPLBACKEND=Agg`` and ``BIVNORM_BACKEND=numpy``; one that imports ``jax`` is
skipped, by the same rule that puts the JAX note in its JupyterLite notebook
(``bivnorm_docs.requires_jax``). The script exits non-zero if any example fails.
``nox -s nojax`` runs it in a venv without JAX, which is what the browser has.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

from bivnorm_docs import gallery_examples, requires_jax


def main(names: list[str]) -> int:
    examples = [p for p in gallery_examples() if not names or p.stem in names]
    if not examples:
        print(f"no example matches {names}")
        return 1
    env = os.environ | {"MPLBACKEND": "Agg", "BIVNORM_BACKEND": "numpy"}
    failed = []
    for path in examples:
        if requires_jax(path):
            print(f"SKIP {path.name} (imports jax)")
            continue
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(path)],
            cwd=path.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        status = "ok" if result.returncode == 0 else "FAIL"
        print(f"{status:4} {path.name} ({seconds:.1f} s)")
        if result.returncode != 0:
            failed.append(path.name)
            print(result.stdout[-2000:], result.stderr[-4000:], sep="\n")
    ran = [p for p in examples if not requires_jax(p)]
    print(f"{len(ran) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
