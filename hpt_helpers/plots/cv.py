"""Cross-validation scores over two hyperparameters: a table and an annotated heatmap.

Both functions read *any* ``cv_results_``: the dict a fitted ``GridSearchCV``,
``RandomizedSearchCV`` or ``HalvingGridSearchCV`` exposes, or a ``pandas.DataFrame`` of it.
Hyperparameters are taken from the ``params`` column (so pipelines' ``step__name`` keys and
conditional grids, a list of dicts, work); a plain DataFrame with one column per
hyperparameter works too. A hyperparameter may be named in full (``"svc__C"``) or by its
unique suffix (``"C"``).

The heatmap's axes follow the values: log-spaced numbers get a log axis, evenly spaced
numbers a linear one, anything else (strings, ``None``, irregular numbers) one equal cell
per value, in order. Artists carry a ``gid`` (``"cv-cells"``, ``"cv-best"``, and
``"cv-label"`` on the cell texts) so live explorers can update them in place.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from hpt_helpers.plots.style import OKABE_ITO, SEQUENTIAL_CMAP
from hpt_helpers.validation import check_one_of

__all__ = ["axis_scale", "cv_params", "cv_score_table", "plot_cv_heatmap", "update_cv_heatmap"]

_MISSING = object()


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and \
        np.isfinite(float(value))


def axis_scale(values: Sequence) -> str:
    """How to lay out an axis holding ``values``: ``"log"``, ``"linear"`` or ``"categorical"``.

    Numbers are ``"log"`` when their gaps are more even on a log scale than on a linear
    one (two values: when they are all positive and a factor of 10 or more apart),
    ``"linear"`` otherwise. Anything that is not a finite number (strings, ``None``,
    booleans) makes the axis ``"categorical"``; so does a single value.

    Examples
    --------
    >>> axis_scale([0.01, 0.1, 1, 10])
    'log'
    >>> axis_scale([10, 20, 30])
    'linear'
    >>> axis_scale([None, 3, 5])
    'categorical'
    """
    unique = _ordered_unique(list(values))
    if len(unique) < 2 or not all(_is_number(v) for v in unique):
        return "categorical"
    v = np.sort(np.asarray(unique, dtype=float))
    if v[0] <= 0:
        return "linear"
    if len(v) == 2:
        return "log" if v[1] / v[0] >= 10 else "linear"
    lin, log = np.diff(v), np.diff(np.log(v))
    spread_lin = lin.std() / lin.mean()
    spread_log = log.std() / log.mean()
    return "log" if spread_log < spread_lin else "linear"


def _ordered_unique(values: list) -> list:
    """Unique values: numbers sorted ascending, then the rest in order of appearance."""
    nums, others = [], []
    for v in values:
        if v is _MISSING:
            continue
        bucket = nums if _is_number(v) else others
        if not any(_same(v, u) for u in bucket):
            bucket.append(v)
    return sorted(nums) + others


def _same(a, b) -> bool:
    if _is_number(a) and _is_number(b):
        return float(a) == float(b)
    return type(a) is type(b) and a == b


def cv_params(cv_results) -> list[dict]:
    """One dict of hyperparameters per candidate of ``cv_results`` (a dict or DataFrame).

    Examples
    --------
    >>> cv_params({"params": [{"C": 1}, {"C": 10}], "mean_test_score": [0.8, 0.9]})
    [{'C': 1}, {'C': 10}]
    >>> cv_params(pd.DataFrame({"C": [1, 10], "value": [0.5, 0.4]}))
    [{'C': 1}, {'C': 10}]
    """
    if isinstance(cv_results, pd.DataFrame):
        if "params" in cv_results.columns:
            return [dict(p) for p in cv_results["params"]]
        names = [c for c in cv_results.columns if str(c).startswith("param_")]
        if names:
            frame = cv_results[names].rename(columns=lambda c: str(c)[len("param_"):])
        else:
            frame = cv_results[[c for c in cv_results.columns if not _is_result_column(c)]]
        return [{k: v for k, v in row.items() if not _is_nan(v)}
                for row in frame.to_dict(orient="records")]
    if isinstance(cv_results, Mapping):
        if "params" in cv_results:
            return [dict(p) for p in cv_results["params"]]
        return cv_params(pd.DataFrame(dict(cv_results)))
    raise TypeError("cv_results must be a cv_results_ dict or a pandas DataFrame; got "
                    f"{type(cv_results).__name__}")


_RESULT_COLUMN = re.compile(r"^(mean_|std_|rank_|split\d+_)|^(value|error|seconds|params)$")


def _is_result_column(name) -> bool:
    """Columns of a cv_results_ or SearchResult frame that are not hyperparameters."""
    return bool(_RESULT_COLUMN.search(str(name)))


def _is_nan(v) -> bool:
    return isinstance(v, float) and np.isnan(v)


def _resolve(name: str, available: list[str], what: str) -> str:
    if name in available:
        return name
    matches = [a for a in available if a.endswith("__" + name)]
    if len(matches) == 1:
        return matches[0]
    raise ValueError(f"{what} must name a hyperparameter of cv_results (one of "
                     f"{sorted(available)}); got {name!r}")


def _scores(cv_results, score: str) -> np.ndarray:
    keys = list(cv_results.columns if isinstance(cv_results, pd.DataFrame) else cv_results)
    if score not in keys:
        options = [k for k in keys if str(k).startswith(("mean_", "rank_")) or k == "value"]
        raise ValueError(f"score must be a column of cv_results (e.g. {options}); "
                         f"got {score!r}")
    return np.asarray(cv_results[score], dtype=float)


def cv_score_table(cv_results, x: str, y: str, score: str = "mean_test_score", *,
                   fixed: Mapping | None = None, aggregate: str = "max") -> pd.DataFrame:
    """Scores as a table: one row per value of ``y``, one column per value of ``x``.

    Candidates where ``x`` or ``y`` does not apply (a conditional grid) are left out.
    Candidates are first restricted to those matching ``fixed`` (a dict of other
    hyperparameters' values); when several candidates still share a cell (other
    hyperparameters vary), the cell holds their ``aggregate``: ``"max"`` (default, the best
    score reachable with this ``x`` and ``y``) or ``"mean"``. Cells no candidate reached are
    NaN.

    Parameters
    ----------
    cv_results : dict or pandas.DataFrame
        A search's ``cv_results_``, or a DataFrame with one column per hyperparameter.
    x, y : str
        Hyperparameter names (full or a unique ``__`` suffix).
    score : str
        Column holding the scores, e.g. ``"mean_test_score"`` or ``"mean_test_f1"``.
    fixed : dict, optional
        Values the other hyperparameters must have, e.g. ``{"kernel": "rbf"}``.
    aggregate : {"max", "mean"}

    Returns
    -------
    pandas.DataFrame
        Index: ``y`` values, columns: ``x`` values (numbers ascending). Attribute
        ``attrs["aggregated"]`` lists the hyperparameters that were aggregated over.

    Examples
    --------
    >>> res = {"params": [{"C": c, "gamma": g} for g in (0.1, 1) for c in (1, 10)],
    ...        "mean_test_score": [0.7, 0.8, 0.75, 0.6]}
    >>> table = cv_score_table(res, "C", "gamma")
    >>> list(table.columns), list(table.index)
    ([1, 10], [0.1, 1])
    >>> table.to_numpy().tolist()
    [[0.7, 0.8], [0.75, 0.6]]
    """
    check_one_of("aggregate", aggregate, ("max", "mean"))
    params = cv_params(cv_results)
    scores = _scores(cv_results, score)
    if len(scores) != len(params):
        raise ValueError(f"cv_results has {len(params)} candidates but {len(scores)} "
                         f"values of {score!r}")
    available = sorted({k for p in params for k in p})
    x = _resolve(x, available, "x")
    y = _resolve(y, available, "y")
    if x == y:
        raise ValueError(f"x and y must be different hyperparameters; both are {x!r}")
    fixed = {_resolve(k, available, "fixed"): v for k, v in (fixed or {}).items()}
    rows = []
    for p, s in zip(params, scores, strict=True):
        if x not in p or y not in p:
            continue
        if any(k not in p or not _same(p[k], v) for k, v in fixed.items()):
            continue
        rows.append((p, s))
    if not rows:
        raise ValueError(f"no candidate of cv_results has both {x!r} and {y!r}"
                         + (f" with {fixed}" if fixed else ""))
    xs = _ordered_unique([p[x] for p, _ in rows])
    ys = _ordered_unique([p[y] for p, _ in rows])
    cells: dict[tuple[int, int], list[float]] = {}
    aggregated = set()
    for p, s in rows:
        i = next(k for k, v in enumerate(ys) if _same(v, p[y]))
        j = next(k for k, v in enumerate(xs) if _same(v, p[x]))
        cells.setdefault((i, j), []).append(s)
        aggregated |= set(p) - {x, y} - set(fixed)
    table = np.full((len(ys), len(xs)), np.nan)
    for (i, j), values in cells.items():
        values = np.asarray(values, dtype=float)
        if np.all(np.isnan(values)):
            continue
        table[i, j] = np.nanmax(values) if aggregate == "max" else np.nanmean(values)
    varying = sorted(k for k in aggregated
                     if len(_ordered_unique([p.get(k, _MISSING) for p, _ in rows])) > 1)
    out = pd.DataFrame(table, index=pd.Index(ys, name=y, dtype=object),
                       columns=pd.Index(xs, name=x, dtype=object))
    out.attrs["aggregated"] = varying
    out.attrs["aggregate"] = aggregate
    out.attrs["score"] = score
    return out


def _edges(values: list, scale: str) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres and edges along one axis."""
    if scale == "categorical":
        centres = np.arange(len(values), dtype=float)
        return centres, np.arange(len(values) + 1, dtype=float) - 0.5
    v = np.asarray(values, dtype=float)
    w = np.log(v) if scale == "log" else v
    mid = (w[1:] + w[:-1]) / 2
    edges = np.concatenate([[w[0] - (mid[0] - w[0])], mid, [w[-1] + (w[-1] - mid[-1])]])
    return v, (np.exp(edges) if scale == "log" else edges)


