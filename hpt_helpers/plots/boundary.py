"""Decision boundaries and score spreads: the pictures of lesson 01."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from hpt_helpers.plots.style import COLORS, MARKERS

__all__ = ["boundary_grid", "plot_decision_boundary", "plot_score_spread"]


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
                           ax=None):
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
    for i, c in enumerate(classes):
        ax.scatter(*X_train[y_train == c].T, s=14, color=COLORS[i], marker=MARKERS[0],
                   edgecolor="white", linewidth=0.3, label=f"train, class {c}")
        if X_val is not None:
            ax.scatter(*X_val[y_val == c].T, s=22, facecolor="none", edgecolor=COLORS[i],
                       marker=MARKERS[1], linewidth=1.0, label=f"validation, class {c}")
    title = f"train accuracy {estimator.score(X_train, y_train):.3f}"
    if X_val is not None:
        title += f", validation {estimator.score(X_val, y_val):.3f}"
    ax.set_title(title)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    ax.grid(False)
    return ax


def plot_score_spread(scores, labels=None, *, best_label="best", ax=None,
                      ylabel="mean CV accuracy"):
    """Validation scores of many settings of one model, sorted, best one marked.

    Parameters
    ----------
    scores : array-like of float
        One score per hyperparameter setting.
    labels : list of str, optional
        A label per setting (used to annotate the best and worst).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_score_spread([0.6, 0.9, 0.8])
    >>> [round(float(b.get_height()), 1) for b in ax.patches]
    [0.6, 0.8, 0.9]
    """
    ax = ax if ax is not None else plt.gca()
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(scores)
    colors = [COLORS[0]] * len(scores)
    colors[-1] = COLORS[1]
    ax.bar(np.arange(len(scores)), scores[order], color=colors, width=0.8)
    ax.axhline(np.median(scores), color=COLORS[6], linestyle="--", linewidth=1,
               label=f"median {np.median(scores):.3f}")
    if labels is not None:
        ax.annotate(labels[order[-1]], (len(scores) - 1, scores[order[-1]]),
                    xytext=(-5, 8), textcoords="offset points", ha="right", fontsize=8)
        ax.annotate(labels[order[0]], (0, scores[order[0]]), xytext=(3, 8),
                    textcoords="offset points", ha="left", fontsize=8)
    ax.set_xlabel("settings, sorted by score")
    ax.set_ylabel(ylabel)
    lo = max(0.0, scores.min() - 0.05)
    ax.set_ylim(lo, min(1.0, scores.max() + 0.05) if scores.max() <= 1 else None)
    ax.set_xticks([])
    ax.legend(loc="upper left")
    return ax
