"""Optimizer paths drawn over the contours of a 2-D loss surface (lesson 04)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import series_style

__all__ = ["plot_optimizer_paths", "plot_surface"]


def plot_surface(surface, *, levels: int = 14, ax=None):
    """Log-spaced contour lines of a :class:`hpt_helpers.loss_surfaces.Surface`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from hpt_helpers.loss_surfaces import ravine
    >>> fig, ax = plt.subplots()
    >>> ax = plot_surface(ravine(), ax=ax)
    >>> tuple(map(float, ax.get_xlim()))
    (-5.0, 5.0)
    """
    ax = ax if ax is not None else plt.gca()
    X, Y, Z = surface.grid(100)
    gap = Z - surface.f(surface.minimum)
    positive = gap[gap > 0]
    ax.contour(X, Y, gap, levels=np.geomspace(max(positive.min(), 1e-3), positive.max(), levels),
               colors="grey", linewidths=0.6, alpha=0.7)
    ax.plot(*surface.minimum, marker="*", markersize=12, color="black", linestyle="none",
            label="minimum")
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_xlabel("w1")
    ax.set_ylabel("w2")
    ax.grid(False)
    return ax


def plot_optimizer_paths(surface, paths, *, ax=None, title: str | None = None):
    """Contours of ``surface`` and the path of each optimizer on it.

    Parameters
    ----------
    surface : Surface
    paths : dict of str to array of shape (steps + 1, 2)
        Label -> points visited (:func:`hpt_helpers.gradient_optimizers.optimizer_path`).
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        After the minimum's marker, ``ax.lines[1 + i]`` is the ``i``-th path.

    Examples
    --------
    >>> from hpt_helpers.loss_surfaces import ravine
    >>> fig, ax = plt.subplots()
    >>> ax = plot_optimizer_paths(ravine(), {"sgd": np.array([[-4.5, 1.5], [-4.0, -1.0]])}, ax=ax)
    >>> ax.lines[1].get_label(), len(ax.lines[1].get_xdata())
    ('sgd', 2)
    """
    ax = plot_surface(surface, ax=ax)
    for i, (label, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=float)
        style = series_style(i)
        ax.plot(path[:, 0], path[:, 1], color=style["color"], linestyle=style["linestyle"],
                marker=style["marker"], markersize=2.5, linewidth=1.3, label=label)
    ax.plot(*surface.start, marker="o", color="black", markersize=5, linestyle="none")
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title(title or surface.name)
    return ax
