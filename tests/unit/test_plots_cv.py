"""Tests of the CV-score table and heatmap (hpt_helpers.plots.cv)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from hpt_helpers.plots.cv import (
    axis_scale,
    cv_params,
    cv_score_table,
    plot_cv_heatmap,
    update_cv_heatmap,
)


@pytest.fixture(scope="module")
def svc_search():
    X, y = load_iris(return_X_y=True)
    grid = {"svc__C": [0.1, 1, 10, 100], "svc__gamma": [0.001, 0.01, 0.1],
            "svc__shrinking": [True, False]}
    search = GridSearchCV(make_pipeline(StandardScaler(), SVC()), grid, cv=3)
    return search.fit(X, y)


def _cells(ax):
    return next(c for c in ax.collections if c.get_gid() == "cv-cells")


@pytest.mark.parametrize("values, expected", [
    ([0.001, 0.01, 0.1, 1], "log"), ([1, 2, 4, 8, 16], "log"), ([10, 20, 30, 40], "linear"),
    ([0, 1, 2], "linear"), (["rbf", "linear"], "categorical"), ([None, 5, 10], "categorical"),
    ([True, False], "categorical"), ([5], "categorical"), ([1, 100], "log"), ([1, 2], "linear"),
])
def test_axis_scale(values, expected):
    assert axis_scale(values) == expected


def test_table_from_grid_search_max_aggregates_other_params(svc_search):
    res = svc_search.cv_results_
    table = cv_score_table(res, "C", "gamma")
    assert table.shape == (3, 4)
    assert list(table.columns) == [0.1, 1, 10, 100]
    assert table.attrs["aggregated"] == ["svc__shrinking"]
    frame = pd.DataFrame(res)
    for gamma in (0.001, 0.1):
        for C in (0.1, 100):
            rows = frame[(frame.param_svc__C == C) & (frame.param_svc__gamma == gamma)]
            assert table.loc[gamma, C] == pytest.approx(rows.mean_test_score.max())
            mean = cv_score_table(res, "C", "gamma", aggregate="mean").loc[gamma, C]
            assert mean == pytest.approx(rows.mean_test_score.mean())


def test_table_from_dataframe_and_fixed_slice(svc_search):
    frame = pd.DataFrame(svc_search.cv_results_)
    sliced = cv_score_table(frame, "svc__C", "svc__gamma", fixed={"shrinking": False})
    assert sliced.attrs["aggregated"] == []
    rows = frame[~frame.param_svc__shrinking.astype(bool)]
    assert np.nanmax(sliced.to_numpy(float)) == pytest.approx(rows.mean_test_score.max())


def test_conditional_grid_leaves_out_candidates_without_the_params():
    res = {"params": [{"kernel": "linear", "C": 1}, {"kernel": "linear", "C": 10},
                      {"kernel": "rbf", "C": 1, "gamma": 0.1},
                      {"kernel": "rbf", "C": 10, "gamma": 0.1},
                      {"kernel": "rbf", "C": 10, "gamma": 1.0}],
           "mean_test_score": [0.5, 0.6, 0.7, 0.8, 0.9]}
    table = cv_score_table(res, "C", "gamma")
    assert table.shape == (2, 2)
    assert np.isnan(table.loc[1.0, 1])
    fig, ax = plt.subplots()
    plot_cv_heatmap(res, "C", "gamma", ax=ax)
    assert len(ax.texts) == 3                       # no text in the empty cell


def test_table_from_search_result_style_frame():
    frame = pd.DataFrame({"a": [1, 2, 1, 2], "b": ["x", "x", "y", "y"],
                          "value": [0.1, 0.2, 0.3, 0.4], "seconds": [0.0] * 4})
    assert cv_params(frame)[0] == {"a": 1, "b": "x"}
    table = cv_score_table(frame, "a", "b", score="value")
    assert table.to_numpy().tolist() == [[0.1, 0.2], [0.3, 0.4]]


def test_heatmap_content_log_axes_annotations_and_best_cell(svc_search):
    res = svc_search.cv_results_
    fig, ax = plt.subplots()
    out = plot_cv_heatmap(res, "C", "gamma", ax=ax)
    assert out is ax
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    table = ax.cv_table
    values = table.to_numpy(float)
    assert np.allclose(np.asarray(_cells(ax).get_array()).reshape(values.shape), values)
    assert [t.get_text() for t in ax.texts] == [f"{v:.3f}" for v in values.ravel()]
    best = next(p for p in ax.patches if p.get_gid() == "cv-best")
    i, j = np.unravel_index(np.nanargmax(values), values.shape)
    cx = np.sqrt(best.get_x() * (best.get_x() + best.get_width()))
    cy = np.sqrt(best.get_y() * (best.get_y() + best.get_height()))
    assert cx == pytest.approx(table.columns[j]) and cy == pytest.approx(table.index[i])
    assert "max over svc__shrinking" in ax.get_title()
    assert ax.get_xlabel().startswith("svc__C")
    assert len(fig.axes) == 2                       # the colour bar


def test_heatmap_categorical_axis_and_no_colorbar():
    res = {"params": [{"kernel": k, "C": c} for k in ("rbf", "poly") for c in (10, 20, 30)],
           "mean_test_score": np.linspace(0.5, 1.0, 6)}
    fig, ax = plt.subplots()
    plot_cv_heatmap(res, "C", "kernel", ax=ax, colorbar=False, annotate=False)
    assert ax.get_xscale() == "linear"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["rbf", "poly"]
    assert len(ax.texts) == 0 and len(fig.axes) == 1


def test_update_heatmap_moves_values_and_best(svc_search):
    res = svc_search.cv_results_
    fig, ax = plt.subplots()
    plot_cv_heatmap(res, "C", "gamma", ax=ax, fixed={"shrinking": True}, vmin=0, vmax=1)
    new = cv_score_table(res, "C", "gamma", fixed={"shrinking": True})
    new.iloc[:, :] = 0.2
    new.iloc[0, 0] = 0.95
    update_cv_heatmap(ax, new, title="changed")
    assert ax.texts[0].get_text() == "0.950"
    assert ax.get_title() == "changed"
    best = next(p for p in ax.patches if p.get_gid() == "cv-best")
    assert best.get_x() < 0.1 and best.get_y() < 0.001
    assert _cells(ax).get_clim() == (0, 1)
    with pytest.raises(ValueError, match="shape"):
        update_cv_heatmap(ax, new.iloc[:2])


def test_bad_input_names_parameter_and_options(svc_search):
    res = svc_search.cv_results_
    with pytest.raises(ValueError, match="x must name a hyperparameter.*'nope'"):
        cv_score_table(res, "nope", "gamma")
    with pytest.raises(ValueError, match="score must be a column.*'accuracy'"):
        cv_score_table(res, "C", "gamma", score="accuracy")
    with pytest.raises(ValueError, match="aggregate"):
        cv_score_table(res, "C", "gamma", aggregate="median")
    with pytest.raises(ValueError, match="different"):
        cv_score_table(res, "C", "svc__C")
    with pytest.raises(TypeError, match="cv_results"):
        cv_score_table([1, 2], "C", "gamma")
