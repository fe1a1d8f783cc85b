r"""A live explorer of the bivariate normal law: the joint figure with its sliders.

:func:`explorer` returns an :class:`Explorer`, an :class:`anywidget.AnyWidget`
whose front end is a few small ES modules (``bivnorm/frontend/*.js``) joined by
``bivnorm._frontend`` into one module text: no build step, no framework, nothing
fetched. It is the same object in every front end:

* in JupyterLab, Notebook 7, VS Code and JupyterLite it is a widget; its synced
  traits ``mean_x``, ``mean_y``, ``std_x``, ``std_y``, ``rho``, ``n``, ``x0``,
  ``y0``, ``points``, ``view``, ``stage`` and ``angle`` follow the page, and
  setting one from Python redraws every view;
* on a static page (sphinx-gallery, or any HTML file) :meth:`Explorer.to_html`
  gives a self-contained snippet that runs the same modules with no kernel.

The standard normals :math:`z` are drawn once by bivnorm's own sampler,
``BivariateNormal().sample(key, capacity)``, and sent once, as a float64 binary
buffer. The front end maps them through

.. math::

    (x, y)^\top = \mu + L z, \qquad
    L = \begin{pmatrix} \sigma_x & 0 \\
        \rho\sigma_y & \sigma_y\sqrt{1-\rho^2} \end{pmatrix},

the map of :meth:`~bivnorm.BivariateNormal.unwhiten`, so the points glide as the
sliders move.

Every trait has the range of its slider (:data:`RANGES`, from the one table
``bivnorm._sliders.SLIDERS`` that the front end receives as data): inside them
every law is valid, so the front end can never make an invalid covariance. A value
from Python outside its range, or anything but a real number, raises
:class:`ValueError` naming the trait, and the widget keeps its state.

Test hook
---------
The explorer's root element (class ``bivnorm-explorer``) carries
``el.bivnorm.set(values)``, which applies values as slider moves do (clamped to the
slider ranges, redrawn before it returns), and ``el.bivnorm.state()``, a plain
object with the drawn numbers; see ``bivnorm/frontend/hook.js`` and the user guide.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import math
import numbers
import sys
from itertools import count

import anywidget
import numpy as np
import traitlets

from . import _frontend
from ._budget import check_count
from ._sliders import PRESETS, SLIDERS, reaching, specs
from .bivariate import BivariateNormal

__all__ = ["MAX_CAPACITY", "RANGES", "STEPS", "VIEWS", "Explorer", "explorer"]

#: Closed range of each parameter: the range of its slider (``bivnorm._sliders``).
RANGES = {name: (s.lo, s.hi) for name, s in SLIDERS.items()}
#: Step of each slider: a front-end move gives a multiple of it.
STEPS = {name: s.step for name, s in SLIDERS.items()} | {"n": 1}
#: Largest capacity: 16 MB of standard normals in the page.
MAX_CAPACITY = 1_000_000
#: Most clicked points a ``points`` trait holds.
MAX_POINTS = 10_000
_PARAMS = ("mean_x", "mean_y", "std_x", "std_y", "rho")
#: The explorer's views: the joint figure, the whitening player, the projection.
VIEWS = ("joint", "whitening", "projection")
_ids = count()


def _real(name: str, value) -> float:
    """``value`` as a float if it is a real number (not a bool, str or bytes)."""
    exact = isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
    scalar = (
        isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf"
    )
    text = repr(value)
    shown = text if len(text) < 60 else f"{text[:50]}... ({len(text)} characters)"
    if not (exact or scalar):
        msg = (
            f"{name} must be a real number, got {name}={shown} ({type(value).__name__})"
        )
        raise ValueError(msg)
    try:
        return float(value)
    except OverflowError:
        msg = f"{name} must be a real number within the float range, got {name}={shown}"
        raise ValueError(msg) from None


class _Param(traitlets.Float):
    """A float trait in a closed range; bad values raise :class:`ValueError`."""

    def validate(self, obj, value):
        name = self.name
        number = _real(name, value)
        lo, hi = getattr(obj, "_ranges", RANGES)[name]
        if not lo <= number <= hi:  # also rejects NaN
            msg = f"{name} must lie in [{lo}, {hi}] (its slider), got {name}={value!r}"
            raise ValueError(msg)
        return number


def _points_to_json(value, widget):  # noqa: ARG001 (ipywidgets' signature)
    return np.asarray(value, dtype=np.float64).tolist()


def _points_from_json(value, widget):  # noqa: ARG001
    return _as_points(value)


def _as_points(value) -> np.ndarray:
    """``value`` as an (N, 2) float64 array of finite coordinates, N <= MAX_POINTS."""
    if isinstance(value, str | bytes):
        msg = f"points must be an (N, 2) array of real numbers, got points={value!r}"
        raise ValueError(msg)  # noqa: TRY004 (traitlets: a ValueError, state kept)
    try:
        data = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        msg = "points must be an (N, 2) array of real numbers"
        raise ValueError(msg) from None
    if data.size == 0:
        data = data.reshape(0, 2)
    if data.ndim != 2 or data.shape[1] != 2:
        msg = f"points must have shape (N, 2), got shape {data.shape}"
        raise ValueError(msg)
    if data.shape[0] > MAX_POINTS:
        msg = f"points holds at most {MAX_POINTS} points, got {data.shape[0]}"
        raise ValueError(msg)
    if not np.all(np.isfinite(data)):
        msg = "points must be finite"
        raise ValueError(msg)
    return data


class _Points(traitlets.TraitType):
    """The clicked points: an (N, 2) float64 array."""

    default_value = np.empty((0, 2))
    info_text = "an (N, 2) array of finite real numbers"

    def validate(self, obj, value):  # noqa: ARG002
        return _as_points(value)


def _as_edges(name: str, value, size: int) -> list:
    """``value`` as ``size`` edges (lower, upper, ...; ``None`` or an infinity for
    an infinite edge, each upper above its lower), or ``[]`` for no region."""
    if value is None:
        return []
    if isinstance(value, str | bytes) or not isinstance(
        value, list | tuple | np.ndarray
    ):
        msg = f"{name} must be a list of {size} edges or [], got {name}={value!r}"
        raise ValueError(msg)  # noqa: TRY004 (traitlets: a ValueError, state kept)
    if len(value) == 0:
        return []
    if len(value) != size:
        msg = f"{name} must have {size} edges (or none), got {len(value)}: {name}={value!r}"
        raise ValueError(msg)
    edges = [
        (math.inf if i % 2 else -math.inf) if v is None else _real(name, v)
        for i, v in enumerate(value)
    ]
    for lo, hi in zip(edges[::2], edges[1::2], strict=True):
        if not lo < hi:  # also rejects NaN
            msg = (
                f"{name}: each upper edge must exceed its lower edge (no NaN), "
                f"got {name}={value!r}"
            )
            raise ValueError(msg)
    return edges


def _edges_to_json(value, widget):  # noqa: ARG001 (ipywidgets' signature)
    return [v if math.isfinite(v) else None for v in value]


def _edges_from_json(value, widget):  # noqa: ARG001
    return [
        (math.inf if i % 2 else -math.inf) if v is None else float(v)
        for i, v in enumerate(value or [])
    ]


class _Edges(traitlets.TraitType):
    """A region's edges: ``[]`` (none) or ``size`` floats, infinities allowed."""

    info_text = "a list of edges, [] for none"

    def __init__(self, size: int, **kwargs):
        self.size = size
        super().__init__(default_value=[], **kwargs)

    def validate(self, obj, value):  # noqa: ARG002
        return _as_edges(self.name, value, self.size)


