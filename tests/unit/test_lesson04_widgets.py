"""Logic tests of lesson 04's explorers (no browser needed)."""

import numpy as np
import pytest

from hpt_helpers.schedules import SCHEDULES
from hpt_helpers.widgets.initialization import (
    init_depth_explorer,
    saturated_share,
    spread_verdict,
)
from hpt_helpers.widgets.schedules import USES, schedule_explorer, schedule_run


@pytest.fixture(scope="module")
def init_explorer():
    return init_depth_explorer(depth=30, scheme="glorot", activation="relu")


def test_first_slider_of_init_explorer_changes_the_picture(init_explorer):
    ex = init_explorer
    ex.controls["depth"].value = 30
    before = ex.live.image.value
    ex.controls["depth"].value = 31  # one step right, as the browser test does
    assert ex.live.image.value != before
    assert len(ex.live.axes[0].lines[0].get_xdata()) == 31
    assert ex.live.axes[1].get_title().startswith("layer 31")


@pytest.mark.parametrize("scheme, activation, word", [
    ("he", "relu", "stable"), ("glorot", "relu", "vanishing"), ("small", "tanh", "vanishing"),
    ("large", "relu", "exploding"), ("large", "tanh", "saturated"),
])
def test_init_explorer_verdicts(init_explorer, scheme, activation, word):
    ex = init_explorer
    ex.controls["depth"].value = 40
    ex.controls["scheme"].value = scheme
    ex.controls["activation"].value = activation
    assert word in ex.live.axes[0].get_title()
    y = ex.live.axes[0].lines[0].get_ydata()
    assert np.all((y >= 1e-12) & (y <= 1e12))


def test_init_explorer_width_uses_the_same_draws(init_explorer):
    ex = init_explorer
    ex.controls["scheme"].value, ex.controls["activation"].value = "he", "relu"
    ex.controls["width"].value = 64
    title = ex.live.axes[0].get_title()
    ex.controls["width"].value = 128
    ex.controls["width"].value = 64
    assert ex.live.axes[0].get_title() == title


def test_spread_verdict_and_saturation():
    assert spread_verdict([1.0, np.inf]).startswith("exploding")
    assert spread_verdict([0.0, 0.0]).startswith("vanishing")
    assert saturated_share(np.array([0.001, 0.999, 0.5]), "logistic") == pytest.approx(2 / 3)


@pytest.fixture(scope="module")
def sched_explorer():
    return schedule_explorer(kind="warmup_cosine", base_lr=0.12)


def test_schedule_explorer_base_lr_changes_the_picture(sched_explorer):
    ex = sched_explorer
    before = ex.live.image.value
    ex.controls["base_lr"].value = 0.13
    assert ex.live.image.value != before
    assert ex.live.axes[0].lines[0].get_ydata().max() == pytest.approx(0.13)


@pytest.mark.parametrize("kind", SCHEDULES)
def test_schedule_explorer_greys_out_unused_knobs(sched_explorer, kind):
    ex = sched_explorer
    ex.controls["kind"].value = kind
    for name in ("drop", "every", "final_fraction", "warmup"):
        assert ex.controls[name].disabled == (name not in USES[kind])
    assert ex.live.axes[0].get_title().startswith(kind)


def test_schedule_explorer_knobs_reach_the_schedule(sched_explorer):
    ex = sched_explorer
    ex.controls["kind"].value = "step"
    ex.controls["base_lr"].value = 0.1
    ex.controls["every"].value = 50
    ex.controls["drop"].value = 0.5
    rates = ex.live.axes[0].lines[0].get_ydata()
    assert rates[49] == pytest.approx(0.1) and rates[50] == pytest.approx(0.05)
    ex.controls["kind"].value = "exponential"
    ex.controls["final_fraction"].value = 0.1
    assert ex.live.axes[0].lines[0].get_ydata()[-1] == pytest.approx(0.01)


def test_schedule_run_decay_beats_constant_and_constant_diverges_above_two_over_kappa():
    _, _, const = schedule_run("constant", 0.12)
    for kind in SCHEDULES[1:]:
        _, _, loss = schedule_run(kind, 0.12)
        assert loss[-50:].mean() < const[-50:].mean() / 2
    _, _, big = schedule_run("constant", 0.25)
    assert big[-1] > 1e6
    _, path, _ = schedule_run("cosine", 0.25)
    assert np.all(np.isfinite(path))


def test_schedule_explorer_redraws_only_its_curves_and_titles():
    from hpt_helpers.widgets.schedules import schedule_explorer

    ex = schedule_explorer(kind="cosine", base_lr=0.1)
    background, png = ex.live._background, ex.live.image.value
    ex.controls["base_lr"].value = 0.05
    assert ex.live._background is background          # blitted, not redrawn
    assert ex.live.image.value != png
    assert ex.live.axes[0].get_title().startswith("cosine: lr from 0.05")
    assert ex.live.axes[0].title in ex.live.dynamic
