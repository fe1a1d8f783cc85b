r"""Sliders for the mean and the covariance of a bivariate normal law.

:func:`slider_app` returns an ipywidgets container that drives a
:class:`~bivnorm.plotting.JointPlot`. Every slider range keeps the state valid:
standard deviations and eigenvalues stay positive and the correlation stays
strictly inside :math:`(-1, 1)`, so the covariance matrix is always positive
definite.

The covariance can be set in two equivalent ways,

.. math::

    \Sigma = \begin{pmatrix} \sigma_x^2 & \rho\sigma_x\sigma_y \\
             \rho\sigma_x\sigma_y & \sigma_y^2 \end{pmatrix}
           = R(\theta) \begin{pmatrix} \lambda_1 & 0 \\ 0 & \lambda_2 \end{pmatrix}
             R(\theta)^\top,

with standard deviations and a correlation, or with eigenvalues and the angle
:math:`\theta` of the first principal axis
(:meth:`~bivnorm.BivariateNormal.from_eigen`,
:meth:`~bivnorm.BivariateNormal.principal_axes`). A slider move changes the law
only as far as it asks, in its own group's coordinates, and the other group is
then written from the law.

Samples are standard normals :math:`z` drawn once at a fixed capacity and mapped
with the compiled :meth:`~bivnorm.BivariateNormal.unwhiten`; the sample size
slider takes a view of the first ``n`` rows on the NumPy side, so no slider move
compiles anything after the first render.
"""

from __future__ import annotations

import importlib.util
import math

import ipywidgets as w
import matplotlib as mpl
import numpy as np

from ._blit import PngRenderer
from ._budget import check_count
from ._checks import check_law
from ._sliders import SLIDERS, Slider, reaching
from .bivariate import BivariateNormal
from .plotting import JointPlot

__all__ = ["SliderApp", "slider_app"]

# The one table of slider ranges, steps and labels, shared with the explorer.
_STD_RANGE = (SLIDERS["std_x"].lo, SLIDERS["std_x"].hi)
# Eigenvalues are variances along the principal axes: the same range as
# the squares of the standard deviation sliders.
_EIG_RANGE = (_STD_RANGE[0] ** 2, _STD_RANGE[1] ** 2)
_GROUPS = {"std": ("std_x", "std_y", "rho"), "eigen": ("lambda1", "lambda2", "angle")}
# Short enough for a tab (about 18 characters show).
_SIGMA, _RHO = "\N{GREEK SMALL LETTER SIGMA}", "\N{GREEK SMALL LETTER RHO}"
_TAB_TITLES = {"std": f"{_SIGMA}x, {_SIGMA}y, {_RHO}", "eigen": "eigen: λ1, λ2, θ"}


def _render_mode(render: str) -> str:
    if render not in {"auto", "image", "ipympl", "none"}:
        msg = (
            f"render must be 'auto', 'image', 'ipympl' or 'none', got render={render!r}"
        )
        raise ValueError(msg)
    if render == "ipympl" and importlib.util.find_spec("ipympl") is None:
        msg = "render='ipympl' needs the ipympl package, which is not installed"
        raise ValueError(msg)
    if render != "auto":
        return render
    backend = mpl.get_backend().lower()
    return "ipympl" if ("ipympl" in backend or "widget" in backend) else "image"


def _js_round(x: float) -> float:
    """JavaScript's ``Math.round``: halves round up, towards +inf."""
    down = math.floor(x)
    return down + 1.0 if x - down >= 0.5 else float(down)


def _on_grid(slider, value) -> float:
    """The value that ipywidgets 8's front end shows for ``value`` on ``slider``.

    The front end (noUiSlider 15) snaps a value to its step in percent of the
    range and maps it back; this is that arithmetic, operation for operation, so
    that a value written on the grid is shown, and sent back, unchanged.
    """
    lo, hi, step = float(slider.min), float(slider.max), float(slider.step)
    value = float(value)
    if hi <= lo:
        return lo
    width = 100.0 * step / (hi - lo)
    if not (width > 0 and math.isfinite(width) and math.isfinite(100.0 * (hi - lo))):
        # A range too wide (or too narrow) for percent steps: no grid to snap to.
        return min(max(value, lo), hi)
    pct = 100.0 if value >= hi else 100.0 * (value - lo) / (hi - lo)
    if pct != 100.0:
        width = 100.0 * step / (hi - lo)
        pct = min(max(_js_round(pct / width) * width, 0.0), 100.0)
    return hi if pct >= 100.0 else pct * (hi - lo) / 100.0 + lo


