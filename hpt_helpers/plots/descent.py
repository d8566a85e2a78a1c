"""Gradient descent on a 1-D quadratic: the index notebook's first look at a hyperparameter."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import COLORS
from hpt_helpers.validation import check_int, check_number

__all__ = ["descent_limits", "descent_path", "descent_verdict", "plot_descent"]


def descent_path(learning_rate: float, steps: int = 12, start: float = 2.0,
                 curvature: float = 1.0) -> np.ndarray:
    """Iterates of gradient descent on ``f(w) = curvature * w**2``.

    ``w <- w - learning_rate * 2 * curvature * w``, so the iterates shrink when
    ``0 < learning_rate < 1 / curvature`` and grow beyond it.

    Examples
    --------
    >>> descent_path(0.25, steps=2).tolist()
    [2.0, 1.0, 0.5]
    """
    learning_rate = check_number("learning_rate", learning_rate, low=0)
    steps = check_int("steps", steps, low=1)
    factor = 1 - 2 * curvature * learning_rate
    return start * factor ** np.arange(steps + 1)


def descent_limits(path: np.ndarray, *, floor: float = 3.0) -> tuple[float, float]:
    """Half-width of the w axis and top of the loss axis that show every point of ``path``.

    At least ``floor`` wide, and 8% wider than the farthest iterate, so a diverging path
    stays inside the frame instead of piling up on its edge.

    Examples
    --------
    >>> descent_limits(np.array([2.0, -1.0]))
    (3.0, 9.3)
    >>> w, top = descent_limits(np.array([2.0, -4.0, 8.0]))
    >>> round(w, 2), round(top, 1)
    (8.64, 75.5)
    """
    reach = float(np.max(np.abs(path))) * 1.08
    half = max(floor, reach)
    return half, half**2 + 0.3 * (half / floor)


def plot_descent(learning_rate: float, steps: int = 12, *, start: float = 2.0, ax=None,
                 legend: bool = True):
    """Draw ``f(w) = w**2`` and the path gradient descent takes on it.

    The axes grow to hold every step of the path (a diverging path is not clipped), and
    the title says in two lines where the path ended (:func:`descent_verdict`).

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the loss curve, ``ax.lines[1]`` the path.

    Examples
    --------
    >>> ax = plot_descent(0.1, steps=5)
    >>> len(ax.lines[1].get_xdata())
    6
    >>> ax = plot_descent(1.1, steps=12)
    >>> bool(ax.get_xlim()[1] > max(abs(ax.lines[1].get_xdata())))
    True
    """
    ax = ax if ax is not None else plt.gca()
    path = descent_path(learning_rate, steps, start)
    half, top = descent_limits(path)
    w = np.linspace(-half, half, 200)
    ax.plot(w, w**2, color=COLORS[6], linewidth=1, label="loss f(w) = w²")
    ax.plot(path, path**2, color=COLORS[3], marker="o", markersize=4, linestyle="--",
            label="gradient-descent steps")
    ax.set_xlim(-half, half)
    ax.set_ylim(-0.03 * top, top)
    ax.set_xlabel("weight w (a parameter)")
    ax.set_ylabel("loss")
    ax.set_title(descent_verdict(learning_rate, steps, start).replace(": ", "\n", 1))
    if legend:
        ax.legend(loc="upper center")
    return ax


def descent_verdict(learning_rate: float, steps: int, start: float = 2.0) -> str:
    """One line saying where gradient descent ended up.

    Each step multiplies ``w`` by ``1 - 2 * learning_rate``: the path converges when that
    factor's size is below 1, diverges above 1, and at exactly 1 (``learning_rate`` 0 or
    1) it stands still or jumps between ``start`` and ``-start`` for ever.

    Examples
    --------
    >>> descent_verdict(1.1, 12)
    'learning rate 1.10: after 12 steps |w| = 17.8 (diverges)'
    >>> descent_verdict(1.0, 12)
    'learning rate 1.00: after 12 steps |w| = 2 (oscillates between -2 and 2 for ever)'
    """
    learning_rate = check_number("learning_rate", learning_rate, low=0)
    factor = abs(1 - 2 * learning_rate)
    final = abs(descent_path(learning_rate, steps, start)[-1])
    if math.isclose(factor, 1.0, abs_tol=1e-12):
        kind = ("never moves" if learning_rate < 0.5 else
                f"oscillates between {-abs(start):g} and {abs(start):g} for ever")
    elif factor > 1:
        kind = "diverges"
    else:
        kind = "converges" if final < 1e-2 else "still far from the minimum"
    return f"learning rate {learning_rate:.2f}: after {steps} steps |w| = {final:.3g} ({kind})"
