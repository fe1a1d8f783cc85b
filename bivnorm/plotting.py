r"""Figures of the bivariate normal law, drawn with matplotlib.

:class:`JointPlot` draws samples in the plane together with the *true* marginal
densities computed from the parameters (not fitted curves, not kernel density
estimates), probability ellipses and an optional conditional slice. Its
:meth:`JointPlot.update` changes the existing artists in place, which is what the
slider app (:mod:`bivnorm.widgets`) and the animation (:mod:`bivnorm.animation`)
drive.

:func:`surface` draws the density as a 3-D surface with a filled contour
projection underneath.

The colours are from the Okabe-Ito palette, which stays distinguishable under the
common forms of colour blindness; the ellipses differ by line style too.
"""

from __future__ import annotations

import math
from types import MappingProxyType

import numpy as np
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from ._backend import jit
from ._budget import check_bytes, check_count
from ._checks import (
    POSITIVE,
    PROBABILITY,
    check_law,
    check_limits,
    check_number,
    check_pair,
    check_points,
)
from ._convert import host_array
from .bivariate import BivariateNormal
from .normal import Normal

__all__ = [
    "JointPlot",
    "jointplot",
    "plot_ellipse",
    "plot_marginal",
    "surface",
]

#: The colours of the figures and of the gallery, by name: the Okabe-Ito palette
#: and one grey for background points. Use them as
#: ``color=bn.plotting.COLORS["vermillion"]``.
COLORS = MappingProxyType(
    {
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "bluish_green": "#009E73",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "reddish_purple": "#CC79A7",
        "yellow": "#F0E442",
        "black": "#000000",
        "grey": "#999999",
    }
)
SAMPLE_COLOR = COLORS["blue"]  # the data (scatter, histograms)
PDF_COLOR = COLORS["vermillion"]  # the true marginal densities
ELLIPSE_COLOR = COLORS["black"]  # probability ellipses and the mean
SLICE_COLOR = COLORS["bluish_green"]  # the conditional slice

_ELLIPSE_STYLES = ("-", "--", ":", "-.")
# The smallest text of a figure, in points: 8 pt is 10.7 CSS px on a page that
# shows the figure at its size (the gallery's and the notebooks' figures).
MIN_FONT_PT = 8.0
# Half-width of the default view in standard deviations: the 99 % ellipse reaches
# sqrt(-2 log 0.01) = 3.03 standard deviations along each axis.
_VIEW_STDS = 3.3
_NUM_CURVE = 256
#: The most histogram bins of a :class:`JointPlot`: more than the pixels across a
#: margin of any ordinary figure (and 100,000 bins take seconds to draw).
MAX_BINS = 4096
_MINUS = "\N{MINUS SIGN}"
_MU, _SIGMA, _RHO = (
    "\N{GREEK SMALL LETTER MU}",
    "\N{GREEK SMALL LETTER SIGMA}",
    "\N{GREEK SMALL LETTER RHO}",
)


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def _check_pixels(figsize, dpi) -> None:
    """Refuse a figure whose pixels (4 bytes each) would not fit in the budget."""
    pixels = math.ceil(figsize[0] * dpi) * math.ceil(figsize[1] * dpi)
    check_bytes(f"figsize={figsize} at dpi={dpi}", 4 * pixels)


def _gca(ax):
    return _pyplot().gca() if ax is None else ax


def _params(dist) -> tuple[float, float, float, float, float]:
    """The five parameters of ``dist`` as Python floats."""
    return (
        float(dist.mean_x),
        float(dist.mean_y),
        float(dist.std_x),
        float(dist.std_y),
        float(dist.rho),
    )


def _viewable(dist):
    """``dist`` if a view of a few standard deviations around its mean can be
    drawn: each standard deviation above 1e-15 of its mean's size (matplotlib
    refuses narrower views as singular). A clear error otherwise."""
    for axis in ("x", "y"):
        mean = float(getattr(dist, "mean_" + axis))
        std = float(getattr(dist, "std_" + axis))
        if not std > 1e-15 * abs(mean):
            msg = (
                f"dist cannot be drawn: its std_{axis}={std!r} is too small next to "
                f"its mean_{axis}={mean!r} for a view of a few standard deviations "
                f"(std_{axis} must exceed 1e-15 |mean_{axis}|); draw it shifted, "
                f"with dist.replace(mean_{axis}=0.0)"
            )
            raise ValueError(msg)
    return dist


