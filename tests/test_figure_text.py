"""No text in a figure bivnorm makes is smaller than 8 pt (issue 22, item 5).

Every visible, non-empty :class:`~matplotlib.text.Text` of each figure (tick
labels, axis labels, legends, the info line, titles) is walked after a draw, so
that the ticks exist. 8 pt is 10.7 CSS px on a page that shows the figure at its
pixel size on a 96 px per inch page, as the gallery and the animation player do;
a figure of lower dpi (the animation's frames) must then have larger text, so
the size in pixels at the figure's own dpi is checked too.
"""

from __future__ import annotations

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import pytest
from bivnorm_figures import visible_texts

MIN_PT = 8.0
MIN_CSS_PX = MIN_PT * 96 / 72  # 10.67


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _small_texts(fig) -> list[tuple[str, float, float]]:
    """(text, size in pt, size in px at the figure's dpi) of each too-small text
    (the texts the gallery's scraper walks: docs/_ext/bivnorm_figures.py)."""
    small = []
    for text in visible_texts(fig):
        pt = text.get_fontsize()
        px = pt * fig.dpi / 72
        if pt < MIN_PT or px < MIN_CSS_PX - 1e-9:
            small.append((text.get_text(), pt, px))
    return small


def _law(bn):
    return bn.BivariateNormal(0.5, -0.3, 1.2, 0.8, 0.6)


def _jointplot(bn, **kwargs):
    return bn.plotting.JointPlot(
        _law(bn), bn.BivariateNormal().sample(0, 200), **kwargs
    ).fig


def _small_jointplot(bn):
    return _jointplot(bn, figsize=(4.0, 4.0), conditional=0.5)


def _slider_app(bn):
    from bivnorm.widgets import slider_app

    return slider_app(render="none", n=100, capacity=200).plot.fig


def _animation(bn):
    anim = bn.animate(frames=2, n=50)
    anim._draw_was_started = True  # drawn once below: no warning about it
    return anim.plot.fig


def _surface(bn):
    surf, _ = bn.plotting.surface(_law(bn), num=30)
    return surf.axes.figure


def _marginal_and_ellipse(bn):
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 4))
    bn.plotting.plot_marginal(_law(bn).marginal_x(), ax=left)
    bn.plotting.plot_ellipse(_law(bn), 0.9, ax=right)
    return fig


FIGURES = {
    "jointplot": _jointplot,
    "jointplot_info_slice": lambda bn: _jointplot(bn, conditional=0.5, info=True),
    "jointplot_small": _small_jointplot,
    "slider_app": _slider_app,
    "animation": _animation,
    "surface": _surface,
    "marginal_and_ellipse": _marginal_and_ellipse,
}


@pytest.mark.parametrize("name", FIGURES)
def test_no_text_below_8_pt(bn, name):
    fig = FIGURES[name](bn)
    assert _small_texts(fig) == []


def test_the_check_sees_small_text(bn):
    """The walk finds a legend entry, a tick label and low-dpi text (it can fail)."""
    fig = _jointplot(bn)
    fig.axes[0].legend(fontsize="x-small")
    assert any(pt < MIN_PT for _, pt, _ in _small_texts(fig))
    fig = _jointplot(bn)
    fig.axes[1].tick_params(labelsize=7)
    assert _small_texts(fig)
    anim = bn.animate(frames=2, n=50, dpi=72)
    anim._draw_was_started = True
    assert any(px < MIN_CSS_PX for *_, px in _small_texts(anim.plot.fig))
