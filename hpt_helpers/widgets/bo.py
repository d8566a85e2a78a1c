"""Live explorers of Bayesian optimisation: step through a run and turn its knobs.

Two explorers, each with a static twin that draws the same picture without widgets (so a
static copy of a lesson still shows it):

- :func:`bo_explorer` / :func:`plot_bo_explorer_state` -- a 1-D objective (built-in:
  ``"forrester"``, ``"gramacy_lee"``, ``"sine_bowl"``; or any ``f(x)`` with its bounds).
  Top: the GP posterior (mean, 95% band, observations, true objective); bottom: the
  acquisition with its exploitation and exploration parts; the star is the next point.
- :func:`bo_explorer_2d` / :func:`plot_bo_explorer_2d_state` -- two hyperparameters:
  ``"branin"``, or ``"svc_digits"`` (an RBF SVM's cross-validated error on the digits
  data over ``C`` and ``gamma``, from a score table built once by
  :func:`svc_digits_table`). Maps of the true objective, the posterior mean, the
  posterior std and the acquisition, with the points numbered in evaluation order.

What a run is: the explorer evaluates the initial design, then at every step fits the
GP, scores every point of its drawing grid with the acquisition and evaluates the best
one -- the star in the picture is exactly the point evaluated next. A run is a
deterministic function of the settings (seeded), so the ``iteration`` slider moves along
one run, and changing a setting shows the run those settings produce. Runs are computed
lazily, one step at a time, and cached per setting, so moving back and forth is instant.

Usage in a lesson::

    from hpt_helpers.widgets.bo import bo_explorer, plot_bo_explorer_state

    # the picture of one state (static, for the text and for exported copies)
    fig = plot_bo_explorer_state("forrester", step=4, acquisition="ei")

    # the live explorer: last expression of a cell
    explorer = bo_explorer("forrester", n_steps=12)
    explorer

    # any 1-D function and its bounds
    bo_explorer(lambda x: (x - 2) ** 2 + np.sin(5 * x), bounds=(0, 4), name="learning_rate")

    # two dimensions
    from hpt_helpers.widgets.bo import bo_explorer_2d, svc_digits_table
    table = svc_digits_table()          # once: 64 CV scores, about 5-12 s on 2 cores
    bo_explorer_2d("svc_digits", table=table)

    # the surrogate's hyperparameters over a finished search, and any step of it
    from hpt_helpers.plots.bo import plot_bo_step
    from hpt_helpers.plots.surrogate_fit import plot_surrogate_fit
    fig = plot_bo_step(result, 6, truth=FORRESTER.objective)   # result of bayesian_search
    fig = plot_surrogate_fit(result)

Controls (1-D): ``iteration`` (first control, so it is the first slider of the page),
``acquisition`` (ei/pi/ucb), ``xi`` (EI and PI margin), ``kappa`` (UCB weight),
``noise`` (standard deviation of noise added to each evaluation; the GP then learns its
noise level, otherwise it interpolates), ``initial points``, ``length scale``
(learned, or fixed in unit-interval units) and ``initial design`` (Latin hypercube,
random or Sobol). Buttons: *next step*, and *evaluate x next*
(type a point, or click on either panel at that x: it replaces the acquisition's choice at
the current step, and the run continues from there); *forget my points* returns to the
plain run. Clicks reach the kernel through ipyevents.

Live pictures differ from their static twins in two details that keep every slider step
a partial redraw: the 1-D acquisition panel shows the acquisition divided by a round
scale (printed under the picture) in fixed limits, and the 2-D maps carry no colour bars
and no contour lines except on the fixed true-objective panel.

Speed (``benchmarks/bench_widgets.py``, ``benchmarks/bench_browser.py``): each state's
surrogate is fitted once per setting, each picture rendered once (then served from a
PNG cache), and only the moving artists are redrawn.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from hpt_helpers import acquisition as acq
from hpt_helpers.design import DESIGNS
from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.plots.bo import (
    plot_bo_contours,
    plot_bo_panels,
    update_bo_contours,
    update_bo_panels,
)
from hpt_helpers.space import Real, Space
from hpt_helpers.validation import check_callable, check_int, check_number, check_one_of
from hpt_helpers.widgets.live import Explorer, LiveFigure

__all__ = ["EXAMPLES_1D", "Objective", "BORun", "bo_explorer", "plot_bo_explorer_state",
           "bo_explorer_2d", "plot_bo_explorer_2d_state", "svc_digits_table",
           "svc_digits_objective", "BOExplorer"]

ACQUISITION_OPTIONS = [("expected improvement (ei)", "ei"),
                       ("probability of improvement (pi)", "pi"),
                       ("confidence bound (ucb)", "ucb")]
DESIGN_OPTIONS = [("Latin hypercube", "lhs"), ("random", "random"), ("Sobol", "sobol")]
LENGTH_SCALE_OPTIONS = [("learned", "learned"), ("fixed 0.03", 0.03), ("fixed 0.1", 0.1),
                        ("fixed 0.3", 0.3), ("fixed 1.0", 1.0)]


@dataclass(frozen=True)
class Objective:
    """An objective for the explorers: a function of keyword hyperparameters and its space.

    Attributes
    ----------
    function : callable
        ``function(**params) -> float``, minimised.
    space : Space
        One or two ``Real`` dimensions.
    label : str
        What the function's value is (the y-axis or colour-bar label).
    title : str
    """

    function: Callable[..., float]
    space: Space
    label: str = "objective"
    title: str = ""


def _gramacy_lee(x: float) -> float:
    return float(np.sin(10 * np.pi * x) / (2 * x) + (x - 1) ** 4)


def _sine_bowl(x: float) -> float:
    return float(np.sin(3 * x) + x**2 - 0.7 * x)


def _forrester(x: float) -> float:
    from hpt_helpers.testfunctions import forrester

    return forrester(x)


EXAMPLES_1D = {
    "forrester": Objective(_forrester, Space({"x": Real(0.0, 1.0)}), "f(x)",
                           "Forrester: (6x - 2)^2 sin(12x - 4)"),
    "gramacy_lee": Objective(_gramacy_lee, Space({"x": Real(0.5, 2.5)}), "f(x)",
                             "Gramacy & Lee: sin(10 pi x) / 2x + (x - 1)^4"),
    "sine_bowl": Objective(_sine_bowl, Space({"x": Real(-1.0, 2.0)}), "f(x)",
                           "sin(3x) + x^2 - 0.7x"),
}
"""Built-in 1-D objectives of :func:`bo_explorer`, by name."""


def _objective_1d(objective, bounds, name, log) -> Objective:
    if isinstance(objective, str):
        check_one_of("objective", objective, list(EXAMPLES_1D))
        if bounds is not None:
            raise ValueError(f"bounds is only for your own function; {objective!r} has "
                             f"bounds {EXAMPLES_1D[objective].space}")
        return EXAMPLES_1D[objective]
    if isinstance(objective, Objective):
        return objective
    func = check_callable("objective", objective)
    if bounds is None or len(bounds) != 2:
        raise ValueError(f"bounds must be (low, high) for your own objective; got {bounds!r}")
    low, high = (check_number("bounds", b) for b in bounds)
    space = Space({name: Real(low, high, log=log)})
    return Objective(lambda **p: float(func(p[name])), space, "objective",
                     getattr(func, "__name__", "objective"))


class BlitFigure(LiveFigure):
    """A :class:`LiveFigure` that redraws only its moving artists between renders.

    The first render (and any render after :meth:`invalidate`, or when an Axes' limits
    have changed) draws everything but the *dynamic* artists and keeps that picture as a
    background; later renders paste the background and draw the dynamic artists on it.
    The background is redrawn whenever an Axes' limits, labels, title, ticks or legend
    entries (or the figure's texts) change, so it never shows a stale label.
    """

    def __init__(self, *args, png_cache: int = 256, **kwargs):
        super().__init__(*args, **kwargs)
        self.dynamic: list = []
        self._background = None
        self._key = None
        self.cache_key = None
        self._pngs: OrderedDict = OrderedDict()
        self._png_cache = png_cache

    def invalidate(self) -> None:
        """Force a full draw at the next render."""
        self._background = None

    def _background_key(self):
        """What the background depends on: every Axes' limits, labels, title, y ticks and
        legend entries (a change in any of them forces a full draw)."""
        key = []
        for ax in self.figure.axes:
            legend = ax.get_legend()
            key.append((*ax.get_xlim(), *ax.get_ylim(), ax.get_xlabel(), ax.get_ylabel(),
                        ax.get_title(), tuple(ax.get_yticks()),
                        tuple(t.get_text() for t in legend.get_texts()) if legend else ()))
        key.append(tuple(t.get_text() for t in self.figure.texts))
        suptitle = getattr(self.figure, "_suptitle", None)
        key.append(suptitle.get_text() if suptitle is not None else "")
        return tuple(key)

    def render(self) -> None:
        """Draw the figure (in part when possible) and send it to the image widget."""
        import io
        import time

        import PIL.Image

        start = time.perf_counter()
        if self.cache_key is not None and self.cache_key in self._pngs:
            self._pngs.move_to_end(self.cache_key)
            self.image.value = self._pngs[self.cache_key]
            self.last_render_ms = 1000 * (time.perf_counter() - start)
            return
        canvas = self.figure.canvas
        key = self._background_key()
        if self._background is None or key != self._key:
            for artist in self.dynamic:
                artist.set_visible(False)
            canvas.draw()
            if self.figure.get_layout_engine() is not None:
                self.figure.set_layout_engine("none")
                canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._key = self._background_key()
            for artist in self.dynamic:
                artist.set_visible(True)
        else:
            canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist.axes is not None:
                artist.axes.draw_artist(artist)
            else:
                self.figure.draw_artist(artist)
        rgba = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        buffer = io.BytesIO()
        rgba.save(buffer, format="png", compress_level=1)
        self.image.value = buffer.getvalue()
        if self.cache_key is not None:
            self._pngs[self.cache_key] = self.image.value
            while len(self._pngs) > self._png_cache:
                self._pngs.popitem(last=False)
        self.last_render_ms = 1000 * (time.perf_counter() - start)


def _nice_up(m: float) -> float:
    """The smallest number of the form {1, 2, 5} x 10^k that is >= ``m`` > 0."""
    e = 10.0 ** math.floor(math.log10(m))
    return float(next(c * e for c in (1.0, 2.0, 5.0, 10.0) if c * e >= m * (1 - 1e-12)))


def _nice_down(m: float) -> float:
    """The largest number of the form {1, 2, 5} x 10^k that is <= ``m`` > 0."""
    e = 10.0 ** math.floor(math.log10(m))
    return float(next(c * e for c in (5.0, 2.0, 1.0) if c * e <= m * (1 + 1e-12)))


def _nice_limits(values) -> tuple[float, float]:
    """Stable limits covering ``values``: ends rounded outwards onto a 1-2-5 scale, so
    they change only now and then as the values move (which keeps redraws partial).

    Examples
    --------
    >>> _nice_limits([np.array([-0.03, 0.4])])
    (-0.1, 0.5)
    """
    v = np.concatenate([np.ravel(a) for a in values]).astype(float)
    v = v[np.isfinite(v)]
    if not v.size:
        return 0.0, 1.0
    lo, hi = float(v.min()), float(v.max())
    pad = 0.05 * (hi - lo if hi > lo else max(abs(hi), 1e-12))
    lo, hi = lo - pad, hi + pad
    hi_n = _nice_up(hi) if hi > 0 else (-_nice_down(-hi) if hi < 0 else 0.0)
    lo_n = -_nice_up(-lo) if lo < 0 else (_nice_down(lo) if lo > 0 else 0.0)
    return lo_n, hi_n


# -- runs --------------------------------------------------------------------------------
class _Run:
    """One run: evaluations and the state drawn at each step, extended on demand."""

    def __init__(self, owner: BORun, settings: dict):
        self.owner = owner
        self.settings = settings
        self.points = dict(settings["points"])
        noise_sd = settings["noise"]
        self.optimizer = BayesianOptimizer(
            owner.objective.space, n_initial_points=settings["n_initial"],
            initial_design=settings["design"],
            acquisition=settings["acquisition"], xi=settings["xi"], kappa=settings["kappa"],
            noise="learned" if noise_sd > 0 else 0.0, length_scale=settings["length_scale"],
            gp_restarts=owner.gp_restarts, random_state=owner.seed)
        self.states: list[dict] = []
        design = self.optimizer.ask(settings["n_initial"])
        for params in design:
            self._evaluate(params)
        self._fill_state()

    def _evaluate(self, params: dict) -> None:
        index = self.optimizer.n_told
        value = self.owner.evaluate(params, index, self.settings["noise"])
        self.optimizer.tell(params, value)

    def _fill_state(self) -> None:
        opt, owner, s = self.optimizer, self.owner, self.settings
        mean, std = opt.predict(owner.U)
        best = opt.best_value if math.isfinite(opt.best_value) else 0.0
        values = acq.evaluate(s["acquisition"], mean, std, best, s["xi"], s["kappa"])
        parts = acq.acquisition_parts(s["acquisition"], mean, std, best, s["xi"], s["kappa"])
        i = int(np.nanargmax(values))
        proposal = owner.objective.space.inverse_transform(owner.U[i][None])[0]
        step = len(self.states)
        chosen = self.points.get(opt.n_told)
        gp = opt.gp
        length_scale, noise_sd = _kernel_readout(gp, opt.y)
        self.states.append({
            "step": step, "n": opt.n_told, "X_unit": opt.X_unit.copy(),
            "params": list(opt.params_told), "y": opt.y.copy(), "mean": mean, "std": std,
            "acquisition": values, "parts": parts, "next_index": i, "next": proposal,
            "chosen": chosen, "best": float(np.min(opt.y)), "length_scale": length_scale,
            "noise_sd": noise_sd, "settings": self.settings})

    def extend(self, step: int) -> dict:
        while len(self.states) <= step:
            state = self.states[-1]
            self._evaluate(state["chosen"] if state["chosen"] is not None else state["next"])
            self._fill_state()
        return self.states[step]


def _kernel_readout(gp, y):
    """(length scales, noise std in objective units) of a fitted surrogate."""
    if gp is None:
        return None, None
    params = gp.kernel_.get_params()
    ls = next((np.atleast_1d(v) for k, v in params.items() if k.endswith("length_scale")
               and not k.endswith("bounds")), None)
    noise = next((float(v) for k, v in params.items() if k.endswith("noise_level")
                  and not k.endswith("bounds")), 0.0)
    scale = float(np.std(y)) if len(y) > 1 and np.std(y) > 0 else 1.0
    return ls, math.sqrt(max(noise, 0.0)) * scale


class BORun:
    """Bayesian-optimisation runs of one objective on a drawing grid, cached by settings.

    A run evaluates the optimizer's initial design, then at each step evaluates the
    maximiser of the acquisition over the grid (or a point the learner chose). Everything
    is seeded, so :meth:`state` is a pure function of its arguments.

    Parameters
    ----------
    objective : Objective
    resolution : int
        Grid points per dimension.
    random_state : int
        Seed of the initial design and of the evaluation noise.
    max_runs : int
        How many runs (settings combinations) to keep.
    gp_restarts : int
        Random restarts of each surrogate fit besides the warm start from the previous
        step (passed to :class:`~hpt_helpers.optimizer.BayesianOptimizer`); one keeps the
        fit from getting stuck in a poor local optimum of the likelihood.

    Examples
    --------
    >>> run = BORun(EXAMPLES_1D["forrester"], resolution=100)
    >>> s = run.state(2, n_initial=3, acquisition="ei")
    >>> s["n"], len(s["y"]), s["mean"].shape
    (5, 5, (100,))
    """

    def __init__(self, objective: Objective, *, resolution: int = 300, random_state: int = 0,
                 max_runs: int = 64, gp_restarts: int = 1):
        self.objective = objective
        self.space = objective.space
        d = len(self.space.names)
        if d not in (1, 2) or self.space.n_dims != d:
            raise ValueError(f"objective.space must have one or two numeric dimensions; got "
                             f"{self.space}")
        self.resolution = check_int("resolution", resolution, low=5)
        self.seed = check_int("random_state", random_state, low=0)
        g = np.linspace(0.0, 1.0, self.resolution)
        if d == 1:
            self.U = g[:, None]
        else:
            G1, G2 = np.meshgrid(g, g)
            self.U = np.c_[G1.ravel(), G2.ravel()]
        pts = self.space.inverse_transform(np.repeat(g[:, None], d, axis=1))
        self.axes = [np.array([p[n] for p in pts], float) for n in self.space.names]
        self._truth = None
        self._runs: OrderedDict = OrderedDict()
        self.max_runs = check_int("max_runs", max_runs, low=1)
        self.gp_restarts = check_int("gp_restarts", gp_restarts, low=0)

    @property
    def truth(self) -> np.ndarray:
        """The objective on the grid (evaluated once, on first use)."""
        if self._truth is None:
            params = self.space.inverse_transform(self.U)
            self._truth = np.array([self.objective.function(**p) for p in params], float)
        return self._truth

    def evaluate(self, params: dict, index: int, noise: float) -> float:
        """The objective at ``params``, plus seeded noise of sd ``noise`` for evaluation
        number ``index``."""
        value = float(self.objective.function(**params))
        if noise > 0:
            value += noise * float(np.random.default_rng([self.seed, 7, index]).normal())
        return value

    @staticmethod
    def settings(*, acquisition="ei", xi=0.01, kappa=1.96, noise=0.0, n_initial=3,
                 length_scale="learned", design="lhs", points=None) -> dict:
        """Checked settings of a run (``points``: ``{evaluation index: params}``)."""
        check_one_of("acquisition", acquisition, list(acq.ACQUISITIONS))
        if length_scale != "learned":
            length_scale = check_number("length_scale", length_scale, low=0,
                                        low_inclusive=False)
        pts = tuple(sorted((check_int("points index", int(i), low=1), tuple(sorted(p.items())))
                           for i, p in (points or {}).items()))
        return {"acquisition": acquisition, "xi": check_number("xi", xi, low=0),
                "kappa": check_number("kappa", kappa, low=0),
                "noise": check_number("noise", noise, low=0),
                "n_initial": check_int("n_initial", n_initial, low=1),
                "length_scale": length_scale,
                "design": check_one_of("design", design, list(DESIGNS)), "points": pts}

    def state(self, step: int, **settings) -> dict:
        """The run's state after ``step`` steps past the initial design.

        Returns
        -------
        dict
            ``n`` evaluations, ``X_unit``, ``params`` and ``y`` (observed values, noise
            included), posterior ``mean`` and ``std`` and ``acquisition`` (and its
            ``parts``) on the grid, the ``next`` point (the acquisition's maximiser on the
            grid), ``chosen`` (a learner's point evaluated instead, or None), ``best``,
            the surrogate's ``length_scale`` and ``noise_sd``.
        """
        step = check_int("step", step, low=0)
        full = self.settings(**settings)
        key = tuple((k, v) for k, v in full.items())
        run = self._runs.get(key)
        if run is None:
            full["points"] = {i: dict(p) for i, p in full["points"]}
            run = _Run(self, full)
            self._runs[key] = run
            while len(self._runs) > self.max_runs:
                self._runs.popitem(last=False)
        else:
            self._runs.move_to_end(key)
        return run.extend(step)


def _settings_key(settings: dict) -> tuple:
    """A hashable form of a run's settings (learner points included)."""
    out = []
    for k, v in settings.items():
        if k == "points":
            v = tuple(sorted((i, tuple(sorted(p.items()))) for i, p in dict(v).items()))
        out.append((k, v))
    return tuple(out)


class BOExplorer(Explorer):
    """An :class:`~hpt_helpers.widgets.live.Explorer` that also shows its run's state.

    Attributes
    ----------
    run : BORun
        The cached runs behind the pictures.
    state : dict
        The state drawn last (see :meth:`BORun.state`).
    """

    _holder: dict

    @property
    def state(self) -> dict | None:
        """The state drawn last."""
        return getattr(self, "_holder", {}).get("state")


# -- 1-D ---------------------------------------------------------------------------------
def _title_1d(state, name):
    s = state["settings"]
    nxt = state["next"][name]
    text = (f"step {state['step']}: {state['n']} evaluations ({s['n_initial']} initial), "
            f"best {state['best']:.3g}; next {name} = {nxt:.3g}")
    if state["chosen"] is not None:
        text += f" (you chose {state['chosen'][name]:.3g})"
    return text


def _readout_1d(state):
    ls, noise = state["length_scale"], state["noise_sd"]
    parts = []
    if ls is not None:
        parts.append(f"GP length scale {float(ls[0]):.3g} (unit interval)")
        parts.append(f"GP noise sd {noise:.2g}")
    return "; ".join(parts)


def _ylim_1d(run: BORun, state, show_truth):
    s = state["settings"]
    if show_truth:
        lo, hi = float(np.min(run.truth)), float(np.max(run.truth))
        pad = 0.12 * (hi - lo if hi > lo else 1.0) + 2.5 * s["noise"]
        return lo - pad, hi + pad
    return _nice_limits([state["y"], state["mean"]])


_DYNAMIC_1D = {0: ("posterior-band", "posterior-mean", "observations", "next-point",
                   "next-on-mean"),
               1: ("acquisition", "exploitation", "exploration", "next-point",
                   "acquisition-max")}


def _dynamic_artists_1d(fig) -> list:
    out = []
    for i, gids in _DYNAMIC_1D.items():
        out += [a for a in fig.axes[i].get_children() if a.get_gid() in gids]
    out += [a for a in fig.artists if a.get_gid() == "next-link"]
    return out


def _draw_1d(fig, run: BORun, state, show_truth: bool, first: bool, title: bool = True,
             scaled: bool = False) -> float:
    """Draw ``state`` on the two-panel ``fig`` (create the artists when ``first``).

    With ``scaled`` the acquisition and its parts are divided by a round number at least
    as large as the acquisition's largest absolute value, and drawn in fixed limits
    [-1.05, 1.05] (parts beyond them are clipped): the axes never change between steps,
    so a live figure redraws only its curves. Returns that divisor (1.0 when not scaled).
    """
    name = run.space.names[0]
    x = run.axes[0]
    X_obs = np.array([p[name] for p in run.space.inverse_transform(state["X_unit"])], float)
    values, parts = state["acquisition"], state["parts"]
    scale = 1.0
    if scaled:
        top = max(float(np.nanmax(np.abs(values))), 1e-300)
        scale = _nice_up(top)
        values, parts = values / scale, (parts[0] / scale, parts[1] / scale)
    kwargs = {"parts": parts, "next_x": state["next"][name]}
    text = _title_1d(state, name) if title else None
    if first:
        plot_bo_panels(x, state["mean"], state["std"], values, X_obs,
                       state["y"], truth=run.truth if show_truth else None,
                       acquisition_name=state["settings"]["acquisition"], x_label=name,
                       y_label=run.objective.label, log_x=run.space[name].log,
                       title=text, fig=fig, **kwargs)
        for ax in fig.axes[:2]:
            legend = ax.get_legend()
            if legend is not None:  # outside, right: never hides a curve
                legend.set_loc("upper left")
                legend.set_bbox_to_anchor((1.01, 1.0))
    else:
        update_bo_panels(fig, x, state["mean"], state["std"], values, X_obs,
                         state["y"], acquisition_name=state["settings"]["acquisition"],
                         title=text, rescale=False, **kwargs)
    fig.axes[0].set_ylim(*_ylim_1d(run, state, show_truth))
    ax_acq = fig.axes[1]
    if scaled:
        ax_acq.set_ylim(-1.05, 1.05)
        ax_acq.set_yticks([-1, 0, 1])
        ax_acq.set_ylabel(ax_acq.get_ylabel().split(" / ")[0] + " / scale")
    else:
        ax_acq.set_ylim(*_nice_limits([values, *parts]))
    return scale


def plot_bo_explorer_state(objective="forrester", bounds=None, *, step: int = 0,
                           acquisition: str = "ei", xi: float = 0.01, kappa: float = 1.96,
                           noise: float = 0.0, n_initial: int = 3, length_scale="learned",
                           design: str = "lhs", points=None, name: str = "x", log: bool = False,
                           resolution: int = 300, random_state: int = 0,
                           show_truth: bool = True, fig=None):
    """Draw one state of :func:`bo_explorer` as a static two-panel figure.

    Same arguments as :func:`bo_explorer`, plus the control values (``step``,
    ``acquisition``, ``xi``, ``kappa``, ``noise``, ``n_initial``, ``length_scale``) and
    ``points``: ``{evaluation number: x}`` for points you chose yourself.

    Returns
    -------
    matplotlib.figure.Figure
        Posterior above (``fig.axes[0]``), acquisition below (``fig.axes[1]``).

    Examples
    --------
    >>> from hpt_helpers.plots.gp import find_artist
    >>> fig = plot_bo_explorer_state("forrester", step=2, n_initial=3, resolution=100)
    >>> len(find_artist(fig.axes[0], "observations").get_xdata())
    5
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    import matplotlib.pyplot as plt

    obj = _objective_1d(objective, bounds, name, log)
    run = BORun(obj, resolution=resolution, random_state=random_state)
    pname = obj.space.names[0]
    pts = {int(i): {pname: float(v)} for i, v in (points or {}).items()}
    state = run.state(step, acquisition=acquisition, xi=xi, kappa=kappa, noise=noise,
                      n_initial=n_initial, length_scale=length_scale, design=design,
                      points=pts)
    if fig is None:
        fig = plt.figure(figsize=(9.0, 5.4), layout="constrained")
        fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.6, 1.0]})
    _draw_1d(fig, run, state, show_truth, first=True)
    return fig


def bo_explorer(objective="forrester", bounds=None, *, name: str = "x", log: bool = False,
                n_steps: int = 12, n_initial: int = 3, acquisition: str = "ei",
                resolution: int = 300, random_state: int = 0, show_truth: bool = True,
                max_noise: float | None = None) -> Explorer:
    """Step through Bayesian optimisation of a 1-D objective and turn its knobs.

    Parameters
    ----------
    objective : str or callable
        A built-in example (``"forrester"``, ``"gramacy_lee"``, ``"sine_bowl"``, see
        :data:`EXAMPLES_1D`) or your own ``f(x) -> float`` to minimise.
    bounds : (low, high), optional
        The search interval of your own ``f``.
    name : str
        Your hyperparameter's name (axis label; a Python identifier such as
        ``"learning_rate"``).
    log : bool
        Search ``x`` on a log scale.
    n_steps : int
        Initial length of the ``iteration`` slider (*next step* extends it).
    n_initial, acquisition : int, str
        Initial values of those controls.
    resolution : int
        Grid points where the posterior and acquisition are drawn and maximised.
    random_state : int
        Seed of the initial design and the evaluation noise.
    show_truth : bool
        Draw the true objective (evaluates ``f`` on the grid once).
    max_noise : float, optional
        Largest value of the ``noise`` slider (default: a fifth of the objective's range).

    Returns
    -------
    Explorer
        ``.controls`` holds ``iteration`` (first), ``acquisition``, ``xi``, ``kappa``,
        ``noise``, ``n_initial``, ``length_scale``, ``design``; ``.next_button``, ``.x_text``,
        ``.evaluate_button``, ``.forget_button``, ``.run`` (the :class:`BORun`),
        ``.on_image_click`` (what a click on the picture calls, with ipyevents' event
        dict) and ``.clicks`` (the ipyevents ``Event``) are attached too. ``.state`` is
        the state drawn last.

    Examples
    --------
    >>> ex = bo_explorer("forrester", resolution=100)
    >>> ex.controls["iteration"].value = 2
    >>> ex.state["n"]
    5
    >>> ex.next_button.click()
    >>> ex.controls["iteration"].value, ex.state["n"]
    (3, 6)
    """
    obj = _objective_1d(objective, bounds, name, log)
    run = BORun(obj, resolution=resolution, random_state=random_state)
    pname = obj.space.names[0]
    n_steps = check_int("n_steps", n_steps, low=1)
    if max_noise is None:
        tr = run.truth if show_truth else np.array([0.0, 1.0])
        span = float(np.ptp(tr)) or 1.0
        max_noise = float(f"{span / 5:.1g}")
    max_noise = check_number("max_noise", max_noise, low=0, low_inclusive=False)
    controls = {
        "iteration": widgets.IntSlider(value=0, min=0, max=n_steps, description="iteration",
                                       continuous_update=False),
        "acquisition": widgets.Dropdown(options=ACQUISITION_OPTIONS,
                                        value=check_one_of("acquisition", acquisition,
                                                           list(acq.ACQUISITIONS)),
                                        description="acquisition"),
        "xi": widgets.FloatLogSlider(value=0.01, base=10, min=-4, max=1, step=0.25,
                                     description="xi (ei, pi)", continuous_update=False),
        "kappa": widgets.FloatSlider(value=1.96, min=0.0, max=6.0, step=0.1,
                                     description="kappa (ucb)", continuous_update=False),
        "noise": widgets.FloatSlider(value=0.0, min=0.0, max=max_noise,
                                     step=max_noise / 20, description="noise sd",
                                     continuous_update=False),
        "n_initial": widgets.IntSlider(value=check_int("n_initial", n_initial, low=1),
                                       min=1, max=10, description="initial points",
                                       continuous_update=False),
        "length_scale": widgets.Dropdown(options=LENGTH_SCALE_OPTIONS, value="learned",
                                         description="length scale"),
        "design": widgets.Dropdown(options=DESIGN_OPTIONS, value="lhs",
                                   description="initial design"),
    }
    for c in controls.values():
        c.style.description_width = "initial"
    live = BlitFigure(2, 1, figsize=(9.0, 5.0), dpi=80, sharex=True,
                      gridspec_kw={"height_ratios": [1.6, 1.0]})
    readout = widgets.HTML()
    points: dict[int, dict] = {}
    drawn = {"first": True}

    def update(iteration, acquisition, xi, kappa, noise, n_initial, length_scale, design):
        state = run.state(iteration, acquisition=acquisition, xi=xi, kappa=kappa,
                          noise=noise, n_initial=n_initial, length_scale=length_scale,
                          design=design,
                          points={i: p for i, p in points.items() if i >= n_initial})
        first = drawn["first"]
        scale = _draw_1d(live.figure, run, state, show_truth, first=first, title=False,
                         scaled=True)
        if first:
            live.dynamic = _dynamic_artists_1d(live.figure)
        # No invalidation on a new setting: the background (axes, labels, legends) is
        # redrawn only when one of them changes (BlitFigure compares them at each render).
        drawn["first"] = False
        live.cache_key = (_settings_key(state["settings"]), iteration, show_truth)
        readout.value = (f"<b>{_title_1d(state, pname)}</b><br>"
                         f"<small>acquisition panel: values divided by scale = {scale:.3g}; "
                         f"{_readout_1d(state)}</small>")
        holder["state"] = state

    holder: dict = {}
    next_button = widgets.Button(description="next step", icon="step-forward")
    low, high = obj.space[pname].low, obj.space[pname].high
    x_text = widgets.BoundedFloatText(value=float((low + high) / 2), min=low, max=high,
                                      description=f"your {pname}",
                                      layout=widgets.Layout(width="180px"))
    evaluate_button = widgets.Button(description=f"evaluate {pname} next")
    forget_button = widgets.Button(description="forget my points")
    iteration = controls["iteration"]

    def step_right():
        if iteration.value >= iteration.max:
            iteration.max = iteration.value + 1
        iteration.value += 1

    def on_next(_):
        step_right()

    def on_evaluate(_):
        state = holder["state"]
        index = state["n"]
        for i in [i for i in points if i >= index]:
            del points[i]
        points[index] = {pname: float(x_text.value)}
        step_right()

    def on_forget(_):
        points.clear()
        explorer.refresh()

    def on_image_click(event: dict) -> None:
        """A click on either panel: evaluate the clicked x next (clipped to the bounds)."""
        x = _click_to_x(live.figure, event.get("dataX"), event.get("dataY"))
        if x is None:
            return
        x_text.value = float(np.clip(x, low, high))
        on_evaluate(None)

    next_button.on_click(on_next)
    evaluate_button.on_click(on_evaluate)
    forget_button.on_click(on_forget)
    buttons = widgets.HBox([next_button, x_text, evaluate_button, forget_button])
    explorer = BOExplorer(controls, update, live, extra=[buttons, readout], columns=4)
    explorer.readout = readout
    explorer._holder = holder
    explorer.run = run
    explorer.next_button, explorer.x_text = next_button, x_text
    explorer.evaluate_button, explorer.forget_button = evaluate_button, forget_button
    explorer.points = points
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


# -- 2-D ---------------------------------------------------------------------------------
def svc_digits_table(n_c: int = 8, n_gamma: int = 8, *, n_samples: int = 600, cv: int = 3,
                     c_range=(1e-2, 1e3), gamma_range=(1e-5, 1e0), random_state: int = 0,
                     n_jobs: int = 1):
    """Cross-validated accuracy of an RBF SVM on the digits data over a log grid of C, gamma.

    A real tuning task for :func:`bo_explorer_2d`: ``StandardScaler`` + ``SVC`` on a
    stratified subsample of scikit-learn's digits, ``cv``-fold stratified CV (shuffled,
    seeded). Call it once in a notebook (the default grid takes about 5-15 s on 2
    cores); any table with the same columns on a full grid works too, e.g. a larger
    precomputed one.

    Parameters
    ----------
    n_c, n_gamma : int
        Grid points per hyperparameter (log-spaced over ``c_range`` and ``gamma_range``).
    n_samples : int
        Size of the stratified subsample of the 1797 digits.
    cv : int
        Folds.
    random_state : int
        Seed of the subsample and of the folds.
    n_jobs : int
        Passed to ``cross_val_score``.

    Returns
    -------
    pandas.DataFrame
        Columns ``C``, ``gamma``, ``mean_test_score`` (accuracy), one row per grid point.

    Examples
    --------
    >>> table = svc_digits_table(2, 2, n_samples=150)
    >>> list(table.columns), len(table)
    (['C', 'gamma', 'mean_test_score'], 4)
    """
    import pandas as pd
    from sklearn.datasets import load_digits
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    n_c, n_gamma = check_int("n_c", n_c, low=2), check_int("n_gamma", n_gamma, low=2)
    cv = check_int("cv", cv, low=2)
    X, y = load_digits(return_X_y=True)
    n_samples = check_int("n_samples", n_samples, low=10 * cv, high=len(X))
    if n_samples < len(X):
        X, _, y, _ = train_test_split(X, y, train_size=n_samples, stratify=y,
                                      random_state=random_state)
    folds = StratifiedKFold(cv, shuffle=True, random_state=random_state)
    rows = []
    for C in np.geomspace(*c_range, n_c):
        for gamma in np.geomspace(*gamma_range, n_gamma):
            model = make_pipeline(StandardScaler(), SVC(C=C, gamma=gamma))
            score = cross_val_score(model, X, y, cv=folds, n_jobs=n_jobs).mean()
            rows.append({"C": float(C), "gamma": float(gamma), "mean_test_score": score})
    return pd.DataFrame(rows)


def svc_digits_objective(table) -> Objective:
    """The CV error ``1 - accuracy`` of a :func:`svc_digits_table`, as an :class:`Objective`.

    Between grid points the error is interpolated linearly in ``log10 C`` and
    ``log10 gamma``, so a search can ask for any (C, gamma) in the table's range and gets
    an answer in microseconds: a *tabular benchmark* of a real tuning problem.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"C": [1, 1, 10, 10], "gamma": [0.1, 1, 0.1, 1],
    ...                   "mean_test_score": [0.5, 0.7, 0.9, 0.8]})
    >>> obj = svc_digits_objective(t)
    >>> round(obj.function(C=10.0, gamma=0.1), 3), round(obj.function(C=10 ** 0.5, gamma=0.1), 3)
    (0.1, 0.3)
    """
    from scipy.interpolate import RegularGridInterpolator

    missing = {"C", "gamma", "mean_test_score"} - set(table.columns)
    if missing:
        raise ValueError(f"table must have columns C, gamma and mean_test_score; missing "
                         f"{sorted(missing)}")
    Cs = np.sort(table["C"].unique())
    gammas = np.sort(table["gamma"].unique())
    pivot = table.pivot_table(index="C", columns="gamma", values="mean_test_score")
    pivot = pivot.reindex(index=Cs, columns=gammas)
    if pivot.isna().to_numpy().any():
        raise ValueError("table must hold every (C, gamma) pair of a full grid; some are "
                         "missing")
    error = 1.0 - pivot.to_numpy(dtype=float)
    interp = RegularGridInterpolator((np.log10(Cs), np.log10(gammas)), error)
    lo = np.log10([Cs[0], gammas[0]])
    hi = np.log10([Cs[-1], gammas[-1]])

    def cv_error(C: float, gamma: float) -> float:
        point = np.clip(np.log10([C, gamma]), lo, hi)
        return float(interp(point[None])[0])

    space = Space({"C": Real(float(Cs[0]), float(Cs[-1]), log=True),
                   "gamma": Real(float(gammas[0]), float(gammas[-1]), log=True)})
    return Objective(cv_error, space, "CV error (1 - accuracy)",
                     "RBF SVM on digits: cross-validated error")


def _objective_2d(task, table) -> Objective:
    if isinstance(task, Objective):
        return task
    check_one_of("task", task, ["branin", "svc_digits"])
    if task == "branin":
        from hpt_helpers.testfunctions import BRANIN

        return Objective(BRANIN.objective, BRANIN.space, "branin(x1, x2)", "Branin")
    return svc_digits_objective(table if table is not None else svc_digits_table())


def _draw_2d(fig, run: BORun, state, first: bool, colorbar: bool = True,
             live: bool = False) -> None:
    res = run.resolution
    shape = (res, res)
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


def _title_2d(state, names):
    s = state["settings"]
    nxt = ", ".join(f"{n} = {state['next'][n]:.3g}" for n in names)
    return (f"step {state['step']}: {state['n']} evaluations ({s['n_initial']} initial), "
            f"best {state['best']:.4g}; next {nxt}")


def plot_bo_explorer_2d_state(task="branin", *, step: int = 0, acquisition: str = "ei",
                              xi: float = 0.01, kappa: float = 1.96, n_initial: int = 5,
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

    run = BORun(_objective_2d(task, table), resolution=resolution, random_state=random_state)
    state = run.state(step, acquisition=acquisition, xi=xi, kappa=kappa, n_initial=n_initial,
                      design=design)
    if fig is None:
        fig = plt.figure(figsize=(15.0, 3.9), layout="constrained")
    _draw_2d(fig, run, state, first=True)
    fig.suptitle(_title_2d(state, run.space.names))
    return fig


def bo_explorer_2d(task="branin", *, table=None, n_steps: int = 15, n_initial: int = 5,
                   acquisition: str = "ei", resolution: int = 40,
                   random_state: int = 0) -> Explorer:
    """Step through Bayesian optimisation of two hyperparameters, as four live maps.

    Maps, left to right: the true objective, the posterior mean (on the truth's colour
    scale), the posterior standard deviation and the acquisition; the evaluated points
    are numbered in order and the star is the next point.

    Parameters
    ----------
    task : {"branin", "svc_digits"} or Objective
        ``"branin"`` (the Branin test function), ``"svc_digits"`` (an RBF SVM's CV error
        on the digits over log-scaled C and gamma, from ``table``), or your own
        2-D :class:`Objective`.
    table : pandas.DataFrame, optional
        For ``"svc_digits"``: a :func:`svc_digits_table` (built once in the notebook);
        built with the defaults when omitted (several seconds).
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
        ``.controls``: ``iteration`` (first), ``acquisition``, ``xi``, ``kappa``,
        ``n_initial``, ``design``; ``.next_button``; ``.run``; ``.state``.

    Examples
    --------
    >>> ex = bo_explorer_2d("branin", resolution=15)
    >>> ex.controls["iteration"].value = 3
    >>> ex.state["n"]
    8
    """
    obj = _objective_2d(task, table)
    run = BORun(obj, resolution=resolution, random_state=random_state)
    n_steps = check_int("n_steps", n_steps, low=1)
    controls = {
        "iteration": widgets.IntSlider(value=0, min=0, max=n_steps, description="iteration",
                                       continuous_update=False),
        "acquisition": widgets.Dropdown(options=ACQUISITION_OPTIONS,
                                        value=check_one_of("acquisition", acquisition,
                                                           list(acq.ACQUISITIONS)),
                                        description="acquisition"),
        "xi": widgets.FloatLogSlider(value=0.01, base=10, min=-4, max=1, step=0.25,
                                     description="xi (ei, pi)", continuous_update=False),
        "kappa": widgets.FloatSlider(value=1.96, min=0.0, max=6.0, step=0.1,
                                     description="kappa (ucb)", continuous_update=False),
        "n_initial": widgets.IntSlider(value=check_int("n_initial", n_initial, low=1),
                                       min=1, max=15, description="initial points",
                                       continuous_update=False),
        "design": widgets.Dropdown(options=DESIGN_OPTIONS, value="lhs",
                                   description="initial design"),
    }
    for c in controls.values():
        c.style.description_width = "initial"
    live = BlitFigure(1, 4, figsize=(13.0, 3.5), dpi=72, sharex=True, sharey=True)
    readout = widgets.HTML()
    holder: dict = {}
    drawn = {"first": True}
    dynamic_gids = {"map", "contour-lines", "observations", "point-number", "next-point"}

    def update(iteration, acquisition, xi, kappa, n_initial, design):
        state = run.state(iteration, acquisition=acquisition, xi=xi, kappa=kappa,
                          n_initial=n_initial, design=design)
        first = drawn["first"]
        _draw_2d(live.figure, run, state, first=first, colorbar=False, live=True)
        live.dynamic = [a for ax in live.figure.axes[1:] for a in ax.get_children()
                        if a.get_gid() in dynamic_gids]
        live.dynamic += [a for a in live.figure.axes[0].get_children()
                         if a.get_gid() in dynamic_gids - {"map", "contour-lines"}]
        drawn["first"] = False
        live.cache_key = (_settings_key(state["settings"]), iteration)
        readout.value = (f"<b>{_title_2d(state, run.space.names)}</b><br><small>colours: "
                         f"the posterior mean uses the true objective's scale; std and "
                         f"acquisition span their own range (dark = low)</small>")
        holder["state"] = state

    next_button = widgets.Button(description="next step", icon="step-forward")
    iteration = controls["iteration"]

    def on_next(_):
        if iteration.value >= iteration.max:
            iteration.max = iteration.value + 1
        iteration.value += 1

    next_button.on_click(on_next)
    explorer = BOExplorer(controls, update, live, extra=[next_button, readout], columns=3)
    explorer._holder = holder
    explorer.run = run
    explorer.next_button = next_button
    explorer.readout = readout
    return explorer
