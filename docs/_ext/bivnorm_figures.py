"""sphinx-gallery's matplotlib scraper, with each PNG stamped with its smallest text.

Issue 22 asks that no text in a gallery figure be smaller than 8 pt at the size
the page shows it. How large a figure is shown depends on the page (its content
column), so the check lives in the browser tests (``tests/browser/test_site.py``);
what they need from the build is each figure's smallest text in points and its
width in inches. This scraper walks every visible, non-empty
:class:`~matplotlib.text.Text` of each figure before sphinx-gallery saves it, and
writes both numbers into the PNG's text chunks (:data:`SMALLEST_PT`,
:data:`WIDTH_IN`), where the test reads them back from the served file.

``conf.py`` names this module in ``image_scrapers``; sphinx-gallery calls
:func:`_get_sg_image_scraper`.
"""

from __future__ import annotations

import math
from pathlib import Path

SMALLEST_PT = "bivnorm:smallest-text-pt"
WIDTH_IN = "bivnorm:width-in"


def visible_texts(fig) -> list:
    """The visible, non-empty :class:`~matplotlib.text.Text` artists of ``fig``
    (those of hidden axes left out), after a draw so that the tick labels exist."""
    from matplotlib.text import Text

    fig.draw_without_rendering()
    return [
        text
        for text in fig.findobj(Text)
        if text.get_visible()
        and text.get_text().strip()
        and (text.axes is None or text.axes.get_visible())
    ]


def smallest_text_pt(fig) -> float:
    """The size in points of the smallest visible, non-empty text of ``fig``."""
    return min((text.get_fontsize() for text in visible_texts(fig)), default=math.inf)


def stamp(path: Path, smallest_pt: float, width_in: float) -> None:
    """Write the two numbers into the PNG at ``path`` (its other chunks kept)."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    with Image.open(path) as image:
        image.load()
        info = PngInfo()
        for key, value in image.text.items():
            info.add_text(key, value)
        info.add_text(SMALLEST_PT, repr(float(smallest_pt)))
        info.add_text(WIDTH_IN, repr(float(width_in)))
        image.save(path, pnginfo=info)


def scraper(block, block_vars, gallery_conf, **kwargs):
    """sphinx-gallery's ``matplotlib_scraper``, then a stamp on each PNG it wrote."""
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper

    figures = [plt.figure(num) for num in plt.get_fignums()]
    measured = [(smallest_text_pt(fig), fig.get_figwidth()) for fig in figures]
    paths = block_vars["image_path_iterator"]
    start = len(paths)
    rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    for path, (pt, width) in zip(paths.paths[start:], measured, strict=False):
        if Path(path).suffix == ".png" and Path(path).is_file():
            stamp(Path(path), pt, width)
    return rst


def _get_sg_image_scraper():
    return scraper
