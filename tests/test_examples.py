"""The gallery's examples read alike (issue 22, item 6): read, not run.

Each ``examples/plot_*.py`` is 40 to 130 lines long; its docstring is a reST title
and one paragraph of two to four sentences (a directive, such as the explorer at
the top of plot_explore.py, may come before the paragraph); at least two of its
``# %%`` cells open with a subheading; its last cell is the References admonition
and then the tags, with nothing after; and its random numbers come from fixed
seeds. Every check is parametrized by file, so that a failure names the example.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from bivnorm_docs import requires_jax

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("plot_*.py"))
MIN_LINES, MAX_LINES = 40, 130
MIN_SENTENCES, MAX_SENTENCES = 2, 4

#: Not sentence ends: the dots of these are dropped before counting.
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "cf.", "vs.", "approx.")

#: The opening of the last cell, line for line, as in every example.
REFERENCES = [
    "# .. admonition:: References",
    "#",
    "#    The use of the following functions, methods, classes and modules is shown in",
    "#    this example:",
    "#",
]

#: The tags in use: a new one is added here on purpose, not by a typo.
TAGS = {
    "topic": {
        "covariance",
        "interactive",
        "jax",
        "marginals and conditionals",
        "probability",
        "sampling",
    },
    "plot-type": {"3D", "animation", "contour", "histogram", "scatter"},
    "level": {"beginner", "intermediate", "advanced"},
    "needs": {"jax"},
}

#: Seeded generators: each must be given a seed (not None).
SEEDED = {"default_rng", "RandomState", "SeedSequence", "PCG64", "MT19937", "Philox"}


def by_file():
    """Parametrize over the examples, each test id its file's name."""
    params = [pytest.param(path, id=path.name) for path in EXAMPLES]
    return pytest.mark.parametrize("path", params)


def cells(text: str) -> list[list[str]]:
    """The ``# %%`` cells of a file, as lists of lines (the marker line excluded)."""
    found: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            found.append([])
        elif found:
            found[-1].append(line)
    return found


def comment_block(cell: list[str]) -> list[str]:
    """The comment lines that open a cell, without their ``# `` prefix."""
    block = []
    for line in cell:
        if not line.startswith("#"):
            break
        block.append(line[2:] if line.startswith("# ") else line[1:])
    return block


def has_subheading(cell: list[str]) -> bool:
    block = comment_block(cell)
    return (
        len(block) >= 2
        and bool(block[0].strip())
        and re.fullmatch(r"-+", block[1]) is not None
        and len(block[1]) >= len(block[0])
    )


def intro_paragraphs(path: Path) -> tuple[list[str], list[str]]:
    """The docstring's title lines and its paragraphs of prose (directives left out)."""
    tree = ast.parse(path.read_text())
    docstring = ast.get_docstring(tree)
    assert docstring, f"{path.name} has no module docstring"
    lines = docstring.splitlines()
    paragraphs = [p for p in re.split(r"\n\s*\n", "\n".join(lines[2:])) if p.strip()]
    prose = [p for p in paragraphs if not p.lstrip().startswith(".. ")]
    return lines[:2], prose


def sentences(paragraph: str) -> list[str]:
    """Roughly: split after . ! or ? (and a closing ``)``, ``*``, quote) and a space."""
    text = " ".join(paragraph.split())
    for abbreviation in ABBREVIATIONS:
        text = text.replace(abbreviation, abbreviation.replace(".", ""))
    return [s for s in re.split(r"(?<=[.!?])[)\"'*`]*\s+", text) if s.strip()]


def last_cell_parts(path: Path) -> tuple[list[str], list[str]]:
    """The References list lines and the tag lines of the last cell, checked."""
    text = path.read_text()
    ending = f"{path.name}: the file must end right after the tags"
    assert text.endswith("\n"), ending
    assert not text.endswith("\n\n"), ending
    cell = cells(text)[-1]
    assert cell[: len(REFERENCES)] == REFERENCES, (
        f"{path.name}: the last cell must open with the References admonition:\n"
        + "\n".join(cell[: len(REFERENCES)])
    )
    rest = cell[len(REFERENCES) :]
    assert "# .. tags::" in rest, f"{path.name}: no '.. tags::' in the last cell"
    at = rest.index("# .. tags::")
    items, tags = rest[: at - 1], rest[at + 2 :]
    alone = f"{path.name}: '.. tags::' must stand alone between two '#' lines"
    assert at >= 1, alone
    assert rest[at - 1] == "#", alone
    assert rest[at + 1 : at + 2] == ["#"], alone
    assert items, f"{path.name}: no references"
    assert items[0].startswith("#    - "), f"{path.name}: no references"
    for line in items:
        assert re.match(r"#    - |#      \S", line), f"{path.name}: stray line {line!r}"
    assert tags, f"{path.name}: '.. tags::' has no tags"
    for line in tags:
        assert re.match(r"#    \S", line), f"{path.name}: after the tags: {line!r}"
    return items, tags


