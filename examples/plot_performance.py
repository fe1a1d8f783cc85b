r"""
Performance
===========

How much faster is bivnorm than SciPy, NumPy and seaborn, and how close does it come to
what the machine allows? Each ratio is measured side by side in one ``nox -s bench`` run
(medians of paired, alternating runs); some figures have a goal but no reference. All
are read from the checked-in ``benchmarks/results.json``: this page runs no benchmark.
"""

# %%
# The latest results
# ------------------
# The file sits two folders up from this example in a checkout of bivnorm; a notebook in
# JupyterLite has neither ``__file__`` nor the file, and says so.
import json
import re
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt

import bivnorm as bn

here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
paths = [folder / "benchmarks/results.json" for folder in (here, *here.parents)]
path = next((p for p in paths if p.is_file()), None)
results = {} if path is None else json.loads(path.read_text())
if not results:
    print("benchmarks/results.json is not here: run `nox -s bench` in a checkout.")
else:
    machine = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items() if v)
    measured_on = (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['date'][:10]}; "
        f"load average {machine['load_average_start'][0]:.1f}"
    )
    print(measured_on, versions, sep="\n")

# %%
# Ratios, figures and goals
# -------------------------
# Top, speed-ups over a reference; middle, bivnorm's time as a fraction of a reference
# time: the memory floor, the generator alone, NumPy's closed form, a seaborn rebuild.
# Bottom, figures with no reference, as shares of the budgets their goals set (a count
# must be zero: no bar). The black tick on each bar is its goal; orange bars miss it.
PASS, FAIL = bn.plotting.COLORS["blue"], bn.plotting.COLORS["vermillion"]
TITLES = {
    "speedup": "speed-up over the reference (higher is better)",
    "fraction": "time / reference time (lower is better)",
    "figure": "measured figure / its budget (lower is better)",
}


def shown(r):
    if r["kind"] != "figure":
        return f"{r['ratio']:.2f}x (goal {r['goal']}x)"
    value = "not measured" if r["value"] is None else f"{r['value']:.4g} {r['unit']}"
    return f"{value.strip()} (goal {r['goal']})"


def draw(ax, rows, title):
    figure = rows[0]["kind"] == "figure"  # drawn as a share of its budget
    values = [r["value"] / r["goal_value"] if figure else r["ratio"] for r in rows]
    goals = [1.0 if figure else r["goal_value"] for r in rows]
    labels = [re.sub(r"10\^(\d+)", r"$10^{\1}$", r["what"]) for r in rows]
    colors = [PASS if r["pass"] else FAIL for r in rows]
    ax.barh(range(len(rows)), values, color=colors, height=0.6)
    for i, (r, value, goal) in enumerate(zip(rows, values, goals, strict=True)):
        ax.plot([goal] * 2, [i - 0.4, i + 0.4], color="black", lw=2)
        ax.annotate(" " + shown(r), (max(value, goal), i), va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [textwrap.fill(s, 40) for s in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set(xscale="log", xlim=(min(*values, *goals) / 2, max(*values, *goals) * 12))
    ax.tick_params(axis="x", which="minor", labelbottom=False)
    ax.set_title(title, fontsize=10)


if results:
    bars = [r for r in results["rows"] if r["kind"] != "figure" or r["goal_op"] == "<="]
    # A figure <= 0 (a first draw before DOMContentLoaded) has no log bar: printed.
    drawn = [r for r in bars if r.get("value", 1) is not None and r.get("value", 1) > 0]
    for r in bars:
        if r not in drawn:
            print(f"{r['what']}: {shown(r)}")
    panels = {t: [r for r in drawn if r["kind"] == k] for k, t in TITLES.items()}
    panels = {title: rs for title, rs in panels.items() if rs}
    heights = [len(rs) + 1.5 for rs in panels.values()]
    fig = plt.figure(figsize=(6.2, 0.36 * sum(heights) + 1), layout="constrained")
    axes = fig.subplot_mosaic([[title] for title in panels], height_ratios=heights)
    for title, rs in panels.items():
        draw(axes[title], rs, title)
    fig.suptitle(f"Measured on {measured_on}", fontsize=9)

# %%
# Every figure, with its note
# ---------------------------
# The compile count among them, then sampling spread over virtual CPU devices.
for r in results.get("rows", []):
    if r["kind"] == "figure":
        print(f"{r['what']}: {shown(r)}; {r['note']}")
for s in results.get("sharded_sampling", []):
    print(f"10^7 pairs over {s['devices']} device(s): {s['seconds'] * 1e3:.0f} ms")

# %%
# What bounds the float64 density rows
# ------------------------------------
# Not SciPy but the pause it makes: called back to back, the kernel finds its inputs in
# cache and both cores awake; after a 24 ms sleep, as after SciPy's 24 ms call, it takes
# about twice as long on this machine.
info = results.get("info", {})
for key, what in (
    ("pdf_1e6_f64_speedup_back_to_back", "pdf, back to back"),
    ("pdf_1e6_f64_speedup_after_sleep", "pdf, each call after a 24 ms sleep"),
):
    if key in info:
        print(f"SciPy's time / bivnorm's time, {what}: {info[key]:.1f}x")

# %%
# .. admonition:: References
#
#    The use of the following functions, methods, classes and modules is shown in
#    this example:
#
#    - :data:`bivnorm.plotting.COLORS`, :meth:`matplotlib.axes.Axes.barh`
#    - :meth:`matplotlib.figure.Figure.subplot_mosaic`
#
# .. tags::
#
#    topic: jax, level: intermediate
