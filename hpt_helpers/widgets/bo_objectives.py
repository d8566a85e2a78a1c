"""The objectives of the Bayesian-optimisation explorers: built-in 1-D examples, Branin, and a
real 2-D tuning task (an RBF SVM on the digits, as a table of cross-validated scores).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hpt_helpers.space import Real, Space
from hpt_helpers.validation import check_callable, check_int, check_number, check_one_of

__all__ = ["EXAMPLES_1D", "Objective", "svc_digits_table", "svc_digits_objective"]


@dataclass(frozen=True)
class Objective:
    """An objective for the explorers: a function of keyword hyperparameters and its space.

    Attributes
    ----------
    function : callable
        ``function(**params) -> float``, minimised.
    space : Space
        One or two ``Real`` dimensions.
    label : str
        What the function's value is (the y-axis or colour-bar label).
    title : str
    """

    function: Callable[..., float]
    space: Space
    label: str = "objective"
    title: str = ""


def _gramacy_lee(x: float) -> float:
    return float(np.sin(10 * np.pi * x) / (2 * x) + (x - 1) ** 4)


def _sine_bowl(x: float) -> float:
    return float(np.sin(3 * x) + x**2 - 0.7 * x)


def _forrester(x: float) -> float:
    from hpt_helpers.testfunctions import forrester

    return forrester(x)


EXAMPLES_1D = {
    "forrester": Objective(_forrester, Space({"x": Real(0.0, 1.0)}), "f(x)",
                           "Forrester: (6x - 2)^2 sin(12x - 4)"),
    "gramacy_lee": Objective(_gramacy_lee, Space({"x": Real(0.5, 2.5)}), "f(x)",
                             "Gramacy & Lee: sin(10 pi x) / 2x + (x - 1)^4"),
    "sine_bowl": Objective(_sine_bowl, Space({"x": Real(-1.0, 2.0)}), "f(x)",
                           "sin(3x) + x^2 - 0.7x"),
}
"""Built-in 1-D objectives of :func:`bo_explorer`, by name."""


def objective_1d(objective, bounds, name, log) -> Objective:
    if isinstance(objective, str):
        check_one_of("objective", objective, list(EXAMPLES_1D))
        if bounds is not None:
            raise ValueError(f"bounds is only for your own function; {objective!r} has "
                             f"bounds {EXAMPLES_1D[objective].space}")
        return EXAMPLES_1D[objective]
    if isinstance(objective, Objective):
        return objective
    func = check_callable("objective", objective)
    if bounds is None or len(bounds) != 2:
        raise ValueError(f"bounds must be (low, high) for your own objective; got {bounds!r}")
    low, high = (check_number("bounds", b) for b in bounds)
    space = Space({name: Real(low, high, log=log)})
    return Objective(lambda **p: float(func(p[name])), space, "objective",
                     getattr(func, "__name__", "objective"))



def svc_digits_table(n_c: int = 8, n_gamma: int = 8, *, n_samples: int = 600, cv: int = 3,
                     c_range=(1e-2, 1e3), gamma_range=(1e-5, 1e0), random_state: int = 0,
                     n_jobs: int = 1):
    """Cross-validated accuracy of an RBF SVM on the digits data over a log grid of C, gamma.

    A real tuning task for :func:`bo_explorer_2d`: ``StandardScaler`` + ``SVC`` on a
    stratified subsample of scikit-learn's digits, ``cv``-fold stratified CV (shuffled,
    seeded). Call it once in a notebook (the default grid takes about 5-15 s on 2
    cores); any table with the same columns on a full grid works too, e.g. a larger
    precomputed one.

    Parameters
    ----------
    n_c, n_gamma : int
        Grid points per hyperparameter (log-spaced over ``c_range`` and ``gamma_range``).
    n_samples : int
        Size of the stratified subsample of the 1797 digits.
    cv : int
        Folds.
    random_state : int
        Seed of the subsample and of the folds.
    n_jobs : int
        Passed to ``cross_val_score``.

    Returns
    -------
    pandas.DataFrame
        Columns ``C``, ``gamma``, ``mean_test_score`` (accuracy), one row per grid point.

    Examples
    --------
    >>> table = svc_digits_table(2, 2, n_samples=150)
    >>> list(table.columns), len(table)
    (['C', 'gamma', 'mean_test_score'], 4)
    """
    import pandas as pd
    from sklearn.datasets import load_digits
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    n_c, n_gamma = check_int("n_c", n_c, low=2), check_int("n_gamma", n_gamma, low=2)
    cv = check_int("cv", cv, low=2)
    X, y = load_digits(return_X_y=True)
    n_samples = check_int("n_samples", n_samples, low=10 * cv, high=len(X))
    if n_samples < len(X):
        X, _, y, _ = train_test_split(X, y, train_size=n_samples, stratify=y,
                                      random_state=random_state)
    folds = StratifiedKFold(cv, shuffle=True, random_state=random_state)
    rows = []
    for C in np.geomspace(*c_range, n_c):
        for gamma in np.geomspace(*gamma_range, n_gamma):
            model = make_pipeline(StandardScaler(), SVC(C=C, gamma=gamma))
            score = cross_val_score(model, X, y, cv=folds, n_jobs=n_jobs).mean()
            rows.append({"C": float(C), "gamma": float(gamma), "mean_test_score": score})
    return pd.DataFrame(rows)


def svc_digits_objective(table) -> Objective:
    """The CV error ``1 - accuracy`` of a :func:`svc_digits_table`, as an :class:`Objective`.

    Between grid points the error is interpolated linearly in ``log10 C`` and
    ``log10 gamma``, so a search can ask for any (C, gamma) in the table's range and gets
    an answer in microseconds: a *tabular benchmark* of a real tuning problem.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"C": [1, 1, 10, 10], "gamma": [0.1, 1, 0.1, 1],
    ...                   "mean_test_score": [0.5, 0.7, 0.9, 0.8]})
    >>> obj = svc_digits_objective(t)
    >>> round(obj.function(C=10.0, gamma=0.1), 3), round(obj.function(C=10 ** 0.5, gamma=0.1), 3)
    (0.1, 0.3)
    """
    from scipy.interpolate import RegularGridInterpolator

    missing = {"C", "gamma", "mean_test_score"} - set(table.columns)
    if missing:
        raise ValueError(f"table must have columns C, gamma and mean_test_score; missing "
                         f"{sorted(missing)}")
    Cs = np.sort(table["C"].unique())
    gammas = np.sort(table["gamma"].unique())
    pivot = table.pivot_table(index="C", columns="gamma", values="mean_test_score")
    pivot = pivot.reindex(index=Cs, columns=gammas)
    if pivot.isna().to_numpy().any():
        raise ValueError("table must hold every (C, gamma) pair of a full grid; some are "
                         "missing")
    error = 1.0 - pivot.to_numpy(dtype=float)
    interp = RegularGridInterpolator((np.log10(Cs), np.log10(gammas)), error)
    lo = np.log10([Cs[0], gammas[0]])
    hi = np.log10([Cs[-1], gammas[-1]])

    def cv_error(C: float, gamma: float) -> float:
        point = np.clip(np.log10([C, gamma]), lo, hi)
        return float(interp(point[None])[0])

    space = Space({"C": Real(float(Cs[0]), float(Cs[-1]), log=True),
                   "gamma": Real(float(gammas[0]), float(gammas[-1]), log=True)})
    return Objective(cv_error, space, "CV error (1 - accuracy)",
                     "RBF SVM on digits: cross-validated error")


def objective_2d(task, table) -> Objective:
    if isinstance(task, Objective):
        return task
    check_one_of("task", task, ["branin", "svc_digits"])
    if task == "branin":
        from hpt_helpers.testfunctions import BRANIN

        return Objective(BRANIN.objective, BRANIN.space, "branin(x1, x2)", "Branin")
    return svc_digits_objective(table if table is not None else svc_digits_table())
