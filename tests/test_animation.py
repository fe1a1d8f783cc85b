"""Animation: the parameter paths and the frames they produce."""

from __future__ import annotations

import base64
import io
import re

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from _helpers import run_python
from matplotlib.animation import FuncAnimation
from PIL import Image

from bivnorm import BivariateNormal
from bivnorm.animation import JointPlotAnimation, animate, parameter_path


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def params(law):
    names = ("mean_x", "mean_y", "std_x", "std_y", "rho")
    return tuple(float(getattr(law, name)) for name in names)


def test_rho_path_sweeps_from_minus_to_plus_point_nine():
    laws = parameter_path(path="rho", frames=40)
    rhos = np.array([float(law.rho) for law in laws])
    assert len(laws) == 40
    assert rhos[0] == pytest.approx(-0.9)
    assert rhos.max() == pytest.approx(0.9)
    assert np.all(np.diff(rhos[:21]) > 0)  # up, then back down: a seamless loop
    assert np.all(np.diff(rhos[20:]) < 0)
    assert {params(law)[:4] for law in laws} == {(0.0, 0.0, 1.0, 1.0)}


def test_rotate_path_keeps_the_eigenvalues():
    start = BivariateNormal(1.0, -1.0, 1.5, 0.5, 0.0)
    laws = parameter_path(start, path="rotate", frames=12)
    eig = np.array([law.principal_axes(degrees=True) for law in laws])
    np.testing.assert_allclose(eig[:, 0], 2.25, rtol=1e-12)
    np.testing.assert_allclose(eig[:, 1], 0.25, rtol=1e-10)
    angles = np.arange(12) * 15.0  # half a turn in 12 steps, seen in (-90, 90]
    np.testing.assert_allclose(eig[:, 2], np.where(angles > 90, angles - 180, angles))
    assert {params(law)[:2] for law in laws} == {(1.0, -1.0)}


def test_path_as_a_sequence_and_bad_paths():
    laws = [BivariateNormal(rho=r) for r in (0.1, 0.2)]
    assert parameter_path(path=laws) == laws
    with pytest.raises(ValueError, match="path"):
        parameter_path(path="spin")
    with pytest.raises(ValueError, match="path"):
        parameter_path(path=[])
    with pytest.raises(ValueError, match="frames"):
        parameter_path(path="rho", frames=0)


def frame_pngs(html):
    """The PNG frames embedded in the HTML player of ``to_jshtml``."""
    found = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=\\\n]+)", html)
    return [base64.b64decode(f.replace("\\\n", "").replace("\\", "")) for f in found]


@pytest.mark.parametrize("path", ["rho", "rotate"])
def test_animation_produces_its_frames(path):
    anim = animate(path=path, frames=5, n=60, figsize=(2.5, 2.5), dpi=40)
    assert isinstance(anim, JointPlotAnimation)
    assert isinstance(anim, FuncAnimation)
    plot = anim.plot
    artists = (plot.scatter, *plot.ellipse_lines, plot.pdf_x)
    xlim, ylim = plot.ax_joint.get_xlim(), plot.ax_joint.get_ylim()
    frames = frame_pngs(anim.to_jshtml())
    assert len(frames) == 5
    assert all(f.startswith(b"\x89PNG") for f in frames)
    # One picture per law: the rho sweep goes up and back down, the turn does not.
    laws = {tuple(np.round(params(law), 9)) for law in anim.laws}
    assert len(set(frames)) == len(laws)
    assert len(set(frames)) == (3 if path == "rho" else 5)
    # The frames drove the same JointPlot: same artists, the last law drawn.
    assert anim.plot is plot
    assert (plot.scatter, *plot.ellipse_lines, plot.pdf_x) == artists
    assert plot.dist is anim.laws[-1]
    z = BivariateNormal().sample(0, 60)
    np.testing.assert_allclose(
        plot.scatter.get_offsets(), np.asarray(anim.laws[-1].unwhiten(z))
    )
    # The axes stay still while the law moves.
    assert plot.ax_joint.get_xlim() == xlim
    assert plot.ax_joint.get_ylim() == ylim


def test_default_animation_is_small_enough_to_embed():
    anim = animate(frames=40)
    assert len(anim.laws) == 40
    assert tuple(anim.plot.fig.get_size_inches() * anim.plot.fig.dpi) == (432, 432)
    # Render one frame only: the size of the player is this times the frames.
    anim._draw_was_started = True  # not rendered in full: no warning about it
    buffer = io.BytesIO()
    anim.plot.fig.savefig(buffer, format="png")
    assert len(buffer.getvalue()) < 80_000


def test_saving_draws_the_axes_once_and_blits_each_frame():
    anim = animate(frames=5, n=50)
    draws = []
    anim.plot.fig.canvas.mpl_connect("draw_event", draws.append)
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 5
    # One full draw for the axes (a plain FuncAnimation draws each frame twice);
    # the frames are blitted onto it.
    assert len(draws) == 1
    assert "draw_idle" not in vars(anim.plot.fig.canvas)  # restored after saving
    assert "savefig" not in vars(anim.plot.fig)
    # Shown live (not saving), a frame is still drawn on the canvas.
    anim._draw_next_frame(0, blit=False)
    assert len(draws) == 2


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_blitted_frames_are_full_draws():
    """Each saved frame against a full savefig of the same law: the same pixels,
    but for the antialiasing of a few tick marks drawn over data (see PngRenderer)."""
    anim = animate(frames=6, n=200)
    frames = frame_pngs(anim.to_jshtml())
    for index, png in enumerate(frames):
        anim._draw_law(index)
        buffer = io.BytesIO()
        anim.plot.fig.savefig(buffer, format="png")
        blitted, full = _pixels(png), _pixels(buffer.getvalue())
        assert blitted.shape == full.shape
        assert (blitted != full).any(axis=-1).sum() <= 20, index


def test_other_writers_draw_in_full(tmp_path):
    anim = animate(frames=3, n=40, figsize=(2.0, 2.0), dpi=30)
    anim.save(tmp_path / "law.gif", writer="pillow")
    with Image.open(tmp_path / "law.gif") as gif:
        assert gif.n_frames == 2  # rho = -0.9, 0.45, 0.45: the last two are one
    assert "savefig" not in vars(anim.plot.fig)


def test_animate_does_not_load_ipywidgets():
    code = """
        import sys
        import matplotlib
        matplotlib.use("Agg")
        import bivnorm
        bivnorm.animate
        anim = bivnorm.animate(path="rotate", frames=2, n=10, figsize=(2, 2))
        assert "bivnorm.animation" in sys.modules
        assert "ipywidgets" not in sys.modules, "animate loaded ipywidgets"
        assert "bivnorm.widgets" not in sys.modules
        print("ok")
    """
    assert run_python(code, timeout=120).strip() == "ok"
