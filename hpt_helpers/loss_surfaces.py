"""Two-dimensional loss surfaces on which optimizers can be watched.

- :func:`ravine` (an ill-conditioned quadratic): ``f(x, y) = (x**2 + kappa * y**2) / 2``.
  Steep across, flat along: gradient descent must keep its step below ``2 / kappa`` to
  stay stable in ``y``, and then crawls in ``x``. That is the picture of training a
  network whose loss curves much more in some directions than in others.
- :func:`rosenbrock`: the banana-shaped valley ``(a - x)**2 + b * (y - x**2)**2`` with its
  minimum at ``(a, a**2)``.

Each is a :class:`Surface` with the function, its gradient, its minimiser and a default
start and plotting window. Only numpy: no plotting here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hpt_helpers.validation import check_number

__all__ = ["Surface", "ravine", "rosenbrock"]


@dataclass(frozen=True)
class Surface:
    """A 2-D function with what is needed to optimise and draw it.

    Attributes
    ----------
    name : str
    f : callable
        ``f(w)`` for ``w`` of shape ``(2,)``, or ``f(X, Y)`` on grids via :meth:`grid`.
    grad : callable
        ``grad(w) -> ndarray (2,)``.
    minimum : ndarray (2,)
    start : ndarray (2,)
    xlim, ylim : tuple of float
    """

    name: str
    f: callable
    grad: callable
    minimum: np.ndarray
    start: np.ndarray
    xlim: tuple
    ylim: tuple

    def grid(self, n: int = 120):
        """``X, Y, Z`` on an ``n x n`` grid over the plotting window.

        Examples
        --------
        >>> X, Y, Z = ravine().grid(5)
        >>> Z.shape
        (5, 5)
        """
        X, Y = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return X, Y, self.f(np.stack([X, Y]))

    def gap(self, path) -> np.ndarray:
        """``f(w) - f(minimum)`` along a path of shape ``(steps + 1, 2)``.

        Examples
        --------
        >>> ravine().gap(np.zeros((2, 2))).tolist()
        [0.0, 0.0]
        """
        path = np.asarray(path, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            return self.f(path.T) - self.f(self.minimum)


def ravine(kappa: float = 25.0) -> Surface:
    """The ill-conditioned quadratic ``(x**2 + kappa * y**2) / 2``; minimum at the origin.

    Parameters
    ----------
    kappa : float
        Condition number (curvature across over curvature along), >= 1.

    Examples
    --------
    >>> s = ravine(10)
    >>> float(s.f(np.array([1.0, 1.0]))), s.grad(np.array([1.0, 1.0])).tolist()
    (5.5, [1.0, 10.0])
    """
    kappa = check_number("kappa", kappa, low=1)

    def f(w):
        w = np.asarray(w, dtype=float)
        return 0.5 * (w[0] ** 2 + kappa * w[1] ** 2)

    def grad(w):
        w = np.asarray(w, dtype=float)
        return np.array([w[0], kappa * w[1]])

    return Surface(f"ravine (condition number {kappa:g})", f, grad, np.zeros(2),
                   np.array([-4.5, 1.5]), (-5.0, 5.0), (-2.0, 2.0))


def rosenbrock(a: float = 1.0, b: float = 10.0) -> Surface:
    """Rosenbrock's valley ``(a - x)**2 + b * (y - x**2)**2``; minimum at ``(a, a**2)``.

    Examples
    --------
    >>> s = rosenbrock()
    >>> float(s.f(s.minimum)), np.abs(s.grad(s.minimum)).tolist()
    (0.0, [0.0, 0.0])
    """
    a = check_number("a", a)
    b = check_number("b", b, low=0, low_inclusive=False)

    def f(w):
        w = np.asarray(w, dtype=float)
        return (a - w[0]) ** 2 + b * (w[1] - w[0] ** 2) ** 2

    def grad(w):
        x, y = np.asarray(w, dtype=float)
        return np.array([-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)])

    return Surface(f"Rosenbrock (b={b:g})", f, grad, np.array([a, a * a]),
                   np.array([-1.5, 2.0]), (-2.0, 2.0), (-1.0, 3.0))
