"""BivariateNormal against SciPy, mpmath and closed-form identities, both backends.

References are computed here, never hard-coded: SciPy in float64 for moderate
parameters, mpmath at 50 digits (from the exact float64 inputs) where SciPy is
inaccurate or refuses the covariance (|rho| -> 1, standard deviations from 1e-8 to
1e8, means up to 1e6).
"""

from __future__ import annotations

import math
import warnings

import mpmath as mp
import numpy as np
import pytest
from _helpers import EXTREME, MODERATE, SETTINGS, assert_close
from hypothesis import given
from scipy import stats

PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")

# standardized evaluation points: the centre, the axes, the ridge, far out
U = np.array(
    [
        [0.0, 0.0],
        [1.0, 0.0],
        [0.0, -1.0],
        [1.0, 1.0],
        [-1.0, 1.0],
        [2.5, -0.5],
        [-3.0, -3.0],
        [4.0, -4.0],
        [0.3, 5.0],
        [-6.0, 2.0],
    ]
)

moderate, extreme = MODERATE, EXTREME
EXTREME_CASES = [
    (0.0, 1.0, 1.0, 1.4, 0.999999),
    (0.0, 1.0, 1.0, 1.4, -0.999999),
    (1e6, -1e6, 1e-8, 1e-8, 0.999999),
    (1e6, 1e6, 1e-8, 1e8, -0.999999),
    (-1e6, 3.0, 1e8, 1e-8, 0.999999),
    (1e6, 1e6, 1e8, 1e8, 0.5),
    (-1e6, 1e6, 1e-8, 1e-8, 0.0),
]


# -- references ---------------------------------------------------------------------
def points(params, u=U):
    """Evaluation points (x, y) spread like the law: x = mu + L u."""
    mx, my, sx, sy, r = params
    x = mx + sx * u[:, 0]
    y = my + sy * (r * u[:, 0] + math.sqrt((1 - r) * (1 + r)) * u[:, 1])
    return x, y


def cov_of(params):
    _, _, sx, sy, r = params
    return np.array([[sx * sx, r * sx * sy], [r * sx * sy, sy * sy]])


EPS = np.finfo(np.float64).eps


def mp_terms(params, x, y):
    """Whitened (u, w), log normalizer and q = u^2 + w^2 at 50 digits.

    Computed from the exact float64 inputs; also returns s = sqrt(1 - rho^2).
    """
    with mp.workdps(50):
        mx, my, sx, sy, r = (mp.mpf(float(v)) for v in params)
        u = (mp.mpf(float(x)) - mx) / sx
        v = (mp.mpf(float(y)) - my) / sy
        s = mp.sqrt((1 - r) * (1 + r))
        w = (v - r * u) / s
        log_norm = mp.log(2 * mp.pi) + mp.log(sx) + mp.log(sy) + mp.log(s)
        return u, w, s, log_norm, u * u + w * w


def mp_logpdf(params, xs, ys):
    """Exact logpdf, and the tolerance a float64 evaluation can be held to.

    The tolerance is 8 eps times the natural scale of the terms,
    1 + q/2 + |log normalizer|, plus |u w| / s: the rounding of rho * u (one ulp of
    u) is amplified by 1 / s = 1 / sqrt(1 - rho^2) in w, hence by 2 |w| / s in q.
    """
    ref, tol = [], []
    for x, y in zip(xs, ys, strict=True):
        u, w, s, log_norm, q = mp_terms(params, x, y)
        ref.append(float(-log_norm - q / 2))
        tol.append(float(8 * EPS * (1 + q / 2 + abs(log_norm) + abs(u * w) / s)))
    return np.array(ref), np.array(tol)


def mp_mahalanobis(params, xs, ys):
    """Exact Mahalanobis distance and its relative tolerance (see mp_logpdf)."""
    ref, rtol = [], []
    for x, y in zip(xs, ys, strict=True):
        u, w, s, _, q = mp_terms(params, x, y)
        ref.append(float(mp.sqrt(q)))
        rtol.append(float(8 * EPS * (1 + (abs(u * w) / (s * q) if q else 0))))
    return np.array(ref), np.array(rtol)


