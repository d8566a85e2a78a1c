"""Learner-facing exercise checks, one module per lesson.

In a lesson::

    from hpt_helpers.exercises import lesson01 as ex
    ex.q1.check(answer)   # prints a verdict, never raises on a wrong answer
    ex.q1.hint()
    ex.q1.solution()

:mod:`hpt_helpers.exercises.core` holds the :class:`Question` type and the ready-made
checkers (:func:`equals`, :func:`close_to`, ...) that lesson modules build on.
"""

from hpt_helpers.exercises.core import (
    Incorrect,
    Question,
    Verdict,
    close_to,
    equals,
    one_of,
    same_items,
)

__all__ = ["Incorrect", "Question", "Verdict", "close_to", "equals", "one_of", "same_items"]
