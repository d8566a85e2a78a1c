"""The :class:`Question` type behind every lesson's exercises.

A question knows how to check an answer, give a hint and show its solution. Checking
never raises on an answer of the right kind: it prints a verdict saying *why* the answer
is not right yet. A placeholder (``...`` or ``None``) is reported as "not attempted".
An answer of the wrong kind gets a message naming the kind that was expected.

Checkers are plain functions ``checker(answer) -> str | None`` that raise
:class:`Incorrect` with an explanation when the answer is wrong, and may return an
extra sentence to print with a correct verdict.

Every correct answer is accepted and no wrong-answer message gives the answer away:

- a number equal to the answer is correct whatever its type: ``16``, ``16.0``,
  ``np.int64(16)``, ``np.float64(16.0)``, a 0-d array, ``(33 - 1) / 2``. Where an integer is
  expected, an integral float is taken as that integer;
- an answer rounded to the precision the question states (``decimals=`` or ``sig=``) is
  accepted, so the question text must say "to 2 decimals" or "to 3 significant figures";
- strings are compared ignoring case and surrounding or repeated white space, and
  documented synonyms (``"log-uniform"`` for ``"loguniform"``) are accepted;
- a wrong answer's message says what is wrong (too high, missing items, not one of the
  options) and never prints the right answer.
"""

from __future__ import annotations

import math
import numbers
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Incorrect", "Question", "Verdict", "as_plain", "close_to", "equals", "normalise_text",
           "one_of", "round_to", "same_items"]

PLACEHOLDERS = (Ellipsis, None)


def as_plain(answer: Any) -> Any:
    """Turn numpy scalars and 0-d arrays into the Python number they hold.

    Examples
    --------
    >>> as_plain(np.int64(3)), as_plain(np.array(2.5)), as_plain([1, 2])
    (3, 2.5, [1, 2])
    """
    if isinstance(answer, np.generic) or (isinstance(answer, np.ndarray) and answer.ndim == 0):
        return answer.item()
    return answer


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def normalise_text(text: str) -> str:
    """Case-folded text with surrounding white space removed and inner runs collapsed.

    Examples
    --------
    >>> normalise_text("  Too   High ")
    'too high'
    """
    return " ".join(text.split()).casefold()


def _half_unit(target: float, decimals: int | None, sig: int | None) -> float:
    """Half a unit in the last place the question asks for (0 when none is stated)."""
    tol = 0.0
    if decimals is not None:
        tol = max(tol, 0.5 * 10.0 ** (-decimals))
    if sig is not None and target != 0:
        exponent = math.floor(math.log10(abs(target)))
        tol = max(tol, 0.5 * 10.0 ** (exponent - sig + 1))
    # Rounded values such as 0.085 are not exact in binary: allow for that.
    return tol * (1 + 1e-9) + 1e-15 * abs(target)


def round_to(value: float, *, decimals: int | None = None, sig: int | None = None) -> float:
    """Round ``value`` as a learner asked for ``decimals`` places or ``sig`` figures would.

    Examples
    --------
    >>> round_to(1.1423, decimals=2), round_to(0.0123456, sig=3)
    (1.14, 0.0123)
    """
    if decimals is not None:
        return round(value, decimals)
    if sig is not None and value != 0:
        return round(value, sig - 1 - math.floor(math.log10(abs(value))))
    return value


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
    decimals, sig : int, optional
        The precision the question's text asks for ("to 2 decimals", "to 3 significant
        figures"). An answer rounded that way must pass; tests check it. When omitted,
        the checker's own ``decimals``/``sig`` (set by :func:`close_to`) are used.
    options : sequence, optional
        For a multiple-choice question, the choices shown to the learner (a message may
        list them without giving the answer away). Defaults to the checker's options
        (set by :func:`one_of`).

    Examples
    --------
    >>> q = Question("q1", "How many folds does 5-fold CV use?",
    ...              checker=equals(5), hint="It is in the name.", solution="answer = 5",
    ...              expected=numbers.Integral, solution_answer=lambda: 5)
    >>> q.check(5)
    Correct!
    >>> q.check(4)
    Not quite. Your answer 4 is too low.
    >>> q.check(5.0)
    Correct!
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
        decimals: int | None = None,
        sig: int | None = None,
        options: Iterable[Any] | None = None,
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
        self.decimals = decimals if decimals is not None else getattr(checker, "decimals", None)
        self.sig = sig if sig is not None else getattr(checker, "sig", None)
        if options is None:
            options = getattr(checker, "options", None)
        self.options = None if options is None else list(options)

    def __repr__(self) -> str:
        return f"<Question {self.name}: {self.title}>"

    # -- the learner-facing trio ---------------------------------------------------
    def verdict(self, answer: Any) -> Verdict:
        """Return the :class:`Verdict` for ``answer`` without printing it."""
        if any(answer is p for p in PLACEHOLDERS):
            return Verdict("unattempted",
                           "Replace the `...` with your answer, then run the cell again.")
        answer = as_plain(answer)
        if self.expected is not None:
            answer = self._as_expected_number(answer)
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

    def _as_expected_number(self, answer: Any) -> Any:
        """An integral float becomes an int where an integer (and no float) is expected."""
        wants_int = any(k in (int, numbers.Integral) for k in self.expected)
        takes_float = any(k in (float, numbers.Real, numbers.Number) for k in self.expected)
        if (wants_int and not takes_float and _is_number(answer)
                and not isinstance(answer, numbers.Integral)):
            value = float(answer)
            if math.isfinite(value) and value.is_integer():
                return int(value)
        return answer

    def _is_expected_kind(self, answer: Any) -> bool:
        if isinstance(answer, bool) and bool not in self.expected:
            return False
        return isinstance(answer, self.expected)


