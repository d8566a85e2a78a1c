"""Lesson 11's data: the learning-curve build script, its checked loading, the comparison."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from hpt_helpers.learning_curves import mlp_digits

ROOT = Path(__file__).resolve().parents[2]


def _module(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "data" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_learning_curves_runs_on_a_tiny_grid(tmp_path):
    out = tmp_path / "curves.csv"
    subprocess.run([sys.executable, str(ROOT / "data" / "build_learning_curves.py"), "--tiny",
                    "--epochs", "3", "--n-jobs", "1", "--out", str(out)], check=True,
                   capture_output=True)
    table = pd.read_csv(out)
    assert len(table) == 2
    assert [c for c in table.columns if c.startswith("loss_")] == ["loss_1", "loss_2", "loss_3"]
    assert {"learning_rate_init", "hidden_units", "alpha", "batch_size", "test_loss",
            "seconds_per_epoch"} <= set(table.columns)
    losses = table[["loss_1", "loss_2", "loss_3"]].to_numpy()
    assert np.all(losses > 0) and np.all(losses < np.log(10) * 2)
    # the larger learning rate learns faster in 3 epochs (as in the full table)
    assert losses[1, -1] < losses[0, -1]
    # seeded: a second build gives the same curves (to printing precision)
    again = tmp_path / "again.csv"
    subprocess.run([sys.executable, str(ROOT / "data" / "build_learning_curves.py"), "--tiny",
                    "--epochs", "3", "--n-jobs", "1", "--out", str(again)], check=True,
                   capture_output=True)
    np.testing.assert_allclose(pd.read_csv(again)[["loss_1", "loss_2", "loss_3"]], losses,
                               rtol=1e-4)


def test_the_bundled_benchmark_loads_checked_and_complete():
    bench = mlp_digits()
    assert bench.max_epochs == 81 and len(bench) >= 200
    assert np.all(np.isfinite(bench.curves)) and np.all(bench.curves > 0)
    # every configuration of the grid is distinct
    assert len(bench.table[bench.space.names].drop_duplicates()) == len(bench)


def test_comparison_build_on_a_small_benchmark():
    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    from test_halving_plots import synthetic_bench

    build = _module("build_multifidelity_comparison")
    bench = synthetic_bench(80)
    table = build.build(bench, seeds=1, budget=162, step=27,
                        methods=["random", "successive halving", "asha",
                                 "optuna tpe + sh pruner"])
    assert set(table["method"]) == {"random", "successive halving", "asha",
                                    "optuna tpe + sh pruner"}
    for _, frame in table.groupby("method"):
        regret = frame["regret"].to_numpy()
        ok = regret[np.isfinite(regret)]
        assert len(ok) and np.all(ok >= 0) and np.all(np.diff(ok) <= 1e-12)
    # regret_on_grid: incumbents only from full-budget evaluations
    out = build.regret_on_grid([1, 2, 5], [np.nan, 0.5, 0.2], np.array([1, 2, 4, 5]), 0.1)
    np.testing.assert_allclose(out, [np.nan, 0.4, 0.4, 0.1], equal_nan=True)
