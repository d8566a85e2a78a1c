"""Exercises of lesson 01, hyperparameters and estimators.

The data-based question (q3) recomputes its answer from the same split as the lesson:
``train_test_split(load_breast_cancer(), test_size=0.25, stratify=y, random_state=0)`` and
``StratifiedKFold(5, shuffle=True, random_state=0)``.
"""

from __future__ import annotations

import numbers
from functools import cache

from hpt_helpers.exercises.core import Incorrect, Question, close_to, equals, one_of, same_items

__all__ = ["q1", "q2", "q3", "q4", "q5"]


def _q1_checker(answer):
    if not all(isinstance(a, str) for a in answer):
        raise Incorrect("Give the names as strings, e.g. [\"C\"].")
    chosen = [a.strip() for a in answer]
    hyper = [a for a in chosen if a in ("C", "fit_intercept", "max_iter", "tol")]
    if hyper:
        raise Incorrect(f"{', '.join(hyper)} {'is' if len(hyper) == 1 else 'are'} set before "
                        "fit: hyperparameters. Learned attributes end with an underscore.")
    unknown = [a for a in chosen if a not in ("coef_", "intercept_")]
    if unknown:
        raise Incorrect(f"Choose names from the list in the question; {unknown!r} is not "
                        "among them.")
    same_items(["coef_", "intercept_"])(chosen)


q1 = Question(
    "q1", "Which names are learned parameters?",
    checker=_q1_checker, expected=(list, tuple, set),
    hint="Scikit-learn marks what `fit` learns with a trailing underscore.",
    solution='answer = ["coef_", "intercept_"]',
    solution_answer=lambda: ["coef_", "intercept_"],
)


def _q2_checker(answer):
    if answer.strip() == "C":
        raise Incorrect("`C` alone is ambiguous in a pipeline: prefix it with the step's "
                        "name and two underscores.")
    if answer.strip().lower() == "svc_c":
        raise Incorrect("Use two underscores between the step name and the parameter.")
    if answer.strip() != "svc__C":
        raise Incorrect("make_pipeline names each step after its class in lower case; "
                        "the key is '<step>__<parameter>'.")


q2 = Question(
    "q2", "The set_params key of the SVM's C inside a pipeline",
    checker=_q2_checker, expected=str,
    hint="Look at `list(pipe.get_params())`.",
    solution='answer = "svc__C"\npipe.set_params(svc__C=10.0)',
    solution_answer=lambda: "svc__C",
)


@cache
def _q3_value() -> float:
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    data = load_breast_cancer()
    X_train, _, y_train, _ = train_test_split(data.data, data.target, test_size=0.25,
                                              stratify=data.target, random_state=0)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15))
    return float(cross_val_score(model, X_train, y_train, cv=cv).mean())


def _q3_checker(answer):
    value = float(answer)
    if value > 1 or value < 0:
        raise Incorrect("An accuracy lies between 0 and 1.")
    if value == int(value) and value in (0.0, 1.0):
        raise Incorrect("That is a whole number: give the mean of the five fold scores.")
    _q3_close(answer)


_q3_close = close_to(_q3_value, decimals=3, what="mean CV accuracy")

q3 = Question(
    "q3", "5-fold CV accuracy of 15-NN on the training set, to 3 decimals",
    checker=_q3_checker, expected=numbers.Real, decimals=3,
    hint="`cross_val_score(model, X_train, y_train, cv=cv)` returns one score per fold: "
         "take the mean. Scale inside the pipeline, not before the split.",
    solution="model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15))\n"
             "answer = cross_val_score(model, X_train, y_train, cv=cv).mean()",
    solution_answer=_q3_value,
)


def _q4_checker(answer):
    if answer == 60:
        raise Incorrect("That counts the fits on the folds; the search also refits its best "
                        "setting on the whole training set.")
    if answer == 12:
        raise Incorrect("That is the number of candidates; each is fitted once per fold.")
    if answer in (13, 17, 20, 21):
        raise Incorrect("Each candidate is fitted once per fold, so multiply rather than add.")
    _q4_equals(answer)


_q4_equals = equals(61, what="number of fits")


q4 = Question(
    "q4", "Fits of a 4 x 3 grid with cv=5, refit included",
    checker=_q4_checker, expected=numbers.Integral,
    hint="Candidates x folds, plus one.",
    solution="answer = 4 * 3 * 5 + 1  # 60 CV fits and the refit of the best setting",
    solution_answer=lambda: 61,
)


_Q5_OPTIONS = ["too high", "too low", "unbiased"]
_q5_choice = one_of(_Q5_OPTIONS, "too high", synonyms={"too high": ["optimistic", "high"]})


def _q5_checker(answer):
    try:
        _q5_choice(answer)
    except Incorrect as exc:
        if " ".join(answer.lower().split()) in _Q5_OPTIONS:
            raise Incorrect("The best of many noisy scores is selected *because* it is high; "
                            "think about what part of that height is luck on those folds.") \
                from exc
        raise


q5 = Question(
    "q5", "Is the best CV score of a search biased?",
    checker=_q5_checker, expected=str, options=_Q5_OPTIONS,
    hint="Think of picking the tallest of 200 people measured with a shaky tape measure.",
    solution='answer = "too high"  # nested CV estimates the tuned model honestly',
    solution_answer=lambda: "too high",
)
