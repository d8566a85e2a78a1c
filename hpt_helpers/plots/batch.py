"""Pictures of lesson 02: gradient noise, loss curves, timings and the batch-size/lr grid."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm

from hpt_helpers.plots.style import COLORS, SEQUENTIAL_CMAP, series_style

__all__ = [
    "plot_epoch_time",
    "plot_gradient_variance",
    "plot_loss_curves",
    "plot_lr_grid",
    "plot_pow2_timing",
]


def _positive(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be 1-D arrays of the same length; got shapes "
                         f"{x.shape} and {y.shape}.")
    keep = np.isfinite(y) & (y > 0)
    return x[keep], y[keep]


def plot_gradient_variance(batch_sizes, measured, *, predicted=None, uncorrected=None,
                           ax=None):
    """Measured mini-batch gradient variance against batch size, on log-log axes.

    Parameters
    ----------
    batch_sizes : array of int
    measured : array of float
        One variance per batch size (points <= 0, e.g. at ``B = n``, are left out: a
        log axis cannot show them).
    predicted : array of float, optional
        Theory with the finite-population correction, drawn as a line.
    uncorrected : array of float, optional
        Plain ``s2 / B``, drawn dashed.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_gradient_variance([1, 10, 100], [1.0, 0.1, 0.0], predicted=[1.0, 0.1, 0.0])
    >>> ax.get_xscale(), len(ax.lines[0].get_xdata())
    ('log', 2)
    """
    ax = ax if ax is not None else plt.gca()
    x, y = _positive(batch_sizes, measured)
    ax.plot(x, y, linestyle="none", marker="o", color=COLORS[0], label="measured")
    if predicted is not None:
        px, py = _positive(batch_sizes, predicted)
        ax.plot(px, py, color=COLORS[1], label=r"theory $s^2/B \cdot (n-B)/(n-1)$")
    if uncorrected is not None:
        ux, uy = _positive(batch_sizes, uncorrected)
        ax.plot(ux, uy, color=COLORS[6], linestyle="--", linewidth=1,
                label=r"$s^2/B$ (no correction)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("batch size B")
    ax.set_ylabel("variance of the mini-batch gradient")
    ax.legend()
    return ax


def plot_loss_curves(curves, *, xlabel="epochs", ylabel="training loss", logx=False,
                     logy=True, ax=None):
    """One line per run: ``curves`` is a list of ``(label, x, loss)``.

    Non-finite losses (a diverged run) are not drawn.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_loss_curves([("B = 1", [0, 1, 2], [2.3, 0.5, 0.3]),
    ...                        ("B = 10", [0, 1, 2], [2.3, 1.0, 0.7])])
    >>> [line.get_label() for line in ax.lines]
    ['B = 1', 'B = 10']
    """
    ax = ax if ax is not None else plt.gca()
    if len(curves) == 0:
        raise ValueError("curves must hold at least one (label, x, loss) triple; got none.")
    for i, (label, x, loss) in enumerate(curves):
        x = np.asarray(x, dtype=float)
        loss = np.asarray(loss, dtype=float)
        if x.shape != loss.shape:
            raise ValueError(f"curve {label!r}: x and loss must have the same shape; got "
                             f"{x.shape} and {loss.shape}.")
        style = series_style(i)
        ax.plot(x, np.where(np.isfinite(loss), loss, np.nan), color=style["color"],
                linestyle=style["linestyle"], marker=style["marker"] if len(x) <= 25 else None,
                markersize=3, label=label)
    if logx:
        ax.set_xscale("symlog", linthresh=1)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def plot_epoch_time(batch_sizes, seconds_per_epoch, n_samples, *, ax=None):
    """Wall time per epoch and per update against batch size (log-log, milliseconds).

    Per update is per epoch divided by ``ceil(n_samples / B)``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_epoch_time([1, 10, 100], [0.1, 0.012, 0.003], 100)
    >>> [line.get_label() for line in ax.lines]
    ['time per epoch', 'time per update']
    >>> [round(float(v), 6) for v in ax.lines[1].get_ydata()]
    [1.0, 1.2, 3.0]
    """
    ax = ax if ax is not None else plt.gca()
    b, t = _positive(batch_sizes, seconds_per_epoch)
    updates = np.ceil(n_samples / b)
    ax.plot(b, 1e3 * t, marker="o", color=COLORS[0], label="time per epoch")
    ax.plot(b, 1e3 * t / updates, marker="s", linestyle="--", color=COLORS[1],
            label="time per update")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("batch size B")
    ax.set_ylabel("milliseconds")
    ax.legend()
    return ax


def plot_lr_grid(batch_sizes, learning_rates, values, *, label="validation loss",
                 mark_best=True, ax=None):
    """Heatmap of a loss over (batch size, learning rate), best learning rate per row marked.

    Parameters
    ----------
    batch_sizes : array (n_b,)
    learning_rates : array (n_lr,)
    values : array (n_b, n_lr)
        Positive losses; ``inf``/``nan`` (diverged) cells are shown blank.
    label : str
        Colour-bar label.
    mark_best : bool
        Mark the lowest value in each row with a white star.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` is the heatmap.

    Examples
    --------
    >>> ax = plot_lr_grid([1, 10], [0.1, 1.0], [[0.5, 0.9], [0.8, 0.3]])
    >>> ax.images[0].get_array().shape, ax.lines[0].get_xdata().tolist()
    ((2, 2), [0.0, 1.0])
    """
    ax = ax if ax is not None else plt.gca()
    values = np.asarray(values, dtype=float)
    nb, nl = len(batch_sizes), len(learning_rates)
    if values.shape != (nb, nl):
        raise ValueError(f"values must have shape (len(batch_sizes), len(learning_rates)) = "
                         f"{(nb, nl)}; got {values.shape}.")
    shown = np.where(np.isfinite(values) & (values > 0), values, np.nan)
    finite = shown[np.isfinite(shown)]
    norm = LogNorm(vmin=finite.min(), vmax=finite.max()) if finite.size else None
    image = ax.imshow(np.ma.masked_invalid(shown), origin="lower", aspect="auto",
                      cmap=SEQUENTIAL_CMAP, norm=norm, interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label=label)
    ax.set_xticks(range(nl), [f"{r:.3g}" for r in learning_rates], rotation=60, fontsize=8)
    ax.set_yticks(range(nb), [str(int(b)) for b in batch_sizes])
    ax.set_xlabel("learning rate")
    ax.set_ylabel("batch size B")
    ax.grid(False)
    if mark_best:
        filled = np.where(np.isfinite(shown), shown, np.inf)
        best = np.argmin(filled, axis=1)
        ax.plot(best.astype(float), np.arange(nb, dtype=float), linestyle="none",
                marker="*", markersize=11, color="white", markeredgecolor="black",
                label="best learning rate per B")
    return ax


def plot_pow2_timing(batch_sizes, seconds, *, ax=None):
    """Time per epoch for each batch size as bars, powers of two highlighted.

    Bars are spaced by position (not on a numeric axis) so that neighbours such as
    63, 64 and 65 sit side by side; a gap separates each run of consecutive sizes.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_pow2_timing([31, 32, 33], [0.010, 0.011, 0.010])
    >>> [p.get_facecolor()[:3] != ax.patches[0].get_facecolor()[:3] for p in ax.patches]
    [False, True, False]
    """
    ax = ax if ax is not None else plt.gca()
    sizes = np.asarray(batch_sizes, dtype=int)
    secs = np.asarray(seconds, dtype=float)
    if sizes.shape != secs.shape or sizes.ndim != 1 or len(sizes) == 0:
        raise ValueError(f"batch_sizes and seconds must be 1-D arrays of the same length; "
                         f"got shapes {sizes.shape} and {secs.shape}.")
    gaps = np.concatenate([[0], np.cumsum(np.abs(np.diff(sizes)) > 4)])
    positions = np.arange(len(sizes)) + 0.8 * gaps
    pow2 = (sizes & (sizes - 1)) == 0
    colors = [COLORS[1] if p else COLORS[0] for p in pow2]
    ax.bar(positions, 1e3 * secs, color=colors, width=0.8)
    ax.set_xticks(positions, [str(s) for s in sizes], rotation=90, fontsize=8)
    ax.set_xlabel("batch size B (orange: a power of two)")
    ax.set_ylabel("milliseconds per epoch")
    ax.grid(False, axis="x")
    return ax
