r"""
Sliders for the mean and the covariance
=======================================

An ipywidgets app that varies the two means, the two standard deviations, the
correlation and the sample size, and redraws the samples with their true marginal
densities as you drag. Every slider range keeps the covariance matrix positive
definite, and a second tab sets that matrix through its eigenvalues and a rotation
angle instead.
"""

# %%
# The app
# -------
# It draws with matplotlib in a Python kernel: use it for the matplotlib figure
# itself (its styling, a :class:`~bivnorm.JointPlot` to save or to extend) or for
# the eigenvalue tab. For exploring, :func:`bivnorm.explorer`
# (:ref:`sphx_glr_auto_examples_plot_explore.py`) draws in the page, live even on
# this static site with no kernel, and is faster to drag.
#
# :func:`bivnorm.slider_app` returns a widget with ``.sliders`` (a dict)
# and ``.plot``, the :class:`~bivnorm.JointPlot` it drives. This page is
# static, so it shows the app's first figure; the *Launch JupyterLite* button
# above opens the live app in your browser, with nothing to install.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

app = bn.slider_app(n=500, key=0)
app

# %%
# Moving the sliders from code
# ----------------------------
# Setting a slider's value does exactly what a drag does. The standard normals
# behind the points were drawn once, so the points move with the parameters
# instead of being drawn anew, and the sample-size slider shows the first ``n``
# of them: nothing is recompiled as you drag.
app.sliders["rho"].value = 0.8
app.sliders["std_y"].value = 1.5
print(app.dist)
print("covariance matrix:\n", np.asarray(app.dist.cov).round(3))

# %%
# The covariance through its eigenvalues
# --------------------------------------
# The second tab writes :math:`\Sigma = R(\theta)\,\mathrm{diag}(\lambda_1,
# \lambda_2)\,R(\theta)^\top` with both eigenvalues positive, so no position of
# its sliders makes an invalid matrix (the law is
# :meth:`~bivnorm.BivariateNormal.from_eigen`). Moving them updates the other tab
# too, to its sliders' grid; the law itself is exact.
app.sliders["lambda1"].value = 4.0
app.sliders["lambda2"].value = 0.3
app.sliders["angle"].value = -30.0
for name in ("std_x", "std_y", "rho"):
    print(f"{name:>5} = {float(getattr(app.dist, name)):.3f}")
print("eigenvalues:", np.linalg.eigvalsh(np.asarray(app.dist.cov)).round(3))

# %%
# A few states of the app
# -----------------------
# Four slider settings, each drawn as the app draws it (a
# :class:`~bivnorm.JointPlot` in a subfigure), with one key for the four below
# them. Each state is the app's default (the standard law, 500 points) with the
# one change written on top.
# The points are the same standard normals each time, mapped through each law.
# The four share their axes' limits, so a wider law looks wider.
default = {
    "mean_x": 0.0,
    "mean_y": 0.0,
    "std_x": 1.0,
    "std_y": 1.0,
    "rho": 0.0,
    "n": 500,
}
changes = {
    "the default": {},
    r"$\rho = -0.8$": {"rho": -0.8},
    r"$\sigma_x = 2.5,\ \mu_y = 1$": {"std_x": 2.5, "mean_y": 1.0},
    r"$\rho = 0.5,\ n = 50$": {"rho": 0.5, "n": 50},
}
limits = {"xlim": (-8.0, 8.0), "ylim": (-6.0, 7.0), "density_lim": 0.5}
fig = plt.figure(figsize=(6.2, 7.0))
grid, key = fig.subfigures(2, 1, height_ratios=(6.4, 0.6))
for subfig, (what, change) in zip(
    grid.subfigures(2, 2).flat, changes.items(), strict=True
):
    for name, value in (default | change).items():
        app.sliders[name].value = value
    state = bn.JointPlot(app.dist, app.samples, fig=subfig, **limits)
    state.info_text.set(text=what, fontsize="medium")
    state.legend.remove()  # one key for the four, below them
    state.margin_legend.remove()
handles = [*state.legend.legend_handles, *state.margin_legend.legend_handles]
labels = [t.get_text() for t in (*state.legend.texts, *state.margin_legend.texts)]
key.legend(handles, labels, loc="center", ncols=4, frameon=False)
plt.show()


# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :func:`bivnorm.slider_app`, :class:`bivnorm.JointPlot`
#
# .. tags::
#
#    topic: interactive, topic: covariance, level: beginner
