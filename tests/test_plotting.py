"""Figures: true marginals, scatter, in-place updates, ellipse coverage, surface."""

from __future__ import annotations

import io

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from _helpers import SETTINGS, host
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.path import Path as MplPath
from scipy import stats

P0 = {"mean_x": 0.5, "mean_y": -0.3, "std_x": 1.2, "std_y": 0.8, "rho": 0.6}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def pl(bn):
    """``bivnorm.plotting`` on the backend of ``bn``."""
    return bn.plotting


def make(bn, pl, n=400, key=0, **kwargs):
    dist = bn.BivariateNormal(**P0)
    samples = host(dist.sample(key, n))
    return dist, samples, pl.JointPlot(dist, samples, **kwargs)


def test_marginal_lines_are_the_analytic_pdfs(bn, pl):
    _, _, plot = make(bn, pl)
    x, pdf_x = plot.pdf_x.get_data()
    pdf_y, y = plot.pdf_y.get_data()
    np.testing.assert_allclose(pdf_x, stats.norm.pdf(x, 0.5, 1.2), rtol=1e-12)
    np.testing.assert_allclose(pdf_y, stats.norm.pdf(y, -0.3, 0.8), rtol=1e-12)
    # The curves span the whole view, whatever the samples.
    assert (x[0], x[-1]) == pytest.approx(plot.ax_joint.get_xlim())
    assert (y[0], y[-1]) == pytest.approx(plot.ax_joint.get_ylim())


def test_conditional_slice_is_the_analytic_conditional(bn, pl):
    _, _, plot = make(bn, pl, conditional=1.0)
    pdf, y = plot.slice_pdf.get_data()
    mean = -0.3 + 0.6 * 0.8 / 1.2 * (1.0 - 0.5)
    std = 0.8 * np.sqrt(1 - 0.6**2)
    np.testing.assert_allclose(pdf, stats.norm.pdf(y, mean, std), rtol=1e-12)
    assert plot.slice_line.get_xdata()[0] == 1.0


def test_scatter_offsets_are_the_samples(bn, pl):
    _, samples, plot = make(bn, pl)
    np.testing.assert_array_equal(plot.scatter.get_offsets(), samples)
    assert plot.mean_marker.get_data() == ([0.5], [-0.3])


def test_histograms_are_normalised_densities(bn, pl):
    _, samples, plot = make(bn, pl, n=1000)
    for patch, values in ((plot.hist_x, samples[:, 0]), (plot.hist_y, samples[:, 1])):
        heights, edges = patch.get_data().values, patch.get_data().edges
        assert len(heights) == 40
        assert np.sum(heights * np.diff(edges)) == pytest.approx(1.0)
        counts, _ = np.histogram(values, edges)
        np.testing.assert_allclose(heights, counts / (1000 * np.diff(edges)))


def artists_of(plot):
    """Every figure, axes and artist that an update must keep."""
    return [
        plot.fig,
        plot.ax_joint,
        plot.ax_marg_x,
        plot.ax_marg_y,
        plot.scatter,
        plot.mean_marker,
        plot.pdf_x,
        plot.pdf_y,
        plot.hist_x,
        plot.hist_y,
        plot.slice_line,
        plot.slice_pdf,
        plot.legend,
        *plot.ellipse_lines,
    ]


def test_update_changes_data_in_place(bn, pl):
    dist, _, plot = make(bn, pl, conditional=0.0)
    artists = artists_of(plot)
    children = [len(ax.get_children()) for ax in plot.fig.axes]
    before = {
        "offsets": plot.scatter.get_offsets().copy(),
        "pdf_x": plot.pdf_x.get_ydata().copy(),
        "ellipse": plot.ellipse_lines[0].get_xydata().copy(),
        "slice": plot.slice_pdf.get_xdata().copy(),
        "hist": plot.hist_x.get_data().values.copy(),
    }
    new = dist.replace(mean_x=1.0, std_x=2.0, rho=-0.4)
    new_samples = host(new.sample(7, 250))
    assert plot.update(new, new_samples) is plot
    after = artists_of(plot)
    assert all(a is b for a, b in zip(artists, after, strict=True))
    assert [len(ax.get_children()) for ax in plot.fig.axes] == children
    assert plt.get_fignums() == [plot.fig.number]
    np.testing.assert_array_equal(plot.scatter.get_offsets(), new_samples)
    assert not np.allclose(plot.pdf_x.get_ydata(), before["pdf_x"])
    assert not np.allclose(plot.ellipse_lines[0].get_xydata(), before["ellipse"])
    assert not np.allclose(plot.slice_pdf.get_xdata(), before["slice"])
    assert not np.allclose(plot.hist_x.get_data().values, before["hist"])
    x, pdf_x = plot.pdf_x.get_data()
    np.testing.assert_allclose(pdf_x, stats.norm.pdf(x, 1.0, 2.0), rtol=1e-12)
    assert plot.dist is new