class _Given(traitlets.Unicode):
    """Which variable a conditional interval is given: ``"x"`` or ``"y"``."""

    def validate(self, obj, value):  # noqa: ARG002
        if value not in ("x", "y") or not isinstance(value, str):
            msg = f'given must be "x" or "y", got given={value!r}'
            raise ValueError(msg)
        return value


class _View(traitlets.Unicode):
    """The view shown: one of :data:`VIEWS`."""

    def validate(self, obj, value):  # noqa: ARG002
        if not isinstance(value, str) or value not in VIEWS:
            msg = (
                f"view must be one of {', '.join(map(repr, VIEWS))}, got view={value!r}"
            )
            raise ValueError(msg)
        return value


class _Stage(traitlets.Int):
    """The whitening view's stage: 0 (z), 1 (L z) or 2 (mu + L z)."""

    def validate(self, obj, value):  # noqa: ARG002
        ok = isinstance(value, numbers.Integral) and not isinstance(
            value, bool | np.bool_
        )
        if not ok or int(value) not in (0, 1, 2):
            msg = f"stage must be 0 (z), 1 (L z) or 2 (mu + L z), got stage={value!r}"
            raise ValueError(msg)
        return int(value)


class _Angle(traitlets.Float):
    """The projection's direction in radians, kept in [-pi, pi]."""

    def validate(self, obj, value):  # noqa: ARG002
        number = _real("angle", value)
        if not math.isfinite(number):
            msg = f"angle must be a finite number of radians, got angle={value!r}"
            raise ValueError(msg)
        return number if abs(number) <= math.pi else math.remainder(number, 2 * math.pi)


