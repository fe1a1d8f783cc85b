"""What the two distributions share: parameters as pytree leaves, checked once.

The rule, the same for :class:`~bivnorm.Normal` and
:class:`~bivnorm.BivariateNormal` on both backends:

- A law's parameters are checked once, where the law is made. The constructor
  checks concrete values and raises. A law rebuilt from leaves without its
  constructor (:meth:`Law.tree_unflatten`: ``jax.tree_util.tree_map``, the output
  of a transform, an optimiser step) is checked at its first use, and raises
  there if its concrete parameters are invalid; a rebuilt law that is never
  used (a pytree of gradients) is never checked.
- Inside a transform the parameters are tracers, whose values are unknown: a
  traced parameter outside the parameter space makes every output of the law
  NaN (and its gradients), never a plausible number.
- Parameters may be arrays that broadcast together (a batch of laws). Every
  method then acts as the laws taken one by one would, broadcast with its
  arguments; :meth:`sample` draws for each law what that law alone draws with
  the same key (one set of standard normals, shared by the batch).
"""

from __future__ import annotations

import numpy as np

from ._backend import as_leaf, float_dtype, is_tracer, jit, xp
from ._budget import check_shape
from ._checks import as_param, broadcast, std_rule
from ._convert import as_points

__all__ = ["Law", "format_param", "parameter"]


def parameter(index: int, doc: str) -> property:
    """The read-only property of the parameter at ``index`` of the leaves."""

    def get(self):
        return self._leaves[index]

    return property(get, doc=doc)


def format_param(value) -> str:
    """A parameter for a repr: its value, or ``<traced>`` inside a transform."""
    if is_tracer(value):
        return "<traced>"
    return str(np.asarray(value)[()])  # the shortest repr for its dtype