def _label(value) -> str:
    if _is_number(value):
        return f"{float(value):g}"
    return str(value)


def _text_color(value: float, vmin: float, vmax: float) -> str:
    if not np.isfinite(value):
        return "black"
    frac = 0.5 if vmax <= vmin else (value - vmin) / (vmax - vmin)
    return "white" if frac < 0.55 else "black"   # viridis is dark at the low end


def plot_cv_heatmap(cv_results, x: str, y: str, score: str = "mean_test_score", ax=None, *,
                    fixed: Mapping | None = None, aggregate: str = "max",
                    annotate: bool = True, fmt: str = ".3f", vmin: float | None = None,
                    vmax: float | None = None, cmap: str = SEQUENTIAL_CMAP,
                    colorbar: bool = True, mark_best: bool = True):
    """Annotated heatmap of a CV score over two hyperparameters of any ``cv_results_``.

    Each cell is one (``x``, ``y``) pair. When other hyperparameters vary, a cell shows
    the ``aggregate`` (default ``"max"``: the best score reachable with that pair) over
    the candidates matching ``fixed``; the title says which were aggregated. Log-spaced
    values get a log axis (see :func:`axis_scale`); the best cell is outlined.

    Parameters
    ----------
    cv_results : dict or pandas.DataFrame
        A search's ``cv_results_`` (or a DataFrame of it).
    x, y : str
        Hyperparameters on the horizontal and vertical axes.
    score : str
        Column to show, e.g. ``"mean_test_score"``, ``"mean_test_f1_macro"``.
    ax : matplotlib Axes, optional
    fixed : dict, optional
        Values of other hyperparameters to slice on.
    aggregate : {"max", "mean"}
        How to merge candidates that share a cell.
    annotate : bool
        Write each cell's score in it (format ``fmt``).
    vmin, vmax : float, optional
        Colour range (default: the table's range); fix them to compare slices.
    cmap : str
    colorbar : bool
        Add a colour bar next to ``ax``.
    mark_best : bool
        Outline the cell with the highest score (scikit-learn scores are
        greater-is-better).

    Returns
    -------
    matplotlib.axes.Axes
        ``find_artist(ax, "cv-cells")`` is the QuadMesh; ``ax.cv_table`` the
        :func:`cv_score_table` drawn.

    Examples
    --------
    >>> res = {"params": [{"C": c, "gamma": g} for g in (0.01, 0.1, 1) for c in (0.1, 1, 10)],
    ...        "mean_test_score": [0.5, 0.6, 0.7, 0.6, 0.8, 0.9, 0.55, 0.65, 0.6]}
    >>> fig, ax = plt.subplots()
    >>> ax = plot_cv_heatmap(res, "C", "gamma", ax=ax)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> [t.get_text() for t in ax.texts][:3]
    ['0.500', '0.600', '0.700']
    """
    ax = ax if ax is not None else plt.gca()
    table = cv_score_table(cv_results, x, y, score, fixed=fixed, aggregate=aggregate)
    xname, yname = table.columns.name, table.index.name
    xs, ys = list(table.columns), list(table.index)
    xscale, yscale = axis_scale(xs), axis_scale(ys)
    if len(xs) == 1:
        xscale = "categorical"
    if len(ys) == 1:
        yscale = "categorical"
    xc, xe = _edges(xs, xscale)
    yc, ye = _edges(ys, yscale)
    values = table.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    lo = vmin if vmin is not None else (finite.min() if finite.size else 0.0)
    hi = vmax if vmax is not None else (finite.max() if finite.size else 1.0)
    mesh = ax.pcolormesh(xe, ye, np.ma.masked_invalid(values), cmap=cmap, vmin=lo, vmax=hi,
                         edgecolors="white", linewidth=0.5)
    mesh.set_gid("cv-cells")
    for axis, scale, centres, labels in ((ax.xaxis, xscale, xc, xs),
                                         (ax.yaxis, yscale, yc, ys)):
        if scale == "log":
            (ax.set_xscale if axis is ax.xaxis else ax.set_yscale)("log")
        axis.set_ticks(centres, [_label(v) for v in labels])
        axis.set_minor_locator(plt.NullLocator())
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim(ye[0], ye[-1])
    ax.grid(False)
    if annotate:
        for i in range(len(ys)):
            for j in range(len(xs)):
                v = values[i, j]
                if not np.isfinite(v):
                    continue
                ax.text(xc[j], yc[i], format(v, fmt), ha="center", va="center", fontsize=8,
                        color=_text_color(v, lo, hi), gid="cv-label")
    if mark_best and finite.size:
        i, j = np.unravel_index(np.nanargmax(values), values.shape)
        ax.add_patch(Rectangle((xe[j], ye[i]), xe[j + 1] - xe[j], ye[i + 1] - ye[i],
                               fill=False, edgecolor=OKABE_ITO["vermillion"], linewidth=2.5,
                               gid="cv-best"))
    ax.set_xlabel(xname + (" (log scale)" if xscale == "log" else ""))
    ax.set_ylabel(yname + (" (log scale)" if yscale == "log" else ""))
    title = score
    if table.attrs["aggregated"]:
        title += f", {aggregate} over {', '.join(table.attrs['aggregated'])}"
    if fixed:
        title += ", " + ", ".join(f"{k}={_label(v)}" for k, v in fixed.items())
    ax.set_title(title, fontsize=9)
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label=score)
    ax.cv_table = table
    ax.cv_geometry = (xc, xe, yc, ye)
    return ax


