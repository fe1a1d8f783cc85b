"""A pytest plugin: with ``-p _split`` and ``PYTEST_SPLIT=i/n`` a run keeps every
n-th test from the i-th (in collection order) and deselects the others.

The noxfile runs the browser and notebook suites as two such halves side by
side, one per core; each half starts its own Chromium and its own server.
"""

from __future__ import annotations

import os


def pytest_collection_modifyitems(config, items) -> None:
    spec = os.environ.get("PYTEST_SPLIT")
    if not spec:
        return
    index, count = (int(part) for part in spec.split("/"))
    keep = [item for k, item in enumerate(items) if k % count == index]
    kept = {id(item) for item in keep}
    config.hook.pytest_deselected(items=[i for i in items if id(i) not in kept])
    items[:] = keep
