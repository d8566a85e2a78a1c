"""Build ``strategy_comparison.csv``: grid, random, Bayesian and TPE search at equal budgets.

Each strategy gets the same budget of evaluations on four problems (Forrester 1-D,
Branin 2-D, Hartmann-6 6-D and the tabular RBF-SVM-on-digits benchmark), over many seeds.
One row per (problem, strategy, seed, evaluation) holds the best value found so far
(minimisation), so lesson 09 can draw convergence curves and tables without re-running
hundreds of Bayesian searches (each costs about a second of surrogate fitting).

The fourth strategy is Optuna's ``TPESampler`` (seeded, Optuna's defaults: 10 random
startup trials, then the tree-structured Parzen estimator), the sampler learners meet first
in practice; each ``Real`` dimension becomes a ``FloatDistribution`` with the same bounds
and log flag (``suggest_float``).

Grid search is deterministic: its seeds are identical runs, stored so every strategy has
the same shape. A grid holds *at most* the budget (``Space.grid``), so when it is smaller
its last best value is carried forward (column ``evaluated`` is False there).

``overhead_seconds`` is the run's total *CPU* time spent outside the objective (proposing
points, fitting surrogates), repeated on each row of the run: the process's CPU seconds
for the whole search minus those spent inside the objective. CPU time, not wall-clock
time, so that a build on a busy shared machine does not inflate one strategy's overhead
more than another's; it still depends on the machine.
BLAS is limited to one thread (threadpoolctl): the GP's small matrices are much faster so
on a shared machine.

Usage::

    python data/build_strategy_comparison.py            # full build (a few minutes)
    python data/build_strategy_comparison.py --seeds 2 --budget 8 --out /tmp/x.csv
    python data/build_strategy_comparison.py --strategies tpe --merge   # rerun one strategy

``--merge`` reruns only the named strategies and replaces their rows in the existing file,
keeping the others (rows stay in the order of a full build). Rebuild ``bayesian`` (or
everything) whenever ``bayesian_search``'s defaults or behaviour change: the lesson checks
its stored curves against live runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from hpt_helpers.search import bayesian_search, grid_search, random_search
from hpt_helpers.tabular import svc_digits
from hpt_helpers.testfunctions import BRANIN, FORRESTER, HARTMANN6

STRATEGIES = ("grid", "random", "bayesian", "tpe")
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


class TPERun:
    """What the build keeps of one Optuna TPE study: its values in trial order."""

    def __init__(self, values) -> None:
        self.values = np.asarray(values, dtype=float)

    def best_so_far(self) -> np.ndarray:
        return np.minimum.accumulate(self.values)


def tpe_search(objective, space, budget: int, seed: int) -> TPERun:
    """Optuna's seeded ``TPESampler`` for ``budget`` trials on a space of ``Real`` dimensions."""
    import optuna

    from hpt_helpers.space import Real

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    bounds = {}
    for name, dim in zip(space.names, space.dimensions, strict=True):
        if not isinstance(dim, Real):
            raise TypeError(f"tpe_search handles Real dimensions only; {name} is {dim!r}")
        bounds[name] = (float(dim.low), float(dim.high), dim.log)
    values = []

    def trial_objective(trial):
        params = {name: trial.suggest_float(name, low, high, log=log)
                  for name, (low, high, log) in bounds.items()}
        values.append(float(objective(**params)))
        return values[-1]

    study = optuna.create_study(direction="minimize",
                                sampler=optuna.samplers.TPESampler(seed=seed))
    study.optimize(trial_objective, n_trials=budget)
    return TPERun(values)


def timed_search(strategy: str, objective, space, budget: int, seed: int):
    """``run_search`` plus the CPU seconds it spent outside ``objective``."""
    inside = [0.0]

    def counted(**params):
        start = time.process_time()
        try:
            return objective(**params)
        finally:
            inside[0] += time.process_time() - start

    start = time.process_time()
    result = run_search(strategy, counted, space, budget, seed)
    return result, time.process_time() - start - inside[0]


