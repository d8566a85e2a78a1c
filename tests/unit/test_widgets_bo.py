"""Widget logic of hpt_helpers.widgets.bo, driven in the kernel without a browser."""

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.plots.gp import find_artist
from hpt_helpers.widgets.bo import (
    EXAMPLES_1D,
    BORun,
    bo_explorer,
    bo_explorer_2d,
    plot_bo_explorer_2d_state,
    plot_bo_explorer_state,
    svc_digits_objective,
)
from hpt_helpers.widgets.bo_1d import noise_readout, tiny_message


@pytest.fixture
def explorer():
    return bo_explorer("forrester", resolution=120, n_steps=6)


def observations(ex):
    return find_artist(ex.live.figure.axes[0], "observations")


def test_first_control_is_the_iteration_slider_and_moving_it_changes_the_picture(explorer):
    first = next(iter(explorer.controls.values()))
    assert first is explorer.controls["iteration"]
    assert isinstance(first, widgets.IntSlider) and first.value == 0
    # the browser test presses ArrowRight on the first slider of the page
    sliders = [c for c in explorer.controls.values() if isinstance(c, widgets.IntSlider)]
    assert sliders[0] is first
    before = explorer.live.image.value
    first.value = 1
    assert explorer.live.image.value != before


def test_iteration_k_shows_n_initial_plus_k_observations(explorer):
    slider = explorer.controls["iteration"]
    for k in (0, 1, 4, 2):
        slider.value = k
        assert len(observations(explorer).get_xdata()) == 3 + k
        assert explorer.state["n"] == 3 + k
    # the star is the optimizer's proposal, and it is evaluated next
    star = find_artist(explorer.live.figure.axes[1], "acquisition-max").get_xdata()[0]
    assert star == pytest.approx(explorer.state["next"]["x"])
    slider.value = 3
    assert observations(explorer).get_xdata()[-1] == pytest.approx(star)


def test_a_knob_rescores_the_current_posterior_and_keeps_the_history(explorer):
    explorer.controls["iteration"].value = 4
    before = explorer.state
    curve = find_artist(explorer.live.figure.axes[1], "acquisition")
    ei = curve.get_ydata().copy()
    explorer.controls["acquisition"].value = "ucb"
    after = explorer.state
    assert find_artist(explorer.live.figure.axes[1], "acquisition") is curve
    assert not np.allclose(curve.get_ydata(), ei)
    assert "confidence bound" in explorer.live.figure.axes[1].get_ylabel()
    # same history, same posterior: only the scoring changed
    assert after["params"] == before["params"]
    np.testing.assert_allclose(after["mean"], before["mean"])
    # the ghost marks where the proposal was before the change
    ghost = find_artist(explorer.live.figure.axes[1], "ghost-max").get_xdata()[0]
    if after["next"]["x"] != pytest.approx(before["next"]["x"]):
        assert ghost == pytest.approx(before["next"]["x"])
    # stepping on continues the same history with the knob as it is now
    explorer.next_button.click()
    assert explorer.state["params"][:-1] == before["params"]
    assert explorer.state["params"][-1] == after["next"]
    assert np.isnan(find_artist(explorer.live.figure.axes[1], "ghost-max").get_xdata()[0])


def test_only_the_applicable_knobs_are_enabled_and_xi_reaches_zero(explorer):
    c = explorer.controls
    assert c["xi"].value == 0.0 and 0.0 in c["xi"].options[0]
    assert not c["xi"].disabled and c["kappa"].disabled
    c["acquisition"].value = "ucb"
    assert c["xi"].disabled and not c["kappa"].disabled
    c["acquisition"].value = "pi"
    assert not c["xi"].disabled and c["kappa"].disabled


@pytest.mark.parametrize("name", sorted(EXAMPLES_1D))
def test_ucb_proposal_std_never_falls_as_kappa_grows(name):
    # on a fixed candidate set (no L-BFGS-B polishing: n_restarts=0) the maximiser of
    # -mean + kappa * std cannot lose std as kappa grows: a theorem, checked at 3 steps
    run = BORun(EXAMPLES_1D[name], resolution=60, n_restarts=0)
    steps = run.path(6, n_initial=3, acquisition="ucb")
    for step in (steps[0], steps[3], steps[6]):
        stds = []
        for kappa in (0.0, 0.5, 1.0, 1.96, 3.0, 6.0):
            proposal = run.proposal(step, acquisition="ucb", kappa=kappa)
            _, std = step.optimizer.predict(run.space.transform([proposal]))
            stds.append(float(std[0]))
        assert all(b >= a - 1e-9 for a, b in zip(stds, stds[1:], strict=False)), stds


