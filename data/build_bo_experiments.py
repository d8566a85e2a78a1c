"""Build ``bo_experiments.csv``: lesson 08's Bayesian-optimisation experiments over 20 seeds.

Lesson 08 compares settings of Bayesian search (initial designs, UCB's kappa, the noise
model, batches, BayesSearchCV against RandomizedSearchCV). One run proves nothing, and 20
seeds of each would take minutes in the lesson, so they are run once here. Each experiment
is the exact call the lesson shows, repeated with ``random_state=seed`` for seeds 0-19:

- ``design``: Branin, 15 evaluations, 6 of them an initial design (random, lhs, sobol);
  ``value`` = regret of the best point so far after each evaluation.
- ``kappa``: Forrester, 10 evaluations (3 initial), UCB with kappa 0.1, 1.96, 10; regret.
- ``budget``: Branin, 24 evaluations, default settings, one point per round (``q1``) and
  batches of 4 (``q4``); regret.
- ``noise``: Forrester plus Gaussian noise of standard deviation 2 (its own generator,
  seeded with the run's seed), 20 evaluations (5 initial), noise model ``1e-06`` (fixed,
  tiny) or ``learned``. One row per run and ``measure``: ``recommended`` = true regret of
  the evaluated point with the lowest posterior mean; ``best_observed`` = true regret of
  the point with the lowest *noisy* observation (the incumbent EI improves on).
- ``svc``: an RBF SVC on 500 digits (3-fold CV), 15 candidates, ``BayesSearchCV`` (``bo``)
  and ``RandomizedSearchCV`` (``random``); ``value`` = mean CV accuracy of each candidate
  (not best so far), ``measure`` = ``cv_accuracy``.

Columns: ``experiment``, ``setting``, ``seed``, ``evaluation`` (1-based), ``measure``,
``value``. BLAS is limited to one thread (threadpoolctl), as in the lesson.

Usage::

    python data/build_bo_experiments.py                  # full build (10-20 min on 2 cores)
    python data/build_bo_experiments.py --seeds 2 --out /tmp/x.csv
    # split over processes, then merge (rows sorted by experiment, seed, setting):
    python data/build_bo_experiments.py --only design --first-seed 10 --out /tmp/d2.csv
    python data/build_bo_experiments.py --merge /tmp/*.csv

Rebuild whenever ``bayesian_search``'s defaults or behaviour change.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from hpt_helpers.search import bayesian_search
from hpt_helpers.testfunctions import BRANIN, FORRESTER

N_SEEDS = 20
NOISE_SD = 2.0
COLUMNS = ["experiment", "setting", "seed", "evaluation", "measure", "value"]
EXPERIMENTS = ("design", "kappa", "budget", "noise", "svc")


def _curve(experiment, setting, seed, values, measure="regret") -> pd.DataFrame:
    values = np.asarray(values, dtype=float)
    return pd.DataFrame({"experiment": experiment, "setting": setting, "seed": seed,
                         "evaluation": np.arange(1, len(values) + 1), "measure": measure,
                         "value": values})


def design_runs(seed: int) -> list:
    return [_curve("design", kind, seed,
                   bayesian_search(BRANIN.objective, BRANIN.space, 15, n_initial_points=6,
                                   initial_design=kind, random_state=seed).best_so_far()
                   - BRANIN.minimum)
            for kind in ("random", "lhs", "sobol")]


def kappa_runs(seed: int) -> list:
    return [_curve("kappa", repr(kappa), seed,
                   bayesian_search(FORRESTER.objective, FORRESTER.space, 10,
                                   n_initial_points=3, acquisition="ucb", kappa=kappa,
                                   random_state=seed).best_so_far() - FORRESTER.minimum)
            for kappa in (0.1, 1.96, 10.0)]


def budget_runs(seed: int) -> list:
    return [_curve("budget", f"q{q}", seed,
                   bayesian_search(BRANIN.objective, BRANIN.space, 24, batch_size=q,
                                   random_state=seed).best_so_far() - BRANIN.minimum)
            for q in (1, 4)]


def noisy_forrester(seed: int):
    """Forrester plus N(0, NOISE_SD^2) noise from a generator seeded with ``seed``."""
    rng = np.random.default_rng(seed)

    def objective(x):
        return FORRESTER.objective(x=x) + NOISE_SD * rng.normal()

    return objective


def recommended_regret(res) -> float:
    """True regret of the evaluated point with the lowest posterior mean."""
    opt = res.optimizer_at(len(res.values))
    mean, _ = opt.predict(opt.X_unit)
    x = res.space.inverse_transform(opt.X_unit[[np.argmin(mean)]])[0]
    return FORRESTER.objective(**x) - FORRESTER.minimum


def noise_runs(seed: int) -> list:
    frames = []
    for noise in (1e-6, "learned"):
        res = bayesian_search(noisy_forrester(seed), FORRESTER.space, 20, n_initial_points=5,
                              noise=noise, random_state=seed)
        observed = FORRESTER.objective(**res.best_params) - FORRESTER.minimum
        for measure, value in [("recommended", recommended_regret(res)),
                               ("best_observed", observed)]:
            frames.append(pd.DataFrame({"experiment": "noise", "setting": str(noise),
                                        "seed": seed, "evaluation": len(res.values),
                                        "measure": measure, "value": [value]}))
    return frames


def svc_data():
    """The lesson's split: 500 training rows of digits (scaled to [0, 1])."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X_train, _, y_train, _ = train_test_split(X / 16, y, train_size=500, test_size=500,
                                              stratify=y, random_state=0)
    return X_train, y_train


