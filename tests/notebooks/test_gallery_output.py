"""The gallery's pages: no warning in any printed output, alt texts in words.

sphinx-gallery captures what an example prints, stderr and Python warnings
included, into the page's output blocks; the notebooks' outputs are checked by
test_notebooks.py.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import SITE

PAGES = sorted(SITE.glob("auto_examples/plot_*.html"))
OUTPUT = re.compile(
    r'<div class="sphx-glr-script-out[^"]*"><div class="highlight"><pre>(.*?)</pre>',
    re.DOTALL,
)
TAG = re.compile(r"<[^>]+>")


def _outputs(page) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [html.unescape(TAG.sub("", block)) for block in OUTPUT.findall(text)]


def test_the_pattern_finds_outputs():
    assert PAGES, f"no gallery pages in {SITE}"
    assert sum(len(_outputs(page)) for page in PAGES) >= 5


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_warning_in_the_output(page):
    warned = [text for text in _outputs(page) if re.search("warn", text, re.IGNORECASE)]
    assert warned == []


ALT = re.compile(r'<img [^>]*alt="([^"]*)"')


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_alt_texts_are_words_not_tex(page):
    alts = ALT.findall(page.read_text(encoding="utf-8"))
    assert alts, "no figure"
    assert [alt for alt in alts if re.search(r"[$\\]", html.unescape(alt))] == []
