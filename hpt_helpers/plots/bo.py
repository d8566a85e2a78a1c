"""One step of Bayesian optimisation, drawn: the surrogate, the acquisition, the next point.

1-D (:func:`plot_bo_panels`, :func:`plot_bo_step`): the GP posterior above and the
acquisition below on a shared x axis, with the next point marked in both panels and
joined across them. 2-D (:func:`plot_bo_contours`, :func:`plot_bo_step_2d`): three maps
side by side -- posterior mean, posterior standard deviation and acquisition -- with the
evaluated points numbered in the order they were evaluated.

:func:`plot_bo_step` and :func:`plot_bo_step_2d` draw any step ``k`` of a finished
search from ``result.optimizer_at(k)`` (the surrogate as it was after ``k``
evaluations), so the objective is never run again. The ``*_panels``/``*_contours``
functions take plain arrays; their ``update_*`` partners move the artists in place, which
is what the live explorers of :mod:`hpt_helpers.widgets.bo` do.

Values are shown in the objective's own sense: for a search run with ``maximize=True``
the posterior mean is flipped back to the objective's sign (the acquisition is unchanged:
larger is always better).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import ConnectionPatch

from hpt_helpers.plots.acquisition import (
    grid_maximiser,
    plot_acquisition,
    update_acquisition,
)
from hpt_helpers.plots.gp import find_artist, plot_gp_posterior, update_gp_posterior
from hpt_helpers.plots.style import COLORS, OKABE_ITO, SEQUENTIAL_CMAP
from hpt_helpers.validation import check_int

__all__ = ["plot_bo_panels", "update_bo_panels", "plot_bo_step", "posterior_grid",
           "plot_bo_contours", "update_bo_contours", "plot_bo_step_2d", "posterior_grid_2d"]


# -- 1-D -------------------------------------------------------------------------------
def _new_figure(fig, nrows, ncols, figsize, **kw):
    if fig is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
    if fig.axes:
        return fig, np.array(fig.axes[: nrows * ncols]).reshape(nrows, ncols).squeeze()
    return fig, fig.subplots(nrows, ncols, **kw)


def plot_bo_panels(x, mean, std, acquisition, X_obs, y_obs, *, truth=None, parts=None,
                   next_x=None, acquisition_name: str = "ei", x_label: str = "x",
                   y_label: str = "objective", log_x: bool = False, title: str | None = None,
                   fig=None):
    """Draw one 1-D BO step from arrays: posterior above, acquisition below.

    Parameters
    ----------
    x : array of shape (n,)
        Candidate points, sorted.
    mean, std : arrays of shape (n,)
        Posterior mean and standard deviation at ``x``, in the objective's units.
    acquisition : array of shape (n,)
        The acquisition at ``x`` (larger is better).
    X_obs, y_obs : arrays of shape (m,)
        The points evaluated so far and their values.
    truth : array of shape (n,), optional
        The true objective at ``x``, when known.
    parts : pair of arrays, optional
        ``(exploitation, exploration)`` parts of the acquisition.
    next_x : float, optional
        The next point; by default the acquisition's maximiser on ``x``.
    acquisition_name : str
        ``"ei"``, ``"pi"`` or ``"ucb"``.
    x_label, y_label : str
        The hyperparameter's and the objective's names.
    log_x : bool
        Log-scale x axis.
    title : str, optional
        Title of the top panel.
    fig : matplotlib Figure, optional
        An empty figure to draw on (by default a new pyplot figure).

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes[0]`` the posterior, ``fig.axes[1]`` the acquisition. The next point is
        the artist ``"next-point"`` in both panels (a vertical line) and ``"next-link"``
        (a :class:`~matplotlib.patches.ConnectionPatch` joining them).

    Examples
    --------
    >>> x = np.linspace(0, 1, 101)
    >>> fig = plot_bo_panels(x, np.sin(6 * x), 0.2 + 0 * x, np.cos(3 * x), [0.2], [0.9])
    >>> float(find_artist(fig.axes[0], "next-point").get_xdata()[0])
    0.0
    >>> plt.close(fig)
    """
    x = np.asarray(x, dtype=float).ravel()
    acquisition = np.asarray(acquisition, dtype=float).ravel()
    nx = grid_maximiser(x, acquisition) if next_x is None else float(next_x)
    fig, (ax_gp, ax_acq) = _new_figure(fig, 2, 1, (7.0, 5.4), sharex=True,
                                       gridspec_kw={"height_ratios": [1.6, 1.0]})
    plot_gp_posterior(x, mean, std, X_obs, y_obs, truth=truth, x_label="", y_label=y_label,
                      log_x=log_x, ax=ax_gp)
    mean_arr = np.asarray(mean, dtype=float).ravel()
    ax_gp.axvline(nx, color=OKABE_ITO["black"], linestyle="--", linewidth=1.0,
                  gid="next-point")
    ax_gp.plot([nx], [np.interp(nx, x, mean_arr)], linestyle="none", marker="*",
               markersize=12, color=COLORS[3], markeredgecolor=OKABE_ITO["black"],
               gid="next-on-mean", zorder=5)
    plot_acquisition(x, acquisition, parts=parts, name=acquisition_name, next_x=nx,
                     x_label=x_label, log_x=log_x, ax=ax_acq)
    ax_gp.tick_params(labelbottom=False)
    link = ConnectionPatch(xyA=(nx, 0.0), coordsA=ax_gp.get_xaxis_transform(),
                           xyB=(nx, 1.0), coordsB=ax_acq.get_xaxis_transform(),
                           color=OKABE_ITO["black"], linestyle="--", linewidth=1.0)
    link.set_gid("next-link")
    fig.add_artist(link)
    if title:
        ax_gp.set_title(title)
    return fig


def update_bo_panels(fig, x, mean, std, acquisition, X_obs, y_obs, *, parts=None,
                     next_x=None, acquisition_name: str | None = None,
                     title: str | None = None, rescale: bool = True) -> float:
    """Move the artists of :func:`plot_bo_panels` to a new step, in place.

    With ``rescale`` the acquisition panel's y limits follow the new curves.

    Returns
    -------
    float
        The next point drawn.

    Examples
    --------
    >>> x = np.linspace(0, 1, 101)
    >>> fig = plot_bo_panels(x, 0 * x, 1 + 0 * x, x, [0.5], [0.0])
    >>> update_bo_panels(fig, x, 0 * x, 1 + 0 * x, 1 - x, [0.5, 0.7], [0.0, 1.0])
    0.0
    >>> plt.close(fig)
    """
    x = np.asarray(x, dtype=float).ravel()
    acquisition = np.asarray(acquisition, dtype=float).ravel()
    nx = grid_maximiser(x, acquisition) if next_x is None else float(next_x)
    ax_gp, ax_acq = fig.axes[0], fig.axes[1]
    update_gp_posterior(ax_gp, x, mean, std, X_obs, y_obs)
    find_artist(ax_gp, "next-point").set_xdata([nx, nx])
    mean_arr = np.asarray(mean, dtype=float).ravel()
    find_artist(ax_gp, "next-on-mean").set_data([nx], [np.interp(nx, x, mean_arr)])
    update_acquisition(ax_acq, x, acquisition, parts=parts, next_x=nx, name=acquisition_name,
                       rescale=rescale)
    for artist in fig.artists:
        if artist.get_gid() == "next-link":
            artist.xy1 = (nx, 0.0)
            artist.xy2 = (nx, 1.0)
    if title is not None:
        ax_gp.set_title(title)
    return nx


def _single_name(space):
    names = list(space.names)
    return names[0]


def _optimizer_and_next(source, k):
    """(optimizer, the point evaluated after it or None, maximize) from a result/optimizer."""
    if hasattr(source, "optimizer_at"):
        n = len(source.params)
        k = check_int("k", k if k is not None else n, low=1, high=n)
        optimizer = source.optimizer_at(k)
        following = source.params[k] if k < n else None
        return optimizer, following, bool(getattr(source, "maximize", False)), k
    if k is not None:
        raise TypeError("k is only used with a SearchResult; got an optimizer and k="
                        f"{k!r}")
    return source, None, False, None


def posterior_grid(optimizer, resolution: int = 400, *, maximize: bool = False) -> dict:
    """Posterior and acquisition of a 1-D :class:`BayesianOptimizer` on a regular grid.

    The grid is regular in the unit interval, so it is log-spaced for a ``log=True``
    dimension. Values are in the objective's sense (sign flipped back when
    ``maximize``).

    Returns
    -------
    dict
        ``x``, ``mean``, ``std``, ``acquisition``, ``parts`` (exploitation, exploration),
        ``X_obs``, ``y_obs``, ``name`` (the hyperparameter) and ``log`` (bool).
    """
    space = optimizer.space
    if space.n_dims != 1:
        raise ValueError(f"the optimizer's space must have one numeric dimension; got "
                         f"{space.n_dims} unit columns (use plot_bo_step_2d for two)")
    resolution = check_int("resolution", resolution, low=10)
    name = _single_name(space)
    U = np.linspace(0.0, 1.0, resolution)[:, None]
    x = np.array([p[name] for p in space.inverse_transform(U)], dtype=float)
    mean, std = optimizer.predict(U, return_std=True)
    acq = optimizer.acquisition_values(U)
    parts = optimizer.acquisition_parts(U)
    X_obs = np.array([p[name] for p in space.inverse_transform(optimizer.X_unit)],
                     dtype=float) if len(optimizer.y) else np.empty(0)
    sign = -1.0 if maximize else 1.0
    return {"x": x, "mean": sign * np.asarray(mean), "std": np.asarray(std),
            "acquisition": np.asarray(acq), "parts": parts, "X_obs": X_obs,
            "y_obs": sign * np.asarray(optimizer.y, dtype=float), "name": name,
            "log": bool(getattr(space[name], "log", False))}


def _truth_values(truth, name, x):
    if truth is None:
        return None
    if callable(truth):
        return np.array([truth(**{name: float(v)}) for v in x], dtype=float)
    return np.asarray(truth, dtype=float)


def plot_bo_step(source, k: int | None = None, *, truth=None, resolution: int = 400,
                 y_label: str = "objective", fig=None):
    """Draw step ``k`` of a 1-D Bayesian search: surrogate above, acquisition below.

    Parameters
    ----------
    source : SearchResult or BayesianOptimizer
        A finished ``bayesian_search`` result (then step ``k`` is redrawn from
        ``source.optimizer_at(k)``, with no objective call), or an optimizer as it is now.
    k : int, optional
        Number of evaluations the surrogate has seen (1 ... n; default: all of them).
    truth : callable or array, optional
        The true objective, ``truth(**params)`` (a cheap test function), or its values
        on the grid.
    resolution : int
        Grid points.
    y_label : str
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`plot_bo_panels`. The next point marked is the point the search
        evaluated as number ``k`` when there is one (it is the acquisition's maximiser
        once the initial design is used up), otherwise the acquisition's maximiser.

    Examples
    --------
    >>> from hpt_helpers.search import bayesian_search
    >>> from hpt_helpers.testfunctions import FORRESTER
    >>> result = bayesian_search(FORRESTER.objective, FORRESTER.space, 6,
    ...                          n_initial_points=3, random_state=0)
    >>> fig = plot_bo_step(result, 4, truth=FORRESTER.objective, resolution=100)
    >>> len(find_artist(fig.axes[0], "observations").get_xdata())
    4
    >>> plt.close(fig)
    """
    optimizer, following, maximize, k = _optimizer_and_next(source, k)
    grid = posterior_grid(optimizer, resolution, maximize=maximize)
    name = grid["name"]
    next_x = float(following[name]) if following is not None else None
    n_initial = getattr(optimizer, "n_initial_points", 0)
    n_seen = len(optimizer.y)
    where = ("from the initial design" if k is not None and k < n_initial
             else "acquisition's maximiser")
    shown_x = next_x if next_x is not None else grid_maximiser(grid["x"], grid["acquisition"])
    title = f"after {n_seen} evaluations: next point {name}={shown_x:.4g} ({where})"
    return plot_bo_panels(grid["x"], grid["mean"], grid["std"], grid["acquisition"],
                          grid["X_obs"], grid["y_obs"],
                          truth=_truth_values(truth, name, grid["x"]), parts=grid["parts"],
                          next_x=next_x, acquisition_name=getattr(optimizer, "acquisition",
                                                                  "ei"),
                          x_label=name, y_label=y_label, log_x=grid["log"], title=title,
                          fig=fig)


# -- 2-D -------------------------------------------------------------------------------
_PANELS = ("mean", "std", "acquisition")
_PANEL_TITLES = {"truth": "true objective", "mean": "posterior mean",
                 "std": "posterior std", "acquisition": "acquisition"}


def _numbered(ax, X_obs, box: bool = True):
    """Number the points 1..m: reuse the existing labels, add or remove the difference."""
    labels = [t for t in ax.texts if t.get_gid() == "point-number"]
    for text in labels[len(X_obs):]:
        text.remove()
    for i, (a, b) in enumerate(X_obs):
        if i < len(labels):
            labels[i].xy = (a, b)
            continue
        ax.annotate(str(i + 1), (a, b), xytext=(3, 3), textcoords="offset points",
                    fontsize=9, fontweight="bold", color=OKABE_ITO["black"],
                    gid="point-number",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                          "alpha": 0.7} if box else None)


def _contour_lines(ax, x1, x2, Z, n_levels):
    for coll in [c for c in ax.collections if c.get_gid() == "contour-lines"]:
        coll.remove()
    finite = Z[np.isfinite(Z)]
    if n_levels and finite.size and finite.max() > finite.min():
        cs = ax.contour(x1, x2, Z, levels=n_levels, colors=OKABE_ITO["black"],
                        linewidths=0.5, alpha=0.6)
        cs.set_gid("contour-lines")


def plot_bo_contours(x1, x2, mean, std, acquisition, X_obs, *, next_point=None,
                     truth=None, names=("x1", "x2"), log=(False, False), n_levels: int = 8,
                     colorbar: bool = True, numbered=None, number_box: bool = True,
                     lines=None, fig=None):
    """Draw a 2-D BO step from arrays: maps of posterior mean, std and acquisition.

    Parameters
    ----------
    x1, x2 : arrays of shape (n1,) and (n2,)
        The grid's coordinates along each hyperparameter.
    mean, std, acquisition : arrays of shape (n2, n1)
        Values on the grid (rows follow ``x2``, columns ``x1``), mean in the objective's
        units.
    X_obs : array of shape (m, 2)
        Evaluated points in evaluation order; numbered 1 ... m in every panel.
    next_point : pair of float, optional
        The next point; by default the acquisition's maximiser on the grid.
    truth : array of shape (n2, n1), optional
        The true objective on the grid; drawn as a fourth panel, first from the left.
    names : pair of str
        Hyperparameter names for the axes.
    log : pair of bool
        Log scale per axis.
    n_levels : int
        Contour lines per panel.
    colorbar : bool
    numbered : collection of str, optional
        The panels whose points carry their numbers (``"truth"``, ``"mean"``, ``"std"``,
        ``"acquisition"``); all by default. Text is the slowest thing to draw, so live
        explorers number fewer panels.
    number_box : bool
        Draw the numbers on a white box (more legible, slower).
    lines : collection of str, optional
        The panels that get contour lines (all by default); contouring is the slowest
        part of an update, so live explorers keep lines on the fixed truth panel only.
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
        Three Axes (mean, std, acquisition; with ``truth`` a fourth, first, Axes whose
        title is "true objective"); each holds a shaded map (gid ``"map"``),
        contour lines, the points (``"observations"``), one number per point
        (texts with gid ``"point-number"``) and the next point (``"next-point"``).

    Examples
    --------
    >>> g = np.linspace(0, 1, 20); G1, G2 = np.meshgrid(g, g)
    >>> fig = plot_bo_contours(g, g, G1 + G2, G1 * 0 + 1, -G1, [[0.1, 0.2], [0.5, 0.5]])
    >>> sum(t.get_gid() == "point-number" for t in fig.axes[0].texts)
    2
    >>> plt.close(fig)
    """
    x1, x2 = np.asarray(x1, float).ravel(), np.asarray(x2, float).ravel()
    maps = {"mean": np.asarray(mean, float), "std": np.asarray(std, float),
            "acquisition": np.asarray(acquisition, float)}
    panels = _PANELS
    if truth is not None:
        maps = {"truth": np.asarray(truth, float), **maps}
        panels = ("truth", *_PANELS)
    for key, Z in maps.items():
        if Z.shape != (x2.size, x1.size):
            raise ValueError(f"{key} must have shape (len(x2), len(x1)) = "
                             f"({x2.size}, {x1.size}); got {Z.shape}")
    X_obs = np.asarray(X_obs, float).reshape(-1, 2)
    nxt = _grid_argmax_2d(x1, x2, maps["acquisition"]) if next_point is None \
        else tuple(float(v) for v in next_point)
    fig, axes = _new_figure(fig, 1, len(panels), (4.0 * len(panels), 3.8), sharex=True,
                            sharey=True)
    cmaps = {"truth": SEQUENTIAL_CMAP, "mean": SEQUENTIAL_CMAP, "std": "cividis",
             "acquisition": "magma"}
    for ax, key in zip(axes, panels, strict=True):
        Z = maps[key]
        mesh = ax.pcolormesh(x1, x2, Z, cmap=cmaps[key], shading="nearest",
                             rasterized=True)
        mesh.set_gid("map")
        _contour_lines(ax, x1, x2, Z, n_levels if lines is None or key in lines else 0)
        ax.plot(X_obs[:, 0], X_obs[:, 1], linestyle="none", marker="o", markersize=5,
                markerfacecolor="white", markeredgecolor=OKABE_ITO["black"],
                gid="observations")
        if numbered is None or key in numbered:
            _numbered(ax, X_obs, number_box)
        ax.plot([nxt[0]], [nxt[1]], linestyle="none", marker="*", markersize=14,
                color=COLORS[3], markeredgecolor="white", gid="next-point", zorder=5)
        ax.set_title(_PANEL_TITLES[key])
        ax.set_xlabel(names[0] + (" (log scale)" if log[0] else ""))
        if log[0]:
            ax.set_xscale("log")
        if log[1]:
            ax.set_yscale("log")
        ax.grid(False)
        if colorbar:
            fig.colorbar(mesh, ax=ax, shrink=0.9)
    axes[0].set_ylabel(names[1] + (" (log scale)" if log[1] else ""))
    return fig


def _grid_argmax_2d(x1, x2, Z):
    i, j = np.unravel_index(np.nanargmax(Z), Z.shape)
    return float(x1[j]), float(x2[i])


def update_bo_contours(fig, x1, x2, mean, std, acquisition, X_obs, *, next_point=None,
                       n_levels: int = 8) -> tuple:
    """Move the artists of :func:`plot_bo_contours` to a new step (maps, points, numbers).

    Contour lines are redrawn with ``n_levels`` levels (``0``: none).

    Returns
    -------
    tuple
        The next point drawn.

    Examples
    --------
    >>> g = np.linspace(0, 1, 20); G1, G2 = np.meshgrid(g, g)
    >>> fig = plot_bo_contours(g, g, G1, G1, G1, [[0.1, 0.2]])
    >>> update_bo_contours(fig, g, g, G2, G2, G2, [[0.1, 0.2], [0.3, 0.3]])
    (0.0, 1.0)
    >>> plt.close(fig)
    """
    maps = {"mean": np.asarray(mean, float), "std": np.asarray(std, float),
            "acquisition": np.asarray(acquisition, float)}
    X_obs = np.asarray(X_obs, float).reshape(-1, 2)
    nxt = _grid_argmax_2d(x1, x2, maps["acquisition"]) if next_point is None \
        else tuple(float(v) for v in next_point)
    by_title = {ax.get_title(): ax for ax in fig.axes}
    for key, title in _PANEL_TITLES.items():
        ax = by_title.get(title)
        if ax is None:
            continue
        if key in maps:
            Z = maps[key]
            mesh = find_artist(ax, "map")
            mesh.set_array(Z.ravel())
            finite = Z[np.isfinite(Z)]
            if finite.size:
                lo, hi = float(finite.min()), float(finite.max())
                mesh.set_clim(lo, hi if hi > lo else lo + 1e-12)
            _contour_lines(ax, x1, x2, Z, n_levels)
        find_artist(ax, "observations").set_data(X_obs[:, 0], X_obs[:, 1])
        labels = [t for t in ax.texts if t.get_gid() == "point-number"]
        if labels:
            _numbered(ax, X_obs, labels[0].get_bbox_patch() is not None)
        find_artist(ax, "next-point").set_data([nxt[0]], [nxt[1]])
    return nxt


def posterior_grid_2d(optimizer, resolution: int = 50, *, maximize: bool = False) -> dict:
    """Posterior and acquisition of a 2-D :class:`BayesianOptimizer` on a regular grid.

    Returns
    -------
    dict
        ``x1``, ``x2`` (grid coordinates in the hyperparameters' units, log-spaced for
        log dimensions), ``mean``, ``std``, ``acquisition`` of shape
        ``(resolution, resolution)``, ``X_obs`` (m, 2), ``y_obs``, ``names``, ``log``.
    """
    space = optimizer.space
    names = list(space.names)
    if space.n_dims != 2 or len(names) != 2:
        raise ValueError(f"the optimizer's space must have two numeric dimensions; got "
                         f"{space.n_dims} unit columns")
    resolution = check_int("resolution", resolution, low=5)
    g = np.linspace(0.0, 1.0, resolution)
    G1, G2 = np.meshgrid(g, g)
    U = np.c_[G1.ravel(), G2.ravel()]
    axis = np.c_[g, g]
    pts = space.inverse_transform(axis)
    x1 = np.array([p[names[0]] for p in pts], float)
    x2 = np.array([p[names[1]] for p in pts], float)
    mean, std = optimizer.predict(U, return_std=True)
    acq = optimizer.acquisition_values(U)
    sign = -1.0 if maximize else 1.0
    obs = space.inverse_transform(optimizer.X_unit) if len(optimizer.y) else []
    X_obs = np.array([[p[names[0]], p[names[1]]] for p in obs], float).reshape(-1, 2)
    shape = (resolution, resolution)
    return {"x1": x1, "x2": x2, "mean": sign * np.asarray(mean).reshape(shape),
            "std": np.asarray(std).reshape(shape),
            "acquisition": np.asarray(acq).reshape(shape), "X_obs": X_obs,
            "y_obs": sign * np.asarray(optimizer.y, float), "names": names,
            "log": tuple(bool(getattr(space[n], "log", False)) for n in names)}


def plot_bo_step_2d(source, k: int | None = None, *, resolution: int = 50, fig=None):
    """Draw step ``k`` of a 2-D Bayesian search as three maps (mean, std, acquisition).

    Parameters
    ----------
    source : SearchResult or BayesianOptimizer
        A finished search (step ``k`` is redrawn from ``source.optimizer_at(k)``, no
        objective call) or an optimizer as it is now.
    k : int, optional
        Evaluations seen by the surrogate (default: all).
    resolution : int
        Grid points per axis.
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`plot_bo_contours`; the points are numbered in evaluation order and the
        star is the point evaluated next (or the acquisition's maximiser after the end).

    Examples
    --------
    >>> from hpt_helpers.search import bayesian_search
    >>> from hpt_helpers.testfunctions import BRANIN
    >>> result = bayesian_search(BRANIN.objective, BRANIN.space, 6, n_initial_points=4,
    ...                          random_state=0)
    >>> fig = plot_bo_step_2d(result, 5, resolution=15)
    >>> sum(t.get_gid() == "point-number" for t in fig.axes[2].texts)
    5
    >>> plt.close(fig)
    """
    optimizer, following, maximize, k = _optimizer_and_next(source, k)
    grid = posterior_grid_2d(optimizer, resolution, maximize=maximize)
    n1, n2 = grid["names"]
    nxt = (float(following[n1]), float(following[n2])) if following is not None else None
    fig = plot_bo_contours(grid["x1"], grid["x2"], grid["mean"], grid["std"],
                           grid["acquisition"], grid["X_obs"], next_point=nxt,
                           names=grid["names"], log=grid["log"], fig=fig)
    fig.suptitle(f"after {len(grid['y_obs'])} evaluations (star: next point)")
    return fig