def mp_logpdf_cov(mean, cov, xs, ys):
    """logpdf of N(mean, cov) at 50 digits from the exact float64 mean and cov."""
    out = []
    with mp.workdps(50):
        m = [mp.mpf(float(v)) for v in mean]
        c = [[mp.mpf(float(v)) for v in row] for row in np.asarray(cov)]
        det = c[0][0] * c[1][1] - c[0][1] * c[1][0]
        for x, y in zip(xs, ys, strict=True):
            dx, dy = mp.mpf(float(x)) - m[0], mp.mpf(float(y)) - m[1]
            q = (
                c[1][1] * dx * dx - (c[0][1] + c[1][0]) * dx * dy + c[0][0] * dy * dy
            ) / det
            out.append(float(-mp.log(2 * mp.pi) - mp.log(det) / 2 - q / 2))
    return np.array(out)


def scipy_logpdf(params, x, y):
    mx, my = params[:2]
    return stats.multivariate_normal([mx, my], cov_of(params)).logpdf(
        np.stack([x, y], axis=-1)
    )


def make(bn, params):
    return bn.BivariateNormal(*params)


# -- construction and parameters -------------------------------------------------------
def test_defaults_standard(bn):
    d = bn.BivariateNormal()
    for name, value in zip(PARAMS, (0.0, 0.0, 1.0, 1.0, 0.0), strict=True):
        assert float(getattr(d, name)) == value
    np.testing.assert_array_equal(np.asarray(d.cov), np.eye(2))


def test_positional_order_and_keywords(bn):
    values = (0.1, -0.2, 0.3, 0.4, 0.5)
    d = bn.BivariateNormal(*values)
    e = bn.BivariateNormal(**dict(zip(PARAMS, values, strict=True)))
    for name, value in zip(PARAMS, values, strict=True):
        assert np.shape(getattr(d, name)) == ()
        assert float(getattr(d, name)) == value
        assert float(getattr(e, name)) == value


def test_mean_cov_chol(bn):
    params = (0.0, 1.0, 1.0, 1.4, 0.6)
    d = make(bn, params)
    cov = cov_of(params)
    assert np.asarray(d.mean).shape == (2,)
    assert np.asarray(d.cov).shape == (2, 2)
    np.testing.assert_array_equal(np.asarray(d.mean), [0.0, 1.0])
    assert_close(np.asarray(d.cov), cov, rtol=1e-15)
    chol = np.asarray(d.chol)
    s = math.sqrt(1 - 0.6**2)
    assert_close(chol, [[1.0, 0.0], [0.6 * 1.4, 1.4 * s]], rtol=1e-15)
    assert_close(chol, np.linalg.cholesky(cov), rtol=1e-14, atol=0)
    assert chol[0, 1] == 0.0
    assert_close(chol @ chol.T, cov, rtol=1e-14)


def test_from_cov(bn):
    d = bn.BivariateNormal.from_cov(mean=[0.0, 1.0], cov=[[1.0, 0.6], [0.6, 2.0]])
    np.testing.assert_array_equal(np.asarray(d.mean), [0.0, 1.0])
    assert float(d.std_x) == 1.0
    assert float(d.std_y) == pytest.approx(math.sqrt(2.0), rel=1e-16)
    assert float(d.rho) == pytest.approx(0.6 / math.sqrt(2.0), rel=1e-15)
    assert_close(np.asarray(d.cov), [[1.0, 0.6], [0.6, 2.0]], rtol=5e-16)


@pytest.mark.parametrize("params", EXTREME_CASES)
def test_from_cov_extremes_round_trip(bn, params):
    """Ill-conditioned (SciPy-refused) covariances are accepted and recovered."""
    cov = cov_of(params)
    d = bn.BivariateNormal.from_cov(mean=params[:2], cov=cov)
    _, _, sx, sy, r = params
    assert_close(float(d.std_x), sx, rtol=4e-16)
    assert_close(float(d.std_y), sy, rtol=4e-16)
    assert_close(float(d.rho), r, rtol=2e-15, atol=0)
    assert_close(np.asarray(d.cov), cov, rtol=3e-15, atol=0)


