"""Content checks for the GP posterior and acquisition pictures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF

from hpt_helpers.acquisition import acquisition_parts, expected_improvement
from hpt_helpers.plots.acquisition import (
    grid_maximiser,
    plot_acquisition,
    update_acquisition,
)
from hpt_helpers.plots.gp import (
    band_halfwidth,
    find_artist,
    plot_gp_posterior,
    plot_gp_samples,
    update_gp_posterior,
)


@pytest.fixture
def fitted():
    """A noise-free GP on three points of a smooth function, evaluated on a grid."""
    X = np.array([0.15, 0.5, 0.8])
    y = np.sin(6 * X)
    gp = GaussianProcessRegressor(RBF(0.2), alpha=1e-10, optimizer=None).fit(X[:, None], y)
    x = np.linspace(0, 1, 201)
    x = np.union1d(x, X)
    mean, std = gp.predict(x[:, None], return_std=True)
    return x, mean, std, X, y, gp


def band_vertices(ax):
    band = find_artist(ax, "posterior-band")
    verts = band.get_paths()[0].vertices
    return verts


def test_posterior_draws_mean_band_points_and_truth(fitted):
    x, mean, std, X, y, _ = fitted
    ax = plot_gp_posterior(x, mean, std, X, y, truth=np.sin(6 * x), x_label="C")
    line = find_artist(ax, "posterior-mean")
    np.testing.assert_allclose(line.get_ydata(), mean)
    np.testing.assert_allclose(find_artist(ax, "observations").get_xdata(), X)
    np.testing.assert_allclose(find_artist(ax, "truth").get_ydata(), np.sin(6 * x))
    verts = band_vertices(ax)
    # the band spans mean +- 1.96 std and contains the mean everywhere
    assert verts[:, 1].min() <= mean.min() and verts[:, 1].max() >= mean.max()
    upper = mean + band_halfwidth(std)
    lower = mean - band_halfwidth(std)
    assert np.all(lower <= mean) and np.all(mean <= upper)
    np.testing.assert_allclose(np.sort(verts[:, 1])[[0, -1]], [lower.min(), upper.max()])
    assert ax.get_xlabel() == "C"


def test_band_pinched_at_noise_free_observations(fitted):
    x, mean, std, X, y, _ = fitted
    ax = plot_gp_posterior(x, mean, std, X, y)
    at_obs = np.isin(x, X)
    assert np.all(std[at_obs] < 1e-3)
    np.testing.assert_allclose(find_artist(ax, "posterior-mean").get_ydata()[at_obs], y,
                               atol=1e-6)


def test_update_moves_artists_in_place(fitted):
    x, mean, std, X, y, _ = fitted
    ax = plot_gp_posterior(x, mean, std, X[:2], y[:2])
    line = find_artist(ax, "posterior-mean")
    band = find_artist(ax, "posterior-band")
    n_children = len(ax.get_children())
    update_gp_posterior(ax, x, mean + 1, std, X, y)
    assert find_artist(ax, "posterior-mean") is line
    assert find_artist(ax, "posterior-band") is band
    assert len(ax.get_children()) == n_children
    np.testing.assert_allclose(line.get_ydata(), mean + 1)
    assert len(find_artist(ax, "observations").get_xdata()) == 3
    assert band.get_paths()[0].vertices[:, 1].max() == pytest.approx(
        (mean + 1 + band_halfwidth(std)).max())


def test_posterior_validates_input(fitted):
    x, mean, std, X, y, _ = fitted
    with pytest.raises(ValueError, match="std"):
        plot_gp_posterior(x, mean, std[:-1])
    with pytest.raises(ValueError, match="X_obs and y_obs"):
        plot_gp_posterior(x, mean, std, X)
    with pytest.raises(ValueError, match="level"):
        plot_gp_posterior(x, mean, std, level=1.5)


def test_samples_prior_and_posterior(fitted):
    x, mean, std, X, y, gp = fitted
    draws = gp.sample_y(x[:, None], 4, random_state=0)
    ax = plot_gp_samples(x, draws, mean=mean, std=std, X_obs=X, y_obs=y)
    samples = [ln for ln in ax.lines if ln.get_gid() == "sample"]
    assert len(samples) == 4
    # posterior draws pass through the noise-free observations
    for ln in samples:
        np.testing.assert_allclose(np.interp(X, x, ln.get_ydata()), y, atol=1e-3)
    # line styles differ, so the draws stay apart in greyscale
    assert len({str(ln.get_linestyle()) for ln in samples}) == 4
    plt.figure()
    prior = GaussianProcessRegressor(RBF(0.2)).sample_y(x[:, None], 2, random_state=0)
    ax2 = plot_gp_samples(x, prior)
    assert sum(ln.get_gid() == "sample" for ln in ax2.lines) == 2
    with pytest.raises(ValueError, match="samples"):
        plot_gp_samples(x, draws[:-1])


def test_acquisition_marks_its_maximiser_and_parts_add_up(fitted):
    x, mean, std, X, y, _ = fitted
    best = y.min()
    ei = expected_improvement(mean, std, best, xi=0.0)
    exploit, explore = acquisition_parts("ei", mean, std, best, xi=0.0)
    ax = plot_acquisition(x, ei, parts=(exploit, explore), name="ei", x_label="gamma")
    mark = find_artist(ax, "acquisition-max")
    assert mark.get_xdata()[0] == pytest.approx(x[np.argmax(ei)])
    assert mark.get_ydata()[0] == pytest.approx(ei.max())
    assert find_artist(ax, "next-point").get_xdata()[0] == pytest.approx(x[np.argmax(ei)])
    total = find_artist(ax, "exploitation").get_ydata() + find_artist(
        ax, "exploration").get_ydata()
    np.testing.assert_allclose(total, find_artist(ax, "acquisition").get_ydata(), atol=1e-12)
    assert "expected improvement" in ax.get_ylabel()
    assert ax.get_xlabel() == "gamma"


def test_ei_is_zero_at_observed_points_of_a_noise_free_gp(fitted):
    x, mean, std, X, y, _ = fitted
    ei = expected_improvement(mean, std, y.min(), xi=0.01)
    ax = plot_acquisition(x, ei)
    drawn = find_artist(ax, "acquisition").get_ydata()
    at_obs = np.isin(x, X)
    assert np.all(drawn[at_obs] < 1e-6)
    assert drawn.max() > 1e-3


def test_update_acquisition_in_place():
    x = np.linspace(0, 1, 101)
    ax = plot_acquisition(x, -(x - 0.2) ** 2, parts=(x, -x), name="ucb")
    curve = find_artist(ax, "acquisition")
    update_acquisition(ax, x, -(x - 0.7) ** 2, parts=(2 * x, -x), name="pi")
    assert find_artist(ax, "acquisition") is curve
    assert find_artist(ax, "next-point").get_xdata()[0] == pytest.approx(0.7)
    np.testing.assert_allclose(find_artist(ax, "exploitation").get_ydata(), 2 * x)
    assert "probability" in ax.get_ylabel()
    lo, hi = ax.get_ylim()
    assert lo <= -1 and hi >= 2


def test_grid_maximiser_checks():
    assert grid_maximiser([0, 1, 2], [np.nan, 2, 1]) == 1.0
    with pytest.raises(ValueError, match="same length"):
        grid_maximiser([0, 1], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        grid_maximiser([0, 1], [np.nan, np.nan])
