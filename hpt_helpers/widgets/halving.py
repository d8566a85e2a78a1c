"""Lesson 11's explorer: successive halving on the benchmark's learning curves."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from hpt_helpers.learning_curves import LearningCurveBenchmark, simulate_halving
from hpt_helpers.multifidelity import rung_budgets
from hpt_helpers.plots.halving import plot_halving_curves, update_halving_curves
from hpt_helpers.validation import check_int
from hpt_helpers.widgets.live import Explorer, LiveFigure

__all__ = ["halving_explorer"]


def _fast_axes(ax, max_epochs: int) -> None:
    """Fixed ticks without minor ticks: a log axis's many tick labels dominate a redraw."""
    from matplotlib.ticker import FixedLocator, NullLocator

    ticks = [t for t in (1, 3, 9, 27, 81, 243) if t <= max_epochs * 1.05]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([str(t) for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    low, high = ax.get_ylim()
    yt = [v for v in (0.01, 0.03, 0.1, 0.3, 1, 3, 10) if low <= v <= high]
    ax.yaxis.set_major_locator(FixedLocator(yt))
    ax.set_yticklabels([f"{v:g}" for v in yt])
    ax.yaxis.set_minor_locator(NullLocator())


def halving_explorer(bench: LearningCurveBenchmark, *, n_configs: int = 81, eta: int = 3,
                     min_budget: int = 1, seed: int = 0) -> Explorer:
    """Successive halving on ``bench``'s curves: choose eta, the minimum budget and the
    number of configurations; see who is stopped where, the compute spent and the best
    final loss found.

    The configurations are the first ``n_configs`` of a seeded random order of the
    benchmark's configurations (without repeats), so a larger ``n_configs`` adds
    configurations and keeps the others.

    Parameters
    ----------
    bench : LearningCurveBenchmark
    n_configs, eta, min_budget : int
        Initial values of the sliders.
    seed : int
        Seed of the order in which configurations are drawn.

    Returns
    -------
    Explorer
        Controls ``eta``, ``min_budget`` and ``n_configs``.

    Examples
    --------
    >>> import pandas as pd
    >>> from hpt_helpers.space import Real, Space
    >>> epochs = np.arange(1, 10)
    >>> table = pd.DataFrame({"lr": np.geomspace(1e-3, 1, 12)})
    >>> for e in epochs:
    ...     table[f"loss_{e}"] = 1 / (e * table.lr) + table.lr
    >>> bench = LearningCurveBenchmark(table, Space({"lr": Real(1e-3, 1, log=True)}))
    >>> ex = halving_explorer(bench, n_configs=9)
    >>> ex.controls["eta"].value = 2
    >>> "epochs" in ex.readout.value
    True
    """
    n_total = len(bench)
    n_configs = check_int("n_configs", n_configs, low=1, high=n_total)
    eta = check_int("eta", eta, low=2, high=5)
    min_budgets = [b for b in rung_budgets(1, bench.max_epochs, 3)[:-1]] or [1]
    if min_budget not in min_budgets:
        raise ValueError(f"min_budget must be one of {min_budgets}; got {min_budget!r}.")
    order = np.random.default_rng(seed).permutation(n_total)
    curves = bench.curves

    eta_slider = widgets.IntSlider(value=eta, min=2, max=5, description="eta",
                                   continuous_update=False)
    budget_slider = widgets.SelectionSlider(options=min_budgets, value=min_budget,
                                            description="min epochs",
                                            continuous_update=False)
    n_slider = widgets.IntSlider(value=n_configs, min=3, max=n_total, step=1,
                                 description="configs", continuous_update=False)
    readout = widgets.HTML()
    live = LiveFigure(figsize=(6.4, 4.0))
    ax = live.axes
    rows0 = order[:n_configs]
    first = simulate_halving(curves, rows0, min_budget=min_budget, eta=eta)
    plot_halving_curves(curves[rows0], first["reached"], ax=ax)
    all_shown = curves[np.isfinite(curves) & (curves > 0)]
    ax.set_ylim(all_shown.min() / 1.3, min(all_shown.max(), 10.0) * 1.3)
    best_line = ax.axhline(np.nan, color="0.2", linestyle=":", linewidth=1,
                           label="best final loss found")
    ax.get_legend().remove()      # the read-out says what the colours mean (faster redraw)
    _fast_axes(ax, bench.max_epochs)

    def update(eta: int, min_budget: int, n_configs: int) -> None:
        rows = order[:n_configs]
        out = simulate_halving(curves, rows, min_budget=min_budget, eta=eta)
        update_halving_curves(ax, curves[rows], out["reached"])
        best_line.set_ydata([out["best_final"], out["best_final"]])
        full = n_configs * bench.max_epochs
        n_end = int(np.sum(out["reached"] >= bench.max_epochs))
        readout.value = (f"{n_configs} configurations, rungs {out['budgets']} epochs; "
                         f"compute spent: <b>{out['cost']}</b> epochs "
                         f"({out['cost'] / full:.0%} of training all {n_configs} "
                         f"configurations fully); {n_end} trained to the end; best final "
                         f"loss found <b>{out['best_final']:.4f}</b> (dotted line; best in "
                         f"the benchmark {bench.minimum:.4f}). Grey: stopped at the dot; "
                         f"blue: trained to the end.")

    explorer = Explorer({"eta": eta_slider, "min_budget": budget_slider,
                         "n_configs": n_slider}, update, live, extra=[readout])
    explorer.readout = readout
    return explorer
