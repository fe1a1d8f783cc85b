"""Maintainer tasks: ``nox -s tests``, ``nox -s docs``, ``nox -l`` for the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "tests", "nojax"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")


def group(name: str) -> list[str]:
    """The requirements of one dependency group of pyproject.toml."""
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit tests on both paths (JAX and the NumPy fallback)."""
    session.install("-e", ".", *group("test"))
    session.run("pytest", "--ignore=tests/browser", *session.posargs)


@nox.session
def nojax(session: nox.Session) -> None:
    """Prove the browser path: a venv without JAX runs the tests and examples."""
    session.install("numpy", "matplotlib", "ipywidgets", *group("test"))
    session.install("--no-deps", "-e", ".")
    session.run(
        "python",
        "-c",
        "import importlib.util, bivnorm; "
        "assert importlib.util.find_spec('jax') is None, 'jax is installed'; "
        "assert bivnorm.BACKEND == 'numpy', bivnorm.BACKEND",
    )
    session.run("pytest", "--ignore=tests/browser", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    session.install(*group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the gallery site into docs/_build/html (warnings are errors)."""
    session.install("-e", ".", *group("docs"))
    shutil.rmtree(ROOT / "docs" / "_build", ignore_errors=True)
    session.run(
        "sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against SciPy, NumPy and seaborn, printed as ratios."""
    session.install("-e", ".", *group("bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)
