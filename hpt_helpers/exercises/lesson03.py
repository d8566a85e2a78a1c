"""Exercises for lesson 03, regularization strength.

Questions
---------
q1 : the alpha LassoCV chooses on the diabetes training split.
q2 : how many Lasso coefficients are exactly zero at alpha = 10.
q3 : the alpha that ``LogisticRegression(C=0.01)`` corresponds to.
q4 : which penalty can set coefficients exactly to zero.
q5 : the ``l1_ratio`` that turns ElasticNet into Lasso.

The data are the ones the lesson uses: ``load_diabetes`` split 75/25 with
``random_state=0`` (:func:`diabetes_split`).

Examples
--------
>>> q3.check(100)
Correct! C multiplies the data term, alpha the penalty: alpha = 1 / C.
"""

from __future__ import annotations

import numbers
from functools import lru_cache

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, LassoCV
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hpt_helpers.exercises.core import Incorrect, Question, close_to, normalise_text

__all__ = ["diabetes_split", "q1", "q2", "q3", "q4", "q5"]

SEED = 0


def diabetes_split():
    """The lesson's diabetes split: ``X_train, X_test, y_train, y_test``.

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = diabetes_split()
    >>> X_train.shape, X_test.shape
    ((331, 10), (111, 10))
    """
    X, y = load_diabetes(return_X_y=True)
    return train_test_split(X, y, test_size=0.25, random_state=SEED)


@lru_cache(maxsize=1)
def _lassocv_alpha() -> float:
    X_train, _, y_train, _ = diabetes_split()
    model = make_pipeline(StandardScaler(),
                          LassoCV(cv=KFold(5, shuffle=True, random_state=SEED)))
    return float(model.fit(X_train, y_train)[-1].alpha_)


@lru_cache(maxsize=1)
def _n_zero_at_10() -> int:
    X_train, _, y_train, _ = diabetes_split()
    model = make_pipeline(StandardScaler(), Lasso(alpha=10.0)).fit(X_train, y_train)
    return int(np.sum(model[-1].coef_ == 0))


def _choice(allowed, correct, reasons, *, praise=""):
    """Checker for a multiple-choice answer with an explanation per wrong choice."""
    allowed = [a.lower() for a in allowed]

    def checker(answer):
        a = normalise_text(answer)
        if a not in allowed:
            raise Incorrect(f"Choose one of {allowed!r}; got {answer!r}.")
        if a != correct:
            raise Incorrect(reasons.get(a, "Not this one; re-read the section."))
        return praise
    checker.options = allowed
    return checker


def _check_q1(answer):
    target = _lassocv_alpha()
    value = float(answer)
    if value <= 0:
        raise Incorrect(f"alpha is always > 0; got {value:g}. Read it from "
                        "`model[-1].alpha_`.")
    if np.isclose(value, 1.0):
        raise Incorrect("1.0 is Lasso's default alpha, not the one LassoCV chose; read "
                        "`model[-1].alpha_` after fitting.")
    close_to(target, sig=3, what="alpha")(value)
    return "LassoCV tried a whole path of alphas on 5 folds and kept the best."


def _check_q2(answer):
    target = _n_zero_at_10()
    if answer == target:
        return "Every zero is a feature the model has dropped."
    if answer == 10 - target:
        raise Incorrect(f"{answer} is the number of NON-zero coefficients; the question "
                        "asks for the zeros.")
    direction = "too many" if answer > target else "too few"
    raise Incorrect(f"That is {direction}. Count `model[-1].coef_ == 0` after fitting "
                    "StandardScaler + Lasso(alpha=10) on X_train, y_train.")


def _check_q3(answer):
    value = float(answer)
    if np.isclose(value, 0.01):
        raise Incorrect("0.01 is C itself. C multiplies the data term, so the penalty's "
                        "weight is its reciprocal.")
    if np.isclose(value, 0.005) or np.isclose(value, 50):
        raise Incorrect("Close: check the factor 1/2. The penalty is (alpha / 2) * ||w||^2, "
                        "and dividing C * loss + ||w||^2 / 2 by C gives loss + "
                        "||w||^2 / (2 C).")
    close_to(100.0, rtol=1e-6, what="alpha")(value)
    return "C multiplies the data term, alpha the penalty: alpha = 1 / C."


