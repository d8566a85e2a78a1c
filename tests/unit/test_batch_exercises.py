"""Lesson 02's exercises: every solution passes; typical mistakes get a helpful verdict."""

import pytest

from hpt_helpers.exercises import lesson02 as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4, ex.q5]


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_solution_passes(q):
    verdict = q.verdict(q.solution_answer())
    assert verdict.correct, verdict.message


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_placeholder_is_unattempted(q):
    assert q.verdict(...).status == "unattempted"


@pytest.mark.parametrize("q, wrong, words", [
    (ex.q1, 15, "last, smaller batch"),
    (ex.q1, 64000, "divide"),
    (ex.q1, 17, "too high"),
    (ex.q2, 4, "other way round"),
    (ex.q2, 0.5, "standard deviation"),
    (ex.q2, 0.1, "too low"),
    (ex.q3, "large", "count the updates"),
    (ex.q3, "medium", "choose one of"),
    (ex.q4, 0.05, "scales the learning rate"),
    (ex.q4, 0.1, "square-root"),
    (ex.q4, 0.8, "too high"),
    (ex.q5, 0.25, "b / n"),
    (ex.q5, 1.0, "less noisy"),
    (ex.q5, 0.5, "too low"),
])
def test_typical_mistakes_are_explained(q, wrong, words):
    verdict = q.verdict(wrong)
    assert verdict.status == "incorrect"
    assert words in verdict.message.lower()


def test_an_integral_float_is_the_integer_answer():
    assert ex.q1.verdict(16.0).correct


@pytest.mark.parametrize("q, wrong", [
    (ex.q1, 16.5), (ex.q1, "16"), (ex.q1, True),
    (ex.q2, "0.25"), (ex.q3, 1), (ex.q4, [0.2]), (ex.q5, "0.75"),
])
def test_wrong_kinds_name_the_expected_kind(q, wrong):
    verdict = q.verdict(wrong)
    assert verdict.status == "wrong_type"
    assert "expected" in verdict.message.lower()


def test_case_and_spaces_do_not_matter():
    assert ex.q3.verdict("  Small ").correct


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: q.name)
def test_hint_and_solution_print(q, capsys):
    q.hint()
    q.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: ") and "Solution:" in out and "answer =" in out
