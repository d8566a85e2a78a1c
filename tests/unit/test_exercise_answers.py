"""Every question accepts every correct spelling of its answer and never reveals it.

For each lesson's questions, from the solution's own answer:

- a numeric answer passes as int (when integral), float, numpy scalar and 0-d array;
- a non-integral numeric answer states its precision (``decimals``/``sig``), and the
  solution rounded that way passes;
- typical wrong answers (a different number; a made-up string; every other option of a
  multiple choice, whose ``options`` the question declares) are not accepted, and their
  message does not contain the answer (listing a multiple choice's options is allowed,
  since a non-option answer is then told what the options are).

``PENDING`` lists the questions that do not meet this yet: each is a strict xfail, so
fixing one fails the test until its name is removed here.
"""

from __future__ import annotations

import importlib
import math
import numbers
import pkgutil
import re

import numpy as np
import pytest

import hpt_helpers.exercises as exercises
from hpt_helpers.exercises.core import Question, as_plain, normalise_text, round_to

LESSON_MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__)
                        if m.name.startswith("lesson"))
QUESTIONS = [(mod, name) for mod in LESSON_MODULES
             for name, obj in vars(importlib.import_module(f"hpt_helpers.exercises.{mod}")).items()
             if isinstance(obj, Question)]

PENDING: set[tuple[str, str, str]] = {
}

# A number standing alone: not the "2" of "2p" or of "x2".
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")


def _question(mod, name) -> Question:
    return getattr(importlib.import_module(f"hpt_helpers.exercises.{mod}"), name)


def _solution(q: Question):
    assert q.solution_answer is not None, f"{q.name} has no solution_answer"
    return as_plain(q.solution_answer())


def _is_number(x) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _case(kind):
    return [pytest.param(mod, name, marks=pytest.mark.xfail(strict=True, reason="pending"))
            if (mod, name, kind) in PENDING else (mod, name) for mod, name in QUESTIONS]


def _reveals(message: str, answer) -> bool:
    """Whether ``message`` shows ``answer`` (a number close to it, or the string)."""
    if isinstance(answer, str):
        # As a word: the answer "he" is not revealed by "the".
        pattern = r"(?<!\w)" + re.escape(normalise_text(answer)) + r"(?!\w)"
        return re.search(pattern, normalise_text(message)) is not None
    if _is_number(answer):
        if float(answer) in (0.0, 1.0):     # too common in prose to tell apart
            return False
        for token in _NUMBER.findall(message):
            try:
                x = float(token)
            except ValueError:
                continue
            if math.isclose(x, float(answer), rel_tol=1e-3, abs_tol=0.0):
                return True
    return False


@pytest.mark.parametrize(("mod", "name"), _case("spellings"))
def test_every_numeric_spelling_of_the_solution_passes(mod, name):
    q = _question(mod, name)
    answer = _solution(q)
    if not _is_number(answer):
        pytest.skip("not a numeric answer")
    spellings = [float(answer), np.float64(answer), np.array(float(answer))]
    if float(answer).is_integer():
        spellings += [int(answer), np.int64(int(answer))]
    for spelling in spellings:
        verdict = q.verdict(spelling)
        assert verdict.correct, f"{mod}.{name} rejects {spelling!r} ({type(spelling)}): {verdict}"


@pytest.mark.parametrize(("mod", "name"), _case("precision"))
def test_a_non_integral_answer_states_its_precision_and_accepts_it(mod, name):
    q = _question(mod, name)
    answer = _solution(q)
    if not _is_number(answer) or float(answer).is_integer():
        pytest.skip("not a non-integral number")
    assert q.decimals is not None or q.sig is not None, (
        f"{mod}.{name}: say in the question how precise the answer must be, and pass "
        "decimals= or sig= to close_to (or to Question)")
    rounded = round_to(float(answer), decimals=q.decimals, sig=q.sig)
    verdict = q.verdict(rounded)
    assert verdict.correct, f"{mod}.{name} rejects {rounded!r}, rounded as it asks: {verdict}"


def _wrong_answers(q: Question, answer):
    if q.options:
        return [o for o in q.options if as_plain(o) != answer
                and not (isinstance(o, str) and isinstance(answer, str)
                         and normalise_text(o) == normalise_text(answer))]
    if _is_number(answer):
        return [float(answer) * 3 + 7, -(abs(float(answer)) + 5)]
    if isinstance(answer, str):
        return ["zzz, not an answer"]
    return []


@pytest.mark.parametrize(("mod", "name"), _case("wrong"))
def test_wrong_answers_are_refused_without_revealing_the_answer(mod, name):
    q = _question(mod, name)
    answer = _solution(q)
    wrongs = _wrong_answers(q, answer)
    if not wrongs:
        pytest.skip("no generic wrong answer for this kind; see the lesson's own tests")
    for wrong in wrongs:
        verdict = q.verdict(wrong)
        assert not verdict.correct, f"{mod}.{name} accepts the wrong answer {wrong!r}"
        message = verdict.message
        for option in q.options or ():      # naming the options is not a give-away
            message = re.sub(re.escape(str(option)), "<option>", message, flags=re.I)
        assert not _reveals(message, answer), (
            f"{mod}.{name}: the message for {wrong!r} gives the answer away: {verdict.message}")
