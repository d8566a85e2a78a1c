"""Plots and explorers of the index and lesson 01: content, not only smoke."""

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.neighbors import KNeighborsClassifier

from hpt_helpers.plots.boundary import boundary_grid, plot_decision_boundary, plot_score_spread
from hpt_helpers.plots.descent import descent_path, plot_descent
from hpt_helpers.widgets.boundary import boundary_explorer, scores_over
from hpt_helpers.widgets.descent import descent_explorer
from hpt_helpers.widgets.live import Explorer, LiveFigure


@pytest.fixture
def blobs():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-1, 0.7, (40, 2)), rng.normal(1, 0.7, (40, 2))])
    y = np.repeat([0, 1], 40)
    idx = rng.permutation(80)
    return X[idx[:60]], y[idx[:60]], X[idx[60:]], y[idx[60:]]


def test_decision_boundary_regions_match_predictions(blobs):
    Xtr, ytr, Xva, yva = blobs
    model = KNeighborsClassifier(5).fit(Xtr, ytr)
    ax = Figure().subplots()
    plot_decision_boundary(model, Xtr, ytr, Xva, yva, resolution=30, ax=ax)
    xx, yy, _ = boundary_grid(np.vstack([Xtr, Xva]), 30)
    expected = model.predict(np.c_[xx.ravel(), yy.ravel()]).reshape(xx.shape)
    np.testing.assert_array_equal(ax.images[0].get_array(), expected)
    assert f"{model.score(Xva, yva):.3f}" in ax.get_title()
    assert len(ax.collections) == 4  # train and validation points of two classes


def test_boundary_grid_rejects_wrong_shape():
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        boundary_grid(np.zeros((3, 3)))


def test_score_spread_sorts_and_marks_median():
    ax = Figure().subplots()
    plot_score_spread([0.9, 0.5, 0.7], ["a", "b", "c"], ax=ax)
    heights = [p.get_height() for p in ax.patches]
    assert heights == sorted(heights)
    assert ax.lines[0].get_ydata()[0] == pytest.approx(0.7)


def test_scores_over_and_explorer_follow_the_slider(blobs):
    Xtr, ytr, Xva, yva = blobs
    train, val = scores_over(KNeighborsClassifier(), "n_neighbors", [1, 15], Xtr, ytr, Xva, yva)
    assert train[0] == 1.0
    ex = boundary_explorer(KNeighborsClassifier(), "n_neighbors", list(range(1, 16)),
                           Xtr, ytr, Xva, yva, resolution=25)
    before = ex.live.axes[0].images[0].get_array().copy()
    first_png = ex.live.image.value
    ex.controls["n_neighbors"].value = 15
    after = ex.live.axes[0].images[0].get_array()
    assert not np.array_equal(before, after)
    assert ex.live.axes[1].lines[2].get_xdata()[0] == 15
    assert "n_neighbors = 15" in ex.readout.value
    assert ex.live.image.value != first_png
    assert ex.last_step_ms > 0


def test_explorer_rejects_unknown_hyperparameter(blobs):
    Xtr, ytr, Xva, yva = blobs
    with pytest.raises(ValueError, match="param must be a hyperparameter of "
                                         "KNeighborsClassifier"):
        boundary_explorer(KNeighborsClassifier(), "depth", [1], Xtr, ytr, Xva, yva)
    with pytest.raises(ValueError, match="values must hold at least one"):
        boundary_explorer(KNeighborsClassifier(), "n_neighbors", [], Xtr, ytr, Xva, yva)


def test_descent_converges_below_one_and_diverges_above():
    assert abs(descent_path(0.4, 20)[-1]) < 1e-6
    assert abs(descent_path(1.05, 20)[-1]) > 2.0
    ax = Figure().subplots()
    plot_descent(0.25, steps=3, ax=ax)
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [2.0, 1.0, 0.5, 0.25])
    with pytest.raises(ValueError, match="learning_rate must be a finite number >= 0"):
        descent_path(-1)


