"""Pictures of an acquisition function over one input, with its maximiser and its two parts.

An acquisition scores every candidate point; Bayesian optimisation evaluates its
maximiser next. Expected improvement and the confidence bound are a sum of a part that
rewards a good predicted mean (*exploitation*) and a part that rewards uncertainty
(*exploration*, see :func:`hpt_helpers.acquisition.acquisition_parts`); drawing both shows
which of the two chose the next point.

Artists carry gids (``"acquisition"``, ``"acquisition-max"``, ``"next-point"``,
``"exploitation"``, ``"exploration"``) so :func:`update_acquisition` can move them in place.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.gp import find_artist
from hpt_helpers.plots.style import COLORS, OKABE_ITO

__all__ = ["ACQUISITION_LABELS", "plot_acquisition", "update_acquisition", "grid_maximiser"]

ACQUISITION_LABELS = {
    "ei": "expected improvement",
    "pi": "probability of improvement",
    "ucb": "confidence bound (kappa std - mean)",
    "hedge": "acquisition (hedge)",
}


def _label(name: str) -> str:
    return ACQUISITION_LABELS.get(str(name).lower(), str(name))


def grid_maximiser(x, values) -> float:
    """The point of ``x`` where ``values`` is largest (NaN values ignored).

    Examples
    --------
    >>> grid_maximiser([0.0, 0.5, 1.0], [1.0, 3.0, 2.0])
    0.5
    """
    x = np.asarray(x, dtype=float).ravel()
    values = np.asarray(values, dtype=float).ravel()
    if x.shape != values.shape or x.size == 0:
        raise ValueError(f"x and values must be non-empty and of the same length; got "
                         f"{x.size} and {values.size}")
    if np.all(np.isnan(values)):
        raise ValueError("values must hold at least one number; got only NaN")
    return float(x[np.nanargmax(values)])


def _parts(parts, n):
    if parts is None:
        return None
    exploit, explore = (np.asarray(p, dtype=float).ravel() for p in parts)
    if exploit.shape[0] != n or explore.shape[0] != n:
        raise ValueError(f"parts must be two arrays with one value per point of x ({n}); "
                         f"got lengths {exploit.shape[0]} and {explore.shape[0]}")
    return exploit, explore


def plot_acquisition(x, values, *, parts=None, name: str = "ei", next_x=None,
                     x_label: str = "x", log_x: bool = False, legend: bool = True, ax=None):
    """Draw an acquisition curve, mark its maximiser, and optionally its two parts.

    Parameters
    ----------
    x : array of shape (n,)
        Candidate points, sorted.
    values : array of shape (n,)
        The acquisition at ``x`` (larger is better).
    parts : pair of arrays of shape (n,), optional
        ``(exploitation, exploration)`` as returned by
        :func:`hpt_helpers.acquisition.acquisition_parts`; drawn dashed and dotted.
    name : str
        ``"ei"``, ``"pi"``, ``"ucb"`` (or any text), for the y label.
    next_x : float, optional
        The point chosen next; by default the maximiser of ``values`` on ``x``.
    x_label : str
        The hyperparameter's name.
    log_x : bool
        Log scale for the x axis.
    legend : bool
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Artists with gids ``"acquisition"`` (curve), ``"acquisition-max"`` (star on the
        curve at ``next_x``), ``"next-point"`` (vertical line) and, with ``parts``,
        ``"exploitation"`` and ``"exploration"``.

    Examples
    --------
    >>> x = np.linspace(0, 1, 11)
    >>> ax = plot_acquisition(x, -(x - 0.3) ** 2)
    >>> round(float(find_artist(ax, "next-point").get_xdata()[0]), 2)
    0.3
    >>> plt.close("all")
    """
    ax = ax if ax is not None else plt.gca()
    x = np.asarray(x, dtype=float).ravel()
    values = np.asarray(values, dtype=float).ravel()
    if values.shape != x.shape:
        raise ValueError(f"values must have one value per point of x ({x.size}); got "
                         f"{values.size}")
    parts = _parts(parts, x.size)
    nx = grid_maximiser(x, values) if next_x is None else float(next_x)
    ax.plot(x, values, color=COLORS[3], linestyle="-", linewidth=1.8, label=_label(name),
            gid="acquisition")
    if parts is not None:
        ax.plot(x, parts[0], color=COLORS[1], linestyle="--", linewidth=1.3,
                label="exploitation part", gid="exploitation")
        ax.plot(x, parts[1], color=COLORS[2], linestyle=":", linewidth=1.6,
                label="exploration part", gid="exploration")
    ax.axvline(nx, color=OKABE_ITO["black"], linestyle="--", linewidth=1.0,
               gid="next-point")
    ax.plot([nx], [np.interp(nx, x, values)], linestyle="none", marker="*", markersize=12,
            color=COLORS[3], markeredgecolor=OKABE_ITO["black"], label="next point",
            gid="acquisition-max", zorder=5)
    ax.set_xlabel(x_label + (" (log scale)" if log_x else ""))
    ax.set_ylabel(_label(name).split(" (")[0])
    if log_x:
        ax.set_xscale("log")
    ax.set_xlim(x[0], x[-1])
    if legend:
        ax.legend(loc="best", fontsize="small")
    return ax


def update_acquisition(ax, x, values, *, parts=None, next_x=None, name: str | None = None,
                       rescale: bool = True) -> None:
    """Move the artists drawn by :func:`plot_acquisition` to new values, in place.

    ``parts`` is used only if the Axes were drawn with parts. With ``rescale`` the y
    limits are fitted to the new curves.

    Examples
    --------
    >>> x = np.linspace(0, 1, 11)
    >>> ax = plot_acquisition(x, -(x - 0.3) ** 2)
    >>> update_acquisition(ax, x, -(x - 0.8) ** 2)
    >>> round(float(find_artist(ax, "acquisition-max").get_xdata()[0]), 2)
    0.8
    >>> plt.close("all")
    """
    x = np.asarray(x, dtype=float).ravel()
    values = np.asarray(values, dtype=float).ravel()
    nx = grid_maximiser(x, values) if next_x is None else float(next_x)
    curve = find_artist(ax, "acquisition")
    curve.set_data(x, values)
    shown = [values]
    if parts is not None:
        parts = _parts(parts, x.size)
        for gid, part in zip(("exploitation", "exploration"), parts, strict=True):
            try:
                find_artist(ax, gid).set_data(x, part)
                shown.append(part)
            except KeyError:
                pass
    find_artist(ax, "next-point").set_xdata([nx, nx])
    find_artist(ax, "acquisition-max").set_data([nx], [np.interp(nx, x, values)])
    if name is not None:
        curve.set_label(_label(name))
        ax.set_ylabel(_label(name).split(" (")[0])
        legend = ax.get_legend()
        if legend is not None:
            for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=False):
                if handle.get_gid() == "acquisition" or text.get_text() in {
                        *ACQUISITION_LABELS.values()}:
                    text.set_text(_label(name))
                    break
    if rescale:
        stacked = np.concatenate(shown)
        stacked = stacked[np.isfinite(stacked)]
        if stacked.size:
            lo, hi = float(stacked.min()), float(stacked.max())
            pad = 0.08 * (hi - lo) if hi > lo else max(abs(hi), 1e-12) * 0.1 + 1e-12
            ax.set_ylim(lo - pad, hi + pad)
