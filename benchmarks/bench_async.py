"""Benchmark: asynchronous against synchronous-batch Bayesian search on k workers.

The objective's duration varies with the point (0.05-0.5 s, a fixed pseudo-random function
of the point), so a synchronous batch waits for its slowest evaluation while the
asynchronous loop (``bayesian_search(..., n_jobs=k)``, ``hpt_helpers.async_search``)
proposes a new point the moment a worker is free.

Two parts:

1. **Real workers** (``--real``, default on): ``n_jobs=1`` (sequential), asynchronous
   ``n_jobs=2`` and synchronous batches ``batch_size=2, n_jobs=2`` on Branin with the
   objective sleeping for its duration (loky processes, warmed up first). Prints the
   wall-clock, the throughput ratio to ``n_jobs=1`` (evaluations per second) and the final
   regret at equal evaluations. Goal: asynchronous >= 1.8x the throughput of ``n_jobs=1``.
2. **Simulated workers**: the same loops on a simulated clock
   (``hpt_helpers.async_search.SimulatedPool``; synchronous rounds end at their slowest
   evaluation), no sleeping, for 1, 2, 8 and 32 workers on Branin and Hartmann-3 (48
   evaluations each; Hartmann-6, 60, on request) over several seeds. Prints the
   simulated wall-clock, the speed-up over one worker, the median, 25th and 75th
   percentile of the final regret at equal evaluations, how many seeds end at or below
   the sequential run's 75th percentile, and the optimizer's CPU time per proposal
   (``time.process_time`` of the run, whose objective costs nothing). Proposal time is
   not simulated (part 1, ``--costed`` and ``bench_ask_time.py`` measure it).
   ``--sim-calls`` sets another budget (e.g. 128: four rounds of 32).

Usage::

    python benchmarks/bench_async.py                 # real 2 workers + simulation
    python benchmarks/bench_async.py --no-real --seeds 5
    python benchmarks/bench_async.py --no-real --workers 32 --sim-calls 128
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import time

import numpy as np

from hpt_helpers.async_search import SimulatedPool, run_async
from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.search import _evaluate, bayesian_search
from hpt_helpers.testfunctions import BRANIN, HARTMANN3, HARTMANN6, TestFunction


def duration_of(problem: TestFunction):
    """Seconds of one evaluation at a point: 0.05-0.5, drawn from a hash of the point
    (so it is the same at the same point, but unrelated between nearby points)."""

    def duration(params: dict) -> float:
        u = np.round(problem.space.transform([params])[0], 12)
        digest = hashlib.sha256(u.tobytes()).digest()
        return 0.05 + 0.45 * int.from_bytes(digest[:8], "little") / 2.0**64

    return duration


class Sleeping:
    """The problem's objective, sleeping for its duration first (picklable)."""

    def __init__(self, problem: TestFunction):
        self.problem = problem
        self.duration = duration_of(problem)

    def __call__(self, **params):
        time.sleep(self.duration(params))
        return self.problem.objective(**params)


SIM_PROBLEMS = [(BRANIN, 48), (HARTMANN3, 48), (HARTMANN6, 60)]


def simulate(problem: TestFunction, n_calls: int, workers: int, seed: int,
             mode: str, proposal_cost: bool = False, **options) -> tuple[float, float]:
    """(simulated wall-clock, final regret) of one run; mode 'async' or 'sync'.

    With ``proposal_cost``, every proposal also advances the simulated clock by the CPU
    time it really took (``time.process_time``: what one free core would need), during
    which the worker waiting for it stays idle -- a load-independent estimate of the
    wall-clock on a machine with a core to spare for the optimizer.
    """
    duration = duration_of(problem)
    opt = BayesianOptimizer(problem.space, random_state=seed, **options)
    clock = [0.0]
    ask = opt.ask

    def costed_ask(*args, **kwargs):
        start = time.process_time()
        out = ask(*args, **kwargs)
        if proposal_cost:
            clock[0] += time.process_time() - start
        return out

    if mode == "async" or workers == 1:
        pool = SimulatedPool(duration)

        def timed_ask(*args, **kwargs):
            clock[0] = pool.clock
            out = costed_ask(*args, **kwargs)
            pool.clock = clock[0]
            return out

        opt.ask = timed_ask
        values = []
        run_async(opt, problem.objective, n_calls, workers, evaluate=_evaluate, pool=pool,
                  record=lambda p, v, e, s, extra: values.append(v) and False)
        return pool.clock, problem.regret(min(values))
    values = []
    while len(values) < n_calls:
        batch = costed_ask(min(workers, n_calls - len(values)))
        ys = [problem.objective(**p) for p in batch]
        clock[0] += max(duration(p) for p in batch)
        opt.tell(batch, ys)
        values += ys
    return clock[0], problem.regret(min(values))


def costed_part(seeds: list[int], n_calls: int) -> None:
    """2 workers, proposals costing their real CPU time: the throughput goal, load-free."""
    print(f"\n## 2 workers, simulated durations + real proposal CPU time: Branin, {n_calls} "
          f"evaluations, {len(seeds)} seeds")
    print("| mode | sim. wall s (median) | throughput x n_jobs=1 (median, min-max) | "
          "regret median | regret p75 |")
    print("| --- | --- | --- | --- | --- |", flush=True)
    runs = {label: [simulate(BRANIN, n_calls, w, s, mode, proposal_cost=True)
                    for s in seeds]
            for label, w, mode in (("sequential", 1, "async"), ("async, 2 workers", 2, "async"),
                                   ("batches of 2", 2, "sync"))}
    base = [w for w, _ in runs["sequential"]]
    for label, rs in runs.items():
        ratios = [b / w for b, (w, _) in zip(base, rs, strict=True)]
        regrets = [r for _, r in rs]
        print(f"| {label} | {statistics.median(w for w, _ in rs):.1f} | "
              f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) | "
              f"{np.median(regrets):.3g} | {np.percentile(regrets, 75):.3g} |", flush=True)


