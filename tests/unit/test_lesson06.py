"""Lesson 06 exercises: each solution passes; typical wrong answers are explained."""

import numpy as np
import pytest
from sklearn.model_selection import ParameterGrid

from hpt_helpers.exercises import lesson06 as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4, ex.q5]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_solution_passes(q):
    assert q.verdict(q.solution_answer()).correct


def test_q1_counts_candidates_folds_and_refit():
    grid = {"C": [0.1, 1, 10, 100], "gamma": [0.001, 0.01, 0.1], "kernel": ["rbf", "sigmoid"]}
    assert ex.q1.solution_answer() == len(ParameterGrid(grid)) * 5 + 1
    v = ex.q1.verdict(120)
    assert not v.correct and "refit" in v.message
    assert "candidates" in ex.q1.verdict(24).message
    assert ex.q1.verdict("121").status == "wrong_type"


def test_q2_matches_parameter_grid():
    grid = [{"kernel": ["linear"], "C": [1, 10, 100]},
            {"kernel": ["rbf"], "C": [1, 10, 100], "gamma": [0.01, 0.1]}]
    assert ex.q2.solution_answer() == len(ParameterGrid(grid))
    assert "union" in ex.q2.verdict(18).message
    assert "linear" in ex.q2.verdict(12).message


def test_q3_reads_the_example_results():
    frame = ex.example_results
    rbf = frame[frame.param_kernel == "rbf"]
    best = rbf.loc[rbf.mean_test_score.idxmax()]
    assert ex.q3.solution_answer() == {"C": best.param_C, "gamma": best.param_gamma}
    overall = frame.loc[frame.mean_test_score.idxmax()]
    assert overall.param_kernel == "linear"          # the trap the question sets
    assert not ex.q3.verdict({"C": 1.0, "gamma": 0.1}).correct
    assert "keys" in ex.q3.verdict({"C": 10}).message
    assert "numbers" in ex.q3.verdict({"C": "ten", "gamma": 0.01}).message
    assert ex.q3.verdict([10, 0.01]).status == "wrong_type"


def test_q4_hours_and_typical_slips():
    assert ex.q4.verdict(625 * 5 * 2 / 3600).correct
    assert "five times" in ex.q4.verdict(625 * 2 / 3600).message
    assert "minutes" in ex.q4.verdict(625 * 5 * 2 / 60).message
    assert not ex.q4.verdict(3.0).correct


def test_q5_choices():
    assert "top scorer" in ex.q5.verdict("True").message
    assert not ex.q5.verdict("a metric name").correct
    assert "Choose one of" in ex.q5.verdict("maybe").message
    assert ex.q5.verdict(True).status == "wrong_type"


def test_q4_states_two_decimals_and_q5_takes_synonyms():
    assert ex.q4.verdict(1.74).correct and ex.q4.verdict(np.float64(1.7361)).correct
    assert not ex.q4.verdict(1.7).correct
    assert "1.74" not in ex.q4.verdict(3.0).message
    assert ex.q5.verdict("callable").correct and ex.q5.verdict("A function").correct
    assert "callable" not in ex.q5.verdict("False").message
    assert ex.q1.verdict(121.0).correct and ex.q1.verdict(np.int64(121)).correct
