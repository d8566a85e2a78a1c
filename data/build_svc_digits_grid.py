"""Build ``data/svc_digits_grid.csv``: cross-validated accuracy of an RBF SVM on the
digits data over a dense log-spaced grid of ``C`` and ``gamma``.

Lesson 09 uses it as a *tabular benchmark*: a search asks for a (C, gamma), the lookup
snaps it to the nearest grid point in log space and returns the stored score and fit
time, so one "training" costs microseconds and hundreds of searches run in seconds.

Usage::

    python data/build_svc_digits_grid.py              # the full grid (a few minutes)
    python data/build_svc_digits_grid.py --n-c 3 --n-gamma 3 --out /tmp/small.csv

Columns: ``C``, ``gamma``, ``mean_test_score``, ``std_test_score`` (accuracy over the
folds), ``mean_fit_time`` (seconds to fit one fold). Seeded (``StratifiedKFold`` with
``random_state=0``), so a rebuild gives the same scores; fit times depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "svc_digits_grid.csv"
C_RANGE = (1e-3, 1e3)
GAMMA_RANGE = (1e-5, 1e0)


def build(n_c: int = 30, n_gamma: int = 30, folds: int = 3, seed: int = 0,
          n_jobs: int = 1) -> pd.DataFrame:
    """Evaluate the grid and return it as a DataFrame (one row per (C, gamma))."""
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    rows = []
    for C in np.geomspace(*C_RANGE, n_c):
        for gamma in np.geomspace(*GAMMA_RANGE, n_gamma):
            model = make_pipeline(StandardScaler(), SVC(C=C, gamma=gamma))
            res = cross_validate(model, X, y, cv=cv, n_jobs=n_jobs)
            rows.append({"C": C, "gamma": gamma,
                         "mean_test_score": res["test_score"].mean(),
                         "std_test_score": res["test_score"].std(),
                         "mean_fit_time": res["fit_time"].mean()})
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-c", type=int, default=30)
    parser.add_argument("--n-gamma", type=int, default=30)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    table = build(args.n_c, args.n_gamma, args.folds, n_jobs=args.n_jobs)
    table.to_csv(args.out, index=False, float_format="%.6g")
    print(f"wrote {len(table)} rows to {args.out} in {time.perf_counter() - start:.0f} s "
          f"(scikit-learn {sklearn.__version__})")
    if args.out.resolve() == DEFAULT_OUT:
        sys.path.insert(0, str(HERE.parent))
        from hpt_helpers.data import record_checksum

        record_checksum(args.out, "data/build_svc_digits_grid.py",
                        f"RBF SVM on digits, {args.n_c}x{args.n_gamma} log grid of C and "
                        f"gamma, {args.folds}-fold CV, scikit-learn {sklearn.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
