"""Lesson 09's exercises: every solution passes, typical mistakes get a helpful message."""

import pytest

from hpt_helpers.exercises import lesson09 as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_solution_passes(q):
    assert q.verdict(q.solution_answer()).status == "correct"


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_placeholder_is_unattempted(q):
    assert q.verdict(...).status == "unattempted"


def test_q1_answer_read_from_data_and_typical_mistakes_explained():
    assert ex.q1.solution_answer() == "bayesian"
    verdict = ex.q1.verdict("grid")
    assert verdict.status == "incorrect" and "1-D" in verdict.message
    for wrong in ["random", "tpe", "Grid "]:
        verdict = ex.q1.verdict(wrong)
        assert verdict.status == "incorrect" and "bayesian" not in verdict.message.lower()
    assert ex.q1.verdict(" Bayesian").status == "correct"
    assert "Choose one of" in ex.q1.verdict("optuna").message
    assert ex.q1.verdict(3).status == "wrong_type"


@pytest.mark.parametrize("wrong, words", [(30, "k * k"), (15, "multiply"), (6, "36"),
                                          (4, "largest k")])
def test_q2_typical_mistakes(wrong, words):
    verdict = ex.q2.verdict(wrong)
    assert verdict.status == "incorrect" and words in verdict.message


def test_q2_numeric_spellings_and_wrong_type():
    import numpy as np
    for spelling in [5, 5.0, np.int64(5), np.float64(5.0)]:
        assert ex.q2.verdict(spelling).status == "correct"
    assert not ex.q2.verdict(5.5).correct
    assert ex.q2.verdict("5").status == "wrong_type"


def test_q3_value_precision_and_mistakes():
    assert ex.q3.solution_answer() == pytest.approx(0.0285)
    assert ex.q3.decimals == 4
    assert ex.q3.verdict(0.02852).status == "correct"        # 0.0285 to 4 decimals
    assert ex.q3.verdict(0.0287).status == "incorrect"
    for wrong, words in [(8 * 0.060 / 16, "overhead"), (0.059, "counts"),
                         (-0.01, "not negative"), (0.05, "too high")]:
        verdict = ex.q3.verdict(wrong)
        assert verdict.status == "incorrect" and words in verdict.message
        assert "0.0285" not in verdict.message
    assert ex.q3.verdict("0.0285").status == "wrong_type"


def test_q4_precision_and_typical_mistakes():
    from hpt_helpers.exercises.core import round_to
    value = ex.q4.solution_answer()
    assert value > 100 and ex.q4.sig == 2
    assert ex.q4.verdict(round_to(value, sig=2)).status == "correct"
    verdict = ex.q4.verdict(1 / value)
    assert verdict.status == "incorrect" and "turn the ratio around" in verdict.message
    for wrong, words in [(value * 2, "too high"), (value / 3, "too low"), (-value, "positive")]:
        verdict = ex.q4.verdict(wrong)
        assert verdict.status == "incorrect" and words in verdict.message
        assert f"{round_to(value, sig=2):g}" not in verdict.message
    assert ex.q4.verdict("5000").status == "wrong_type"
