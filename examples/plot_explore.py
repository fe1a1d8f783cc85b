r"""
Explore the bivariate normal
============================

.. explorer::
   :std_x: 1.2
   :std_y: 0.8
   :rho: 0.6
   :n: 1000
   :capacity: 10000

Move the sliders (mouse, touch or keyboard) and the points glide, the marginals
and both conditionals follow, and the 50, 90 and 99 % ellipses turn. Click or tap
the plot to add your own points and compare their fitted law with the true one,
try a real data set from the presets, or press *Play*. It all runs in this page.
"""

# %%
# The explorer
# ------------
# :func:`bivnorm.explorer` returns an :class:`~bivnorm.Explorer`: a widget in
# Jupyter, JupyterLite or VS Code (``ex.rho``, ``ex.points`` follow the page),
# and the same figure, with no kernel, on a static page like this one. The
# explorer at the top of this page is this one (shown first, so that it fits
# on the screen as the page opens); in a notebook, end the cell with ``ex``.
import matplotlib.pyplot as plt
import numpy as np

import bivnorm as bn

ex = bn.explorer(bn.BivariateNormal(std_x=1.2, std_y=0.8, rho=0.6), n=1000, key=0)

# %%
# How it works, and what the readout says
# ---------------------------------------
# The standard normals behind the points are drawn once, by bivnorm's own
# sampler from ``key``, and mapped through :math:`\mu + L z` for every new law,
# so the points move instead of being drawn anew (*Redraw* draws fresh ones).
# The table beside the sliders compares the law with the drawn sample's moments
# and with the maximum-likelihood fit of your points; under it are the covariance
# matrix, its eigenvalues and the tilt of the first principal axis. From Python,
# the same numbers come from ``ex.dist``, and ``BivariateNormal.fit(ex.points)``
# is the fitted law; setting a trait moves the slider in a live front end.
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
plt.show()


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
