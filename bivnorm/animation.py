r"""Animations of a bivariate normal law moving along a path of parameters.

:func:`animate` drives :meth:`bivnorm.plotting.JointPlot.update`, the same method
the sliders use, frame by frame. The samples are one fixed set of standard
normals mapped through each frame's law, so the points move smoothly instead of
being redrawn at random.
"""

from __future__ import annotations

import math
from contextlib import contextmanager

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.colors import to_rgba

from ._blit import PngRenderer
from ._budget import check_bytes, check_count
from ._checks import POSITIVE, check_law, check_number, check_pair
from .bivariate import BivariateNormal
from .plotting import JointPlot

__all__ = ["JointPlotAnimation", "animate", "parameter_path"]


#: The most frames of :func:`parameter_path` and :func:`animate`: ten thousand
#: laws, a few seconds to build (an animation shows a few dozen).
MAX_FRAMES = 10_000


def _check_frames(frames) -> int:
    frames = check_count("frames", frames, minimum=1)
    if frames > MAX_FRAMES:
        msg = f"frames must be at most {MAX_FRAMES}, got frames={frames}"
        raise ValueError(msg)
    return frames


def parameter_path(dist=None, path="rho", frames=40):
    r"""The laws shown by the frames of :func:`animate`.

    Parameters
    ----------
    dist : BivariateNormal, optional
        Starting law. By default the standard law for ``"rho"`` and the law with
        :math:`\sigma_x = 1.5, \sigma_y = 0.5` for ``"rotate"``.
    path : {"rho", "rotate"} or sequence of BivariateNormal, optional
        ``"rho"`` sweeps the correlation from -0.9 to 0.9 and back,
        :math:`\rho_k = -0.9 \cos(2 \pi k / K)`, so that the loop is seamless.
        ``"rotate"`` turns the covariance by half a turn at fixed eigenvalues,
        :math:`\Sigma_k = R(\theta_k) \Sigma_0 R(\theta_k)^\top` with
        :math:`\theta_k = \pi k / K` (a half turn brings it back). A sequence is
        used as is.
    frames : int, optional
        Number of frames :math:`K`, from 1 to :data:`MAX_FRAMES` (ignored for a
        sequence).

    Returns
    -------
    list of BivariateNormal
    """
    if dist is not None:
        check_law("dist", dist, BivariateNormal)
    if not isinstance(path, str):
        laws = list(path)
        if not laws or not all(isinstance(d, BivariateNormal) for d in laws):
            msg = "path must be 'rho', 'rotate' or a non-empty sequence of laws"
            raise ValueError(msg)
        return laws
    frames = _check_frames(frames)
    steps = np.arange(frames) / frames
    if path == "rho":
        dist = BivariateNormal() if dist is None else dist
        rhos = -0.9 * np.cos(2.0 * math.pi * steps)
        return [dist.replace(rho=float(rho)) for rho in rhos]
    if path == "rotate":
        dist = BivariateNormal(std_x=1.5, std_y=0.5) if dist is None else dist
        lambda1, lambda2, angle = dist.principal_axes(degrees=True)
        return [
            BivariateNormal.from_eigen(
                dist.mean_x,
                dist.mean_y,
                lambda1,
                lambda2,
                angle + 180.0 * step,
                degrees=True,
            )
            for step in steps
        ]
    msg = f"path must be 'rho', 'rotate' or a sequence of laws, got path={path!r}"
    raise ValueError(msg)


class JointPlotAnimation(FuncAnimation):
    """A :class:`~bivnorm.plotting.JointPlot` moving along a path of laws.

    What :func:`animate` returns: a :class:`~matplotlib.animation.FuncAnimation`
    (``save``, ``to_jshtml`` and the notebook display work as usual) whose frame
    ``k`` draws ``laws[k]`` with ``samples[k]`` through
    :meth:`~bivnorm.plotting.JointPlot.update`.

    Parameters
    ----------
    plot : JointPlot
        The plot that the frames update.
    laws : sequence of BivariateNormal
        The law of each frame.
    samples : sequence of arrays, shape (n, 2)
        The points of each frame.
    interval : float, optional
        Delay between frames, in milliseconds.

    Attributes
    ----------
    plot : JointPlot
        The plot that the frames update.
    laws : list of BivariateNormal
        The law of each frame.

    Notes
    -----
    :meth:`save` (and so :meth:`~matplotlib.animation.Animation.to_jshtml`)
    draws each frame once, and blits it. Matplotlib's saving loop asks the canvas
    for an idle redraw after each frame and then saves it, which draws it again:
    on a non-interactive canvas the first draw is wasted, and it is half of the
    time (matplotlib issue 18785). No public hook skips it, so while it saves,
    the animation's canvas ignores idle redraws. The writer's PNG frames at the
    figure's resolution (those of the HTML player) then come from the slider
    app's blitted renderer: the axes, ticks and labels are drawn once, and each
    frame draws only what is on them (two thirds of a full draw was text). The
    pixels are those of a full draw; other formats and options go to
    :meth:`~matplotlib.figure.Figure.savefig` as usual.
    """

    def __init__(self, plot, laws, samples, *, interval=100):
        self.plot = plot
        self.laws = list(laws)
        self._samples = list(samples)
        super().__init__(
            plot.fig,
            self._draw_law,
            frames=len(self.laws),
            interval=interval,
            cache_frame_data=False,
        )

    def _draw_law(self, index):
        self.plot.update(self.laws[index], self._samples[index])
        return ()

    def save(self, *args, **kwargs):
        """Save the animation; see :meth:`matplotlib.animation.Animation.save`."""
        fig = self.plot.fig
        # the writer's savefig draws each frame (blitted, below): no idle redraws
        with (
            _overridden(fig.canvas, "draw_idle", _no_redraw),
            _overridden(fig, "savefig", _BlittedFrames(fig)),
        ):
            return super().save(*args, **kwargs)


