"""``bivnorm._budget`` on its own: the setting ``BIVNORM_MAX_BYTES``, the ceiling,
and the refusals made before anything is allocated.

The module does not depend on the backend (it never touches an array); the
public entry points that call it are tested on both paths in ``test_sizes.py``.
"""

from __future__ import annotations

import re
import sys
import time
import tracemalloc

import numpy as np
import pytest
from _helpers import SETTINGS
from hypothesis import given
from hypothesis import strategies as st

from bivnorm import _budget as budget

VARIABLE = "BIVNORM_MAX_BYTES"
CEILING = budget.CEILING
SMALL = budget.SMALL


def malformed(text: str) -> str:
    """The whole message for a setting that is not a whole number."""
    return re.escape(
        f"{VARIABLE} must be a whole number of bytes from 1 to {CEILING}, "
        f"got {VARIABLE}={text!r}"
    )


def out_of_range(text: str) -> str:
    """The whole message for a whole number outside [1, CEILING]."""
    return re.escape(
        f"{VARIABLE} must be a whole number of bytes from 1 to {CEILING} (1 TiB), "
        f"got {VARIABLE}={text!r}"
    )


def test_the_constants_are_the_documented_ones():
    assert SMALL == 64 * 2**20
    assert budget.FALLBACK_LIMIT == 2 * 2**30
    ceiling = 2**40 if sys.maxsize > 2**32 else 2**32  # a 32-bit interpreter: 4 GiB
    assert ceiling == budget.CEILING


# -- the setting -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("1", 1),
        ("1024", 1024),
        (" 4096\n", 4096),  # surrounding white space
        ("1_000_000", 10**6),  # separators
        ("0007", 7),
        (str(CEILING), CEILING),  # the ceiling itself
        (f"{CEILING:_}", CEILING),
        ("0" * 5000 + "5", 5),  # leading zeros are still digits
    ],
)
def test_a_whole_number_of_bytes_is_the_limit(monkeypatch, text, limit):
    monkeypatch.setenv(VARIABLE, text)
    assert budget.memory_limit() == limit
    assert type(budget.memory_limit()) is int


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "_",
        "abc",
        "-1",
        "+5",
        "12.5",
        "1e9",
        "0x10",
        "1 000",
        "nan",
        "inf",
        "64MiB",  # no units
        "1GB",
        "2k",
        "\u0661\u0662",  # Arabic-Indic digits: str.isdigit, not ASCII
        "\u00b2",  # superscript two: str.isdigit too
    ],
)
def test_a_setting_that_is_not_a_whole_number_is_refused(monkeypatch, text):
    monkeypatch.setenv(VARIABLE, text)
    with pytest.raises(ValueError, match=f"^{malformed(text)}$"):
        budget.memory_limit()


@pytest.mark.parametrize(
    "text",
    ["0", "000", "0_0", str(CEILING + 1), "9" * 20, "1" * 5000],
)
def test_a_setting_outside_one_to_the_ceiling_is_refused(monkeypatch, text):
    """Zero and numbers above the ceiling; thousands of digits too (beyond what
    ``int()`` converts: the same message, not Python's)."""
    monkeypatch.setenv(VARIABLE, text)
    with pytest.raises(ValueError, match=f"^{out_of_range(text)}$"):
        budget.memory_limit()


@SETTINGS
@given(
    count=st.integers(1, 2 * CEILING),
    grouped=st.booleans(),
    pad=st.sampled_from(["", " ", "\t", "\n"]),
)
def test_whole_numbers_read_exactly_up_to_the_ceiling(count, grouped, pad):
    text = pad + (f"{count:_}" if grouped else str(count)) + pad
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(VARIABLE, text)
        if count <= CEILING:
            assert budget.memory_limit() == count
        else:
            with pytest.raises(ValueError, match=f"^{out_of_range(text)}$"):
                budget.memory_limit()


# -- without the setting ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("available", "limit"),
    [
        (None, budget.FALLBACK_LIMIT),  # nothing readable: WebAssembly's heap
        (0, budget.FALLBACK_LIMIT),
        (12_345_678, 12_345_678),
        (CEILING, CEILING),
        (CEILING + 1, CEILING),  # never more than the ceiling
        (10**18, CEILING),
    ],
)
def test_without_the_setting_the_available_memory_is_the_limit(
    monkeypatch, available, limit
):
    monkeypatch.delenv(VARIABLE, raising=False)
    monkeypatch.setattr(budget, "_available_memory", lambda: available)
    assert budget.memory_limit() == limit


