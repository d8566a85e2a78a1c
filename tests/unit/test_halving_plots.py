"""Lesson 11's learning-curve benchmark, plots and explorer (on a small synthetic table)."""

import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from hpt_helpers.learning_curves import LearningCurveBenchmark, simulate_halving  # noqa: E402
from hpt_helpers.multifidelity import asha, successive_halving  # noqa: E402
from hpt_helpers.plots.halving import (  # noqa: E402
    plot_halving_curves,
    plot_regret_vs_cost,
    plot_rung_diagram,
    plot_worker_timeline,
)
from hpt_helpers.space import Integer, Real, Space  # noqa: E402

EPOCHS = 27


def synthetic_bench(n=60, seed=0):
    """Curves a + b / epoch ** c, with some crossing."""
    rng = np.random.default_rng(seed)
    lr = np.geomspace(1e-3, 1e-1, n)
    width = rng.choice([8, 16, 32], n)
    a, b, c = rng.uniform(0.05, 0.5, n), rng.uniform(0.5, 2.5, n), rng.uniform(0.3, 1.5, n)
    table = pd.DataFrame({"lr": lr, "width": width})
    for e in range(1, EPOCHS + 1):
        table[f"loss_{e}"] = a + b / e ** c
    space = Space({"lr": Real(1e-3, 1e-1, log=True), "width": Integer(8, 32, log=True)})
    return LearningCurveBenchmark(table, space, name="synthetic")


def test_benchmark_lookup_charges_epochs_and_checks_the_budget():
    bench = synthetic_bench()
    i = 7
    p = bench.params[i]
    assert bench.objective(budget=3, **p) == bench.curves[i, 2]
    assert bench.objective(budget=27.0, **p) == bench.final[i]
    assert bench.calls == 2 and bench.epochs_spent == 30
    with pytest.raises(ValueError, match="budget must be a whole number of epochs between "
                                         "1 and 27; got 2.5"):
        bench.objective(budget=2.5, **p)
    with pytest.raises(ValueError, match="got 0"):
        bench.objective(budget=0, **p)
    bench.reset()
    assert bench.calls == 0 and bench.epochs_spent == 0
    assert bench.regret(bench.minimum) == 0


def test_crossings_count_reversed_pairs():
    table = pd.DataFrame({"lr": [0.01, 0.1, 1.0], "loss_1": [1.0, 2.0, 3.0],
                          "loss_2": [3.0, 2.0, 1.0]})
    bench = LearningCurveBenchmark(table, Space({"lr": Real(0.01, 1, log=True)}))
    assert bench.n_crossings(1) == 3 and bench.n_crossings(2) == 0
    assert bench.rank_correlation(1) == pytest.approx(-1.0)


def test_simulate_halving_matches_successive_halving_on_the_benchmark():
    bench = synthetic_bench()
    res = successive_halving(bench.objective, bench.space, min_budget=1, max_budget=EPOCHS,
                             eta=3, random_state=0)
    rows = [bench.nearest(**p) for p in res.params[:27]]   # the 27 configurations drawn
    out = simulate_halving(bench.curves, rows, min_budget=1, eta=3)
    reached = [int(res.budgets[res.configs == c].max()) for c in range(27)]
    assert reached == out["reached"].tolist()
    assert out["cost"] == res.cost[-1]
    assert out["best_final"] == res.best_value


def test_plot_halving_curves_greys_the_stopped_runs():
    bench = synthetic_bench()
    rows = np.arange(27)
    out = simulate_halving(bench.curves, rows, min_budget=1, eta=3)
    ax = plot_halving_curves(bench.curves[rows], out["reached"])
    grey, kept, dots = ax._hpt_halving
    assert len(kept.get_segments()) == 1 and len(grey.get_segments()) == 26
    assert len(dots.get_offsets()) == 26
    assert [len(s) for s in grey.get_segments()] == \
        out["reached"][out["reached"] < EPOCHS].tolist()
    plt.close("all")


def test_plot_rung_diagram_and_timeline():
    bench = synthetic_bench()
    res = successive_halving(bench.objective, bench.space, min_budget=1, max_budget=EPOCHS,
                             random_state=0)
    ax = plot_rung_diagram(res)
    assert len(ax.lines) == len(set(res.configs.tolist()))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "3", "9", "27"]
    plt.close("all")
    res = asha(bench.objective, bench.space, min_budget=1, max_budget=EPOCHS, n_jobs=1,
               random_state=0)
    ax = plot_worker_timeline(res)
    n_bars = sum(len(c.get_paths()) for c in ax.collections)
    assert n_bars == len(res)
    plt.close("all")


def test_plot_regret_vs_cost_draws_median_and_band():
    grid = np.arange(5)
    regrets = {"a": np.array([[np.inf, 4, 3, 2, 1], [np.inf, np.inf, 2, 1, 1],
                              [5, 4, 3, 2, 2]])}
    ax = plot_regret_vs_cost(grid, regrets, target=1.5)
    line = ax.get_lines()[0]
    assert line.get_xdata().tolist() == [1, 2, 3, 4]          # median defined from x = 1
    np.testing.assert_allclose(line.get_ydata(), [4, 3, 2, 1])
    assert len(ax.collections) == 1
    plt.close("all")


def test_halving_explorer_updates_in_place_and_reports():
    from hpt_helpers.widgets.halving import halving_explorer

    bench = synthetic_bench()
    ex = halving_explorer(bench, n_configs=27)
    grey, kept, _ = ex.live.axes._hpt_halving
    before = len(grey.get_segments())
    ex.controls["n_configs"].value = 54
    assert len(grey.get_segments()) + len(kept.get_segments()) == 54 != before + 1
    assert "54 configurations" in ex.readout.value
    ex.controls["eta"].value = 2
    assert "compute spent" in ex.readout.value
    with pytest.raises(ValueError, match="min_budget must be one of"):
        halving_explorer(bench, n_configs=27, min_budget=2)
    start = time.perf_counter()
    ex.refresh()
    assert time.perf_counter() - start < 5     # a smoke bound; benchmarks time it