class _Count(traitlets.Int):
    """The sample size: an integer from 1 to the explorer's capacity."""

    def validate(self, obj, value):
        number = check_count("n", value)
        capacity = obj.capacity
        if not 1 <= number <= capacity:
            msg = f"n must be between 1 and capacity={capacity}, got n={value!r}"
            raise ValueError(msg)
        return number


class Explorer(anywidget.AnyWidget):
    r"""The joint figure of a bivariate normal law with sliders, live in the page.

    Build it with :func:`explorer`. Samples, histograms, the true marginal
    densities, the 50/90/99 % ellipses, the regression line, a draggable
    conditional slice, presets, click-to-add data with a maximum-likelihood fit,
    and a play button, all drawn by the front end.

    Attributes
    ----------
    mean_x, mean_y, std_x, std_y, rho : float
        The law's parameters (synced), each in its slider's range: the table's
        (``bivnorm.explore.RANGES``), widened to end at the initial law where
        that lies outside it (as :class:`~bivnorm.widgets.SliderApp` does).
    n : int
        Number of points shown, from 1 to ``capacity`` (synced).
    x0, y0 : float
        Where the conditional slices :math:`Y \mid X = x_0` and
        :math:`X \mid Y = y_0` are taken (synced).
    points : numpy.ndarray of shape (N, 2)
        The data points clicked in the front end (synced both ways):
        ``BivariateNormal.fit(ex.points)`` is the fitted law it shows.
    rect : list of float
        The region :math:`a < X < b,\ c < Y < d` as ``[a, b, c, d]`` (synced),
        dragged out on the plot, picked from the menu or typed; an edge may be
        infinite (``None`` or ``±inf``); ``[]`` for none. Its probability is
        ``ex.region_probability``.
    interval : list of float
        A conditional interval ``[c, d]`` (synced; ``[]`` for none): of
        :math:`Y \mid X = x_0` when ``given == "x"``, of
        :math:`X \mid Y = y_0` when ``given == "y"``. Its probability is
        ``ex.interval_probability``.
    given : {"x", "y"}
        The variable the conditional interval is given (synced).
    view : str
        The view shown (synced): ``"joint"`` (the joint figure),
        ``"whitening"`` (the points as :math:`z`, :math:`Lz`, :math:`\mu + Lz`)
        or ``"projection"`` (the law of :math:`u^\top X`).
    stage : int
        The whitening view's stage (synced): 0, 1 or 2.
    angle : float
        The projection's direction :math:`u = (\cos a, \sin a)`, in radians,
        kept in :math:`[-\pi, \pi]` (synced).
    capacity : int
        Number of standard normals drawn once (read-only).
    z : numpy.ndarray of shape (capacity, 2)
        Those standard normals (float64).
    dist : BivariateNormal
        The current law (settable: all five parameters at once).
    """

    _esm = _frontend.module_source()

    mean_x = _Param(0.0).tag(sync=True)
    mean_y = _Param(0.0).tag(sync=True)
    std_x = _Param(1.0).tag(sync=True)
    std_y = _Param(1.0).tag(sync=True)
    rho = _Param(0.0).tag(sync=True)
    x0 = _Param(0.0).tag(sync=True)
    y0 = _Param(0.0).tag(sync=True)
    points = _Points().tag(
        sync=True, to_json=_points_to_json, from_json=_points_from_json
    )
    rect = _Edges(4).tag(sync=True, to_json=_edges_to_json, from_json=_edges_from_json)
    interval = _Edges(2).tag(
        sync=True, to_json=_edges_to_json, from_json=_edges_from_json
    )
    given = _Given("x").tag(sync=True)
    view = _View("joint").tag(sync=True)
    stage = _Stage(0).tag(sync=True)
    angle = _Angle(0.0).tag(sync=True)
    _specs = traitlets.Dict().tag(sync=True)
    _presets = traitlets.List().tag(sync=True)
    capacity = traitlets.Int(10_000).tag(sync=True)
    n = _Count(1000).tag(sync=True)
    # Standard normals, (capacity, 2) float64, row-major: sent once, as a buffer.
    _z = traitlets.Bytes(b"").tag(sync=True)

    def __init__(
        self,
        dist=None,
        *,
        n=1000,
        key=0,
        capacity=10_000,
        x0=None,
        y0=None,
        points=None,
        rect=None,
        interval=None,
        given="x",
        view="joint",
        stage=0,
        angle=0.0,
    ):
        capacity = check_count("capacity", capacity)
        if not 1 <= capacity <= MAX_CAPACITY:
            msg = (
                f"capacity must be between 1 and {MAX_CAPACITY} (the page holds "
                f"every point), got capacity={capacity!r}"
            )
            raise ValueError(msg)
        n = check_count("n", n)
        if not 1 <= n <= capacity:
            msg = f"n must be between 1 and capacity={capacity}, got n={n}"
            raise ValueError(msg)
        params = _params_of(BivariateNormal() if dist is None else dist)
        params["x0"] = params["mean_x"] if x0 is None else x0
        params["y0"] = params["mean_y"] if y0 is None else y0
        # A law outside the table's ranges widens its sliders to end at it (as
        # SliderApp does): the ranges of this explorer, fixed from now on.
        table = specs(capacity)
        self._ranges = dict(RANGES)
        for name in _PARAMS:
            wide = reaching(name, params[name])
            self._ranges[name] = (wide.lo, wide.hi)
            table[name] |= {"lo": wide.lo, "hi": wide.hi}
        for name, mean in (("x0", "mean_x"), ("y0", "mean_y")):
            lo, hi = self._ranges[mean]  # a slice can reach the whole view's mean
            wide = (min(lo, RANGES[name][0]), max(hi, RANGES[name][1]))
            self._ranges[name] = wide
            table[name] |= {"lo": wide[0], "hi": wide[1]}
        for name, value in (("view", view), ("stage", stage), ("angle", angle)):
            type(self).class_traits()[name].validate(self, value)  # before any work
        z = np.asarray(BivariateNormal().sample(key, capacity), dtype=np.float64)
        # One state, complete when the front end first sees it: capacity before n.
        super().__init__(
            capacity=capacity,
            _z=np.ascontiguousarray(z, dtype="<f8").tobytes(),
            _specs=table,
            _presets=PRESETS,
            **params,
            n=n,
            points=np.empty((0, 2)) if points is None else points,
            rect=rect,
            interval=interval,
            given=given,
            view=view,
            stage=stage,
            angle=angle,
        )
        self._built = True

    @traitlets.validate("capacity")
    def _fixed_capacity(self, proposal):
        if getattr(self, "_built", False):
            msg = (
                f"capacity is fixed when the explorer is built, got {proposal.value!r}"
            )
            raise ValueError(msg)
        return proposal.value

    # -- the law ----------------------------------------------------------------

    @property
    def z(self) -> np.ndarray:
        """The standard normals drawn once, shape (capacity, 2), float64."""
        return np.frombuffer(self._z, dtype="<f8").reshape(-1, 2)

    @property
    def dist(self) -> BivariateNormal:
        """The current :class:`~bivnorm.BivariateNormal`."""
        return BivariateNormal(*(getattr(self, name) for name in _PARAMS))

    @dist.setter
    def dist(self, value) -> None:
        params = _params_of(value)
        for name, number in params.items():  # all checked before any is set
            type(self).class_traits()[name].validate(self, number)
        with self.hold_sync():
            for name, number in params.items():
                setattr(self, name, number)

    @property
    def region_probability(self) -> float | None:
        r""":math:`P(a < X < b,\ c < Y < d)` of ``rect`` under the law, or None."""
        if not self.rect:
            return None
        return float(self.dist.prob_rect(*self.rect))

    @property
    def interval_probability(self) -> float | None:
        r""":math:`P(c < Y < d \mid X = x_0)` (or of :math:`X \mid Y = y_0`), or None."""
        if not self.interval:
            return None
        d = self.dist
        law = (
            d.conditional_y(self.x0) if self.given == "x" else d.conditional_x(self.y0)
        )
        lo, hi = self.interval
        if lo > law.mean:  # the upper tail, without cancellation
            return float(law.sf(lo) - law.sf(hi))
        return float(law.cdf(hi) - law.cdf(lo))

    @property
    def samples(self) -> np.ndarray:
        """The points shown now: the first ``n`` standard normals mapped by the law."""
        return np.asarray(self.dist.unwhiten(self.z[: self.n]), dtype=np.float64)

    # -- static pages -------------------------------------------------------------

    def get_state_dict(self) -> dict:
        """The front end's state as JSON-ready values (``z`` in base64)."""
        state = {name: getattr(self, name) for name in (*_PARAMS, "x0", "y0", "n")}
        state |= {"view": self.view, "stage": self.stage, "angle": self.angle}
        state["capacity"] = self.capacity
        state["points"] = self.points.tolist()
        state["rect"] = _edges_to_json(self.rect, self)
        state["interval"] = _edges_to_json(self.interval, self)
        state["given"] = self.given
        state["specs"] = self._specs
        state["presets"] = self._presets
        state["z_b64"] = base64.b64encode(self._z).decode("ascii")
        return state

    def to_html(self) -> str:
        """A self-contained HTML snippet that runs the explorer with no kernel.

        The module and the state (with the standard normals in base64) are
        inlined: the snippet needs no file next to it and fetches nothing.
        """
        return static_html(self.get_state_dict())

    def _repr_html_(self):
        # Outside IPython (sphinx-gallery, scripts): the live static snippet. In a
        # kernel the widget view is what shows; returning None there keeps a
        # second, 200 kB copy of the explorer out of the notebook.
        if _in_ipython():
            return None
        return self.to_html()

    def __repr__(self) -> str:
        values = ", ".join(
            f"{name}={getattr(self, name):.4g}" for name in (*_PARAMS, "n", "x0", "y0")
        )
        return f"Explorer({values})"


