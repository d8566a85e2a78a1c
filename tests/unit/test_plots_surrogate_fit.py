"""Content checks for hpt_helpers.plots.surrogate_fit."""

import numpy as np
import pytest

from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.plots.gp import find_artist
from hpt_helpers.plots.surrogate_fit import plot_surrogate_fit, surrogate_history
from hpt_helpers.search import bayesian_search, random_search
from hpt_helpers.space import Real
from hpt_helpers.testfunctions import BRANIN


@pytest.fixture(scope="module")
def result():
    return bayesian_search(BRANIN.objective, BRANIN.space, 9, n_initial_points=5,
                           random_state=0)


def test_history_matches_the_fitted_surrogates(result):
    h = surrogate_history(result)
    assert h["names"] == ["x1", "x2"]
    assert h["length_scales"].shape == (len(h["n"]), 2)
    assert np.all(np.diff(h["n"]) > 0)
    k = int(h["n"][-1])
    gp = result.optimizer_at(k).gp
    np.testing.assert_allclose(h["length_scales"][-1], gp.kernel_.k1.k2.length_scale,
                               rtol=1e-6)
    y = result.values[:k]
    noise_sd = np.sqrt(gp.kernel_.k2.noise_level) * np.std(y)
    assert h["noise_sd"][-1] == pytest.approx(noise_sd, rel=1e-6)


def test_plot_draws_one_line_per_hyperparameter_and_the_noise(result):
    fig = plot_surrogate_fit(result)
    ax_ls, ax_noise = fig.axes[:2]
    h = surrogate_history(result)
    for j, name in enumerate(["x1", "x2"]):
        line = find_artist(ax_ls, f"length-scale:{name}")
        np.testing.assert_allclose(line.get_xdata(), h["n"])
        np.testing.assert_allclose(line.get_ydata(), h["length_scales"][:, j])
    np.testing.assert_allclose(find_artist(ax_noise, "noise").get_ydata(), h["noise_sd"])
    assert ax_ls.get_yscale() == "log" and ax_noise.get_yscale() == "log"
    assert "length scale" in ax_ls.get_ylabel()
    styles = {str(find_artist(ax_ls, f"length-scale:{n}").get_linestyle()) for n in
              ("x1", "x2")}
    assert len(styles) == 2


def test_optimizer_source_and_log_names():
    opt = BayesianOptimizer({"C": Real(1e-3, 1e3, log=True)}, n_initial_points=3,
                            noise=0.0, random_state=0)
    for _ in range(5):
        [p] = opt.ask()
        opt.tell(p, (np.log10(p["C"]) - 1) ** 2)
    _ = opt.gp
    h = surrogate_history(opt)
    assert h["names"] == ["C (log)"]
    assert h["fixed"]["noise"] and not h["fixed"]["length_scale"]
    assert np.all(h["noise_sd"] < 1e-3)


def test_rejects_other_sources():
    res = random_search(BRANIN.objective, BRANIN.space, 3, random_state=0)
    with pytest.raises(ValueError, match="Bayesian"):
        surrogate_history(res)
    with pytest.raises(TypeError, match="SearchResult"):
        surrogate_history([1, 2])