def _host(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def _percent(prob: float) -> str:
    return f"{100 * prob:g} %"


def plot_ellipse(dist, prob=0.95, *, ax=None, num=200, **kwargs):
    r"""Plot the ellipse that holds probability ``prob`` of ``dist``.

    The ellipse is the set of points at Mahalanobis distance
    :math:`r = \sqrt{-2 \log(1 - p)}` from the mean: the squared distance follows a
    chi-square law with two degrees of freedom.

    Parameters
    ----------
    dist : BivariateNormal
        The distribution.
    prob : float, optional
        Probability held inside the ellipse, in (0, 1).
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; the current axes by default.
    num : int, optional
        Number of points on the curve.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`. The default label is the
        probability, e.g. ``"95 %"``.

    Returns
    -------
    matplotlib.lines.Line2D
        The closed curve.
    """
    check_law("dist", dist, BivariateNormal)
    xs, ys = dist.ellipse(prob, num=num)
    ax = _gca(ax)
    kwargs.setdefault("label", _percent(prob))
    kwargs.setdefault("color", ELLIPSE_COLOR)
    (line,) = ax.plot(_host(xs), _host(ys), **kwargs)
    return line


def plot_marginal(
    normal, *, ax=None, orientation="vertical", x=None, num=_NUM_CURVE, **kwargs
):
    r"""Plot the density of a univariate normal law.

    .. math:: f(x) = \frac{1}{\sigma \sqrt{2 \pi}}
              \exp\left(-\frac{(x - \mu)^2}{2 \sigma^2}\right)

    Parameters
    ----------
    normal : Normal
        The law, e.g. ``dist.marginal_x()``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; the current axes by default.
    orientation : {"vertical", "horizontal"}, optional
        As in :meth:`matplotlib.axes.Axes.hist`: ``"horizontal"`` puts the variable
        on the y-axis and the density on the x-axis (the right margin of a joint
        plot).
    x : array_like, optional
        Where to evaluate the density; by default ``num`` points over
        :math:`\mu \pm 4 \sigma`.
    num : int, optional
        Number of points when ``x`` is not given.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.lines.Line2D
        The curve.
    """
    if orientation not in {"vertical", "horizontal"}:
        msg = (
            "orientation must be 'vertical' or 'horizontal', "
            f"got orientation={orientation!r}"
        )
        raise ValueError(msg)
    check_law("normal", normal, Normal)
    if x is None:
        num = check_count("num", num, minimum=2, item_bytes=32)
        mean, std = float(normal.mean), float(normal.std)
        x = np.linspace(mean - 4 * std, mean + 4 * std, num)
    x = host_array("x", x).astype(np.float64)
    ax = _gca(ax)
    pdf = _host(normal.pdf(x))
    kwargs.setdefault("color", PDF_COLOR)
    if orientation == "vertical":
        (line,) = ax.plot(x, pdf, **kwargs)
    else:
        (line,) = ax.plot(pdf, x, **kwargs)
    return line


def _needed_range(mean, std, values) -> tuple[float, float]:
    """Interval that must stay in view: the 99 % region and every sample."""
    lo, hi = mean - _VIEW_STDS * std, mean + _VIEW_STDS * std
    if values is not None and values.size:
        lo, hi = min(lo, float(values.min())), max(hi, float(values.max()))
    margin = 0.03 * (hi - lo)  # no marker cut in half by the edge of the axes
    return lo - margin, hi + margin


def _next_limits(current, needed, *, pad=0.12, shrink=0.6):
    """New view limits, or ``current`` when it still frames ``needed`` well.

    The view moves only when something needed leaves it, or when what is needed
    has become much smaller than it (less than ``shrink`` of its span); it then
    gets ``pad`` of headroom on each side, so that small parameter changes leave
    the axes alone.
    """
    lo, hi = needed
    if current is not None:
        cur_lo, cur_hi = current
        inside = cur_lo <= lo and hi <= cur_hi
        if inside and (hi - lo) >= shrink * (cur_hi - cur_lo):
            return current
    span = hi - lo
    return (lo - pad * span, hi + pad * span)


def _next_top(current, peak, *, headroom=1.3, shrink=0.5):
    """Upper limit of a density axis, moved only when the peak leaves the band."""
    if current is not None and shrink * current <= peak <= current:
        return current
    return headroom * peak


def _info(params, n) -> str:
    """One line of parameters, in plain text.

    Not mathtext: parsing a new math string on every update would cost a third of
    the drawing time. Minus signs are typographic ones, as on the axes.
    """
    mean_x, mean_y, std_x, std_y, rho = params
    rho = round(rho, 2) + 0.0  # no "-0.00"
    text = (
        f"{_MU} = ({mean_x:.2f}, {mean_y:.2f})    "
        f"{_SIGMA} = ({std_x:.2f}, {std_y:.2f})    "
        f"{_RHO} = {rho:.2f}    n = {n}"
    )
    return text.replace("-", _MINUS)


class JointPlot:
    r"""Samples of a bivariate normal law with its true marginal densities.

    The joint axes show the samples as a scatter, the mean, probability ellipses
    and an optional conditional slice. The top and right axes show the marginal
    densities computed from the parameters,

    .. math:: X \sim \mathcal N(\mu_x, \sigma_x^2), \qquad
              Y \sim \mathcal N(\mu_y, \sigma_y^2),

    over histograms of the samples for comparison. The axes are named as in
    seaborn's ``JointGrid``.

    Parameters
    ----------
    dist : BivariateNormal
        The distribution to draw.
    samples : array_like of shape (n, 2), optional
        Points to scatter, e.g. ``dist.sample(key, n)``.
    ellipses : sequence of float, optional
        Probabilities held by the ellipses to draw; the radius in whitened
        coordinates is :math:`\sqrt{-2 \log(1 - p)}` (chi-square, two degrees of
        freedom). Empty for none.
    hist : bool, optional
        Draw histograms of the samples under the marginal densities.
    conditional : float, optional
        Draw the slice :math:`x = x_0` in the joint axes and the conditional
        density of :math:`Y` given :math:`X = x_0` in the right axes.
    bins : int, optional
        Number of histogram bins across the view, from 1 to :data:`MAX_BINS`.
    figsize : tuple of float, optional
        Size of a new figure, in inches.
    fig : matplotlib.figure.Figure or matplotlib.figure.SubFigure, optional
        Where to draw; a new pyplot figure by default.
    xlim, ylim : tuple of float, optional
        Fixed view limits. By default the view follows the distribution: it moves
        only when the samples or the 99 % region would leave it, or when they have
        become much smaller than it.
    density_lim : float or tuple of float, optional
        Fixed tops of the density axes of the top and right margins. By default
        they follow the peaks of the true densities, with the same hysteresis.
    info : bool, optional
        Show the parameters in a line above the plot.

    Attributes
    ----------
    fig, ax_joint, ax_marg_x, ax_marg_y
        The figure and the joint, top and right axes.
    dist, samples
        What is drawn now (``samples`` is a NumPy array or None).
    scatter : matplotlib.collections.PathCollection
    mean_marker : matplotlib.lines.Line2D
    ellipse_lines : list of matplotlib.lines.Line2D
    ellipse_probs : tuple of float
        The probability each ellipse holds.
    pdf_x, pdf_y : matplotlib.lines.Line2D
        The marginal densities.
    hist_x, hist_y : matplotlib.patches.StepPatch or None
    slice_line, slice_pdf : matplotlib.lines.Line2D or None
    legend, margin_legend : matplotlib.legend.Legend
        The keys of the joint axes and of the margins (in the top right corner).
    info_text : matplotlib.text.Text or None

    Examples
    --------
    >>> from bivnorm import BivariateNormal
    >>> from bivnorm.plotting import JointPlot
    >>> dist = BivariateNormal(std_x=2.0, rho=0.6)
    >>> plot = JointPlot(dist, dist.sample(0, 500))
    >>> new = dist.replace(rho=-0.3)
    >>> plot = plot.update(new, new.sample(1, 500))  # same artists, new data
    """

    def __init__(
        self,
        dist,
        samples=None,
        *,
        ellipses=(0.5, 0.9, 0.99),
        hist=True,
        conditional=None,
        bins=40,
        figsize=(6, 6),
        fig=None,
        xlim=None,
        ylim=None,
        density_lim=None,
        info=True,
    ):
        check_law("dist", dist, BivariateNormal)
        samples = None if samples is None else check_points("samples", samples)
        self.bins = check_count("bins", bins, minimum=1)
        if self.bins > MAX_BINS:
            msg = f"bins must be at most {MAX_BINS}, got bins={self.bins}"
            raise ValueError(msg)
        probs = tuple(check_number("ellipses", p, PROBABILITY) for p in ellipses)
        self.conditional = (
            None if conditional is None else check_number("conditional", conditional)
        )
        self._fixed_xlim = None if xlim is None else check_limits("xlim", xlim)
        self._fixed_ylim = None if ylim is None else check_limits("ylim", ylim)
        if density_lim is not None:
            if np.ndim(density_lim) == 0:
                density_lim = (density_lim, density_lim)
            density_lim = check_pair("density_lim", density_lim, POSITIVE)
        self._fixed_density = density_lim
        if fig is None:
            figsize = check_pair("figsize", figsize, POSITIVE)
            _check_pixels(figsize, _pyplot().rcParams["figure.dpi"])
            fig = _pyplot().figure(figsize=figsize)
        self.fig = fig
        self._given_lims = (self._fixed_xlim, self._fixed_ylim)
        self._xlim = self._ylim = None
        self._top_x = self._top_y = None
        self._legend_side = "upper left"
        self._make_axes(info=info)
        self._make_artists(probs, hist=hist)
        self.update(dist, samples)

    # -- construction -----------------------------------------------------------

    def _make_axes(self, *, info):
        # A fixed layout computed once: no layout engine runs on each draw. The
        # text has a fixed size in points, so the room for it is set in inches:
        # the labels on the left, and the margins' key right of the top axes.
        # (A subfigure has no size of its own: its box, in inches.)
        width, height = (
            self.fig.bbox.width / self.fig.dpi,
            self.fig.bbox.height / self.fig.dpi,
        )
        left = max(0.11, 0.7 / width)
        side = max(1 / 6, 0.9 / ((0.97 - left) * width))
        grid = self.fig.add_gridspec(
            2,
            2,
            width_ratios=(1 - side, side),
            height_ratios=(1, 5),
            left=left,
            right=0.97,
            bottom=max(0.09, 0.5 / height),
            top=1 - (0.42 if info else 0.18) / height,
            wspace=0.04,
            hspace=0.04,
        )
        self.ax_joint = self.fig.add_subplot(grid[1, 0])
        self.ax_marg_x = self.fig.add_subplot(grid[0, 0], sharex=self.ax_joint)
        self.ax_marg_y = self.fig.add_subplot(grid[1, 1], sharey=self.ax_joint)
        self.ax_joint.set_xlabel("$x$")
        self.ax_joint.set_ylabel("$y$")
        for ax, hidden in ((self.ax_marg_x, "x"), (self.ax_marg_y, "y")):
            ax.tick_params(axis=hidden, labelbottom=False, labelleft=False)
            ax.tick_params(axis="x" if hidden == "y" else "y", labelsize=MIN_FONT_PT)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        self.ax_marg_x.set_ylabel("density", fontsize=MIN_FONT_PT)
        self.ax_marg_y.set_xlabel("density", fontsize=MIN_FONT_PT)
        for axis in (self.ax_marg_x.yaxis, self.ax_marg_y.xaxis):
            axis.set_major_locator(MaxNLocator(2))
            axis.set_major_formatter(StrMethodFormatter("{x:g}"))
        self.ax_marg_x.set_ylim(bottom=0)
        self.ax_marg_y.set_xlim(left=0)
        self.info_text = None
        if info:
            self.info_text = self.fig.text(
                0.5, 0.985, "", ha="center", va="top", fontsize="small"
            )

    def _make_artists(self, probs, *, hist):
        joint, top, right = self.ax_joint, self.ax_marg_x, self.ax_marg_y
        self.scatter = joint.scatter(
            np.empty(0),
            np.empty(0),
            s=9,
            color=SAMPLE_COLOR,
            edgecolors="none",
            label="samples",
            zorder=2,
        )
        self.ellipse_lines = []
        for i, prob in enumerate(probs):
            (line,) = joint.plot(
                [],
                [],
                color=ELLIPSE_COLOR,
                lw=1.4,
                ls=_ELLIPSE_STYLES[i % len(_ELLIPSE_STYLES)],
                label=f"{_percent(prob)} ellipse",
                zorder=3,
            )
            self.ellipse_lines.append(line)
        self.ellipse_probs = probs
        (self.mean_marker,) = joint.plot(
            [],
            [],
            ls="none",
            marker="X",
            ms=10,
            mfc=ELLIPSE_COLOR,
            mec="white",
            mew=1.2,
            label="mean",
            zorder=4,
        )
        self.hist_x = self.hist_y = None
        empty_values, empty_edges = np.zeros(self.bins), np.arange(self.bins + 1.0)
        if hist:
            style = {"fill": True, "color": SAMPLE_COLOR, "alpha": 0.35, "lw": 0}
            self.hist_x = top.stairs(
                empty_values, empty_edges, label="histogram", **style
            )
            self.hist_y = right.stairs(
                empty_values, empty_edges, orientation="horizontal", **style
            )
        pdf_style = {"color": PDF_COLOR, "lw": 2}
        (self.pdf_x,) = top.plot([], [], label="true pdf", **pdf_style)
        (self.pdf_y,) = right.plot([], [], **pdf_style)
        self.slice_line = self.slice_pdf = None
        if self.conditional is not None:
            x0 = self.conditional
            slice_style = {"color": SLICE_COLOR, "lw": 1.6, "ls": "-."}
            self.slice_line = joint.axvline(
                x0, label=f"slice $x = {x0:g}$", zorder=3, **slice_style
            )
            (self.slice_pdf,) = right.plot(
                [], [], label=f"$p(y \\mid x\\!=\\!{x0:g})$", **slice_style
            )
        self.legend = joint.legend(
            loc=self._legend_side, fontsize="small", framealpha=0.85
        )
        # The scatter's alpha follows n; its key stays opaque and readable.
        scatter_key = self.legend.legend_handles[0]
        scatter_key.set_alpha(1.0)
        scatter_key.set_sizes([30.0])
        # The key of the margins sits in the empty corner, right of the top axes.
        handles = [h for h in (self.hist_x, self.pdf_x, self.slice_pdf) if h]
        self.margin_legend = top.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(1.0, 0.0),
            fontsize=MIN_FONT_PT,
            frameon=False,
            handlelength=1.0,
            handletextpad=0.4,
            borderaxespad=0.3,
        )

    # -- update -----------------------------------------------------------------

    def update(self, dist, samples=None):
        """Show another distribution and sample, changing the artists in place.

        Parameters
        ----------
        dist : BivariateNormal
            The new distribution.
        samples : array_like of shape (n, 2), optional
            The new points; None clears the scatter and the histograms.

        Returns
        -------
        JointPlot
            ``self``.
        """
        _viewable(check_law("dist", dist, BivariateNormal))
        samples = None if samples is None else check_points("samples", samples)
        self.dist, self.samples = dist, samples
        mean_x, mean_y, std_x, std_y, rho = _params(dist)
        xs = None if samples is None else samples[:, 0]
        ys = None if samples is None else samples[:, 1]
        self._set_view(
            _needed_range(mean_x, std_x, xs), _needed_range(mean_y, std_y, ys)
        )
        # Joint axes.
        self.scatter.set_offsets(np.empty((0, 2)) if samples is None else samples)
        n = 0 if samples is None else len(samples)
        self.scatter.set_alpha(min(0.8, max(0.15, 12 / math.sqrt(max(n, 1)))))
        self.mean_marker.set_data([mean_x], [mean_y])
        for line, prob in zip(self.ellipse_lines, self.ellipse_probs, strict=True):
            ex, ey = dist.ellipse(prob)
            line.set_data(_host(ex), _host(ey))
        self._place_legend(rho)
        # Margins.
        peak_x = self._update_margin(
            self.pdf_x,
            self.hist_x,
            dist.marginal_x(),
            values=xs,
            lim=self._xlim,
            orientation="vertical",
        )
        peak_y = self._update_margin(
            self.pdf_y,
            self.hist_y,
            dist.marginal_y(),
            values=ys,
            lim=self._ylim,
            orientation="horizontal",
        )
        if self.slice_pdf is not None:
            grid = self._grid(self._ylim)
            pdf = _host(dist.conditional_y(self.conditional).pdf(grid))
            self.slice_pdf.set_data(pdf, grid)
            peak_y = max(peak_y, float(pdf.max()))
        self._set_density_limits(peak_x, peak_y)
        if self.info_text is not None:
            self.info_text.set_text(_info((mean_x, mean_y, std_x, std_y, rho), n))
        return self

    def frame(self, laws, samples=None, *, square=False, pad=0.05):
        """Fix the view so that it frames every law and sample of a sequence.

        Each axis is centred on the first law's mean and wide enough for the
        99 % region of every law and every point (as :meth:`update` frames one
        law), plus ``pad`` of its half-width. Axes given fixed limits at
        construction (``xlim``, ``ylim``) keep them. The view then stays put
        through :meth:`update`, as in an animation.

        Parameters
        ----------
        laws : sequence of BivariateNormal
        samples : sequence of array_like of shape (n, 2), optional
            The points shown with each law.
        square : bool, optional
            Give both axes the same half-width (a rotation then looks like one).
        pad : float, optional
            Extra half-width, as a fraction.

        Returns
        -------
        JointPlot
            ``self``, redrawn with the new view.
        """
        laws = list(laws)
        if not laws:
            msg = "laws must hold at least one law, got laws=[]"
            raise ValueError(msg)
        points = [None] * len(laws) if samples is None else list(samples)
        if len(points) != len(laws):
            msg = f"samples must hold one array per law: {len(points)} for {len(laws)}"
            raise ValueError(msg)
        first = _params(laws[0])
        centres, halves = (first[0], first[1]), [0.0, 0.0]
        for law, shown in zip(laws, points, strict=True):
            params = _params(law)
            xy = None if shown is None else _host(shown).reshape(-1, 2)
            for i in (0, 1):
                values = None if xy is None else xy[:, i]
                lo, hi = _needed_range(params[i], params[2 + i], values)
                halves[i] = max(halves[i], centres[i] - lo, hi - centres[i])
        halves = [(1.0 + pad) * half for half in halves]
        if square:
            halves = [max(halves)] * 2
        xlim = (centres[0] - halves[0], centres[0] + halves[0])
        ylim = (centres[1] - halves[1], centres[1] + halves[1])
        self._fixed_xlim = self._given_lims[0] or xlim
        self._fixed_ylim = self._given_lims[1] or ylim
        return self.update(self.dist, self.samples)

    def _grid(self, lim) -> np.ndarray:
        return np.linspace(lim[0], lim[1], _NUM_CURVE)

    def _update_margin(self, line, hist, normal, *, values, lim, orientation):
        grid = self._grid(lim)
        pdf = _host(normal.pdf(grid))
        if orientation == "vertical":
            line.set_data(grid, pdf)
        else:
            line.set_data(pdf, grid)
        if hist is not None:
            edges = np.linspace(lim[0], lim[1], self.bins + 1)
            if values is None or values.size == 0:
                heights = np.zeros(self.bins)
            else:
                counts, _ = np.histogram(values, edges)
                heights = counts / (values.size * (edges[1] - edges[0]))
            hist.set_data(heights, edges)
        return float(pdf.max())

    def _set_view(self, needed_x, needed_y):
        xlim = self._fixed_xlim or _next_limits(self._xlim, needed_x)
        ylim = self._fixed_ylim or _next_limits(self._ylim, needed_y)
        if xlim != self._xlim:
            self.ax_joint.set_xlim(xlim)
            self._xlim = xlim
        if ylim != self._ylim:
            self.ax_joint.set_ylim(ylim)
            self._ylim = ylim

    def _set_density_limits(self, peak_x, peak_y):
        # The axes follow the true densities only: histogram bars of a small
        # sample may be clipped rather than make the axes jump with every draw.
        if self._fixed_density is not None:
            top_x, top_y = self._fixed_density
        else:
            top_x = _next_top(self._top_x, peak_x)
            top_y = _next_top(self._top_y, peak_y)
        if top_x != self._top_x:
            self.ax_marg_x.set_ylim(0, top_x)
            self._top_x = top_x
        if top_y != self._top_y:
            self.ax_marg_y.set_xlim(0, top_y)
            self._top_y = top_y

    def _place_legend(self, rho):
        # Keep the legend in a corner the ellipses lean away from, switching
        # sides only past |rho| = 0.2 so that it does not flicker around 0.
        if rho < -0.2:
            side = "upper right"
        elif rho > 0.2:
            side = "upper left"
        else:
            side = self._legend_side
        if side != self._legend_side:
            self.legend.set_loc(side)
            self._legend_side = side


