"""A slider move rendered to PNG against a seaborn rebuild; compilations."""

from __future__ import annotations

import logging
from io import BytesIO

import jax
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from harness import PARAMS, figure_row, paired, row

import bivnorm as bn
from bivnorm.widgets import slider_app

X64 = False
ORDER = 60


def run(quick):
    """The PNG row, where its time goes, and the compile count."""
    reps = 7 if quick else 15
    d = bn.BivariateNormal(*PARAMS)
    xy = np.asarray(d.sample(1, 500), dtype=np.float64)
    app = slider_app(d, n=500, render="image")
    rhos = np.linspace(-0.8, 0.8, 9)
    moves = iter(range(10**6))

    def move():
        # The app renders a PNG of the figure on each move (render="image").
        app.sliders["rho"].value = float(rhos[next(moves) % len(rhos)])
        return app.image.value

    def seaborn_rebuild():
        grid = sns.jointplot(x=xy[:, 0], y=xy[:, 1])
        grid.figure.savefig(BytesIO(), format="png")
        plt.close(grid.figure)

    ours, theirs = paired(move, seaborn_rebuild, reps=reps)
    size = tuple(app.plot.fig.get_size_inches())
    # Where the time goes: the update of the artists, and the PNG render.
    quiet = slider_app(d, n=500, render="none")

    def update_only():
        quiet.sliders["rho"].value = float(rhos[next(moves) % len(rhos)])

    def png_only():
        app.plot.fig.savefig(BytesIO(), format="png")

    update, png = paired(update_only, png_only, reps=reps)
    info = {
        "slider_update_without_render_s": update["median"],
        "slider_png_render_s": png["median"],
        "slider_png_render_over_seaborn": png["median"] / theirs["median"],
    }
    png_row = row(
        "slider_png",
        "slider update: set a slider, render the figure to PNG",
        "seaborn.jointplot of 500 points rebuilt + savefig PNG",
        ours,
        theirs,
        kind="fraction",
        goal=("<=", 0.35),
        note=f"both {size[0]:g}x{size[1]:g} in at {plt.rcParams['figure.dpi']:g} "
        "dpi, Agg",
    )
    return {"rows": [png_row, compile_count(d)], "info": info}


class _CompileLog(logging.Handler):
    """Counts JAX's "Compiling ..." log lines."""

    def __init__(self):
        super().__init__()
        self.records = 0

    def emit(self, record):
        if "Compiling" in record.getMessage():
            self.records += 1


def compile_count(d):
    """Compilations over 100 slider moves after the first render, ``n`` included.

    Counted twice: JAX's backend-compile events, and the lines of its compile log.
    """
    compiles = []
    jax.monitoring.register_event_duration_secs_listener(
        lambda event, _secs, **_kw: (
            compiles.append(event)
            if event == "/jax/core/compile/backend_compile_duration"
            else None
        )
    )
    jax.config.update("jax_log_compiles", True)
    logger, log = logging.getLogger("jax"), _CompileLog()
    logger.addHandler(log)
    propagate, logger.propagate = logger.propagate, False
    fresh = slider_app(d, n=500, render="image")
    compiles.clear()
    log.records = 0
    rng = np.random.default_rng(0)
    names = list(fresh.sliders)
    for i in range(100):
        slider = fresh.sliders[names[i % len(names)]]
        value = rng.uniform(slider.min, slider.max)
        slider.value = round(value) if isinstance(slider.value, int) else value
    logger.removeHandler(log)
    logger.propagate = propagate
    count = len(compiles)
    # The counter works: a sample size not seen before compiles the sampler.
    d.sample(0, 4321)
    sanity = len(compiles) - count
    return figure_row(
        "slider_compiles",
        "compilations over 100 slider moves, n included",
        count,
        "",
        goal=("==", 0),
        note=f"after the first render (compile log lines: {log.records}; "
        f"a new sample size afterwards: {sanity}); moved: {', '.join(names)}",
    )
