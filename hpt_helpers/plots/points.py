"""Where a search put its points: the 2-D picture with each point's shadow on both axes.

The picture behind "random beats grid when few hyperparameters matter": a 3 x 3 grid
casts only 3 distinct shadows on each axis, 9 random points cast 9. If only one axis
matters, the grid has tried 3 values of it and the random search 9.

Points may be a :class:`~hpt_helpers.result.SearchResult` (values, bounds and log scales
are then read from it), a list of dicts, a ``pandas.DataFrame`` or an ``(n, 2)`` array.
Artists carry a ``gid`` (``"points"``, ``"rug-x"``, ``"rug-y"``, ``"best"``, ``"counts"``,
``"objective-contours"``, ``"profile"``, ``"profile-points"``) so explorers can move them
in place with :func:`update_points_projection` and :func:`update_points_comparison`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from hpt_helpers.plots.style import COLORS, MARKERS, OKABE_ITO
from hpt_helpers.validation import check_int

__all__ = ["find", "points_xy", "objective_grid", "plot_points_projection",
           "update_points_projection",
           "plot_points_comparison", "update_points_comparison"]


def points_xy(points, x: str, y: str) -> tuple[np.ndarray, np.ndarray]:
    """The ``x`` and ``y`` coordinates of ``points`` as two float arrays.

    Parameters
    ----------
    points : SearchResult, list of dict, DataFrame, or array of shape (n, 2)
        For an array, column 0 is ``x`` and column 1 is ``y``.
    x, y : str
        Names of the two hyperparameters.

    Examples
    --------
    >>> points_xy([{"a": 1, "b": 2}, {"a": 3, "b": 4}], "a", "b")
    (array([1., 3.]), array([2., 4.]))
    """
    if hasattr(points, "params") and hasattr(points, "space"):
        points = points.params
    if hasattr(points, "columns"):
        for name in (x, y):
            if name not in points.columns:
                raise ValueError(f"points has no column {name!r}; columns are "
                                 f"{list(points.columns)}")
        return points[x].to_numpy(float), points[y].to_numpy(float)
    if isinstance(points, np.ndarray):
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"points as an array must have shape (n, 2); got {points.shape}")
        return points[:, 0].astype(float), points[:, 1].astype(float)
    points = list(points)
    for p in points:
        if not isinstance(p, Mapping) or x not in p or y not in p:
            raise ValueError(f"each point must be a dict with keys {x!r} and {y!r}; got {p!r}")
    return (np.array([p[x] for p in points], dtype=float),
            np.array([p[y] for p in points], dtype=float))


def _axis_values(low: float, high: float, n: int, log: bool) -> np.ndarray:
    return np.geomspace(low, high, n) if log else np.linspace(low, high, n)


def objective_grid(objective: Callable, x: str, y: str, bounds, *, log=(False, False),
                   resolution: int = 60):
    """Evaluate ``objective(**{x: ., y: .})`` on a ``resolution`` x ``resolution`` grid.

    Parameters
    ----------
    objective : callable
        Keyword-callable, scalar-valued (as the searches call it).
    x, y : str
    bounds : pair of (low, high)
        Range of ``x`` and of ``y``.
    log : pair of bool
        Log-spaced grid along ``x`` / ``y``.
    resolution : int

    Returns
    -------
    xs, ys : ndarray of shape (resolution,)
    Z : ndarray of shape (resolution, resolution)
        ``Z[i, j] = objective(x=xs[j], y=ys[i])``.

    Examples
    --------
    >>> xs, ys, Z = objective_grid(lambda a, b: a + 10 * b, "a", "b", ((0, 1), (0, 1)),
    ...                            resolution=3)
    >>> float(Z[2, 1])
    10.5
    """
    resolution = check_int("resolution", resolution, low=2)
    (x0, x1), (y0, y1) = bounds
    xs = _axis_values(x0, x1, resolution, log[0])
    ys = _axis_values(y0, y1, resolution, log[1])
    Z = np.array([[float(objective(**{x: a, y: b})) for a in xs] for b in ys])
    return xs, ys, Z


def _resolve(points, x, y, values, bounds, log_x, log_y, maximize):
    if hasattr(points, "params") and hasattr(points, "space"):
        space = points.space
        if values is None:
            values = points.values
        if bounds is None and x in space and y in space:
            bounds = ((space[x].low, space[x].high), (space[y].low, space[y].high))
        if log_x is None and x in space:
            log_x = bool(getattr(space[x], "log", False))
        if log_y is None and y in space:
            log_y = bool(getattr(space[y], "log", False))
        if maximize is None:
            maximize = points.maximize
    return values, bounds, bool(log_x), bool(log_y), bool(maximize)


def _best_index(values, maximize: bool) -> int:
    if values is None:
        return -1
    v = np.asarray(values, dtype=float)
    if not np.isfinite(v).any():
        return -1
    v = np.where(np.isfinite(v), v, np.nan)
    return int(np.nanargmax(v) if maximize else np.nanargmin(v))


def _counts_text(xs, ys, x, y) -> str:
    return (f"{len(xs)} points: {len(np.unique(xs))} distinct {x}, "
            f"{len(np.unique(ys))} distinct {y}")


def plot_points_projection(points, x: str, y: str, ax=None, *, values=None,
                           objective: Callable | None = None, bounds=None, log_x=None,
                           log_y=None, maximize=None, color=None, marker=None,
                           label: str | None = None, resolution: int = 60, levels: int = 12,
                           grid=None, rug: bool = True, counts: bool = True,
                           colorbar: bool = False):
    """Evaluated points in a 2-D space, their shadows on both axes, and the best one.

    Each point is a dot; short ticks on the bottom and left edges show its projection
    onto each axis, which is what a search learns about each hyperparameter alone. The
    best point (lowest value, or highest when ``maximize``) is a star. With
    ``objective`` and ``bounds`` the objective's filled contours lie underneath. A line
    in the corner counts the distinct values tried per axis.

    Parameters
    ----------
    points : SearchResult, list of dict, DataFrame or (n, 2) array
    x, y : str
        Hyperparameters on the horizontal and vertical axes.
    ax : matplotlib Axes, optional
    values : array_like, optional
        Objective value per point, to mark the best (read from a SearchResult; computed
        with ``objective`` when given and ``values`` is not).
    objective : callable, optional
        ``objective(**{x: ., y: .}) -> float`` drawn as contours (needs ``bounds``).
    bounds : pair of (low, high), optional
        Axis ranges (read from a SearchResult's space).
    log_x, log_y : bool, optional
        Log axes (read from a SearchResult's space; default False).
    maximize : bool, optional
        Whether the best value is the highest (default False, or the result's setting).
    color, marker : optional
        Style of the points (default: the first series style).
    label : str, optional
        Axes title.
    resolution, levels : int
        Contour grid size and number of contour levels.
    grid : tuple (xs, ys, Z), optional
        A precomputed :func:`objective_grid`, instead of ``objective``.
    rug, counts : bool
        Draw the projection ticks, and the distinct-values line (above the axes' top
        right corner, so that it hides no point).
    colorbar : bool
        Add a colour bar for the objective's contours (labelled "objective value").

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> pts = [{"a": a, "b": b} for a in (0, 0.5, 1) for b in (0, 0.5, 1)]
    >>> fig, ax = plt.subplots()
    >>> ax = plot_points_projection(pts, "a", "b", ax=ax, objective=lambda a, b: (a - 0.7) ** 2,
    ...                             bounds=((0, 1), (0, 1)), resolution=10)
    >>> len(np.unique(find(ax, "rug-x").get_segments(), axis=0))
    3
    >>> find(ax, "best").get_offsets().tolist()
    [[0.5, 0.0]]
    >>> ax = plot_points_projection(pts, "a", "b", objective=lambda a, b: a + b,
    ...                             bounds=((0, 1), (0, 1)), resolution=5, colorbar=True)
    >>> len(ax.figure.axes)  # the axes and its colour bar
    2
    """
    ax = ax if ax is not None else plt.gca()
    values, bounds, log_x, log_y, maximize = _resolve(points, x, y, values, bounds, log_x,
                                                      log_y, maximize)
    xs, ys = points_xy(points, x, y)
    if values is None and objective is not None:
        values = [objective(**{x: a, y: b}) for a, b in zip(xs, ys, strict=True)]
    if values is not None and len(values) != len(xs):
        raise ValueError(f"values must have one entry per point ({len(xs)}); "
                         f"got {len(values)}")
    color = color if color is not None else COLORS[0]
    marker = marker if marker is not None else MARKERS[0]
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    if grid is None and objective is not None:
        if bounds is None:
            raise ValueError("bounds are needed to draw the objective's contours; "
                             "pass bounds=((x_low, x_high), (y_low, y_high))")
        grid = objective_grid(objective, x, y, bounds, log=(log_x, log_y),
                              resolution=resolution)
    if grid is not None:
        gx, gy, Z = grid
        cs = ax.contourf(gx, gy, Z, levels=levels, cmap="viridis_r" if not maximize
                         else "viridis", alpha=0.45)
        cs.set_gid("objective-contours")
        if colorbar:
            ax.figure.colorbar(cs, ax=ax, label="objective value")
    ax.scatter(xs, ys, s=36, color=color, marker=marker, edgecolor="white", linewidth=0.6,
               zorder=3, gid="points")
    best = _best_index(values, maximize)
    bx, by = (xs[best], ys[best]) if best >= 0 else (np.nan, np.nan)
    ax.scatter([bx], [by], s=220, marker="*", color=OKABE_ITO["vermillion"],
               edgecolor="black", linewidth=0.8, zorder=4, gid="best",
               label="best point")
    if rug:
        ax.vlines(xs, 0, _RUG, transform=ax.get_xaxis_transform(), color=color,
                  linewidth=1.5, gid="rug-x")
        ax.hlines(ys, 0, _RUG, transform=ax.get_yaxis_transform(), color=color,
                  linewidth=1.5, gid="rug-y")
    if counts:
        ax.text(1.0, 1.01, _counts_text(xs, ys, x, y), transform=ax.transAxes,
                ha="right", va="bottom", fontsize=8, gid="counts")
    if bounds is not None:
        ax.set_xlim(*_padded(bounds[0], log_x))
        ax.set_ylim(*_padded(bounds[1], log_y))
    ax.set_xlabel(x + (" (log scale)" if log_x else ""))
    ax.set_ylabel(y + (" (log scale)" if log_y else ""))
    if label:
        ax.set_title(label, pad=16 if counts else 6)  # room for the counts line
    return ax


# The projection ticks stay inside the margin that _padded leaves, so no tick covers a point
# that lies on the bounds (a grid's corner points).
_RUG = 0.025


def _padded(bounds, log: bool, frac: float = 0.06):
    """Axis limits a little wider than ``bounds``, so points on the edge stay visible."""
    low, high = (np.log(bounds[0]), np.log(bounds[1])) if log else bounds
    pad = frac * (high - low)
    low, high = low - pad, high + pad
    return (float(np.exp(low)), float(np.exp(high))) if log else (float(low), float(high))


def find(ax, gid: str):
    """The first artist of ``ax`` with this ``gid`` (collections, lines, texts).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> find(ax, "x") is None
    True
    """
    for artist in [*ax.collections, *ax.lines, *ax.texts, *ax.patches]:
        if artist.get_gid() == gid:
            return artist
    return None


def update_points_projection(ax, points, x: str, y: str, *, values=None, maximize=None):
    """Move the points, shadows, best star and counts of a :func:`plot_points_projection`.

    The contours and axes are kept; only the artists that depend on the points change.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax = plot_points_projection([{"a": 0.1, "b": 0.2}], "a", "b", ax=ax, values=[1.0])
    >>> ax = update_points_projection(ax, [{"a": 0.3, "b": 0.4}, {"a": 0.5, "b": 0.6}],
    ...                               "a", "b", values=[2.0, 1.0])
    >>> find(ax, "best").get_offsets().tolist()
    [[0.5, 0.6]]
    """
    values, _, _, _, maximize = _resolve(points, x, y, values, None, None, None, maximize)
    xs, ys = points_xy(points, x, y)
    find(ax, "points").set_offsets(np.c_[xs, ys])
    best = _best_index(values, maximize)
    star = find(ax, "best")
    star.set_offsets([[xs[best], ys[best]]] if best >= 0 else [[np.nan, np.nan]])
    rug_x, rug_y = find(ax, "rug-x"), find(ax, "rug-y")
    if rug_x is not None:
        rug_x.set_segments([[(a, 0), (a, _RUG)] for a in xs])
        rug_y.set_segments([[(0, b), (_RUG, b)] for b in ys])
    text = find(ax, "counts")
    if text is not None:
        text.set_text(_counts_text(xs, ys, x, y))
    return ax


def _profile(grid, maximize: bool):
    gx, _, Z = grid
    return gx, (Z.max(axis=0) if maximize else Z.min(axis=0))


def plot_points_comparison(results: Mapping, x: str, y: str, *, objective=None, bounds=None,
                           log_x=None, log_y=None, maximize=None, resolution: int = 60,
                           grid=None, fig: Figure | None = None) -> Figure:
    """Side-by-side :func:`plot_points_projection` of several searches, with a profile on top.

    One column per search. The bottom panel is the 2-D picture; the top panel shows the
    objective's profile along ``x`` (its best value over ``y`` at each ``x``) and every
    evaluated point at its ``x`` and value, so you see how many distinct values of ``x``
    each search tried and how close its best came to the optimum. The titles give each
    search's best value.

    Parameters
    ----------
    results : mapping of str to points
        E.g. ``{"grid": grid_result, "random": random_result}`` (SearchResults, or any
        points :func:`points_xy` accepts, then with ``objective`` to compute values).
    x, y : str
    objective : callable, optional
        Keyword-callable objective, for the contours, the profile and missing values.
    bounds, log_x, log_y, maximize, resolution, grid
        As in :func:`plot_points_projection` (read from the first SearchResult if
        omitted).
    fig : matplotlib Figure, optional
        Drawn into (it must be empty); a new one otherwise.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.axes_grid`` is the (2, n) array of Axes: profiles on top, points below.

    Examples
    --------
    >>> f = lambda a, b: (a - 0.7) ** 2 + 0.01 * b
    >>> g = [{"a": a, "b": b} for a in (0, 0.5, 1) for b in (0, 0.5, 1)]
    >>> r = [{"a": a, "b": b} for a, b in np.random.default_rng(0).random((9, 2))]
    >>> fig = plot_points_comparison({"grid": g, "random": r}, "a", "b", objective=f,
    ...                              bounds=((0, 1), (0, 1)), resolution=20)
    >>> fig.axes_grid.shape
    (2, 2)
    >>> len(np.unique(find(fig.axes_grid[0, 0], "profile-points").get_offsets()[:, 0]))
    3
    """
    if not results:
        raise ValueError("results must hold at least one search; got an empty mapping")
    first = next(iter(results.values()))
    _, bounds, log_x, log_y, maximize = _resolve(first, x, y, None, bounds, log_x, log_y,
                                                 maximize)
    if grid is None and objective is not None:
        if bounds is None:
            raise ValueError("bounds are needed to draw the objective; pass "
                             "bounds=((x_low, x_high), (y_low, y_high))")
        grid = objective_grid(objective, x, y, bounds, log=(log_x, log_y),
                              resolution=resolution)
    n = len(results)
    if fig is None:
        fig = Figure(figsize=(4.2 * n, 5.2), layout="constrained")
    axes = np.asarray(fig.subplots(2, n, squeeze=False, sharex="col",
                                   gridspec_kw={"height_ratios": [1, 2.6]}))
    values_by_name = {}
    for i, (name, points) in enumerate(results.items()):
        top, bottom = axes[0, i], axes[1, i]
        style = {"color": COLORS[i % len(COLORS)], "marker": MARKERS[i % len(MARKERS)]}
        values = _values_of(points, x, y, objective)
        values_by_name[name] = values
        plot_points_projection(points, x, y, ax=bottom, values=values, bounds=bounds,
                               log_x=log_x, log_y=log_y, maximize=maximize, grid=grid,
                               **style)
        if grid is not None:
            px, py = _profile(grid, maximize)
            top.plot(px, py, color=OKABE_ITO["black"], linewidth=1.2, gid="profile",
                     label=f"best over {y}")
        xs, _ = points_xy(points, x, y)
        top.scatter(xs, values, s=28, zorder=3, gid="profile-points", **style)
        top.vlines(xs, 0, 0.08, transform=top.get_xaxis_transform(), color=style["color"],
                   linewidth=1.5, gid="rug-x")
        top.set_ylabel("objective")
        top.tick_params(labelbottom=False)
        if grid is not None and i == 0:
            top.legend(loc="best", fontsize=8)
        top.set_title(_comparison_title(name, values, maximize), fontsize=10)
    if grid is not None:
        low, high = float(np.min(grid[2])), float(np.max(grid[2]))
        pad = 0.05 * (high - low or 1.0)
        for top in axes[0]:
            top.set_ylim(low - pad, high + pad)
    else:
        _share_y(axes[0])
    fig.axes_grid = axes
    return fig


def _values_of(points, x, y, objective):
    if hasattr(points, "values") and hasattr(points, "space"):
        return np.asarray(points.values, dtype=float)
    if objective is None:
        raise ValueError("points without values need an objective to compute them")
    xs, ys = points_xy(points, x, y)
    return np.array([objective(**{x: a, y: b}) for a, b in zip(xs, ys, strict=True)])


def _comparison_title(name, values, maximize) -> str:
    best = _best_index(values, maximize)
    shown = f"{values[best]:.3g}" if best >= 0 else "none"
    return f"{name}: {len(values)} points, best value {shown}"


def _share_y(axes) -> None:
    lows, highs = zip(*(ax.get_ylim() for ax in axes), strict=True)
    for ax in axes:
        ax.set_ylim(min(lows), max(highs))


def update_points_comparison(fig: Figure, results: Mapping, x: str, y: str, *,
                             objective=None, maximize=None) -> Figure:
    """Move the points of a :func:`plot_points_comparison` figure to new results, in place.

    ``results`` must have the drawn figure's names, in the same order.

    Examples
    --------
    >>> f = lambda a, b: (a - 0.7) ** 2
    >>> fig = plot_points_comparison({"s": [{"a": 0.1, "b": 0.1}]}, "a", "b", objective=f,
    ...                              bounds=((0, 1), (0, 1)), resolution=10)
    >>> fig = update_points_comparison(fig, {"s": [{"a": 0.6, "b": 0.5}]}, "a", "b",
    ...                                objective=f)
    >>> fig.axes_grid[0, 0].get_title()
    's: 1 points, best value 0.01'
    """
    axes = fig.axes_grid
    if len(results) != axes.shape[1]:
        raise ValueError(f"results must hold {axes.shape[1]} searches, as drawn; "
                         f"got {len(results)}")
    first = next(iter(results.values()))
    maximize = _resolve(first, x, y, None, None, None, None, maximize)[4]
    for i, (name, points) in enumerate(results.items()):
        top, bottom = axes[0, i], axes[1, i]
        values = _values_of(points, x, y, objective)
        update_points_projection(bottom, points, x, y, values=values, maximize=maximize)
        xs, _ = points_xy(points, x, y)
        find(top, "profile-points").set_offsets(np.c_[xs, values])
        find(top, "rug-x").set_segments([[(a, 0), (a, 0.08)] for a in xs])
        top.set_title(_comparison_title(name, values, maximize), fontsize=10)
    return fig