def _check_q5(answer):
    value = float(answer)
    if np.isclose(value, 0.0):
        raise Incorrect("l1_ratio = 0 keeps only the L2 term: that is a ridge penalty.")
    if not 0 <= value <= 1:
        raise Incorrect(f"l1_ratio is a share between 0 and 1; got {value:g}.")
    if not np.isclose(value, 1.0):
        raise Incorrect(f"l1_ratio = {value:g} mixes both terms; which value leaves only "
                        "the L1 term?")
    return "With l1_ratio = 1 the L2 term vanishes and ElasticNet is Lasso."


q1 = Question(
    "q1", "The alpha LassoCV chooses on the diabetes training split, to 3 significant figures",
    checker=_check_q1, sig=3,
    hint="""
    Build make_pipeline(StandardScaler(), LassoCV(cv=KFold(5, shuffle=True,
    random_state=SEED))), fit it on X_train, y_train only, and read the last step's
    `alpha_`.
    """,
    solution="""
    from sklearn.linear_model import LassoCV
    from sklearn.model_selection import KFold
    model = make_pipeline(StandardScaler(),
                          LassoCV(cv=KFold(5, shuffle=True, random_state=SEED)))
    model.fit(X_train, y_train)
    answer = model[-1].alpha_
    """,
    expected=numbers.Real,
    solution_answer=_lassocv_alpha,
)

q2 = Question(
    "q2", "How many Lasso coefficients are exactly zero at alpha = 10",
    checker=_check_q2,
    hint="""
    Fit make_pipeline(StandardScaler(), Lasso(alpha=10)) on X_train, y_train and count the
    entries of the last step's `coef_` that equal 0 (np.sum(coef == 0)).
    """,
    solution="""
    model = make_pipeline(StandardScaler(), Lasso(alpha=10)).fit(X_train, y_train)
    answer = int(np.sum(model[-1].coef_ == 0))
    """,
    expected=numbers.Integral,
    solution_answer=_n_zero_at_10,
)

q3 = Question(
    "q3", "The alpha of LogisticRegression(C=0.01), with penalty (alpha / 2) * ||w||^2",
    checker=_check_q3,
    hint="""
    LogisticRegression minimises C * (sum of losses) + ||w||^2 / 2. Divide the whole
    objective by C (which does not move the minimum) and read off the penalty's weight.
    """,
    solution="""
    # C * loss + ||w||^2 / 2  has the same minimiser as  loss + ||w||^2 / (2 C),
    # i.e. loss + (alpha / 2) ||w||^2 with alpha = 1 / C.
    answer = 1 / 0.01   # 100: small C = strong regularization
    """,
    expected=numbers.Real,
    solution_answer=lambda: 100.0,
)

q4 = Question(
    "q4", "Which penalty can set coefficients exactly to zero",
    checker=_choice(
        ["ridge", "lasso", "both", "neither"], "lasso",
        {"ridge": "Ridge shrinks every coefficient towards zero but leaves it non-zero; "
                  "look at the non-zero counts in section 2.",
         "both": "Only one of them does; compare the two coefficient-path panels.",
         "neither": "One of them does: count the non-zero coefficients along its path."},
        praise="The L1 term's corner at zero makes exact zeros optimal."),
    hint="""
    Look at the two coefficient-path panels of section 2 and the counts under them: on
    which one do lines land exactly on zero?
    """,
    solution="""
    answer = "lasso"   # the L1 penalty zeroes; the L2 penalty (ridge) only shrinks
    """,
    expected=str,
    solution_answer=lambda: "lasso",
)

q5 = Question(
    "q5", "The l1_ratio that turns ElasticNet into Lasso",
    checker=_check_q5,
    hint="""
    ElasticNet's penalty is alpha * (l1_ratio * ||w||_1 + (1 - l1_ratio) / 2 * ||w||^2).
    Which value of l1_ratio removes the squared term?
    """,
    solution="""
    answer = 1.0
    """,
    expected=numbers.Real,
    solution_answer=lambda: 1.0,
)
