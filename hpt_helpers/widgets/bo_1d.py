"""The 1-D Bayesian-optimisation explorer (:func:`bo_explorer`) and its static twin.

Top panel: the GP posterior (mean, 95% band, observations, true objective); bottom: the
acquisition with its exploitation and exploration parts. The star is the point the
optimizer proposes, i.e. the point evaluated next; after a knob change a hollow marker
shows where the proposal was before it.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from hpt_helpers import acquisition as acq
from hpt_helpers.plots.acquisition import ACQUISITION_LABELS
from hpt_helpers.plots.bo import plot_bo_panels, update_bo_panels
from hpt_helpers.plots.gp import find_artist
from hpt_helpers.plots.style import OKABE_ITO
from hpt_helpers.validation import check_int, check_number, check_one_of
from hpt_helpers.widgets.blit_figure import BlitFigure, nice_limits, nice_up
from hpt_helpers.widgets.bo_objectives import objective_1d
from hpt_helpers.widgets.bo_state import (
    KNOBS,
    BOExplorer,
    BORun,
    History,
    step_forward,
    track_ghost,
)

__all__ = ["bo_explorer", "plot_bo_explorer_state"]

ACQUISITION_OPTIONS = [("expected improvement (ei)", "ei"),
                       ("probability of improvement (pi)", "pi"),
                       ("confidence bound (ucb)", "ucb")]
DESIGN_OPTIONS = [("Latin hypercube", "lhs"), ("random", "random"), ("Sobol", "sobol")]
LENGTH_SCALE_OPTIONS = [("learned", "learned"), ("fixed 0.03", 0.03), ("fixed 0.1", 0.1),
                        ("fixed 0.3", 0.3), ("fixed 1.0", 1.0)]
XI_OPTIONS = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
TINY = 1e-8
"""EI below ``TINY`` times the spread of the observations (PI below ``TINY``) everywhere
counts as "near zero everywhere", and the picture says so."""
MARGINS = {"left": 0.09, "right": 0.73, "top": 0.97, "bottom": 0.11, "hspace": 0.1}
"""Fixed margins of the live figure: room for the legends on the right, for the y label
on the left whatever the tick labels (the layout never changes between steps)."""


def knob_controls(acquisition: str = "ei") -> dict:
    """The acquisition knobs: acquisition, xi (EI and PI), kappa (UCB)."""
    return {
        "acquisition": widgets.Dropdown(options=ACQUISITION_OPTIONS,
                                        value=check_one_of("acquisition", acquisition,
                                                           list(acq.ACQUISITIONS)),
                                        description="acquisition"),
        "xi": widgets.SelectionSlider(options=[(f"{v:g}", v) for v in XI_OPTIONS], value=0.0,
                                      description="xi (ei, pi)", continuous_update=False),
        "kappa": widgets.FloatSlider(value=1.96, min=0.0, max=6.0, step=0.1,
                                     description="kappa (ucb)", continuous_update=False),
    }


def enable_knobs(controls: dict, acquisition: str) -> None:
    """Enable only the knobs the acquisition uses (xi for EI and PI, kappa for UCB)."""
    controls["xi"].disabled = acquisition == "ucb"
    controls["kappa"].disabled = acquisition != "ucb"


def _title_1d(state, name):
    s = state["settings"]
    text = (f"step {state['step']}: {state['n']} evaluations ({s['n_initial']} initial), "
            f"best {state['best']:.3g}; next {name} = {state['next'][name]:.3g}")
    if state["chosen"] is not None:
        text += f" (you chose {state['chosen'][name]:.3g})"
    return text


def tiny_message(state) -> str | None:
    """A sentence when EI or PI is near zero everywhere on the grid, else None."""
    name = state["settings"]["acquisition"]
    if name == "ucb":
        return None
    top = float(np.nanmax(state["acquisition"]))
    spread = float(np.ptp(state["y"])) if len(state["y"]) > 1 else 1.0
    if top < TINY * (spread if name == "ei" and spread > 0 else 1.0):
        return (f"{name.upper()} is below {top:.0e} everywhere: the search is choosing "
                f"among near-zero values")
    return None


def noise_readout(state) -> str:
    """The surrogate's noise sd next to the true one, and a warning when it collapsed."""
    true, learned = state["settings"]["noise"], state["noise_sd"]
    if learned is None:
        return ""
    if true == 0:
        return "noise: none (the GP's noise is fixed at 0: it interpolates)"
    text = f"noise sd: learned {learned:.2g}, true {true:.2g}"
    if learned < 0.3 * true:
        ls = state["length_scale"]
        text += (f" <b>-- too small:</b> with {state['n']} points the GP explains the noise "
                 f"as wiggles (length scale {float(np.min(ls)):.2g}); it cannot tell noise "
                 f"from signal yet")
    return text


