"""Lesson 08 exercises: each solution passes; typical wrong answers are explained."""

import numpy as np
import pytest
from scipy.stats import norm

from hpt_helpers.acquisition import expected_improvement, upper_confidence_bound
from hpt_helpers.exercises import lesson08 as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_solution_passes(q):
    assert q.verdict(q.solution_answer()).correct


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_wrong_type_is_named(q):
    assert q.verdict("0.5").status == "wrong_type"


def test_q1_matches_the_library_and_explains_slips():
    expected = expected_improvement(np.array([0.5]), np.array([0.2]), 0.4, xi=0.0)[0]
    assert ex.q1.solution_answer() == pytest.approx(expected, rel=1e-9)
    assert "never negative" in ex.q1.verdict(-0.03).message
    assert "not zero" in ex.q1.verdict(0.0).message
    flipped = 0.1 * norm.cdf(0.5) + 0.2 * norm.pdf(0.5)
    assert "maximisation" in ex.q1.verdict(flipped).message
    assert "probability of improvement" in ex.q1.verdict(norm.cdf(-0.5)).message
    assert not ex.q1.verdict(0.05).correct


def test_q1_accepts_the_library_default_and_stated_precision():
    import inspect
    assert inspect.signature(expected_improvement).parameters["xi"].default == 0.0
    value = expected_improvement(np.array([0.5]), np.array([0.2]), 0.4)[0]
    assert ex.q1.verdict(value).correct


def test_q1_precision_and_wrong_answers_do_not_reveal():
    value = ex.q1.solution_answer()
    assert ex.q1.decimals == 4
    assert ex.q1.verdict(round(value, 4)).correct
    assert ex.q1.verdict(np.float64(value)).correct
    for wrong in [-0.03, 0.0, 0.1 * norm.cdf(0.5) + 0.2 * norm.pdf(0.5), norm.cdf(-0.5), 0.05,
                  0.02]:
        verdict = ex.q1.verdict(wrong)
        assert not verdict.correct and f"{value:.4f}" not in verdict.message
        assert f"{value:.3f}" not in verdict.message


def test_q2_agrees_with_ucb_and_explains_exploitation():
    scores = upper_confidence_bound(np.array([0.0, 0.3, 0.8]), np.array([0.05, 0.2, 0.5]),
                                    kappa=3.0)
    assert ex.q2.solution_answer() == int(np.argmax(scores))
    assert "kappa = 0" in ex.q2.verdict(0).message
    assert "largest" in ex.q2.verdict(1).message
    verdict = ex.q2.verdict(5)
    assert "index" in verdict.message and not verdict.correct
    assert ex.q2.verdict(2.0).correct and ex.q2.verdict(np.int64(2)).correct
    assert ex.q2.verdict("2").status == "wrong_type"


def test_q3_is_the_optimizers_proposal():
    x = ex.q3.solution_answer()
    assert 0.0 <= x <= 1.0
    assert "inside" in ex.q3.verdict(1.5).message
    assert "already evaluated" in ex.q3.verdict(0.35).message
    ei_x = ex._q3_optimizer("ei").ask()[0]["x"]
    assert abs(ei_x - x) > 0.01
    assert "EI" in ex.q3.verdict(ei_x).message
    assert ex.q3.decimals == 2 and ex.q3.verdict(round(x, 2)).correct
    for wrong in [x + 0.1, x - 0.05]:
        verdict = ex.q3.verdict(wrong)
        assert not verdict.correct and f"{x:.2f}" not in verdict.message


def test_q4_counts_rounds():
    assert ex.q4.solution_answer() == 80
    assert "sequential" in ex.q4.verdict(240).message
    assert "rounds" in ex.q4.verdict(320).message
    assert not ex.q4.verdict(60).correct
    assert ex.q4.verdict(80.0).correct and ex.q4.verdict(np.int64(80)).correct
    for wrong in [240, 320, 60, 8]:
        assert "80" not in ex.q4.verdict(wrong).message
