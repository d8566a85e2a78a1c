"""Decision boundaries and score spreads: the pictures of lesson 01."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from hpt_helpers.plots.style import COLORS, MARKERS

__all__ = ["best_index", "boundary_grid", "plot_decision_boundary", "plot_score_spread"]


def boundary_grid(X: np.ndarray, resolution: int = 120, margin: float = 0.05):
    """A regular grid covering the 2-D points ``X`` with a small margin.

    Returns
    -------
    xx, yy : ndarray of shape (resolution, resolution)
    extent : tuple (xmin, xmax, ymin, ymax), for ``imshow``.

    Examples
    --------
    >>> xx, yy, extent = boundary_grid(np.array([[0.0, 0.0], [1.0, 2.0]]), resolution=5)
    >>> xx.shape, extent[0] < 0 < 1 < extent[1]
    ((5, 5), True)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2); got {X.shape}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = (hi - lo) * margin
    lo, hi = lo - pad, hi + pad
    xs = np.linspace(lo[0], hi[0], resolution)
    ys = np.linspace(lo[1], hi[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


def plot_decision_boundary(estimator, X_train, y_train, X_val=None, y_val=None, *,
                           feature_names=("feature 0", "feature 1"), resolution=120,
                           class_names=None, legend=True, ax=None):
    """Draw a fitted 2-feature classifier's regions with training and validation points.

    Training points are filled circles, validation points hollow squares; the title
    carries the two accuracies.

    Parameters
    ----------
    estimator : fitted classifier with ``predict``
    X_train, y_train : arrays, shape (n, 2) and (n,)
    X_val, y_val : arrays, optional
    feature_names : pair of str
        Axis labels.
    resolution : int
        Grid points per axis for the regions.
    class_names : sequence of str, optional
        A name per class (in the order of ``np.unique(y_train)``) for the legend; default
        ``"class <label>"``.
    legend : bool
        Draw the legend (colour = class, filled circle = training, hollow square =
        validation).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        With ``ax.images[0]`` the class regions.

    Examples
    --------
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]]); y = np.array([0, 0, 1, 1])
    >>> ax = plot_decision_boundary(KNeighborsClassifier(1).fit(X, y), X, y, resolution=10)
    >>> ax.images[0].get_array().shape
    (10, 10)
    """
    ax = ax if ax is not None else plt.gca()
    X_all = X_train if X_val is None else np.vstack([X_train, X_val])
    xx, yy, extent = boundary_grid(X_all, resolution)
    classes = np.unique(y_train)
    cmap = ListedColormap(COLORS[: len(classes)])
    regions = estimator.predict(np.c_[xx.ravel(), yy.ravel()]).reshape(xx.shape)
    codes = np.searchsorted(classes, regions)
    ax.imshow(codes, extent=extent, origin="lower", aspect="auto", cmap=cmap, alpha=0.25,
              vmin=0, vmax=len(classes) - 1, interpolation="nearest")
    names = ([f"class {c}" for c in classes] if class_names is None
             else [str(n) for n in class_names])
    if len(names) != len(classes):
        raise ValueError(f"class_names must give one name per class ({len(classes)}); "
                         f"got {len(names)}")
    for i, c in enumerate(classes):
        ax.scatter(*X_train[y_train == c].T, s=14, color=COLORS[i], marker=MARKERS[0],
                   edgecolor="white", linewidth=0.3, label=f"{names[i]}, train")
        if X_val is not None:
            ax.scatter(*X_val[y_val == c].T, s=22, facecolor="none", edgecolor=COLORS[i],
                       marker=MARKERS[1], linewidth=1.0, label=f"{names[i]}, validation")
    title = f"train accuracy {estimator.score(X_train, y_train):.3f}"
    if X_val is not None:
        title += f", validation {estimator.score(X_val, y_val):.3f}"
    ax.set_title(title)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    ax.grid(False)
    if legend:
        ax.legend(loc="upper right", fontsize=7, framealpha=0.85)
    return ax


def best_index(scores) -> int:
    """Index of the best score; a tie goes to the first of the tied settings in list order.

    That is the rule ``np.argmax`` and scikit-learn's ``GridSearchCV`` (rank 1 with the
    lowest candidate index) follow, so a lesson's printout, its figure and its search
    name the same setting.

    Examples
    --------
    >>> best_index([0.7, 0.9, 0.9, 0.8])
    1
    """
    return int(np.argmax(np.asarray(scores, dtype=float)))


def plot_score_spread(scores, labels=None, *, ax=None, ylabel="mean CV accuracy"):
    """Validation scores of many settings of one model, sorted, best one marked.

    Ties are broken by list order (:func:`best_index`): the bars of tied settings keep
    their order, and the best-marked bar is the first-listed of the best ones. The
    annotations name the best and the worst setting and, on a tie, how many share it.

    Parameters
    ----------
    scores : array-like of float
        One score per hyperparameter setting.
    labels : list of str, optional
        A label per setting (used to annotate the best and worst).
    ax : matplotlib Axes, optional
    ylabel : str

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.patches`` are the bars, lowest score first.

    Examples
    --------
    >>> ax = plot_score_spread([0.6, 0.9, 0.8])
    >>> [round(float(b.get_height()), 1) for b in ax.patches]
    [0.6, 0.8, 0.9]
    >>> ax = plot_score_spread([0.9, 0.5, 0.9], ["a", "b", "c"])
    >>> ax.texts[0].get_text()
    'best: a (1 of 2 tied)'
    """
    ax = ax if ax is not None else plt.gca()
    scores = np.asarray(scores, dtype=float)
    n = len(scores)
    best, worst = best_index(scores), int(np.argmin(scores))
    # ascending by score; among ties the first-listed setting sits nearest the end it
    # stands for (the best at the right, the worst at the left)
    order = np.lexsort((np.arange(n), scores))
    k = int(np.sum(scores == scores[best]))
    order[n - k:] = order[n - k:][::-1]
    colors = [COLORS[1] if i == best else COLORS[0] for i in order]
    ax.bar(np.arange(n), scores[order], color=colors, width=0.8)
    ax.axhline(np.median(scores), color=COLORS[6], linestyle="--", linewidth=1,
               label=f"median {np.median(scores):.3f}")

    def tied(i):
        k = int(np.sum(scores == scores[i]))
        return f" (1 of {k} tied)" if k > 1 else ""

    if labels is not None:
        ax.annotate(f"best: {labels[best]}{tied(best)}", (n - 1, scores[best]),
                    xytext=(-5, 8), textcoords="offset points", ha="right", fontsize=8)
        ax.annotate(f"worst: {labels[worst]}{tied(worst)}", (0, scores[worst]),
                    xytext=(3, 8), textcoords="offset points", ha="left", fontsize=8)
    ax.set_xlabel("settings, sorted by score")
    ax.set_ylabel(ylabel)
    lo = max(0.0, scores.min() - 0.05)
    span = scores.max() - lo
    ax.set_ylim(lo, scores.max() + max(0.05, 0.15 * span))  # room for the annotations
    ax.set_xticks([])
    ax.legend(loc="upper left")
    return ax
