"""Lesson 07 exercises: each solution passes; typical wrong answers are explained."""


import numpy as np
import pytest

from hpt_helpers.exercises import lesson07 as ex
from hpt_helpers.space import Real, Space

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_solution_passes(q):
    assert q.verdict(q.solution_answer()).correct


def test_q1_probability_agrees_with_simulation_and_explains_slips():
    rng = np.random.default_rng(0)
    simulated = np.mean((rng.random((20000, 30)) < 0.1).any(axis=1))
    assert abs(simulated - ex.q1.solution_answer()) < 0.01
    assert "complement" in ex.q1.verdict(0.9 ** 30).message
    assert "between 0 and 1" in ex.q1.verdict(1.5).message
    assert "0.9" in ex.q1.verdict(1.0).message
    assert ex.q1.verdict("0.96").status == "wrong_type"


def test_q2_is_the_smallest_sufficient_n():
    n = ex.q2.solution_answer()
    assert 1 - 0.99 ** n >= 0.9 > 1 - 0.99 ** (n - 1)
    assert "round up" in ex.q2.verdict(n - 1).message
    assert "multiply" in ex.q2.verdict(90).message
    assert "Too many" in ex.q2.verdict(1000).message
    assert ex.q2.verdict(230.0).correct and ex.q2.verdict(np.int64(230)).correct
    assert "230" not in ex.q2.verdict(229).message + ex.q2.verdict(231).message


def test_q3_distribution_choice():
    assert "99.99%" in ex.q3.verdict("uniform").message
    assert "integer" in ex.q3.verdict("randint").message
    assert ex.q3.verdict("LogUniform").correct and ex.q3.verdict("log-uniform").correct
    assert "loguniform" not in ex.q3.verdict("uniform").message.lower()
    assert "Choose one of" in ex.q3.verdict("normal").message


def test_q4_matches_the_grid_shape():
    assert Space({"a": Real(0, 1), "b": Real(0, 1)}).grid_shape(16)[0] == ex.q4.solution_answer()[0]
    assert ex.q4.verdict([4, 16]).correct
    assert "Too many" in ex.q4.verdict((16, 16)).message
    assert "Too few" in ex.q4.verdict((3, 16)).message
    assert ex.q4.verdict((4.0, np.int64(16))).correct
    assert "numbers" in ex.q4.verdict(("4", "16")).message
    assert "4" not in ex.q4.verdict((16, 16)).message
    assert "probability zero" in ex.q4.verdict((4, 4)).message
    assert "tuple" in ex.q4.verdict((4,)).message
    assert ex.q4.verdict(4).status == "wrong_type"


def test_q1_states_three_decimals():
    assert ex.q1.verdict(0.958).correct and ex.q1.verdict(np.float64(1 - 0.9 ** 30)).correct
    assert not ex.q1.verdict(0.95).correct
    assert "0.958" not in ex.q1.verdict(0.95).message


def test_q4_hint_uses_only_what_the_lesson_imports():
    assert "Space" not in ex.q4._hint and "grid_search" in ex.q4._hint
