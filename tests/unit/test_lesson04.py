"""Tests of lesson 04's exercises: each solution passes, typical mistakes get a reason."""

import re

import numpy as np
import pytest

from hpt_helpers.exercises import lesson04 as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_solution_answer_passes(question):
    assert question.verdict(question.solution_answer()).correct


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_placeholder_is_unattempted_and_hint_solution_print(question, capsys):
    assert question.verdict(...).status == "unattempted"
    question.hint()
    question.solution()
    out = capsys.readouterr().out
    assert out.startswith("Hint:") and "Solution:" in out


@pytest.mark.parametrize("question, answer, fragment", [
    (ex.q1, 0.1 * np.cos(np.pi / 4), "ends at 0"),
    (ex.q1, 0.075, "straight line"),
    (ex.q1, 0.05, "too low"),
    (ex.q2, "glorot", "halves every two layers"),
    (ex.q2, "small", "vanished"),
    (ex.q2, "large", "explodes"),
    (ex.q2, "lecun", "Choose one of"),
    (ex.q3, 2.0, "evaluation time"),
    (ex.q3, 1.6, "divides by keep"),
    (ex.q3, 0, "dropped unit"),
    (ex.q4, 9, "training stops"),
    (ex.q4, 8, "tie"),
    (ex.q4, 3, "later epoch"),
    (ex.q4, 6, "first epoch with the highest"),
])
def test_typical_mistakes_get_a_reason(question, answer, fragment):
    verdict = question.verdict(answer)
    assert verdict.status == "incorrect"
    assert fragment in verdict.message


@pytest.mark.parametrize("question, answer", [
    (ex.q1, "0.085"), (ex.q2, 2), (ex.q3, [2.5]), (ex.q4, True),
])
def test_wrong_types_are_reported(question, answer):
    verdict = question.verdict(answer)
    assert verdict.status == "wrong_type"
    assert "Expected" in verdict.message


def test_answers_accept_equivalent_forms():
    assert ex.q1.verdict(np.float64(0.05 * (1 + np.cos(np.pi / 4)))).correct
    assert ex.q2.verdict(" He ").correct
    assert ex.q3.verdict(5 / 2).correct
    assert ex.q4.verdict(np.int64(5)).correct


def test_early_stopping_replay_matches_mlpclassifier():
    import warnings

    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X[:600] / 16
    y = y[:600]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(hidden_layer_sizes=(32,), early_stopping=True, n_iter_no_change=4,
                              learning_rate_init=0.01, max_iter=200, random_state=0).fit(X, y)
    kept, stopped = ex.early_stopping_epochs(model.validation_scores_, n_iter_no_change=4,
                                             tol=model.tol)
    assert stopped == model.n_iter_
    assert model.validation_scores_[kept - 1] == model.best_validation_score_


def test_q4_replay():
    assert ex.early_stopping_epochs(ex.Q4_SCORES, n_iter_no_change=3) == (5, 9)
    assert ex.early_stopping_epochs([0.1, 0.2, 0.3], n_iter_no_change=3) == (3, 3)


def test_stated_precision_and_spellings_are_accepted():
    assert ex.q1.verdict(0.0854).correct          # "to 4 decimals"
    assert not ex.q1.verdict(0.085).correct       # 3 decimals are not enough
    assert ex.q3.verdict(2.50).correct and ex.q3.verdict(np.float32(2.5)).correct
    assert ex.q4.verdict(5.0).correct and ex.q4.verdict(np.float64(5)).correct
    assert ex.q2.verdict("Kaiming").correct
    assert "halves every two layers" in ex.q2.verdict("Xavier").message


@pytest.mark.parametrize("question, wrong, answer", [
    (ex.q1, 0.1, "0.0854"), (ex.q1, 0.0707, "0.0854"), (ex.q3, 1.6, "2.5"), (ex.q3, 3.0, "2.5"),
    (ex.q4, 9, "5"), (ex.q4, 6, "5"), (ex.q2, "glorot", "he"), (ex.q2, "large", "he"),
])
def test_wrong_answers_do_not_show_the_answer(question, wrong, answer):
    verdict = question.verdict(wrong)
    assert not verdict.correct
    assert not re.search(rf"(?<![\w.]){re.escape(answer)}(?![\w])", verdict.message, re.I)
