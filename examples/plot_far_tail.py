r"""
The far tail
============

Bivariate-probit and tetrachoric likelihoods are sums of logs of small probabilities
:math:`P(X \le h, Y \le k)`. The log of SciPy's CDF dies where that underflows (about
:math:`10^{-308}`) and loses digits well before; :meth:`~bivnorm.BivariateNormal.logcdf`
works in log space throughout. Both are checked against a 20-digit mpmath integral on
maps of :math:`(h, k)`, in float64: ``jax_enable_x64`` is on until the example ends.
"""

# %%
# A reference that does not cancel
# --------------------------------
# Conditioning on :math:`X`, the probability is one integral of positive terms,
# :math:`\int_{-\infty}^{h} \varphi(x)\,\Phi\bigl((k - \rho x)/\sqrt{1-\rho^2}\bigr)
# \,dx`. In mpmath's 20 digits, with no smallest value, Gauss-Legendre on panels growing
# fourfold away from the integrand's peak is good to more digits than float64 holds.
# Log-concavity lets panels stop once the rest is below :math:`10^{-22}` of the sum.
import jax
import matplotlib.pyplot as plt
import mpmath as mp
import numpy as np
from scipy.stats import multivariate_normal

import bivnorm as bn

jax.config.update("jax_enable_x64", True)
with mp.workdps(20):  # 20-point Gauss-Legendre on [0, 1]
    RULE = list(zip(*mp.gauss_quadrature(20, "legendre01"), strict=True))


@mp.workdps(20)
def mp_logcdf(h, k, rho):
    h, k, rho = mp.mpf(h), mp.mpf(k), mp.mpf(rho)
    s = mp.sqrt(1 - rho * rho)

    def slope(x):  # of the log of the integrand
        return -x - rho / s * mp.npdf((k - rho * x) / s) / mp.ncdf((k - rho * x) / s)

    lo, hi = h - 200, h  # bisection for the peak, to 1e-5
    for _ in range(24):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if slope(mid) > 0 else (lo, mid)
    peak = min(h, hi)
    top = mp.ncdf((k - rho * peak) / s)

    def f(x):  # the integrand divided by its value at the peak
        return mp.exp((peak - x) * (peak + x) / 2) * mp.ncdf((k - rho * x) / s) / top

    total = 0
    for side in (1, -1):  # panels 10 * 4^-j from the peak, outwards on each side
        near = peak
        for d in (10 * 0.25**j for j in range(7, -1, -1)):
            far = min(h, peak + d) if side > 0 else peak - d
            width = abs(far - near)
            total += width * mp.fsum(w * f(near + (far - near) * t) for t, w in RULE)
            near = far
            if near >= h or 10 * f(near) < 1e-22 * total:
                break  # log-concave: what is left is below 10 f(near)
    return float(-peak * peak / 2 + mp.log(top / mp.sqrt(2 * mp.pi) * total))


# %%
# Errors on a map of the lower-left quadrant
# ------------------------------------------
# Each panel is a 6 x 6 grid of corners from -60 to 0 standard deviations. The colour
# is the error of :math:`\log P` relative to :math:`\max(1, |\log P|)`; grey marks
# where SciPy's CDF is 0. The dashed line is :math:`k = \rho h`, the mean of :math:`Y`
# given :math:`X = h`: below it the corner is in the tail of that conditional law too.
rhos = (-0.9, 0.3, 0.99)
grid = np.linspace(-60.0, -0.5, 6)
hh, kk = np.meshgrid(grid, grid)
errors = {"bivnorm logcdf": [], "log of SciPy's cdf": []}
for rho in rhos:
    ref = np.empty(hh.shape)
    for i, j in zip(*np.triu_indices(grid.size), strict=True):  # symmetric in h, k
        ref[i, j] = ref[j, i] = mp_logcdf(grid[i], grid[j], rho)
    scipy = multivariate_normal([0, 0], [[1, rho], [rho, 1]])
    with np.errstate(divide="ignore"):
        theirs = np.log(scipy.cdf(np.stack([hh, kk], axis=-1)))
    # flat, as the diagonal below: one shape, so one compilation for the page
    ours = np.asarray(bn.BivariateNormal(rho=rho).logcdf(hh.ravel(), kk.ravel()))
    for label, value in zip(errors, (ours.reshape(hh.shape), theirs), strict=True):
        errors[label].append(np.abs(value - ref) / np.maximum(1.0, np.abs(ref)))

fig, axes = plt.subplots(2, 3, figsize=(6.2, 4.4), layout="constrained")
cmap = plt.get_cmap("viridis").with_extremes(bad="0.8")
for row, (label, maps) in zip(axes, errors.items(), strict=True):
    for ax, rho, err in zip(row, rhos, maps, strict=True):
        shown = np.where(np.isfinite(err), np.log10(np.maximum(err, 1e-17)), np.nan)
        im = ax.pcolormesh(grid, grid, shown, cmap=cmap, vmin=-17, vmax=0)
        ax.plot(grid, rho * grid, color=bn.plotting.ELLIPSE_COLOR, lw=0.8, ls="--")
        ax.set(aspect="equal", ylim=grid[[0, -1]], xlabel="$h$", ylabel=f"{label}\n$k$")
        ax.label_outer()  # axis labels on the outer panels only
    print(f"largest error of {label}: {np.nanmax(maps):.1e}")
for ax, rho in zip(axes[0], rhos, strict=True):
    ax.set_title(f"$\\rho = {rho}$")
label = r"$\log_{10}$ error of $\log P$ / max(1, |log P|)"
fig.colorbar(im, ax=axes, location="bottom", shrink=0.8, label=label)

# %%
# Along the diagonal
# ------------------
# At :math:`h = k`, :math:`\log P` falls like :math:`-h^2/(1+\rho)`; bivnorm follows it
# to -7,700 at (-100, -100) with :math:`\rho = 0.3`, where :math:`P \approx 10^{-3345}`.
diag = np.linspace(-100.0, 0.0, hh.size)
fig, ax = plt.subplots(figsize=(6.4, 3.6))
ours = np.asarray(bn.BivariateNormal(rho=0.3).logcdf(diag, diag))
ax.plot(diag, ours, ".-", color=bn.plotting.SAMPLE_COLOR, label="bivnorm logcdf")
with np.errstate(divide="ignore"):
    sp = np.log(multivariate_normal(cov=[[1, 0.3], [0.3, 1]]).cdf(np.c_[diag, diag]))
ax.plot(diag, sp, "--", color=bn.plotting.ELLIPSE_COLOR, label="log of SciPy's cdf")
ax.set(xlabel="$h = k$", ylabel=r"$\log P(X \leq h, Y \leq h)$")
ax.legend()
print(f"log P at (-100, -100), rho = 0.3: {ours[0]:.2f}")
jax.config.update("jax_enable_x64", False)

# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :class:`bivnorm.BivariateNormal`, :meth:`~bivnorm.BivariateNormal.logcdf`
#    - :data:`scipy.stats.multivariate_normal`, :func:`mpmath.gauss_quadrature`
#
# .. tags::
#
#    topic: probability, level: advanced, needs: jax