# -- ready-made checkers ------------------------------------------------------------

def _direction(value: float, target: float) -> str:
    return "too high" if value > target else "too low"


def equals(expected: Any, *, synonyms: Iterable[str] = (), what: str = "answer"
           ) -> Callable[[Any], None]:
    """Checker: the answer must equal ``expected``.

    Numbers compare by value (``16.0`` equals ``16``, up to float round-off); strings
    ignoring case and extra white space, and any of ``synonyms`` counts as ``expected``.
    The message for a wrong answer never shows ``expected``.

    Examples
    --------
    >>> equals("l1")("L1") is None
    True
    >>> equals("loguniform", synonyms=["log-uniform"])("Log-Uniform") is None
    True
    >>> equals(2)((5 - 1) / 2) is None
    True
    """
    accepted = None
    if isinstance(expected, str):
        accepted = {normalise_text(expected)} | {normalise_text(x) for x in synonyms}

    def checker(answer):
        answer = as_plain(answer)
        if accepted is not None and isinstance(answer, str):
            if normalise_text(answer) not in accepted:
                raise Incorrect(f"{answer!r} is not the {what} asked for; re-read the "
                                "question (or ask for a hint).")
            return
        if _is_number(expected) and _is_number(answer):
            if not math.isclose(float(answer), float(expected), rel_tol=1e-9, abs_tol=1e-12):
                raise Incorrect(f"Your {what} {answer!r} is "
                                f"{_direction(float(answer), float(expected))}.")
            return
        if answer != expected:
            raise Incorrect(f"That is not the {what} asked for; re-read the question "
                            "(or ask for a hint).")
    return checker


def close_to(expected: float | Callable[[], float], *, rtol: float | None = None,
             atol: float = 0.0, decimals: int | None = None, sig: int | None = None,
             what: str = "value") -> Callable[[Any], None]:
    """Checker: the answer must be within tolerance of ``expected``.

    The tolerance is the largest of ``rtol * |expected|``, ``atol`` and half a unit in the
    last place the question asks for (``decimals`` places or ``sig`` significant figures),
    so an answer rounded as the question says passes. ``rtol`` defaults to 1e-2 when no
    precision is given, else to 0. ``expected`` may be a function, evaluated when the answer
    is checked (for answers computed from data). A wrong answer is called too high or too
    low; the target is never printed.

    Examples
    --------
    >>> close_to(0.5, rtol=0.1)(0.52) is None
    True
    >>> close_to(1.1423, decimals=2)(1.14) is None
    True
    """
    if rtol is None:
        rtol = 1e-2 if decimals is None and sig is None else 0.0

    def checker(answer):
        target = float(expected() if callable(expected) else expected)
        value = float(np.asarray(as_plain(answer), dtype=float))
        if not math.isfinite(value):
            raise Incorrect(f"Your {what} is {value}; a finite number is expected.")
        tol = max(rtol * abs(target), atol, _half_unit(target, decimals, sig))
        if abs(value - target) > tol:
            raise Incorrect(f"Your {what} {value:.6g} is {_direction(value, target)}.")
    checker.decimals = decimals
    checker.sig = sig
    return checker


def one_of(allowed: Iterable[Any], correct: Any, *,
           synonyms: dict[Any, Iterable[str]] | None = None) -> Callable[[Any], None]:
    """Checker for a multiple-choice answer: must be ``correct`` among ``allowed``.

    Strings compare ignoring case and extra white space; ``synonyms`` maps an option to
    other spellings that count as that option.

    Examples
    --------
    >>> c = one_of(["uniform", "loguniform"], "loguniform",
    ...            synonyms={"loguniform": ["log-uniform"]})
    >>> c("Log-uniform") is None
    True
    """
    allowed = list(allowed)
    synonyms = synonyms or {}

    def key(x):
        return normalise_text(x) if isinstance(x, str) else x

    spelling = {key(a): key(a) for a in allowed}
    for option, names in synonyms.items():
        for name in names:
            spelling[key(name)] = key(option)

    def checker(answer):
        a = key(as_plain(answer))
        if a not in spelling:
            raise Incorrect(f"Choose one of {allowed!r}; got {answer!r}.")
        if spelling[a] != key(correct):
            raise Incorrect(f"{answer!r} is not the best choice; re-read the section and "
                            "try again (or ask for a hint).")
    checker.options = allowed
    return checker


def same_items(expected: Iterable[Any]) -> Callable[[Any], None]:
    """Checker: the answer must hold exactly the items of ``expected`` (any order).

    A wrong answer is told how many items are missing and which of its own items do not
    belong, never which items are missing.

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
                parts.append(f"is missing {len(missing)} item" + ("s" if len(missing) > 1 else ""))
            if extra:
                parts.append(f"should not include {extra!r}")
            raise Incorrect("Your answer " + " and ".join(parts) + ".")
    return checker
