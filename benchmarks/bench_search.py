"""Benchmark: hpt's bayesian_search and random_search against scikit-optimize's gp_minimize.

Runs each method on Forrester (1-D, 15 calls), Branin (2-D, 30 calls) and Hartmann-6 (6-D,
60 calls) over several seeds, and prints for each problem and method:

- the median final regret (best value found minus the known minimum; lower is better);
- the median optimizer overhead per evaluation: wall time of the whole search minus the
  time spent inside the objective, divided by the number of calls;
- the ratios of both to skopt's, when skopt is installed (it is optional; skopt 0.10.2's
  ``gp_minimize`` runs on scikit-learn 1.9 as is).

Targets for ``bayesian_search``: regret at or below skopt's on each problem, overhead at
most a third of skopt's. Timings depend on the machine and its load; the ratios, measured
in the same run, are what to compare. By default BLAS is limited to one thread for every
method (``--blas-threads 1``): on a small, busy machine BLAS threads slow all of them
down, and hpt limits them inside its optimizer anyway, so this keeps the comparison fair.

Usage::

    python benchmarks/bench_search.py            # 10 seeds (several minutes)
    python benchmarks/bench_search.py --quick    # 3 seeds, a smoke run
"""

from __future__ import annotations

import argparse
import contextlib
import time
import warnings

import numpy as np

from hpt_helpers.search import bayesian_search, random_search
from hpt_helpers.testfunctions import BRANIN, FORRESTER, HARTMANN6, TestFunction

PROBLEMS = [(FORRESTER, 15), (BRANIN, 30), (HARTMANN6, 60)]


class _Timed:
    """Wrap an objective to sum the time spent inside it."""

    def __init__(self, objective):
        self.objective = objective
        self.seconds = 0.0

    def __call__(self, **params):
        start = time.perf_counter()
        try:
            return self.objective(**params)
        finally:
            self.seconds += time.perf_counter() - start


def _run_hpt(search, problem: TestFunction, n_calls: int, seed: int) -> tuple[float, float]:
    timed = _Timed(problem.objective)
    start = time.perf_counter()
    res = search(timed, problem.space, n_calls, random_state=seed)
    wall = time.perf_counter() - start
    return problem.regret(res.best_value), (wall - timed.seconds) / n_calls


def _run_skopt(problem: TestFunction, n_calls: int, seed: int) -> tuple[float, float]:
    from skopt import gp_minimize

    names = problem.space.names
    dims = [(float(d.low), float(d.high)) for d in problem.space.dimensions]
    timed = _Timed(problem.objective)

    def func(x):
        return timed(**dict(zip(names, x, strict=True)))

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = gp_minimize(func, dims, n_calls=n_calls, random_state=seed)
    wall = time.perf_counter() - start
    return problem.regret(res.fun), (wall - timed.seconds) / n_calls


def skopt_available() -> bool:
    """True when scikit-optimize's gp_minimize can be imported."""
    try:
        from skopt import gp_minimize  # noqa: F401
    except Exception:
        return False
    return True


METHODS = {
    "bayesian": lambda p, n, s: _run_hpt(bayesian_search, p, n, s),
    "random": lambda p, n, s: _run_hpt(random_search, p, n, s),
    "skopt": _run_skopt,
}


def run_benchmark(problems=PROBLEMS, seeds=range(10), methods=None, blas_threads=1,
                  verbose=False) -> list[dict]:
    """Run every method on every problem and seed; return one summary row per pair.

    Parameters
    ----------
    problems : list of (TestFunction, n_calls)
    seeds : iterable of int
    methods : list of str, optional
        Among "bayesian", "random", "skopt"; default all (skopt only if installed).
    blas_threads : int or None, default 1
        Limit BLAS threads for every method (None: no limit).
    verbose : bool
        Print each run as it finishes.

    Returns
    -------
    list of dict
        Keys: problem, n_calls, method, median_regret, median_overhead_ms, regrets,
        overheads_ms.
    """
    if methods is None:
        methods = ["bayesian", "random"] + (["skopt"] if skopt_available() else [])
    seeds = list(seeds)
    rows = []
    if blas_threads is None:
        limit = contextlib.nullcontext()
    else:
        from threadpoolctl import threadpool_limits

        limit = threadpool_limits(blas_threads)
    with limit:
        for problem, n_calls in problems:
            for method in methods:
                regrets, overheads = [], []
                for seed in seeds:
                    regret, overhead = METHODS[method](problem, n_calls, seed)
                    regrets.append(regret)
                    overheads.append(overhead * 1000)
                    if verbose:
                        print(f"  {problem.name:10s} {method:9s} seed {seed}: regret "
                              f"{regret:.3g}, overhead {overhead * 1000:.0f} ms/eval",
                              flush=True)
                rows.append({"problem": problem.name, "n_calls": n_calls, "method": method,
                             "median_regret": float(np.median(regrets)),
                             "median_overhead_ms": float(np.median(overheads)),
                             "regrets": regrets, "overheads_ms": overheads})
    return rows


def format_table(rows: list[dict]) -> str:
    """The summary as a Markdown table, with ratios to skopt where it ran."""
    skopt = {r["problem"]: r for r in rows if r["method"] == "skopt"}
    lines = ["| problem | calls | method | median regret | regret / skopt | "
             "overhead ms/eval | overhead / skopt |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: |"]
    for r in rows:
        ref = skopt.get(r["problem"])
        if ref is not None and r["method"] != "skopt":
            rr = (r["median_regret"] / ref["median_regret"] if ref["median_regret"] > 0
                  else float("inf") if r["median_regret"] > 0 else 1.0)
            ratio_regret = f"{rr:.3g}"
            ratio_time = f"{r['median_overhead_ms'] / ref['median_overhead_ms']:.2f}"
        else:
            ratio_regret = ratio_time = "-"
        lines.append(f"| {r['problem']} | {r['n_calls']} | {r['method']} | "
                     f"{r['median_regret']:.3g} | {ratio_regret} | "
                     f"{r['median_overhead_ms']:.1f} | {ratio_time} |")
    return "\n".join(lines)


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 seeds instead of 10")
    parser.add_argument("--seeds", type=int, default=None, help="number of seeds")
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="BLAS threads for every method (0: no limit)")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    args = parser.parse_args(argv)
    n_seeds = args.seeds or (3 if args.quick else 10)
    start = time.perf_counter()
    rows = run_benchmark(seeds=range(n_seeds), blas_threads=args.blas_threads or None,
                         verbose=args.verbose)
    print(f"\n{n_seeds} seeds, BLAS threads: {args.blas_threads or 'no limit'}, "
          f"skopt: {'yes' if skopt_available() else 'not installed'}, "
          f"{time.perf_counter() - start:.0f} s in all\n")
    print(format_table(rows))
    return rows


if __name__ == "__main__":
    main()
