"""Lesson 11's exercises: solutions pass, typical wrong answers get a reason."""

import pytest

from hpt_helpers.exercises import lesson11 as ex


@pytest.mark.parametrize("q, answer", [(ex.q1, 9), (ex.q2, 1215), (ex.q3, 15),
                                       (ex.q4, "eta")])
def test_solutions_pass(q, answer):
    assert q.verdict(answer).correct
    assert q.verdict(q.solution_answer()).correct


@pytest.mark.parametrize("q, wrong, reason", [
    (ex.q1, 27, "rung just below"), (ex.q1, 3, "last rung"),
    (ex.q2, 243 * 81, "training all of them"), (ex.q2, 363, "counts evaluations"),
    (ex.q2, 121, "budgets of the rungs once"),
    (ex.q3, 9, "less aggressive bracket"), (ex.q3, 81, "most aggressive"),
    (ex.q4, "min_budget", "min_resource"), (ex.q4, "rung", "rung too"),
])
def test_typical_wrong_answers_are_explained(q, wrong, reason):
    verdict = q.verdict(wrong)
    assert not verdict.correct and reason in str(verdict)