def test_examples_found():
    assert len(EXAMPLES) >= 10, EXAMPLES


@by_file()
def test_length(path):
    n = len(path.read_text().splitlines())
    assert MIN_LINES <= n <= MAX_LINES, f"{path.name}: {n} lines"


@by_file()
def test_title_then_intro(path):
    title, prose = intro_paragraphs(path)
    assert len(title) == 2, f"{path.name}: no title"
    assert title[0].strip(), f"{path.name}: no title line"
    underline = f"{path.name}: the title is not underlined with '=' as long as it"
    assert re.fullmatch(r"=+", title[1]), underline
    assert len(title[1]) >= len(title[0]), underline
    assert prose, f"{path.name}: no paragraph after the title"
    found = sentences(prose[0])
    assert MIN_SENTENCES <= len(found) <= MAX_SENTENCES, (
        f"{path.name}: {len(found)} sentences in the first paragraph:\n"
        + "\n".join(found)
    )


@by_file()
def test_intro_is_one_paragraph(path):
    _, prose = intro_paragraphs(path)
    assert len(prose) == 1, f"{path.name}: {len(prose)} paragraphs after the title"


@by_file()
def test_cells_with_subheadings(path):
    found = cells(path.read_text())
    assert all(any(line.strip() for line in cell) for cell in found), (
        f"{path.name}: an empty '# %%' cell"
    )
    headed = [comment_block(cell)[0] for cell in found if has_subheading(cell)]
    assert len(headed) >= 2, f"{path.name}: cells with a subheading: {headed}"


@by_file()
def test_ends_with_references_and_tags(path):
    items, _ = last_cell_parts(path)
    for item in "\n".join(items).split("\n#    - "):
        assert re.search(r":\w+:`[^`]+`", item), f"{path.name}: {item!r} names nothing"


@by_file()
def test_tags(path):
    _, lines = last_cell_parts(path)
    tags = [t.strip() for t in " ".join(line[1:] for line in lines).split(",")]
    pairs = [tuple(part.strip() for part in t.split(":", 1)) for t in tags]
    for tag, pair in zip(tags, pairs, strict=True):
        assert len(pair) == 2, f"{path.name}: {tag!r} is not 'kind: value'"
        assert pair[1] in TAGS.get(pair[0], ()), f"{path.name}: unknown tag {tag!r}"
    assert len(set(pairs)) == len(pairs), f"{path.name}: a tag twice"
    assert [kind for kind, _ in pairs].count("level") == 1, f"{path.name}: one level"
    needs_jax = requires_jax(path)  # the site's one rule (docs/_ext/bivnorm_docs.py)
    assert (("needs", "jax") in pairs) == needs_jax, (
        f"{path.name}: 'needs: jax' must be there if and only if it imports jax"
    )


@by_file()
def test_fixed_seeds(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [module] if module else [alias.name for alias in node.names]
            assert "random" not in names, f"{path.name}: the random module, unseeded"
        if not isinstance(node, ast.Call):
            continue
        func = ast.unparse(node.func)
        where = f"{path.name}, line {node.lineno}: {ast.unparse(node)}"
        legacy = re.fullmatch(r"(?:np|numpy)\.random\.(\w+)", func)
        name = legacy.group(1) if legacy else func.rsplit(".", 1)[-1]
        if legacy and name not in SEEDED | {"Generator"}:
            pytest.fail(f"NumPy's global, unseeded state: {where}")
        if name in SEEDED and (legacy or func == name):
            given = [*node.args, *(k.value for k in node.keywords)]
            seeds = [
                a
                for a in given
                if not (isinstance(a, ast.Constant) and a.value is None)
            ]
            assert seeds, f"no seed: {where}"
