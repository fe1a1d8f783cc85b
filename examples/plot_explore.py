r"""
Explore the bivariate normal
============================

Drag the sliders: the two means, the two standard deviations, the correlation
:math:`\rho` and the sample size. The samples glide, the true marginal densities
follow on the top and right axes, and the 50, 90 and 99 % ellipses turn with the
covariance. Drag the red line to move the conditional slice :math:`x_0`, click
the plot to add data and watch the maximum-likelihood ellipse refit, or press
*play*. It all runs in this page, with no kernel and nothing to install.
"""

# %%
# The explorer
# ------------
# :func:`bivnorm.explorer` returns an :class:`~bivnorm.Explorer`. In Jupyter,
# JupyterLite or VS Code it is a widget whose traits follow the sliders
# (``ex.rho``, ``ex.dist``); on a static page like this one it is the same
# figure, drawn by the same small JavaScript module. The standard normals behind
# the points are drawn once, by bivnorm's own sampler from ``key``, and mapped
# through :math:`\mu + L z` for every new law, so the points move instead of being
# drawn anew.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

ex = bn.explorer(bn.BivariateNormal(std_x=1.2, std_y=0.8, rho=0.6), n=1000, key=0)
ex

# %%
# What the sliders read
# ---------------------
# The readout under the sliders is the covariance matrix, its eigenvalues and
# the tilt of the first principal axis. From Python, the same numbers come from
# ``ex.dist``; setting a trait moves the slider in a live front end.
d = ex.dist
print(d)
print("covariance:\n", np.asarray(d.cov).round(3))
print("eigenvalues:", np.linalg.eigvalsh(np.asarray(d.cov)).round(3))
print("E[Y | X = 1] =", float(d.conditional_y(1.0).mean))

# %%
# The same law in matplotlib
# --------------------------
# :class:`~bivnorm.JointPlot` draws the same points (the first ``n`` standard
# normals mapped by the law) with the same true marginals, for figures that go
# into a paper. The points are ``ex.samples``.
plot = bn.JointPlot(d, ex.samples, conditional=1.0)

# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :func:`bivnorm.explorer`, :class:`bivnorm.Explorer`
#    - :class:`bivnorm.BivariateNormal`, :class:`bivnorm.JointPlot`
#
# .. tags::
#
#    topic: interactive, topic: covariance, level: beginner
plt.show()
