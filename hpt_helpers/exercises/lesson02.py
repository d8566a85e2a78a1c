"""Exercises of lesson 02, batch size."""

from __future__ import annotations

import math
import numbers

from hpt_helpers.exercises.core import Incorrect, Question, close_to, equals, one_of

__all__ = ["q1", "q2", "q3", "q4", "q5"]


def _q1_checker(answer):
    if answer == 15:
        raise Incorrect("That counts the full batches only; the last, smaller batch still "
                        "costs an update.")
    if answer == 1000 * 64:
        raise Incorrect("Updates per epoch shrink when batches grow: divide, don't multiply.")
    equals(16, what="number of updates")(answer)


q1 = Question(
    "q1", "Updates per epoch for n = 1000 rows and B = 64",
    checker=_q1_checker, expected=numbers.Integral,
    hint="One update per batch; how many batches of 64 cover 1000 rows?",
    solution="answer = math.ceil(1000 / 64)  # 16: fifteen full batches and one of 40 rows",
    solution_answer=lambda: math.ceil(1000 / 64),
)


def _q2_checker(answer):
    value = float(answer)
    if math.isclose(value, 4.0, rel_tol=0.02):
        raise Incorrect("That is the ratio the other way round: a larger batch has a "
                        "*smaller* variance.")
    if math.isclose(value, 0.5, rel_tol=0.02):
        raise Incorrect("The standard deviation halves; the variance falls like 1/B.")
    close_to(0.25, decimals=2, what="variance ratio")(answer)


q2 = Question(
    "q2", "Variance of the mini-batch gradient at B = 64 divided by that at B = 16",
    checker=_q2_checker, expected=numbers.Real, decimals=2,
    hint="Sampled with replacement (or n much larger than B), the variance of a mean of B "
         "independent terms is s^2 / B.",
    solution="answer = (1 / 64) / (1 / 16)  # 0.25",
    solution_answer=lambda: 0.25,
)


_Q3_OPTIONS = ["small", "large"]
_q3_choice = one_of(_Q3_OPTIONS, "small")


def _q3_checker(answer):
    try:
        _q3_choice(answer)
    except Incorrect as exc:
        if " ".join(answer.lower().split()) in _Q3_OPTIONS:
            raise Incorrect("Count the updates each batch size makes in one epoch, and look "
                            "at section 3's left panel.") from exc
        raise


q3 = Question(
    "q3", "With the same number of epochs (and a learning rate that suits both), which "
          "batch size usually reaches a lower training loss?",
    checker=_q3_checker, expected=str, options=_Q3_OPTIONS,
    hint="Section 3's left panel: what does one epoch buy at each batch size?",
    solution='answer = "small"  # more updates per epoch (per update, the order can change)',
    solution_answer=lambda: "small",
)


def _q4_checker(answer):
    value = float(answer)
    if math.isclose(value, 0.05, rel_tol=0.02):
        raise Incorrect("The rule scales the learning rate with the batch size.")
    if math.isclose(value, 0.1, rel_tol=0.02):
        raise Incorrect("That is the square-root rule; the linear rule multiplies by the "
                        "ratio of batch sizes itself.")
    close_to(0.2, decimals=2, what="learning rate")(answer)


q4 = Question(
    "q4", "Linear scaling rule: lr = 0.05 works at B = 32; which lr at B = 128?",
    checker=_q4_checker, expected=numbers.Real, decimals=2,
    hint="Four times the batch averages four times as many gradients: take four times "
         "the step.",
    solution="answer = 0.05 * 128 / 32  # 0.2 (a starting point to check, not a law)",
    solution_answer=lambda: 0.05 * 128 / 32,
)


def _q5_checker(answer):
    value = float(answer)
    if math.isclose(value, 0.25, abs_tol=0.0005):
        raise Incorrect("That is B / n. The correction is (n - B) / (n - 1): the share of the "
                        "data the batch leaves out.")
    if math.isclose(value, 1.0, abs_tol=0.0005):
        raise Incorrect("Without replacement a batch of a quarter of the data is noticeably "
                        "less noisy than s^2 / B says.")
    close_to((1000 - 250) / (1000 - 1), decimals=3, what="correction factor")(answer)


q5 = Question(
    "q5", "Finite-population correction for B = 250 drawn without replacement from n = 1000",
    checker=_q5_checker, expected=numbers.Real, decimals=3,
    hint="Section 2: the variance is s^2 / B times (n - B) / (n - 1).",
    solution="answer = (1000 - 250) / (1000 - 1)  # about 0.75: a quarter less variance",
    solution_answer=lambda: (1000 - 250) / (1000 - 1),
)