def test_descent_explorer_updates_path():
    ex = descent_explorer(learning_rate=0.1, steps=5)
    ex.controls["steps"].value = 8
    assert len(ex.live.axes.lines[1].get_xdata()) == 9
    ex.controls["learning_rate"].value = 1.15
    assert "diverges" in ex.verdict.value


def test_live_figure_renders_png_and_explorer_lays_out_controls():
    live = LiveFigure(1, 2, figsize=(3, 2))
    assert len(live.axes) == 2
    live.render()
    assert bytes(live.image.value).startswith(b"\x89PNG")
    assert "hpt-live-figure" in live.image._dom_classes
    import ipywidgets as w
    calls = []
    ex = Explorer({"a": w.IntSlider(), "b": w.IntSlider()}, lambda a, b: calls.append((a, b)),
                  live, columns=1)
    assert calls == [(0, 0)] and len(ex.widget.children) == 3
    ex.controls["b"].value = 4
    assert calls[-1] == (0, 4)


def test_descent_path_is_never_clipped_and_fits_the_frame():
    for lr, steps in [(1.05, 12), (1.2, 40), (0.05, 12)]:
        ax = Figure().subplots()
        plot_descent(lr, steps=steps, ax=ax)
        path = descent_path(lr, steps)
        np.testing.assert_allclose(ax.lines[1].get_xdata(), path)  # not clipped
        assert ax.get_xlim()[1] > np.abs(path).max()
        assert ax.get_ylim()[1] > (path**2).max()
        assert "\n" in ax.get_title()  # two lines, so side-by-side titles do not collide


def test_descent_verdict_names_each_regime():
    from hpt_helpers.plots.descent import descent_verdict
    assert descent_verdict(1.0, 12).endswith("(oscillates between -2 and 2 for ever)")
    assert descent_verdict(1.05, 12).endswith("(diverges)")
    assert descent_verdict(0.4, 12).endswith("(converges)")
    assert descent_verdict(0.05, 12).endswith("(still far from the minimum)")
    assert descent_verdict(0.0, 12).endswith("(never moves)")


def test_descent_explorer_axes_follow_a_diverging_path():
    ex = descent_explorer(learning_rate=0.1, steps=5)
    ex.controls["learning_rate"].value = 1.2
    ex.controls["steps"].value = 30
    path = descent_path(1.2, 30)
    assert ex.live.axes.get_xlim()[1] > np.abs(path).max()
    np.testing.assert_allclose(ex.live.axes.lines[1].get_xdata(), path)
    full_limits_png = ex.live.image.value
    ex.controls["learning_rate"].value = 0.1
    assert ex.live.axes.get_xlim()[1] == 3.0
    assert ex.live.image.value != full_limits_png
    assert "after 30 steps" in ex.verdict.value


def _pixels(png):
    import io

    import PIL.Image
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"))


def test_boundary_explorer_partial_redraw_matches_a_full_draw(blobs):
    Xtr, ytr, Xva, yva = blobs
    ex = boundary_explorer(KNeighborsClassifier(), "n_neighbors", [1, 3, 9, 27], Xtr, ytr,
                           Xva, yva, resolution=25, class_names=["left", "right"],
                           curve_cv=3)
    ex.controls["n_neighbors"].value = 9
    partial = _pixels(ex.live.image.value)
    ex.live.invalidate()
    ex.live.cache_key = None
    ex.live.render()
    full = _pixels(ex.live.image.value)
    assert np.mean(np.any(partial != full, axis=2)) < 1e-3
    ex.controls["n_neighbors"].value = 1
    assert _pixels(ex.live.image.value).tolist() != partial.tolist()
    ex.controls["n_neighbors"].value = 9  # a value seen before comes from the cache
    assert np.array_equal(_pixels(ex.live.image.value), full) or \
        np.mean(np.any(_pixels(ex.live.image.value) != full, axis=2)) < 1e-3


