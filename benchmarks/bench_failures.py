"""Benchmark: Bayesian search on problems whose failing region borders the optimum.

Each problem is a test function with a region where the objective raises (as a learning
rate just above the best one diverges). For every seed, ``bayesian_search`` runs

- on the plain function (no failures: the reference), and
- on the failing function with each ``failures`` setting of ``BayesianOptimizer``:
  ``"worst"`` (failures enter the surrogate at the worst value seen), ``"model"`` (the
  same, and the acquisition weighted by a GP classifier's probability of success, after
  Gelbart, Snoek and Adams 2014) and ``"ignore"`` (left out).

It prints, per problem and setting, the median final regret (best value found minus the
known minimum) with its interquartile range, its ratio to the reference's median, and the
share of proposals after the initial design that failed. Targets (issue 12): median
regret within 3x of the reference, at most 10% of post-design proposals failing. On a
problem without failures every setting runs the same code (no failure, no classifier),
so there is nothing to lose there.

BLAS is limited to one thread. Timings are not measured.

Usage::

    nice -n 10 python benchmarks/bench_failures.py              # 10 seeds
    nice -n 10 python benchmarks/bench_failures.py --seeds 3    # a smoke run
"""

from __future__ import annotations

import argparse
import math
import os
import warnings

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from hpt_helpers.search import bayesian_search  # noqa: E402
from hpt_helpers.testfunctions import BRANIN, FORRESTER, HARTMANN6  # noqa: E402

SETTINGS = ("model", "worst", "ignore")


class Diverged(ArithmeticError):
    """The objective failed (the failing region)."""


def _failing(function, fails):
    def objective(**params):
        if fails(params):
            raise Diverged("in the failing region")
        return function.objective(**params)

    return objective


PROBLEMS = {
    # the case: 22% of the box fails, the optimum (9.42, 2.47) 3 units from its edge
    "branin x1+x2>15": (BRANIN, lambda p: p["x1"] + p["x2"] > 15.0, 30),
    # a disc touching the optimum at (pi, 2.275)
    "branin disc": (BRANIN, lambda p: (p["x1"] - 3.6) ** 2 + (p["x2"] - 4.6) ** 2 < 2.0 ** 2,
                    30),
    # Forrester: everything above x = 0.8 fails, the optimum at 0.757
    "forrester x>0.8": (FORRESTER, lambda p: p["x"] > 0.8, 15),
    # Hartmann-6: x6 > 0.72 fails, the optimum at x6 = 0.657
    "hartmann6 x6>0.72": (HARTMANN6, lambda p: p["x6"] > 0.72, 60),
}


def run(problem: str, seed: int, setting: str | None) -> tuple[float, float]:
    """Final regret and the share of post-design proposals that failed."""
    function, fails, n_calls = PROBLEMS[problem]
    objective = function.objective if setting is None else _failing(function, fails)
    kwargs = {} if setting is None else {"failures": setting}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = bayesian_search(objective, function.space, n_calls, random_state=seed,
                              **kwargs)
    n_design = max(5, 2 * len(function.space))
    after = [e is not None for e in res.errors[n_design:]]
    regret = function.regret(res.best_value) if math.isfinite(res.best_value) else math.inf
    return regret, float(np.mean(after)) if after else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--problems", nargs="*", default=list(PROBLEMS))
    parser.add_argument("--settings", nargs="*", default=list(SETTINGS))
    args = parser.parse_args()
    seeds = range(args.seeds)
    print(f"{args.seeds} seeds; median regret [IQR], ratio to the no-failure median, "
          f"failing share of post-design proposals (median, max)")
    for problem in args.problems:
        reference = [run(problem, s, None)[0] for s in seeds]
        ref_median = float(np.median(reference))
        q1, q3 = np.percentile(reference, [25, 75])
        print(f"\n{problem} ({PROBLEMS[problem][2]} calls)")
        print(f"  {'no failures':<12} regret {ref_median:.3g} [{q1:.3g}, {q3:.3g}]", flush=True)
        for setting in args.settings:
            out = [run(problem, s, setting) for s in seeds]
            regrets = np.array([r for r, _ in out])
            failing = np.array([f for _, f in out])
            median = float(np.median(regrets))
            q1, q3 = np.percentile(regrets, [25, 75])
            ratio = median / ref_median if ref_median > 0 else math.inf
            print(f"  {setting:<12} regret {median:.3g} [{q1:.3g}, {q3:.3g}]  "
                  f"x{ratio:.2g} of no-failure  failing {np.median(failing):.0%} "
                  f"(max {np.max(failing):.0%}, mean {np.mean(failing):.0%})", flush=True)


if __name__ == "__main__":
    main()
