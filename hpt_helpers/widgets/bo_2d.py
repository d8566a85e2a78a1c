"""The 2-D Bayesian-optimisation explorer (:func:`bo_explorer_2d`) and its static twin.

Four maps: the true objective, the posterior mean (on the truth's colour scale), the
posterior std and the acquisition; points numbered in evaluation order, the star is the
optimizer's proposal (evaluated next), the hollow star the proposal before the last knob
change.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from hpt_helpers.plots.bo import plot_bo_contours, update_bo_contours
from hpt_helpers.plots.gp import find_artist
from hpt_helpers.validation import check_int
from hpt_helpers.widgets.blit_figure import BlitFigure
from hpt_helpers.widgets.bo_1d import enable_knobs, knob_controls, run_box, run_controls
from hpt_helpers.widgets.bo_objectives import objective_2d
from hpt_helpers.widgets.bo_state import (
    KNOBS,
    BOExplorer,
    BORun,
    History,
    step_forward,
    track_ghost,
)

__all__ = ["bo_explorer_2d", "plot_bo_explorer_2d_state"]

STRIPES = 4.0
"""A ratio of learned length scales above this is explained under the maps."""


def stripes_message(state, names) -> str | None:
    """Why the maps are stripes, when one learned length scale dwarfs the other."""
    ls = state["length_scale"]
    if ls is None or len(ls) < 2 or max(ls) < STRIPES * min(ls):
        return None
    flat = names[int(np.argmax(ls))]
    return (f"length scales {names[0]} {ls[0]:.2g}, {names[1]} {ls[1]:.2g} (unit square), "
            f"learned from {state['n']} points: the GP sees almost no change along {flat} "
            f"yet, so its maps are stripes along it")


def _draw_2d(fig, run: BORun, state, first: bool, colorbar: bool = True,
             live: bool = False, ghost=None) -> None:
    shape = (run.resolution, run.resolution)
    names = run.space.names
    X_obs = np.array([[p[names[0]], p[names[1]]]
                      for p in run.space.inverse_transform(state["X_unit"])], float)
    nxt = (state["next"][names[0]], state["next"][names[1]])
    mean = state["mean"].reshape(shape)
    if first:
        plot_bo_contours(run.axes[0], run.axes[1], mean, state["std"].reshape(shape),
                         state["acquisition"].reshape(shape), X_obs, next_point=nxt,
                         truth=run.truth.reshape(shape), names=names,
                         log=tuple(run.space[n].log for n in names), colorbar=colorbar,
                         numbered=("truth", "acquisition") if live else None,
                         lines=("truth",) if live else None, fig=fig)
        for ax in fig.axes[:4]:
            ax.plot([np.nan], [np.nan], linestyle="none", marker="*", markersize=14,
                    markerfacecolor="none", markeredgecolor="white", markeredgewidth=1.5,
                    gid="ghost-point", zorder=6)
        fig.axes[1].text(0.03, 0.03, "", transform=fig.axes[1].transAxes, fontsize=7.5,
                         va="bottom", gid="stripes-note",
                         bbox={"boxstyle": "round", "fc": "#fff3cd", "ec": "#b58900"})
    else:
        update_bo_contours(fig, run.axes[0], run.axes[1], mean, state["std"].reshape(shape),
                           state["acquisition"].reshape(shape), X_obs, next_point=nxt,
                           n_levels=0 if live else 8)
    # the truth and the posterior mean share one colour scale, so they compare at a glance
    lo, hi = float(np.min(run.truth)), float(np.max(run.truth))
    for ax in fig.axes[:2]:
        for artist in ax.collections:
            if artist.get_gid() == "map":
                artist.set_clim(lo, hi)
    g = (np.nan, np.nan) if ghost is None or np.allclose(ghost, nxt) else ghost
    for ax in fig.axes[:4]:
        find_artist(ax, "ghost-point").set_data([g[0]], [g[1]])
    message = stripes_message(state, names)
    note = find_artist(fig.axes[1], "stripes-note")
    if message:
        ls = state["length_scale"]
        flat = names[int(np.argmax(ls))]
        message = (f"stripes: from {state['n']} points the GP finds\n{flat} flat (length "
                   f"scales {ls[0]:.2g} and {ls[1]:.2g})")
    note.set_text(message or "")
    note.set_visible(message is not None)


def _title_2d(state, names):
    s = state["settings"]
    nxt = ", ".join(f"{n} = {state['next'][n]:.3g}" for n in names)
    return (f"step {state['step']}: {state['n']} evaluations ({s['n_initial']} initial), "
            f"best {state['best']:.4g}; next {nxt}")


def plot_bo_explorer_2d_state(task="branin", *, step: int = 0, acquisition: str = "ei",
                              xi: float = 0.0, kappa: float = 1.96, n_initial: int = 5,
                              design: str = "lhs", table=None, resolution: int = 40,
                              random_state: int = 0, fig=None):
    """Draw one state of :func:`bo_explorer_2d` as a static figure of four maps.

    Returns
    -------
    matplotlib.figure.Figure
        True objective, posterior mean (same colour scale), posterior std, acquisition;
        points numbered in evaluation order, the star is the next point.

    Examples
    --------
    >>> fig = plot_bo_explorer_2d_state("branin", step=2, n_initial=4, resolution=15)
    >>> sum(t.get_gid() == "point-number" for t in fig.axes[1].texts)
    6
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    run = BORun(objective_2d(task, table), resolution=resolution, random_state=random_state)
    state = run.state(step, acquisition=acquisition, xi=xi, kappa=kappa, n_initial=n_initial,
                      design=design)
    if fig is None:
        fig = plt.figure(figsize=(15.0, 3.9), layout="constrained")
    _draw_2d(fig, run, state, first=True)
    fig.suptitle(_title_2d(state, run.space.names))
    return fig


