"""Exercises of lesson 05, CNN kernel size and stride.

The data-based question (q4) recomputes its answer with the lesson's settings: digits
scaled to [0, 1], ``train_test_split(test_size=0.25, stratify=y, random_state=0)``,
``kernel_bank(5, n_random=3, random_state=0)``, ReLU features from
:func:`hpt_helpers.conv.conv_features`, ``StandardScaler`` + ``LogisticRegression(C=0.1,
max_iter=300)`` and ``StratifiedKFold(5, shuffle=True, random_state=0)``.
"""

from __future__ import annotations

import numbers
from functools import cache

from hpt_helpers.conv import conv_param_count, output_size, receptive_field
from hpt_helpers.exercises.core import Incorrect, Question

__all__ = ["q1", "q2", "q3", "q4", "q5"]


# -- q1: output size -------------------------------------------------------------------

Q1_SETTING = {"n": 32, "k": 5, "stride": 2, "padding": 1}


def _q1_checker(answer):
    n, k, s, p = Q1_SETTING.values()
    right = output_size(n, k, s, p)
    if answer == right:
        return None
    if answer == output_size(n, k, s, 0):
        raise Incorrect("You left out the padding: it adds p zeros on *both* sides.")
    if answer == output_size(n, k, 1, p):
        raise Incorrect("You left out the stride: the kernel moves s pixels at a time.")
    if answer == (n + 2 * p - k) / s + 1 or answer == -(-(n + 2 * p - k) // s) + 1:
        raise Incorrect("Round down: a window that would stick out of the padded image "
                        "does not count.")
    if answer == (n + 2 * p - k) // s:
        raise Incorrect("Almost: count the first position too (the + 1).")
    raise Incorrect(f"Expected the number of kernel positions along one axis; {answer} is "
                    "not it. Use floor((n + 2p - k) / s) + 1.")


q1 = Question(
    "q1", "Rows of the feature map for n=32, k=5, s=2, p=1",
    checker=_q1_checker, expected=numbers.Integral,
    hint="floor((n + 2p - k) / s) + 1; the padding counts twice, once per side.",
    solution=("from hpt_helpers.conv import output_size\n"
              "answer = (32 + 2 * 1 - 5) // 2 + 1  # = output_size(32, 5, 2, 1) = 15"),
    solution_answer=lambda: output_size(32, 5, 2, 1),
)


# -- q2: receptive field ------------------------------------------------------------------

Q2_STACK = ([5, 3, 3], [2, 2, 1])


def _q2_checker(answer):
    ks, ss = Q2_STACK
    right = int(receptive_field(ks, ss)[-1])
    if answer == right:
        return None
    if answer == int(receptive_field(ks)[-1]):
        raise Incorrect("That is the field without strides. After a stride-2 layer, one "
                        "step in the next layer is two pixels in the image.")
    including_own = 1 + sum((k - 1) * prod for k, prod in
                            zip(ks, [2, 4, 4], strict=True))  # strides up to and with l
    if answer == including_own:
        raise Incorrect("Only the strides *before* a layer multiply its kernel's growth.")
    if answer == sum(ks):
        raise Incorrect("Each layer adds k - 1 positions of the layer below, not k, and "
                        "those positions are spaced by the product of the earlier strides.")
    raise Incorrect("Apply r_l = r_(l-1) + (k_l - 1) * (product of the strides before "
                    "layer l), starting from r_0 = 1.")


q2 = Question(
    "q2", "Receptive field of 5x5/s2, 3x3/s2, 3x3/s1",
    checker=_q2_checker, expected=numbers.Integral,
    hint="Start from 1. Layer 1 adds 4. Layer 2 adds 2 positions spaced 2 pixels apart. "
         "Layer 3 adds 2 positions spaced 2 * 2 pixels apart.",
    solution=("# r = 1 + (5 - 1) * 1 + (3 - 1) * 2 + (3 - 1) * (2 * 2) = 17\n"
              "from hpt_helpers.conv import receptive_field\n"
              "answer = int(receptive_field([5, 3, 3], [2, 2, 1])[-1])"),
    solution_answer=lambda: int(receptive_field(*Q2_STACK)[-1]),
)


# -- q3: parameter count -------------------------------------------------------------------

def _q3_checker(answer):
    right = conv_param_count(3, 16, 32)
    if answer == right:
        return None
    if answer == conv_param_count(3, 16, 32, bias=False):
        raise Incorrect("You counted the weights; add one bias per output channel.")
    if answer in (conv_param_count(3, 1, 32), conv_param_count(3, 1, 32, bias=False)):
        raise Incorrect("Each kernel has one 3 x 3 slice per *input* channel.")
    if answer == 3 * 16 * 32 + 32:
        raise Incorrect("A 3 x 3 kernel has 9 weights per input channel, not 3.")
    raise Incorrect("Use k * k * C_in * C_out + C_out.")


q3 = Question(
    "q3", "Parameters of a 3x3 conv layer, 16 -> 32 channels",
    checker=_q3_checker, expected=numbers.Integral,
    hint="Each of the 32 kernels has a 3 x 3 slice for each of the 16 input channels, and "
         "each output channel has a bias.",
    solution=("answer = 3 * 3 * 16 * 32 + 32  # = conv_param_count(3, 16, 32) = 4640"),
    solution_answer=lambda: conv_param_count(3, 16, 32),
)


# -- q4: best stride for k = 5, from the lesson's sweep ---------------------------------------

@cache
def _q4_scores() -> dict[int, float]:
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    from hpt_helpers.conv import conv_features, kernel_bank

    digits = load_digits()
    img_train, _, y_train, _ = train_test_split(digits.images / 16.0, digits.target,
                                                test_size=0.25, stratify=digits.target,
                                                random_state=0)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    classifier = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=300))
    bank = kernel_bank(5, n_random=3, random_state=0)
    scores = {}
    with threadpool_limits(limits=1):
        for s in (1, 2, 3):
            features = conv_features(img_train, bank, stride=s)
            scores[s] = float(cross_val_score(classifier, features, y_train, cv=cv).mean())
    return scores


