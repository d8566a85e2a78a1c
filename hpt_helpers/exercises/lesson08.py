"""Exercises of lesson 08, Bayesian optimisation."""

from __future__ import annotations

import math
import numbers

from scipy.stats import norm

from hpt_helpers.exercises.core import Incorrect, Question, close_to

__all__ = ["q1", "q2", "q3", "q4"]

# Q1: expected improvement of one candidate, by hand.
_Q1_MEAN, _Q1_STD, _Q1_BEST = 0.5, 0.2, 0.4


def _q1_value() -> float:
    z = (_Q1_BEST - _Q1_MEAN) / _Q1_STD
    return (_Q1_BEST - _Q1_MEAN) * norm.cdf(z) + _Q1_STD * norm.pdf(z)


def _q1_checker(answer):
    value = float(answer)
    if value < 0:
        raise Incorrect("Expected improvement is never negative: it averages max(0, gain).")
    if value == 0:
        raise Incorrect("The mean is worse than the best, but the uncertainty leaves a chance "
                        "of improving: EI is small, not zero.")
    z = (_Q1_MEAN - _Q1_BEST) / _Q1_STD
    flipped = (_Q1_MEAN - _Q1_BEST) * norm.cdf(z) + _Q1_STD * norm.pdf(z)
    if math.isclose(value, flipped, rel_tol=1e-2):
        raise Incorrect("That is the improvement of a *maximisation* problem. We minimise: "
                        "the gain is best - mean.")
    if math.isclose(value, norm.cdf((_Q1_BEST - _Q1_MEAN) / _Q1_STD), rel_tol=1e-2):
        raise Incorrect("That is the probability of improvement, Phi(z); EI also weighs "
                        "how much is gained.")
    close_to(_q1_value(), decimals=4, what="expected improvement")(answer)


q1 = Question(
    "q1", "Expected improvement at mean 0.5, std 0.2, best 0.4",
    checker=_q1_checker, expected=numbers.Real, decimals=4,
    hint="z = (best - mean - xi) / std; EI = (best - mean - xi) * Phi(z) + std * phi(z), "
         "with Phi = norm.cdf and phi = norm.pdf.",
    solution="from scipy.stats import norm\n"
             "z = (0.4 - 0.5) / 0.2\n"
             "answer = (0.4 - 0.5) * norm.cdf(z) + 0.2 * norm.pdf(z)  # about 0.0396",
    solution_answer=_q1_value,
)

# Q2: which candidate UCB picks.
_Q2_MEANS, _Q2_STDS, _Q2_KAPPA = (0.0, 0.3, 0.8), (0.05, 0.2, 0.5), 3.0
_Q2_OPTIONS = (0, 1, 2)


def _q2_value() -> int:
    scores = [_Q2_KAPPA * s - m for m, s in zip(_Q2_MEANS, _Q2_STDS, strict=True)]
    return max(range(len(scores)), key=scores.__getitem__)


def _q2_checker(answer):
    if answer not in _Q2_OPTIONS:
        raise Incorrect(f"Give the index of a candidate, one of {list(_Q2_OPTIONS)}.")
    if answer == 0:
        raise Incorrect("Candidate 0 has the lowest mean: that is UCB with kappa = 0, pure "
                        "exploitation. With kappa = 3 compare 3 * std - mean.")
    if answer != _q2_value():
        raise Incorrect("Compute kappa * std - mean for each candidate and take the largest.")


q2 = Question(
    "q2", "The candidate UCB (kappa = 3) picks",
    checker=_q2_checker, expected=numbers.Integral, options=_Q2_OPTIONS,
    hint="UCB for minimisation scores kappa * std - mean; the largest score wins.",
    solution="import numpy as np\n"
             "scores = 3.0 * np.array([0.05, 0.2, 0.5]) - np.array([0.0, 0.3, 0.8])\n"
             "answer = int(np.argmax(scores))  # 2: scores 0.15, 0.3, 0.7",
    solution_answer=_q2_value,
)

# Q3: the next point UCB proposes for a given optimizer state.
_Q3_XS = (0.1, 0.35, 0.6, 0.9)


def _q3_optimizer(acquisition: str = "ucb", kappa: float = 5.0):
    from hpt_helpers.optimizer import BayesianOptimizer
    from hpt_helpers.testfunctions import FORRESTER

    opt = BayesianOptimizer(FORRESTER.space, n_initial_points=4, acquisition=acquisition,
                            kappa=kappa, random_state=0)
    points = [{"x": x} for x in _Q3_XS]
    opt.tell(points, [FORRESTER.objective(**p) for p in points])
    return opt


_q3_cache: dict = {}


def _q3_value() -> float:
    if "ucb5" not in _q3_cache:
        _q3_cache["ucb5"] = _q3_optimizer().ask()[0]["x"]
    return _q3_cache["ucb5"]


def _q3_checker(answer):
    value = float(answer)
    if not 0 <= value <= 1:
        raise Incorrect("Forrester's search space is [0, 1]: the proposal lies inside it.")
    if value in _Q3_XS:
        raise Incorrect("That point was already evaluated; ask the optimizer for a new one.")
    if "ei" not in _q3_cache:
        _q3_cache["ei"] = _q3_optimizer("ei").ask()[0]["x"]
    target = _q3_value()
    if math.isclose(value, _q3_cache["ei"], abs_tol=0.005) and abs(target - value) > 0.01:
        raise Incorrect("That is what EI proposes; pass acquisition='ucb', kappa=5.0.")
    close_to(target, atol=0.01, decimals=2, what="proposal")(answer)


q3 = Question(
    "q3", "The next point UCB (kappa = 5) proposes on Forrester after four evaluations",
    checker=_q3_checker, expected=numbers.Real, decimals=2,
    hint="opt.tell(list_of_dicts, list_of_values), then opt.ask() returns a list with one "
         "dict; its 'x' is the answer.",
    solution="from hpt_helpers.optimizer import BayesianOptimizer\n"
             "from hpt_helpers.testfunctions import FORRESTER\n"
             "opt = BayesianOptimizer(FORRESTER.space, n_initial_points=4, acquisition='ucb',\n"
             "                        kappa=5.0, random_state=0)\n"
             "points = [{'x': x} for x in [0.1, 0.35, 0.6, 0.9]]\n"
             "opt.tell(points, [FORRESTER.objective(**p) for p in points])\n"
             "answer = opt.ask()[0]['x']",
    solution_answer=_q3_value,
)

# Q4: what batches cost and save.
_Q4_MINUTES, _Q4_EVALS_BATCH, _Q4_Q = 10, 32, 4


def _q4_checker(answer):
    value = float(answer)
    if math.isclose(value, 24 * _Q4_MINUTES):
        raise Incorrect("That is the sequential search's time (24 rounds of one evaluation).")
    if math.isclose(value, _Q4_EVALS_BATCH * _Q4_MINUTES):
        raise Incorrect("The 4 workers evaluate a batch at the same time: count rounds, not "
                        "evaluations.")
    target = _Q4_EVALS_BATCH / _Q4_Q * _Q4_MINUTES
    if not math.isclose(value, target):
        raise Incorrect("Rounds = evaluations / q; each round takes one evaluation's time.")


q4 = Question(
    "q4", "Wall-clock minutes of 32 evaluations in batches of 4",
    checker=_q4_checker, expected=numbers.Real,
    hint="How many rounds of 4 parallel evaluations make 32 evaluations?",
    solution="answer = 32 / 4 * 10  # 80 minutes, against 240 for the sequential search",
    solution_answer=lambda: _Q4_EVALS_BATCH / _Q4_Q * _Q4_MINUTES,
)