def bo_explorer_2d(task="branin", *, table=None, n_steps: int = 15, n_initial: int = 5,
                   acquisition: str = "ei", resolution: int = 40,
                   random_state: int = 0) -> BOExplorer:
    """Step through Bayesian optimisation of two hyperparameters, as four live maps.

    Maps, left to right: the true objective, the posterior mean (on the truth's colour
    scale), the posterior standard deviation and the acquisition; the evaluated points
    are numbered in order and the star is the next point. As in
    :func:`~hpt_helpers.widgets.bo_1d.bo_explorer`, the knobs (acquisition, xi, kappa)
    re-score the current step, and the run settings (initial points, design, seed) apply
    when the search is replayed.

    Parameters
    ----------
    task : {"branin", "svc_digits"} or Objective
        ``"branin"`` (the Branin test function), ``"svc_digits"`` (an RBF SVM's CV error
        on the digits over log-scaled C and gamma, from ``table``), or your own
        2-D :class:`~hpt_helpers.widgets.bo_objectives.Objective`.
    table : pandas.DataFrame, optional
        For ``"svc_digits"``: a :func:`~hpt_helpers.widgets.bo_objectives.svc_digits_table`
        (built once in the notebook); built with the defaults when omitted (seconds).
    n_steps : int
        Initial length of the ``iteration`` slider (*next step* extends it).
    n_initial, acquisition : int, str
        Initial values of those controls.
    resolution : int
        Grid points per axis.
    random_state : int

    Returns
    -------
    BOExplorer
        ``.controls``: ``iteration`` (first), ``acquisition``, ``xi``, ``kappa``;
        ``.run_controls``: ``n_initial``, ``design``, ``seed``; ``.replay_button``,
        ``.next_button``, ``.history``, ``.run``, ``.state``.

    Examples
    --------
    >>> ex = bo_explorer_2d("branin", resolution=15)
    >>> ex.controls["iteration"].value = 3
    >>> ex.state["n"]
    8
    """
    obj = objective_2d(task, table)
    run = BORun(obj, resolution=resolution, random_state=random_state)
    n_steps = check_int("n_steps", n_steps, low=1)
    controls = {"iteration": widgets.IntSlider(value=0, min=0, max=n_steps,
                                               description="iteration",
                                               continuous_update=False),
                **knob_controls(acquisition)}
    settings = run_controls(n_initial, 1.0, noise=False, length_scale=False, max_initial=15)
    settings["seed"].value = run.seed
    for c in [*controls.values(), *settings.values()]:
        c.style.description_width = "initial"
    live = BlitFigure(1, 4, figsize=(13.0, 3.6), dpi=80, sharex=True, sharey=True)
    readout = widgets.HTML()
    history = History(run, {k: c.value for k, c in settings.items()})
    holder: dict = {"first": True, "shown": None}
    names = run.space.names
    dynamic_gids = {"map", "contour-lines", "observations", "point-number", "next-point",
                    "ghost-point", "stripes-note"}

    def update(iteration, acquisition, xi, kappa):
        knobs = {"acquisition": acquisition, "xi": xi, "kappa": kappa}
        enable_knobs(controls, acquisition)
        step = history.at(iteration, knobs)
        state = run.scored(step, iteration, **knobs)
        ghost = track_ghost(holder, step, knobs,
                            (state["next"][names[0]], state["next"][names[1]]))
        first = holder["first"]
        _draw_2d(live.figure, run, state, first=first, colorbar=False, live=True, ghost=ghost)
        if first:
            live.dynamic = [a for ax in live.figure.axes[1:] for a in ax.get_children()
                            if a.get_gid() in dynamic_gids]
            live.dynamic += [a for a in live.figure.axes[0].get_children()
                             if a.get_gid() in dynamic_gids - {"map", "contour-lines"}]
        else:  # point numbers are added as the history grows
            live.dynamic = [a for a in live.dynamic if a.get_gid() != "point-number"]
            live.dynamic += [t for ax in live.figure.axes for t in ax.texts
                             if t.get_gid() == "point-number"]
        # the truth map never changes: its points and numbers depend on the history only
        live.layer = [a for a in live.dynamic if a.axes is live.figure.axes[0]
                      and a.get_gid() in ("observations", "point-number")]
        live.layer_key = step.uid
        holder["first"] = False
        live.cache_key = (step.uid, tuple(knobs.items()), ghost)
        pending = run.run_settings(**{k: c.value for k, c in settings.items()}) != \
            history.settings
        stripes = stripes_message(state, names)
        readout.value = (f"<b>{_title_2d(state, names)}</b>"
                         + (f"<br>{stripes}" if stripes else "")
                         + ("<br><b>run settings changed: press replay to use them</b>"
                            if pending else "")
                         + "<br><small>colours: the posterior mean uses the true objective's "
                           "scale; std and acquisition span their own range (dark = low)"
                         + ("; hollow star: the proposal before the change" if ghost else "")
                         + "</small>")
        holder["state"] = state

    iteration = controls["iteration"]
    next_button = widgets.Button(description="next step", icon="step-forward")
    replay_button = widgets.Button(description="replay the search with these settings",
                                   icon="redo", layout=widgets.Layout(width="auto"))

    def on_next(_):
        step_forward(iteration)

    def replay():
        history.replay({k: c.value for k, c in settings.items()},
                       {k: controls[k].value for k in KNOBS}, iteration.value)
        holder["shown"] = holder["ghost"] = None

    next_button.on_click(on_next)
    settings_box = run_box(settings, replay_button, replay, lambda: explorer.refresh())
    explorer = BOExplorer(controls, update, live, extra=[next_button, settings_box, readout],
                          columns=4)
    explorer._holder = holder
    explorer.run, explorer.history, explorer.readout = run, history, readout
    explorer.run_controls = settings
    explorer.next_button, explorer.replay_button = next_button, replay_button
    return explorer

