"""Kernel-side speed of the Bayesian-optimisation explorers, control by control.

For each explorer (1-D Forrester, 2-D Branin): build it, then time every control through
``Explorer.last_step_ms`` (update + render, what the kernel spends per input) or the wall
time of a button press:

- ``iteration`` right (a new step: one surrogate fit and one proposal) and left (cached);
- the knobs on the current step: ``acquisition``, ``xi`` (EI/PI) and ``kappa`` (UCB),
  each moved through several values (each new value: one proposal, no fit);
- *next step*, *evaluate x next* (1-D), a run setting changed (no recomputation: it waits
  for the replay), and *replay the search with these settings* at step 15 (a new run:
  every step fitted again).

Targets (issue 11): iteration step or knob change < 100 ms median (2-D step < 150 ms),
evaluate x next < 150 ms, replay of a 15-step run < 1 s.

Usage::

    python benchmarks/bench_widgets.py            # 15 steps
    python benchmarks/bench_widgets.py --steps 10

Timings are wall-clock and include whatever else the machine is doing; the load
average is printed next to them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from hpt_helpers.widgets.bo import bo_explorer, bo_explorer_2d  # noqa: E402


def _press(explorer, button) -> float:
    start = time.perf_counter()
    button.click()
    return 1000 * (time.perf_counter() - start)


def bench(explorer, steps: int) -> dict:
    """Every control of ``explorer``: {label: [ms, ...]}."""
    c = explorer.controls
    out: dict[str, list[float]] = {}
    slider = c["iteration"]
    slider.max = max(slider.max, steps + 2)
    out["iteration -> (new step)"] = []
    for k in range(1, steps + 1):
        slider.value = k
        out["iteration -> (new step)"].append(explorer.last_step_ms)
    out["iteration <- (cached step)"] = []
    for k in range(steps - 1, steps // 2 - 1, -1):
        slider.value = k
        out["iteration <- (cached step)"].append(explorer.last_step_ms)
    out["acquisition"], out["xi"], out["kappa"] = [], [], []
    for name in ("pi", "ucb", "ei", "ucb", "pi", "ei"):
        c["acquisition"].value = name
        out["acquisition"].append(explorer.last_step_ms)
    for value in (0.001, 0.01, 0.1, 1.0, 0.03, 0.0):
        c["xi"].value = value
        out["xi"].append(explorer.last_step_ms)
    c["acquisition"].value = "ucb"
    for value in (0.0, 1.0, 3.0, 5.0, 2.5, 1.96):
        c["kappa"].value = value
        out["kappa"].append(explorer.last_step_ms)
    c["acquisition"].value = "ei"
    out["next step"] = [_press(explorer, explorer.next_button) for _ in range(4)]
    if hasattr(explorer, "evaluate_button"):
        out["evaluate x next"] = []
        for x in (0.1, 0.35, 0.6, 0.9):
            explorer.x_text.value = x
            out["evaluate x next"].append(_press(explorer, explorer.evaluate_button))
    slider.value = steps
    setting = explorer.run_controls["n_initial"]
    start = time.perf_counter()
    setting.value = setting.value + 1
    out["a run setting (waits for replay)"] = [1000 * (time.perf_counter() - start)]
    out[f"replay at step {steps} (new run)"] = [_press(explorer, explorer.replay_button)]
    setting.value = setting.value - 1
    out[f"replay at step {steps} (run seen before)"] = [_press(explorer, explorer.replay_button)]
    return out


def line(label: str, ms) -> str:
    ms = np.asarray(ms, dtype=float)
    return (f"  {label:<38} n={ms.size:>3}  median {statistics.median(ms):7.1f} ms  "
            f"p90 {np.percentile(ms, 90):7.1f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=15)
    args = parser.parse_args(argv)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    makers = {"bo_explorer('forrester')": lambda: bo_explorer("forrester", n_steps=args.steps),
              "bo_explorer_2d('branin')": lambda: bo_explorer_2d("branin", n_steps=args.steps)}
    for name, make in makers.items():
        start = time.perf_counter()
        explorer = make()
        print(f"{name}: built in {1000 * (time.perf_counter() - start):.0f} ms")
        for label, ms in bench(explorer, args.steps).items():
            print(line(label, ms))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("targets: step/knob median < 100 ms (2-D step < 150 ms), evaluate x next < 150 ms, "
          "replay of 15 steps < 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