def _in_ipython() -> bool:
    ipython = sys.modules.get("IPython")
    return ipython is not None and ipython.get_ipython() is not None


def _params_of(dist) -> dict:
    if not isinstance(dist, BivariateNormal):
        msg = f"dist must be a BivariateNormal, got dist={dist!r}"
        raise TypeError(msg)
    # The shortest decimal of each value in its dtype: rho=0.6 in float32 is 0.6.
    return {name: float(str(np.asarray(getattr(dist, name))[()])) for name in _PARAMS}


def module_source() -> str:
    """The front end as anywidget loads it: the joined ES module."""
    return _frontend.module_source()


def static_html(state: dict) -> str:
    """The explorer as a self-contained snippet for a page with no kernel.

    Parameters
    ----------
    state : dict
        :meth:`Explorer.get_state_dict`.

    Returns
    -------
    str
        A ``<div>``, the state as JSON, and a classic ``<script>`` that holds
        the joined modules and draws the explorer in the ``<div>`` while the
        page is parsed; it fetches nothing.
    """
    data = json.dumps(state, separators=(",", ":")).replace("</", "<\\/")
    digest = hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()[:8]
    uid = f"bivnorm-explorer-{digest}-{next(_ids)}"
    return (
        f'<div class="bivnorm-explorer-host" id="{uid}"></div>\n'
        f'<script type="application/json" id="{uid}-state">{data}</script>\n'
        f"<script>{_frontend.script_source(uid)}</script>\n"
    )