def svc_runs(seed: int, data=None) -> list:
    from scipy.stats import loguniform
    from sklearn.model_selection import RandomizedSearchCV
    from sklearn.svm import SVC

    from hpt_helpers.sklearn_search import BayesSearchCV
    from hpt_helpers.space import Real

    X_train, y_train = data if data is not None else svc_data()
    space = {"C": Real(1e-2, 1e3, log=True), "gamma": Real(1e-4, 1e1, log=True)}
    dists = {"C": loguniform(1e-2, 1e3), "gamma": loguniform(1e-4, 1e1)}
    bo = BayesSearchCV(SVC(), space, n_iter=15, cv=3, random_state=seed).fit(X_train, y_train)
    rnd = RandomizedSearchCV(SVC(), dists, n_iter=15, cv=3,
                             random_state=seed).fit(X_train, y_train)
    return [_curve("svc", name, seed, search.cv_results_["mean_test_score"], "cv_accuracy")
            for name, search in [("bo", bo), ("random", rnd)]]


RUNNERS = {"design": design_runs, "kappa": kappa_runs, "budget": budget_runs,
           "noise": noise_runs, "svc": svc_runs}


def build(seeds: int = N_SEEDS, only=None, first_seed: int = 0) -> pd.DataFrame:
    """Run the chosen experiments (all by default) for seeds ``first_seed .. seeds-1``."""
    unknown = set(only or ()) - set(EXPERIMENTS)
    if unknown:
        raise ValueError(f"only must name experiments from {EXPERIMENTS}; got {sorted(unknown)}")
    frames = []
    with threadpool_limits(1):
        for name in EXPERIMENTS:
            if only is not None and name not in only:
                continue
            for seed in range(first_seed, seeds):
                frames.extend(RUNNERS[name](seed))
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=N_SEEDS)
    parser.add_argument("--only", nargs="*", default=None, help="experiment names to run")
    parser.add_argument("--first-seed", type=int, default=0,
                        help="start at this seed (to split a build over processes)")
    parser.add_argument("--merge", nargs="*", type=Path, default=None,
                        help="instead of running, concatenate these partial builds into --out")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / "bo_experiments.csv")
    args = parser.parse_args(argv)
    if args.merge:
        table = pd.concat([pd.read_csv(f, dtype={"setting": str}) for f in args.merge],
                          ignore_index=True)
        rank = {name: i for i, name in enumerate(EXPERIMENTS)}
        table = table.iloc[np.lexsort((table.evaluation, table.measure, table.setting,
                                       table.seed, table.experiment.map(rank)))]
        table = table.reset_index(drop=True)[COLUMNS]
    else:
        table = build(args.seeds, args.only, args.first_seed)
    table.to_csv(args.out, index=False)
    if args.out.resolve().parent == Path(__file__).resolve().parent:
        import sklearn

        from hpt_helpers.data import record_checksum
        record_checksum(args.out, "data/build_bo_experiments.py",
                        f"lesson 08's BO experiments (design, kappa, budget, noise, svc), "
                        f"{args.seeds} seeds, scikit-learn {sklearn.__version__}")
    print(f"wrote {len(table)} rows to {args.out}")


if __name__ == "__main__":
    main()
