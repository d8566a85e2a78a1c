"""Curves against epochs or update steps: learning curves, losses of several runs."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import series_style

__all__ = ["plot_curves", "plot_learning_curves"]


def plot_learning_curves(train, val, *, best_epoch: int | None = None, ylabel: str = "loss",
                         title: str | None = None, ax=None):
    """Training and validation curves against the epoch, with an optional marked epoch.

    Parameters
    ----------
    train, val : array-like
        One value per epoch (epoch 1 first).
    best_epoch : int, optional
        Epoch (1-based) to mark with a vertical line, e.g. the one early stopping keeps.
    ylabel, title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[0]`` is the training curve, ``ax.lines[1]`` the validation curve.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_learning_curves([1.0, 0.5, 0.2], [1.1, 0.7, 0.8], best_epoch=2, ax=ax)
    >>> ax.lines[1].get_xdata().tolist(), len(ax.lines)
    ([1, 2, 3], 3)
    """
    ax = ax if ax is not None else plt.gca()
    train, val = np.asarray(train, dtype=float), np.asarray(val, dtype=float)
    epochs = np.arange(1, len(train) + 1)
    ax.plot(epochs, train, color=series_style(0)["color"], label="training")
    ax.plot(epochs, val, color=series_style(1)["color"], linestyle="--", label="validation")
    if best_epoch is not None:
        ax.axvline(best_epoch, color="grey", linestyle=":",
                   label=f"best validation (epoch {best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


def plot_curves(curves, *, xlabel: str = "epoch", ylabel: str = "training loss",
                logy: bool = False, start: int = 1, title: str | None = None, ax=None):
    """Several runs' curves on one Axes, one colour and line style per run.

    Parameters
    ----------
    curves : dict of str to array-like
        Label -> one value per epoch (or step).
    xlabel, ylabel, title : str
    logy : bool
        Logarithmic y-axis.
    start : int
        x value of each curve's first point (1 for epochs, 0 for steps).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[i]`` is the ``i``-th curve.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_curves({"a": [3, 2, 1], "b": [3, 1, 0.5]}, logy=True, ax=ax)
    >>> [l.get_label() for l in ax.lines], ax.get_yscale()
    (['a', 'b'], 'log')
    """
    ax = ax if ax is not None else plt.gca()
    for i, (label, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        style = series_style(i)
        ax.plot(np.arange(start, start + len(values)), values, color=style["color"],
                linestyle=style["linestyle"], linewidth=1.8, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax
