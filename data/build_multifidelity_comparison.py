"""Build ``data/multifidelity_comparison.csv``: regret against cumulative epochs of eight
search methods on the MLP learning-curve benchmark, over many seeds, at equal compute.

Lesson 11 compares them. Every method searches ``mlp_digits()`` (``data/mlp_digits_curves.csv``)
and is charged the epochs it trains, up to ``--budget`` epochs (default 1944 = 24 full
trainings of 81 epochs):

- ``random``: random search, every configuration trained 81 epochs;
- ``bayesian``: ``bayesian_search`` (GP, EI), 81 epochs each;
- ``successive halving``: ``successive_halving(min_budget=1, max_budget=81, eta=3)``,
  repeated (``n_iterations``) until the budget is spent;
- ``hyperband``: ``hyperband(min_budget=1, max_budget=81, eta=3)``;
- ``asha``: ``asha(..., max_cost=budget)`` with one worker;
- ``optuna tpe``: Optuna's ``TPESampler``, no pruning, 81 epochs per trial;
- ``optuna tpe + sh pruner``: ``TPESampler`` + ``SuccessiveHalvingPruner(min_resource=1,
  reduction_factor=3)``, the trial reporting its validation loss after every epoch;
- ``optuna tpe + hyperband pruner``: ``TPESampler`` + ``HyperbandPruner(min_resource=1,
  max_resource=81, reduction_factor=3)``.

The helpers' methods retrain a promoted configuration from scratch (cost = the sum of
the budgets of its evaluations); an Optuna trial trains on and is charged the epochs it
reached. Regret = the final (81-epoch) validation loss of the best configuration trained
to 81 epochs so far, minus the best final loss in the benchmark (NaN before any).

Usage::

    python data/build_multifidelity_comparison.py    # 20 seeds, 10 for BO/Optuna (data/README.md)
    python data/build_multifidelity_comparison.py --seeds 2 --budget 243 --out /tmp/c.csv

Columns: ``method``, ``seed``, ``epochs`` (cumulative, on a grid of step ``--step``),
``regret``; one row per method, seed and grid point.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
DEFAULT_OUT = HERE / "multifidelity_comparison.csv"
SCRIPT = "data/build_multifidelity_comparison.py"
METHODS = ["random", "bayesian", "successive halving", "hyperband", "asha", "optuna tpe",
           "optuna tpe + sh pruner", "optuna tpe + hyperband pruner"]


def regret_on_grid(costs, finals, grid, minimum) -> np.ndarray:
    """Regret of the incumbent after each grid value of cumulative cost.

    ``costs[i]`` is the cumulative cost after evaluation ``i``; ``finals[i]`` its final
    loss if it was a full-budget evaluation, else NaN.
    """
    costs = np.asarray(costs, dtype=float)
    finals = np.where(np.isfinite(finals), finals, np.inf)
    best = np.minimum.accumulate(finals) if len(finals) else finals
    idx = np.searchsorted(costs, grid, side="right") - 1
    out = np.where(idx >= 0, best[np.clip(idx, 0, None)] if len(best) else np.inf, np.inf)
    out = out - minimum
    return np.where(np.isfinite(out), out, np.nan)


def _helper_run(method, bench, seed, budget):
    from hpt_helpers.multifidelity import asha, hyperband, successive_halving
    from hpt_helpers.search import bayesian_search, random_search

    top = bench.max_epochs
    n_full = int(np.ceil(budget / top))
    if method in ("random", "bayesian"):
        def full(**params):
            return bench.objective(budget=top, **params)

        search = random_search if method == "random" else bayesian_search
        res = search(full, bench.space, n_full, random_state=seed)
        costs = top * np.arange(1, len(res) + 1)
        return costs, res.values
    common = dict(min_budget=1, max_budget=top, eta=3, random_state=seed)
    if method == "successive halving":
        from hpt_helpers.multifidelity import rung_budgets, successive_halving_schedule

        n = 3 ** (len(rung_budgets(1, top, 3)) - 1)
        per_run = sum(k * r for k, r in successive_halving_schedule(n, 1, top, 3))
        res = successive_halving(bench.objective, bench.space,
                                 n_iterations=int(np.ceil(budget / per_run)), **common)
    elif method == "hyperband":
        res = hyperband(bench.objective, bench.space, n_iterations=2, **common)
    else:
        res = asha(bench.objective, bench.space, max_cost=budget, **common)
    finals = np.where(res.budgets == top, res.values, np.nan)
    return res.cost, finals


def _optuna_run(method, bench, seed, budget):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    top = bench.max_epochs
    if method == "optuna tpe":
        pruner = optuna.pruners.NopPruner()
    elif method == "optuna tpe + sh pruner":
        pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3)
    else:
        pruner = optuna.pruners.HyperbandPruner(min_resource=1, max_resource=top,
                                                reduction_factor=3)
    study = optuna.create_study(direction="minimize", pruner=pruner,
                                sampler=optuna.samplers.TPESampler(seed=seed))
    spent = [0]
    costs, finals = [], []
    names = bench.space.names
    dims = bench.space

    def objective(trial):
        params = {}
        for name in names:
            dim = dims[name]
            if type(dim).__name__ == "Integer":
                params[name] = trial.suggest_int(name, int(dim.low), int(dim.high),
                                                 log=dim.log)
            else:
                params[name] = trial.suggest_float(name, float(dim.low), float(dim.high),
                                                   log=dim.log)
        row = bench.nearest(**params)
        for epoch in range(1, top + 1):
            loss = float(bench.curves[row, epoch - 1])
            trial.report(loss, epoch)
            spent[0] += 1
            if trial.should_prune():
                costs.append(spent[0])
                finals.append(np.nan)
                raise optuna.TrialPruned()
        costs.append(spent[0])
        finals.append(float(bench.final[row]))
        return float(bench.final[row])

    def stop(study, trial):
        if spent[0] >= budget:
            study.stop()

    study.optimize(objective, n_trials=100000, callbacks=[stop])
    return np.asarray(costs), np.asarray(finals)


def run_method(method, bench, seed, budget):
    """(cumulative costs, final loss or NaN) per evaluation of one method's run."""
    if method.startswith("optuna"):
        return _optuna_run(method, bench, seed, budget)
    return _helper_run(method, bench, seed, budget)


