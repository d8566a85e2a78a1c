"""Content checks for hpt_helpers.plots.convergence."""

from types import SimpleNamespace

import numpy as np
import pytest

from hpt_helpers.plots.convergence import best_so_far_matrix, plot_convergence
from hpt_helpers.plots.gp import find_artist


def test_median_line_and_band_are_the_quantiles_of_the_runs():
    rng = np.random.default_rng(0)
    runs = {"random": rng.random((9, 20)), "bayesian": rng.random((9, 20)) * 0.5}
    ax = plot_convergence(runs)
    for name, values in runs.items():
        best = np.minimum.accumulate(values, axis=1)
        line = find_artist(ax, f"median:{name}")
        np.testing.assert_allclose(line.get_ydata(), np.median(best, axis=0))
        np.testing.assert_allclose(line.get_xdata(), np.arange(1, 21))
        verts = find_artist(ax, f"band:{name}").get_paths()[0].vertices
        q25, q75 = np.quantile(best, [0.25, 0.75], axis=0)
        assert verts[:, 1].min() == pytest.approx(q25.min())
        assert verts[:, 1].max() == pytest.approx(q75.max())
    styles = {str(line.get_linestyle()) for line in ax.lines}
    assert len(styles) == 2  # distinguishable without colour
    assert ax.get_xlabel() == "evaluations"
    assert "lower is better" in ax.get_ylabel()


def test_search_results_and_maximise_and_regret():
    results = [SimpleNamespace(best_so_far=lambda v=v: np.maximum.accumulate(v), maximize=True)
               for v in ([0.1, 0.5, 0.4], [0.3, 0.2, 0.9])]
    ax = plot_convergence({"grid": results})
    np.testing.assert_allclose(find_artist(ax, "median:grid").get_ydata(), [0.2, 0.4, 0.7])
    assert "higher is better" in ax.get_ylabel()
    ax.cla()
    plot_convergence({"grid": results}, optimum=1.0, log_y=True, ax=ax)
    np.testing.assert_allclose(find_artist(ax, "median:grid").get_ydata(), [0.8, 0.6, 0.3])
    assert ax.get_yscale() == "log"
    assert "regret" in ax.get_ylabel()


def test_best_so_far_matrix_skips_failures_and_checks_lengths():
    m = best_so_far_matrix([[np.nan, 2.0, 3.0], [1.0, np.nan, 0.5]])
    np.testing.assert_allclose(m, [[np.nan, 2.0, 2.0], [1.0, 1.0, 0.5]])
    m = best_so_far_matrix([[1.0, 3.0]], maximize=True)
    np.testing.assert_allclose(m, [[1.0, 3.0]])
    with pytest.raises(ValueError, match="same number"):
        best_so_far_matrix([[1.0, 2.0], [1.0]])
    with pytest.raises(ValueError, match="at least one"):
        best_so_far_matrix([])


def test_convergence_validates_arguments():
    with pytest.raises(TypeError, match="mapping"):
        plot_convergence([[1.0, 2.0]])
    with pytest.raises(ValueError, match="quantiles"):
        plot_convergence({"a": [[1.0, 2.0]]}, quantiles=(0.8, 0.2))