@pytest.mark.parametrize("settings", [
    {"acquisition": "ei", "xi": 0.0},
    {"acquisition": "pi", "xi": 0.01},
    {"acquisition": "ucb", "kappa": 0.0},
    {"acquisition": "ucb", "kappa": 3.0, "n_initial": 4, "design": "sobol"},
])
def test_the_explorer_proposes_what_bayesian_optimizer_proposes(settings):
    obj = EXAMPLES_1D["forrester"]
    run = BORun(obj, resolution=50, random_state=3)
    n_initial = settings.get("n_initial", 3)
    explored = run.path(6, **settings)[-1].params
    knobs = {k: v for k, v in settings.items() if k in ("acquisition", "xi", "kappa")}
    opt = BayesianOptimizer(obj.space, n_initial_points=n_initial,
                            initial_design=settings.get("design", "lhs"), noise=0.0,
                            random_state=3, **knobs)
    for _ in range(n_initial + 6):
        [p] = opt.ask()
        opt.tell(p, obj.function(**p))
    assert len(explored) == len(opt.params_told)
    for a, b in zip(explored, opt.params_told, strict=True):
        assert a["x"] == pytest.approx(b["x"], abs=1e-9)
    # duplicates are refused as the library refuses them (UCB, kappa 0 would repeat)
    xs = np.array([p["x"] for p in explored])
    assert np.min(np.abs(xs[:, None] - xs[None, :]) + np.eye(len(xs))) > 1e-6


def test_next_step_button_adds_a_point_and_extends_the_slider(explorer):
    slider = explorer.controls["iteration"]
    slider.value = slider.max
    n = len(observations(explorer).get_xdata())
    explorer.next_button.click()
    assert slider.value == slider.max == 7
    assert len(observations(explorer).get_xdata()) == n + 1


def test_learner_point_is_evaluated_next_and_a_replay_forgets_it(explorer):
    explorer.controls["iteration"].value = 1
    explorer.x_text.value = 0.05
    explorer.evaluate_button.click()
    assert explorer.controls["iteration"].value == 2
    xs = observations(explorer).get_xdata()
    assert len(xs) == 5 and xs[-1] == pytest.approx(0.05)
    assert explorer.state["y"][-1] == pytest.approx(EXAMPLES_1D["forrester"].function(x=0.05))
    explorer.replay_button.click()
    assert observations(explorer).get_xdata()[-1] != pytest.approx(0.05)


def test_run_settings_apply_only_when_the_search_is_replayed(explorer):
    explorer.controls["iteration"].value = 3
    mean = find_artist(explorer.live.figure.axes[0], "posterior-mean").get_ydata().copy()
    explorer.run_controls["noise"].value = explorer.run_controls["noise"].max
    assert explorer.state["settings"]["noise"] == 0.0        # not yet
    assert "press replay" in explorer.readout.value
    assert explorer.replay_button.button_style == "warning"
    explorer.replay_button.click()
    noisy = explorer.state
    true = [EXAMPLES_1D["forrester"].function(**p) for p in noisy["params"]]
    assert not np.allclose(noisy["y"], true)  # evaluations carry noise
    assert "noise sd: learned" in explorer.readout.value and "true" in explorer.readout.value
    new_mean = find_artist(explorer.live.figure.axes[0], "posterior-mean").get_ydata()
    assert not np.allclose(new_mean, mean)
    explorer.run_controls["length_scale"].value = 0.03
    explorer.run_controls["n_initial"].value = 6
    explorer.replay_button.click()
    assert explorer.state["length_scale"][0] == pytest.approx(0.03)
    assert len(observations(explorer).get_xdata()) == 6 + 3


def test_noisy_run_learns_a_noise_close_to_the_true_one():
    # the explorer's budget: 15 evaluations of Forrester with noise sd 2
    # (measured: 0.32, 1.5, 1.7, 1.6 for seeds 0-3); a run whose noise is still far too
    # small says so in the read-out instead of pinching silently
    run = BORun(EXAMPLES_1D["forrester"], resolution=100)
    states = [run.state(12, noise=2.0, n_initial=3, seed=s) for s in range(4)]
    learned = [s["noise_sd"] for s in states]
    assert sum(0.8 < sd < 4.0 for sd in learned) >= 3, learned
    for state in states:
        assert ("too small" in noise_readout(state)) == (state["noise_sd"] < 0.3 * 2.0)