def _ylim_1d(run: BORun, state, show_truth):
    if show_truth:
        lo, hi = float(np.min(run.truth)), float(np.max(run.truth))
        pad = 0.12 * (hi - lo if hi > lo else 1.0) + 2.5 * state["settings"]["noise"]
        return lo - pad, hi + pad
    return nice_limits([state["y"], state["mean"]])


_DYNAMIC_1D = {0: ("posterior-band", "posterior-mean", "observations", "next-point",
                   "next-on-mean", "ghost-point"),
               1: ("acquisition", "exploitation", "exploration", "next-point",
                   "acquisition-max", "ghost-max", "tiny-note")}


def _dynamic_artists_1d(fig) -> list:
    out = []
    for i, gids in _DYNAMIC_1D.items():
        out += [a for a in fig.axes[i].get_children() if a.get_gid() in gids]
    out += [a for a in fig.artists if a.get_gid() == "next-link"]
    return out


def _add_ghost(fig):
    ax_gp, ax_acq = fig.axes[0], fig.axes[1]
    ax_gp.axvline(np.nan, color="0.45",
                  linestyle=":", linewidth=1.4, gid="ghost-point")
    ax_acq.plot([np.nan], [np.nan], linestyle="none", marker="*", markersize=12,
                markerfacecolor="none", markeredgecolor=OKABE_ITO["black"],
                label="before the change", gid="ghost-max", zorder=4)
    ax_acq.text(0.5, 0.5, "", transform=ax_acq.transAxes, ha="center", va="center",
                fontsize=10, color=OKABE_ITO["black"], gid="tiny-note",
                bbox={"boxstyle": "round", "fc": "#fff3cd", "ec": "#b58900"})


def draw_1d(fig, run: BORun, state, show_truth: bool, first: bool, title: bool = True,
            ghost: float | None = None) -> float:
    """Draw ``state`` on the two-panel ``fig`` (create the artists when ``first``).

    The acquisition and its parts are divided by a round number at least as large as the
    largest absolute value among them and drawn in fixed limits [-1.05, 1.05] (nothing is
    clipped; the y label names the divisor). ``ghost``: the x of the proposal before the
    last knob change. Returns the divisor.
    """
    name = run.space.names[0]
    x = run.axes[0]
    X_obs = np.array([p[name] for p in run.space.inverse_transform(state["X_unit"])], float)
    values, parts = state["acquisition"], state["parts"]
    top = max(float(np.nanmax(np.abs(np.concatenate([values, *parts])))), 1e-300)
    scale = nice_up(top)
    values, parts = values / scale, (parts[0] / scale, parts[1] / scale)
    next_x = state["next"][name]
    kwargs = {"parts": parts, "next_x": next_x}
    text = _title_1d(state, name) if title else None
    acq_name = state["settings"]["acquisition"]
    if first:
        plot_bo_panels(x, state["mean"], state["std"], values, X_obs, state["y"],
                       truth=run.truth if show_truth else None, acquisition_name=acq_name,
                       x_label=name, y_label=run.objective.label, log_x=run.space[name].log,
                       title=text, fig=fig, **kwargs)
        _add_ghost(fig)
        for ax in fig.axes[:2]:  # outside, right: never hides a curve
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    else:
        update_bo_panels(fig, x, state["mean"], state["std"], values, X_obs, state["y"],
                         acquisition_name=acq_name, title=text, rescale=False, **kwargs)
    ax_gp, ax_acq = fig.axes[0], fig.axes[1]
    ax_gp.set_ylim(*_ylim_1d(run, state, show_truth))
    ax_acq.set_ylim(-1.05, 1.05)
    ax_acq.set_yticks([-1, 0, 1])
    short = ACQUISITION_LABELS[acq_name].split(" (")[0]
    ax_acq.set_ylabel(f"{short}\n/ {scale:.0e}" if scale != 1 else short)
    legend = ax_acq.get_legend()
    if legend is not None:  # the short name: the formula is in the lesson, not the legend
        legend.get_texts()[0].set_text(short)
    gx = np.nan if ghost is None or np.isclose(ghost, next_x) else ghost
    find_artist(ax_gp, "ghost-point").set_xdata([gx, gx])
    find_artist(ax_acq, "ghost-max").set_data([gx], [np.interp(gx, x, values)])
    message = tiny_message(state)
    note = find_artist(ax_acq, "tiny-note")
    note.set_text(message or "")
    note.set_visible(message is not None)
    return scale