def test_update_without_samples_clears_them(bn, pl):
    dist, _, plot = make(bn, pl)
    plot.update(dist)
    assert plot.scatter.get_offsets().shape == (0, 2)
    assert not np.any(plot.hist_x.get_data().values)
    assert plot.samples is None


def test_view_is_stable_then_follows(bn, pl):
    dist, samples, plot = make(bn, pl, n=300)
    xlim, ylim = plot.ax_joint.get_xlim(), plot.ax_joint.get_ylim()
    top = plot.ax_marg_x.get_ylim()
    # A small change of the parameters leaves every axis alone.
    nudged = dist.replace(mean_x=0.55, rho=0.62)
    plot.update(nudged, host(nudged.unwhiten(dist.whiten(samples))))
    assert plot.ax_joint.get_xlim() == xlim
    assert plot.ax_joint.get_ylim() == ylim
    assert plot.ax_marg_x.get_ylim() == top
    # A large one moves the view so that samples and curves stay in it.
    moved = dist.replace(mean_x=8.0, std_y=3.0)
    moved_samples = host(moved.sample(3, 300))
    plot.update(moved, moved_samples)
    (x0, x1), (y0, y1) = plot.ax_joint.get_xlim(), plot.ax_joint.get_ylim()
    assert x0 < moved_samples[:, 0].min() <= moved_samples[:, 0].max() < x1
    assert y0 < moved_samples[:, 1].min() <= moved_samples[:, 1].max() < y1
    assert x0 < 8.0 - 3 * 1.2
    assert x1 > 8.0 + 3 * 1.2
    peak = stats.norm.pdf(0.0, 0.0, 3.0)
    assert peak < plot.ax_marg_y.get_xlim()[1] < 2 * peak


def test_fixed_limits(bn, pl):
    dist, samples, plot = make(bn, pl, xlim=(-9, 9), ylim=(-8, 8), density_lim=1.0)
    plot.update(dist.replace(std_x=2.5), samples)
    assert plot.ax_joint.get_xlim() == (-9, 9)
    assert plot.ax_joint.get_ylim() == (-8, 8)
    assert plot.ax_marg_x.get_ylim() == (0, 1.0)
    assert plot.ax_marg_y.get_xlim() == (0, 1.0)


def test_frame_holds_every_law_and_sample(bn, pl):
    dist, samples, plot = make(bn, pl, n=300)
    laws = [dist, dist.replace(mean_x=4.0, std_y=2.5), dist.replace(rho=-0.9)]
    points = [host(law.unwhiten(dist.whiten(samples))) for law in laws]
    assert plot.frame(laws, points) is plot
    (x0, x1), (y0, y1) = plot.ax_joint.get_xlim(), plot.ax_joint.get_ylim()
    # Centred on the first law's mean, and every law's 99 % region and points in.
    assert (x0 + x1) / 2 == pytest.approx(float(dist.mean_x))
    assert (y0 + y1) / 2 == pytest.approx(float(dist.mean_y))
    for law, xy in zip(laws, points, strict=True):
        assert x0 < xy[:, 0].min()
        assert xy[:, 0].max() < x1
        assert y0 < xy[:, 1].min()
        assert xy[:, 1].max() < y1
        assert x0 < float(law.mean_x) - 3 * float(law.std_x)
        assert x1 > float(law.mean_x) + 3 * float(law.std_x)
    # The marginal curves span the new view, and it stays through updates.
    assert plot.pdf_x.get_xdata()[[0, -1]] == pytest.approx([x0, x1])
    plot.update(laws[1], points[1])
    assert plot.ax_joint.get_xlim() == (x0, x1)
    plot.frame(laws, points, square=True)
    (x0, x1), (y0, y1) = plot.ax_joint.get_xlim(), plot.ax_joint.get_ylim()
    assert x1 - x0 == pytest.approx(y1 - y0)


def test_frame_keeps_fixed_limits_and_refuses_bad_input(bn, pl):
    dist, samples, plot = make(bn, pl, n=50, xlim=(-9, 9))
    plot.frame([dist, dist.replace(mean_y=5.0)])
    assert plot.ax_joint.get_xlim() == (-9, 9)
    assert plot.ax_joint.get_ylim()[1] > 5.0 + 3.0
    with pytest.raises(ValueError, match="laws"):
        plot.frame([])
    with pytest.raises(ValueError, match="samples"):
        plot.frame([dist, dist], [samples])


@pytest.mark.parametrize("prob", [0.5, 0.9, 0.99])
def test_ellipse_coverage_matches_its_probability(bn, pl, prob):
    dist = bn.BivariateNormal(**P0)
    n = 20_000
    samples = host(dist.sample(11, n))
    line = pl.plot_ellipse(dist, prob, ax=plt.figure().add_subplot())
    assert line.get_label() == f"{100 * prob:g} %"
    inside = MplPath(line.get_xydata()).contains_points(samples)
    # Binomial standard error; 4.5 of them keeps false alarms below 1e-5.
    bound = 4.5 * np.sqrt(prob * (1 - prob) / n)
    assert abs(inside.mean() - prob) < bound