@SETTINGS
@given(params=extreme)
def test_from_cov_logpdf_against_mpmath(bn, params):
    """The density of the exact float64 covariance, to its conditioning.

    Rounding the covariance to (std_x, std_y, rho) perturbs rho by an ulp, which
    moves the density by ~ eps / (1 - rho^2): the tolerance grows accordingly.
    """
    cov = cov_of(params)
    d = bn.BivariateNormal.from_cov(mean=params[:2], cov=cov)
    x, y = points(params)
    ref = mp_logpdf_cov(params[:2], cov, x, y)
    _, tol = mp_logpdf(params, x, y)
    r = params[4]
    kappa = 1.0 / ((1 - abs(r)) * (1 + abs(r)))
    got = np.asarray(d.logpdf(x, y))
    assert_close(got, ref, rtol=0, atol=4 * kappa * tol)


def test_replace(bn):
    d = bn.BivariateNormal(0.1, 0.2, 0.3, 0.4, 0.5)
    e = d.replace(rho=-0.25, std_y=2.0)
    assert float(e.rho) == -0.25
    assert float(e.std_y) == 2.0
    assert float(e.mean_x) == 0.1
    assert float(d.rho) == 0.5  # the original is unchanged
    with pytest.raises(ValueError, match="rho"):
        d.replace(rho=1.5)


def test_fit_is_the_closed_form_mle(bn):
    rng = np.random.default_rng(3)
    xy = rng.normal(size=(500, 2)) @ np.array([[2.0, 0.0], [0.7, 0.5]]).T + [1.0, -2.0]
    d = bn.BivariateNormal.fit(xy)
    assert_close(np.asarray(d.mean), xy.mean(axis=0), rtol=1e-13)
    assert_close(float(d.std_x), xy[:, 0].std(), rtol=1e-13)
    assert_close(float(d.std_y), xy[:, 1].std(), rtol=1e-13)
    assert_close(float(d.rho), np.corrcoef(xy.T)[0, 1], rtol=1e-12)
    assert_close(np.asarray(d.cov), np.cov(xy.T, bias=True), rtol=1e-12)


# -- densities ------------------------------------------------------------------------
@SETTINGS
@given(params=moderate)
def test_logpdf_pdf_against_scipy(bn, params):
    d = make(bn, params)
    x, y = points(params)
    ref = scipy_logpdf(params, x, y)
    atol = 1e-12 * np.maximum(1.0, np.abs(ref))
    assert_close(np.asarray(d.logpdf(x, y)), ref, rtol=0, atol=atol)
    assert_close(
        np.asarray(d.pdf(x, y)), np.exp(ref), rtol=1e-12 * (1 + np.abs(ref)), atol=0
    )


@SETTINGS
@given(params=moderate)
def test_logpdf_against_mpmath_moderate(bn, params):
    d = make(bn, params)
    x, y = points(params)
    ref, tol = mp_logpdf(params, x, y)
    assert_close(d.logpdf(x, y), ref, atol=tol)


@pytest.mark.parametrize("std", [1.0, 1e-8, 1e8])
def test_log_normalizer_over_rho(bn, std):
    """logpdf at the mean is -log(2 pi sx sy sqrt(1 - rho^2)), for every rho."""
    rhos = np.concatenate([np.linspace(-0.999999, 0.999999, 201), [0.4142, -0.4142]])
    got = np.array(
        [
            float(bn.BivariateNormal(1.0, -2.0, std, 2.0, r).logpdf(1.0, -2.0))
            for r in rhos
        ]
    )
    with mp.workdps(50):
        ref = np.array(
            [
                float(
                    -mp.log(2 * mp.pi * mp.mpf(std) * 2)
                    - mp.log((1 - mp.mpf(r)) * (1 + mp.mpf(r))) / 2
                )
                for r in rhos
            ]
        )
    assert_close(got, ref, atol=4 * EPS * (1 + np.abs(ref)))


@SETTINGS
@given(params=extreme)
def test_logpdf_pdf_against_mpmath(bn, params):
    d = make(bn, params)
    x, y = points(params)
    ref, tol = mp_logpdf(params, x, y)
    got = np.asarray(d.logpdf(x, y))
    assert_close(got, ref, rtol=0, atol=tol)
    # pdf = exp(logpdf): an absolute error of logpdf is a relative error of pdf
    assert_close(np.asarray(d.pdf(x, y)), np.exp(ref), rtol=tol + EPS)


@pytest.mark.parametrize("params", EXTREME_CASES)
def test_extreme_cases_against_mpmath(bn, params):
    d = make(bn, params)
    x, y = points(params)
    ref, tol = mp_logpdf(params, x, y)
    assert_close(np.asarray(d.logpdf(x, y)), ref, rtol=0, atol=tol)
    ref, rtol = mp_mahalanobis(params, x, y)
    assert_close(np.asarray(d.mahalanobis(x, y)), ref, rtol=rtol)