def test_boundary_explorer_names_classes_and_shows_the_cv_band(blobs):
    Xtr, ytr, Xva, yva = blobs
    ex = boundary_explorer(KNeighborsClassifier(), "n_neighbors", [1, 5, 25], Xtr, ytr,
                           Xva, yva, resolution=20, class_names=["left", "right"],
                           curve_cv=4)
    texts = [t.get_text() for t in ex.live.axes[0].get_legend().get_texts()]
    assert texts == ["left, train", "left, validation", "right, train", "right, validation"]
    assert len(ex.live.axes[1].collections) == 1  # the band of one standard deviation
    assert "4 splits" in ex.live.axes[1].get_title()
    with pytest.raises(ValueError, match="class_names must give one name per class"):
        plot_decision_boundary(KNeighborsClassifier(1).fit(Xtr, ytr), Xtr, ytr,
                               class_names=["only one"], ax=Figure().subplots())


def test_score_spread_breaks_ties_like_argmax_and_grid_search():
    from hpt_helpers.plots.boundary import best_index
    scores = [0.8, 0.95, 0.6, 0.95, 0.6]
    assert best_index(scores) == 1
    ax = Figure().subplots()
    plot_score_spread(scores, ["a", "b", "c", "d", "e"], ax=ax)
    assert ax.texts[0].get_text() == "best: b (1 of 2 tied)"
    assert ax.texts[1].get_text() == "worst: c (1 of 2 tied)"
    colours = [p.get_facecolor() for p in ax.patches]
    assert colours[-1] != colours[0] and colours.count(colours[-1]) == 1


# -- lesson 00 and 01 exercises: typical wrong answers, told why, never shown the answer ------

def test_lesson00_q1_wrong_answers():
    from hpt_helpers.exercises import lesson00 as ex
    assert ex.q1.verdict(1).correct and ex.q1.verdict(1.004).correct
    for wrong, why in [(0.5, "too low"), (2, "too high"), (0, "never moves"),
                       (-1, "never moves")]:
        verdict = ex.q1.verdict(wrong)
        assert not verdict.correct and why in verdict.message
        assert "1.0" not in verdict.message


def test_lesson01_wrong_answers_explain_without_giving_away():
    from hpt_helpers.exercises import lesson01 as ex
    v = ex.q1.verdict(["coef_", "fit_intercept"])
    assert not v.correct and "fit_intercept is set before fit" in v.message
    v = ex.q1.verdict(["coef_"])
    assert not v.correct and "missing 1 item" in v.message and "intercept_" not in v.message
    assert "not among them" in ex.q1.verdict(["coef_", "penalty"]).message
    assert ex.q1.verdict(("intercept_", "coef_")).correct
    assert "two underscores" in ex.q2.verdict("svc_C").message
    assert "svc__C" not in ex.q2.verdict("C").message
    answer = ex._q3_value()
    assert ex.q3.verdict(round(answer, 3)).correct
    for wrong in (round(answer, 3) + 0.002, 0.5, 1):
        v = ex.q3.verdict(wrong)
        assert not v.correct and f"{answer:.3f}" not in v.message
    for wrong, why in [(60, "refit"), (12, "once per fold"), (20, "multiply"), (62, "too high")]:
        v = ex.q4.verdict(wrong)
        assert not v.correct and why in v.message and "61" not in v.message
    assert ex.q4.verdict(61.0).correct and ex.q4.verdict(np.int64(61)).correct
    for wrong in ("too low", "unbiased"):
        v = ex.q5.verdict(wrong)
        assert not v.correct and "too high" not in v.message
    assert ex.q5.verdict(" Too  High").correct and ex.q5.verdict("optimistic").correct


def test_boundary_explorer_takes_a_precomputed_curve_and_checks_its_shape(blobs):
    Xtr, ytr, Xva, yva = blobs
    tr = np.tile([[1.0], [0.9]], (1, 3))
    va = np.tile([[0.7], [0.8]], (1, 3))
    ex = boundary_explorer(KNeighborsClassifier(), "n_neighbors", [1, 9], Xtr, ytr, Xva, yva,
                           resolution=15, curve=(tr, va))
    np.testing.assert_allclose(ex.live.axes[1].lines[1].get_ydata(), [0.7, 0.8])
    with pytest.raises(ValueError, match="curve must be a"):
        boundary_explorer(KNeighborsClassifier(), "n_neighbors", [1, 9, 15], Xtr, ytr, Xva,
                          yva, resolution=15, curve=(tr, va))
