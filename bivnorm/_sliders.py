"""The one table of slider ranges and steps, and the explorer's presets.

:class:`~bivnorm.Explorer` sends :data:`SLIDERS` and :data:`PRESETS` to its front
end as data, and :class:`~bivnorm.widgets.SliderApp` builds its sliders from the
same table: one source of truth. Inside these closed ranges every law is valid
(standard deviations > 0, :math:`|\\rho| < 1`).
"""

from __future__ import annotations

from typing import NamedTuple


class Slider(NamedTuple):
    """A slider: closed range ``[lo, hi]``, step, label (HTML) and its plain text."""

    lo: float
    hi: float
    step: float
    label: str
    text: str


#: Name -> slider, in the order the sliders are shown. ``n`` (1 to the
#: explorer's capacity, step 1) is added per explorer.
SLIDERS = {
    "mean_x": Slider(-3.0, 3.0, 0.05, "μ<sub>x</sub>", "μx"),
    "mean_y": Slider(-3.0, 3.0, 0.05, "μ<sub>y</sub>", "μy"),
    "std_x": Slider(
        0.2, 3.0, 0.05, "&sigma;<sub>x</sub>", "\N{GREEK SMALL LETTER SIGMA}x"
    ),
    "std_y": Slider(
        0.2, 3.0, 0.05, "&sigma;<sub>y</sub>", "\N{GREEK SMALL LETTER SIGMA}y"
    ),
    "rho": Slider(-0.99, 0.99, 0.01, "&rho;", "\N{GREEK SMALL LETTER RHO}"),
    "x0": Slider(-15.0, 15.0, 0.05, "x<sub>0</sub>", "x0"),
    "y0": Slider(-15.0, 15.0, 0.05, "y<sub>0</sub>", "y0"),
}

#: Presets: a name, the law (on the sliders' grid), and for real data where the
#: numbers come from and in which units x and y are.
PRESETS = [
    {
        "name": "Pearson: fathers and sons",
        "values": {
            "mean_x": -0.3,
            "mean_y": 0.7,
            "std_x": 2.75,
            "std_y": 2.8,
            "rho": 0.5,
        },
        "note": "x: father's height - 68 in, y: son's height - 68 in.",
        "source": "Pearson and Lee (1903): 1,078 father-son pairs "
        "(means 67.7 and 68.7 in, SDs 2.74 and 2.81 in, r = 0.50).",
    },
    {
        "name": "Old Faithful",
        "values": {
            "mean_x": 0.0,
            "mean_y": 0.1,
            "std_x": 1.15,
            "std_y": 1.35,
            "rho": 0.9,
        },
        "note": "x: eruption duration - 3.5 min, y: (waiting time - 70 min) / 10.",
        "source": "Old Faithful geyser, Azzalini and Bowman (1990), R's `faithful`: "
        "272 eruptions (means 3.49 and 70.9 min, SDs 1.14 and 13.6 min, r = 0.90).",
    },
    {
        "name": "independent",
        "values": {
            "mean_x": 0.0,
            "mean_y": 0.0,
            "std_x": 1.0,
            "std_y": 1.0,
            "rho": 0.0,
        },
    },
    {
        "name": "strong negative",
        "values": {
            "mean_x": 0.0,
            "mean_y": 0.0,
            "std_x": 1.0,
            "std_y": 1.0,
            "rho": -0.9,
        },
    },
    {
        "name": "needle",
        "values": {
            "mean_x": 0.0,
            "mean_y": 0.0,
            "std_x": 2.0,
            "std_y": 2.0,
            "rho": 0.99,
        },
    },
    {
        "name": "shifted",
        "values": {
            "mean_x": 2.0,
            "mean_y": -1.5,
            "std_x": 0.8,
            "std_y": 1.2,
            "rho": 0.4,
        },
    },
]


def reaching(name: str, value: float) -> Slider:
    """The slider of ``name``, its range widened (if it must be) to end at ``value``.

    A law outside the table's ranges is then shown exactly: a value at an end of
    a range is on the slider's grid (both ends are). Every value of the widened
    range is still valid: its ends are the table's, which are, or ``value``,
    which is a parameter of a valid law (a standard deviation > 0, a correlation
    in (-1, 1)), and each parameter's set of valid values is an interval.
    """
    s = SLIDERS[name]
    return s._replace(lo=min(s.lo, value), hi=max(s.hi, value))


def specs(capacity: int) -> dict:
    """The table as the front end takes it, with the ``n`` slider up to ``capacity``."""
    table = {
        name: {"name": name, **s._asdict()}
        for name, s in SLIDERS.items()
        if name not in ("x0", "y0")
    }
    table["n"] = {
        "name": "n",
        "lo": 1,
        "hi": capacity,
        "step": 1,
        "label": "n",
        "text": "n",
    }
    for name in ("x0", "y0"):
        table[name] = {"name": name, **SLIDERS[name]._asdict()}
    return table
