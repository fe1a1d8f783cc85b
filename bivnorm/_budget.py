"""The memory budget: sizes that cannot fit are refused before anything is allocated.

Every public entry point that allocates in proportion to an argument (a count, a
grid size, points that broadcast together) asks :func:`check_bytes` first. The
budget, :func:`memory_limit`, is

- ``BIVNORM_MAX_BYTES`` when it is set: a whole number of bytes, from 1 to
  :data:`CEILING` (digits, optionally with ``_`` separators); anything else is
  a :class:`ValueError` naming the variable;
- otherwise the machine's available memory (``MemAvailable`` of
  ``/proc/meminfo``, else :func:`os.sysconf`), or :data:`FALLBACK_LIMIT` where
  neither can be read;

and never more than :data:`CEILING`. Requests under :data:`SMALL` bytes are
never refused (nor is the budget read for them).
"""

from __future__ import annotations

import math
import operator
import os
import sys
from pathlib import Path

from ._backend import is_tracer

__all__ = [
    "CEILING",
    "FALLBACK_LIMIT",
    "SMALL",
    "check_bytes",
    "check_count",
    "check_shape",
    "memory_limit",
]

#: Requests below this many bytes (64 MiB) are never refused.
SMALL = 1 << 26
#: Used where the available memory cannot be read (2 GiB, WebAssembly's usual heap).
FALLBACK_LIMIT = 1 << 31
#: The hard ceiling of the budget, whatever is set or available: 1 TiB (4 GiB on
#: a 32-bit interpreter).
CEILING = 1 << 40 if sys.maxsize > 1 << 32 else 1 << 32
_VARIABLE = "BIVNORM_MAX_BYTES"


def _available_memory() -> int | None:
    """Available physical memory in bytes, or None when it cannot be read."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _setting(text: str) -> int:
    """The value of ``BIVNORM_MAX_BYTES``, or a ValueError naming it."""
    digits = text.strip().replace("_", "")
    if not digits.isdigit() or not digits.isascii():
        msg = (
            f"{_VARIABLE} must be a whole number of bytes from 1 to {CEILING}, "
            f"got {_VARIABLE}={text!r}"
        )
        raise ValueError(msg)
    # More digits than the ceiling has: too large (and int() refuses thousands).
    digits = digits.lstrip("0") or "0"
    value = int(digits) if len(digits) <= len(str(CEILING)) else CEILING + 1
    if not 1 <= value <= CEILING:
        msg = (
            f"{_VARIABLE} must be a whole number of bytes from 1 to {CEILING} "
            f"({_bytes(CEILING)}), got {_VARIABLE}={text!r}"
        )
        raise ValueError(msg)
    return value


def memory_limit() -> int:
    """The most bytes that one call of bivnorm may ask for (see the module)."""
    text = os.environ.get(_VARIABLE)
    if text is not None:
        return _setting(text)
    return min(_available_memory() or FALLBACK_LIMIT, CEILING)


def _bytes(count: int) -> str:
    for unit, size in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count} bytes"


def check_bytes(what: str, nbytes: int) -> None:
    """Refuse a request of ``nbytes`` over :func:`memory_limit`.

    ``what`` says which argument asks for it (``"n=10000000000"``).
    """
    if nbytes < SMALL:
        return
    limit = memory_limit()
    if nbytes > limit:
        msg = (
            f"{what} needs {nbytes} bytes ({_bytes(nbytes)}), more than "
            f"the {limit} bytes ({_bytes(limit)}) bivnorm may use: the available "
            f"memory, or {_VARIABLE}"
        )
        raise ValueError(msg)


def check_shape(names: tuple[str, ...], shape: tuple[int, ...], item_bytes: int):
    """Refuse arrays of ``shape`` (``item_bytes`` each element) over the budget.

    For the shape that arguments broadcast to: the refusal names them.
    """
    size = math.prod(shape)
    if size * item_bytes >= SMALL:
        points = f"{', '.join(names)} (broadcast to shape {shape}, {size} points)"
        check_bytes(points, size * item_bytes)


def check_count(name: str, value, *, minimum: int = 0, item_bytes: int = 0) -> int:
    """Check a count: an integer ``>= minimum``; return it as ``int``.

    With ``item_bytes`` (the bytes each unit of the count costs) a count whose
    arrays would not fit in :func:`memory_limit` is refused, before anything is
    allocated.
    """
    if isinstance(value, bool) or is_tracer(value):
        count = None
    else:
        try:
            count = operator.index(value)
        except TypeError:
            count = None
    if count is None or count < minimum:
        msg = f"{name} must be an integer >= {minimum}, got {name}={value!r}"
        raise ValueError(msg)
    check_bytes(f"{name}={count!r}", count * item_bytes)
    return count
