"""Learning-curve benchmarks: a real model's validation loss after every epoch, precomputed.

A multi-fidelity search asks for a configuration and a *budget* (a number of epochs); the
lookup **snaps the configuration to the nearest precomputed one** (in the unit cube of the
space, so log-scaled hyperparameters are compared in log space) and returns its stored
validation loss after that many epochs, *charging* the epochs. So one "training" costs
microseconds, hundreds of searches run in seconds, and every method sees the same curves
(like :mod:`hpt_helpers.tabular`, with a budget axis).

The bundled benchmark is :func:`mlp_digits`: ``MLPClassifier`` trained one epoch at a time
with ``partial_fit`` on scikit-learn's digits, over learning rate, width, L2 strength and
batch size (``data/mlp_digits_curves.csv``, rebuilt by ``data/build_learning_curves.py``,
checksum-verified on load).
"""

from __future__ import annotations

import numbers
from functools import cache

import numpy as np

from hpt_helpers.data import load_table
from hpt_helpers.space import Integer, Real, Space

__all__ = ["LearningCurveBenchmark", "mlp_digits", "simulate_halving"]


class LearningCurveBenchmark:
    """A lookup-table objective ``objective(budget=epochs, **params) -> validation loss``.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per configuration: one column per hyperparameter and columns
        ``loss_1 ... loss_E`` (validation loss after each epoch); optionally
        ``seconds_per_epoch`` and ``test_loss``.
    space : Space
        The continuous space searches see; its names must be columns of ``table``.
    name : str

    Attributes
    ----------
    curves : numpy array, shape (n_configs, max_epochs)
        The validation loss of configuration ``i`` after ``e + 1`` epochs is
        ``curves[i, e]``.
    params : list of dict
        The configurations, in table order.
    max_epochs : int
    final : numpy array
        ``curves[:, -1]``: the loss after the full budget.
    minimum : float
        The smallest final loss (so regret = found - minimum).
    calls, epochs_spent : int
        Lookups and epochs charged since the last :meth:`reset`.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"lr": [0.01, 0.1], "loss_1": [2.0, 1.0], "loss_2": [1.0, 0.9],
    ...                       "loss_3": [0.5, 0.8]})
    >>> bench = LearningCurveBenchmark(table, Space({"lr": Real(0.01, 0.1, log=True)}))
    >>> bench.objective(budget=1, lr=0.09), bench.objective(budget=3, lr=0.012)
    (1.0, 0.5)
    >>> bench.calls, bench.epochs_spent, bench.minimum, bench.n_crossings()
    (2, 4, 0.5, 1)
    """

    def __init__(self, table, space: Space, *, name: str = "learning_curves"):
        loss_columns = [c for c in table.columns if str(c).startswith("loss_")]
        missing = [c for c in space.names if c not in table.columns]
        if missing or not loss_columns:
            raise ValueError(f"table must have a column per space name {missing} and "
                             f"columns loss_1, loss_2, ...; it has {list(table.columns)}")
        loss_columns.sort(key=lambda c: int(str(c).split("_")[1]))
        self.name = name
        self.space = space
        self.table = table.reset_index(drop=True)
        self.params = [dict(zip(space.names, row, strict=True))
                       for row in self.table[space.names].itertuples(index=False)]
        self._unit = space.transform(self.params)
        self.curves = self.table[loss_columns].to_numpy(dtype=float)
        self.max_epochs = self.curves.shape[1]
        self.final = self.curves[:, -1]
        self.minimum = float(self.final.min())
        self.argmin = int(self.final.argmin())
        self.seconds_per_epoch = (self.table["seconds_per_epoch"].to_numpy(dtype=float)
                                  if "seconds_per_epoch" in self.table else
                                  np.zeros(len(self.table)))
        self.reset()

    def __len__(self) -> int:
        return len(self.params)

    def reset(self) -> None:
        """Zero the call counter and the epochs charged."""
        self.calls = 0
        self.epochs_spent = 0

    def nearest(self, **params) -> int:
        """Row of the configuration nearest to ``params`` (in the unit cube)."""
        u = self.space.transform([params])[0]
        return int(np.argmin(((self._unit - u) ** 2).sum(axis=1)))

    def _epochs(self, budget) -> int:
        ok = isinstance(budget, numbers.Real) and not isinstance(budget, bool) \
            and float(budget).is_integer() and 1 <= budget <= self.max_epochs
        if not ok:
            raise ValueError(f"budget must be a whole number of epochs between 1 and "
                             f"{self.max_epochs}; got {budget!r}.")
        return int(budget)

    def objective(self, budget, **params) -> float:
        """Validation loss after ``budget`` epochs of the configuration nearest to
        ``params``; charges ``budget`` epochs (a promoted run is trained anew)."""
        epochs = self._epochs(budget)
        i = self.nearest(**params)
        self.calls += 1
        self.epochs_spent += epochs
        return float(self.curves[i, epochs - 1])

    def final_loss(self, **params) -> float:
        """The loss after the full budget of the nearest configuration (free: no charge)."""
        return float(self.final[self.nearest(**params)])

    def regret(self, value) -> np.ndarray | float:
        """``value - minimum``: how far a found final loss is from the table's best."""
        out = np.asarray(value, dtype=float) - self.minimum
        return float(out) if out.ndim == 0 else out

    def rank_correlation(self, epoch: int) -> float:
        """Spearman correlation between the loss after ``epoch`` epochs and the final loss,
        over all configurations (1: early ranks are final ranks)."""
        from scipy.stats import spearmanr

        e = self._epochs(epoch)
        return float(spearmanr(self.curves[:, e - 1], self.final).statistic)

    def n_crossings(self, epoch: int = 1, subset=None) -> int:
        """Pairs of configurations whose order after ``epoch`` epochs is the reverse of
        their final order (their learning curves cross after ``epoch``).

        Ties (equal losses) are not counted.
        """
        e = self._epochs(epoch)
        rows = np.arange(len(self)) if subset is None else np.asarray(subset, dtype=int)
        early = self.curves[rows, e - 1]
        late = self.final[rows]
        d_early = np.sign(early[:, None] - early[None, :])
        d_late = np.sign(late[:, None] - late[None, :])
        return int(np.sum(np.triu(d_early * d_late < 0, k=1)))

    def __repr__(self) -> str:
        return (f"LearningCurveBenchmark({self.name!r}, {len(self)} configurations x "
                f"{self.max_epochs} epochs, best final loss {self.minimum:.4f})")


