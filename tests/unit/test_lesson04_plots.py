"""Smoke and content tests of lesson 04's plots."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from hpt_helpers.gradient_optimizers import optimizer_path
from hpt_helpers.loss_surfaces import ravine, rosenbrock
from hpt_helpers.nn import ACTIVATIONS
from hpt_helpers.plots.activations import plot_activations
from hpt_helpers.plots.initialization import (
    histogram_edges,
    plot_activation_histogram,
    plot_activation_spread,
)
from hpt_helpers.plots.optimizer_paths import plot_optimizer_paths, plot_surface
from hpt_helpers.plots.schedules import plot_schedules
from hpt_helpers.plots.training_curves import plot_curves, plot_learning_curves
from hpt_helpers.schedules import SCHEDULES, schedule


@pytest.mark.parametrize("derivative", [False, True])
def test_plot_activations_draws_each_function(derivative):
    fig, ax = plt.subplots()
    names = list(ACTIVATIONS)
    assert plot_activations(names, derivative=derivative, ax=ax) is ax
    for line, name in zip(ax.lines, names, strict=False):
        act = ACTIVATIONS[name]
        z = line.get_xdata()
        expected = act.df(z) if derivative else act.f(z)
        np.testing.assert_allclose(line.get_ydata(), expected)
        assert name in line.get_label()
    assert ("derivative" in ax.get_ylabel()) == derivative


def test_plot_learning_curves_content():
    fig, ax = plt.subplots()
    plot_learning_curves([3, 2, 1, 0.5], [3, 2.5, 2.6, 2.8], best_epoch=2, ax=ax,
                         ylabel="loss", title="t")
    train, val, best = ax.lines
    assert train.get_xdata().tolist() == [1, 2, 3, 4]
    np.testing.assert_allclose(val.get_ydata(), [3, 2.5, 2.6, 2.8])
    assert best.get_xdata()[0] == 2 and "epoch 2" in best.get_label()
    assert ax.get_title() == "t"


def test_plot_curves_content():
    fig, ax = plt.subplots()
    plot_curves({"a": [1.0, 0.5], "b": [2.0, 0.1, 0.01]}, start=0, logy=True, ax=ax)
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    assert ax.lines[1].get_xdata().tolist() == [0, 1, 2]
    assert ax.lines[0].get_color() != ax.lines[1].get_color()
    assert ax.get_yscale() == "log"


def test_plot_activation_spread_clips_vanished_and_exploded_values():
    fig, ax = plt.subplots()
    plot_activation_spread({"ok": [1.0, 1.1], "gone": [1e-3, 0.0], "boom": [1e3, np.inf]},
                           ax=ax, title="spread")
    assert ax.lines[1].get_ydata()[-1] == 1e-12
    assert ax.lines[2].get_ydata()[-1] == 1e12
    assert ax.get_yscale() == "log" and ax.get_title() == "spread"


def test_plot_activation_histogram_shares_sum_to_one():
    fig, ax = plt.subplots()
    values = np.random.default_rng(0).standard_normal(1000)
    plot_activation_histogram(values, bins=20, ax=ax)
    stairs = ax.patches[-1]
    assert stairs.get_data().values.sum() == pytest.approx(1.0)
    edges = stairs.get_data().edges
    assert edges[0] == -edges[-1] == pytest.approx(-np.abs(values).max())
    assert histogram_edges(np.zeros(5), 2)[-1] > 0


def test_plot_surface_and_paths():
    fig, ax = plt.subplots()
    bowl = ravine(10)
    path = optimizer_path(bowl.grad, bowl.start, "momentum", steps=30, learning_rate=0.02)
    plot_optimizer_paths(bowl, {"momentum": path}, ax=ax, title="paths")
    assert ax.lines[0].get_label() == "minimum"
    np.testing.assert_allclose(ax.lines[1].get_xdata(), path[:, 0])
    assert ax.get_title() == "paths"
    assert len(ax.collections) > 0  # the contour lines
    fig, ax = plt.subplots()
    plot_surface(rosenbrock(), ax=ax)
    assert tuple(map(float, ax.get_ylim())) == rosenbrock().ylim


def test_plot_schedules_content():
    fig, ax = plt.subplots()
    rates = {kind: schedule(kind, 40, 0.2) for kind in SCHEDULES}
    plot_schedules(rates, ax=ax)
    assert [line.get_label() for line in ax.lines] == list(SCHEDULES)
    np.testing.assert_allclose(ax.lines[3].get_ydata(), rates["cosine"])
    assert ax.get_ylim()[0] == 0
    fig, ax = plt.subplots()
    plot_schedules(rates, logy=True, ax=ax)
    assert ax.get_yscale() == "log"
