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


def test_q1_answer_read_from_data_and_grid_mistake_explained():
    assert ex.q1.solution_answer() == "bayesian"
    verdict = ex.q1.verdict("grid")
    assert verdict.status == "incorrect" and "2 ** 6" in verdict.message
    assert ex.q1.verdict("random").status == "incorrect"
    assert ex.q1.verdict(3).status == "wrong_type"


@pytest.mark.parametrize("wrong, words", [(30, "k * k"), (15, "multiply"), (6, "36"),
                                          (4, "largest k")])
def test_q2_typical_mistakes(wrong, words):
    verdict = ex.q2.verdict(wrong)
    assert verdict.status == "incorrect" and words in verdict.message


def test_q2_wrong_type():
    assert ex.q2.verdict(5.0).status == "wrong_type"
    assert ex.q2.verdict("5").status == "wrong_type"


def test_q3_value_and_mistakes():
    assert ex.q3.solution_answer() == pytest.approx(0.0285)
    assert "overhead" in ex.q3.verdict(8 * 0.060 / 16).message
    assert "counts" in ex.q3.verdict(0.059).message
    assert ex.q3.verdict(-0.01).status == "incorrect"
    assert ex.q3.verdict("0.0285").status == "wrong_type"


def test_q4_inverse_ratio_is_explained():
    value = ex.q4.solution_answer()
    assert value > 100
    verdict = ex.q4.verdict(1 / value)
    assert verdict.status == "incorrect" and "turn the ratio around" in verdict.message
    assert ex.q4.verdict(value * 1.005).status == "correct"
    assert ex.q4.verdict(value * 2).status == "incorrect"
    assert ex.q4.verdict("5000").status == "wrong_type"