@cache
def _mlp_digits_table():
    return load_table("mlp_digits_curves.csv")


def mlp_digits() -> LearningCurveBenchmark:
    """The MLP-on-digits learning curves: minimise the validation log loss over learning
    rate, hidden units, alpha and batch size, with a budget of 1 to 81 epochs.

    Examples
    --------
    >>> bench = mlp_digits()
    >>> bench.space.names
    ['learning_rate_init', 'hidden_units', 'alpha', 'batch_size']
    >>> bench.max_epochs, len(bench) >= 200
    (81, True)
    >>> loss = bench.objective(budget=9, learning_rate_init=0.003, hidden_units=32,
    ...                        alpha=1e-3, batch_size=128)
    >>> bench.epochs_spent
    9
    """
    table = _mlp_digits_table()

    def bounds(name):
        return float(table[name].min()), float(table[name].max())

    space = Space({
        "learning_rate_init": Real(*bounds("learning_rate_init"), log=True),
        "hidden_units": Integer(*map(int, bounds("hidden_units")), log=True),
        "alpha": Real(*bounds("alpha"), log=True),
        "batch_size": Integer(*map(int, bounds("batch_size")), log=True),
    })
    return LearningCurveBenchmark(table, space, name="mlp_digits")


def simulate_halving(curves, rows, *, min_budget: int = 1, eta: float = 3) -> dict:
    """Successive halving on precomputed curves: who is stopped where, and what it costs.

    The same rules as :func:`hpt_helpers.multifidelity.successive_halving` (rungs from
    :func:`~hpt_helpers.multifidelity.successive_halving_schedule`, promotions by
    :func:`~hpt_helpers.multifidelity.promote`), run on rows of a curves array instead
    of calling an objective, so an explorer can redo it at every slider step.

    Parameters
    ----------
    curves : array, shape (n_configs, max_epochs)
        Loss after each epoch (``LearningCurveBenchmark.curves``).
    rows : sequence of int
        The configurations started (rows of ``curves``), in the order they were drawn.
    min_budget : int
        Epochs at the first rung.
    eta : float
        Reduction factor.

    Returns
    -------
    dict
        ``reached`` (epochs each started configuration was trained for), ``budgets``
        (the rungs), ``cost`` (sum of the budgets of all evaluations: a promoted run is
        trained anew), ``best_row`` (the configuration with the lowest loss at the top
        rung) and ``best_final`` (its loss after ``max_epochs``).

    Examples
    --------
    >>> curves = np.array([[3., 2., 1.5, 1.], [2., 1.5, 1.3, 1.2], [1., .9, .85, .8],
    ...                    [4., 3., 2.5, 2.]])
    >>> out = simulate_halving(curves, [0, 1, 2, 3], min_budget=1, eta=2)
    >>> out["budgets"], out["reached"].tolist(), out["cost"], out["best_row"]
    ([1, 2, 4], [1, 2, 4, 1], 12, 2)
    """
    from hpt_helpers.multifidelity import promote, successive_halving_schedule

    curves = np.asarray(curves, dtype=float)
    rows = np.asarray(rows, dtype=int)
    max_epochs = curves.shape[1]
    schedule = successive_halving_schedule(len(rows), int(min_budget), max_epochs, eta)
    reached = np.zeros(len(rows), dtype=int)
    alive = np.arange(len(rows))
    cost = 0
    for i, (_, budget) in enumerate(schedule):
        reached[alive] = budget
        cost += budget * len(alive)
        losses = curves[rows[alive], budget - 1]
        if i + 1 < len(schedule):
            alive = alive[promote(losses, schedule[i + 1][0])]
    top = alive[promote(curves[rows[alive], schedule[-1][1] - 1], 1)[0]]
    return {"reached": reached, "budgets": [b for _, b in schedule], "cost": int(cost),
            "best_row": int(rows[top]), "best_final": float(curves[rows[top], -1])}
