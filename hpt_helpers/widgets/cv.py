"""Lesson 06's explorer: slice a grid search's CV heatmap along a third hyperparameter."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np

from hpt_helpers.plots.cv import (
    cv_params,
    cv_score_table,
    plot_cv_heatmap,
    update_cv_heatmap,
)
from hpt_helpers.widgets.blit_figure import TitleBlitFigure
from hpt_helpers.widgets.live import Explorer

__all__ = ["cv_slice_explorer"]


def _slice_title(score: str, name: str, value) -> str:
    return f"{score} at {name}={value}"


def cv_slice_explorer(cv_results, x: str, y: str, slice_by: str, *,
                      scores: Sequence[str] = ("mean_test_score",), fmt: str = ".3f",
                      start=None) -> Explorer:
    """A CV-score heatmap over ``x`` and ``y``, one slice of ``slice_by`` at a time.

    The slider (first control) picks the value of the third hyperparameter ``slice_by``;
    the heatmap shows the scores of the candidates with that value, and the outlined best
    cell moves as the best (``x``, ``y``) pair changes. The colour range is fixed over all
    slices of a score, so colours compare across slices. With several ``scores`` a
    dropdown picks the metric. Any other hyperparameter that varies is max-aggregated (see
    :func:`~hpt_helpers.plots.cv.plot_cv_heatmap`).

    Parameters
    ----------
    cv_results : dict or pandas.DataFrame
        A search's ``cv_results_``; ``x``, ``y`` and ``slice_by`` full names or unique
        ``__`` suffixes.
    x, y, slice_by : str
    scores : sequence of str
        Columns of ``cv_results`` to offer (first one shown first).
    fmt : str
        Number format in the cells.
    start : optional
        Initial value of ``slice_by`` (default: its first value).

    Returns
    -------
    Explorer
        Controls ``"slice"`` (and ``"score"`` with several scores).

    Examples
    --------
    >>> res = {"params": [{"C": c, "g": g, "k": k} for k in (1, 2) for g in (1, 10)
    ...                   for c in (1, 10)],
    ...        "mean_test_score": [0.1, 0.2, 0.3, 0.4, 0.8, 0.7, 0.6, 0.5]}
    >>> ex = cv_slice_explorer(res, "C", "g", "k")
    >>> [t.get_text() for t in ex.live.axes.texts]
    ['0.100', '0.200', '0.300', '0.400']
    >>> ex.controls["slice"].value = 2
    >>> [t.get_text() for t in ex.live.axes.texts]
    ['0.800', '0.700', '0.600', '0.500']
    """
    scores = list(scores)
    if not scores:
        raise ValueError("scores must name at least one column; got an empty sequence")
    params = cv_params(cv_results)
    probe = cv_score_table(cv_results, x, y, scores[0])        # validates x, y and score
    names = sorted({k for p in params for k in p})
    full = [n for n in names if n == slice_by or n.endswith("__" + slice_by)]
    if len(full) != 1:
        raise ValueError(f"slice_by must name one hyperparameter of cv_results (one of "
                         f"{names}); got {slice_by!r}")
    slice_name = full[0]
    if slice_name in (probe.columns.name, probe.index.name):
        raise ValueError(f"slice_by must differ from x and y; got {slice_by!r}")
    options = []
    for p in params:
        if slice_name in p and p[slice_name] not in options:
            options.append(p[slice_name])
    try:
        options = sorted(options)
    except TypeError:
        pass
    ranges = {}
    for score in scores:
        tables = [cv_score_table(cv_results, x, y, score, fixed={slice_name: v})
                  for v in options]
        for t in tables:
            if t.shape != probe.shape:
                raise ValueError(f"every slice of {slice_by!r} must hold the same "
                                 f"{x} x {y} grid; one has shape {t.shape}, "
                                 f"another {probe.shape}")
        finite = np.concatenate([t.to_numpy(float).ravel() for t in tables])
        finite = finite[np.isfinite(finite)]
        ranges[score] = (float(finite.min()), float(finite.max()))
    first = options[0] if start is None else start
    if first not in options:
        raise ValueError(f"start must be one of {options}; got {start!r}")

    live = TitleBlitFigure(figsize=(6.4, 4.4), dpi=80)
    lo, hi = ranges[scores[0]]
    plot_cv_heatmap(cv_results, x, y, scores[0], ax=live.axes, fixed={slice_name: first},
                    fmt=fmt, vmin=lo, vmax=hi)
    mesh = next(c for c in live.axes.collections if c.get_gid() == "cv-cells")
    controls = {"slice": widgets.SelectionSlider(options=options, value=first,
                                                 description=slice_name)}
    if len(scores) > 1:
        controls["score"] = widgets.Dropdown(options=scores, value=scores[0],
                                             description="score")
    for control in controls.values():
        control.style.description_width = "initial"

    def update(slice, score=scores[0]):
        mesh.set_clim(*ranges[score])
        table = cv_score_table(cv_results, x, y, score, fixed={slice_name: slice})
        update_cv_heatmap(live.axes, table, fmt=fmt,
                          title=_slice_title(score, slice_name, slice))
        mesh.colorbar.set_label(score)

    # Axes, ticks and colour bar are drawn once per score; a step redraws the cells, their
    # labels, the best-cell outline and the title.
    live.freeze(mesh, *(t for t in live.axes.texts if t.get_gid() == "cv-label"),
                *(p for p in live.axes.patches if p.get_gid() == "cv-best"))
    return Explorer(controls, update, live)
