"""The initialisation-depth explorer: init scheme, activation, depth, width -> activation spread."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from hpt_helpers.nn import ACTIVATIONS, INIT_SCHEMES, deep_forward
from hpt_helpers.plots.initialization import (
    histogram_edges,
    plot_activation_histogram,
    plot_activation_spread,
)
from hpt_helpers.widgets.blit_figure import TitleBlitFigure, nice_limits
from hpt_helpers.widgets.live import Explorer

__all__ = ["init_depth_explorer", "saturated_share", "spread_verdict"]

MAX_DEPTH = 50
WIDTHS = (64, 128, 256)


def spread_verdict(spread, saturated: float = 0.0) -> str:
    """One phrase for how the activations' std changed from layer 1 to the last layer.

    Parameters
    ----------
    spread : array-like
        Std of the activations of each layer.
    saturated : float
        Share of the last layer's units stuck at the flat ends of tanh or logistic
        (reported when above one half: their derivatives are nearly zero).

    Examples
    --------
    >>> spread_verdict([1.0, 1e-9])
    'vanishing (last/first = 1e-09)'
    >>> spread_verdict([1.0, 1.2])
    'stable (last/first = 1.2)'
    >>> spread_verdict([1.0, 1.0], saturated=0.9)
    'saturated: 90% of units at the flat ends'
    """
    spread = np.asarray(spread, dtype=float)
    if saturated > 0.5:
        return f"saturated: {saturated:.0%} of units at the flat ends"
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = spread[-1] / spread[0] if spread[0] > 0 else 0.0
    if not np.isfinite(ratio) or ratio > 10:
        kind = "exploding"
    elif ratio < 0.1:
        kind = "vanishing"
    else:
        kind = "stable"
    return f"{kind} (last/first = {ratio:.2g})"


def saturated_share(values, activation: str) -> float:
    """Share of activations within 0.01 of a flat end of tanh (+-1) or logistic (0, 1).

    Examples
    --------
    >>> saturated_share(np.array([0.995, -0.999, 0.2, 0.0]), "tanh")
    0.5
    >>> saturated_share(np.array([5.0]), "relu")
    0.0
    """
    values = np.asarray(values, dtype=float)
    if activation == "tanh":
        return float(np.mean(np.abs(values) > 0.99))
    if activation == "logistic":
        return float(np.mean((values < 0.01) | (values > 0.99)))
    return 0.0


def init_depth_explorer(*, depth: int = 30, width: int = 256, scheme: str = "glorot",
                        activation: str = "relu", n_samples: int = 64,
                        random_state: int = 0) -> Explorer:
    """Choose an initialisation, an activation, a depth and a width; see what reaches the end.

    Left: the std of each layer's activations (log scale) for a batch of standard-normal
    inputs pushed through ``depth`` fully connected layers at initialisation. Right: the
    histogram of the last layer's activations. The random weights are drawn once, so
    changing a control changes only what the control changes.

    Examples
    --------
    >>> ex = init_depth_explorer(scheme="small")
    >>> ex.live.axes[0].get_title().startswith("small")
    True
    >>> ex.controls["scheme"].value = "he"
    >>> "stable" in ex.live.axes[0].get_title()
    True
    >>> ex.controls["scheme"].value, ex.controls["activation"].value = "large", "tanh"
    >>> "saturated" in ex.live.axes[0].get_title()
    True
    """
    rng = np.random.default_rng(random_state)
    X_all = rng.standard_normal((n_samples, max(WIDTHS)))
    unit_all = rng.standard_normal((MAX_DEPTH, max(WIDTHS), max(WIDTHS)))

    live = TitleBlitFigure(1, 2, figsize=(8.5, 3.3), dpi=72)
    ax_spread, ax_hist = live.axes
    plot_activation_spread({"this setting": np.ones(depth)}, ax=ax_spread)
    spread_line = ax_spread.lines[0]
    ax_spread.get_legend().remove()
    ax_spread.set_xlim(0.5, MAX_DEPTH + 0.5)
    # Few, plain tick labels: minor log ticks and mathtext are slow to draw at every step.
    low, high = ax_spread.get_ylim()
    ticks = [t for t in (1e-12, 1e-6, 1.0, 1e6, 1e12) if low <= t <= high]
    ax_spread.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax_spread.yaxis.set_minor_locator(NullLocator())
    plot_activation_histogram(np.zeros(10), ax=ax_hist)
    stairs = ax_hist.patches[-1]
    ax_hist.xaxis.set_major_locator(MaxNLocator(5))

    controls = {
        "scheme": widgets.Dropdown(options=list(INIT_SCHEMES), value=scheme,
                                   description="init"),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation,
                                       description="activation"),
        "depth": widgets.IntSlider(value=depth, min=2, max=MAX_DEPTH, description="depth"),
        "width": widgets.SelectionSlider(options=list(WIDTHS), value=width,
                                         description="width"),
    }

    forward = {}  # (scheme, activation, width) -> the outputs of all MAX_DEPTH layers

    def update(scheme, activation, depth, width):
        key = (scheme, activation, width)
        if key not in forward:  # moving the depth slider then only reads the first layers
            if len(forward) >= 8:
                forward.pop(next(iter(forward)))
            forward[key] = deep_forward(X_all[:, :width], MAX_DEPTH, scheme, activation,
                                        unit_weights=unit_all[:, :width, :width])
        outputs = forward[key][:depth]
        spread = np.array([a.std() for a in outputs])
        shown = np.clip(np.nan_to_num(spread, nan=1e12, posinf=1e12), 1e-12, 1e12)
        spread_line.set_data(np.arange(1, depth + 1), shown)
        last = outputs[-1].ravel()
        verdict = spread_verdict(spread, saturated_share(last, activation))
        ax_spread.set_title(f"{scheme} init, {activation}: {verdict}", fontsize=9)
        edges = histogram_edges(last, 40)
        counts, _ = np.histogram(last[np.isfinite(last)], bins=edges)
        stairs.set_data(counts / last.size, edges)
        ax_hist.set_xlim(edges[0], edges[-1])
        # The share axis moves in 1-2-5 steps, so it is redrawn only now and then.
        ax_hist.set_ylim(0, nice_limits([counts / last.size, 1e-3])[1])
        ax_hist.set_title(f"layer {depth}: std {spread[-1]:.2g}, "
                          f"{np.mean(last == 0):.0%} exactly 0", fontsize=9)

    # The histogram's range follows the last layer's values, which span 60 orders of
    # magnitude across the schemes: its x axis is redrawn with the moving artists at each
    # step; everything else (the left panel's axes, the labels) is drawn once.
    return Explorer(controls, update, live, columns=4,
                    freeze=(spread_line, stairs, ax_hist.xaxis))