class Law:
    """Base of the two distributions: subclasses name their parameters and rules.

    ``PARAMS`` are the parameter names (the pytree leaves, in order); ``RULES``
    and ``CLOSED_RULES`` their conditions, open and closed (the degenerate limits
    admitted), where ``"std"`` stands for :func:`bivnorm._checks.std_rule` of
    the law's dtype.
    """

    PARAMS: tuple[str, ...] = ()
    RULES: tuple = ()
    CLOSED_RULES: tuple = ()
    # Whether the parameters are known to be valid (set by the constructor, and
    # by the first use of a rebuilt law); shape of the batch, once known.
    _valid = False
    _shape: tuple[int, ...] | None = None
    _float = None  # the float dtype, once known

    def __init__(self, *values):
        leaves = []
        for name, value, rule in zip(self.PARAMS, values, self.RULES, strict=True):
            if rule == "std":
                std, wide = std_rule(float_dtype()), std_rule(np.float64)
                leaves.append(as_param(name, value, std, wide=wide))
            else:
                leaves.append(as_param(name, value, rule))
        self._set(leaves)
        self._shape = broadcast(self.PARAMS, *leaves)
        self._valid = not any(map(is_tracer, leaves))
        self._float = float_dtype()

    def _set(self, leaves) -> None:
        if len(leaves) != len(self.PARAMS):
            msg = f"{type(self).__name__} has leaves {self.PARAMS}, got {leaves!r}"
            raise ValueError(msg)
        self._leaves = tuple(leaves)

    # -- pytree protocol ---------------------------------------------------------
    def tree_flatten(self):
        """The parameters, in the order of the constructor; no auxiliary data."""
        return self._leaves, None

    @classmethod
    def tree_unflatten(cls, aux, leaves):  # noqa: ARG003
        """Rebuild from leaves (tracers too); checked at first use (see the module)."""
        obj = object.__new__(cls)
        obj._set([as_leaf(leaf) for leaf in leaves])
        return obj

    @classmethod
    def of_valid(cls, leaves):
        """A law of leaves taken from a valid or screened law (a marginal): not
        checked again when they are concrete."""
        obj = cls.tree_unflatten(None, leaves)
        obj._valid = not any(map(is_tracer, leaves))
        obj._shape = broadcast(cls.PARAMS, *leaves)
        return obj

    def __repr__(self) -> str:
        leaves = self.tree_flatten()[0]
        args = ", ".join(
            f"{name}={format_param(v)}"
            for name, v in zip(self.PARAMS, leaves, strict=True)
        )
        return f"{type(self).__name__}({args})"

    # -- validity ----------------------------------------------------------------
    def checked(self, *, closed: bool = False):
        """This law, ready for the kernels: valid, or screened to NaN.

        A law made by the constructor is returned as it is. A concrete law
        rebuilt from leaves is checked (once): a :class:`ValueError` naming the
        parameter if it is invalid. A law with traced parameters is returned
        with NaN parameters wherever they leave the parameter space (closed:
        the degenerate limits admitted), NaN gradients too.
        """
        if self._valid:
            return self
        leaves = self.tree_flatten()[0]
        if any(map(is_tracer, leaves)):
            return self._screened(leaves, closed=closed)
        self._check_rebuilt(leaves)
        self._valid = True
        return self

    def _rules(self, dtype, *, closed: bool) -> list:
        rules = self.CLOSED_RULES if closed else self.RULES
        return [std_rule(dtype, closed=closed) if r == "std" else r for r in rules]

    def _check_rebuilt(self, leaves) -> None:
        try:
            dtype = _common_dtype(leaves)
            checked = [
                as_param(name, v, rule) if rule != "std" else _std_param(name, v, dtype)
                for name, v, rule in zip(self.PARAMS, leaves, self.RULES, strict=True)
            ]
            self._shape = broadcast(self.PARAMS, *checked)
        except (TypeError, ValueError) as err:
            msg = (
                f"this {type(self).__name__} was rebuilt from its leaves (by "
                f"tree_unflatten, tree_map or a transform) and is not a law: {err}"
            )
            raise type(err)(msg) from None

    def _screened(self, leaves, *, closed: bool):
        dtype = _common_dtype(leaves)
        ok = True
        for leaf, rule in zip(leaves, self._rules(dtype, closed=closed), strict=True):
            ok = ok & rule(leaf)
        # Added rather than selected, so that the gradients are NaN too (a select
        # would give them 0, a plausible number).
        nan = xp.where(ok, 0.0, xp.nan).astype(dtype)
        obj = type(self).tree_unflatten(None, [leaf + nan for leaf in leaves])
        obj._valid = True
        obj._shape = broadcast(self.PARAMS, *leaves)
        return obj

    def packed(self):
        """The parameters as one array of shape ``(len(PARAMS), *batch)``: what the
        kernels take (JAX dispatches one array faster than several). Kept once
        made for a law with concrete parameters; call it on a checked law."""
        packed = self.__dict__.get("_packed")
        if packed is None:
            packed = xp.stack(xp.broadcast_arrays(*self._leaves))
            if not any(map(is_tracer, self._leaves)):
                self._packed = packed
        return packed

    @classmethod
    def kernel(cls, fn, **jit_options):
        """Compile ``fn(law, *args)`` as a function of the law's packed parameters
        (:meth:`packed`): called as ``kernel(law, *args)``."""
        compiled = jit(
            lambda params, *args: fn(cls.tree_unflatten(None, tuple(params)), *args),
            **jit_options,
        )
        return lambda law, *args: compiled(law.packed(), *args)

    # -- arguments ---------------------------------------------------------------
    @property
    def _dtype(self):
        """The float dtype of the law's parameters and outputs."""
        if self._float is None:
            self._float = _common_dtype(self.tree_flatten()[0])
        return self._float

    def _points(self, names: tuple[str, ...], *values, per_point: int = 4) -> list:
        """``values`` as points of the law's float dtype, checked to broadcast
        with each other and the batch, and their size against the budget
        (``per_point`` arrays of their broadcast shape)."""
        dtype = self._float or self._dtype
        points = [
            as_points(name, v, dtype) for name, v in zip(names, values, strict=True)
        ]
        shapes = {getattr(p, "shape", ()) for p in points}
        shape = self._shape
        if shape is None or shape:
            points_and_params = (*names, *self.PARAMS)
            shape = broadcast(points_and_params, *points, *self.tree_flatten()[0])
        elif len(shapes) == 1:
            shape = shapes.pop()
        else:
            shape = broadcast(names, *points)
        check_shape(names, shape, per_point * np.dtype(dtype).itemsize)
        return points


def _common_dtype(leaves):
    """The float dtype of a law's leaves: the widest float among them."""
    dtypes = [np.dtype(v.dtype) for v in leaves if hasattr(v, "dtype")]
    floats = [d for d in dtypes if d.kind == "f"]
    return max(floats, key=lambda d: d.itemsize) if floats else float_dtype()


def _std_param(name: str, value, dtype):
    """A rebuilt law's standard deviation, checked in its own dtype."""
    return as_param(name, value, std_rule(dtype))
