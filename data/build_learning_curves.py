"""Build ``data/mlp_digits_curves.csv``: the validation loss after every epoch of an
``MLPClassifier`` trained with ``partial_fit`` on the digits data, for every point of a
grid over learning rate, width, L2 strength and batch size.

Lesson 11 uses it as a *learning-curve benchmark*: a multi-fidelity search asks for a
configuration and a budget (a number of epochs), the lookup snaps the configuration to the
nearest grid point and returns the stored validation loss after that many epochs, charging
the epochs. So hundreds of searches run in seconds and every method sees the same curves.

Usage::

    python data/build_learning_curves.py                  # the full grid (see data/README.md)
    python data/build_learning_curves.py --tiny --epochs 3 --out /tmp/curves.csv

Data: ``load_digits`` scaled to [0, 1], split (stratified, ``random_state=0``) into 60 %
train, 20 % validation and 20 % test. Each configuration trains a one-hidden-layer
``MLPClassifier`` (Adam, ``random_state=0``) one ``partial_fit`` pass (one epoch) at a time;
after each epoch the validation log loss is stored. The test log loss and accuracy are
stored after the last epoch only (touch the test set once, at the end).

Columns: ``config``, ``learning_rate_init``, ``hidden_units``, ``alpha``, ``batch_size``,
``loss_1`` ... ``loss_E`` (validation log loss after each epoch), ``val_accuracy`` (after
the last epoch), ``test_loss``, ``test_accuracy``, ``seconds_per_epoch`` (mean training
time of one epoch; machine- and load-dependent, the only column that is).
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "mlp_digits_curves.csv"
SCRIPT = "data/build_learning_curves.py"

GRID = {
    "learning_rate_init": np.geomspace(1e-4, 1e-1, 6),
    "hidden_units": [8, 16, 32, 64],
    "alpha": np.geomspace(1e-4, 1.0, 3),
    "batch_size": [32, 128, 512],
}
TINY_GRID = {
    "learning_rate_init": [1e-3, 1e-2],
    "hidden_units": [8],
    "alpha": [1e-4],
    "batch_size": [64],
}


def split(seed: int = 0):
    """Digits scaled to [0, 1]; stratified 60/20/20 train/validation/test split."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    X_tr, X_rest, y_tr, y_rest = train_test_split(X, y, test_size=0.4, stratify=y,
                                                  random_state=seed)
    X_val, X_te, y_val, y_te = train_test_split(X_rest, y_rest, test_size=0.5,
                                                stratify=y_rest, random_state=seed)
    return X_tr, y_tr, X_val, y_val, X_te, y_te


def _log_loss(proba: np.ndarray, y: np.ndarray) -> float:
    p = proba[np.arange(len(y)), y]
    p = np.clip(np.where(np.isfinite(p), p, 0.0), 1e-15, 1.0)  # a diverged net: worst loss
    return float(-np.mean(np.log(p)))


def train_curve(params: dict, epochs: int, data, seed: int = 0) -> dict:
    """Train one configuration epoch by epoch; return its row of the table."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_tr, y_tr, X_val, y_val, X_te, y_te = data
    model = MLPClassifier(hidden_layer_sizes=(int(params["hidden_units"]),),
                          learning_rate_init=float(params["learning_rate_init"]),
                          alpha=float(params["alpha"]), batch_size=int(params["batch_size"]),
                          random_state=seed)
    classes = np.arange(10)
    losses = []
    train_seconds = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(epochs):
            start = time.perf_counter()
            model.partial_fit(X_tr, y_tr, classes=classes)
            train_seconds += time.perf_counter() - start
            losses.append(_log_loss(model.predict_proba(X_val), y_val))
    row = dict(params)
    row.update({f"loss_{e + 1}": v for e, v in enumerate(losses)})
    row["val_accuracy"] = float(np.mean(model.predict(X_val) == y_val))
    row["test_loss"] = _log_loss(model.predict_proba(X_te), y_te)
    row["test_accuracy"] = float(np.mean(model.predict(X_te) == y_te))
    row["seconds_per_epoch"] = train_seconds / epochs
    return row


def build(grid: dict = GRID, epochs: int = 81, seed: int = 0, n_jobs: int = 1,
          verbose: int = 0) -> pd.DataFrame:
    """Train every grid point and return the table (one row per configuration)."""
    from joblib import Parallel, delayed

    data = split(seed)
    names = list(grid)
    configs = [dict(zip(names, values, strict=True))
               for values in itertools.product(*(grid[n] for n in names))]
    rows = Parallel(n_jobs=n_jobs, verbose=verbose)(
        delayed(train_curve)(p, epochs, data, seed) for p in configs)
    table = pd.DataFrame(rows)
    table.insert(0, "config", np.arange(len(table)))
    return table


def main(argv=None) -> int:
    import sklearn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=81)
    parser.add_argument("--tiny", action="store_true", help="a 2-configuration grid")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from threadpoolctl import threadpool_limits

    start = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        table = build(TINY_GRID if args.tiny else GRID, args.epochs, n_jobs=args.n_jobs,
                      verbose=0 if args.tiny else 5)
    table.to_csv(args.out, index=False, float_format="%.6g")
    print(f"wrote {len(table)} configurations x {args.epochs} epochs to {args.out} in "
          f"{time.perf_counter() - start:.0f} s (scikit-learn {sklearn.__version__})")
    if args.out.resolve() == DEFAULT_OUT:
        sys.path.insert(0, str(HERE.parent))
        from hpt_helpers.data import record_checksum

        record_checksum(args.out, SCRIPT,
                        f"MLPClassifier on digits, validation log loss after each of "
                        f"{args.epochs} epochs for {len(table)} configurations, "
                        f"scikit-learn {sklearn.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