def explorer(dist=None, **options):
    r"""The live explorer of a bivariate normal law.

    Parameters
    ----------
    dist : BivariateNormal, optional
        Initial law; the standard one by default. A parameter outside its
        slider's range (``bivnorm.explore.RANGES``) widens that slider to end at
        it, so that any valid law is shown exactly.
    n : int, optional
        Initial number of points shown, between 1 and ``capacity``.
    key : int or PRNG key, optional
        Randomness of the ``capacity`` standard normals drawn once.
    capacity : int, optional
        Largest sample size (the top of the ``n`` slider), at most
        ``bivnorm.explore.MAX_CAPACITY``.
    points : array_like of shape (N, 2), optional
        Data points shown from the start (the ``points`` trait); clicks in the
        front end add to them.
    rect : sequence of 4 floats, optional
        A region ``[a, b, c, d]`` shown from the start with its probability
        (the ``rect`` trait; ``None`` or an infinity for an infinite edge).
    interval : sequence of 2 floats, optional
        A conditional interval ``[c, d]`` shown from the start (``interval``).
    given : {"x", "y"}, optional
        Whether ``interval`` is of :math:`Y \mid X = x_0` (``"x"``) or of
        :math:`X \mid Y = y_0` (``"y"``).
    view : {"joint", "whitening", "projection"}, optional
        The view to open: the joint figure; the whitening player, which shows
        the points as the standard normals :math:`z`, then :math:`Lz`, then
        :math:`\mu + Lz` (the map of :meth:`~BivariateNormal.unwhiten`) with
        the :math:`k\sigma` ellipses and their coverage; or the projection,
        the law :math:`\mathcal{N}(u^\top\mu, u^\top\Sigma u)` of
        :math:`u^\top X` over the histogram of the projected points.
    stage : {0, 1, 2}, optional
        The whitening view's stage to open: :math:`z`, :math:`Lz` or
        :math:`\mu + Lz`.
    angle : float, optional
        The projection's direction :math:`u = (\cos a, \sin a)`, in radians.
    x0, y0 : float, optional
        Where the conditional slices are taken; the law's means by default.

    Returns
    -------
    Explorer
        A widget in Jupyter; a live HTML snippet on a static page.

    Examples
    --------
    >>> import bivnorm as bn
    >>> ex = bn.explorer(bn.BivariateNormal(rho=0.6), n=500)
    >>> ex.rho = -0.3  # the front end redraws, and ex.dist follows
    """
    return Explorer(dist, **options)


# help() and Jupyter show explorer() with Explorer's keywords: one list of them
explorer.__signature__ = inspect.signature(Explorer).replace(
    return_annotation=inspect.Signature.empty
)