def test_the_setting_wins_over_the_available_memory(monkeypatch):
    monkeypatch.setenv(VARIABLE, "4096")
    monkeypatch.setattr(budget, "_available_memory", lambda: 10**12)
    assert budget.memory_limit() == 4096


class _Meminfo:
    """A stand-in for ``pathlib.Path`` that reads ``text`` (or raises ``error``)."""

    def __init__(self, text: str = "", error: Exception | None = None):
        self.text, self.error, self.paths = text, error, []

    def __call__(self, path):
        self.paths.append(path)
        return self

    def read_text(self):
        if self.error is not None:
            raise self.error
        return self.text


def test_the_available_memory_is_memavailable_of_proc_meminfo(monkeypatch):
    meminfo = _Meminfo("MemTotal:  8000 kB\nMemFree:  100 kB\nMemAvailable:  2048 kB\n")
    monkeypatch.setattr(budget, "Path", meminfo)
    assert budget._available_memory() == 2048 * 1024
    assert meminfo.paths == ["/proc/meminfo"]


@pytest.mark.parametrize(
    "meminfo",
    [
        _Meminfo(error=FileNotFoundError("/proc/meminfo")),  # macOS, Windows
        _Meminfo(error=PermissionError("/proc/meminfo")),
        _Meminfo("MemAvailable: lots kB\n"),
        _Meminfo("MemAvailable:\n"),
        _Meminfo("MemTotal: 8000 kB\n"),  # an old kernel: no MemAvailable
    ],
)
def test_otherwise_the_available_pages(monkeypatch, meminfo):
    pages = {"SC_AVPHYS_PAGES": 1000, "SC_PAGE_SIZE": 4096}
    monkeypatch.setattr(budget, "Path", meminfo)
    monkeypatch.setattr(budget.os, "sysconf", pages.__getitem__)
    assert budget._available_memory() == 1000 * 4096


def test_none_when_nothing_can_be_read(monkeypatch):
    def sysconf(name):
        raise ValueError(name)  # what os.sysconf raises for an unknown name

    monkeypatch.setattr(budget, "Path", _Meminfo(error=OSError("no /proc")))
    monkeypatch.setattr(budget.os, "sysconf", sysconf)
    assert budget._available_memory() is None
    monkeypatch.delenv(VARIABLE, raising=False)
    assert budget.memory_limit() == budget.FALLBACK_LIMIT


def test_this_machine_has_its_available_memory_read():
    available = budget._available_memory()
    assert type(available) is int
    assert available > SMALL


# -- check_bytes -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count", "words"),
    [
        (0, "0 bytes"),
        (1000, "1000 bytes"),
        (2**20 - 1, "1048575 bytes"),
        (2**20, "1 MiB"),
        (SMALL, "64 MiB"),
        (3 * 2**29, "1.5 GiB"),
        (2**40, "1 TiB"),
        (10**15, "909 TiB"),
    ],
)
def test_sizes_in_words(count, words):
    assert budget._bytes(count) == words


def test_small_requests_are_never_refused_nor_the_budget_read(monkeypatch):
    """Below 64 MiB even a malformed setting is not read."""
    monkeypatch.setenv(VARIABLE, "junk")
    assert budget.check_bytes("n=1", SMALL - 1) is None
    assert budget.check_bytes("n=1", 0) is None
    with pytest.raises(ValueError, match=f"^{malformed('junk')}$"):
        budget.check_bytes("n=1", SMALL)  # read from 64 MiB on


def test_small_requests_pass_whatever_the_limit(monkeypatch):
    monkeypatch.setenv(VARIABLE, "1")
    budget.check_bytes("n=1", SMALL - 1)
    with pytest.raises(ValueError, match=r"^n=1 needs 67108864 bytes"):
        budget.check_bytes("n=1", SMALL)