def test_logpdf_where_scipy_is_wrong_or_refuses(bn):
    """rho = 0.999999, std 1e-8 and mean 1e6: the exact answer from mpmath."""
    params = (1e6, -1e6, 1e-8, 1e-8, 0.999999)
    x, y = points(params)
    ref, tol = mp_logpdf(params, x, y)
    ours = np.abs(np.asarray(make(bn, params).logpdf(x, y)) - ref)
    assert np.all(ours <= tol)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = np.abs(scipy_logpdf(params, x, y) - ref)
        except (np.linalg.LinAlgError, ValueError):
            return  # SciPy refuses the covariance
    assert np.max(ours) < np.max(theirs)


def test_broadcasting(bn):
    params = (0.5, -1.0, 1.5, 0.7, -0.3)
    d = make(bn, params)
    x = np.linspace(-2.0, 3.0, 3)[:, None]
    y = np.linspace(-3.0, 1.0, 4)
    for method in (d.pdf, d.logpdf, d.mahalanobis):
        assert np.asarray(method(x, y)).shape == (3, 4)
        assert np.asarray(method(0.5, 0.5)).shape == ()
        assert np.asarray(method([0.0, 1.0], 2.0)).shape == (2,)
    xx, yy = np.broadcast_arrays(x, y)
    ref = scipy_logpdf(params, xx, yy)
    assert_close(np.asarray(d.logpdf(x, y)), ref, rtol=1e-13)
    assert_close(
        np.asarray(d.logpdf([0.5, 1.0], [0.0, 0.25])),
        scipy_logpdf(params, np.array([0.5, 1.0]), np.array([0.0, 0.25])),
        rtol=1e-13,
    )


def test_pdf_integrates_to_one(bn):
    params = (1.0, -2.0, 0.5, 2.0, 0.8)
    d = make(bn, params)
    x = np.linspace(1.0 - 6.0, 1.0 + 6.0, 1201)
    y = np.linspace(-2.0 - 24.0, -2.0 + 24.0, 1201)
    dens = np.asarray(d.pdf(x[:, None], y[None, :]))
    total = np.trapezoid(np.trapezoid(dens, y, axis=1), x)
    assert total == pytest.approx(1.0, abs=1e-9)


def test_dtype_float64(bn):
    d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    for value in (
        d.mean_x,
        d.rho,
        d.mean,
        d.cov,
        d.chol,
        d.pdf(0.1, 0.2),
        d.logpdf(0.1, 0.2),
        d.mahalanobis(0.1, 0.2),
        d.sample(0, 3),
    ):
        assert np.asarray(value).dtype == np.float64


# -- Mahalanobis distance, whitening -------------------------------------------------
@SETTINGS
@given(params=moderate)
def test_mahalanobis_formula(bn, params):
    d = make(bn, params)
    x, y = points(params)
    delta = np.stack([x - params[0], y - params[1]], axis=-1)
    ref = np.sqrt(
        np.einsum("ni,ni->n", delta, np.linalg.solve(cov_of(params), delta.T).T)
    )
    assert_close(np.asarray(d.mahalanobis(x, y)), ref, rtol=1e-11)
    # the definition: norm of the whitened point
    z = np.asarray(d.whiten(np.stack([x, y], axis=-1)))
    assert_close(np.hypot(z[:, 0], z[:, 1]), ref, rtol=1e-11)


@SETTINGS
@given(params=extreme)
def test_mahalanobis_against_mpmath(bn, params):
    d = make(bn, params)
    x, y = points(params)
    ref, rtol = mp_mahalanobis(params, x, y)
    assert_close(np.asarray(d.mahalanobis(x, y)), ref, rtol=rtol)


