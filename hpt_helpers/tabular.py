"""Tabular benchmarks: a real model's cross-validated scores, precomputed on a dense grid.

One "training" becomes a table lookup, so hundreds of searches run in seconds and every
strategy sees exactly the same landscape. The search space a strategy sees is
*continuous*; a call **snaps to the nearest precomputed point** (in the unit cube of the
space, so log-scaled hyperparameters are compared in log space) and returns that point's
stored validation error. The stored fit time is recorded as the *simulated cost* of the
call, so a comparison can also be made against wall-clock time.

The bundled benchmark is :func:`svc_digits`: an RBF SVM on scikit-learn's digits, 3-fold
CV accuracy on a 30 x 30 log grid of ``C`` and ``gamma`` (``data/svc_digits_grid.csv``,
rebuilt by ``data/build_svc_digits_grid.py``, checksum-verified on load).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from hpt_helpers.data import load_table
from hpt_helpers.space import Real, Space

__all__ = ["TabularBenchmark", "svc_digits"]


class TabularBenchmark:
    """A lookup-table objective over a grid of hyperparameters.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per grid point: one column per hyperparameter, a score column and
        optionally a cost column.
    space : Space
        The continuous space searches see; its names must be columns of ``table``.
    score : str
        Column holding a score to MAXIMISE (e.g. mean CV accuracy). The objective
        returns ``1 - score`` (the validation error), to MINIMISE.
    cost : str, optional
        Column holding seconds per evaluation (e.g. the mean fit time per fold).
    cost_factor : float
        Multiplies ``cost`` (e.g. the number of folds).
    name : str

    Attributes
    ----------
    minimum : float
        The smallest error in the table (so regret = found - minimum).
    calls, cost_spent : int, float
        Number of lookups and their simulated cost in seconds since the last
        :meth:`reset`.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"C": [0.1, 0.1, 10, 10], "gamma": [0.01, 1, 0.01, 1],
    ...                       "score": [0.8, 0.5, 0.95, 0.6], "fit": [0.1, 0.2, 0.3, 0.4]})
    >>> space = Space({"C": Real(0.1, 10, log=True), "gamma": Real(0.01, 1, log=True)})
    >>> bench = TabularBenchmark(table, space, score="score", cost="fit")
    >>> round(bench.objective(C=8.0, gamma=0.02), 2)   # snaps to C=10, gamma=0.01
    0.05
    >>> round(bench.regret(0.2), 2), bench.calls, bench.cost_spent
    (0.15, 1, 0.3)
    """

    def __init__(self, table, space: Space, *, score: str, cost: str | None = None,
                 cost_factor: float = 1.0, name: str = "tabular"):
        missing = [c for c in [*space.names, score, *([cost] if cost else [])]
                   if c not in table.columns]
        if missing:
            raise ValueError(f"table must have columns {missing} (space names, score and "
                             f"cost); it has {list(table.columns)}")
        self.name = name
        self.space = space
        self.table = table.reset_index(drop=True)
        self._params = [dict(zip(space.names, row, strict=True))
                        for row in self.table[space.names].itertuples(index=False)]
        self._unit = space.transform(self._params)
        self.errors = 1.0 - self.table[score].to_numpy(dtype=float)
        self.costs = (self.table[cost].to_numpy(dtype=float) * cost_factor if cost
                      else np.zeros(len(self.table)))
        self.minimum = float(self.errors.min())
        self.argmin = self._params[int(self.errors.argmin())]
        self.reset()

    def reset(self) -> None:
        """Zero the call counter and the simulated cost."""
        self.calls = 0
        self.cost_spent = 0.0

    def nearest(self, **params) -> int:
        """Row index of the grid point nearest to ``params`` (in the unit cube)."""
        u = self.space.transform([params])[0]
        return int(np.argmin(((self._unit - u) ** 2).sum(axis=1)))

    def objective(self, **params) -> float:
        """Validation error (1 - score) at the grid point nearest to ``params``."""
        i = self.nearest(**params)
        self.calls += 1
        self.cost_spent += float(self.costs[i])
        return float(self.errors[i])

    def cost(self, **params) -> float:
        """Simulated seconds one evaluation at ``params`` costs."""
        return float(self.costs[self.nearest(**params)])

    def regret(self, value: float) -> float:
        """``value - minimum``: how far a found error is from the table's best."""
        return float(value) - self.minimum

    def __repr__(self) -> str:
        return (f"TabularBenchmark({self.name!r}, {len(self.table)} grid points, "
                f"best error {self.minimum:.4f})")


@cache
def _svc_digits_table():
    return load_table("svc_digits_grid.csv")


def svc_digits() -> TabularBenchmark:
    """The RBF-SVM-on-digits benchmark: minimise 3-fold CV error over log C and log gamma.

    The cost of a call is the stored mean fit time per fold times 3 (seconds on the
    machine that built the table).

    Examples
    --------
    >>> bench = svc_digits()
    >>> bench.space.names
    ['C', 'gamma']
    >>> 0 < bench.minimum < 0.05
    True
    """
    table = _svc_digits_table()
    space = Space({"C": Real(float(table.C.min()), float(table.C.max()), log=True),
                   "gamma": Real(float(table.gamma.min()), float(table.gamma.max()),
                                 log=True)})
    return TabularBenchmark(table, space, score="mean_test_score", cost="mean_fit_time",
                            cost_factor=3.0, name="svc_digits")
