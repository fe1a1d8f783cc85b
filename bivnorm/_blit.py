"""Blitted frames: PNG images of a figure whose axes decorations rarely change.

The slider app re-renders its figure into an image widget on every move. Most of
a full draw goes to the axes decorations, ticks and their labels, which only change
when a view limit does. :class:`PngRenderer` draws them once into a cached
background and, for each frame, restores it and draws only the artists on top of
it (matplotlib's blitting: see its "Faster rendering by using blitting" guide),
then encodes the Agg buffer with a fast zlib level.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

__all__ = ["PngRenderer"]


class PngRenderer:
    """Render a figure to PNG bytes, redrawing its axes only when their limits move.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure on an Agg-based canvas (Agg, inline, ipympl); other canvases
        fall back to a full :meth:`~matplotlib.figure.Figure.savefig` per frame.
    static : sequence of matplotlib.artist.Artist, optional
        More artists to draw into the background, once: ones that never change
        and that nothing drawn later overlaps (a legend outside the axes).
    compress_level : int, optional
        zlib level of the PNG (1 is fastest; matplotlib's default, 6, is slower
        and saves about a fifth of the bytes).

    Notes
    -----
    The background holds the figure and axes patches and the axis objects (ticks,
    tick labels, axis labels). Everything else (data, spines, legends, texts) is
    drawn on top of it in z-order, axes by axes, as a full draw does. The one
    difference from a full draw: artists with a z-order below the axis objects'
    (1.5) are drawn over the ticks instead of under them; the figures here have
    outward ticks and no grid, so the pixels are the same.
    """

    def __init__(self, fig, *, static=(), compress_level=1):
        self.fig = fig
        self.static = tuple(static)
        self.compress_level = int(compress_level)
        self._background = None
        self._state = None

    def _state_now(self):
        """What the background depends on: size, resolution and every view limit."""
        limits = tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.fig.axes)
        return (tuple(self.fig.bbox.size), self.fig.dpi, limits)

    def _foreground(self):
        """The artists drawn on each frame, in drawing order."""
        artists = []
        for ax in sorted(self.fig.axes, key=lambda a: a.get_zorder()):
            fixed = {ax.patch, ax.xaxis, ax.yaxis, *self.static}
            children = [c for c in ax.get_children() if c not in fixed]
            artists += sorted(children, key=lambda a: a.get_zorder())
        on_figure = [
            c
            for c in self.fig.get_children()
            if c is not self.fig.patch
            and c not in self.fig.axes
            and c not in self.static
        ]
        artists += sorted(on_figure, key=lambda a: a.get_zorder())
        return [a for a in artists if a.get_visible()]

    def _draw_background(self, foreground):
        # Animated artists are left out of a draw, except while the canvas saves
        # (an animation's frames): then they are hidden instead.
        saving = self.fig.canvas.is_saving()
        prop, value = ("visible", False) if saving else ("animated", True)
        flags = [getattr(artist, f"get_{prop}")() for artist in foreground]
        for artist in foreground:
            getattr(artist, f"set_{prop}")(value)
        try:
            self.fig.canvas.draw()
        finally:
            for artist, flag in zip(foreground, flags, strict=True):
                getattr(artist, f"set_{prop}")(flag)
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def render(self) -> bytes:
        """The figure as PNG bytes."""
        canvas = self.fig.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            buffer = io.BytesIO()
            pil_kwargs = {"compress_level": self.compress_level}
            self.fig.savefig(buffer, format="png", pil_kwargs=pil_kwargs)
            return buffer.getvalue()
        foreground = self._foreground()
        state = self._state_now()
        if state != self._state:
            self._draw_background(foreground)
            self._state = state
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in foreground:
            artist.draw(renderer)
        width, height = map(int, self.fig.bbox.size)
        image = Image.frombuffer(
            "RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=self.compress_level)
        return buffer.getvalue()