def test_tiny_acquisition_is_said_so():
    state = {"settings": {"acquisition": "ei"}, "acquisition": np.full(5, 1e-30),
             "y": np.array([0.0, 10.0])}
    assert "near-zero" in tiny_message(state)
    state["acquisition"] = np.full(5, 0.5)
    assert tiny_message(state) is None
    assert tiny_message({**state, "settings": {"acquisition": "ucb"}}) is None


def test_cached_steps_are_not_recomputed(explorer):
    slider = explorer.controls["iteration"]
    slider.value = 4
    state = explorer.state
    slider.value = 1
    slider.value = 4
    assert explorer.state["params"] == state["params"]
    assert explorer.history.steps[4] is explorer.history.at(4, {"acquisition": "ei"})
    assert np.isfinite(explorer.last_step_ms)


def test_static_twin_draws_the_same_state(explorer):
    explorer.controls["iteration"].value = 3
    fig = plot_bo_explorer_state("forrester", step=3, resolution=120)
    np.testing.assert_allclose(find_artist(fig.axes[0], "observations").get_xdata(),
                               observations(explorer).get_xdata())
    np.testing.assert_allclose(find_artist(fig.axes[0], "posterior-mean").get_ydata(),
                               find_artist(explorer.live.figure.axes[0],
                                           "posterior-mean").get_ydata())
    assert "step 3" in fig.axes[0].get_title()
    fig2 = plot_bo_explorer_state("forrester", step=1, points={3: 0.5}, resolution=120)
    assert find_artist(fig2.axes[0], "observations").get_xdata()[-1] == pytest.approx(0.5)


def test_user_function_with_bounds_and_log_scale():
    ex = bo_explorer(lambda lr: (np.log10(lr) + 2) ** 2, bounds=(1e-4, 1.0), log=True,
                     name="learning_rate", resolution=80)
    ax = ex.live.figure.axes[1]
    assert ax.get_xscale() == "log" and "learning_rate" in ax.get_xlabel()
    ex.controls["iteration"].value = 3
    assert ex.state["n"] == 6
    with pytest.raises(ValueError, match="bounds"):
        bo_explorer(lambda x: x)
    with pytest.raises(ValueError, match="objective"):
        bo_explorer("nope")
    with pytest.raises(TypeError, match="objective"):
        bo_explorer(3, bounds=(0, 1))


def test_bo_run_validates_settings():
    run = BORun(EXAMPLES_1D["sine_bowl"], resolution=50)
    with pytest.raises(ValueError, match="acquisition"):
        run.state(0, acquisition="best")
    with pytest.raises(ValueError, match="xi"):
        run.state(0, xi=-1)
    with pytest.raises(ValueError, match="step"):
        run.state(-1)


def test_explorer_2d_numbers_points_and_moves_with_the_slider():
    ex = bo_explorer_2d("branin", resolution=15, n_steps=4)
    slider = next(iter(ex.controls.values()))
    assert slider is ex.controls["iteration"]
    before = ex.live.image.value
    slider.value = 2
    assert ex.live.image.value != before
    titles = [ax.get_title() for ax in ex.live.figure.axes]
    assert titles == ["true objective", "posterior mean", "posterior std", "acquisition"]
    for ax in ex.live.figure.axes:
        assert len(find_artist(ax, "observations").get_xdata()) == 7
    for i in (0, 3):  # live: the truth and acquisition panels carry the numbers
        ax = ex.live.figure.axes[i]
        numbers = [t.get_text() for t in ax.texts if t.get_gid() == "point-number"]
        assert numbers == [str(i) for i in range(1, 8)]
    # revisiting a state shows the same picture again, from the cache
    picture = ex.live.image.value
    slider.value = 1
    slider.value = 2
    assert ex.live.image.value == picture
    acq_map = find_artist(ex.live.figure.axes[3], "map").get_array().copy()
    ex.controls["acquisition"].value = "pi"
    assert not np.allclose(find_artist(ex.live.figure.axes[3], "map").get_array(), acq_map)
    assert ex.controls["kappa"].disabled and not ex.controls["xi"].disabled
    ex.next_button.click()
    assert ex.state["n"] == 8
    slider.value = 2  # back: the history made with EI up to here is unchanged
    fig = plot_bo_explorer_2d_state("branin", step=2, resolution=15, acquisition="ei")
    np.testing.assert_allclose(find_artist(fig.axes[1], "observations").get_xdata(),
                               find_artist(ex.live.figure.axes[1], "observations").get_xdata())
    ex.run_controls["n_initial"].value = 4
    ex.replay_button.click()
    assert ex.state["n"] == 4 + 2


