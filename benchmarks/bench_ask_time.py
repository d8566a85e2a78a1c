"""Benchmark: milliseconds of one ``BayesianOptimizer.ask`` against the number of observations.

On Hartmann-6 (6-D), for n = 50, 100, 200, 400 and 800 observations (the first n points of
a seeded random sample, told at once; the optimizer's first fit at that size is made
and not timed), it then times ``--steps`` consecutive steady-state steps (tell one more
observation, ask) and prints the median and the maximum of the ask times: the median is
the typical step, the maximum includes the steps on which the surrogate's hyperparameters
are re-optimised. Times are CPU time of this process (``time.process_time``), which a
busy machine inflates far less than wall-clock (printed too). BLAS is limited to one
thread (the optimizer does that itself).

Goals (one core): under 100 ms at 200 observations, under 400 ms at 800.

Usage::

    taskset -c 0 python benchmarks/bench_ask_time.py
    python benchmarks/bench_ask_time.py --sizes 50 100 200 --steps 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.testfunctions import HARTMANN6


def ask_times(n: int, steps: int, seed: int = 0) -> list[tuple[float, float]]:
    """(CPU ms, wall ms) of ``steps`` consecutive steady-state asks at ``n`` observations."""
    space = HARTMANN6.space
    points = space.sample(n + steps, np.random.default_rng(seed))
    values = [HARTMANN6.objective(**p) for p in points]
    opt = BayesianOptimizer(space, random_state=seed)
    opt.tell(points[:n - 1], values[:n - 1])
    opt.ask()  # the first fit at this size (random restarts), not timed
    times = []
    for i in range(n - 1, n - 1 + steps):
        opt.tell(points[i], values[i])
        start, cpu = time.perf_counter(), time.process_time()
        opt.ask()
        times.append((1000 * (time.process_time() - cpu),
                      1000 * (time.perf_counter() - start)))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400, 800])
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; cores allowed: "
          f"{len(os.sched_getaffinity(0))}")
    print("| observations | CPU ms (median) | CPU ms (mean) | CPU ms (max) | wall ms (median) "
          "| goal (CPU median) |")
    print("| --- | --- | --- | --- | --- | --- |")
    goals = {200: 100, 800: 400}
    for n in args.sizes:
        t = ask_times(n, args.steps)
        cpu = [c for c, _ in t]
        wall = [w for _, w in t]
        goal = goals.get(n)
        verdict = "" if goal is None else \
            f"< {goal} ms: {'met' if statistics.median(cpu) < goal else 'NOT met'}"
        print(f"| {n} | {statistics.median(cpu):.0f} | {statistics.mean(cpu):.0f} | "
              f"{max(cpu):.0f} | {statistics.median(wall):.0f} | {verdict} |", flush=True)


if __name__ == "__main__":
    main()
