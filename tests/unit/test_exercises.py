"""Every lesson's exercises: solutions pass, placeholders and wrong kinds get clear verdicts."""

from __future__ import annotations

import importlib
import numbers
import pkgutil

import pytest

import hpt_helpers.exercises as exercises
from hpt_helpers.exercises.core import Question, Verdict, close_to, equals, one_of, same_items

LESSON_MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__)
                        if m.name.startswith("lesson"))
QUESTIONS = [(mod, name) for mod in LESSON_MODULES
             for name, obj in vars(importlib.import_module(f"hpt_helpers.exercises.{mod}")).items()
             if isinstance(obj, Question)]


def _question(mod, name) -> Question:
    return getattr(importlib.import_module(f"hpt_helpers.exercises.{mod}"), name)


def test_every_lesson_has_exercises():
    assert "lesson00" in LESSON_MODULES and "lesson01" in LESSON_MODULES
    for mod in LESSON_MODULES:
        assert any(m == mod for m, _ in QUESTIONS), f"{mod} defines no Question"


@pytest.mark.parametrize(("mod", "name"), QUESTIONS)
def test_solution_passes_its_own_check(mod, name):
    q = _question(mod, name)
    assert q.solution_answer is not None, f"{mod}.{name} has no solution_answer"
    verdict = q.verdict(q.solution_answer())
    assert verdict.correct, f"{mod}.{name}: {verdict}"


@pytest.mark.parametrize(("mod", "name"), QUESTIONS)
def test_placeholder_is_not_attempted_and_printing_never_raises(mod, name, capsys):
    q = _question(mod, name)
    assert q.verdict(...).status == "unattempted"
    q.check(...)
    q.hint()
    q.solution()
    out = capsys.readouterr().out
    assert "Not attempted" in out and "Hint:" in out and "Solution:" in out


@pytest.mark.parametrize(("mod", "name"), QUESTIONS)
def test_an_answer_of_the_wrong_kind_says_what_was_expected(mod, name):
    q = _question(mod, name)
    if q.expected is None:
        pytest.skip("accepts any kind")
    verdict = q.verdict(object())
    assert verdict.status == "wrong_type"
    assert "Expected" in verdict.message and "object" in verdict.message


def test_lesson01_typical_wrong_answers_explain_themselves():
    from hpt_helpers.exercises import lesson01 as ex

    assert "hyperparameters" in str(ex.q1.verdict(["C", "coef_"]))
    assert "two underscores" in str(ex.q2.verdict("svc_C"))
    assert "refit" in str(ex.q4.verdict(60))
    assert not ex.q3.verdict(0.5).correct
    assert ex.q5.verdict("TOO HIGH ").correct
    assert not ex.q5.verdict("unbiased").correct


def test_checkers():
    with pytest.raises(Exception, match="Expected 3"):
        equals(3)(4)
    assert close_to(lambda: 1.0, rtol=0.1)(1.05) is None
    with pytest.raises(Exception, match="too high"):
        close_to(1.0, rtol=0.01)(2.0)
    with pytest.raises(Exception, match="Choose one of"):
        one_of(["a", "b"], "a")("c")
    with pytest.raises(Exception, match="missing"):
        same_items([1, 2])([1])


def test_bools_are_not_numbers_for_checks():
    q = Question("q", "t", checker=equals(1), hint="h", solution="s",
                 expected=numbers.Integral, solution_answer=lambda: 1)
    assert q.verdict(True).status == "wrong_type"
    assert str(Verdict("correct", "")) == "Correct!"