def plot_bo_explorer_state(objective="forrester", bounds=None, *, step: int = 0,
                           acquisition: str = "ei", xi: float = 0.0, kappa: float = 1.96,
                           noise: float = 0.0, n_initial: int = 3, length_scale="learned",
                           design: str = "lhs", points=None, name: str = "x", log: bool = False,
                           resolution: int = 300, random_state: int = 0,
                           show_truth: bool = True, fig=None):
    """Draw one state of :func:`bo_explorer` as a static two-panel figure.

    The run is replayed with the given settings (the knobs at every step), and ``points``
    (``{evaluation number: x}``) replace the proposals at those evaluations.

    Returns
    -------
    matplotlib.figure.Figure
        Posterior above (``fig.axes[0]``), acquisition below (``fig.axes[1]``).

    Examples
    --------
    >>> fig = plot_bo_explorer_state("forrester", step=2, n_initial=3, resolution=100)
    >>> len(find_artist(fig.axes[0], "observations").get_xdata())
    5
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    obj = objective_1d(objective, bounds, name, log)
    run = BORun(obj, resolution=resolution, random_state=random_state)
    pname = obj.space.names[0]
    pts = {int(i): {pname: float(v)} for i, v in (points or {}).items()}
    state = run.state(step, acquisition=acquisition, xi=xi, kappa=kappa, noise=noise,
                      n_initial=n_initial, length_scale=length_scale, design=design,
                      points=pts)
    if fig is None:
        fig = plt.figure(figsize=(9.0, 5.4), layout="constrained")
        fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.6, 1.0]})
    draw_1d(fig, run, state, show_truth, first=True)
    return fig


def run_controls(n_initial: int, max_noise: float, *, noise: bool = True,
                 length_scale: bool = True, max_initial: int = 10) -> dict:
    """The run-defining settings: used only when the search is replayed."""
    controls = {}
    if noise:
        controls["noise"] = widgets.FloatSlider(value=0.0, min=0.0, max=max_noise,
                                                step=max_noise / 20, description="noise sd",
                                                continuous_update=False)
    controls["n_initial"] = widgets.IntSlider(value=check_int("n_initial", n_initial, low=1),
                                              min=1, max=max_initial,
                                              description="initial points",
                                              continuous_update=False)
    if length_scale:
        controls["length_scale"] = widgets.Dropdown(options=LENGTH_SCALE_OPTIONS,
                                                    value="learned",
                                                    description="length scale")
    controls["design"] = widgets.Dropdown(options=DESIGN_OPTIONS, value="lhs",
                                          description="initial design")
    controls["seed"] = widgets.BoundedIntText(value=0, min=0, max=999, description="seed",
                                              layout=widgets.Layout(width="150px"))
    return controls


def run_box(controls: dict, button: widgets.Button, replay: Callable[[], None],
            refresh: Callable[[], None]) -> widgets.Widget:
    """The run settings and the replay button, wired, boxed and labelled apart from the knobs.

    A changed setting marks the button (style ``"warning"``) and calls ``refresh()``: the
    picture stays the cached run's, and the read-out says why. A press calls ``replay()``
    (re-run the search with the settings), clears the mark and calls ``refresh()``.
    """
    def on_replay(_):
        replay()
        button.button_style = ""
        refresh()

    def on_setting(_):
        button.button_style = "warning"
        refresh()

    button.on_click(on_replay)
    for c in controls.values():
        c.observe(on_setting, names="value")
    header = widgets.HTML("<b>Run settings</b>: they define the whole search, so they "
                          "apply when you replay it from the start")
    items = list(controls.values())
    box = widgets.VBox([header, widgets.HBox(items[:3]), widgets.HBox(items[3:] + [button])],
                       layout=widgets.Layout(border="1px solid #bbb", padding="4px",
                                             margin="6px 0"))
    box.add_class("hpt-run-settings")
    return box


def bo_explorer(objective="forrester", bounds=None, *, name: str = "x", log: bool = False,
                n_steps: int = 12, n_initial: int = 3, acquisition: str = "ei",
                resolution: int = 300, random_state: int = 0, show_truth: bool = True,
                max_noise: float | None = None) -> BOExplorer:
    """Step through Bayesian optimisation of a 1-D objective and turn its knobs.

    Two kinds of control. The *knobs* (``acquisition``, ``xi`` for EI and PI, ``kappa``
    for UCB; only the ones that apply are enabled) re-score the posterior of the current
    step: the history stays as it is, the star (the optimizer's proposal, evaluated next)
    moves, and a hollow star marks where it was before the change. The *run settings*
    (noise, initial points, length scale, initial design, seed) define a whole search:
    they apply when you press *replay the search with these settings*, which re-runs it
    from the start with the knobs as they are (and forgets your own points).

    Moving ``iteration`` forward evaluates the proposals of the current knobs; *next step*
    does one such step; *evaluate x next* (or a click on either panel) evaluates your
    ``x`` instead. Proposals are ``BayesianOptimizer.ask()``'s, with the same settings.

    Parameters
    ----------
    objective : str or callable
        A built-in example (``"forrester"``, ``"gramacy_lee"``, ``"sine_bowl"``, see
        :data:`~hpt_helpers.widgets.bo_objectives.EXAMPLES_1D`) or your own
        ``f(x) -> float`` to minimise.
    bounds : (low, high), optional
        The search interval of your own ``f``.
    name : str
        Your hyperparameter's name (axis label; a Python identifier).
    log : bool
        Search ``x`` on a log scale.
    n_steps : int
        Initial length of the ``iteration`` slider (*next step* extends it).
    n_initial, acquisition : int, str
        Initial values of those controls.
    resolution : int
        Grid points where the posterior and acquisition are drawn.
    random_state : int
        Initial seed (of the design, the evaluation noise and the optimizer).
    show_truth : bool
        Draw the true objective (evaluates ``f`` on the grid once).
    max_noise : float, optional
        Largest value of the ``noise`` slider (default: a fifth of the objective's range).

    Returns
    -------
    BOExplorer
        ``.controls``: ``iteration`` (first), ``acquisition``, ``xi``, ``kappa``;
        ``.run_controls``: ``noise``, ``n_initial``, ``length_scale``, ``design``,
        ``seed``; ``.replay_button``, ``.next_button``, ``.x_text``, ``.evaluate_button``,
        ``.history`` (:class:`~hpt_helpers.widgets.bo_state.History`), ``.run``
        (:class:`~hpt_helpers.widgets.bo_state.BORun`), ``.on_image_click`` and
        ``.clicks`` (ipyevents). ``.state`` is the state drawn last.

    Examples
    --------
    >>> ex = bo_explorer("forrester", resolution=100)
    >>> ex.controls["iteration"].value = 2
    >>> ex.state["n"]
    5
    >>> ex.next_button.click()
    >>> ex.controls["iteration"].value, ex.state["n"]
    (3, 6)
    >>> ex.controls["kappa"].disabled, ex.controls["xi"].disabled
    (True, False)
    """
    obj = objective_1d(objective, bounds, name, log)
    run = BORun(obj, resolution=resolution, random_state=random_state)
    pname = obj.space.names[0]
    n_steps = check_int("n_steps", n_steps, low=1)
    if max_noise is None:
        tr = run.truth if show_truth else np.array([0.0, 1.0])
        span = float(np.ptp(tr)) or 1.0
        max_noise = float(f"{span / 5:.1g}")
    max_noise = check_number("max_noise", max_noise, low=0, low_inclusive=False)
    controls = {"iteration": widgets.IntSlider(value=0, min=0, max=n_steps,
                                               description="iteration",
                                               continuous_update=False),
                **knob_controls(acquisition)}
    settings = run_controls(n_initial, max_noise)
    settings["seed"].value = run.seed
    for c in [*controls.values(), *settings.values()]:
        c.style.description_width = "initial"
    live = BlitFigure(2, 1, figsize=(9.0, 5.0), dpi=80, sharex=True,
                      gridspec_kw={"height_ratios": [1.6, 1.0]})
    live.figure.set_layout_engine(None)  # fixed margins: nothing is clipped, nothing jumps
    live.figure.subplots_adjust(**MARGINS)
    readout = widgets.HTML()
    history = History(run, {k: c.value for k, c in settings.items()})
    holder: dict = {"first": True, "shown": None}

    def current_settings():
        return {k: c.value for k, c in settings.items()}

    def update(iteration, acquisition, xi, kappa):
        knobs = {"acquisition": acquisition, "xi": xi, "kappa": kappa}
        enable_knobs(controls, acquisition)
        step = history.at(iteration, knobs)
        state = run.scored(step, iteration, **knobs)
        state["chosen"] = history.chosen(iteration)
        ghost = track_ghost(holder, step, knobs, state["next"][pname])
        first = holder["first"]
        scale = draw_1d(live.figure, run, state, show_truth, first=first, title=False,
                        ghost=ghost)
        if first:  # the acquisition's label names the divisor, which moves: drawn on top
            live.dynamic = [*_dynamic_artists_1d(live.figure), live.figure.axes[1].yaxis.label]
        holder["first"] = False
        live.cache_key = (step.uid, tuple(knobs.items()), ghost, show_truth)
        pending = run.run_settings(**current_settings()) != history.settings
        notes = [f"acquisition panel: values divided by {scale:.0e}",
                 noise_readout(state)]
        if state["length_scale"] is not None:
            notes.append(f"GP length scale {float(state['length_scale'][0]):.2g} "
                         f"(unit interval)")
        if ghost is not None:
            notes.append(f"hollow star: the proposal before the change ({pname} = "
                         f"{ghost:.3g})")
        message = tiny_message(state)
        readout.value = (f"<b>{_title_1d(state, pname)}</b>"
                         + (f"<br><b>{message}</b>" if message else "")
                         + ("<br><b>run settings changed: press replay to use them</b>"
                            if pending else "")
                         + "<br><small>" + "; ".join(n for n in notes if n) + "</small>")
        holder["state"] = state

    iteration = controls["iteration"]
    next_button = widgets.Button(description="next step", icon="step-forward")
    low, high = obj.space[pname].low, obj.space[pname].high
    x_text = widgets.BoundedFloatText(value=float((low + high) / 2), min=low, max=high,
                                      description=f"your {pname}",
                                      layout=widgets.Layout(width="180px"))
    evaluate_button = widgets.Button(description=f"evaluate {pname} next")
    replay_button = widgets.Button(description="replay the search with these settings",
                                   icon="redo", layout=widgets.Layout(width="auto"))

    def step_right():
        step_forward(iteration)

    def on_evaluate(_):
        history.choose(iteration.value, {pname: float(x_text.value)})
        step_right()

    def replay():
        knobs = {k: controls[k].value for k in KNOBS}
        history.replay(current_settings(), knobs, iteration.value)
        holder["shown"] = holder["ghost"] = None

    def on_image_click(event: dict) -> None:
        """A click on either panel: evaluate the clicked x next (clipped to the bounds)."""
        x = _click_to_x(live.figure, event.get("dataX"), event.get("dataY"))
        if x is None:
            return
        x_text.value = float(np.clip(x, low, high))
        on_evaluate(None)

    next_button.on_click(lambda _: step_right())
    evaluate_button.on_click(on_evaluate)
    buttons = widgets.HBox([next_button, x_text, evaluate_button])
    settings_box = run_box(settings, replay_button, replay, lambda: explorer.refresh())
    explorer = BOExplorer(controls, update, live, extra=[buttons, settings_box, readout],
                          columns=4)
    explorer._holder = holder
    explorer.readout, explorer.run, explorer.history = readout, run, history
    explorer.run_controls = settings
    explorer.next_button, explorer.x_text = next_button, x_text
    explorer.evaluate_button, explorer.replay_button = evaluate_button, replay_button
    explorer.on_image_click = on_image_click
    explorer.clicks = _watch_clicks(live.image, on_image_click)
    return explorer


def _click_to_x(figure, px, py) -> float | None:
    """The data x under a click on a figure rendered at ``figure.dpi`` (None outside Axes).

    ``px, py`` are pixel coordinates in the rendered image, origin at its top left (what
    ipyevents reports as ``dataX``/``dataY`` for an image widget, whatever size the
    browser shows it at).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(4, 3), dpi=50)
    >>> ax = fig.subplots()
    >>> _ = ax.set_xlim(0, 10)
    >>> px, py = ax.transData.transform((2.5, 0.5))
    >>> round(_click_to_x(fig, px, fig.bbox.height - py), 6)
    2.5
    >>> _click_to_x(fig, 1, 1) is None   # the figure's corner: outside every Axes
    True
    """
    if px is None or py is None:
        return None
    x_display, y_display = float(px), figure.bbox.height - float(py)
    for ax in figure.axes:
        if ax.bbox.contains(x_display, y_display):
            return float(ax.transData.inverted().transform((x_display, y_display))[0])
    return None


def _watch_clicks(image, handler):
    """Send clicks on ``image`` to ``handler`` (needs ipyevents; None without it)."""
    try:
        from ipyevents import Event
    except ImportError:  # the typed point still works
        return None
    clicks = Event(source=image, watched_events=["click"])
    clicks.on_dom_event(handler)
    return clicks
