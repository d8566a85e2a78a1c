"""Exercises of lesson 10, scaling out: Amdahl's law, batch rounds, clusters, resuming."""

from __future__ import annotations

import math
import numbers

import numpy as np

from hpt_helpers.exercises.core import Incorrect, Question, close_to, equals, one_of

__all__ = ["example_regret", "q1", "q2", "q3", "q4", "q5"]


# -- q1: Amdahl's law ------------------------------------------------------------------

def _amdahl(serial: float, workers: int) -> float:
    return 1.0 / (serial + (1.0 - serial) / workers)


def _q1_checker(answer):
    value = float(answer)
    if math.isclose(value, 8, rel_tol=0.02):
        raise Incorrect("8x would need every part of the work to be shared out; 20% of it "
                        "still runs on one worker.")
    if math.isclose(value, 5, rel_tol=0.02):
        raise Incorrect("5x = 1 / 0.2 is the ceiling for infinitely many workers; with 8 "
                        "the parallel 80% still takes 0.8 / 8 of the time.")
    _q1_close(answer)


_q1_close = close_to(_amdahl(0.2, 8), decimals=2, what="speed-up")
_q1_checker.decimals = 2

q1 = Question(
    "q1", "Amdahl: 20% serial, 8 workers, best speed-up (to 2 decimals)?",
    checker=_q1_checker, expected=numbers.Real, decimals=2,
    hint="On 8 workers the run takes 0.2 + 0.8 / 8 of its one-worker time.",
    solution="answer = 1 / (0.2 + 0.8 / 8)   # = 3.33, far below 8\n"
             "# or: float(amdahl_speedup(8, 0.2))",
    solution_answer=lambda: 1 / (0.2 + 0.8 / 8),
)


# -- q2: rounds of a batch search --------------------------------------------------------

def _q2_checker(answer):
    value = float(answer)
    if math.isclose(value, 40 * 30 + 10 * 2, rel_tol=1e-3) or math.isclose(
            value, 40 * 32, rel_tol=1e-3):
        raise Incorrect("The 4 evaluations of a round run at the same time, on 4 workers: "
                        "a round costs one evaluation's time, not four.")
    if math.isclose(value, 10 * 30, rel_tol=1e-3):
        raise Incorrect("Close: you counted the evaluations; add the optimizer's 2 s per "
                        "round, which no worker can take over.")
    if math.isclose(value, 40 * 2 + 10 * 30, rel_tol=1e-3):
        raise Incorrect("The optimizer needs 2 s per round, not per evaluation.")
    equals(10 * (30 + 2), what="wall-clock")(answer)


q2 = Question(
    "q2", "Wall-clock of 40 evaluations, q = 4 on 4 workers, 30 s each + 2 s per round",
    checker=_q2_checker, expected=numbers.Real,
    hint="Count the rounds first: 40 evaluations, 4 per round. Each round waits for its "
         "evaluations (which run side by side) and for the optimizer.",
    solution="rounds = 40 // 4              # 10 rounds\n"
             "answer = rounds * (30 + 2)    # 320 s: evaluations side by side, then the "
             "optimizer",
    solution_answer=lambda: 320,
)


# -- q3: pointing at a real cluster -------------------------------------------------------

def _q3_checker(answer):
    key = answer.strip().lower().strip("\"'()")
    reasons = {
        "a": "n_jobs=-1 asks for all the workers of the *current* backend: still the "
             "local cluster.",
        "c": "loky runs worker processes on this machine only.",
        "d": "Dask never searches the network; a client connects to the address it is "
             "given.",
    }
    if key in reasons:
        raise Incorrect(reasons[key])
    one_of(Q3_OPTIONS, "b")(key)


Q3_OPTIONS = ["a", "b", "c", "d"]

q3 = Question(
    "q3", "Which change moves a Dask search to a real cluster?",
    checker=_q3_checker, expected=str, options=Q3_OPTIONS,
    hint="A Dask client needs to know one thing about a cluster: where its scheduler is.",
    solution='answer = "b"\n'
             '# with dask_client("tcp://10.0.0.5:8786") as client: ...\n'
             "# or export HPT_DASK_SCHEDULER=tcp://10.0.0.5:8786 before starting JupyterLab",
    solution_answer=lambda: "b",
)


# -- q4: resuming from a checkpoint ---------------------------------------------------------

def _q4_checker(answer):
    if answer == 19:
        raise Incorrect("The 31st evaluation never finished, so it is not in the file: it "
                        "runs again.")
    if answer == 50:
        raise Incorrect("The checkpoint holds the finished evaluations; they are read "
                        "back, not re-run.")
    if answer == 21:
        raise Incorrect("One too many: only the evaluation that was running when the process "
                        "was killed is lost; every one before it finished and was recorded.")
    equals(20)(answer)


q4 = Question(
    "q4", "Objective calls of a resumed search (50 calls, killed during the 31st)",
    checker=_q4_checker, expected=numbers.Integral,
    hint="Which evaluations reached the file before the process was killed?",
    solution="answer = 50 - 30   # 30 finished and recorded; the 31st is run again",
    solution_answer=lambda: 20,
)


# -- q5: from a regret trace to a round ---------------------------------------------------

#: Best-so-far regret after each evaluation of a batch search with q = 3 per round.
example_regret = np.array([3.2, 3.2, 1.1, 1.1, 0.6, 0.6, 0.6, 0.25, 0.08, 0.08, 0.02, 0.02])


def _q5_value() -> int:
    first = int(np.flatnonzero(example_regret <= 0.1)[0]) + 1  # the 9th evaluation
    return math.ceil(first / 3)


def _q5_checker(answer):
    first = int(np.flatnonzero(example_regret <= 0.1)[0]) + 1
    if answer == first:
        raise Incorrect("That is the number of the evaluation, not of the round: how many "
                        "evaluations does one round hold?")
    if answer == first - 1:
        raise Incorrect("That looks like a 0-based evaluation index; count evaluations, "
                        "then rounds, from 1.")
    equals(_q5_value())(answer)


q5 = Question(
    "q5", "In which round did the batch search reach the target?",
    checker=_q5_checker, expected=numbers.Integral,
    hint="Find the first evaluation whose regret is <= 0.1 (np.flatnonzero), count from "
         "1, then divide by q, rounding up.",
    solution="first = np.flatnonzero(ex.example_regret <= 0.1)[0] + 1   # evaluation 9\n"
             "answer = int(np.ceil(first / 3))                          # round 3",
    solution_answer=_q5_value,
)