def test_a_request_up_to_the_limit_passes_one_byte_more_is_refused(monkeypatch):
    limit = 3 * 2**27  # 384 MiB
    monkeypatch.setenv(VARIABLE, str(limit))
    budget.check_bytes("n=5", limit)
    message = (
        f"n=5 needs {limit + 1} bytes (384 MiB), more than the {limit} bytes "
        f"(384 MiB) bivnorm may use: the available memory, or {VARIABLE}"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        budget.check_bytes("n=5", limit + 1)


@SETTINGS
@given(limit=st.integers(1, CEILING), nbytes=st.integers(0, 4 * CEILING))
def test_refused_exactly_when_over_the_limit_from_64_mib(limit, nbytes):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(VARIABLE, str(limit))
        if nbytes < SMALL or nbytes <= limit:
            budget.check_bytes("what", nbytes)
        else:
            with pytest.raises(ValueError, match=f"^what needs {nbytes} bytes "):
                budget.check_bytes("what", nbytes)


# -- check_shape -----------------------------------------------------------------------
def _refused_without_allocating(call) -> str:
    """Run ``call`` (which must raise ValueError); its message. It must allocate
    under 64 KiB and take under 50 ms."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ValueError, match=" needs ") as info:
            call()
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**16, peak
    assert seconds < 0.05, seconds
    return str(info.value)


def test_a_broadcast_shape_over_the_ceiling_is_refused_before_allocation():
    """10^12 points of 32 bytes: over the ceiling whatever the machine."""
    names, shape = ("x", "y"), (10**6, 10**6)
    message = _refused_without_allocating(lambda: budget.check_shape(names, shape, 32))
    assert message.startswith(
        "x, y (broadcast to shape (1000000, 1000000), 1000000000000 points) needs "
        "32000000000000 bytes (29.1 TiB), more than the "
    ), message


def test_check_shape_counts_the_bytes_of_every_element(monkeypatch):
    monkeypatch.setenv(VARIABLE, str(10**9))
    budget.check_shape(("x",), (10**9 // 8,), 8)  # exactly the limit
    budget.check_shape(("x",), (10**9,), 1)
    with pytest.raises(ValueError, match=r"^x \(broadcast to shape \(125000001,\)"):
        budget.check_shape(("x",), (10**9 // 8 + 1,), 8)
    with pytest.raises(
        ValueError, match=r"1000000002 points\) needs 1000000002 bytes "
    ):
        budget.check_shape(("x", "y"), (2, 500_000_001), 1)


@pytest.mark.parametrize(
    "shape", [(), (0,), (0, 10**15), (10**6,), (2**19, 3), (1,) * 32]
)
def test_small_or_empty_shapes_are_never_refused_nor_the_budget_read(
    monkeypatch, shape
):
    monkeypatch.setenv(VARIABLE, "junk")
    assert budget.check_shape(("x", "y"), shape, 32) is None


# -- check_count -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [0, 7, 10**6, np.int8(7), np.uint64(7), np.int64(7), np.array(7), np.intp(0)],
)
def test_a_count_is_returned_as_an_int(value):
    count = budget.check_count("n", value)
    assert count == int(value)
    assert type(count) is int


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        np.True_,
        2.0,
        2.5,
        np.float64(3.0),
        "3",
        None,
        [3],
        np.array([3]),
        np.array(3.0),
        -1,
        np.int64(-5),
    ],
)
def test_anything_but_an_integer_at_least_the_minimum_is_refused(value):
    message = f"n must be an integer >= 0, got n={value!r}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        budget.check_count("n", value)


@SETTINGS
@given(value=st.integers(-(10**30), 10**30), minimum=st.integers(-5, 5))
def test_an_integer_is_accepted_exactly_from_the_minimum(value, minimum):
    if value >= minimum:
        assert budget.check_count("size", value, minimum=minimum) == value
    else:
        message = f"size must be an integer >= {minimum}, got size={value!r}"
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            budget.check_count("size", value, minimum=minimum)


def test_a_count_whose_arrays_cannot_fit_is_refused_before_allocation(monkeypatch):
    monkeypatch.setenv(VARIABLE, str(10**9))
    assert budget.check_count("n", 10**9 // 16, item_bytes=16) == 62_500_000
    with pytest.raises(ValueError, match=r"^n=62500001 needs 1000000016 bytes "):
        budget.check_count("n", 10**9 // 16 + 1, item_bytes=16)
    monkeypatch.delenv(VARIABLE)
    message = _refused_without_allocating(
        lambda: budget.check_count("n", 10**30, item_bytes=16)
    )
    assert message.startswith(f"n={10**30} needs {16 * 10**30} bytes "), message
    # Without a cost per unit, a count is only a number.
    assert budget.check_count("n", 10**30) == 10**30


def test_a_traced_count_is_refused(bnj):
    """A count sets array shapes: it must be concrete, not a tracer."""
    import jax
    import jax.numpy as jnp

    def count(n):
        return budget.check_count("n", n)

    with pytest.raises(
        ValueError, match=r"^n must be an integer >= 0, got n=\w*Tracer"
    ):
        jax.make_jaxpr(count)(jnp.int32(3))
