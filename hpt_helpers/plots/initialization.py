"""Weight initialisation through depth: activation spread per layer and its histogram."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from hpt_helpers.plots.style import series_style

__all__ = ["histogram_edges", "plot_activation_histogram", "plot_activation_spread", "spread_ylim"]

SPREAD_FLOOR = 1e-12


def spread_ylim():
    """The fixed y-range of :func:`plot_activation_spread` (std below 1e-12 is clipped).

    Examples
    --------
    >>> spread_ylim()
    (5e-13, 1000000000000.0)
    """
    return (SPREAD_FLOOR / 2, 1e12)


def plot_activation_spread(spreads, *, ax=None, title: str | None = None):
    """Standard deviation of the activations of each layer, on a log scale.

    Parameters
    ----------
    spreads : dict of str to array-like
        Label -> std of layer 1, 2, ..., depth (see :func:`hpt_helpers.nn.activation_spread`).
        Values below 1e-12 (vanished) are drawn at 1e-12; infinite ones (exploded) at 1e12.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.lines[i]`` is the ``i``-th setting.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_activation_spread({"he / relu": [1.0, 0.9, 1.1], "small": [0.1, 0.0, 0.0]}, ax=ax)
    >>> bool(ax.lines[1].get_ydata().min() == 1e-12), ax.get_yscale()
    (True, 'log')
    """
    ax = ax if ax is not None else plt.gca()
    for i, (label, values) in enumerate(spreads.items()):
        values = np.clip(np.nan_to_num(np.asarray(values, dtype=float), nan=1e12, posinf=1e12),
                         SPREAD_FLOOR, 1e12)
        style = series_style(i)
        ax.plot(np.arange(1, len(values) + 1), values, color=style["color"],
                linestyle=style["linestyle"], linewidth=1.8, label=label)
    ax.set_yscale("log")
    ax.set_ylim(*spread_ylim())
    ticks = [1e-12, 1e-8, 1e-4, 1.0, 1e4, 1e8, 1e12]
    # Plain labels: mathtext powers of ten are slow to draw in a live explorer.
    ax.set_yticks(ticks, ["1e-12", "1e-8", "1e-4", "1", "1e4", "1e8", "1e12"])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.axhline(1.0, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlabel("layer")
    ax.set_ylabel("std of activations (log)")
    if title:
        ax.set_title(title)
    if spreads:
        ax.legend(fontsize=8, loc="lower left")
    return ax


def histogram_edges(values, bins: int = 40) -> np.ndarray:
    """Bin edges spanning ``values`` symmetrically (at least a tiny range around 0).

    Examples
    --------
    >>> histogram_edges(np.array([-1.0, 2.0]), bins=4).tolist()
    [-2.0, -1.0, 0.0, 1.0, 2.0]
    """
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    half = float(np.max(np.abs(finite))) if finite.size else 1.0
    half = max(half, 1e-300)
    return np.linspace(-half, half, bins + 1)


def plot_activation_histogram(values, *, bins: int = 40, label: str | None = None, ax=None):
    """Histogram (share of units per bin) of one layer's activations.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.patches[-1]`` is the histogram (a ``StepPatch``, which the explorer updates
        with ``set_data``).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_activation_histogram(np.array([0.0, 0.0, 1.0, -1.0]), bins=4, ax=ax)
    >>> float(ax.patches[-1].get_data().values.sum())
    1.0
    """
    ax = ax if ax is not None else plt.gca()
    values = np.asarray(values, dtype=float).ravel()
    edges = histogram_edges(values, bins)
    counts, _ = np.histogram(values[np.isfinite(values)], bins=edges)
    ax.stairs(counts / max(values.size, 1), edges, fill=True, alpha=0.6,
              color=series_style(0)["color"], label=label)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel("activation value")
    ax.set_ylabel("share of units")
    return ax
