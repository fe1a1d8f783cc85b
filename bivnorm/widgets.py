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
:math:`\theta` of the first principal axis. Moving a slider of one group rebuilds
the law from that group and updates the other group to match.

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
from ._validation import check_count, check_law
from .bivariate import BivariateNormal
from .plotting import JointPlot

__all__ = ["SliderApp", "eigen_to_std", "slider_app", "std_to_eigen"]

_STD_RANGE = (0.2, 3.0)
_RHO_LIMIT = 0.95
_MEAN_RANGE = (-3.0, 3.0)
# Eigenvalues are variances along the principal axes: the same range as
# the squares of the standard deviation sliders.
_EIG_RANGE = (_STD_RANGE[0] ** 2, _STD_RANGE[1] ** 2)
_STD_GROUP = ("std_x", "std_y", "rho")
_EIG_GROUP = ("lambda1", "lambda2", "angle")


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


def eigen_to_std(lambda1, lambda2, angle):
    r"""Standard deviations and correlation from eigenvalues and an angle.

    Parameters
    ----------
    lambda1, lambda2 : float
        Variances along the first and second principal axes, both positive.
    angle : float
        Angle of the first principal axis from the x-axis, in degrees.

    Returns
    -------
    std_x, std_y, rho : float
    """
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    var_x = lambda1 * c * c + lambda2 * s * s
    var_y = lambda1 * s * s + lambda2 * c * c
    std_x, std_y = math.sqrt(var_x), math.sqrt(var_y)
    return std_x, std_y, (lambda1 - lambda2) * c * s / (std_x * std_y)


def std_to_eigen(std_x, std_y, rho):
    r"""Eigenvalues and the angle of the first principal axis of the covariance.

    Parameters
    ----------
    std_x, std_y : float
        Standard deviations.
    rho : float
        Correlation.

    Returns
    -------
    lambda1, lambda2, angle : float
        The larger eigenvalue (along ``angle``, in degrees, in (-90, 90]) and the
        smaller one.
    """
    var_x, var_y, cov = std_x * std_x, std_y * std_y, rho * std_x * std_y
    half_trace, half_gap = 0.5 * (var_x + var_y), math.hypot(0.5 * (var_x - var_y), cov)
    angle = 0.5 * math.degrees(math.atan2(2.0 * cov, var_x - var_y))
    return half_trace + half_gap, max(half_trace - half_gap, 0.0), angle


def _slider(description, value, lo, hi, step, *, fmt=".2f", integer=False):
    cls = w.IntSlider if integer else w.FloatSlider
    kwargs = {} if integer else {"readout_format": fmt}
    return cls(
        value=value,
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
        The covariance matrix, its eigenvalues and angle.
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
        self._updating = False
        self._driver = "std"
        # Standard normals drawn once, at a fixed shape: unwhiten() maps them for
        # each new law without compiling again.
        self._z = BivariateNormal().sample(key, capacity)
        self.sliders = self._make_sliders(dist, n, capacity, cov_view=cov_view)
        self.dist = self._dist_from_sliders()
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

    def _make_sliders(self, dist, n, capacity, *, cov_view):
        mean_x, mean_y = float(dist.mean_x), float(dist.mean_y)
        std_x, std_y, rho = float(dist.std_x), float(dist.std_y), float(dist.rho)
        lo_mean = min(_MEAN_RANGE[0], math.floor(min(mean_x, mean_y)))
        hi_mean = max(_MEAN_RANGE[1], math.ceil(max(mean_x, mean_y)))
        lo_std = min(_STD_RANGE[0], std_x, std_y)
        hi_std = max(_STD_RANGE[1], std_x, std_y)
        rho_limit = max(_RHO_LIMIT, abs(rho))
        sliders = {
            "mean_x": _slider("&mu;<sub>x</sub>", mean_x, lo_mean, hi_mean, 0.05),
            "mean_y": _slider("&mu;<sub>y</sub>", mean_y, lo_mean, hi_mean, 0.05),
            "std_x": _slider("&sigma;<sub>x</sub>", std_x, lo_std, hi_std, 0.05),
            "std_y": _slider("&sigma;<sub>y</sub>", std_y, lo_std, hi_std, 0.05),
            "rho": _slider("&rho;", rho, -rho_limit, rho_limit, 0.01),
            "n": _slider("n", n, 1, capacity, 1, integer=True),
        }
        if cov_view:
            lambda1, lambda2, angle = std_to_eigen(std_x, std_y, rho)
            lo_eig, hi_eig = min(_EIG_RANGE[0], lambda2), max(_EIG_RANGE[1], lambda1)
            sliders["lambda1"] = _slider(
                "&lambda;<sub>1</sub>", lambda1, lo_eig, hi_eig, 0.01
            )
            sliders["lambda2"] = _slider(
                "&lambda;<sub>2</sub>", lambda2, lo_eig, hi_eig, 0.01
            )
            sliders["angle"] = _slider(
                "&theta; (&deg;)", angle, -90.0, 90.0, 1.0, fmt=".0f"
            )
        for slider in sliders.values():
            slider.description_allow_html = True
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
        std_box = w.VBox([s["std_x"], s["std_y"], s["rho"]])
        if not cov_view:
            return w.HBox([left, std_box])
        eig_box = w.VBox([s["lambda1"], s["lambda2"], s["angle"]])
        tabs = w.Tab(children=[std_box, eig_box])
        tabs.titles = ("std and correlation", "eigenvalues and angle")
        return w.HBox([left, w.VBox([tabs, self.cov_html])])

    # -- updates ----------------------------------------------------------------

    def _on_change(self, change):
        if self._updating:
            return
        name = next(k for k, v in self.sliders.items() if v is change["owner"])
        if name in _STD_GROUP:
            self._driver = "std"
        elif name in _EIG_GROUP:
            self._driver = "eigen"
        self.update(remap=name != "n")

    def _dist_from_sliders(self):
        value = {name: slider.value for name, slider in self.sliders.items()}
        if self._driver == "eigen":
            std_x, std_y, rho = eigen_to_std(
                value["lambda1"], value["lambda2"], value["angle"]
            )
        else:
            std_x, std_y, rho = value["std_x"], value["std_y"], value["rho"]
        return BivariateNormal(
            float(value["mean_x"]),
            float(value["mean_y"]),
            float(std_x),
            float(std_y),
            float(rho),
        )

    def update(self, *, remap=True):
        """Rebuild the law from the sliders and redraw.

        Parameters
        ----------
        remap : bool, optional
            Map the standard normals for the new parameters (False when only the
            sample size changed: the rows are reused).
        """
        self.dist = self._dist_from_sliders()
        if remap:
            self._all = np.asarray(self.dist.unwhiten(self._z), dtype=np.float64)
        self.samples = self._all[: self.sliders["n"].value]
        self._sync_other_group()
        self.plot.update(self.dist, self.samples)
        self._show_cov()
        self._render()

    def _sync_other_group(self):
        """Show the current law on the group of sliders that did not drive it."""
        params = (float(self.dist.std_x), float(self.dist.std_y), float(self.dist.rho))
        if self._driver == "eigen":
            names, values = _STD_GROUP, params
        elif "lambda1" in self.sliders:
            names, values = _EIG_GROUP, std_to_eigen(*params)
        else:
            return
        self._updating = True
        try:
            # Out-of-range values are clipped by the sliders; the law is always
            # rebuilt from the group that is moved, so it stays what it shows.
            for name, value in zip(names, values, strict=True):
                self.sliders[name].value = value
        finally:
            self._updating = False

    def _show_cov(self):
        if self.cov_html is None:
            return
        (a, b), (_, d) = np.asarray(self.dist.cov, dtype=np.float64)
        lambda1, lambda2, angle = std_to_eigen(
            float(self.dist.std_x), float(self.dist.std_y), float(self.dist.rho)
        )
        self.cov_html.value = (
            "<div style='font-family: monospace; line-height: 1.3'>"
            f"Σ = [[{a:6.3f}, {b:6.3f}],<br>"
            f"&nbsp;&nbsp;&nbsp;&nbsp; [{b:6.3f}, {d:6.3f}]]<br>"
            f"λ = {lambda1:.3f}, {lambda2:.3f} &nbsp; θ = {angle:.0f}°</div>"
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


def slider_app(
    dist=None, n=500, key=0, capacity=5000, *, cov_view=True, render="auto", **kwargs
):
    r"""Sliders that vary the mean and the covariance of a bivariate normal law.

    Parameters
    ----------
    dist : BivariateNormal, optional
        Initial law; the standard one by default. Slider ranges widen to include
        it.
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
