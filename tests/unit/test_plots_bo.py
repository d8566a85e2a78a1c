"""Content checks for hpt_helpers.plots.bo: one BO step in 1-D and 2-D."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from hpt_helpers.plots.bo import (
    plot_bo_contours,
    plot_bo_panels,
    plot_bo_step,
    plot_bo_step_2d,
    posterior_grid,
    update_bo_contours,
    update_bo_panels,
)
from hpt_helpers.plots.gp import find_artist
from hpt_helpers.search import bayesian_search
from hpt_helpers.testfunctions import BRANIN, FORRESTER


@pytest.fixture(scope="module")
def forrester_result():
    return bayesian_search(FORRESTER.objective, FORRESTER.space, 8, n_initial_points=3,
                           random_state=0)


@pytest.fixture(scope="module")
def branin_result():
    return bayesian_search(BRANIN.objective, BRANIN.space, 9, n_initial_points=5,
                           random_state=1)


def test_panels_from_arrays_join_the_next_point_across_both():
    x = np.linspace(0, 1, 201)
    acq = np.exp(-((x - 0.63) ** 2) / 0.01)
    fig = plot_bo_panels(x, np.sin(6 * x), 0.1 + 0 * x, acq, [0.2, 0.5], [0.9, 0.1],
                         parts=(acq / 2, acq / 2), x_label="learning rate")
    ax_gp, ax_acq = fig.axes
    for ax in (ax_gp, ax_acq):
        assert find_artist(ax, "next-point").get_xdata()[0] == pytest.approx(0.63)
    link = next(a for a in fig.artists if a.get_gid() == "next-link")
    assert link.xy1[0] == pytest.approx(0.63) and link.xy2[0] == pytest.approx(0.63)
    assert ax_acq.get_xlabel() == "learning rate"
    # update moves every marker, in place
    n_artists = len(ax_gp.get_children()), len(ax_acq.get_children())
    nx = update_bo_panels(fig, x, np.cos(6 * x), 0.1 + 0 * x, acq[::-1], [0.2], [0.9])
    assert nx == pytest.approx(0.37)
    assert link.xy1[0] == pytest.approx(0.37)
    assert find_artist(ax_gp, "next-on-mean").get_ydata()[0] == pytest.approx(
        np.cos(6 * 0.37), abs=1e-3)
    assert (len(ax_gp.get_children()), len(ax_acq.get_children())) == n_artists


def test_step_of_a_finished_search_marks_the_acquisition_maximiser(forrester_result):
    res = forrester_result
    for k in (3, 5, 7):
        fig = plot_bo_step(res, k, truth=FORRESTER.objective, resolution=300)
        ax_gp, ax_acq = fig.axes[:2]
        assert len(find_artist(ax_gp, "observations").get_xdata()) == k
        np.testing.assert_allclose(find_artist(ax_gp, "observations").get_xdata(),
                                   [p["x"] for p in res.params[:k]])
        next_x = find_artist(ax_acq, "next-point").get_xdata()[0]
        assert next_x == pytest.approx(res.params[k]["x"])
        # the point evaluated next maximises the drawn acquisition (up to grid spacing)
        curve = find_artist(ax_acq, "acquisition")
        xs, ys = curve.get_xdata(), curve.get_ydata()
        assert np.interp(next_x, xs, ys) >= ys.max() - 0.02 * (np.ptp(ys) + 1e-12)
        assert abs(next_x - xs[np.argmax(ys)]) < 0.02
        plt.close(fig)


def test_step_band_contains_mean_and_truth_is_drawn(forrester_result):
    fig = plot_bo_step(forrester_result, 6, truth=FORRESTER.objective, resolution=200)
    ax = fig.axes[0]
    mean = find_artist(ax, "posterior-mean").get_ydata()
    verts = find_artist(ax, "posterior-band").get_paths()[0].vertices
    n = len(mean)
    lower, upper = verts[1:n + 1, 1], verts[n + 2:2 * n + 2, 1][::-1]
    assert np.all(lower <= mean + 1e-9) and np.all(mean <= upper + 1e-9)
    truth = find_artist(ax, "truth")
    assert truth.get_ydata()[0] == pytest.approx(FORRESTER.objective(x=0.0))


def test_ei_is_zero_at_observed_points_of_a_noise_free_optimizer():
    from hpt_helpers.optimizer import BayesianOptimizer

    opt = BayesianOptimizer(FORRESTER.space, n_initial_points=4, noise=0.0, random_state=0)
    pts = opt.ask(4)
    opt.tell(pts, [FORRESTER.objective(**p) for p in pts])
    grid = posterior_grid(opt, 101)
    U = FORRESTER.space.transform(pts)
    # EI with the default xi=0 at an observed point is std * phi(0), and a noise-free GP's
    # std there is only the numerical jitter: tiny next to the EI between the points.
    assert grid["acquisition"].max() > 1e-3
    assert np.all(opt.acquisition_values(U) < 1e-2 * grid["acquisition"].max())


def test_step_validates_k(forrester_result):
    with pytest.raises(ValueError, match="k"):
        plot_bo_step(forrester_result, 0)
    with pytest.raises(ValueError, match="k"):
        plot_bo_step(forrester_result, 99)


def test_contours_number_every_point_in_every_panel():
    g = np.linspace(0, 1, 25)
    G1, G2 = np.meshgrid(g, g)
    pts = np.array([[0.1, 0.2], [0.5, 0.5], [0.9, 0.3]])
    fig = plot_bo_contours(g, g, G1 + G2, G1 * G2, -((G1 - 0.7) ** 2 + (G2 - 0.2) ** 2),
                           pts, truth=G1 - G2, names=("C", "gamma"))
    titles = [ax.get_title() for ax in fig.axes[:4]]
    assert titles == ["true objective", "posterior mean", "posterior std", "acquisition"]
    for ax in fig.axes[:4]:
        numbers = [t.get_text() for t in ax.texts if t.get_gid() == "point-number"]
        assert numbers == ["1", "2", "3"]
        star = find_artist(ax, "next-point")
        assert (star.get_xdata()[0], star.get_ydata()[0]) == (
            pytest.approx(0.7, abs=0.03), pytest.approx(0.2, abs=0.03))
    assert fig.axes[0].get_xlabel() == "C" and fig.axes[0].get_ylabel() == "gamma"
    update_bo_contours(fig, g, g, G1, G2, G1 * 0 + 1, np.vstack([pts, [[0.3, 0.3]]]),
                       next_point=(0.4, 0.6))
    for ax in fig.axes[:4]:
        assert sum(t.get_gid() == "point-number" for t in ax.texts) == 4
        assert find_artist(ax, "next-point").get_xdata()[0] == pytest.approx(0.4)
    np.testing.assert_allclose(find_artist(fig.axes[1], "map").get_array().ravel(),
                               G1.ravel())


def test_contours_check_shapes():
    g = np.linspace(0, 1, 5)
    with pytest.raises(ValueError, match="mean"):
        plot_bo_contours(g, g, np.zeros((4, 5)), np.zeros((5, 5)), np.zeros((5, 5)), [])


def test_step_2d_of_a_finished_search(branin_result):
    res = branin_result
    fig = plot_bo_step_2d(res, 7, resolution=20)
    for ax in fig.axes[:3]:
        assert sum(t.get_gid() == "point-number" for t in ax.texts) == 7
        obs = find_artist(ax, "observations")
        np.testing.assert_allclose(obs.get_xdata(), [p["x1"] for p in res.params[:7]])
    star = find_artist(fig.axes[2], "next-point")
    assert star.get_xdata()[0] == pytest.approx(res.params[7]["x1"])
    assert fig.axes[0].get_xlabel() == "x1"


def test_step_of_a_maximised_search_shows_the_objective_sign():
    res = bayesian_search(lambda x: -FORRESTER.objective(x=x), FORRESTER.space, 6,
                          n_initial_points=3, random_state=0, maximize=True)
    fig = plot_bo_step(res, 5, resolution=100)
    obs = find_artist(fig.axes[0], "observations")
    np.testing.assert_allclose(obs.get_ydata(), res.values[:5])
    mean = find_artist(fig.axes[0], "posterior-mean").get_ydata()
    assert mean.max() > 0  # the flipped Forrester peaks above zero
