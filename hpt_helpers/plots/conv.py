"""Pictures of convolution: kernels, feature maps, window positions, receptive fields,
and the kernel-size / stride sweep of lesson 05."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullFormatter, ScalarFormatter

from hpt_helpers.conv import conv2d, output_size
from hpt_helpers.plots.style import COLORS, DIVERGING_CMAP, series_style

__all__ = [
    "map_colors",
    "plot_feature_map",
    "plot_filter_gallery",
    "plot_influence",
    "plot_kernel",
    "plot_kernel_stride_sweep",
    "plot_multiply_and_sum",
    "plot_window_positions",
]


def map_colors(values, *, signed: bool | None = None, robust: bool = False) -> dict:
    """Colour map and limits for a map: a grey scale, or a diverging map centred on zero
    for signed maps (such as the output of an edge kernel).

    Parameters
    ----------
    values : array_like
    signed : bool, optional
        Use the diverging map. Default: when ``values`` has negative entries.
    robust : bool
        Set the limits from the 0.5th and 99.5th percentiles instead of the extremes,
        so that a few extreme pixels (at a padded border, say) do not wash out the rest.

    Examples
    --------
    >>> map_colors(np.array([-2.0, 1.0]))
    {'cmap': 'RdBu_r', 'vmin': -2.0, 'vmax': 2.0}
    >>> map_colors(np.array([0.0, 0.5]))["cmap"]
    'gray'
    """
    a = np.asarray(values, dtype=float)
    if signed is None:
        signed = bool(a.min() < -1e-12)
    if signed:
        m = float(np.percentile(np.abs(a), 99.5) if robust else np.abs(a).max())
        m = max(m, 1e-12)
        return {"cmap": DIVERGING_CMAP, "vmin": -m, "vmax": m}
    lo, hi = (np.percentile(a, [0.5, 99.5]) if robust else (a.min(), a.max()))
    lo, hi = float(lo), float(hi)
    return {"cmap": "gray", "vmin": lo, "vmax": max(hi, lo + 1e-12)}


def plot_feature_map(fmap, *, title: str | None = None, signed: bool | None = None,
                     robust: bool = False, ax=None):
    """Show an image or feature map, one square cell per value.

    Signed maps get a diverging colour map centred on zero (blue below, red above),
    others a grey scale; ``signed`` and ``robust`` are passed to :func:`map_colors`.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` holds the map.

    Examples
    --------
    >>> ax = plot_feature_map(np.eye(3), title="identity")
    >>> ax.images[0].get_array().shape, ax.get_title()
    ((3, 3), 'identity')
    """
    ax = ax if ax is not None else plt.gca()
    a = np.asarray(fmap, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"fmap must be 2-D; got shape {a.shape}.")
    ax.imshow(a, interpolation="nearest", **map_colors(a, signed=signed, robust=robust))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    if title is not None:
        ax.set_title(title)
    return ax


def plot_kernel(kernel, *, annotate: bool | None = None, fmt: str = ".2g", ax=None):
    """Show a kernel as a heatmap centred on zero, with its values written in the cells.

    Parameters
    ----------
    kernel : array_like, shape (kh, kw)
    annotate : bool, optional
        Write the values (default: when the kernel is at most 7 x 7).
    fmt : str
        Number format of the annotations.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_kernel(np.array([[1.0, 0.0, -1.0]] * 3))
    >>> len(ax.texts)
    9
    """
    ax = ax if ax is not None else plt.gca()
    k = np.asarray(kernel, dtype=float)
    if k.ndim != 2:
        raise ValueError(f"kernel must be 2-D; got shape {k.shape}.")
    m = max(float(np.abs(k).max()), 1e-12)
    ax.imshow(k, cmap=DIVERGING_CMAP, vmin=-m, vmax=m, interpolation="nearest")
    if annotate is None:
        annotate = max(k.shape) <= 7
    if annotate:
        for (i, j), v in np.ndenumerate(k):
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=8,
                    color="white" if abs(v) > 0.6 * m else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    return ax


def plot_multiply_and_sum(patch, kernel, *, fmt: str = ".2f") -> Figure:
    """One step of a convolution: window, kernel, their element-wise product, the sum.

    Parameters
    ----------
    patch : array_like, shape (k, k)
        The input values under the kernel.
    kernel : array_like, shape (k, k)

    Returns
    -------
    matplotlib.figure.Figure
        Three Axes (window, kernel, product); the product's title holds the sum.

    Examples
    --------
    >>> fig = plot_multiply_and_sum(np.ones((3, 3)), np.eye(3))
    >>> fig.axes[2].get_title()
    'product, sum = 3.00'
    """
    p = np.asarray(patch, dtype=float)
    k = np.asarray(kernel, dtype=float)
    if p.shape != k.shape or p.ndim != 2:
        raise ValueError(f"patch and kernel must be 2-D arrays of the same shape; got "
                         f"{p.shape} and {k.shape}.")
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.2), layout="constrained")
    plot_kernel(p, fmt=fmt, ax=axes[0])
    axes[0].images[0].set_cmap("gray")
    axes[0].images[0].set_clim(0, max(1.0, float(p.max())))
    for t in axes[0].texts:
        t.set_color("black" if float(t.get_text()) > 0.5 * max(1.0, p.max()) else "white")
    axes[0].set_title("window of the image")
    plot_kernel(k, fmt=fmt, ax=axes[1])
    axes[1].set_title("kernel")
    product = p * k
    plot_kernel(product, fmt=fmt, ax=axes[2])
    axes[2].set_title(f"product, sum = {product.sum():{fmt}}")
    return fig


def plot_filter_gallery(image, kernels: Mapping[str, np.ndarray], *, ncols: int = 3
                        ) -> Figure:
    """The image convolved with each kernel, kernel drawn in the corner of its panel.

    Maps of zero-sum kernels (edge detectors) use a diverging colour map centred on
    zero; the others a grey scale. Limits are robust (see :func:`map_colors`).

    Parameters
    ----------
    image : array_like, shape (H, W)
    kernels : mapping of str to array, shape (k, k)
        Panel title -> kernel.
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per kernel (titles are the mapping's keys), plus one inset per panel.

    Examples
    --------
    >>> fig = plot_filter_gallery(np.random.default_rng(0).random((20, 30)),
    ...                           {"a": np.ones((3, 3)), "b": np.eye(3)}, ncols=2)
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['a', 'b']
    """
    items = list(kernels.items())
    if not items:
        raise ValueError("kernels must hold at least one kernel; got an empty mapping.")
    nrows = -(-len(items) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.8 * nrows),
                             squeeze=False, layout="constrained")
    panels = axes.ravel()
    for ax, (name, kernel) in zip(panels, items, strict=False):
        signed = abs(float(np.sum(kernel))) < 1e-9
        plot_feature_map(conv2d(image, kernel), title=name, signed=signed, robust=True, ax=ax)
        inset = ax.inset_axes([0.0, 0.0, 0.2, 0.3])
        plot_kernel(kernel, annotate=False, ax=inset)
    for ax in panels[len(items):]:
        ax.set_visible(False)
    return fig


def plot_window_positions(n: int, k: int, stride: int = 1, padding: int = 0, *, ax=None):
    """Every position of a kernel along one axis of a padded input.

    Top row: the cells, padding hatched, input cells that no window covers in
    vermillion. Below: one bar per window position, i.e. per output value.

    Returns
    -------
    matplotlib.axes.Axes
        With one bar per output position in ``ax.patches`` after the cells.

    Examples
    --------
    >>> ax = plot_window_positions(7, 3, stride=2)
    >>> ax.get_title().splitlines()[1]
    'floor((7 + 0 - 3) / 2) + 1 = 3 positions'
    """
    n_out = output_size(n, k, stride, padding)
    ax = ax if ax is not None else plt.gca()
    total = n + 2 * padding
    covered = np.zeros(total, bool)
    for i in range(n_out):
        covered[i * stride:i * stride + k] = True
    for c in range(total):
        is_pad = c < padding or c >= padding + n
        face = "0.85" if is_pad else ("white" if covered[c] else COLORS[3])
        ax.add_patch(Rectangle((c, 0), 1, 1, facecolor=face, edgecolor="black",
                               hatch="//" if is_pad else None, linewidth=0.8))
    for i in range(n_out):
        ax.add_patch(Rectangle((i * stride + 0.08, -1.2 - 0.9 * i), k - 0.16, 0.7,
                               facecolor=COLORS[i % 2], alpha=0.8, edgecolor="none"))
        ax.text(i * stride + k / 2, -0.85 - 0.9 * i, f"out {i}", ha="center",
                va="center", fontsize=7, color="white")
    ax.set_xlim(-0.2, total + 0.2)
    ax.set_ylim(-1.4 - 0.9 * n_out, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"n={n}, k={k}, s={stride}, p={padding}\nfloor(({n} + {2 * padding} - "
                 f"{k}) / {stride}) + 1 = {n_out} positions", fontsize=9)
    return ax


def plot_influence(influence, receptive: int, *, ax=None):
    """The influence of each input pixel on one output unit, with the formula's
    receptive field drawn as a square.

    Parameters
    ----------
    influence : array_like, shape (n, n)
        From :func:`hpt_helpers.conv.influence_map`.
    receptive : int
        The receptive field the formula predicts.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from hpt_helpers.conv import influence_map
    >>> ax = plot_influence(influence_map([3, 3]), 5)
    >>> ax.patches[0].get_width()
    5
    """
    ax = ax if ax is not None else plt.gca()
    m = np.asarray(influence, dtype=float)
    nz = np.argwhere(m > 0)
    ax.imshow(m, cmap="viridis", interpolation="nearest")
    if len(nz):
        top, left = nz.min(axis=0)
        ax.add_patch(Rectangle((left - 0.5, top - 0.5), receptive, receptive, fill=False,
                               edgecolor=COLORS[1], linewidth=2, linestyle="--"))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title(f"formula: {receptive} x {receptive}", fontsize=9)
    return ax


def plot_kernel_stride_sweep(kernel_sizes: Sequence[int], strides: Sequence[int], accuracy,
                             n_features, *, baseline: float | None = None) -> Figure:
    """Accuracy and feature count against kernel size, one line per stride.

    Parameters
    ----------
    kernel_sizes, strides : sequences of int
    accuracy, n_features : array_like, shape (len(kernel_sizes), len(strides))
    baseline : float, optional
        An accuracy drawn as a dotted horizontal line (e.g. raw pixels).

    Returns
    -------
    matplotlib.figure.Figure
        Two Axes: accuracy (left), feature count on a log scale (right).

    Examples
    --------
    >>> fig = plot_kernel_stride_sweep([2, 3], [1, 2], [[0.9, 0.8], [0.95, 0.7]],
    ...                                [[100, 30], [80, 20]])
    >>> len(fig.axes[0].lines), fig.axes[1].get_yscale()
    (2, 'log')
    """
    acc = np.asarray(accuracy, dtype=float)
    nf = np.asarray(n_features, dtype=float)
    shape = (len(kernel_sizes), len(strides))
    if acc.shape != shape or nf.shape != shape:
        raise ValueError(f"accuracy and n_features must have shape {shape} (kernel sizes x "
                         f"strides); got {acc.shape} and {nf.shape}.")
    fig, (ax_a, ax_f) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    for j, s in enumerate(strides):
        style = series_style(j)
        ax_a.plot(kernel_sizes, acc[:, j], label=f"stride {s}", **style)
        ax_f.plot(kernel_sizes, nf[:, j], label=f"stride {s}", **style)
    if baseline is not None:
        ax_a.axhline(baseline, color="grey", linestyle=":", linewidth=1.2,
                     label="raw pixels")
    ax_a.set_xlabel("kernel size k")
    ax_a.set_ylabel("mean CV accuracy")
    ax_a.set_title("accuracy")
    ax_a.legend(loc="best")
    ax_f.set_yscale("log")
    ticks = np.unique(nf)
    ax_f.set_yticks(ticks)
    ax_f.yaxis.set_major_formatter(ScalarFormatter())
    ax_f.yaxis.set_minor_formatter(NullFormatter())
    ax_f.set_xlabel("kernel size k")
    ax_f.set_ylabel("features (log scale)")
    ax_f.set_title("feature count")
    ax_f.legend(loc="upper right")
    for ax in (ax_a, ax_f):
        ax.set_xticks(list(kernel_sizes))
    return fig
