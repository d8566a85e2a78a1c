"""Lesson 03 exercises: every solution passes; wrong answers and wrong kinds fail helpfully."""

import numpy as np
import pytest

from hpt_helpers.exercises import lesson03 as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4, ex.q5]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_solution_passes(question):
    verdict = question.verdict(question.solution_answer())
    assert verdict.correct, verdict.message


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_placeholder_is_unattempted_and_hint_solution_print(question, capsys):
    assert question.verdict(...).status == "unattempted"
    question.hint()
    question.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint: ") and "Solution:" in out


def test_q1_lassocv_alpha_matches_a_fresh_fit():
    from sklearn.linear_model import LassoCV
    from sklearn.model_selection import KFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, _, y_train, _ = ex.diabetes_split()
    model = make_pipeline(StandardScaler(), LassoCV(cv=KFold(5, shuffle=True, random_state=0)))
    alpha = model.fit(X_train, y_train)[-1].alpha_
    assert ex.q1.verdict(alpha).correct
    assert ex.q1.verdict(np.float64(alpha)).correct


@pytest.mark.parametrize("wrong, needle", [
    (1.0, "default alpha"),
    (-0.5, "> 0"),
    (50.0, "too high"),
    (1e-4, "too low"),
])
def test_q1_wrong_answers_explain(wrong, needle):
    verdict = ex.q1.verdict(wrong)
    assert verdict.status == "incorrect"
    assert needle in verdict.message


def test_q2_counts_zeros_not_nonzeros():
    zeros = ex.q2.solution_answer()
    assert 0 < zeros < 10
    assert "NON-zero" in ex.q2.verdict(10 - zeros).message
    assert ex.q2.verdict(zeros + 1 if zeros + 1 != 10 - zeros else zeros + 2).status \
        == "incorrect"


@pytest.mark.parametrize("question, wrong", [
    (ex.q1, "1.1"), (ex.q2, 6.5), (ex.q2, "6"), (ex.q3, "100"), (ex.q4, 1), (ex.q5, True),
])
def test_wrong_kinds_name_the_expected_kind(question, wrong):
    verdict = question.verdict(wrong)
    assert verdict.status == "wrong_type"
    assert "Expected" in verdict.message and type(wrong).__name__ in verdict.message


@pytest.mark.parametrize("wrong, needle", [
    (0.01, "C itself"), (50, "1/2"), (0.005, "1/2"), (10, "too low"),
])
def test_q3_wrong_answers_explain(wrong, needle):
    verdict = ex.q3.verdict(wrong)
    assert verdict.status == "incorrect" and needle in verdict.message


@pytest.mark.parametrize("wrong, needle", [
    ("ridge", "shrinks"), ("both", "Only one"), ("neither", "One of them"), ("l3", "Choose"),
])
def test_q4_wrong_choices_explain(wrong, needle):
    verdict = ex.q4.verdict(wrong)
    assert verdict.status == "incorrect" and needle in verdict.message


def test_q4_is_case_and_space_insensitive():
    assert ex.q4.verdict("  Lasso ").correct


@pytest.mark.parametrize("wrong, needle", [(0, "ridge"), (0.5, "mixes"), (2, "between 0 and 1")])
def test_q5_wrong_answers_explain(wrong, needle):
    verdict = ex.q5.verdict(wrong)
    assert verdict.status == "incorrect" and needle in verdict.message


def test_check_prints_verdict(capsys):
    ex.q5.check(1)
    assert capsys.readouterr().out.startswith("Correct!")


def test_q1_accepts_three_significant_figures_and_never_shows_the_alpha():
    from hpt_helpers.exercises.core import round_to
    alpha = ex.q1.solution_answer()
    assert ex.q1.verdict(round_to(alpha, sig=3)).correct
    shown = f"{alpha:.3g}"
    for wrong in (1.0, 50.0, 1e-4, alpha * 1.2, -1):
        message = ex.q1.verdict(wrong).message
        assert shown not in message and f"{alpha:.2g}" not in message


def test_q2_takes_a_whole_float_and_says_too_many_or_too_few():
    zeros = ex.q2.solution_answer()
    assert ex.q2.verdict(float(zeros)).correct and ex.q2.verdict(np.int64(zeros)).correct
    wrong_up = zeros + 1 if zeros + 1 != 10 - zeros else zeros + 2
    assert "too many" in ex.q2.verdict(wrong_up).message
    assert str(zeros) not in ex.q2.verdict(wrong_up).message.replace(str(wrong_up), "")
