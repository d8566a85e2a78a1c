"""Exercises of lesson 11, multi-fidelity search: rungs, compute, Hyperband, Optuna's words."""

from __future__ import annotations

import numbers

from hpt_helpers.exercises.core import Incorrect, Question, equals, one_of
from hpt_helpers.multifidelity import hyperband_schedule, successive_halving_schedule

__all__ = ["q1", "q2", "q3", "q4"]


# -- q1: who survives to which rung --------------------------------------------------------

def _q1_value() -> int:
    return dict((r, n) for n, r in successive_halving_schedule(243, 1, 81, 3))[27]


def _q1_checker(answer):
    schedule = dict((r, n) for n, r in successive_halving_schedule(243, 1, 81, 3))
    if answer == schedule[9]:
        raise Incorrect("That many are trained at the rung just below; one more halving "
                        "comes before the 27-epoch rung.")
    if answer == schedule[81]:
        raise Incorrect("That many reach the last rung (81 epochs); the 27-epoch rung is "
                        "one lower.")
    equals(_q1_value())(answer)


q1 = Question(
    "q1", "Successive halving, 243 configurations, eta = 3: how many train for 27 epochs?",
    checker=_q1_checker, expected=numbers.Integral,
    hint="The rungs are 1, 3, 9, 27 and 81 epochs; each keeps the best third of the one "
         "before.",
    solution="answer = 243 // 3 ** 3   # 243 -> 81 -> 27 -> 9 at rungs 1, 3, 9, 27\n"
             "# or: successive_halving_schedule(243, 1, 81, 3)",
    solution_answer=_q1_value,
)


# -- q2: the compute of a run ----------------------------------------------------------------

def _q2_value() -> int:
    return sum(n * r for n, r in successive_halving_schedule(243, 1, 81, 3))


def _q2_checker(answer):
    schedule = successive_halving_schedule(243, 1, 81, 3)
    if answer == 243 * 81:
        raise Incorrect("That is what training all of them for 81 epochs costs; halving "
                        "stops most of them early.")
    if answer == sum(n for n, _ in schedule):
        raise Incorrect("That counts evaluations; each costs its budget in epochs.")
    if answer == sum(r for _, r in schedule):
        raise Incorrect("That adds the budgets of the rungs once; each rung trains several "
                        "configurations.")
    equals(_q2_value())(answer)


q2 = Question(
    "q2", "Epochs spent by that run (a promoted configuration is retrained from scratch)",
    checker=_q2_checker, expected=numbers.Integral,
    hint="Multiply, rung by rung, the number of configurations by the epochs each gets, "
         "then add.",
    solution="answer = sum(n * r for n, r in successive_halving_schedule(243, 1, 81, 3))\n"
             "# 243*1 + 81*3 + 27*9 + 9*27 + 3*81: every rung costs the same",
    solution_answer=_q2_value,
)


# -- q3: a Hyperband bracket ---------------------------------------------------------------

def _q3_value() -> int:
    brackets = hyperband_schedule(1, 81, 3)
    return next(b[0][0] for b in brackets if b[0][1] == 9)


def _q3_checker(answer):
    if answer == 81 // 9:
        raise Incorrect("Hyperband gives a less aggressive bracket more configurations "
                        "than 81 / r so that every bracket spends about the same compute: "
                        "use n = ceil((s_max + 1) / (s + 1) * eta ** s).")
    if answer == 81:
        raise Incorrect("That is the most aggressive bracket, the one starting at 1 "
                        "epoch.")
    equals(_q3_value())(answer)


q3 = Question(
    "q3", "Hyperband, R = 81, eta = 3: configurations started by the bracket at 9 epochs",
    checker=_q3_checker, expected=numbers.Integral,
    hint="Here s_max = 4 and the bracket starting at 81 / 3 ** s epochs has s = 2.",
    solution="import math\n"
             "answer = math.ceil(5 / 3 * 3 ** 2)   # s_max + 1 = 5, s = 2\n"
             "# or: hyperband_schedule(1, 81, 3)[2][0][0]",
    solution_answer=_q3_value,
)


# -- q4: Optuna's words ----------------------------------------------------------------------

_Q4_OPTIONS = ["eta", "min_budget", "rung", "n_configs"]


def _q4_checker(answer):
    key = str(answer).strip().lower()
    if key == "min_budget":
        raise Incorrect("Optuna calls the smallest budget min_resource.")
    if key == "rung":
        raise Incorrect("A rung is a level of budget; Optuna calls it a rung too.")
    if key == "n_configs":
        raise Incorrect("Optuna has no such setting: a study runs trials until you stop it.")
    one_of(_Q4_OPTIONS, "eta", synonyms={"eta": ["η"]})(answer)


q4 = Question(
    "q4", "Which of the lesson's words is Optuna's reduction_factor?",
    checker=_q4_checker, expected=str, options=_Q4_OPTIONS,
    hint="It is the factor by which each rung shrinks the number of configurations and "
         "grows their budget.",
    solution='answer = "eta"',
    solution_answer=lambda: "eta",
)