def _readout(slider, value) -> str:
    """The readout format of a slider: two decimals, or as many as ``value`` needs
    (up to 6, then 4 significant digits) when it is an end of a widened range."""
    if slider.lo < value < slider.hi or float(f"{value:.2f}") == value:
        return ".2f"
    for decimals in range(3, 7):
        if float(f"{value:.{decimals}f}") == value:
            return f".{decimals}f"
    return ".4g"


def _slider(description, lo, hi, step, *, fmt=".2f", integer=False):
    cls = w.IntSlider if integer else w.FloatSlider
    kwargs = {} if integer else {"readout_format": fmt}
    return cls(
        value=lo,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=True,
        style={"description_width": "3em"},
        layout=w.Layout(width="19em"),
        **kwargs,
    )


class SliderApp(w.VBox):
    """Sliders driving a :class:`~bivnorm.plotting.JointPlot`; see :func:`slider_app`.

    The law :attr:`dist` is the one source of truth. A slider move changes only
    the parameter it names, in its own tab's coordinates (a move of
    :math:`\theta` turns the covariance at fixed eigenvalues, whatever the
    other tab shows); the other tab is then written from the law, in float64,
    rounded to its sliders' grid as the front end draws it, so the front end has
    nothing to correct and send back. A value that comes back all the same (an
    echo of what the app wrote) is not taken for a move. A law that a tab's
    sliders cannot reach is named in the readout under the tabs.

    Attributes
    ----------
    sliders : dict of str to ipywidgets slider
        ``mean_x``, ``mean_y``, ``std_x``, ``std_y``, ``rho``, ``n``, and with
        the covariance view ``lambda1``, ``lambda2`` and ``angle`` (degrees).
    plot : JointPlot
        The figure the sliders drive.
    dist : BivariateNormal
        The current distribution.
    samples : numpy.ndarray of shape (n, 2)
        The points shown now.
    cov_html : ipywidgets.HTML or None
        The covariance matrix, its eigenvalues and angle, and which of the law's
        parameters are beyond a tab's sliders.
    image : ipywidgets.Image or None
        Where the figure is shown as a PNG (``render="image"``).
    """

    def __init__(
        self,
        dist=None,
        n=500,
        key=0,
        capacity=5000,
        *,
        cov_view=True,
        render="auto",
        **plot_kwargs,
    ):
        dist = (
            BivariateNormal()
            if dist is None
            else check_law("dist", dist, BivariateNormal)
        )
        # The standard normals, the mapped samples and the scatter's copy of them.
        capacity = check_count("capacity", capacity, item_bytes=48)
        n = check_count("n", n)
        if not 1 <= n <= capacity:
            msg = f"n must be between 1 and capacity={capacity}, got n={n}"
            raise ValueError(msg)
        self._mode = _render_mode(render)
        self._writing = False
        self._written = {}  # slider -> the value the app last wrote to it
        self.dist = dist
        self._coords = {"std": _std_coords(dist)}
        if cov_view:
            self._coords["eigen"] = dist.principal_axes(degrees=True)
        # Standard normals drawn once, at a fixed shape: unwhiten() maps them for
        # each new law without compiling again.
        self._z = BivariateNormal().sample(key, capacity)
        self.sliders = self._make_sliders(n, capacity)
        self._all = np.asarray(self.dist.unwhiten(self._z), dtype=np.float64)
        self.samples = self._all[:n]
        plot_kwargs.setdefault("figsize", (6, 6))
        self.plot = JointPlot(
            self.dist, self.samples, fig=self._new_figure(plot_kwargs), **plot_kwargs
        )
        self.cov_html = w.HTML() if cov_view else None
        self.image = None
        view = self._make_view()
        super().__init__(children=[self._controls(cov_view), view])
        self._show_cov()
        self._render()
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")

    # -- construction -----------------------------------------------------------

    def _make_sliders(self, n, capacity):
        mean_x, mean_y = float(self.dist.mean_x), float(self.dist.mean_y)
        # Each slider's range is the table's, widened to end at the law's value
        # when the law lies outside it (shared with the explorer: _sliders.reaching).
        values = dict(
            zip(
                ("mean_x", "mean_y", *_GROUPS["std"]),
                (mean_x, mean_y, *self._coords["std"]),
                strict=True,
            )
        )
        sliders = {}
        for name, value in values.items():
            s = reaching(name, value)
            sliders[name] = _slider(s.label, s.lo, s.hi, s.step, fmt=_readout(s, value))
        sliders["n"] = _slider("n", 1, capacity, 1, integer=True)
        if "eigen" in self._coords:
            labels = ("&lambda;<sub>1</sub>", "&lambda;<sub>2</sub>")
            eigen = self._coords["eigen"][:2]
            for name, label, value in zip(
                ("lambda1", "lambda2"), labels, eigen, strict=True
            ):
                s = Slider(*_EIG_RANGE, 0.01, label, name)
                s = s._replace(lo=min(s.lo, value), hi=max(s.hi, value))
                sliders[name] = _slider(
                    label, s.lo, s.hi, s.step, fmt=_readout(s, value)
                )
            sliders["angle"] = _slider("&theta; (&deg;)", -90.0, 90.0, 1.0, fmt=".0f")
        for slider in sliders.values():
            slider.description_allow_html = True
        self.sliders = sliders
        sliders["n"].value = n
        self._write(("mean_x", "mean_y"), (mean_x, mean_y))
        for group, coords in self._coords.items():
            self._write(_GROUPS[group], coords)
        return sliders

    def _new_figure(self, plot_kwargs):
        figsize = plot_kwargs.pop("figsize")
        fig = plot_kwargs.pop("fig", None)
        if fig is not None:
            return fig
        import matplotlib.pyplot as plt

        if self._mode == "ipympl":
            with plt.ioff():
                return plt.figure(figsize=figsize)
        fig = plt.figure(figsize=figsize)
        if "inline" in mpl.get_backend().lower():
            # The app shows the figure itself: keep the inline backend from
            # showing a second, static copy at the end of the cell.
            plt.close(fig)
        return fig

    def _make_view(self):
        if self._mode == "ipympl":
            canvas = self.plot.fig.canvas
            canvas.header_visible = False
            canvas.footer_visible = False
            return canvas
        width = round(self.plot.fig.get_figwidth() * self.plot.fig.dpi)
        self._png = PngRenderer(self.plot.fig, static=[self.plot.margin_legend])
        self.image = w.Image(format="png", layout=w.Layout(width=f"{width}px"))
        return self.image

    def _controls(self, cov_view):
        s = self.sliders
        left = w.VBox([s["mean_x"], s["mean_y"], s["n"]])
        std_box = w.VBox([s[name] for name in _GROUPS["std"]])
        if not cov_view:
            return w.HBox([left, std_box])
        eig_box = w.VBox([s[name] for name in _GROUPS["eigen"]])
        tabs = w.Tab(children=[std_box, eig_box])
        tabs.titles = tuple(_TAB_TITLES.values())
        return w.HBox([left, w.VBox([tabs, self.cov_html])])

    # -- updates ----------------------------------------------------------------

    def _write(self, names, values):
        """Show ``values`` on sliders, on their grid, without moving the law."""
        self._writing = True
        try:
            for name, value in zip(names, values, strict=True):
                slider = self.sliders[name]
                shown = _on_grid(slider, min(max(float(value), slider.min), slider.max))
                slider.value = shown
                self._written[name] = shown
        finally:
            self._writing = False

    def _is_echo(self, name, value) -> bool:
        """Whether ``value`` is what the app wrote to slider ``name``, sent back.

        A front end may send back a value that it rounded a little differently
        (in its last bits); a person's move is at least one step away.
        """
        written = self._written.get(name)
        step = float(self.sliders[name].step)
        return written is not None and abs(float(value) - written) <= 1e-6 * step

    def _on_change(self, change):
        if self._writing:
            return
        name = next(k for k, v in self.sliders.items() if v is change["owner"])
        if self._is_echo(name, change["new"]):
            return
        self._written.pop(name, None)
        if name == "n":
            self.samples = self._all[: change["new"]]
            self._redraw()
            return
        try:
            self._move(name, float(change["new"]))
        except ValueError:
            # A law the float dtype cannot hold (a needle in float32): the slider
            # goes back to where the law is.
            group = next((g for g, names in _GROUPS.items() if name in names), None)
            names = _GROUPS[group] if group else (name,)
            self._write(names, self._coords[group] if group else (change["old"],))
            return
        self._all = np.asarray(self.dist.unwhiten(self._z), dtype=np.float64)
        self.samples = self._all[: self.sliders["n"].value]
        self._redraw()

    def _move(self, name, value):
        """Change the law as far as a move of slider ``name`` to ``value`` asks."""
        if name in ("mean_x", "mean_y"):
            self.dist = self.dist.replace(**{name: value})
            return
        group = "std" if name in _GROUPS["std"] else "eigen"
        coords = list(self._coords[group])
        coords[_GROUPS[group].index(name)] = value
        mean = (self.dist.mean_x, self.dist.mean_y)
        if group == "std":
            dist = BivariateNormal(*mean, *coords)
        else:
            dist = BivariateNormal.from_eigen(*mean, *coords, degrees=True)
        self.dist = dist
        self._coords[group] = tuple(coords)
        for other in self._coords:
            if other != group:
                self._coords[other] = (
                    _std_coords(dist)
                    if other == "std"
                    else dist.principal_axes(degrees=True)
                )
                self._write(_GROUPS[other], self._coords[other])

    def update(self, *, remap=True):
        """Redraw the figure for the current law :attr:`dist`.

        Parameters
        ----------
        remap : bool, optional
            Map the standard normals for the law (False when only the sample
            size changed: the rows are reused).
        """
        if remap:
            self._all = np.asarray(self.dist.unwhiten(self._z), dtype=np.float64)
        self.samples = self._all[: self.sliders["n"].value]
        self._redraw()

    def _redraw(self):
        self.plot.update(self.dist, self.samples)
        self._show_cov()
        self._render()

    def beyond_reach(self):
        """The law's parameters that a tab's sliders cannot show.

        Returns
        -------
        dict of str to float
            Slider name to the law's value, for each value outside its slider's
            range (the slider then stands at the nearest end).
        """
        out = {}
        for group, coords in self._coords.items():
            for name, value in zip(_GROUPS[group], coords, strict=True):
                slider = self.sliders[name]
                if not slider.min <= value <= slider.max:
                    out[name] = float(value)
        return out

    def _show_cov(self):
        if self.cov_html is None:
            return
        (a, b), (_, d) = np.asarray(self.dist.cov, dtype=np.float64)
        lambda1, lambda2, angle = self.dist.principal_axes(degrees=True)
        notes = []
        for name, value in self.beyond_reach().items():
            slider = self.sliders[name]
            group = "std" if name in _GROUPS["std"] else "eigen"
            notes.append(
                f"{slider.description} = {value:.3g} is beyond the "
                f"&ldquo;{_TAB_TITLES[group]}&rdquo; sliders "
                f"[{slider.min:.3g}, {slider.max:.3g}]"
            )
        note = "".join(
            f"<br><span class='bivnorm-beyond' style='color: #a33'>{text}</span>"
            for text in notes
        )
        self.cov_html.value = (
            "<div style='font-family: monospace; line-height: 1.3'>"
            f"Σ = [[{a:6.3f}, {b:6.3f}],<br>"
            f"&nbsp;&nbsp;&nbsp;&nbsp; [{b:6.3f}, {d:6.3f}]]<br>"
            f"λ = {lambda1:.3f}, {lambda2:.3f} &nbsp; θ = {angle:.0f}°{note}</div>"
        )

    def _render(self):
        fig = self.plot.fig
        if self._mode == "ipympl":
            fig.canvas.draw_idle()
        elif self._mode == "image":
            # Ticks and labels are redrawn only when a view limit moves.
            self.image.value = self._png.render()

    def __repr__(self) -> str:
        # A short text form (scripts, sphinx-gallery); Jupyter shows the widget.
        values = ", ".join(f"{k}={v.value:.4g}" for k, v in self.sliders.items())
        return f"SliderApp({values})"


