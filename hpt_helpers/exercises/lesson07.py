"""Exercises of lesson 07, random search."""

from __future__ import annotations

import math
import numbers

from hpt_helpers.exercises.core import Incorrect, Question, close_to, one_of

__all__ = ["q1", "q2", "q3", "q4"]


def _q1_checker(answer):
    value = float(answer)
    if not 0 <= value <= 1:
        raise Incorrect("A probability lies between 0 and 1.")
    if math.isclose(value, 0.9 ** 30, rel_tol=1e-2):
        raise Incorrect("That is the probability that all 30 draws miss; take its complement.")
    if math.isclose(value, 1 - 0.1 ** 30, rel_tol=1e-6) or value == 1:
        raise Incorrect("Each draw *misses* the top 10% with probability 0.9, not 0.1.")
    close_to(1 - 0.9 ** 30, decimals=3, what="probability")(answer)


q1 = Question(
    "q1", "P(at least one of 30 draws in the top 10%), to 3 decimals",
    checker=_q1_checker, expected=numbers.Real, decimals=3,
    hint="Compute the probability that every draw misses, then its complement.",
    solution="answer = 1 - 0.9 ** 30  # about 0.958",
    solution_answer=lambda: 1 - 0.9 ** 30,
)


def _q2_value() -> int:
    return math.ceil(math.log(0.1) / math.log(0.99))


def _q2_checker(answer):
    n = _q2_value()
    if answer == n - 1:
        raise Incorrect(f"With {answer} draws the probability is {1 - 0.99 ** answer:.4f}, "
                        "just under 0.9: round up, not down.")
    if answer == 90:
        raise Incorrect("Probabilities of independent misses multiply; they do not add up.")
    if answer != n:
        side = "few" if answer < n else "many"
        raise Incorrect(f"Too {side}: solve 1 - 0.99 ** n >= 0.9 for the smallest integer n.")


q2 = Question(
    "q2", "Draws needed to reach the top 1% with probability 0.9",
    checker=_q2_checker, expected=numbers.Integral,
    hint="0.99 ** n <= 0.1, so n >= log(0.1) / log(0.99); round up.",
    solution="import math\nanswer = math.ceil(math.log(0.1) / math.log(0.99))  # 230",
    solution_answer=_q2_value,
)


_Q3_OPTIONS = ["uniform", "loguniform", "randint"]


def _q3_checker(answer):
    if isinstance(answer, str) and answer.strip().lower() == "uniform":
        raise Incorrect("Uniform on [1e-4, 1e4] puts 99.99% of the draws above 1: the small "
                        "values of C would practically never be tried.")
    if isinstance(answer, str) and answer.strip().lower() == "randint":
        raise Incorrect("C is a positive real number, and its scale is what matters, not "
                        "integer steps.")
    one_of(_Q3_OPTIONS, "loguniform",
           synonyms={"loguniform": ["log-uniform", "log uniform", "reciprocal"]})(answer)


q3 = Question(
    "q3", "Distribution for C in [1e-4, 1e4]",
    checker=_q3_checker, expected=str, options=_Q3_OPTIONS,
    hint="Eight decades: should each decade get the same share of draws?",
    solution='answer = "loguniform"  # scipy.stats.loguniform(1e-4, 1e4)',
    solution_answer=lambda: "loguniform",
)


def _q4_checker(answer):
    try:
        grid, rand = answer
    except (TypeError, ValueError):
        raise Incorrect("Answer with a tuple of two integers, e.g. (3, 9).") from None
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in (grid, rand)):
        raise Incorrect("Both entries must be numbers of distinct values, e.g. (3, 9).")
    if grid != 4:
        side = "many" if grid > 4 else "few"
        raise Incorrect(f"Too {side} grid values: work out the shape of a 16-point grid in "
                        "two dimensions, then count the values of the first dimension.")
    if rand != 16:
        raise Incorrect("Each random draw takes a new real value for every hyperparameter; "
                        "two draws coincide with probability zero.")


q4 = Question(
    "q4", "Distinct values of one hyperparameter: 16-point grid vs 16 random draws",
    checker=_q4_checker, expected=(tuple, list),
    hint="Run `grid_search(loss, space, n_calls=16)` from section 4 and count the distinct "
         "values of `important` in its `params` (or think: which grid shape fills 16 points "
         "in two dimensions?); and a random draw almost never repeats a real number.",
    solution="answer = (4, 16)  # the grid is 4 x 4; 16 random draws give 16 values",
    solution_answer=lambda: (4, 16),
)
