"""Rectangle probabilities of the bivariate normal at 50 digits (mpmath).

The reference of the far-box tests (``tests/data/rect_mpmath.json``, made by
``tests/data/make_rect_mpmath.py``) and of the JS port's browser tests. The
probability is a one-dimensional integral of a log-concave integrand,

.. math::

    P = \\int \\varphi(t)\\,\\bigl[\\Phi(U(t)) - \\Phi(L(t))\\bigr]\\,dt,

over :math:`t = h` with the window of :math:`Z = (Y - \\rho h)/s` when
:math:`|\\rho| \\le 1/\\sqrt2`, and over :math:`t = z = (k - \\rho h)/s` with the
window of :math:`X` otherwise (so that nothing is sharper than the standard
density as :math:`|\\rho| \\to 1`). The integral is split at its kinks and, on each
piece, at the points where the integrand has fallen by 1, 8 and 64 in log from its
maximum (golden section: it is log-concave), then Gauss-Legendre at 50 digits on
the integrand divided by its maximum (mpmath's tolerance is absolute).
"""

from __future__ import annotations

import itertools

import mpmath as mp

DPS = 50
_DROPS = (1, 8, 64)


def _window(lo, hi):
    """P(lo < Z <= hi) for a standard normal Z, in the smaller tail."""
    if hi <= lo:
        return mp.mpf(0)
    if lo + hi > 0:
        lo, hi = -hi, -lo
    return mp.ncdf(hi) - mp.ncdf(lo)


def _log(f, t):
    v = f(t)
    return mp.log(v) if v > 0 else -mp.inf


def _argmax(f, a, b):
    """Golden-section maximum of the log-concave ``f`` on [a, b]."""
    g = (mp.sqrt(5) - 1) / 2
    x1, x2 = b - g * (b - a), a + g * (b - a)
    f1, f2 = _log(f, x1), _log(f, x2)
    for _ in range(60):
        if b - a < mp.mpf(10) ** -12:
            break
        if f1 < f2:
            a, x1, f1 = x1, x2, f2
            x2 = a + g * (b - a)
            f2 = _log(f, x2)
        else:
            b, x2, f2 = x2, x1, f1
            x1 = b - g * (b - a)
            f1 = _log(f, x1)
    return (a + b) / 2


def _drop_point(f, m, level, end):
    """Where ``log f`` falls below ``level``, going from ``m`` to ``end``."""
    if _log(f, end) >= level:
        return end
    a, b = m, end
    for _ in range(30):
        c = (a + b) / 2
        if _log(f, c) >= level:
            a = c
        else:
            b = c
    return (a + b) / 2


def _integrand(h0, h1, k0, k1, r):
    """The integrand, its range and its kinks."""
    s = mp.sqrt((1 - r) * (1 + r))
    if abs(r) <= 1 / mp.sqrt(2):

        def f(t):
            return mp.npdf(t) * _window((k0 - r * t) / s, (k1 - r * t) / s)

        return f, h0, h1, []
    ka, kb = (k0, k1) if r > 0 else (k1, k0)

    def f(t):  # X between its limits and those that k0 < r X + s t <= k1 set
        return mp.npdf(t) * _window(
            max(h0, (ka - s * t) / r), min(h1, (kb - s * t) / r)
        )

    corners = [(k - r * h) / s for h in (h0, h1) for k in (k0, k1)]
    corners = [c for c in corners if not mp.isnan(c)]
    return f, min(corners), max(corners), corners


def rect(h0, h1, k0, k1, r):
    """P(h0 < X <= h1, k0 < Y <= k1), unit variances, correlation r (mpf or float).

    Limits may be infinite; returns an mpf at 50 digits.
    """
    with mp.workdps(DPS):
        h0, h1, k0, k1, r = (mp.mpf(v) for v in (h0, h1, k0, k1, r))
        if h1 <= h0 or k1 <= k0:
            return mp.mpf(0)
        f, lo, hi, kinks = _integrand(h0, h1, k0, k1, r)
        a, b = max(lo, -80), min(hi, 80)  # beyond, phi(t) < 1e-1390
        if a >= b:
            return mp.mpf(0)
        ends = sorted({a, b, *(c for c in kinks if mp.isfinite(c) and a < c < b)})
        total = mp.mpf(0)
        for pa, pb in itertools.pairwise(ends):
            m = _argmax(f, pa, pb)
            top = _log(f, m)
            if top == -mp.inf:
                continue
            splits = {pa, pb, m}
            for drop in _DROPS:
                splits.add(_drop_point(f, m, top - drop, pa))
                splits.add(_drop_point(f, m, top - drop, pb))
            scale = mp.exp(top)
            total += scale * mp.quad(
                lambda t, f=f, scale=scale: f(t) / scale,
                sorted(splits),
                method="gauss-legendre",
            )
        return total


def standardize(value, mean, std):
    """(value - mean) / std of float64 inputs, exactly (at 50 digits)."""
    with mp.workdps(DPS):
        value = mp.mpf(float(value))
        if not mp.isfinite(value):
            return value
        return (value - mp.mpf(float(mean))) / mp.mpf(float(std))


def rect_of_law(law, box):
    """P(x0 < X <= x1, y0 < Y <= y1) for ``law = (mx, my, sx, sy, rho)``."""
    mx, my, sx, sy, rho = law
    x0, x1, y0, y1 = box
    return rect(
        standardize(x0, mx, sx),
        standardize(x1, mx, sx),
        standardize(y0, my, sy),
        standardize(y1, my, sy),
        float(rho),
    )
