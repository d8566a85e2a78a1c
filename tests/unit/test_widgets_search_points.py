"""Kernel-side tests of the lesson 06 and 07 explorers (no browser)."""

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC

from hpt_helpers.plots.points import find
from hpt_helpers.space import Categorical, Real
from hpt_helpers.widgets.cv import cv_slice_explorer
from hpt_helpers.widgets.search_points import grid_vs_random_explorer


def loss(important, unimportant):
    return 1 - np.exp(-((important - 0.72) / 0.1) ** 2) + 0.02 * unimportant


SPACE = {"important": Real(0, 1), "unimportant": Real(0, 1)}


def test_first_slider_step_changes_the_picture():
    ex = grid_vs_random_explorer(loss, SPACE, resolution=15)
    first = next(iter(ex.controls.values()))
    assert first is ex.controls["budget"]
    before = ex.live.image.value
    first.value = first.value + 1
    assert ex.live.image.value != before
    assert np.isfinite(ex.last_step_ms)


def test_budget_and_seed_move_the_points():
    ex = grid_vs_random_explorer(loss, SPACE, budget=9, resolution=15)
    axes = ex.live.figure.axes_grid
    ex.controls["budget"].value = 16
    assert find(axes[1, 0], "points").get_offsets().shape == (16, 2)
    assert find(axes[1, 1], "points").get_offsets().shape == (16, 2)
    assert find(axes[1, 0], "counts").get_text() == \
        "16 points: 4 distinct important, 4 distinct unimportant"
    before = find(axes[1, 1], "points").get_offsets().copy()
    ex.controls["seed"].value = 5
    assert not np.allclose(find(axes[1, 1], "points").get_offsets(), before)
    assert np.allclose(find(axes[1, 0], "points").get_offsets()[:, 0].min(), 0)


def test_explorer_rejects_bad_space():
    with pytest.raises(ValueError, match="exactly two"):
        grid_vs_random_explorer(loss, {"important": Real(0, 1)})
    with pytest.raises(ValueError, match="numeric"):
        grid_vs_random_explorer(lambda important, k: 0.0,
                                {"important": Real(0, 1), "k": Categorical(["a", "b"])})
    with pytest.raises(ValueError, match="budget"):
        grid_vs_random_explorer(loss, SPACE, budget=0)


@pytest.fixture(scope="module")
def iris_search():
    X, y = load_iris(return_X_y=True)
    grid = {"C": [0.1, 1, 10], "gamma": [0.01, 0.1, 1], "kernel": ["rbf", "sigmoid"]}
    return GridSearchCV(SVC(), grid, cv=3, scoring=["accuracy", "f1_macro"],
                        refit="accuracy").fit(X, y)


def test_slice_explorer_shows_the_chosen_slice(iris_search):
    res = iris_search.cv_results_
    ex = cv_slice_explorer(res, "C", "gamma", "kernel",
                           scores=["mean_test_accuracy", "mean_test_f1_macro"])
    first = next(iter(ex.controls.values()))
    assert first is ex.controls["slice"]
    assert list(first.options) == ["rbf", "sigmoid"]
    before = ex.live.image.value
    first.value = "sigmoid"
    assert ex.live.image.value != before
    ax = ex.live.axes
    mask = np.asarray(res["param_kernel"]) == "sigmoid"
    expected = np.asarray(res["mean_test_accuracy"])[mask]
    shown = sorted(float(t.get_text()) for t in ax.texts)
    assert np.allclose(shown, sorted(np.round(expected, 3)))
    assert ax.get_title() == "mean_test_accuracy at kernel=sigmoid"
    ex.controls["score"].value = "mean_test_f1_macro"
    expected = np.asarray(res["mean_test_f1_macro"])[mask]
    assert np.allclose(sorted(float(t.get_text()) for t in ax.texts),
                       sorted(np.round(expected, 3)))


def test_slice_explorer_bad_input(iris_search):
    res = iris_search.cv_results_
    with pytest.raises(ValueError, match="slice_by"):
        cv_slice_explorer(res, "C", "gamma", "degree", scores=["mean_test_accuracy"])
    with pytest.raises(ValueError, match="slice_by must differ"):
        cv_slice_explorer(res, "C", "gamma", "C", scores=["mean_test_accuracy"])
    with pytest.raises(ValueError, match="start"):
        cv_slice_explorer(res, "C", "gamma", "kernel", scores=["mean_test_accuracy"],
                          start="poly")


def test_grid_vs_random_explorer_blits_its_points():
    import numpy as np

    from hpt_helpers.plots.points import find
    from hpt_helpers.space import Real
    from hpt_helpers.widgets.search_points import grid_vs_random_explorer

    ex = grid_vs_random_explorer(lambda a, b: (a - 0.7) ** 2 + 0.01 * b,
                                 {"a": Real(0, 1), "b": Real(0, 1)}, resolution=10)
    background = ex.live._background
    ex.controls["budget"].value = 8
    assert ex.live._background is background
    bottom = ex.live.figure.axes_grid[1, 0]
    assert len(np.unique(find(bottom, "points").get_offsets()[:, 0])) == 4   # a 4 x 2 grid
    assert ex.live.figure.axes_grid[0, 0].get_title().startswith("grid: 8 points")
