"""The index notebook's sample exercise, showing how checks work."""

from __future__ import annotations

import numbers

from hpt_helpers.exercises.core import Incorrect, Question, close_to

__all__ = ["q1"]

_threshold = close_to(1.0, decimals=2, what="threshold")


def _q1_checker(answer):
    if float(answer) <= 0:
        raise Incorrect("A learning rate of zero or less never moves towards the minimum.")
    _threshold(answer)


q1 = Question(
    "q1", "The learning rate above which gradient descent on w² diverges (to 2 decimals)",
    checker=_q1_checker, expected=numbers.Real, decimals=2,
    hint="Each step multiplies w by (1 - 2 * learning_rate). When is that factor's "
         "absolute value larger than 1?",
    solution="# |1 - 2 * lr| > 1  <=>  lr > 1 (for lr > 0)\nanswer = 1.0",
    solution_answer=lambda: 1.0,
)
