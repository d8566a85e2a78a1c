"""Lesson 03 helpers: regularization plots (content, not only smoke) and the explorer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from hpt_helpers.plots.regularization import (
    plot_coefficient_bars,
    plot_coefficient_pairs,
    plot_coefficient_paths,
    plot_polynomial_fit,
    plot_validation_curve,
)
from hpt_helpers.widgets.regularization import (
    PENALTIES,
    bmi_curve_data,
    polynomial_model,
    regularization_explorer,
)

# -- plots -------------------------------------------------------------------------


def test_coefficient_paths_draw_each_feature_sorted_by_alpha():
    alphas = np.array([10.0, 0.1, 1.0])            # unsorted on purpose
    coefs = np.array([[0.0, 3.0, 2.0], [0.0, -1.0, -0.5]])
    fig, ax = plt.subplots()
    out = plot_coefficient_paths(alphas, coefs, feature_names=["a", "b"], ax=ax)
    assert out is ax and ax.get_xscale() == "log"
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [0.1, 1.0, 10.0])
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [3.0, 2.0, 0.0])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [-1.0, -0.5, 0.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_coefficient_paths_keep_ten_features_apart():
    fig, ax = plt.subplots()
    plot_coefficient_paths([1.0, 2.0], np.ones((10, 2)), ax=ax)
    styles = {(ln.get_color(), str(ln.get_linestyle())) for ln in ax.lines[:10]}
    assert len(styles) == 10


@pytest.mark.parametrize("alphas, coefs, needle", [
    ([1.0, 2.0], [[1.0, 2.0, 3.0]], "shape"),
    ([0.0, 1.0], [[1.0, 2.0]], "> 0"),
])
def test_coefficient_paths_reject_bad_input(alphas, coefs, needle):
    with pytest.raises(ValueError, match=needle):
        plot_coefficient_paths(alphas, coefs)


def test_coefficient_paths_reject_wrong_number_of_names():
    with pytest.raises(ValueError, match="feature_names"):
        plot_coefficient_paths([1.0, 2.0], [[1.0, 0.5]], feature_names=["a", "b"])


def test_validation_curve_means_band_and_best_mark():
    x = [0.01, 0.1, 1.0, 10.0]
    train = np.array([[0.9, 0.9], [0.8, 0.8], [0.7, 0.6], [0.2, 0.2]])
    val = np.array([[0.3, 0.5], [0.6, 0.6], [0.5, 0.5], [0.1, 0.1]])
    fig, ax = plt.subplots()
    plot_validation_curve(x, train, val, param_name="C", score_name="R2", ax=ax)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.9, 0.8, 0.65, 0.2])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [0.4, 0.6, 0.5, 0.1])
    assert ax.lines[2].get_xdata()[0] == pytest.approx(0.1)   # best validation
    assert len(ax.collections) == 2                           # two +-1 std bands
    assert ax.get_xlabel().startswith("C") and ax.get_ylabel() == "R2"
    assert "C=0.1" in ax.get_legend().get_texts()[2].get_text()


def test_validation_curve_accepts_1d_scores_and_linear_axis():
    fig, ax = plt.subplots()
    plot_validation_curve([1, 2, 3], [3, 2, 1], [1, 3, 2], log=False, mark_best=False, ax=ax)
    assert ax.get_xscale() == "linear" and len(ax.lines) == 2


def test_validation_curve_rejects_mismatched_rows():
    with pytest.raises(ValueError, match="val_scores must have 3 rows"):
        plot_validation_curve([1, 2, 3], [1, 2, 3], [1, 2])


def test_polynomial_fit_layers_and_limits():
    fig, ax = plt.subplots()
    plot_polynomial_fit([1, 2], [1, 2], [1.5, 2.5, 3], [1, 2, 3], [1, 2, 3], [0, 1, 4],
                        ax=ax, ylim=(-1, 5), xlabel="BMI")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0, 1, 4])
    assert len(ax.collections[0].get_offsets()) == 3           # validation
    assert len(ax.collections[1].get_offsets()) == 2           # training
    assert ax.get_ylim() == (-1, 5) and ax.get_xlabel() == "BMI"


def test_polynomial_fit_rejects_mismatched_curve():
    with pytest.raises(ValueError, match="same shape"):
        plot_polynomial_fit([0], [0], [0], [0], [0, 1], [0, 1, 2])


def test_coefficient_bars_heights_zeros_hollow_and_symlog():
    fig, ax = plt.subplots()
    plot_coefficient_bars([200.0, 0.0, -3.0], labels=["a", "b", "c"], ax=ax)
    assert [b.get_height() for b in ax.patches] == [200.0, 0.0, -3.0]
    assert ax.patches[1].get_facecolor()[3] == 0             # the zero bar is hollow
    assert ax.patches[0].get_facecolor()[3] == 1
    assert ax.get_yscale() == "symlog"
    assert ax.get_ylim()[1] >= 200 and ax.get_ylim()[0] == -ax.get_ylim()[1]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert 0.0 in ax.get_yticks()


def test_coefficient_bars_fixed_limit():
    fig, ax = plt.subplots()
    plot_coefficient_bars([1.0, 2.0], limit=1e4, ax=ax)
    assert ax.get_ylim() == (-1e4, 1e4)
    assert len(ax.get_yticks()) <= 7


def test_coefficient_pairs_one_scatter_per_model_and_split_line():
    fig, ax = plt.subplots()
    plot_coefficient_pairs({"lasso": [[3.0, 0.0], [0.0, 3.0], [3.0, 0.0]],
                            "elastic net": [[1.5, 1.5], [1.0, 2.0]]},
                           names=("bmi", "bmi copy"), ax=ax)
    np.testing.assert_allclose(ax.collections[0].get_offsets(), [[3, 0], [0, 3], [3, 0]])
    assert len(ax.collections[1].get_offsets()) == 2
    np.testing.assert_allclose(ax.lines[0].get_xydata(), [[0, 3], [3, 0]])
    assert ax.get_xlabel() == "coefficient of bmi"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["lasso", "elastic net"]


def test_coefficient_pairs_reject_bad_shape():
    with pytest.raises(ValueError, match="shape"):
        plot_coefficient_pairs({"lasso": [1.0, 2.0, 3.0]})


# -- model and data ----------------------------------------------------------------


def test_bmi_curve_data_is_a_seeded_partition_of_the_diabetes_set():
    a, b = bmi_curve_data(40, 0), bmi_curve_data(40, 0)
    np.testing.assert_array_equal(a["x_train"], b["x_train"])
    assert len(a["x_train"]) == 40 and len(a["x_val"]) == 402
    assert 15 < a["x_train"].min() and a["x_train"].max() < 45      # BMI in kg/m^2
    c = bmi_curve_data(40, 1)
    assert not np.array_equal(a["x_train"], c["x_train"])


@pytest.mark.parametrize("kwargs, error", [
    ({"penalty": "l1"}, ValueError), ({"alpha": 0.0}, ValueError), ({"degree": 0}, ValueError),
    ({"alpha": "big"}, TypeError), ({"l1_ratio": 2.0}, ValueError),
])
def test_polynomial_model_validates(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        polynomial_model(**kwargs)


def test_polynomial_model_lasso_zeroes_ridge_does_not():
    d = bmi_curve_data(40, 0)
    x, y = d["x_train"][:, None], d["y_train"]
    ridge = polynomial_model("ridge", 10.0).fit(x, y)[-1].coef_
    lasso = polynomial_model("lasso", 10.0).fit(x, y)[-1].coef_
    assert np.count_nonzero(ridge) == 12
    assert np.count_nonzero(lasso) < 12


# -- explorer ----------------------------------------------------------------------


def test_explorer_first_control_is_a_log_alpha_slider():
    ex = regularization_explorer()
    first = next(iter(ex.controls))
    assert first == "alpha"
    assert type(ex.controls["alpha"]).__name__ == "FloatLogSlider"
    assert list(ex.controls["penalty"].options) == list(PENALTIES)


def test_explorer_slider_step_changes_curve_and_picture():
    ex = regularization_explorer(alpha=1e-4)
    curve = ex.live.axes[0].lines[0]
    before_curve = np.array(curve.get_ydata(), dtype=float)
    before_png = ex.live.image.value
    slider = ex.controls["alpha"]
    slider.value = 10 ** (np.log10(slider.value) + slider.step)   # one step right
    after_curve = np.array(curve.get_ydata(), dtype=float)
    assert not np.allclose(before_curve, after_curve)
    assert ex.live.image.value != before_png
    np.testing.assert_allclose(after_curve, ex.state["curve"])


def test_explorer_strong_alpha_flattens_and_weak_alpha_overfits():
    ex = regularization_explorer(alpha=1e-4)
    weak = dict(ex.state)
    assert weak["train_r2"] > weak["val_r2"] + 0.3                 # overfitting
    ex.controls["alpha"].value = 1e4
    strong = dict(ex.state)
    assert strong["train_r2"] < 0.1                                # underfitting
    assert np.ptp(strong["curve"]) < 0.2 * np.ptp(weak["curve"])    # near-flat curve
    ex.controls["alpha"].value = 1.0
    assert ex.state["val_r2"] > max(weak["val_r2"], strong["val_r2"]) + 0.1


def test_explorer_bars_follow_coefficients_and_lasso_zeroes():
    ex = regularization_explorer(alpha=10.0, penalty="lasso")
    bars = ex.live.axes[1].patches
    coefs = ex.state["model"][-1].coef_
    np.testing.assert_allclose([b.get_height() for b in bars], coefs)
    assert ex.state["n_nonzero"] == np.count_nonzero(coefs) < 12
    hollow = [b.get_facecolor()[3] == 0 for b in bars]
    assert hollow == [c == 0 for c in coefs]
    assert f"{ex.state['n_nonzero']} of 12" in ex.readout.value
    assert "validation R²" in ex.readout.value
    ex.controls["penalty"].value = "ridge"
    assert ex.state["n_nonzero"] == 12


def _pixels(png):
    import io

    import PIL.Image
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"))


def test_explorer_partial_redraw_matches_a_full_draw_and_revisits_come_from_the_cache():
    ex = regularization_explorer(alpha=1e-3)
    ex.controls["alpha"].value = 10.0
    ex.controls["penalty"].value = "lasso"
    partial = _pixels(ex.live.image.value)
    ex.live.invalidate()
    ex.live.cache_key = None
    ex.live.render()
    full = _pixels(ex.live.image.value)
    assert np.mean(np.any(partial != full, axis=2)) < 1e-3
    ex.controls["penalty"].value = "ridge"
    assert np.mean(np.any(_pixels(ex.live.image.value) != full, axis=2)) > 1e-3
    ex.controls["penalty"].value = "lasso"
    assert np.mean(np.any(_pixels(ex.live.image.value) != partial, axis=2)) < 1e-3
    assert "lasso, alpha = 10" in ex.readout.value


def test_explorer_step_is_timed():
    ex = regularization_explorer()
    ex.controls["penalty"].value = "elastic net"
    assert np.isfinite(ex.last_step_ms) and ex.last_step_ms > 0


@pytest.mark.parametrize("kwargs, error", [
    ({"alpha": 1e6}, ValueError), ({"penalty": "l2"}, ValueError), ({"degree": 30}, ValueError),
])
def test_explorer_validates(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        regularization_explorer(**kwargs)


def test_explorer_does_not_refit_a_setting_seen_before():
    ex = regularization_explorer(alpha=1e-3)
    first_model = ex.state["model"]
    ex.controls["alpha"].value = 1.0
    assert ex.state["model"] is not first_model
    ex.controls["alpha"].value = 1e-3
    assert ex.state["model"] is first_model
