"""Build ``strategy_comparison.csv``: grid vs random vs Bayesian search at equal budgets.

Each strategy gets the same budget of evaluations on four problems (Forrester 1-D,
Branin 2-D, Hartmann-6 6-D and the tabular RBF-SVM-on-digits benchmark), over many seeds.
One row per (problem, strategy, seed, evaluation) holds the best value found so far
(minimisation), so lesson 09 can draw convergence curves and tables without re-running
hundreds of Bayesian searches (each costs about a second of surrogate fitting).

Grid search is deterministic: its seeds are identical runs, stored so every strategy has
the same shape. A grid holds *at most* the budget (``Space.grid``), so when it is smaller
its last best value is carried forward (column ``evaluated`` is False there).

``overhead_seconds`` is the run's total time spent outside the objective (proposing
points), repeated on each row of the run; it depends on the machine and its load.
BLAS is limited to one thread (threadpoolctl): the GP's small matrices are much faster so
on a shared machine.

Usage::

    python data/build_strategy_comparison.py            # full build (a few minutes)
    python data/build_strategy_comparison.py --seeds 2 --budget 8 --out /tmp/x.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from hpt_helpers.search import bayesian_search, grid_search, random_search
from hpt_helpers.tabular import svc_digits
from hpt_helpers.testfunctions import BRANIN, FORRESTER, HARTMANN6

STRATEGIES = ("grid", "random", "bayesian")
BUDGET = 30
N_SEEDS = 20
COLUMNS = ["problem", "strategy", "seed", "evaluation", "evaluated", "best_so_far",
           "overhead_seconds"]


def problems() -> dict:
    """Name -> (objective, space, minimum) of the four compared problems."""
    svc = svc_digits()
    return {
        "forrester": (FORRESTER.objective, FORRESTER.space, FORRESTER.minimum),
        "branin": (BRANIN.objective, BRANIN.space, BRANIN.minimum),
        "hartmann6": (HARTMANN6.objective, HARTMANN6.space, HARTMANN6.minimum),
        "svc_digits": (svc.objective, svc.space, svc.minimum),
    }


def run_search(strategy: str, objective, space, budget: int, seed: int):
    """Run one seeded search; the same call in the notebook reproduces a stored run."""
    if strategy == "grid":
        return grid_search(objective, space, budget)
    if strategy == "random":
        return random_search(objective, space, budget, random_state=seed)
    if strategy == "bayesian":
        return bayesian_search(objective, space, budget, random_state=seed)
    raise ValueError(f"strategy must be one of {STRATEGIES}; got {strategy!r}")


def padded_best(result, budget: int) -> tuple[np.ndarray, np.ndarray]:
    """Best-so-far over ``budget`` evaluations, carried forward past a smaller grid."""
    best = np.asarray(result.best_so_far(), dtype=float)
    evaluated = np.arange(budget) < len(best)
    if len(best) < budget:
        best = np.concatenate([best, np.full(budget - len(best), best[-1])])
    return best, evaluated


def build(seeds: int = N_SEEDS, budget: int = BUDGET, only=None) -> pd.DataFrame:
    """Run every strategy on every problem for ``seeds`` seeds; return the long table."""
    frames = []
    with threadpool_limits(1):
        for name, (objective, space, _) in problems().items():
            if only is not None and name not in only:
                continue
            for strategy in STRATEGIES:
                for seed in range(seeds):
                    result = run_search(strategy, objective, space, budget, seed)
                    best, evaluated = padded_best(result, budget)
                    frames.append(pd.DataFrame({
                        "problem": name, "strategy": strategy, "seed": seed,
                        "evaluation": np.arange(1, budget + 1), "evaluated": evaluated,
                        "best_so_far": best,
                        "overhead_seconds": round(float(result.overhead_seconds), 5)}))
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=N_SEEDS)
    parser.add_argument("--budget", type=int, default=BUDGET)
    parser.add_argument("--only", nargs="*", default=None, help="problem names to run")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / "strategy_comparison.csv")
    args = parser.parse_args(argv)
    table = build(args.seeds, args.budget, args.only)
    table.to_csv(args.out, index=False)
    if args.out.resolve().parent == Path(__file__).resolve().parent:
        import sklearn

        from hpt_helpers.data import record_checksum
        record_checksum(args.out, "data/build_strategy_comparison.py",
                        f"grid/random/Bayesian search, {args.seeds} seeds x {args.budget} "
                        f"evaluations on 4 problems, scikit-learn {sklearn.__version__}")
    print(f"wrote {len(table)} rows to {args.out}")


if __name__ == "__main__":
    main()