def test_whiten_unwhiten(bn):
    params = (3.0, -1.0, 2.0, 0.5, -0.7)
    d = make(bn, params)
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 4, 2))
    chol = np.linalg.cholesky(cov_of(params))
    xy = np.asarray(d.unwhiten(z))
    assert xy.shape == (3, 4, 2)
    assert_close(xy, np.array(params[:2]) + z @ chol.T, rtol=1e-14, atol=1e-14)
    assert_close(np.asarray(d.whiten(xy)), z, rtol=1e-12, atol=1e-13)
    assert_close(np.asarray(d.whiten(np.asarray(d.mean))), [0.0, 0.0], atol=0)
    ref = np.linalg.solve(chol, (xy - params[:2]).reshape(-1, 2).T).T.reshape(3, 4, 2)
    assert_close(np.asarray(d.whiten(xy)), ref, rtol=1e-12, atol=1e-13)


# -- marginals and conditionals -------------------------------------------------------
def test_marginals(bn):
    params = (0.5, -1.0, 1.5, 0.7, -0.3)
    d = make(bn, params)
    for marginal, mean, std in (
        (d.marginal_x(), 0.5, 1.5),
        (d.marginal_y(), -1.0, 0.7),
    ):
        assert isinstance(marginal, bn.Normal)
        assert float(marginal.mean) == mean
        assert float(marginal.std) == std
        t = mean + std * np.linspace(-5, 5, 11)
        ref = stats.norm(mean, std)
        assert_close(np.asarray(marginal.pdf(t)), ref.pdf(t), rtol=1e-13)
        assert_close(np.asarray(marginal.logpdf(t)), ref.logpdf(t), rtol=1e-13)
        assert_close(np.asarray(marginal.cdf(t)), ref.cdf(t), rtol=1e-13)
        assert np.asarray(marginal.sample(0, 7)).shape == (7,)


def test_marginal_is_the_integral_of_the_joint(bn):
    """f_X(x) = integral of f(x, y) dy (trapezoid rule: spectral for Gaussians)."""
    params = (0.5, -1.0, 1.5, 0.7, 0.9)
    d = make(bn, params)
    x = np.array([-2.0, 0.0, 0.5, 3.0])
    y = np.linspace(-1.0 - 12 * 0.7, -1.0 + 12 * 0.7, 4001)
    joint = np.asarray(d.pdf(x[:, None], y[None, :]))
    assert_close(
        np.trapezoid(joint, y, axis=1), np.asarray(d.marginal_x().pdf(x)), rtol=1e-10
    )
    xs = np.linspace(0.5 - 12 * 1.5, 0.5 + 12 * 1.5, 4001)
    joint = np.asarray(d.pdf(xs[None, :], x[:, None] - 1.0))
    assert_close(
        np.trapezoid(joint, xs, axis=1),
        np.asarray(d.marginal_y().pdf(x - 1.0)),
        rtol=1e-10,
    )


@SETTINGS
@given(params=moderate)
def test_conditionals_formula_and_chain_rule(bn, params):
    mx, my, sx, sy, r = params
    d = make(bn, params)
    x, y = points(params)
    cy = d.conditional_y(x)
    cx = d.conditional_x(y)
    assert isinstance(cy, bn.Normal)
    assert isinstance(cx, bn.Normal)
    s = math.sqrt(1 - r * r)
    assert_close(
        np.asarray(cy.mean),
        my + r * sy / sx * (x - mx),
        rtol=1e-13,
        atol=1e-13 * (abs(my) + sy * 10),
    )
    assert_close(
        np.asarray(cx.mean),
        mx + r * sx / sy * (y - my),
        rtol=1e-13,
        atol=1e-13 * (abs(mx) + sx * 10),
    )
    assert_close(np.asarray(cy.std) * np.ones_like(x), sy * s, rtol=1e-13)
    assert_close(np.asarray(cx.std) * np.ones_like(y), sx * s, rtol=1e-13)
    # chain rule: log f(x, y) = log f_X(x) + log f_{Y|X=x}(y), and symmetrically
    joint = scipy_logpdf(params, x, y)
    atol = 1e-12 * np.maximum(1, np.abs(joint))
    assert_close(
        np.asarray(d.marginal_x().logpdf(x)) + np.asarray(cy.logpdf(y)),
        joint,
        atol=atol,
    )
    assert_close(
        np.asarray(d.marginal_y().logpdf(y)) + np.asarray(cx.logpdf(x)),
        joint,
        atol=atol,
    )


