"""Classic test functions for comparing search strategies, with their domains and minima.

Each is a keyword-callable objective (so it plugs straight into the searches) bundled in a
:class:`TestFunction` with its :class:`~hpt_helpers.space.Space` and known minimum:

- :data:`FORRESTER` -- ``forrester(x)``, 1-D on ``[0, 1]``: one global minimum, one local
  minimum and a flat stretch (Forrester, Sobester and Keane, 2008);
- :data:`BRANIN` -- ``branin(x1, x2)``, 2-D on ``[-5, 10] x [0, 15]``: three global minima;
- :data:`HARTMANN6` -- ``hartmann6(x1, ..., x6)``, 6-D on ``[0, 1]^6``: six local minima.

and, for benchmarks (:data:`BENCHMARK_SUITE`, the usual Bayesian-optimisation suite,
definitions and domains as in Surjanovic and Bingham's *Virtual Library of Simulation
Experiments*): :data:`SIX_HUMP_CAMEL` (2-D, six local minima), :data:`HARTMANN3` (3-D),
:data:`LEVY4`, :data:`ROSENBROCK4`, :data:`STYBLINSKI_TANG4` (4-D),
:data:`MICHALEWICZ5`, :data:`ACKLEY5` (5-D) and :data:`GRIEWANK10` (10-D). Their
objectives take ``x1, x2, ...`` as keyword arguments.

Final *regret* = best value found minus the known minimum (0 is perfect).

Examples
--------
>>> round(FORRESTER.objective(x=0.757249), 4) == round(FORRESTER.minimum, 4)
True
>>> BRANIN.regret(BRANIN.minimum + 0.5)
0.5
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hpt_helpers.space import Real, Space

__all__ = ["ACKLEY5", "BENCHMARK_SUITE", "BRANIN", "FORRESTER", "GRIEWANK10", "HARTMANN3",
           "HARTMANN6", "LEVY4", "MICHALEWICZ5", "ROSENBROCK4", "SIX_HUMP_CAMEL",
           "STYBLINSKI_TANG4", "TestFunction", "branin", "forrester", "hartmann6"]


@dataclass(frozen=True)
class TestFunction:
    """A test objective with its search space and known minimum.

    Attributes
    ----------
    name : str
    objective : callable
        Called with keyword arguments named like ``space``; returns a float.
    space : Space
    minimum : float
        The global minimum value.
    argmin : tuple of dict
        The points reaching it.
    """

    __test__ = False  # not a pytest class

    name: str
    objective: Callable[..., float]
    space: Space
    minimum: float
    argmin: tuple

    def regret(self, value: float) -> float:
        """``value - minimum`` (how far a found value is from the best possible)."""
        return float(value) - self.minimum


def forrester(x: float) -> float:
    """Forrester function ``(6x - 2)^2 sin(12x - 4)`` on ``[0, 1]``.

    Examples
    --------
    >>> round(forrester(0.0), 4), round(forrester(1.0), 4)
    (3.0272, 15.8297)
    """
    return float((6.0 * x - 2.0) ** 2 * np.sin(12.0 * x - 4.0))


def branin(x1: float, x2: float) -> float:
    """Branin-Hoo function on ``[-5, 10] x [0, 15]``; minimum 0.397887 at three points.

    Examples
    --------
    >>> round(branin(np.pi, 2.275), 6)
    0.397887
    """
    a, b, c = 1.0, 5.1 / (4.0 * np.pi**2), 5.0 / np.pi
    r, s, t = 6.0, 10.0, 1.0 / (8.0 * np.pi)
    return float(a * (x2 - b * x1**2 + c * x1 - r) ** 2 + s * (1.0 - t) * np.cos(x1) + s)


_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8],
                  [0.05, 10, 17, 0.1, 8, 14],
                  [3, 3.5, 1.7, 10, 17, 8],
                  [17, 8, 0.05, 10, 0.1, 14]])
_H6_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886],
                         [2329, 4135, 8307, 3736, 1004, 9991],
                         [2348, 1451, 3522, 2883, 3047, 6650],
                         [4047, 8828, 8732, 5743, 1091, 381]])
_H6_ARGMIN = (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573)


def hartmann6(x1: float, x2: float, x3: float, x4: float, x5: float, x6: float) -> float:
    """Six-dimensional Hartmann function on ``[0, 1]^6``; minimum -3.32237.

    Examples
    --------
    >>> round(hartmann6(0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573), 4)
    -3.3224
    """
    x = np.array([x1, x2, x3, x4, x5, x6], dtype=float)
    inner = np.sum(_H6_A * (x - _H6_P) ** 2, axis=1)
    return float(-np.sum(_H6_ALPHA * np.exp(-inner)))


FORRESTER = TestFunction("forrester", forrester, Space({"x": Real(0.0, 1.0)}),
                         forrester(0.757248757841856), ({"x": 0.757248757841856},))
"""Forrester (1-D): minimum about -6.0207 at x = 0.7572."""

BRANIN = TestFunction("branin", branin,
                      Space({"x1": Real(-5.0, 10.0), "x2": Real(0.0, 15.0)}),
                      0.39788735772973816,
                      ({"x1": -np.pi, "x2": 12.275}, {"x1": np.pi, "x2": 2.275},
                       {"x1": 9.42478, "x2": 2.475}))
"""Branin (2-D): minimum 0.397887 at three points."""

HARTMANN6 = TestFunction("hartmann6", hartmann6,
                         Space({f"x{i}": Real(0.0, 1.0) for i in range(1, 7)}),
                         -3.3223680114155147,
                         (dict(zip([f"x{i}" for i in range(1, 7)], _H6_ARGMIN, strict=True)),))
"""Hartmann-6 (6-D): minimum -3.32237."""


# ---------------------------------------------------------------- the benchmark suite

class _Vectorised:
    """A keyword-callable objective ``f(x1=..., ..., xd=...)`` over a function of a vector
    (a class, so it pickles for worker processes)."""

    def __init__(self, name: str, function: Callable[[np.ndarray], float], d: int) -> None:
        self.__name__ = name
        self.function = function
        self.names = [f"x{i}" for i in range(1, d + 1)]

    def __call__(self, **params: float) -> float:
        return float(self.function(np.array([params[n] for n in self.names], dtype=float)))


def _suite_member(name: str, function: Callable[[np.ndarray], float], d: int, low, high,
                  argmins, minimum: float | None = None) -> TestFunction:
    objective = _Vectorised(name, function, d)
    lows = np.broadcast_to(np.asarray(low, dtype=float), (d,))
    highs = np.broadcast_to(np.asarray(high, dtype=float), (d,))
    space = Space({n: Real(float(lo), float(hi))
                   for n, lo, hi in zip(objective.names, lows, highs, strict=True)})
    argmin = tuple(dict(zip(objective.names, map(float, a), strict=True)) for a in argmins)
    if minimum is None:
        minimum = objective(**argmin[0])
    return TestFunction(name, objective, space, float(minimum), argmin)


def _camel(x: np.ndarray) -> float:
    a, b = x
    return (4 - 2.1 * a**2 + a**4 / 3) * a**2 + a * b + (-4 + 4 * b**2) * b**2


_H3_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H3_A = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
_H3_P = 1e-4 * np.array([[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547],
                         [381, 5743, 8828]])


def _hartmann3(x: np.ndarray) -> float:
    return -np.sum(_H3_ALPHA * np.exp(-np.sum(_H3_A * (x - _H3_P) ** 2, axis=1)))


def _levy(x: np.ndarray) -> float:
    w = 1 + (x - 1) / 4
    return (np.sin(np.pi * w[0]) ** 2
            + np.sum((w[:-1] - 1) ** 2 * (1 + 10 * np.sin(np.pi * w[:-1] + 1) ** 2))
            + (w[-1] - 1) ** 2 * (1 + np.sin(2 * np.pi * w[-1]) ** 2))


def _rosenbrock(x: np.ndarray) -> float:
    return np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def _styblinski_tang(x: np.ndarray) -> float:
    return 0.5 * np.sum(x**4 - 16 * x**2 + 5 * x)


def _michalewicz(x: np.ndarray) -> float:
    i = np.arange(1, len(x) + 1)
    return -np.sum(np.sin(x) * np.sin(i * x**2 / np.pi) ** 20)


def _ackley(x: np.ndarray) -> float:
    d = len(x)
    return (-20 * np.exp(-0.2 * np.sqrt(np.sum(x**2) / d))
            - np.exp(np.sum(np.cos(2 * np.pi * x)) / d) + 20 + np.e)


def _griewank(x: np.ndarray) -> float:
    i = np.arange(1, len(x) + 1)
    return np.sum(x**2) / 4000 - np.prod(np.cos(x / np.sqrt(i))) + 1


SIX_HUMP_CAMEL = _suite_member("six_hump_camel", _camel, 2, [-3, -2], [3, 2],
                               [(0.0898, -0.7126), (-0.0898, 0.7126)], -1.0316284534898774)
"""Six-hump camel (2-D on ``[-3, 3] x [-2, 2]``): six local minima, two global (-1.03163)."""

HARTMANN3 = _suite_member("hartmann3", _hartmann3, 3, 0, 1,
                          [(0.114614, 0.555649, 0.852547)], -3.86278214782076)
"""Hartmann-3 (3-D on ``[0, 1]^3``): four local minima, global -3.86278."""

LEVY4 = _suite_member("levy4", _levy, 4, -10, 10, [(1, 1, 1, 1)], 0.0)
"""Levy (4-D on ``[-10, 10]^4``): many local minima; global 0 at (1, 1, 1, 1)."""

ROSENBROCK4 = _suite_member("rosenbrock4", _rosenbrock, 4, -5, 10, [(1, 1, 1, 1)], 0.0)
"""Rosenbrock (4-D on ``[-5, 10]^4``): a curved flat valley; global 0 at (1, 1, 1, 1)."""

STYBLINSKI_TANG4 = _suite_member("styblinski_tang4", _styblinski_tang, 4, -5, 5,
                                 [(-2.903534027771178,) * 4], 4 * -39.16616570377142)
"""Styblinski-Tang (4-D on ``[-5, 5]^4``): 2^4 local minima; global -156.665."""

MICHALEWICZ5 = _suite_member("michalewicz5", _michalewicz, 5, 0, np.pi,
                             [(2.202905520, 1.570796327, 1.284991564, 1.923058468,
                               1.720469997)], -4.687658179)
"""Michalewicz (5-D on ``[0, pi]^5``, m = 10): steep narrow valleys; global -4.68766."""

ACKLEY5 = _suite_member("ackley5", _ackley, 5, -32.768, 32.768, [(0.0,) * 5], 0.0)
"""Ackley (5-D on ``[-32.768, 32.768]^5``): a regular field of local minima; global 0."""

GRIEWANK10 = _suite_member("griewank10", _griewank, 10, -600, 600, [(0.0,) * 10], 0.0)
"""Griewank (10-D on ``[-600, 600]^10``): a bowl with small ripples; global 0."""

BENCHMARK_SUITE = (FORRESTER, BRANIN, SIX_HUMP_CAMEL, HARTMANN3, LEVY4, ROSENBROCK4,
                   STYBLINSKI_TANG4, MICHALEWICZ5, ACKLEY5, HARTMANN6, GRIEWANK10)
"""Eleven test functions of 1 to 10 dimensions (seven multimodal), for benchmarks."""
