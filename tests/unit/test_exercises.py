"""Every lesson's exercises: solutions pass, placeholders and wrong kinds get clear verdicts."""

from __future__ import annotations

import importlib
import numbers
import pkgutil

import numpy as np
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
    with pytest.raises(Exception, match="too high") as info:
        equals(3)(4)
    assert "3" not in str(info.value)
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


@pytest.mark.parametrize("answer", [16, 16.0, np.int64(16), np.float64(16.0), np.array(16),
                                    (33 - 1) / 2, np.float32(16.0)])
def test_an_integer_question_accepts_every_number_equal_to_the_answer(answer):
    q = Question("q", "t", checker=equals(16), hint="h", solution="s",
                 expected=numbers.Integral, solution_answer=lambda: 16)
    assert q.verdict(answer).correct, q.verdict(answer)


def test_an_integer_question_still_rejects_a_fractional_number_as_a_wrong_kind():
    q = Question("q", "t", checker=equals(16), hint="h", solution="s",
                 expected=numbers.Integral, solution_answer=lambda: 16)
    assert q.verdict(16.5).status == "wrong_type"
    assert q.verdict(float("nan")).status == "wrong_type"


def test_close_to_accepts_the_rounding_the_question_states_and_no_coarser():
    assert close_to(1.1423, decimals=2)(1.14) is None
    assert close_to(0.0853, decimals=3)(0.085) is None
    assert close_to(0.08526, sig=2)(0.085) is None
    assert close_to(123456.0, sig=3)(123000) is None
    with pytest.raises(Exception, match="too low"):
        close_to(1.1423, decimals=2)(1.13)
    with pytest.raises(Exception, match="too high"):
        close_to(0.0853, sig=2)(0.087)


def test_a_question_takes_its_precision_from_close_to():
    q = Question("q", "t", checker=close_to(1.1423, decimals=2), hint="h", solution="s",
                 expected=numbers.Real)
    assert (q.decimals, q.sig) == (2, None)


def test_wrong_answers_never_print_the_answer():
    for checker, wrong in [(equals(3.25), 4.0), (equals("rbf"), "linear"),
                           (close_to(0.731, decimals=3), 0.5),
                           (same_items(["C", "gamma"]), ["C"]),
                           (one_of(["a", "b"], "b"), "a")]:
        with pytest.raises(Exception) as info:
            checker(wrong)
        message = str(info.value)
        for shown in ("3.25", "rbf", "0.731", "gamma", "'b'"):
            assert shown not in message, (checker, message)


def test_synonyms_and_spacing_are_accepted():
    assert equals("loguniform", synonyms=["log-uniform", "log uniform"])("log-uniform") is None
    assert equals("too high")("  Too   HIGH ") is None
    c = one_of(["uniform", "loguniform"], "loguniform", synonyms={"loguniform": ["log-uniform"]})
    assert c("LOG-UNIFORM") is None
    with pytest.raises(Exception, match="not the best choice"):
        c("uniform")


def test_claim_prints_what_it_checked_and_fails_naming_the_sentence(capsys):
    from hpt_helpers.notebook import ClaimError, claim

    claim(np.array([True, True]), "both hold", evidence="2 of 2")
    assert capsys.readouterr().out == "checked: both hold (2 of 2)\n"
    with pytest.raises(ClaimError, match="claim failed: the loss falls"):
        claim(np.array([True, False]), "the loss falls")
    with pytest.raises(AssertionError):     # a ClaimError is an AssertionError
        claim(False, "anything")
    with pytest.raises(TypeError, match="statement"):
        claim(True, "")
