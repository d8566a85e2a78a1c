"""Lesson 02's explorer: batch size and learning rate -> the training-loss curve."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator

from hpt_helpers.minibatch import train_softmax_sgd, updates_per_epoch
from hpt_helpers.plots.style import COLORS, LINESTYLES
from hpt_helpers.widgets.live import Explorer

__all__ = ["batch_explorer"]


def batch_explorer(X, y, X_val, y_val, *,
                   batch_sizes: Sequence[int] = (4, 8, 16, 32, 64, 128, 256, 512),
                   learning_rates: Sequence[float] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0),
                   epochs: int = 10, start=(32, 0.1), random_state: int = 0,
                   precompute: bool = True) -> Explorer:
    """Slide the batch size and the learning rate; watch the loss against epochs and updates.

    Left: training (solid) and validation (dashed) loss after each epoch. Right: the same
    run against the number of weight updates, on a log axis, so the two budgets can be
    compared. The grey curves are the starting setting, kept as a reference. Each
    (batch size, learning rate) run is trained once (softmax regression by mini-batch
    SGD, :func:`hpt_helpers.minibatch.train_softmax_sgd`) and cached.

    Parameters
    ----------
    X, y, X_val, y_val : arrays
        Standardised training and validation data with a bias column
        (:func:`hpt_helpers.minibatch.add_bias`).
    batch_sizes, learning_rates : sequences
        The options of the two sliders.
    epochs : int
        Epochs per run.
    start : (int, float)
        Initial batch size and learning rate (must be among the options).
    random_state : int
        Seed of every run (the same for all settings).
    precompute : bool
        Train every (batch size, learning rate) pair up front, so that a slider step
        only redraws (default). With False, runs are trained on first use and cached.

    Returns
    -------
    Explorer
        ``.readout`` is the line under the picture naming the setting and its result. A
        step redraws only the two curves over a cached picture of the rest.

    Examples
    --------
    >>> from hpt_helpers.minibatch import add_bias
    >>> rng = np.random.default_rng(0)
    >>> X = add_bias(rng.normal(size=(80, 3))); y = (X[:, 1] > 0).astype(int)
    >>> ex = batch_explorer(X[:60], y[:60], X[60:], y[60:], batch_sizes=(4, 16),
    ...                     learning_rates=(0.1, 1.0), epochs=3, start=(4, 0.1),
    ...                     precompute=False)
    >>> ex.controls["batch_size"].value = 16
    >>> ex.live.axes[1].lines[2].get_xdata().tolist()  # updates (0 drawn at 0.8, log axis)
    [0.8, 4.0, 8.0, 12.0]
    """
    batch_sizes, learning_rates = list(batch_sizes), list(learning_rates)
    if start[0] not in batch_sizes or start[1] not in learning_rates:
        raise ValueError(f"start must be a (batch size, learning rate) pair from the options "
                         f"{batch_sizes} and {learning_rates}; got {start!r}")
    cache: dict = {}

    def run(b, lr):
        if (b, lr) not in cache:
            cache[(b, lr)] = train_softmax_sgd(X, y, batch_size=b, lr=lr, epochs=epochs,
                                               X_val=X_val, y_val=y_val,
                                               random_state=random_state)
        return cache[(b, lr)]

    if precompute:
        for b in batch_sizes:
            for lr in learning_rates:
                run(b, lr)

    from hpt_helpers.widgets.blit_figure import BlitFigure

    # Only the two runs' curves and a read-out change at a step: they are redrawn over a
    # cached picture of the rest (axes, reference curves, legend), and each setting's
    # picture is kept once sent.
    live = BlitFigure(1, 2, figsize=(9.0, 3.6), dpi=80, sharey=True)
    ax_e, ax_u = live.axes
    ref = run(*start)
    lines = {}
    for ax, xs in ((ax_e, ref.epochs), (ax_u, np.maximum(ref.updates, 0.8))):
        ax.plot(xs, ref.loss, color="0.7", linewidth=1)
        ax.plot(xs, ref.val_loss, color="0.7", linewidth=1, linestyle="--")
        lines[ax] = (ax.plot(xs, ref.loss, color=COLORS[0], linestyle=LINESTYLES[0],
                             marker="o", markersize=3, label="training loss")[0],
                     ax.plot(xs, ref.val_loss, color=COLORS[1], linestyle=LINESTYLES[1],
                             marker="s", markersize=3, label="validation loss")[0])
        ax.set_yscale("log")
    ax_e.set_xlabel("epochs")
    ax_u.set_xlabel("weight updates (log scale)")
    ax_u.set_xscale("log")
    ax_u.set_xlim(0.8, epochs * updates_per_epoch(len(X), min(batch_sizes)) * 1.3)
    ax_e.set_ylabel("mean cross-entropy (log scale)")
    top = 2.5 * float(ref.loss[0])
    ax_e.set_ylim(0.003, top)
    ax_e.legend(loc="upper right")
    ax_e.set_title("per epoch")
    ax_u.set_title("per update", fontsize=9)
    readout = widgets.HTML()
    live.dynamic = [*lines[ax_e], *lines[ax_u]]
    for ax in (ax_e, ax_u):  # no minor ticks on the log axes: halves the time of a redraw
        ax.xaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_minor_locator(NullLocator())

    style = {"style": {"description_width": "initial"}, "continuous_update": False}
    b_slider = widgets.SelectionSlider(options=batch_sizes, value=start[0],
                                       description="batch size B", **style)
    lr_slider = widgets.SelectionSlider(options=learning_rates, value=start[1],
                                        description="learning rate", **style)

    def update(batch_size, lr):
        r = run(batch_size, lr)
        loss = np.where(np.isfinite(r.loss), r.loss, np.nan)
        val = np.where(np.isfinite(r.val_loss), r.val_loss, np.nan)
        for ax, xs in ((ax_e, r.epochs), (ax_u, np.maximum(r.updates, 0.8))):
            lines[ax][0].set_data(xs, loss)
            lines[ax][1].set_data(xs, val)
        status = "diverged" if r.diverged else f"final validation loss {r.final_val_loss:.3f}"
        readout.value = (f"<b>B={batch_size}, lr={lr:g}</b>: "
                         f"{updates_per_epoch(len(X), batch_size)} updates/epoch, {status}")
        live.cache_key = (batch_size, lr)

    explorer = Explorer({"batch_size": b_slider, "lr": lr_slider}, update, live,
                        extra=[readout])
    explorer.readout = readout
    return explorer
