"""Exercises of lesson 09, comparing search strategies."""

from __future__ import annotations

import math
import numbers
from functools import cache

from hpt_helpers.exercises.core import Incorrect, Question, close_to, one_of

__all__ = ["q1", "q2", "q3", "q4"]

STRATEGIES = ("grid", "random", "bayesian", "tpe")


@cache
def _final_medians() -> dict:
    """(problem, strategy) -> median regret after the last evaluation, from the data."""
    from hpt_helpers.data import load_table
    from hpt_helpers.tabular import svc_digits
    from hpt_helpers.testfunctions import BRANIN, FORRESTER, HARTMANN6

    minima = {"forrester": FORRESTER.minimum, "branin": BRANIN.minimum,
              "hartmann6": HARTMANN6.minimum, "svc_digits": svc_digits().minimum}
    df = load_table("strategy_comparison.csv")
    last = df[df.evaluation == df.evaluation.max()]
    regret = last.best_so_far - last.problem.map(minima)
    return {key: float(v) for key, v in regret.groupby([last.problem, last.strategy]).median()
            .items()}


def _q1_answer() -> str:
    medians = _final_medians()
    return min(STRATEGIES, key=lambda s: medians[("forrester", s)])


def _q1_checker(answer):
    if isinstance(answer, str) and answer.strip().lower() == "grid":
        raise Incorrect("The grid does well in 1-D (it beats random search there), but it "
                        "is not the lowest: compare the forrester row of the `final` table "
                        "across all four strategies.")
    one_of(STRATEGIES, _q1_answer())(answer)


q1 = Question(
    "q1", "Lowest median regret on Forrester after 30 evaluations",
    checker=_q1_checker, expected=str, options=STRATEGIES,
    hint="Read the `final` table: the rows of forrester, column `median`.",
    solution='answer = final.loc["forrester", "median"].idxmin()',
    solution_answer=_q1_answer,
)


def _q2_checker(answer):
    if answer == 30:
        raise Incorrect("30 is the whole budget; a 2-D product grid uses k * k of it.")
    if answer == 15:
        raise Incorrect("The points per dimension multiply (k * k <= 30), they do not add.")
    if answer == 6:
        raise Incorrect("6 * 6 = 36 evaluations: more than the budget of 30.")
    if answer != 5:
        raise Incorrect("Find the largest k with k * k <= 30.")
    return ("5 x 5 = 25 evaluations. (hpt's Space.grid spends the rest by giving one "
            "dimension a sixth value: 6 x 5 = 30.)")


q2 = Question(
    "q2", "Grid values per dimension with 30 evaluations in 2-D",
    checker=_q2_checker, expected=numbers.Integral,
    hint="A product grid with k values per dimension costs k ** 2 evaluations in 2-D.",
    solution="import math\nanswer = math.isqrt(30)  # 5, since 5 * 5 = 25 <= 30 < 36",
    solution_answer=lambda: math.isqrt(30),
)

Q3_RANDOM = (24, 0.001)     # evaluations to reach the target, overhead seconds per evaluation
Q3_BAYES = (8, 0.060)


def _q3_value() -> float:
    (n_r, o_r), (n_b, o_b) = Q3_RANDOM, Q3_BAYES
    return (n_b * o_b - n_r * o_r) / (n_r - n_b)


def _q3_checker(answer):
    value = float(answer)
    if value < 0:
        raise Incorrect("A cost in seconds is not negative; check the order of the terms.")
    (n_r, o_r), (n_b, o_b) = Q3_RANDOM, Q3_BAYES
    if math.isclose(value, n_b * o_b / (n_r - n_b), rel_tol=1e-3):
        raise Incorrect("Random search's overhead is small but not zero: keep n_r * o_r.")
    if math.isclose(value, o_b - o_r, rel_tol=1e-3):
        raise Incorrect("The evaluation counts matter: solve n_b (c + o_b) = n_r (c + o_r).")
    close_to(_q3_value(), decimals=4, what="crossover cost (s)")(answer)


q3 = Question(
    "q3", "Objective cost where BO and random search take equal time",
    checker=_q3_checker, expected=numbers.Real, decimals=4,
    hint="Total time is n * (c + overhead). Set 8 * (c + 0.060) = 24 * (c + 0.001) and "
         "solve for c.",
    solution="answer = (8 * 0.060 - 24 * 0.001) / (24 - 8)  # 0.0285 s",
    solution_answer=_q3_value,
)


def _q4_value() -> float:
    return _final_medians()[("branin", "random")] / _final_medians()[("branin", "bayesian")]


def _q4_checker(answer):
    value = float(answer)
    if value <= 0:
        raise Incorrect("A ratio of two positive regrets is positive.")
    if math.isclose(value, 1 / _q4_value(), rel_tol=0.05):
        raise Incorrect("That is BO's regret divided by random's: turn the ratio around.")
    close_to(_q4_value, sig=2, what="ratio random / bayesian")(answer)


q4 = Question(
    "q4", "How many times larger is random's median regret than BO's on Branin at 30?",
    checker=_q4_checker, expected=numbers.Real, sig=2,
    hint="Divide two cells of the `final` table's `median` column (branin rows).",
    solution='answer = (final.loc[("branin", "random"), "median"]\n'
             '          / final.loc[("branin", "bayesian"), "median"])',
    solution_answer=_q4_value,
)
