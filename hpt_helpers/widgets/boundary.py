"""Lesson 01's explorer: one hyperparameter, a decision boundary, train vs validation."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from sklearn.base import clone

from hpt_helpers.plots.boundary import boundary_grid, plot_decision_boundary
from hpt_helpers.plots.style import COLORS, LINESTYLES
from hpt_helpers.widgets.live import Explorer

__all__ = ["boundary_explorer", "scores_over"]


def scores_over(estimator, param: str, values: Sequence, X_train, y_train, X_val, y_val):
    """Train and validation accuracy of ``estimator`` for each value of ``param``.

    Returns
    -------
    train, val : ndarray of shape (len(values),)

    Examples
    --------
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]]); y = np.array([0, 0, 1, 1])
    >>> tr, va = scores_over(KNeighborsClassifier(), "n_neighbors", [1], X, y, X, y)
    >>> float(tr[0]), float(va[0])
    (1.0, 1.0)
    """
    if param not in estimator.get_params():
        raise ValueError(f"param must be a hyperparameter of {type(estimator).__name__} "
                         f"(one of {sorted(estimator.get_params())}); got {param!r}")
    train, val = [], []
    for v in values:
        model = clone(estimator).set_params(**{param: v}).fit(X_train, y_train)
        train.append(model.score(X_train, y_train))
        val.append(model.score(X_val, y_val))
    return np.array(train), np.array(val)


def boundary_explorer(estimator, param: str, values: Sequence, X_train, y_train, X_val,
                      y_val, *, feature_names=("feature 0", "feature 1"), class_names=None,
                      start=None, resolution: int = 80, log_x: bool = False,
                      label: str | None = None, curve_cv=None, curve=None,
                      prerender: bool = True) -> Explorer:
    """Slide one hyperparameter and watch the decision boundary and the two scores move.

    Left: the classifier's regions with training (filled) and validation (hollow)
    points, and a legend naming the classes. Right: train and validation accuracy against
    the hyperparameter, with the current value marked. Everything is computed once, up
    front (the scores and every value's regions); a step only swaps the regions image,
    moves the marker and the read-out, and redraws just those artists over a cached
    background.

    Parameters
    ----------
    estimator : classifier
        Unfitted; cloned for every value.
    param : str
        The hyperparameter the slider sets, e.g. ``"n_neighbors"``.
    values : sequence
        The values the slider offers, in order.
    X_train, y_train, X_val, y_val : arrays
        Two features only (the boundary is drawn in 2-D).
    feature_names : pair of str
    class_names : sequence of str, optional
        A name per class for the legend.
    start : optional
        Initial value (default: the first).
    resolution : int
        Grid points per axis for the regions.
    log_x : bool
        Log scale for the score panel's x axis.
    label : str, optional
        Short name shown on the slider and axes (default: ``param`` after its last
        ``__``, so ``"svc__C"`` shows as ``"C"``).
    curve_cv : int or cross-validation splitter, optional
        If given, the score panel shows scikit-learn's ``validation_curve`` on the train
        and validation rows together, split by ``curve_cv``: the mean over its splits and
        a band of one standard deviation, a far less noisy curve than one validation set
        gives. The left panel still shows the one split passed in.
    curve : pair of arrays of shape (len(values), n_splits), optional
        The ``(train_scores, val_scores)`` that ``validation_curve`` returned, when the
        lesson has computed them already (shown as with ``curve_cv``, not recomputed).

    prerender : bool
        Draw the picture of every value once, up front, and keep it: a slider step then
        only sends a stored image (the values are few, so this costs a fraction of the
        scores' computation).

    Returns
    -------
    Explorer
        Display it as the last expression of a cell; ``.controls[param]`` is the slider.
        ``.readout`` is the line under the picture with the current value's scores.

    Examples
    --------
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 2)); y = (X[:, 0] > 0).astype(int)
    >>> ex = boundary_explorer(KNeighborsClassifier(), "n_neighbors", [1, 5, 9],
    ...                        X[:30], y[:30], X[30:], y[30:], resolution=20)
    >>> ex.controls["n_neighbors"].value = 9
    >>> ex.live.axes[1].lines[2].get_xdata()[0]
    9
    """
    from sklearn.model_selection import validation_curve

    from hpt_helpers.widgets.blit_figure import BlitFigure

    values = list(values)
    label = label or param.rsplit("__", 1)[-1]
    if not values:
        raise ValueError("values must hold at least one setting; got an empty sequence")
    X_train, X_val = np.asarray(X_train, float), np.asarray(X_val, float)
    y_train, y_val = np.asarray(y_train), np.asarray(y_val)
    train_scores, val_scores = scores_over(estimator, param, values, X_train, y_train,
                                           X_val, y_val)
    xx, yy, _ = boundary_grid(np.vstack([X_train, X_val]), resolution)
    grid = np.c_[xx.ravel(), yy.ravel()]
    classes = np.unique(y_train)
    regions_of = [np.searchsorted(classes, clone(estimator).set_params(**{param: v})
                                  .fit(X_train, y_train).predict(grid)).reshape(xx.shape)
                  for v in values]

    live = BlitFigure(1, 2, figsize=(9.0, 3.8), dpi=80,
                      gridspec_kw={"width_ratios": [1.25, 1]})
    ax_b, ax_s = live.axes
    first = clone(estimator).set_params(**{param: values[0]}).fit(X_train, y_train)
    plot_decision_boundary(first, X_train, y_train, X_val, y_val,
                           feature_names=feature_names, class_names=class_names,
                           resolution=resolution, ax=ax_b)
    ax_b.set_title(f"regions and points of one split, by {label}")
    regions = ax_b.images[0]
    readout = widgets.HTML()
    if curve is None and curve_cv is not None:
        X_all, y_all = np.vstack([X_train, X_val]), np.concatenate([y_train, y_val])
        curve = validation_curve(estimator, X_all, y_all, param_name=param,
                                 param_range=values, cv=curve_cv)
    if curve is None:
        ax_s.plot(values, train_scores, color=COLORS[0], linestyle=LINESTYLES[0],
                  marker="o", markersize=3, label="train")
        ax_s.plot(values, val_scores, color=COLORS[1], linestyle=LINESTYLES[1], marker="s",
                  markersize=3, label="validation")
        ax_s.set_title("scores against the hyperparameter")
    else:
        tr, va = (np.asarray(c, dtype=float) for c in curve)
        if tr.shape != va.shape or tr.ndim != 2 or len(tr) != len(values):
            raise ValueError("curve must be a (train, validation) pair of arrays of shape "
                             f"(len(values), n_splits) = ({len(values)}, n); got shapes "
                             f"{tr.shape} and {va.shape}")
        ax_s.plot(values, tr.mean(axis=1), color=COLORS[0], linestyle=LINESTYLES[0],
                  marker="o", markersize=3, label="train (mean)")
        ax_s.plot(values, va.mean(axis=1), color=COLORS[1], linestyle=LINESTYLES[1],
                  marker="s", markersize=3, label="validation (mean ± 1 sd)")
        ax_s.fill_between(values, va.mean(axis=1) - va.std(axis=1),
                          va.mean(axis=1) + va.std(axis=1), color=COLORS[1], alpha=0.2,
                          linewidth=0)
        ax_s.set_title(f"scores over {va.shape[1]} splits")
    marker = ax_s.axvline(values[0], color=COLORS[6], linestyle=":", linewidth=1.2)
    ax_s.set_xlabel(label + (" (log scale)" if log_x else ""))
    ax_s.set_ylabel("accuracy")
    if log_x:
        ax_s.set_xscale("log")
    ax_s.legend(loc="lower left", fontsize=8)
    # what changes at a step; the rest is drawn once and pasted as a background
    live.dynamic = [regions, *ax_b.collections, marker]

    if all(isinstance(v, (int, np.integer)) for v in values) and \
            values == list(range(values[0], values[-1] + 1)):
        slider = widgets.IntSlider(value=start if start is not None else values[0],
                                   min=values[0], max=values[-1], description=label)
    else:
        slider = widgets.SelectionSlider(options=values, description=label,
                                         value=start if start is not None else values[0])
    slider.style.description_width = "initial"

    def update(**kw):
        value = kw[param]
        i = values.index(value)
        regions.set_data(regions_of[i])
        readout.value = (f"<b>{label} = {value}</b> &nbsp; this split: train accuracy "
                         f"{train_scores[i]:.3f}, validation accuracy {val_scores[i]:.3f}")
        marker.set_xdata([value, value])
        live.cache_key = i

    explorer = Explorer({param: slider}, update, live, extra=[readout])
    explorer.readout = readout
    if prerender:
        first_value = slider.value
        for v in values:
            slider.value = v
        slider.value = first_value
    return explorer