def update_cv_heatmap(ax, table: pd.DataFrame, *, fmt: str = ".3f", title: str | None = None):
    """Put new scores into a heatmap drawn by :func:`plot_cv_heatmap`, in place.

    ``table`` must have the drawn table's shape (same ``x`` and ``y`` values), e.g. a
    :func:`cv_score_table` of another slice. Cell colours, texts and the best-cell outline
    move; the colour range is kept.

    Examples
    --------
    >>> res = {"params": [{"C": c, "k": k} for k in (1, 2) for c in (1, 10)],
    ...        "mean_test_score": [0.1, 0.2, 0.4, 0.3]}
    >>> fig, ax = plt.subplots()
    >>> ax = plot_cv_heatmap(res, "C", "k", ax=ax, colorbar=False, vmin=0, vmax=1)
    >>> t = cv_score_table(res, "C", "k"); t.iloc[0, 0] = 0.9
    >>> ax = update_cv_heatmap(ax, t)
    >>> ax.texts[0].get_text()
    '0.900'
    """
    old = ax.cv_table
    if table.shape != old.shape:
        raise ValueError(f"table must have the drawn shape {old.shape}; got {table.shape}")
    mesh = next(c for c in ax.collections if c.get_gid() == "cv-cells")
    values = table.to_numpy(dtype=float)
    mesh.set_array(np.ma.masked_invalid(values))
    lo, hi = mesh.get_clim()
    texts = iter(t for t in ax.texts if t.get_gid() == "cv-label")
    old_values = old.to_numpy(dtype=float)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if not np.isfinite(old_values[i, j]):
                continue
            text = next(texts)
            v = values[i, j]
            text.set_text(format(v, fmt) if np.isfinite(v) else "")
            text.set_color(_text_color(v, lo, hi))
    best = [p for p in ax.patches if p.get_gid() == "cv-best"]
    if best and np.isfinite(values).any():
        xc, xe, yc, ye = ax.cv_geometry
        i, j = np.unravel_index(np.nanargmax(values), values.shape)
        best[0].set_xy((xe[j], ye[i]))
        best[0].set_width(xe[j + 1] - xe[j])
        best[0].set_height(ye[i + 1] - ye[i])
    if title is not None:
        ax.set_title(title, fontsize=9)
    ax.cv_table = table
    return ax