def _one(method, bench, seed, budget, grid):
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        costs, finals = run_method(method, bench, seed, budget)
    return pd.DataFrame({"method": method, "seed": seed, "epochs": grid,
                         "regret": regret_on_grid(costs, finals, grid, bench.minimum)})


SLOW = ("bayesian", "optuna tpe", "optuna tpe + sh pruner", "optuna tpe + hyperband pruner")


def build(bench, seeds=20, budget=1944, step=9, methods=METHODS, n_jobs=1, verbose=0,
          slow_seeds=None):
    """One row per method, seed and grid point of cumulative epochs.

    ``slow_seeds`` (default ``seeds``) seeds for Bayesian optimisation and Optuna, whose
    own overhead makes them the slow part of the build.
    """
    from joblib import Parallel, delayed

    grid = np.arange(step, budget + 1, step)
    slow_seeds = seeds if slow_seeds is None else slow_seeds
    tasks = [(m, seed) for m in methods
             for seed in range(slow_seeds if m in SLOW else seeds)]
    tasks.sort(key=lambda t: t[0] not in SLOW)      # the slow ones first, for balance
    frames = Parallel(n_jobs=n_jobs, verbose=verbose)(
        delayed(_one)(method, bench, seed, budget, grid) for method, seed in tasks)
    return pd.concat(frames, ignore_index=True)


def main(argv=None) -> int:
    import optuna
    import sklearn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--slow-seeds", type=int, default=10,
                        help="seeds for Bayesian optimisation and Optuna (default 10)")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--budget", type=int, default=1944)
    parser.add_argument("--step", type=int, default=9)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    from hpt_helpers.learning_curves import mlp_digits

    start = time.perf_counter()
    table = build(mlp_digits(), args.seeds, args.budget, args.step, n_jobs=args.n_jobs,
                  verbose=5, slow_seeds=args.slow_seeds)
    table.to_csv(args.out, index=False, float_format="%.6g")
    print(f"wrote {len(table)} rows to {args.out} in {time.perf_counter() - start:.0f} s")
    if args.out.resolve() == DEFAULT_OUT:
        from hpt_helpers.data import record_checksum

        record_checksum(args.out, SCRIPT,
                        f"8 methods x {args.seeds} seeds ({args.slow_seeds} for Bayesian "
                        f"and Optuna), regret vs cumulative epochs up to "
                        f"{args.budget} on mlp_digits_curves.csv, scikit-learn "
                        f"{sklearn.__version__}, optuna {optuna.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