def test_svc_table_objective_interpolates_in_log_space():
    C, gamma = np.geomspace(0.01, 100, 3), np.geomspace(1e-4, 1e-2, 3)
    rows = [{"C": c, "gamma": g, "mean_test_score": 0.5 + 0.1 * i + 0.01 * j}
            for i, c in enumerate(C) for j, g in enumerate(gamma)]
    obj = svc_digits_objective(pd.DataFrame(rows))
    assert obj.function(C=1.0, gamma=1e-3) == pytest.approx(1 - 0.61)
    assert obj.function(C=10.0, gamma=1e-3) == pytest.approx(1 - 0.66)
    assert obj.space["C"].log and obj.space["gamma"].log
    ex = bo_explorer_2d(obj, resolution=12, n_initial=4)
    ex.controls["iteration"].value = 2
    assert ex.live.figure.axes[0].get_xscale() == "log"
    with pytest.raises(ValueError, match="columns"):
        svc_digits_objective(pd.DataFrame({"C": [1.0]}))


def test_initial_design_dropdown_changes_the_first_points(explorer):
    lhs = observations(explorer).get_xdata().copy()
    explorer.run_controls["design"].value = "random"
    explorer.replay_button.click()
    random = observations(explorer).get_xdata()
    assert len(random) == len(lhs) and not np.allclose(np.sort(random), np.sort(lhs))
    # a Latin hypercube puts one of its 3 points in each third of the interval
    assert sorted(np.floor(lhs * 3).astype(int).tolist()) == [0, 1, 2]


def _pixels(png: bytes) -> np.ndarray:
    import io

    import PIL.Image

    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


@pytest.mark.parametrize("name, value", [("iteration", 3), ("xi", 0.03), ("acquisition", "pi"),
                                         ("kappa", 3.0), ("n_initial", 4),
                                         ("design", "random")])
def test_partial_redraws_match_a_full_redraw(explorer, name, value):
    # The explorer redraws only the moving artists on a saved background; whatever knob
    # moved, the picture must be the one a full redraw gives (no stale label or legend).
    if name == "kappa":
        explorer.controls["acquisition"].value = "ucb"
    if name in explorer.controls:
        explorer.controls[name].value = value
    else:
        explorer.run_controls[name].value = value
        explorer.replay_button.click()
    partial = _pixels(explorer.live.image.value)
    explorer.live.cache_key = None
    explorer.live.invalidate()
    explorer.live.render()
    assert np.array_equal(partial, _pixels(explorer.live.image.value))


def test_a_click_on_the_picture_evaluates_that_x_next(explorer):
    from hpt_helpers.widgets.bo import _click_to_x

    fig = explorer.live.figure
    ax = fig.axes[1]  # the acquisition panel: a click there picks x as well
    px, py = ax.transData.transform((0.25, np.mean(ax.get_ylim())))
    event = {"type": "click", "dataX": px, "dataY": fig.bbox.height - py}
    assert abs(_click_to_x(fig, event["dataX"], event["dataY"]) - 0.25) < 1e-9
    n = explorer.state["n"]
    before = explorer.live.image.value
    explorer.on_image_click(event)
    assert explorer.history.origins[-1] == "you"
    assert explorer.state["params"][n]["x"] == pytest.approx(0.25)
    assert explorer.live.image.value != before
    # a click in the margin, outside both panels, does nothing
    explorer.on_image_click({"type": "click", "dataX": 1, "dataY": 1})
    assert explorer.state["n"] == n + 1
    assert explorer.clicks is not None and explorer.clicks.watched_events == ["click"]


def test_2d_partial_redraws_match_a_full_redraw():
    # The 2-D explorer pastes a kept background with the truth panel's points and numbers
    # (one per history shown) and draws the rest on it: after moving back and forth and
    # turning knobs, the picture must be the one a full redraw gives.
    ex = bo_explorer_2d("branin", resolution=15, n_steps=4)
    slider = ex.controls["iteration"]
    for value in (3, 2):
        slider.value = value
    ex.controls["acquisition"].value = "ucb"
    ex.controls["kappa"].value = 3.0
    slider.value = 3  # a history seen before, under other knobs: its layer is pasted
    assert len(ex.live._layers) >= 2
    partial = _pixels(ex.live.image.value)
    ex.live.cache_key = None
    ex.live.invalidate()
    ex.live.render()
    assert np.array_equal(partial, _pixels(ex.live.image.value))
