"""The :class:`Question` type behind every lesson's exercises.

A question knows how to check an answer, give a hint and show its solution. Checking
never raises on an answer of the right kind: it prints a verdict saying *why* the answer
is not right yet. A placeholder (``...`` or ``None``) is reported as "not attempted".
An answer of the wrong kind gets a message naming the kind that was expected.

Checkers are plain functions ``checker(answer) -> str | None`` that raise
:class:`Incorrect` with an explanation when the answer is wrong, and may return an
extra sentence to print with a correct verdict.
"""

from __future__ import annotations

import math
import numbers
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Incorrect", "Question", "Verdict", "close_to", "equals", "one_of", "same_items"]

PLACEHOLDERS = (Ellipsis, None)


class Incorrect(Exception):
    """Raised by a checker with the reason an answer is not right."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer.

    Attributes
    ----------
    status : {"correct", "incorrect", "wrong_type", "unattempted"}
    message : str
        What the learner reads.
    """

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        label = {
            "correct": "Correct!",
            "incorrect": "Not quite.",
            "wrong_type": "Check the kind of answer.",
            "unattempted": "Not attempted yet.",
        }[self.status]
        return f"{label} {self.message}".strip()


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {
        numbers.Real: "a number",
        numbers.Integral: "an integer",
        float: "a number",
        int: "an integer",
        str: "a string",
        bool: "True or False",
        list: "a list",
        tuple: "a tuple",
        dict: "a dict",
        np.ndarray: "a numpy array",
    }
    return " or ".join(names.get(k, f"a {k.__name__}") for k in kinds)


class Question:
    """One exercise: a check, a hint and a solution.

    Parameters
    ----------
    name : str
        Short label, e.g. ``"q1"``.
    title : str
        One line saying what is asked (shown by ``repr`` and in verdicts).
    checker : callable
        ``checker(answer)`` raises :class:`Incorrect` with the reason when the answer is
        wrong; it may return a sentence to add to the "correct" verdict.
    hint : str
        A nudge that does not give the answer away.
    solution : str
        The worked solution, usually code, printed by :meth:`solution`.
    expected : type or tuple of types, optional
        The kinds of answer accepted. Anything else gets a "wrong kind" verdict.
        ``numbers.Real`` accepts ints, floats and numpy scalars (but not bools).
    solution_answer : callable, optional
        Returns the answer the solution produces, so tests can check that every
        question's own solution passes.

    Examples
    --------
    >>> q = Question("q1", "How many folds does 5-fold CV use?",
    ...              checker=equals(5), hint="It is in the name.", solution="answer = 5",
    ...              expected=numbers.Integral, solution_answer=lambda: 5)
    >>> q.check(5)
    Correct!
    >>> q.check(4)
    Not quite. Expected 5, got 4.
    >>> q.check(...)
    Not attempted yet. Replace the `...` with your answer, then run the cell again.
    """

    def __init__(
        self,
        name: str,
        title: str,
        *,
        checker: Callable[[Any], str | None],
        hint: str,
        solution: str,
        expected: type | tuple[type, ...] | None = None,
        solution_answer: Callable[[], Any] | None = None,
    ):
        self.name = name
        self.title = title
        self._checker = checker
        self._hint = textwrap.dedent(hint).strip()
        self._solution = textwrap.dedent(solution).strip()
        if expected is not None and not isinstance(expected, tuple):
            expected = (expected,)
        self.expected = expected
        self.solution_answer = solution_answer

    def __repr__(self) -> str:
        return f"<Question {self.name}: {self.title}>"

    # -- the learner-facing trio ---------------------------------------------------
    def verdict(self, answer: Any) -> Verdict:
        """Return the :class:`Verdict` for ``answer`` without printing it."""
        if any(answer is p for p in PLACEHOLDERS):
            return Verdict("unattempted",
                           "Replace the `...` with your answer, then run the cell again.")
        if self.expected is not None and not self._is_expected_kind(answer):
            return Verdict("wrong_type",
                           f"Expected {_kind_name(self.expected)}, got {answer!r} "
                           f"of type {type(answer).__name__}.")
        try:
            extra = self._checker(answer)
        except Incorrect as exc:
            return Verdict("incorrect", str(exc))
        return Verdict("correct", extra or "")

    def check(self, answer: Any) -> None:
        """Print whether ``answer`` is right, and why not if it is not."""
        print(self.verdict(answer))

    def hint(self) -> None:
        """Print a hint."""
        print(f"Hint: {self._hint}")

    def solution(self) -> None:
        """Print the worked solution."""
        print(f"Solution:\n{self._solution}")

    def _is_expected_kind(self, answer: Any) -> bool:
        if isinstance(answer, bool) and bool not in self.expected:
            return False
        return isinstance(answer, self.expected)


# -- ready-made checkers ------------------------------------------------------------

def equals(expected: Any) -> Callable[[Any], None]:
    """Checker: the answer must equal ``expected`` (strings compared case-insensitively).

    Examples
    --------
    >>> equals("l1")("L1") is None
    True
    """
    def checker(answer):
        a, e = answer, expected
        if isinstance(a, str) and isinstance(e, str):
            a, e = a.strip().lower(), e.strip().lower()
        if a != e:
            raise Incorrect(f"Expected {expected!r}, got {answer!r}.")
    return checker


def close_to(expected: float | Callable[[], float], *, rtol: float = 1e-2,
             atol: float = 0.0, what: str = "value") -> Callable[[Any], None]:
    """Checker: the answer must be within ``rtol``/``atol`` of ``expected``.

    ``expected`` may be a function, evaluated when the answer is checked (for answers
    computed from data).

    Examples
    --------
    >>> close_to(0.5, rtol=0.1)(0.52) is None
    True
    """
    def checker(answer):
        target = expected() if callable(expected) else expected
        value = float(np.asarray(answer, dtype=float))
        if not math.isfinite(value):
            raise Incorrect(f"Your {what} is {value}; a finite number is expected.")
        if not math.isclose(value, target, rel_tol=rtol, abs_tol=atol):
            direction = "too high" if value > target else "too low"
            raise Incorrect(f"Your {what} {value:.6g} is {direction}.")
    return checker


def one_of(allowed: Iterable[Any], correct: Any) -> Callable[[Any], None]:
    """Checker for a multiple-choice answer: must be ``correct`` among ``allowed``.

    Examples
    --------
    >>> c = one_of(["a", "b", "c"], "b")
    >>> c("B") is None
    True
    """
    allowed = list(allowed)
    norm = [a.lower() if isinstance(a, str) else a for a in allowed]
    key = correct.lower() if isinstance(correct, str) else correct

    def checker(answer):
        a = answer.strip().lower() if isinstance(answer, str) else answer
        if a not in norm:
            raise Incorrect(f"Choose one of {allowed!r}; got {answer!r}.")
        if a != key:
            raise Incorrect(f"{answer!r} is not the best choice; re-read the section and "
                            "try again (or ask for a hint).")
    return checker


def same_items(expected: Iterable[Any]) -> Callable[[Any], None]:
    """Checker: the answer must hold exactly the items of ``expected`` (any order).

    Examples
    --------
    >>> same_items(["C", "gamma"])(["gamma", "C"]) is None
    True
    """
    expected = list(expected)

    def checker(answer):
        got = list(answer)
        missing = [e for e in expected if e not in got]
        extra = [g for g in got if g not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {missing!r}")
            if extra:
                parts.append(f"should not include {extra!r}")
            raise Incorrect("Your answer is " + " and ".join(parts) + ".")
    return checker
