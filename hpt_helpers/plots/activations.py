"""Activation functions and their derivatives, side by side (lesson 04)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.nn import ACTIVATIONS
from hpt_helpers.plots.style import series_style

__all__ = ["plot_activations"]


def plot_activations(names=("identity", "logistic", "tanh", "relu"), *,
                     derivative: bool = False, z=None, ax=None):
    """Draw activation functions (or their derivatives) over a range of inputs.

    Parameters
    ----------
    names : sequence of str
        Keys of :data:`hpt_helpers.nn.ACTIVATIONS`.
    derivative : bool
        Draw ``f'(z)`` instead of ``f(z)``.
    z : array, optional
        Inputs; ``linspace(-4, 4, 401)`` by default.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[i]`` is ``names[i]`` (the axes through 0 come after them).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_activations(["relu", "tanh"], derivative=True, ax=ax)
    >>> [line.get_label() for line in ax.lines[:2]]
    ["relu'(z)", "tanh'(z)"]
    """
    ax = ax if ax is not None else plt.gca()
    z = np.linspace(-4, 4, 401) if z is None else np.asarray(z, dtype=float)
    for i, name in enumerate(names):
        act = ACTIVATIONS[name]
        style = series_style(i)
        ax.plot(z, act.df(z) if derivative else act.f(z), color=style["color"],
                linestyle=style["linestyle"], linewidth=2,
                label=f"{name}'(z)" if derivative else f"{name}(z)")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("pre-activation z")
    ax.set_ylabel("derivative f'(z)" if derivative else "activation f(z)")
    ax.set_title("derivatives" if derivative else "activation functions")
    if not derivative:
        ax.set_ylim(-2, 4)
    ax.legend(loc="upper left", fontsize=8)
    return ax
