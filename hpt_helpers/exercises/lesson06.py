"""Exercises of lesson 06, grid search.

Q3 reads :data:`example_results`, a fixed ``cv_results_`` table of a small SVC search (its
numbers are typed here, so the question needs no training).
"""

from __future__ import annotations

import numbers

import pandas as pd

from hpt_helpers.exercises.core import Incorrect, Question, close_to, one_of

__all__ = ["example_results", "q1", "q2", "q3", "q4", "q5"]


def _example_results() -> pd.DataFrame:
    rows = []
    rbf = {(0.1, 0.01): 0.81, (0.1, 0.1): 0.86, (0.1, 1.0): 0.62,
           (1.0, 0.01): 0.90, (1.0, 0.1): 0.93, (1.0, 1.0): 0.70,
           (10.0, 0.01): 0.94, (10.0, 0.1): 0.92, (10.0, 1.0): 0.71}
    for (C, gamma), score in rbf.items():
        rows.append({"kernel": "rbf", "C": C, "gamma": gamma, "score": score})
    for C, score in ((0.1, 0.91), (1.0, 0.95), (10.0, 0.93)):
        rows.append({"kernel": "linear", "C": C, "gamma": None, "score": score})
    frame = pd.DataFrame({
        "param_kernel": [r["kernel"] for r in rows],
        "param_C": [r["C"] for r in rows],
        "param_gamma": pd.Series([r["gamma"] for r in rows], dtype=object),
        "params": [{k: r[k] for k in ("kernel", "C", "gamma") if r[k] is not None}
                   for r in rows],
        "mean_test_score": [r["score"] for r in rows],
    })
    frame["rank_test_score"] = frame["mean_test_score"].rank(ascending=False,
                                                            method="min").astype(int)
    return frame


example_results = _example_results()


def _q1_checker(answer):
    if answer == 120:
        raise Incorrect("That counts the cross-validation fits (4 x 3 x 2 candidates x 5 "
                        "folds) but not the final refit of the winner.")
    if answer == 24:
        raise Incorrect("24 is the number of candidates; each is fitted once per fold.")
    if answer == 25:
        raise Incorrect("Each candidate is fitted once per fold, not once in all.")
    if answer != 121:
        raise Incorrect("Multiply the numbers of values, then the folds, then add the refit.")


q1 = Question(
    "q1", "Models trained by a 4 x 3 x 2 grid with cv=5, refit included",
    checker=_q1_checker, expected=numbers.Integral,
    hint="Candidates = product of the list lengths; each candidate is fitted once per fold; "
         "refit=True adds one more fit.",
    solution="answer = 4 * 3 * 2 * 5 + 1  # 24 candidates x 5 folds, plus the refit",
    solution_answer=lambda: 121,
)


def _q2_checker(answer):
    if answer == 18:
        raise Incorrect("18 would be one flat dict (2 kernels x 3 C x 3 gamma-or-none). A "
                        "list of dicts is a union: add the sizes of the grids.")
    if answer == 12:
        raise Incorrect("The linear grid has no gamma: it contributes 3 candidates, not 6.")
    if answer != 9:
        raise Incorrect("Count each dict's product, then add them up.")


q2 = Question(
    "q2", "Candidates in a two-branch conditional grid",
    checker=_q2_checker, expected=numbers.Integral,
    hint="`len(ParameterGrid(grid))` counts it for you; by hand, add the products of the "
         "dicts.",
    solution="from sklearn.model_selection import ParameterGrid\n"
             'grid = [{"kernel": ["linear"], "C": [1, 10, 100]},\n'
             '        {"kernel": ["rbf"], "C": [1, 10, 100], "gamma": [0.01, 0.1]}]\n'
             "answer = len(ParameterGrid(grid))  # 3 + 3 x 2",
    solution_answer=lambda: 9,
)


def _q3_value() -> dict:
    rbf = example_results[example_results["param_kernel"] == "rbf"]
    best = rbf.loc[rbf["mean_test_score"].idxmax()]
    return {"C": float(best["param_C"]), "gamma": float(best["param_gamma"])}


def _q3_checker(answer):
    if set(answer) != {"C", "gamma"}:
        raise Incorrect(f"Give a dict with exactly the keys 'C' and 'gamma'; got keys "
                        f"{sorted(answer)}.")
    try:
        got = {k: float(v) for k, v in answer.items()}
    except (TypeError, ValueError):
        raise Incorrect("C and gamma must be numbers.") from None
    if got["C"] == 1.0 and got["gamma"] == 0.1:
        raise Incorrect("C=1, gamma=0.1 is a good rbf candidate, but not the best one.")
    if got != _q3_value():
        raise Incorrect("Filter the rows with param_kernel == 'rbf' first, then take the row "
                        "with the largest mean_test_score (the overall best is a linear "
                        "kernel, which has no gamma).")


q3 = Question(
    "q3", "Best C and gamma of the rbf candidates in ex.example_results",
    checker=_q3_checker, expected=dict,
    hint="`rbf = ex.example_results[ex.example_results.param_kernel == 'rbf']`, then "
         "`rbf.loc[rbf.mean_test_score.idxmax()]`.",
    solution="rbf = ex.example_results[ex.example_results.param_kernel == 'rbf']\n"
             "best = rbf.loc[rbf.mean_test_score.idxmax()]\n"
             'answer = {"C": best.param_C, "gamma": best.param_gamma}',
    solution_answer=_q3_value,
)


def _q4_checker(answer):
    value = float(answer)
    if abs(value - 5 ** 4 * 2 / 3600) < 0.01:
        raise Incorrect("That is one fit per candidate; with cv=5 each candidate is "
                        "fitted five times.")
    if abs(value - 5 ** 4 * 5 * 2 / 60) < 1:
        raise Incorrect("That looks like minutes; the question asks for hours.")
    close_to(5 ** 4 * 5 * 2 / 3600, decimals=2, what="number of hours")(answer)


q4 = Question(
    "q4", "Hours taken by a 5^4 grid with 5-fold CV at 2 s per fit, to 2 decimals",
    checker=_q4_checker, expected=numbers.Real, decimals=2,
    hint="5 values for each of 4 hyperparameters is 5 ** 4 candidates; multiply by the folds "
         "and the seconds per fit, then divide by 3600.",
    solution="answer = 5 ** 4 * 5 * 2 / 3600  # 3125 fits of 2 s, about 1.7 hours",
    solution_answer=lambda: 5 ** 4 * 5 * 2 / 3600,
)

_Q5_OPTIONS = ["True", "False", "a metric name", "a callable"]


def _q5_checker(answer):
    if isinstance(answer, str) and answer.strip().lower() == "true":
        raise Incorrect("refit=True keeps the top scorer, however little it beats the "
                        "others by.")
    if isinstance(answer, str) and answer.strip().lower() == "a metric name":
        raise Incorrect("A metric name chooses which score ranks candidates, but still "
                        "keeps the top scorer.")
    one_of(_Q5_OPTIONS, "a callable", synonyms={"a callable": ["callable", "a function",
                                                              "function"]})(answer)


q5 = Question(
    "q5", "Which refit keeps the simplest model within noise of the best?",
    checker=_q5_checker, expected=str, options=_Q5_OPTIONS,
    hint="Only one kind of refit lets you write your own rule over cv_results_.",
    solution='answer = "a callable"  # e.g. refit=one_standard_error_rule from section 5',
    solution_answer=lambda: "a callable",
)