@contextmanager
def _overridden(obj, name, value):
    """``obj.name = value`` on the instance for a while; then the instance's own
    attribute, if it had one, comes back."""
    own = vars(obj).get(name, _MISSING)
    setattr(obj, name, value)
    try:
        yield
    finally:
        if own is _MISSING:
            delattr(obj, name)
        else:
            setattr(obj, name, own)


_MISSING = object()


class _BlittedFrames:
    """``fig.savefig`` while an animation saves: PNG frames into a file object at
    the figure's resolution come from a :class:`~bivnorm._blit.PngRenderer`."""

    def __init__(self, fig):
        self._fig = fig
        self._savefig = fig.savefig  # the figure's own, before this replaces it
        self._renderer = PngRenderer(fig, compress_level=6)  # savefig's level

    def __call__(self, fname, *, format=None, dpi=None, **kwargs):
        if format == "png" and hasattr(fname, "write") and self._plain(dpi, **kwargs):
            fname.write(self._renderer.render())
            return None
        return self._savefig(fname, format=format, dpi=dpi, **kwargs)

    def _plain(self, dpi, facecolor="auto", transparent=False, **others):
        """Whether a savefig with these options is the canvas as drawn (the saving
        loop passes the figure's own face colour and ``transparent=False``)."""
        auto = isinstance(facecolor, str) and facecolor == "auto"
        return (
            not others
            and not transparent
            and dpi in {None, "figure", self._fig.dpi}
            and (auto or to_rgba(facecolor) == to_rgba(self._fig.get_facecolor()))
        )


def _no_redraw(*args, **kwargs):
    """An idle redraw request, ignored."""


def animate(
    dist=None,
    path="rho",
    frames=40,
    *,
    key=0,
    n=500,
    interval=100,
    figsize=(4.5, 4.5),
    dpi=96,
    **kwargs,
):
    r"""Animate a bivariate normal law along a path of parameters.

    Parameters
    ----------
    dist : BivariateNormal, optional
        Starting law (see :func:`parameter_path`).
    path : {"rho", "rotate"} or sequence of BivariateNormal, optional
        ``"rho"``: the correlation sweeps from -0.9 to 0.9 and back;
        ``"rotate"``: the covariance turns at fixed eigenvalues.
    frames : int, optional
        Number of frames, from 1 to :data:`MAX_FRAMES`. With the defaults (40
        frames of 432 by 432 pixels) the HTML player of
        :meth:`~matplotlib.animation.Animation.to_jshtml` weighs about 3.3 MB.
        Frames whose images (4 bytes a pixel) would not fit in the memory
        budget are refused (see :mod:`bivnorm._budget`), as is a figure of
        ``figsize`` and ``dpi`` that would not.
    key : int or PRNG key, optional
        Randomness of the ``n`` standard normals drawn once.
    n : int, optional
        Number of points.
    interval : float, optional
        Delay between frames, in milliseconds.
    figsize : tuple of float, optional
        Figure size in inches.
    dpi : float, optional
        Figure resolution. The player shows the frames at their pixel size: at
        96 dpi the smallest text (8 pt) is 10.7 CSS pixels.
    **kwargs
        Passed to :class:`~bivnorm.plotting.JointPlot`.

    Returns
    -------
    JointPlotAnimation
        A :class:`~matplotlib.animation.FuncAnimation`; its
        :class:`~bivnorm.plotting.JointPlot` is ``.plot`` and the laws of its
        frames ``.laws``.

    Examples
    --------
    >>> from bivnorm.animation import animate
    >>> anim = animate(path="rotate", frames=12)
    >>> len(anim.laws)
    12
    >>> html = anim.to_jshtml()  # the HTML player that sphinx-gallery embeds
    """
    figsize = check_pair("figsize", figsize, POSITIVE)
    dpi = check_number("dpi", dpi, POSITIVE)
    interval = check_number("interval", interval, POSITIVE)
    pixels = math.ceil(figsize[0] * dpi) * math.ceil(figsize[1] * dpi)
    check_bytes(f"figsize={figsize}, dpi={dpi}", 4 * pixels)
    if isinstance(path, str):
        count = _check_frames(frames)
        check_bytes(f"frames={count} of {pixels} pixels", 4 * pixels * count)
    laws = parameter_path(dist, path, frames)
    import matplotlib.pyplot as plt  # after the checks: a refusal is immediate

    # One (n, 2) float64 array per frame, and the standard normals.
    z = BivariateNormal().sample(
        key, check_count("n", n, item_bytes=16 * len(laws) + 16)
    )
    samples = [np.asarray(law.unwhiten(z), dtype=np.float64) for law in laws]
    if kwargs.get("conditional") is None:
        peak = 1.15 / math.sqrt(2.0 * math.pi)
        kwargs.setdefault(
            "density_lim",
            (
                peak / min(float(law.std_x) for law in laws),
                peak / min(float(law.std_y) for law in laws),
            ),
        )
    fig = plt.figure(figsize=figsize, dpi=dpi)
    plot = JointPlot(laws[0], samples[0], fig=fig, **kwargs)
    # Fixed axes for the whole animation, centred on the first mean: only the
    # law moves. A rotation gets the same scale on both axes, so that it looks
    # like one.
    plot.frame(laws, samples, square=isinstance(path, str) and path == "rotate")
    return JointPlotAnimation(plot, laws, samples, interval=interval)
