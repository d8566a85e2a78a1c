"""Tests of the evaluated-points pictures (hpt_helpers.plots.points)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from hpt_helpers.plots.points import (
    find,
    objective_grid,
    plot_points_comparison,
    plot_points_projection,
    points_xy,
    update_points_comparison,
    update_points_projection,
)
from hpt_helpers.search import grid_search, random_search
from hpt_helpers.space import Real


def loss(a, b):
    return (a - 0.7) ** 2 + 0.01 * b


SPACE = {"a": Real(0, 1), "b": Real(0, 1)}


def test_points_xy_accepts_every_kind():
    pts = [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
    for kind in (pts, pd.DataFrame(pts), np.array([[1, 2], [3, 4]])):
        xs, ys = points_xy(kind, "a", "b")
        assert xs.tolist() == [1, 3] and ys.tolist() == [2, 4]
    res = grid_search(loss, SPACE, 4)
    assert len(points_xy(res, "a", "b")[0]) == 4
    with pytest.raises(ValueError, match="keys 'a' and 'b'"):
        points_xy([{"a": 1}], "a", "b")
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        points_xy(np.zeros((3, 3)), "a", "b")


def test_objective_grid_orientation():
    xs, ys, Z = objective_grid(loss, "a", "b", ((0, 1), (0, 1)), resolution=5)
    assert Z.shape == (5, 5)
    assert Z[3, 2] == pytest.approx(loss(xs[2], ys[3]))
    xs, _, _ = objective_grid(loss, "a", "b", ((1e-3, 1), (0, 1)), log=(True, False),
                              resolution=4)
    assert np.allclose(np.diff(np.log10(xs)), 1)


def test_projection_of_a_grid_has_three_shadows_per_axis():
    res = grid_search(loss, SPACE, 9)
    fig, ax = plt.subplots()
    out = plot_points_projection(res, "a", "b", ax=ax, objective=loss, resolution=15)
    assert out is ax
    assert find(ax, "points").get_offsets().shape == (9, 2)
    shadows_x = {round(seg[0][0], 9) for seg in find(ax, "rug-x").get_segments()}
    shadows_y = {round(seg[0][1], 9) for seg in find(ax, "rug-y").get_segments()}
    assert shadows_x == {0.0, 0.5, 1.0} and len(shadows_y) == 3
    assert find(ax, "counts").get_text() == "9 points: 3 distinct a, 3 distinct b"
    best = find(ax, "best").get_offsets()[0]
    assert best.tolist() == [res.best_params["a"], res.best_params["b"]]
    assert find(ax, "objective-contours") is not None
    assert ax.get_xlabel() == "a" and ax.get_xlim()[0] < 0 < 1 < ax.get_xlim()[1]


def test_projection_of_random_points_and_maximize_and_log():
    rng = np.random.default_rng(0)
    pts = [{"C": c, "g": g} for c, g in zip(10 ** rng.uniform(-2, 2, 9), rng.random(9),
                                             strict=True)]
    values = np.arange(9.0)
    fig, ax = plt.subplots()
    plot_points_projection(pts, "C", "g", ax=ax, values=values, maximize=True, log_x=True,
                           bounds=((1e-2, 1e2), (0, 1)))
    assert ax.get_xscale() == "log" and "log scale" in ax.get_xlabel()
    assert find(ax, "best").get_offsets()[0].tolist() == [pts[8]["C"], pts[8]["g"]]
    assert find(ax, "counts").get_text().startswith("9 points: 9 distinct C")


def test_projection_errors():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="bounds"):
        plot_points_projection([{"a": 0.1, "b": 0.2}], "a", "b", ax=ax, objective=loss)
    with pytest.raises(ValueError, match="one entry per point"):
        plot_points_projection([{"a": 0.1, "b": 0.2}], "a", "b", ax=ax, values=[1, 2])


def test_update_projection_moves_everything():
    fig, ax = plt.subplots()
    plot_points_projection(grid_search(loss, SPACE, 4), "a", "b", ax=ax)
    res = random_search(loss, SPACE, 7, random_state=1)
    update_points_projection(ax, res, "a", "b")
    assert np.allclose(find(ax, "points").get_offsets(), np.c_[points_xy(res, "a", "b")])
    assert len(find(ax, "rug-x").get_segments()) == 7
    assert find(ax, "best").get_offsets()[0][0] == pytest.approx(res.best_params["a"])
    assert find(ax, "counts").get_text().startswith("7 points")


def test_comparison_profile_and_titles():
    g, r = grid_search(loss, SPACE, 9), random_search(loss, SPACE, 9, random_state=0)
    fig = plot_points_comparison({"grid": g, "random": r}, "a", "b", objective=loss,
                                 resolution=20)
    axes = fig.axes_grid
    assert axes.shape == (2, 2)
    profile = find(axes[0, 0], "profile")
    xs, ys, Z = objective_grid(loss, "a", "b", ((0, 1), (0, 1)), resolution=20)
    assert np.allclose(profile.get_ydata(), Z.min(axis=0))
    top_points = find(axes[0, 0], "profile-points").get_offsets()
    assert len(np.unique(top_points[:, 0])) == 3
    assert np.allclose(top_points[:, 1], g.values)
    assert axes[0, 0].get_title() == f"grid: 9 points, best value {g.best_value:.3g}"
    assert axes[0, 1].get_title().startswith("random: 9 points")
    r2 = random_search(loss, SPACE, 12, random_state=3)
    update_points_comparison(fig, {"grid": g, "random": r2}, "a", "b")
    assert find(axes[0, 1], "profile-points").get_offsets().shape == (12, 2)
    assert axes[0, 1].get_title() == f"random: 12 points, best value {r2.best_value:.3g}"
    with pytest.raises(ValueError, match="2 searches"):
        update_points_comparison(fig, {"grid": g}, "a", "b")


def test_comparison_needs_values_or_objective():
    with pytest.raises(ValueError, match="objective"):
        plot_points_comparison({"p": [{"a": 0.1, "b": 0.1}]}, "a", "b")
    with pytest.raises(ValueError, match="at least one"):
        plot_points_comparison({}, "a", "b")