@pytest.mark.parametrize("params", EXTREME_CASES)
def test_conditionals_against_mpmath(bn, params):
    """Conditional std sigma sqrt(1 - rho^2) stays accurate as |rho| -> 1."""
    d = make(bn, params)
    x, y = points(params)
    with mp.workdps(50):
        mx, my, sx, sy, r = (mp.mpf(float(v)) for v in params)
        s = mp.sqrt((1 - r) * (1 + r))
        std_y, std_x = float(sy * s), float(sx * s)
        shift_y = [r * sy / sx * (mp.mpf(float(v)) - mx) for v in x]
        shift_x = [r * sx / sy * (mp.mpf(float(v)) - my) for v in y]
        mean_y = np.array([float(my + t) for t in shift_y])
        mean_x = np.array([float(mx + t) for t in shift_x])
        scale_y = np.array([float(abs(my) + abs(t)) for t in shift_y])
        scale_x = np.array([float(abs(mx) + abs(t)) for t in shift_x])
    cy, cx = d.conditional_y(x), d.conditional_x(y)
    assert_close(np.asarray(cy.std), std_y, rtol=6e-16)
    assert_close(np.asarray(cx.std), std_x, rtol=6e-16)
    # forward error bound of mean + shift (the sum's rounding is inherent)
    assert_close(np.asarray(cy.mean), mean_y, rtol=0, atol=8e-16 * scale_y)
    assert_close(np.asarray(cx.mean), mean_x, rtol=0, atol=8e-16 * scale_x)


def test_conditional_scalar_shape(bn):
    d = bn.BivariateNormal(0.0, 1.0, 1.0, 1.4, 0.6)
    c = d.conditional_y(0.5)
    assert np.asarray(c.mean).shape == ()
    assert np.asarray(c.pdf(1.0)).shape == ()


# -- ellipses -------------------------------------------------------------------------
@pytest.mark.parametrize("prob", [0.1, 0.5, 0.9, 0.95, 0.999])
@pytest.mark.parametrize(
    "params", [(0.0, 1.0, 1.0, 1.4, 0.6), (3.0, -2.0, 0.01, 50.0, -0.97)]
)
def test_ellipse_geometry(bn, params, prob):
    d = make(bn, params)
    num = 2001
    xs, ys = (np.asarray(v) for v in d.ellipse(prob=prob, num=num))
    assert xs.shape == ys.shape == (num,)
    assert xs[0] == xs[-1]
    assert ys[0] == ys[-1]
    radius = math.sqrt(-2.0 * math.log1p(-prob))
    # every point has Mahalanobis distance r = sqrt(-2 log(1 - p)) (chi2, 2 dof)
    delta = np.stack([xs - params[0], ys - params[1]], axis=-1)
    dist = np.sqrt(
        np.einsum("ni,ni->n", delta, np.linalg.solve(cov_of(params), delta.T).T)
    )
    assert_close(dist, radius, rtol=1e-11)
    assert radius == pytest.approx(math.sqrt(stats.chi2(2).ppf(prob)), rel=1e-12)
    assert_close(np.asarray(d.mahalanobis(xs, ys)), radius, rtol=1e-12)
    # it goes once around the centre, always in the same direction
    z = np.linalg.solve(np.linalg.cholesky(cov_of(params)), delta.T).T
    steps = np.diff(np.unwrap(np.arctan2(z[:, 1], z[:, 0])))
    assert np.all(steps > 0) or np.all(steps < 0)
    assert abs(steps.sum()) == pytest.approx(2 * math.pi, rel=1e-12)
    # bounding box: mu +- r sigma
    _, _, sx, sy, _ = params
    assert_close([xs.max() - params[0], params[0] - xs.min()], radius * sx, rtol=1e-5)
    assert_close([ys.max() - params[1], params[1] - ys.min()], radius * sy, rtol=1e-5)


def test_ellipse_default_num_and_area(bn):
    params = (0.0, 1.0, 1.0, 1.4, 0.6)
    d = make(bn, params)
    xs, ys = (np.asarray(v) for v in d.ellipse())  # prob=0.95 by default
    assert xs.shape == (200,)
    radius = math.sqrt(-2 * math.log(0.05))
    assert_close(np.asarray(d.mahalanobis(xs, ys)), radius, rtol=1e-12)
    area = 0.5 * abs(np.dot(xs[:-1], ys[1:]) - np.dot(xs[1:], ys[:-1]))
    exact = math.pi * (-2 * math.log(0.05)) * math.sqrt(np.linalg.det(cov_of(params)))
    assert area == pytest.approx(exact, rel=1e-3)