def jointplot(dist, key, n=500, **kwargs):
    """Draw ``n`` samples of ``dist`` with their true marginal densities.

    Parameters
    ----------
    dist : BivariateNormal
        The distribution.
    key : int or PRNG key
        Randomness for :meth:`BivariateNormal.sample`.
    n : int, optional
        Number of samples.
    **kwargs
        Passed to :class:`JointPlot`.

    Returns
    -------
    JointPlot
        The plot; its figure is ``.fig``.
    """
    check_law("dist", dist, BivariateNormal)
    return JointPlot(dist, dist.sample(key, n), **kwargs)


@jit
def _density_grid(dist, x, y):
    """Density on the grid ``x`` times ``y``, by broadcasting, in one call."""
    return dist.pdf(x[None, :], y[:, None])


def surface(dist, *, ax=None, num=120, extent=3.5, cmap="viridis"):
    r"""Draw the density as a 3-D surface with filled contours projected beneath.

    The density is evaluated on a ``num`` by ``num`` grid covering
    :math:`\mu \pm \text{extent} \cdot \sigma` along each axis, in one compiled,
    broadcast call.

    Parameters
    ----------
    dist : BivariateNormal
        The distribution.
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D, optional
        A 3-D axes to draw in; a new figure with one by default.
    num : int, optional
        Grid points along each axis.
    extent : float, optional
        Half-width of the grid in standard deviations.
    cmap : str or matplotlib.colors.Colormap, optional
        Colormap of the surface and the contours (viridis, perceptually uniform
        and colour-blind safe, by default).

    Returns
    -------
    surf : mpl_toolkits.mplot3d.art3d.Poly3DCollection
        The surface.
    contourf : matplotlib.contour.QuadContourSet
        The filled contours on the floor of the box.
    """
    _viewable(check_law("dist", dist, BivariateNormal))
    num = check_count("num", num, minimum=2)
    check_bytes(f"num={num}", 64 * num * num)  # a few num by num grids
    extent = check_number("extent", extent, POSITIVE)
    peak = dist.pdf(dist.mean_x, dist.mean_y)
    if not float(peak) >= np.finfo(peak.dtype).tiny:
        msg = (
            f"dist cannot be drawn as a surface: its density peaks at "
            f"{float(peak)!r}, below the smallest normal {peak.dtype} number "
            f"(standard deviations too large), got dist={dist!r}"
        )
        raise ValueError(msg)
    if ax is None:
        fig = _pyplot().figure(figsize=(6.4, 5.2))
        ax = fig.add_subplot(projection="3d")
        fig.subplots_adjust(left=0.0, right=0.94, bottom=0.0, top=0.92)
    elif getattr(ax, "name", None) != "3d":
        msg = f"ax must be a 3-D axes (projection='3d'), got ax={ax!r}"
        raise ValueError(msg)
    mean_x, mean_y, std_x, std_y, _ = _params(dist)
    x = np.linspace(mean_x - extent * std_x, mean_x + extent * std_x, num)
    y = np.linspace(mean_y - extent * std_y, mean_y + extent * std_y, num)
    z = _host(_density_grid(dist, x, y))
    xx, yy = np.meshgrid(x, y)
    top = float(z.max())
    floor = -0.8 * top
    # At most 80 by 80 grid points for the surface (the contours use them all).
    # Taking every cell of a subgrid, rather than letting plot_surface stride,
    # keeps every face a quadrilateral: no NaN-padded ragged faces at the edges.
    sub = np.unique(np.linspace(0, num - 1, min(num, 80)).round().astype(int))
    grid = np.ix_(sub, sub)
    surf = ax.plot_surface(
        xx[grid],
        yy[grid],
        z[grid],
        cmap=cmap,
        rstride=1,
        cstride=1,
        linewidth=0,
        antialiased=False,
    )
    contourf = ax.contourf(xx, yy, z, levels=12, zdir="z", offset=floor, cmap=cmap)
    ax.set_zlim(floor, 1.05 * top)
    # Ticks on the density only: the floor below zero just holds the contours.
    ticks = MaxNLocator(4).tick_values(0.0, top)
    ax.set_zticks(ticks[(ticks >= 0) & (ticks <= 1.05 * top)])
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_zlabel("density")
    ax.view_init(elev=27, azim=-60)
    ax.set_box_aspect(None, zoom=0.9)
    return surf, contourf
