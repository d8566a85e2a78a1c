"""TPE's picture: a density of the good trials, l(x), one of the rest, g(x), and their ratio."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.plots.style import OKABE_ITO

__all__ = ["plot_tpe_densities", "tpe_split"]


def tpe_split(x, losses, gamma: float = 0.25, *, log: bool = True, grid_size: int = 200):
    """The densities TPE compares, on one hyperparameter.

    The trials are split at the ``gamma`` quantile of their losses: the best ``gamma``
    fraction are "good" and the rest "bad"; a Gaussian kernel density estimate
    (``scipy.stats.gaussian_kde``, on ``log10(x)`` when ``log``) of each gives ``l(x)``
    and ``g(x)``. TPE proposes where ``l(x) / g(x)`` is largest, which is where
    expected improvement is largest under this model (Bergstra et al., 2011).

    Returns
    -------
    dict
        ``grid``, ``l``, ``g``, ``ratio`` (arrays over ``grid``), ``good`` (boolean mask of
        the trials) and ``best`` (the grid point of the largest ratio).

    Examples
    --------
    >>> x = np.geomspace(1e-4, 1e-1, 40)
    >>> out = tpe_split(x, (np.log10(x) + 2.5) ** 2)
    >>> int(out["good"].sum()), bool(1e-3 < out["best"] < 1e-2)
    (10, True)
    """
    from scipy.stats import gaussian_kde

    x = np.asarray(x, dtype=float)
    losses = np.asarray(losses, dtype=float)
    z = np.log10(x) if log else x
    n_good = max(2, int(np.ceil(gamma * len(x))))
    good = np.zeros(len(x), dtype=bool)
    good[np.argsort(losses, kind="stable")[:n_good]] = True
    span = z.max() - z.min()
    zgrid = np.linspace(z.min() - 0.05 * span, z.max() + 0.05 * span, grid_size)
    l_density = gaussian_kde(z[good])(zgrid)
    g_density = gaussian_kde(z[~good])(zgrid)
    ratio = l_density / np.maximum(g_density, 1e-12)
    grid = 10 ** zgrid if log else zgrid
    return {"grid": grid, "l": l_density, "g": g_density, "ratio": ratio, "good": good,
            "best": float(grid[int(np.argmax(ratio))])}


def plot_tpe_densities(x, losses, gamma: float = 0.25, *, log: bool = True, name: str = "x",
                       ax=None):
    """Trials, the good/bad densities l(x) and g(x), and the ratio TPE maximises.

    The trials are drawn as ticks at the bottom (good ones in colour); l and g on the left
    axis, l / g on a twin axis on the right, with a line where it peaks.

    Returns
    -------
    matplotlib.axes.Axes
        The left Axes.

    Examples
    --------
    >>> x = np.geomspace(1e-4, 1e-1, 40)
    >>> ax = plot_tpe_densities(x, (np.log10(x) + 2.5) ** 2, name="learning rate")
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['l(x): best 25%', 'g(x): the rest']
    """
    ax = ax if ax is not None else plt.gca()
    out = tpe_split(x, losses, gamma, log=log)
    x = np.asarray(x, dtype=float)
    good_c, bad_c = OKABE_ITO["blue"], OKABE_ITO["orange"]
    ax.plot(out["grid"], out["l"], color=good_c, label=f"l(x): best {gamma:.0%}")
    ax.plot(out["grid"], out["g"], color=bad_c, linestyle="--", label="g(x): the rest")
    top = max(out["l"].max(), out["g"].max())
    ax.plot(x[~out["good"]], np.full((~out["good"]).sum(), -0.04 * top), "|", color=bad_c,
            markersize=8)
    ax.plot(x[out["good"]], np.full(out["good"].sum(), -0.04 * top), "|", color=good_c,
            markersize=10)
    ax.set_ylabel("density (per unit of log10 x)" if log else "density")
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(name)
    twin = ax.twinx()
    twin.plot(out["grid"], out["ratio"], color="0.25", linewidth=1, linestyle=":",
              label="l(x) / g(x)")
    twin.set_ylabel("l(x) / g(x)")
    twin.grid(False)
    ax.axvline(out["best"], color="0.25", linewidth=0.8)
    handles = ax.get_lines()[:2] + twin.get_lines()
    ax.legend(handles, [h.get_label() for h in handles], fontsize="small",
              loc="upper left")
    return ax