def run_search(strategy: str, objective, space, budget: int, seed: int):
    """Run one seeded search; the same call in the notebook reproduces a stored run."""
    if strategy == "grid":
        return grid_search(objective, space, budget)
    if strategy == "random":
        return random_search(objective, space, budget, random_state=seed)
    if strategy == "bayesian":
        return bayesian_search(objective, space, budget, random_state=seed)
    if strategy == "tpe":
        return tpe_search(objective, space, budget, seed)
    raise ValueError(f"strategy must be one of {STRATEGIES}; got {strategy!r}")


def padded_best(result, budget: int) -> tuple[np.ndarray, np.ndarray]:
    """Best-so-far over ``budget`` evaluations, carried forward past a smaller grid."""
    best = np.asarray(result.best_so_far(), dtype=float)
    evaluated = np.arange(budget) < len(best)
    if len(best) < budget:
        best = np.concatenate([best, np.full(budget - len(best), best[-1])])
    return best, evaluated


def build(seeds: int = N_SEEDS, budget: int = BUDGET, only=None,
          strategies=STRATEGIES) -> pd.DataFrame:
    """Run the strategies on every problem for ``seeds`` seeds; return the long table."""
    unknown = set(strategies) - set(STRATEGIES)
    if unknown:
        raise ValueError(f"strategies must be among {STRATEGIES}; got {sorted(unknown)}")
    frames = []
    with threadpool_limits(1):
        for name, (objective, space, _) in problems().items():
            if only is not None and name not in only:
                continue
            for strategy in [s for s in STRATEGIES if s in strategies]:
                for seed in range(seeds):
                    result, overhead = timed_search(strategy, objective, space, budget, seed)
                    best, evaluated = padded_best(result, budget)
                    frames.append(pd.DataFrame({
                        "problem": name, "strategy": strategy, "seed": seed,
                        "evaluation": np.arange(1, budget + 1), "evaluated": evaluated,
                        "best_so_far": best,
                        "overhead_seconds": round(float(overhead), 5)}))
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def merge(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """``old`` with the strategies of ``new`` replaced, in a full build's row order."""
    kept = old[~old.strategy.isin(new.strategy.unique())]
    table = pd.concat([kept, new], ignore_index=True)[COLUMNS]
    order = {name: i for i, name in enumerate(problems_order())}
    rank = {name: i for i, name in enumerate(STRATEGIES)}
    key = (table.problem.map(order) * 10 + table.strategy.map(rank)) * 10**6 \
        + table.seed * 1000 + table.evaluation
    return table.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)


def problems_order() -> tuple:
    return ("forrester", "branin", "hartmann6", "svc_digits")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=N_SEEDS)
    parser.add_argument("--budget", type=int, default=BUDGET)
    parser.add_argument("--only", nargs="*", default=None, help="problem names to run")
    parser.add_argument("--strategies", nargs="*", default=list(STRATEGIES),
                        help=f"strategies to run (default: all of {STRATEGIES})")
    parser.add_argument("--merge", action="store_true",
                        help="replace only these strategies' rows in the existing --out file")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / "strategy_comparison.csv")
    args = parser.parse_args(argv)
    table = build(args.seeds, args.budget, args.only, args.strategies)
    if args.merge:
        table = merge(pd.read_csv(args.out), table)
    table.to_csv(args.out, index=False)
    if args.out.resolve().parent == Path(__file__).resolve().parent:
        import sklearn

        from hpt_helpers.data import record_checksum
        record_checksum(args.out, "data/build_strategy_comparison.py",
                        f"grid/random/Bayesian/TPE search, {args.seeds} seeds x {args.budget} "
                        f"evaluations on 4 problems, scikit-learn {sklearn.__version__}")
    print(f"wrote {len(table)} rows to {args.out}")


if __name__ == "__main__":
    main()
