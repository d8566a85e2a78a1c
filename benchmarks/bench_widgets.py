"""Kernel-side speed of the Bayesian-optimisation explorers, control by control.

For each explorer (1-D Forrester, 2-D Branin): build it, then time every control through
``Explorer.last_step_ms`` (update + render, what the kernel spends per input) or the wall
time of a button press:

- ``iteration`` right (a new step: one surrogate fit and one proposal) and left (cached);
- the knobs on the current step: ``acquisition``, ``xi`` (EI/PI) and ``kappa`` (UCB),
  each moved through several values (each new value: one proposal, no fit);
- *next step* (a new step, and over steps already made), *evaluate x next* (1-D), every
  run setting changed (no recomputation: it waits for the replay), and *replay the
  search with these settings* at step 15 (a new run: every step fitted again; a run seen
  before; 1-D: a noisy run, whose surrogate learns the noise).

Targets (issue 11): iteration step or knob change < 100 ms median (2-D step < 150 ms),
evaluate x next < 150 ms, replay of a 15-step run < 1 s.

Usage::

    python benchmarks/bench_widgets.py            # 15 steps
    python benchmarks/bench_widgets.py --steps 10

Each control is timed twice: wall-clock (what the learner waits, including whatever else
the machine is doing; the load average is printed next to it) and the CPU time of this
process (close to the wall time on an idle machine; run pinned to one core,
``taskset -c 1``, so that it is a one-core figure).
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


def _timed(action) -> tuple[float, float]:
    """(wall ms, CPU ms of this process) of ``action()``.

    The CPU time leaves out the time the process waited for a core, so on a shared
    machine it is close to what the control costs on an idle one (pinned to one core,
    this process uses at most one)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return 1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu)


def _set(widget, value):
    return lambda: setattr(widget, "value", value)


def bench(explorer, steps: int) -> dict:
    """Every control of ``explorer``: {label: [(wall ms, cpu ms), ...]}."""
    c = explorer.controls
    out: dict[str, list] = {}

    def record(label, action):
        out.setdefault(label, []).append(_timed(action))

    slider = c["iteration"]
    slider.max = max(slider.max, steps + 8)
    for k in range(1, steps + 1):
        record("iteration -> (new step)", _set(slider, k))
    for k in range(steps - 1, steps // 2 - 1, -1):
        record("iteration <- (cached step)", _set(slider, k))
    for name in ("pi", "ucb", "ei", "ucb", "pi", "ei"):
        record("acquisition", _set(c["acquisition"], name))
    for value in (0.001, 0.01, 0.1, 1.0, 0.03, 0.0):
        record("xi (ei)", _set(c["xi"], value))
    c["acquisition"].value = "ucb"
    for value in (0.0, 1.0, 3.0, 5.0, 2.5, 1.96):
        record("kappa (ucb)", _set(c["kappa"], value))
    c["acquisition"].value = "ei"
    slider.value = steps
    for _ in range(4):
        record("next step (new step)", explorer.next_button.click)
    slider.value = steps
    for _ in range(4):
        record("next step (cached step ahead)", explorer.next_button.click)
    if hasattr(explorer, "evaluate_button"):
        for x in (0.1, 0.35, 0.6, 0.9):
            explorer.x_text.value = x
            record("evaluate x next", explorer.evaluate_button.click)
    slider.value = steps
    for name, setting in explorer.run_controls.items():
        values = [o[1] if isinstance(o, tuple) else o
                  for o in getattr(setting, "options", ())] or [setting.value + 1]
        new = next((v for v in values if v != setting.value), setting.value)
        if name == "noise":
            new = setting.max / 2
        old = setting.value
        record("a run setting (waits for replay)", _set(setting, new))
        setting.value = old
    setting = explorer.run_controls["n_initial"]
    setting.value = setting.value + 1
    record(f"replay at step {steps} (new run)", explorer.replay_button.click)
    setting.value = setting.value - 1
    record(f"replay at step {steps} (run seen before)", explorer.replay_button.click)
    if "noise" in explorer.run_controls:
        noise = explorer.run_controls["noise"]
        noise.value = noise.max / 2
        record(f"replay at step {steps} (new noisy run)", explorer.replay_button.click)
        noise.value = 0.0
        explorer.replay_button.click()
    return out


def line(label: str, timings) -> str:
    wall, cpu = np.asarray(timings, dtype=float).T
    return (f"  {label:<38} n={wall.size:>3}  wall median {statistics.median(wall):7.1f} "
            f"p90 {np.percentile(wall, 90):7.1f} ms | cpu median {statistics.median(cpu):7.1f} "
            f"p90 {np.percentile(cpu, 90):7.1f} ms")


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
