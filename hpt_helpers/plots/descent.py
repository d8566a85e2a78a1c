"""Gradient descent on a 1-D quadratic: the index notebook's first look at a hyperparameter."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import COLORS
from hpt_helpers.validation import check_int, check_number

__all__ = ["descent_path", "descent_verdict", "plot_descent"]


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


def plot_descent(learning_rate: float, steps: int = 12, *, start: float = 2.0, ax=None):
    """Draw ``f(w) = w**2`` and the path gradient descent takes on it.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[1]`` is the path.

    Examples
    --------
    >>> ax = plot_descent(0.1, steps=5)
    >>> len(ax.lines[1].get_xdata())
    6
    """
    ax = ax if ax is not None else plt.gca()
    w = np.linspace(-3, 3, 200)
    ax.plot(w, w**2, color=COLORS[6], linewidth=1, label="loss f(w) = w²")
    path = np.clip(descent_path(learning_rate, steps, start), -3, 3)
    ax.plot(path, path**2, color=COLORS[3], marker="o", markersize=4, linestyle="--",
            label="gradient-descent steps")
    ax.set_xlim(-3, 3)
    ax.set_ylim(-0.3, 9.3)
    ax.set_xlabel("weight w (a parameter)")
    ax.set_ylabel("loss")
    ax.set_title(descent_verdict(learning_rate, steps, start))
    ax.legend(loc="upper center")
    return ax


def descent_verdict(learning_rate: float, steps: int, start: float = 2.0) -> str:
    """One line saying where gradient descent ended up.

    Examples
    --------
    >>> descent_verdict(1.1, 12)
    'learning rate 1.10: after 12 steps |w| = 17.8 (diverges)'
    """
    final = abs(descent_path(learning_rate, steps, start)[-1])
    kind = ("diverges" if final > abs(start) else
            "converges" if final < 1e-2 else "still far from the minimum")
    return f"learning rate {learning_rate:.2f}: after {steps} steps |w| = {final:.3g} ({kind})"
