"""Classic test functions for comparing search strategies, with their domains and minima.

Each is a keyword-callable objective (so it plugs straight into the searches) bundled in a
:class:`TestFunction` with its :class:`~hpt_helpers.space.Space` and known minimum:

- :data:`FORRESTER` -- ``forrester(x)``, 1-D on ``[0, 1]``: one global minimum, one local
  minimum and a flat stretch (Forrester, Sobester and Keane, 2008);
- :data:`BRANIN` -- ``branin(x1, x2)``, 2-D on ``[-5, 10] x [0, 15]``: three global minima;
- :data:`HARTMANN6` -- ``hartmann6(x1, ..., x6)``, 6-D on ``[0, 1]^6``: six local minima.

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

__all__ = ["BRANIN", "FORRESTER", "HARTMANN6", "TestFunction", "branin", "forrester",
           "hartmann6"]


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
