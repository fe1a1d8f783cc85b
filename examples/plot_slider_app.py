r"""
Sliders for the mean and the covariance
=======================================

An ipywidgets app that varies the two means, the two standard deviations, the
correlation and the sample size, and redraws the samples with their true marginal
densities as you drag. Every slider range keeps the covariance matrix positive
definite, and a second tab sets that matrix through its eigenvalues and a rotation
angle instead.

**Which one to use.** This app draws with matplotlib in a Python kernel: use it
when you want the matplotlib figure itself (its styling, a :class:`~bivnorm.JointPlot`
to save or to extend) or the eigenvalue tab. For exploring, use
:func:`bivnorm.explorer` (:ref:`sphx_glr_auto_examples_plot_explore.py`): it
draws in the page, so it is live even on this static site, with no kernel, and
it is faster to drag.
"""

# %%
# The app
# -------
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
# :class:`~bivnorm.JointPlot` in a subfigure), with its parameters on top. Each
# state is the app's default (the standard law, 500 points) with one change.
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
changes = [{}, {"rho": -0.8}, {"std_x": 2.5, "mean_y": 1.0}, {"rho": 0.5, "n": 50}]
limits = {"xlim": (-8.0, 8.0), "ylim": (-6.0, 7.0), "density_lim": 0.5}
with plt.rc_context({"font.size": 12}):
    fig = plt.figure(figsize=(11, 11))
    for subfig, change in zip(fig.subfigures(2, 2).flat, changes, strict=True):
        for name, value in (default | change).items():
            app.sliders[name].value = value
        state = bn.JointPlot(app.dist, app.samples, fig=subfig, **limits)
        for text in state.margin_legend.get_texts():
            text.set_fontsize("small")
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