def _q4_checker(answer):
    scores = _q4_scores()
    if answer not in scores:
        raise Incorrect(f"The lesson tried strides {sorted(scores)}; got {answer}.")
    best = max(scores, key=scores.get)
    if answer != best:
        raise Incorrect(f"Stride {answer} scored {scores[answer]:.3f}; another stride did "
                        "better. Filter `results` on kernel size 5 and look at the accuracy "
                        "column.")
    return (f"Stride {best} scored {scores[best]:.3f}: it looks at every position, while "
            "larger strides skip positions.")


q4 = Question(
    "q4", "Best stride for a 5x5 kernel in the lesson's sweep",
    checker=_q4_checker, expected=numbers.Integral,
    hint="results[results['kernel size'] == 5] has one row per stride.",
    solution=("rows = results[results['kernel size'] == 5]\n"
              "answer = int(rows.loc[rows['accuracy'].idxmax(), 'stride'])"),
    solution_answer=lambda: max(_q4_scores(), key=_q4_scores().get),
)


# -- q5: "same" padding ------------------------------------------------------------------------

def _q5_checker(answer):
    if answer < 0:
        raise Incorrect("Padding counts rows of zeros; it cannot be negative.")
    got = output_size(28, 5, 1, answer)
    if got != 28:
        raise Incorrect(f"With padding {answer} the output is {got} x {got}. Solve "
                        "28 + 2p - 5 + 1 = 28 for p.")


q5 = Question(
    "q5", "Padding that keeps 28 x 28 under a 5 x 5 kernel at stride 1",
    checker=_q5_checker, expected=numbers.Integral,
    hint="At stride 1 the output is n + 2p - k + 1. Make that equal to n.",
    solution="answer = (5 - 1) // 2  # p = (k - 1) / 2 = 2, 'same' padding",
    solution_answer=lambda: 2,
)
