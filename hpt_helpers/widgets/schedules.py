"""The schedule explorer: a learning-rate schedule and what it does to noisy SGD on a ravine."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import NullLocator

from hpt_helpers.gradient_optimizers import optimizer_path
from hpt_helpers.loss_surfaces import ravine
from hpt_helpers.plots.optimizer_paths import plot_optimizer_paths
from hpt_helpers.plots.schedules import plot_schedules
from hpt_helpers.plots.training_curves import plot_curves
from hpt_helpers.schedules import SCHEDULES, schedule
from hpt_helpers.widgets.blit_figure import TitleBlitFigure
from hpt_helpers.widgets.live import Explorer

__all__ = ["schedule_explorer", "schedule_run"]

# Which sliders each schedule reads; the others are greyed out.
USES = {"constant": (), "step": ("drop", "every"), "exponential": ("final_fraction",),
        "cosine": (), "warmup_cosine": ("warmup",)}


def schedule_run(kind: str, base_lr: float, *, steps: int = 200, drop: float = 0.5,
                 every: int = 50, final_fraction: float = 0.01, warmup: int = 20,
                 noise: float = 2.0, kappa: float = 10.0, random_state: int = 0):
    """Learning rates, path and loss of SGD with noisy gradients on :func:`ravine`.

    The gradient noise imitates mini-batches: with a constant learning rate SGD keeps
    bouncing around the minimum at a distance that grows with the rate; a decaying rate
    lets it settle.

    Parameters
    ----------
    kind : {"constant", "step", "exponential", "cosine", "warmup_cosine"}
    base_lr : float
    steps : int
    drop, every : float, int
        Step decay: multiply by ``drop`` every ``every`` steps.
    final_fraction : float
        Exponential decay: the last step's rate is ``base_lr * final_fraction``.
    warmup : int
        Warm-up steps of ``"warmup_cosine"``.
    noise : float
        Standard deviation of the gradient noise.
    kappa : float
        Condition number of the ravine.
    random_state : int
        Seeds the noise (the same for every schedule, so runs differ only by schedule).

    Returns
    -------
    rates : ndarray (steps,)
    path : ndarray (steps + 1, 2)
    loss : ndarray (steps + 1,)
        ``f(w) - f(minimum)`` along the path.

    Examples
    --------
    >>> _, _, const = schedule_run("constant", 0.15)
    >>> _, _, cos = schedule_run("cosine", 0.15)
    >>> bool(cos[-20:].mean() < const[-20:].mean())
    True
    """
    surface = ravine(kappa)
    gamma = final_fraction ** (1.0 / (steps - 1))
    rates = schedule(kind, steps, base_lr, drop=drop, every=every, gamma=gamma,
                     warmup_steps=warmup)
    path = optimizer_path(surface.grad, surface.start, "sgd", steps=steps,
                          learning_rate=rates, noise=noise, random_state=random_state)
    return rates, path, surface.gap(path)


def schedule_explorer(*, kind: str = "warmup_cosine", base_lr: float = 0.12,
                      steps: int = 200) -> Explorer:
    """Pick a schedule and its knobs; see the learning rate, the SGD path and the loss.

    Left: the learning rate at each step. Middle: the path of SGD with noisy gradients on
    an elongated bowl (the same noise for every setting). Right: the loss above the
    minimum, per step, on a log scale, with the constant schedule at the same base rate
    in grey for comparison. Rates above 0.2 are unstable on this bowl (2 / curvature).

    Examples
    --------
    >>> ex = schedule_explorer()
    >>> ex.controls["base_lr"].value = 0.05
    >>> float(ex.live.axes[0].lines[0].get_ydata().max()) == 0.05
    True
    >>> ex.controls["kind"].value = "step"
    >>> ex.controls["warmup"].disabled, ex.controls["drop"].disabled
    (True, False)
    """
    live = TitleBlitFigure(1, 3, figsize=(10.5, 3.3), dpi=72)
    ax_lr, ax_path, ax_loss = live.axes
    rates, path, loss = schedule_run(kind, base_lr, steps=steps)
    plot_schedules({"this schedule": rates}, ax=ax_lr)
    ax_lr.set_ylim(0, 0.3)
    surface = ravine(10.0)
    plot_optimizer_paths(surface, {"SGD, noisy gradients": path}, ax=ax_path)
    path_line = ax_path.lines[1]
    path_line.set_marker("")  # 200 markers cost more to draw than they show
    ax_path.get_legend().remove()
    ax_path.set_title("SGD with noisy gradients", fontsize=9)
    _, _, const_loss = schedule_run("constant", base_lr, steps=steps)
    plot_curves({"this schedule": loss, "constant": const_loss}, xlabel="update step",
                ylabel="loss above the minimum (log)", logy=True, start=0, ax=ax_loss)
    loss_line, const_line = ax_loss.lines[:2]
    const_line.set_color("grey")
    ax_loss.set_ylim(1e-4, 1e3)
    # Few, plain tick labels: minor log ticks and mathtext are slow to draw at every step.
    loss_ticks = [1e-4, 1e-2, 1.0, 1e2]
    ax_loss.set_yticks(loss_ticks, ["1e-4", "0.01", "1", "100"])
    ax_loss.yaxis.set_minor_locator(NullLocator())
    ax_loss.legend(fontsize=8)

    style = {"description_width": "initial"}
    controls = {
        "kind": widgets.Dropdown(options=list(SCHEDULES), value=kind, description="schedule"),
        "base_lr": widgets.FloatSlider(value=base_lr, min=0.01, max=0.25, step=0.01,
                                       description="base lr", readout_format=".2f",
                                       style=style),
        "drop": widgets.FloatSlider(value=0.5, min=0.1, max=0.9, step=0.1,
                                    description="step: drop", style=style),
        "every": widgets.IntSlider(value=50, min=10, max=100, step=10,
                                   description="step: every", style=style),
        "final_fraction": widgets.FloatLogSlider(value=0.01, base=10, min=-3, max=0,
                                                 step=0.25, description="exp: final/base",
                                                 style=style),
        "warmup": widgets.IntSlider(value=20, min=0, max=100, step=5,
                                    description="warm-up steps", style=style),
    }

    def update(kind, base_lr, drop, every, final_fraction, warmup):
        for name in ("drop", "every", "final_fraction", "warmup"):
            controls[name].disabled = name not in USES[kind]
        rates, path, loss = schedule_run(kind, base_lr, steps=steps, drop=drop, every=every,
                                         final_fraction=final_fraction, warmup=warmup)
        _, _, const_loss = schedule_run("constant", base_lr, steps=steps)
        ax_lr.lines[0].set_ydata(rates)
        ax_lr.set_title(f"{kind}: lr from {rates[0]:.3g} to {rates[-1]:.3g}", fontsize=9)
        path_line.set_data(path[:, 0], path[:, 1])
        shown = np.clip(np.nan_to_num(loss, nan=1e3, posinf=1e3), 1e-4, 1e3)
        loss_line.set_ydata(shown)
        const_line.set_ydata(np.clip(np.nan_to_num(const_loss, nan=1e3, posinf=1e3),
                                     1e-4, 1e3))
        ax_loss.set_title(f"last 50 steps: {np.mean(loss[-50:]):.3g} "
                          f"vs constant {np.mean(const_loss[-50:]):.3g}", fontsize=9)

    update(**{name: c.value for name, c in controls.items()})
    # Only the four curves and the titles move: the rest is drawn once and blitted.
    live.freeze(ax_lr.lines[0], path_line, loss_line, const_line)
    return Explorer(controls, update, live, columns=3)
