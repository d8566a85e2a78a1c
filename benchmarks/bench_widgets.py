"""Kernel-side speed of the Bayesian-optimisation explorers (hpt_helpers.widgets.bo).

For each explorer: build it, move the ``iteration`` slider one step at a time to the right
(each step computes a new surrogate fit) and back to the left (cached steps, redraw
only), and print the median and 90th percentile of ``Explorer.last_step_ms`` (update +
render, what the kernel spends per slider move). Target: median < 100 ms. Also timed:
switching the acquisition (a new run: every step up to the slider's position is fitted).

Usage::

    python benchmarks/bench_widgets.py            # 15 steps right + 15 left per explorer
    python benchmarks/bench_widgets.py --steps 10

Timings are wall-clock and include whatever else the machine is doing; the load
average is printed next to them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from hpt_helpers.widgets.bo import (  # noqa: E402
    bo_explorer,
    bo_explorer_2d,
    svc_digits_objective,
    svc_digits_table,
)


def moves(explorer, steps: int) -> tuple[list[float], list[float]]:
    """Step right ``steps`` times, then left ``steps`` times; the step times of each."""
    slider = explorer.controls["iteration"]
    slider.max = max(slider.max, steps)
    right, left = [], []
    for k in range(1, steps + 1):
        slider.value = k
        right.append(explorer.last_step_ms)
    for k in range(steps - 1, -1, -1):
        slider.value = k
        left.append(explorer.last_step_ms)
    return right, left


def summary(label: str, ms) -> str:
    ms = np.asarray(ms, dtype=float)
    return (f"  {label:<34} n={ms.size:>3}  median {np.median(ms):6.1f} ms  "
            f"p90 {np.percentile(ms, 90):6.1f} ms")


def bench(name: str, make, steps: int) -> dict:
    start = time.perf_counter()
    explorer = make()
    build_ms = 1000 * (time.perf_counter() - start)
    right, left = moves(explorer, steps)
    explorer.controls["iteration"].value = steps // 2
    explorer.controls["acquisition"].value = "ucb"
    switch_ms = explorer.last_step_ms
    print(f"{name}: built in {build_ms:.0f} ms")
    print(summary("slider moves (all)", right + left))
    print(summary("  new steps (fit + draw)", right))
    print(summary("  cached steps (draw only)", left))
    print(f"  acquisition switch at step {steps // 2}: {switch_ms:.0f} ms (one-off: a new run)")
    return {"all": right + left}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=15)
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    results = {}
    results["bo_explorer (forrester)"] = bench(
        "bo_explorer('forrester')", lambda: bo_explorer("forrester"), args.steps)
    results["bo_explorer_2d (branin)"] = bench(
        "bo_explorer_2d('branin')", lambda: bo_explorer_2d("branin"), args.steps)
    start = time.perf_counter()
    table = svc_digits_table()
    print(f"svc_digits_table(): {len(table)} CV scores in "
          f"{time.perf_counter() - start:.1f} s (done once per notebook)")
    objective = svc_digits_objective(table)
    results["bo_explorer_2d (svc_digits)"] = bench(
        "bo_explorer_2d('svc_digits')", lambda: bo_explorer_2d(objective), args.steps)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("\nmedian / p90 of last_step_ms over all slider moves (target: median < 100 ms)")
    for name, r in results.items():
        ms = np.asarray(r["all"])
        print(f"  {name:<30} {np.median(ms):6.1f} / {np.percentile(ms, 90):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