def real_part(n_calls: int, seeds: list[int]) -> None:
    problem = BRANIN
    objective = Sleeping(problem)
    # warm the two loky workers up (they import hpt_helpers once)
    bayesian_search(objective, problem.space, 4, n_jobs=2, random_state=0)
    rows = {"n_jobs=1 (sequential)": {}, "async n_jobs=2": {"n_jobs": 2},
            "sync batch_size=2, n_jobs=2": {"n_jobs": 2, "batch_size": 2}}
    out = {name: {"wall": [], "regret": [], "busy": []} for name in rows}
    for seed in seeds:
        for name, kw in rows.items():
            start = time.perf_counter()
            res = bayesian_search(objective, problem.space, n_calls, random_state=seed, **kw)
            wall = time.perf_counter() - start
            out[name]["wall"].append(wall)
            out[name]["regret"].append(problem.regret(res.best_value))
            out[name]["busy"].append(float(np.sum(res.seconds)))
    base = statistics.median(n_calls / w for w in out["n_jobs=1 (sequential)"]["wall"])
    print(f"\n## Real workers: Branin, {n_calls} evaluations of 0.05-0.5 s (sleep), "
          f"{len(seeds)} seeds, loky processes; load average {os.getloadavg()[0]:.1f}")
    print("| method | wall s (median) | throughput x n_jobs=1 (median, min-max) | "
          "regret median | regret p75 |")
    print("| --- | --- | --- | --- | --- |")
    for name, d in out.items():
        ratios = [n_calls / w / base for w in d["wall"]]
        print(f"| {name} | {statistics.median(d['wall']):.1f} | "
              f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f}) | "
              f"{np.median(d['regret']):.3g} | {np.percentile(d['regret'], 75):.3g} |")
    per_seed = [s / a for s, a in zip(out["n_jobs=1 (sequential)"]["wall"],
                                      out["async n_jobs=2"]["wall"], strict=True)]
    print(f"async n_jobs=2 throughput / n_jobs=1, seed by seed: "
          f"{', '.join(f'{r:.2f}' for r in per_seed)}; goal >= 1.8: "
          f"{'met' if statistics.median(per_seed) >= 1.8 else 'NOT met'} (median)")


def simulated_part(seeds: list[int], workers_list: list[int], problems) -> None:
    for problem, n_calls in problems:
        print(f"\n## Simulated workers: {problem.name}, {n_calls} evaluations, "
              f"{len(seeds)} seeds (durations 0.05-0.5 s, no sleeping)")
        print("| workers | mode | sim. wall s (median) | speed-up vs 1 worker | "
              "regret median | regret p25-p75 | seeds <= sequential p75 | "
              "CPU ms/proposal (median) |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |", flush=True)
        base_wall = seq_p75 = None
        for workers in workers_list:
            for mode in (("async",) if workers == 1 else ("async", "sync")):
                runs, cpu = [], []
                for s in seeds:
                    start = time.process_time()
                    runs.append(simulate(problem, n_calls, workers, s, mode))
                    cpu.append(1000 * (time.process_time() - start) / n_calls)
                walls = [w for w, _ in runs]
                regrets = [r for _, r in runs]
                if base_wall is None:  # the first row is the sequential run
                    base_wall = statistics.median(walls)
                    seq_p75 = float(np.percentile(regrets, 75))
                label = "sequential" if workers == 1 else mode
                ok = sum(r <= seq_p75 for r in regrets)
                print(f"| {workers} | {label} | {statistics.median(walls):.1f} | "
                      f"{base_wall / statistics.median(walls):.1f} | "
                      f"{np.median(regrets):.3g} | {np.percentile(regrets, 25):.3g}-"
                      f"{np.percentile(regrets, 75):.3g} | {ok} of {len(runs)} | "
                      f"{statistics.median(cpu):.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--real-seeds", type=int, default=3)
    parser.add_argument("--real-calls", type=int, default=30)
    parser.add_argument("--no-real", action="store_true")
    parser.add_argument("--no-sim", action="store_true")
    parser.add_argument("--costed", action="store_true",
                        help="also: 2 workers with the proposals' real CPU time")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 8, 32])
    parser.add_argument("--sim-problems", nargs="+", default=["branin", "hartmann3"],
                        choices=[p.name for p, _ in SIM_PROBLEMS])
    parser.add_argument("--sim-calls", type=int, default=None,
                        help="budget of every simulated problem (default: its own)")
    args = parser.parse_args()
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, "blas"):
        if not args.no_real:
            real_part(args.real_calls, list(range(args.real_seeds)))
        if args.costed:
            costed_part(list(range(args.seeds)), args.real_calls)
        if not args.no_sim:
            chosen = [(p, args.sim_calls or n) for p, n in SIM_PROBLEMS
                      if p.name in args.sim_problems]
            simulated_part(list(range(args.seeds)), args.workers, chosen)


if __name__ == "__main__":
    main()
