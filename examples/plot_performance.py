r"""
Performance
===========

How much faster is bivnorm than SciPy, NumPy and seaborn, and how close does it get
to what the machine allows? Each bar below is a ratio measured side by side in one
run of ``nox -s bench``: medians of paired, alternating runs in one process, next to
the goal it should meet. The numbers are read from the checked-in file
``benchmarks/results.json``; building this page runs no benchmark.
"""

# %%
# The latest results
# ------------------
# The file sits two folders up from this example in a checkout of bivnorm. A
# notebook opened in JupyterLite has no such file, and says so.
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt


def find_results(name="benchmarks/results.json"):
    try:
        start = Path(__file__).resolve().parent
    except NameError:  # a notebook has no __file__
        start = Path.cwd()
    for folder in (start, *start.parents):
        if (folder / name).is_file():
            return json.loads((folder / name).read_text())
    return None


results = find_results()
if results is None:
    print("benchmarks/results.json is not here: run `nox -s bench` in a checkout.")
else:
    machine = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items() if v)
    measured_on = (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['date'][:10]}; "
        f"load average {machine['load_average_start'][0]:.1f}"
    )
    print(measured_on)
    print(versions)

# %%
# Ratios and goals
# ----------------
# Left, speed-ups over a reference (higher is better); right, bivnorm's time as a
# fraction of a reference time (lower is better): the memory floor, the generator
# alone, NumPy's closed form, a seaborn rebuild. The black tick on each bar is its
# goal; orange bars miss it.
PASS, FAIL = "#0072B2", "#D55E00"


def draw(ax, rows, title):
    labels = [re.sub(r"10\^(\d+)", r"$10^{\1}$", r["what"]) for r in rows]
    ratios = [r["ratio"] for r in rows]
    goals = [r["goal_value"] for r in rows]
    colors = [PASS if r["pass"] else FAIL for r in rows]
    y = range(len(rows))
    ax.barh(y, ratios, color=colors, height=0.6)
    for i, r in enumerate(rows):
        ax.plot([r["goal_value"]] * 2, [i - 0.4, i + 0.4], color="black", lw=2)
        ax.annotate(
            f" {r['ratio']:.2f}x (goal {r['goal']})",
            (max(r["ratio"], r["goal_value"]), i),
            va="center",
            fontsize=8,
        )
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(min(*ratios, *goals) / 2, max(*ratios, *goals) * 8)
    ax.set_title(title, fontsize=10)


if results is not None:
    rows = results["rows"]
    speedups = [r for r in rows if r["kind"] == "speedup"]
    fractions = [r for r in rows if r["kind"] == "fraction"]
    fig, axes = plt.subplots(2, 1, figsize=(8, 6.5), layout="constrained")
    draw(axes[0], speedups, "speed-up over the reference (higher is better)")
    draw(axes[1], fractions, "time / reference time (lower is better)")
    fig.suptitle(f"Measured on {measured_on}", fontsize=9)

# %%
# Counts and build times
# ----------------------
# Compilations after the first render of the slider app, the documentation
# build and the slowest example, and sampling spread over virtual CPU devices.
if results is not None:
    for r in rows:
        if r["kind"] in {"count", "seconds"}:
            value = "not measured" if r["ratio"] is None else f"{r['ratio']:.4g}"
            print(f"{r['what']}: {value} (goal {r['goal']}); {r['note']}")
    for s in results.get("sharded_sampling", []):
        print(f"10^7 pairs over {s['devices']} device(s): {s['seconds'] * 1e3:.0f} ms")

# %%
# What bounds the float64 density rows
# ------------------------------------
# Not SciPy but the pause it makes: called back to back, the kernel finds its
# inputs in cache and both cores awake; after a 24 ms sleep, as after SciPy's
# 24 ms call, it takes about twice as long on this machine.
if results is not None:
    info = results.get("info", {})
    for key, what in (
        ("pdf_1e6_f64_speedup_back_to_back", "pdf, back to back"),
        ("pdf_1e6_f64_speedup_after_sleep", "pdf, each call after a 24 ms sleep"),
    ):
        if key in info:
            print(f"SciPy's time / bivnorm's time, {what}: {info[key]:.1f}x")

plt.show()
