"""Lesson 05's exercises: every solution passes, typical mistakes get a helpful verdict."""

import pytest

from hpt_helpers.exercises import lesson05 as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4, ex.q5]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_solution_passes(q, capsys):
    verdict = q.verdict(q.solution_answer())
    assert verdict.correct, verdict.message
    q.hint()
    q.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: ") and "Solution:" in out


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_placeholder_and_wrong_type(q):
    assert q.verdict(...).status == "unattempted"
    bad = q.verdict("15")
    assert bad.status == "wrong_type" and "integer" in bad.message
    assert q.verdict(True).status == "wrong_type"


def test_solution_values():
    assert ex.q1.solution_answer() == 15
    assert ex.q2.solution_answer() == 17
    assert ex.q3.solution_answer() == 4640
    assert ex.q4.solution_answer() == 1
    assert ex.q5.solution_answer() == 2


@pytest.mark.parametrize("q, answer, words", [
    (ex.q1, 14, "padding"),          # forgot the padding: floor(27 / 2) + 1
    (ex.q1, 30, "stride"),           # forgot the stride
    (ex.q1, 16, "Round down"),       # rounded up
    (ex.q1, 100, "floor((n + 2p - k) / s) + 1"),
    (ex.q2, 9, "without strides"),
    (ex.q2, 25, "before"),
    (ex.q2, 11, "k - 1"),
    (ex.q2, 40, "r_l"),
    (ex.q3, 4608, "bias"),
    (ex.q3, 320, "input"),
    (ex.q3, 1568, "9 weights"),
    (ex.q3, 1, "k * k"),
    (ex.q4, 3, "another stride did better"),
    (ex.q4, 4, "strides [1, 2, 3]"),
    (ex.q5, 1, "26 x 26"),
    (ex.q5, 3, "30 x 30"),
    (ex.q5, -1, "negative"),
])
def test_wrong_answers_explain(q, answer, words):
    verdict = q.verdict(answer)
    assert verdict.status == "incorrect"
    assert words in verdict.message


def test_numpy_integers_accepted():
    import numpy as np

    assert ex.q1.verdict(np.int64(15)).correct
    assert ex.q4.verdict(np.int64(1)).correct
