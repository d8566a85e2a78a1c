"""What a search returns: every evaluation, in order, and what to read off it.

A :class:`SearchResult` reports values *as the objective returned them*: when the search
maximised, ``best_value`` is the largest value and ``best_so_far()`` a running maximum.
Failed evaluations (an exception, NaN or inf) have ``NaN`` in ``values`` and their error
text in ``errors``; they never count as best.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hpt_helpers.space import Space

__all__ = ["SearchResult"]


class SearchResult:
    """The evaluations of one search (grid, random or Bayesian).

    Parameters
    ----------
    params : list of dict
        Evaluated points in evaluation order.
    values : array_like
        Their values as returned by the objective, NaN where the evaluation failed.
    errors : list of (str or None)
        Error text of failed evaluations, None for successes.
    seconds : array_like
        Time each objective call took.
    overhead_seconds : float
        Time the search spent outside the objective (proposing, fitting, bookkeeping).
    method : {"grid", "random", "bayesian"}
    space : Space
    maximize : bool
    optimizer_settings : dict, optional
        Bayesian only: the optimizer's settings (see :meth:`optimizer_at`).
    theta_history : dict, optional
        Bayesian only: the surrogate's fitted log-hyperparameters by number of observations.

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> res = SearchResult([{"x": 0.0}, {"x": 1.0}, {"x": 2.0}], [3.0, float("nan"), 1.0],
    ...                    [None, "ValueError: boom", None], [0.1, 0.1, 0.1], 0.01, "grid",
    ...                    Space({"x": Real(0, 2)}))
    >>> res.best_params, res.best_value, res.n_failed
    ({'x': 2.0}, 1.0, 1)
    >>> res.best_so_far()
    array([3., 3., 1.])
    >>> res.to_dataframe()
         x  value             error  seconds
    0  0.0    3.0              None      0.1
    1  1.0    NaN  ValueError: boom      0.1
    2  2.0    1.0              None      0.1
    """

    def __init__(self, params: list[dict], values: Any, errors: list, seconds: Any,
                 overhead_seconds: float, method: str, space: Space, maximize: bool = False,
                 optimizer_settings: dict | None = None,
                 theta_history: dict | None = None) -> None:
        self.params = [dict(p) for p in params]
        self.values = np.asarray(values, dtype=float).reshape(-1)
        self.errors = list(errors)
        self.seconds = np.asarray(seconds, dtype=float).reshape(-1)
        self.overhead_seconds = float(overhead_seconds)
        self.method = method
        self.space = space
        self.maximize = bool(maximize)
        self.optimizer_settings = dict(optimizer_settings) if optimizer_settings else None
        self.theta_history = dict(theta_history) if theta_history else {}
        n = len(self.params)
        if not (len(self.values) == len(self.errors) == len(self.seconds) == n):
            raise ValueError(f"params, values, errors and seconds must have the same length; "
                             f"got {n}, {len(self.values)}, {len(self.errors)}, "
                             f"{len(self.seconds)}.")

    def __len__(self) -> int:
        return len(self.params)

    def __repr__(self) -> str:
        best = f"{self.best_value:.6g}" if len(self) and not math.isnan(self.best_value) \
            else "none"
        return (f"SearchResult(method={self.method!r}, n_evaluations={len(self)}, "
                f"n_failed={self.n_failed}, best_value={best})")

    @property
    def _loss(self) -> np.ndarray:
        return -self.values if self.maximize else self.values

    @property
    def n_failed(self) -> int:
        """Number of failed evaluations."""
        return int(np.sum(~np.isfinite(self.values)))

    @property
    def best_index(self) -> int:
        """Evaluation number of the best value (-1 if every evaluation failed)."""
        loss = self._loss
        if not np.any(np.isfinite(loss)):
            return -1
        return int(np.nanargmin(np.where(np.isfinite(loss), loss, np.nan)))

    @property
    def best_value(self) -> float:
        """Best value in the objective's sense (NaN if every evaluation failed)."""
        i = self.best_index
        return float(self.values[i]) if i >= 0 else math.nan

    @property
    def best_params(self) -> dict | None:
        """Point of the best value (None if every evaluation failed)."""
        i = self.best_index
        return dict(self.params[i]) if i >= 0 else None

    def best_so_far(self) -> np.ndarray:
        """Running best value after each evaluation (NaN until the first success)."""
        loss = np.where(np.isfinite(self._loss), self._loss, np.inf)
        running = np.minimum.accumulate(loss) if len(loss) else loss
        running = np.where(np.isinf(running), np.nan, running)
        return -running if self.maximize else running

    def to_dataframe(self):
        """One row per evaluation: a column per hyperparameter, then value, error, seconds."""
        import pandas as pd

        frame = pd.DataFrame({name: [p[name] for p in self.params] for name in self.space.names})
        frame["value"] = self.values
        frame["error"] = pd.Series(self.errors, dtype=object)
        frame["seconds"] = self.seconds
        frame.index.name = None
        return frame

    def optimizer_at(self, k: int):
        """The Bayesian optimizer as it was after the first ``k`` evaluations.

        No objective is called: the optimizer is rebuilt with the search's settings, told
        the first ``k`` evaluations, and its surrogate gets the hyperparameters the search
        fitted at that step. So ``optimizer_at(k).ask()`` proposes exactly evaluation
        number ``k`` when that point came from the acquisition with ``batch_size=1`` (with
        batches: for the first point of each batch), and plots can draw any step.

        Parameters
        ----------
        k : int
            Number of evaluations told, ``0 <= k <= len(result)``.

        Examples
        --------
        >>> from hpt_helpers.search import bayesian_search
        >>> from hpt_helpers.space import Real
        >>> res = bayesian_search(lambda x: (x - 1) ** 2, {"x": Real(-3, 3)}, n_calls=7,
        ...                       n_initial_points=4, random_state=0)
        >>> res.optimizer_at(5).ask() == [res.params[5]]
        True
        """
        from hpt_helpers.optimizer import BayesianOptimizer
        from hpt_helpers.validation import check_int

        if self.optimizer_settings is None:
            raise ValueError(f"optimizer_at needs a Bayesian search result; this one comes "
                             f"from method={self.method!r}.")
        k = check_int("k", k, low=0, high=len(self))
        opt = BayesianOptimizer(self.space, **self.optimizer_settings)
        opt._fixed_thetas = dict(self.theta_history)
        if k:
            opt.tell(self.params[:k], list(self._loss[:k]))
        return opt