def test_joint_legend_names_the_ellipses(bn, pl):
    _, _, plot = make(bn, pl)
    labels = [t.get_text() for t in plot.legend.get_texts()]
    assert labels == ["samples", "50 % ellipse", "90 % ellipse", "99 % ellipse", "mean"]
    margin = [t.get_text() for t in plot.margin_legend.get_texts()]
    assert margin == ["histogram", "true pdf"]


def test_jointplot_draws_n_samples(bn, pl):
    dist = bn.BivariateNormal(**P0)
    plot = pl.jointplot(dist, 5, n=123, hist=False, ellipses=())
    np.testing.assert_array_equal(plot.scatter.get_offsets(), host(dist.sample(5, 123)))
    assert plot.hist_x is None
    assert plot.ellipse_lines == []


def test_jointplot_in_a_subfigure(bn, pl):
    dist = bn.BivariateNormal(**P0)
    fig = plt.figure(figsize=(8, 4))
    left, right = fig.subfigures(1, 2)
    pl.jointplot(dist, 0, n=50, fig=left)
    pl.jointplot(dist.replace(rho=-0.5), 1, n=50, fig=right)
    assert len(fig.axes) == 6
    fig.savefig(io.BytesIO(), format="png")


def test_plot_marginal(bn, pl):
    normal = bn.BivariateNormal(**P0).marginal_y()
    ax = plt.figure().add_subplot()
    line = pl.plot_marginal(normal, ax=ax, orientation="horizontal")
    pdf, y = line.get_data()
    np.testing.assert_allclose(pdf, stats.norm.pdf(y, -0.3, 0.8), rtol=1e-12)
    assert (y[0], y[-1]) == pytest.approx((-0.3 - 3.2, -0.3 + 3.2))
    with pytest.raises(ValueError, match="orientation"):
        pl.plot_marginal(normal, ax=ax, orientation="sideways")


def test_surface(bn, pl):
    dist = bn.BivariateNormal(**P0)
    surf, contourf = pl.surface(dist, num=41)
    ax = surf.axes
    assert ax.name == "3d"
    assert contourf.axes is ax
    # The grid is centred on the mean: its middle value is the peak density.
    peak = 1 / (2 * np.pi * 1.2 * 0.8 * np.sqrt(1 - 0.6**2))
    assert ax.get_zlim()[1] == pytest.approx(1.05 * peak, rel=1e-12)
    assert max(contourf.levels) >= 0.99 * peak
    with pytest.raises(ValueError, match="3-D"):
        pl.surface(dist, ax=plt.figure().add_subplot())


def test_density_grid_is_the_pdf(bn, pl):
    dist = bn.BivariateNormal(**P0)
    x, y = np.linspace(-3, 3, 7), np.linspace(-2, 2, 5)
    grid = host(pl._density_grid(dist, x, y))
    xx, yy = np.meshgrid(x, y)
    expected = stats.multivariate_normal(
        [0.5, -0.3], [[1.44, 0.6 * 1.2 * 0.8], [0.6 * 1.2 * 0.8, 0.64]]
    ).pdf(np.dstack([xx, yy]))
    np.testing.assert_allclose(grid, expected, rtol=1e-12)


def test_figure_renders(bn, pl):
    _, _, plot = make(bn, pl, conditional=0.5)
    buffer = io.BytesIO()
    plot.fig.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


_FIGURE_LAWS = st.tuples(
    st.one_of(st.just(0.0), st.floats(-1e30, 1e30)),
    st.floats(-1e6, 1e6),
    st.integers(-60, 60).map(lambda e: 2.0**e),
    st.integers(-60, 60).map(lambda e: 2.0**e),
    st.one_of(st.sampled_from([0.999999, -0.999999]), st.floats(-0.99, 0.99)),
)


@settings(SETTINGS, max_examples=12)
@given(params=_FIGURE_LAWS)
def test_figures_of_every_valid_law_draw_or_refuse_clearly(bn, width, params):
    """Every valid law (float32 and float64 ranges) draws with no warning, or is
    refused with a message that says why it cannot be drawn."""
    with width():
        d = bn.BivariateNormal(*params)
        figures = {
            "JointPlot": lambda: bn.JointPlot(d, d.sample(0, 50)).fig,
            "plot_ellipse": lambda: bn.plot_ellipse(d).axes.figure,
            "plot_marginal": lambda: bn.plot_marginal(d.marginal_y()).axes.figure,
            "surface": lambda: bn.surface(d, num=20)[0].axes.figure,
        }
        try:
            for name, make in figures.items():
                refusal = _drawn_or_refusal(make)
                assert refusal is None or "cannot be drawn" in refusal, (name, refusal)
        finally:
            plt.close("all")


def _drawn_or_refusal(make):
    """Draw the figure ``make()`` makes; the message of its ValueError, if any."""
    try:
        fig = make()
    except ValueError as err:
        return str(err)
    fig.canvas.draw()
    return None
