"""Build ``data/batch_tradeoff.csv``: batch Bayesian search on Forrester, q = 1, 2 and 4
proposals per round, over many seeds, for lesson 10's evaluations-per-target comparison.

How many evaluations a batch search needs does not depend on how long each evaluation
takes, so this file holds the searches without any waiting; the lesson times a few runs
live (with a 0.1 s wait per evaluation) and reads the many-seed comparison from here.
The settings are the lesson's: 12 evaluations, 3 of them from the initial design, the
light acquisition search ``n_candidates=200, n_restarts=1, gp_restarts=0``; BLAS is limited
to one thread (threadpoolctl).

Usage::

    python data/build_batch_tradeoff.py                      # 40 seeds (a few minutes)
    python data/build_batch_tradeoff.py --seeds 2 --out /tmp/x.csv

Columns: ``q``, ``seed``, ``evaluation`` (1-12), ``best_so_far`` (the best Forrester value
after that many evaluations, minimised) and ``regret`` (``best_so_far`` minus Forrester's
minimum). The initial design is pure RNG and reproduces bit for bit anywhere; the guided
points pass through the Gaussian process's linear algebra, so another CPU or BLAS kernel
can give a path that parts from the stored one after a few evaluations
(``tests/unit/test_lesson10.py`` checks both facts).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

from hpt_helpers.search import bayesian_search
from hpt_helpers.testfunctions import FORRESTER

N_CALLS, N_INITIAL, N_SEEDS, BATCHES = 12, 3, 40, (1, 2, 4)
LIGHT = {"n_candidates": 200, "n_restarts": 1, "gp_restarts": 0}
COLUMNS = ["q", "seed", "evaluation", "best_so_far", "regret"]


def run(q: int, seed: int):
    """One batch search as in lesson 10 (no waiting), as a SearchResult."""
    return bayesian_search(FORRESTER.objective, FORRESTER.space, N_CALLS,
                           n_initial_points=N_INITIAL, batch_size=q, n_jobs=1,
                           random_state=seed, **LIGHT)


def build(seeds: int = N_SEEDS, batches=BATCHES) -> pd.DataFrame:
    rows = []
    with threadpool_limits(1):
        for q in batches:
            for seed in range(seeds):
                best = run(q, seed).best_so_far()
                for i, value in enumerate(best, start=1):
                    rows.append({"q": q, "seed": seed, "evaluation": i,
                                 "best_so_far": float(value),
                                 "regret": float(value - FORRESTER.minimum)})
    return pd.DataFrame(rows, columns=COLUMNS)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=N_SEEDS)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent / "batch_tradeoff.csv")
    args = parser.parse_args(argv)
    table = build(args.seeds)
    table.to_csv(args.out, index=False)
    if args.out.resolve().parent == Path(__file__).resolve().parent:
        import sklearn

        from hpt_helpers.data import record_checksum
        record_checksum(args.out, "data/build_batch_tradeoff.py",
                        f"batch Bayesian search on Forrester, q = 1, 2, 4, {args.seeds} seeds "
                        f"x {N_CALLS} evaluations, scikit-learn {sklearn.__version__}")
    print(f"wrote {len(table)} rows to {args.out}")


if __name__ == "__main__":
    main()