def _std_coords(dist):
    """``(std_x, std_y, rho)`` of ``dist`` as float64 Python floats."""
    return tuple(float(getattr(dist, name)) for name in _GROUPS["std"])


def slider_app(
    dist=None, n=500, key=0, capacity=5000, *, cov_view=True, render="auto", **kwargs
):
    r"""Sliders that vary the mean and the covariance of a bivariate normal law.

    Parameters
    ----------
    dist : BivariateNormal, optional
        Initial law; the standard one by default. A slider whose parameter lies
        outside its range (``bivnorm._sliders.SLIDERS``) is widened to end at
        that value, which it then shows exactly; every value of every slider
        is still a valid law.
    n : int, optional
        Initial sample size, between 1 and ``capacity``.
    key : int or PRNG key, optional
        Randomness of the ``capacity`` standard normals drawn once.
    capacity : int, optional
        Largest sample size (the top of the ``n`` slider).
    cov_view : bool, optional
        Show the covariance matrix and a second tab that sets it through its
        eigenvalues :math:`\lambda_1, \lambda_2 > 0` and the angle :math:`\theta`
        of the first principal axis.
    render : {"auto", "image", "ipympl", "none"}, optional
        How the figure is shown: ``"ipympl"`` puts the interactive canvas in the
        app (the default when matplotlib's backend is ipympl's ``widget``),
        ``"image"`` re-renders a PNG into an :class:`ipywidgets.Image` on each
        move (flicker-free with the inline backend, and in JupyterLite),
        ``"none"`` only updates the figure.
    **kwargs
        Passed to :class:`~bivnorm.plotting.JointPlot` (``figsize``,
        ``ellipses``, ``conditional``, ...).

    Returns
    -------
    SliderApp
        An :class:`ipywidgets.VBox` with ``.sliders`` (a dict) and ``.plot``.

    Examples
    --------
    >>> from bivnorm.widgets import slider_app
    >>> app = slider_app(n=300)
    >>> app.sliders["rho"].value = 0.8  # the figure follows, as with a drag
    """
    return SliderApp(dist, n, key, capacity, cov_view=cov_view, render=render, **kwargs)
