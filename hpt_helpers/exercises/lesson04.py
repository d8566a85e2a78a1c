"""Exercises of lesson 04, deep-learning hyperparameters.

q1 computes a cosine schedule's learning rate, q2 names the initialisation that suits relu,
q3 applies inverted dropout's scaling by hand, q4 replays early stopping's rule on a list of
validation scores (the rule of scikit-learn's ``MLPClassifier(early_stopping=True)``).
"""

from __future__ import annotations

import math
import numbers

from hpt_helpers.exercises.core import Incorrect, Question, close_to, one_of

__all__ = ["early_stopping_epochs", "q1", "q2", "q3", "q4"]


# -- q1: cosine schedule -------------------------------------------------------------

def _q1_value() -> float:
    from hpt_helpers.schedules import cosine_decay

    return cosine_decay(50, 200, 0.1)


def _q1_checker(answer):
    value = float(answer)
    if math.isclose(value, 0.1 * math.cos(math.pi * 50 / 200), rel_tol=1e-3):
        raise Incorrect("That is base_lr * cos(pi t / T): the cosine schedule is "
                        "(1 + cos(pi t / T)) / 2 times base_lr, so it ends at 0, not at -base_lr.")
    if math.isclose(value, 0.075, rel_tol=1e-3):
        raise Incorrect("That is a straight line from 0.1 to 0; the cosine stays higher early on.")
    _q1_close(answer)


_q1_close = close_to(_q1_value, decimals=4, what="learning rate")

q1 = Question(
    "q1", "Learning rate of a cosine schedule at step 50 of 200, to 4 decimals",
    checker=_q1_checker, expected=numbers.Real, decimals=4,
    hint="lr(t) = min_lr + (base_lr - min_lr) * (1 + cos(pi * t / T)) / 2, with min_lr = 0.",
    solution="answer = 0.1 * (1 + np.cos(np.pi * 50 / 200)) / 2  # 0.0854\n"
             "# or: from hpt_helpers.schedules import cosine_decay; cosine_decay(50, 200, 0.1)",
    solution_answer=_q1_value,
)


# -- q2: initialisation for relu -----------------------------------------------------

_Q2_CHOICES = ["small", "glorot", "he", "large"]


def _q2_checker(answer):
    a = {"xavier": "glorot"}.get(answer.strip().lower(), answer.strip().lower())
    reasons = {
        "small": "With std 0.01 every layer shrinks the signal: it has vanished long before "
                 "layer 50.",
        "glorot": "Glorot's scale suits tanh; relu zeroes half of its inputs, so with Glorot "
                  "the spread halves every two layers.",
        "large": "With std 1 a relu network multiplies the spread by about sqrt(256 / 2) per "
                 "layer: it explodes.",
    }
    if a in reasons:
        raise Incorrect(reasons[a])
    one_of(_Q2_CHOICES, "he", synonyms={"he": ["kaiming", "he (kaiming)"],
                                        "glorot": ["xavier"]})(answer)


q2 = Question(
    "q2", "The initialisation that keeps relu activations stable through depth",
    checker=_q2_checker, expected=str, options=_Q2_CHOICES,
    hint="Var(z) = fan_in * Var(w) * E[a^2], and relu keeps only half of a symmetric input's "
         "second moment. Which scheme puts a 2 in the numerator?",
    solution='answer = "he"  # std = sqrt(2 / fan_in) makes fan_in * Var(w) = 2',
    solution_answer=lambda: "he",
)


# -- q3: inverted dropout --------------------------------------------------------------

def _q3_checker(answer):
    value = float(answer)
    if math.isclose(value, 2.0):
        raise Incorrect("That is the value at evaluation time (or with ordinary dropout). "
                        "Inverted dropout rescales the kept units during training.")
    if math.isclose(value, 1.6):
        raise Incorrect("Multiplying by keep = 0.8 is what old-style dropout does at *test* "
                        "time; inverted dropout divides by keep during training.")
    if math.isclose(value, 0.0):
        raise Incorrect("0 is the value of a dropped unit; the question asks about a kept one.")
    close_to(2.0 / 0.8, decimals=2, what="value")(answer)


q3 = Question(
    "q3", "The value of a kept unit under inverted dropout, to 2 decimals",
    checker=_q3_checker, expected=numbers.Real, decimals=2,
    hint="The kept units are divided by keep = 1 - rate, so that the expected value stays 2.0.",
    solution="answer = 2.0 / (1 - 0.2)  # 2.5; and 0.8 * 2.5 + 0.2 * 0 = 2.0 on average",
    solution_answer=lambda: 2.5,
)


# -- q4: early stopping ------------------------------------------------------------------

Q4_SCORES = (0.80, 0.86, 0.90, 0.89, 0.91, 0.905, 0.90, 0.91, 0.90)


def early_stopping_epochs(scores, n_iter_no_change: int, tol: float = 1e-4) -> tuple[int, int]:
    """Replay ``MLPClassifier``'s early-stopping rule on a list of validation scores.

    After each epoch: a score below ``best + tol`` counts as no improvement (otherwise the
    counter resets); a score above ``best`` becomes the best and its weights are kept;
    training stops once the counter exceeds ``n_iter_no_change``.

    Returns
    -------
    (kept_epoch, stopped_epoch) : tuple of int
        1-based epochs.

    Examples
    --------
    >>> early_stopping_epochs([0.5, 0.6, 0.6, 0.6], n_iter_no_change=1)
    (2, 4)
    """
    best, kept, count = -math.inf, 0, 0
    for epoch, score in enumerate(scores, start=1):
        count = count + 1 if score < best + tol else 0
        if score > best:
            best, kept = score, epoch
        if count > n_iter_no_change:
            return kept, epoch
    return kept, len(scores)


def _q4_value() -> int:
    return early_stopping_epochs(Q4_SCORES, n_iter_no_change=3)[0]


def _q4_checker(answer):
    kept, stopped = early_stopping_epochs(Q4_SCORES, n_iter_no_change=3)
    if answer == stopped:
        raise Incorrect(f"Epoch {stopped} is where training stops; the weights are rolled back "
                        "to the best epoch.")
    if answer == 8:
        raise Incorrect("Epoch 8 only ties the best score; a tie is not an improvement, so the "
                        "earlier weights are kept.")
    if answer == 3:
        raise Incorrect("A later epoch beats 0.90.")
    if answer != kept:
        raise Incorrect("Find the first epoch with the highest score (a tie does not replace it).")


q4 = Question(
    "q4", "The epoch whose weights early stopping keeps",
    checker=_q4_checker, expected=numbers.Integral,
    hint="Early stopping keeps the weights of the best score so far; a later tie does not "
         "replace them. Where the run stops does not matter for this question.",
    solution="scores = [0.80, 0.86, 0.90, 0.89, 0.91, 0.905, 0.90, 0.91, 0.90]\n"
             "answer = int(np.argmax(scores)) + 1  # 5: argmax returns the first maximum\n"
             "# training stops at epoch 9, the 4th epoch in a row without a gain of tol",
    solution_answer=_q4_value,
)
