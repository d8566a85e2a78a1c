"""The state model behind the Bayesian-optimisation explorers, on top of BayesianOptimizer.

A *run* is defined by its run settings (initial points, design, noise, length scale, seed):
:meth:`BORun.root` evaluates the optimizer's initial design. From any :class:`Step` (the
optimizer after ``n`` evaluations, its surrogate fitted once) :meth:`BORun.child` evaluates
one more point. The *acquisition knobs* (acquisition, xi, kappa) never change a step: they
re-score its posterior (:meth:`BORun.scored`), and the proposal is exactly what
``BayesianOptimizer.ask()`` proposes with those knobs and that history (same candidates,
same duplicate refusal). Steps are cached in a tree keyed by the points evaluated, so
going back, replaying, or turning a knob back never refits anything.
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from hpt_helpers import acquisition as acq
from hpt_helpers.design import DESIGNS
from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.validation import check_int, check_number, check_one_of
from hpt_helpers.widgets.bo_objectives import Objective
from hpt_helpers.widgets.live import Explorer

__all__ = ["BORun", "Step", "History", "BOExplorer", "KNOBS", "RUN_SETTINGS", "track_ghost",
           "step_forward"]

_UIDS = itertools.count()

KNOBS = ("acquisition", "xi", "kappa")
"""Settings that re-score the current posterior (the history stays as it is)."""
RUN_SETTINGS = ("n_initial", "design", "noise", "length_scale", "seed")
"""Settings that define a run (changing them means replaying the search)."""


@dataclass(eq=False)
class Step:
    """The optimizer after ``n`` evaluations along one history, with its posterior on a grid.

    Attributes
    ----------
    optimizer : BayesianOptimizer
        Told every evaluation of this history (never told more: children are copies).
    mean, std : ndarray
        The posterior on the run's grid.
    length_scale : ndarray or None
        Learned (or fixed) length scales, unit-cube units.
    noise_sd : float or None
        The surrogate's noise standard deviation, objective units.
    """

    optimizer: BayesianOptimizer
    mean: np.ndarray
    std: np.ndarray
    length_scale: np.ndarray | None
    noise_sd: float | None
    run: dict
    children: dict = field(default_factory=dict)
    proposals: dict = field(default_factory=dict)
    uid: int = field(default_factory=lambda: next(_UIDS))

    @property
    def n(self) -> int:
        return self.optimizer.n_told

    @property
    def params(self) -> list[dict]:
        return self.optimizer.params_told


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


def _key(params: dict) -> tuple:
    return tuple(sorted((k, round(float(v), 12)) for k, v in params.items()))


class BORun:
    """Runs of Bayesian optimisation of one objective, drawn on a grid, cached as a tree.

    Parameters
    ----------
    objective : Objective
    resolution : int
        Grid points per dimension (where the posterior and acquisition are drawn).
    random_state : int
        Default seed of a run (initial design, evaluation noise, the optimizer's draws).
    max_runs : int
        How many run roots (run-settings combinations) to keep.
    gp_restarts, n_restarts, n_candidates : int
        Passed to :class:`~hpt_helpers.optimizer.BayesianOptimizer` (defaults: the
        library's ``gp_restarts=1``, ``n_restarts=3``, ``n_candidates=500``).

    Examples
    --------
    >>> from hpt_helpers.widgets.bo_objectives import EXAMPLES_1D
    >>> run = BORun(EXAMPLES_1D["forrester"], resolution=100)
    >>> s = run.state(2, n_initial=3, acquisition="ei")
    >>> s["n"], len(s["y"]), s["mean"].shape
    (5, 5, (100,))
    """

    def __init__(self, objective: Objective, *, resolution: int = 300, random_state: int = 0,
                 max_runs: int = 64, gp_restarts: int = 1, n_restarts: int = 3,
                 n_candidates: int = 500):
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
        self._roots: OrderedDict = OrderedDict()
        self.max_runs = check_int("max_runs", max_runs, low=1)
        self.gp_restarts = check_int("gp_restarts", gp_restarts, low=0)
        self.n_restarts = check_int("n_restarts", n_restarts, low=0)
        self.n_candidates = check_int("n_candidates", n_candidates, low=1)

    @property
    def truth(self) -> np.ndarray:
        """The objective on the grid (evaluated once, on first use)."""
        if self._truth is None:
            params = self.space.inverse_transform(self.U)
            self._truth = np.array([self.objective.function(**p) for p in params], float)
        return self._truth

    # -- settings ------------------------------------------------------------------------
    def run_settings(self, *, n_initial=3, design="lhs", noise=0.0, length_scale="learned",
                     seed=None) -> dict:
        """Checked run settings (``noise``: sd of the noise added to each evaluation)."""
        if length_scale != "learned":
            length_scale = check_number("length_scale", length_scale, low=0,
                                        low_inclusive=False)
        return {"n_initial": check_int("n_initial", n_initial, low=1),
                "design": check_one_of("design", design, list(DESIGNS)),
                "noise": check_number("noise", noise, low=0), "length_scale": length_scale,
                "seed": self.seed if seed is None else check_int("seed", seed, low=0)}

    @staticmethod
    def knobs(*, acquisition="ei", xi=0.0, kappa=1.96) -> dict:
        """Checked acquisition knobs."""
        return {"acquisition": check_one_of("acquisition", acquisition,
                                            list(acq.ACQUISITIONS)),
                "xi": check_number("xi", xi, low=0), "kappa": check_number("kappa", kappa, low=0)}

    def optimizer_for(self, run: dict, knobs: dict | None = None) -> BayesianOptimizer:
        """The :class:`BayesianOptimizer` a run uses (noise learned when the run is noisy)."""
        knobs = knobs or self.knobs()
        return BayesianOptimizer(
            self.space, n_initial_points=run["n_initial"], initial_design=run["design"],
            noise="learned" if run["noise"] > 0 else 0.0, length_scale=run["length_scale"],
            gp_restarts=self.gp_restarts, n_restarts=self.n_restarts,
            n_candidates=self.n_candidates, random_state=run["seed"], **knobs)

    # -- the tree ------------------------------------------------------------------------
    def evaluate(self, params: dict, index: int, run: dict) -> float:
        """The objective at ``params``, plus the run's seeded noise for evaluation ``index``."""
        value = float(self.objective.function(**params))
        if run["noise"] > 0:
            value += run["noise"] * float(np.random.default_rng([run["seed"], 7, index]).normal())
        return value

    def _step(self, optimizer: BayesianOptimizer, run: dict) -> Step:
        mean, std = optimizer.predict(self.U)
        ls, noise_sd = _kernel_readout(optimizer.gp, optimizer.y)
        return Step(optimizer, mean, std, ls, noise_sd, run)

    def root(self, **run_settings) -> Step:
        """The step after the initial design of the run with these settings (cached)."""
        run = self.run_settings(**run_settings)
        key = tuple(run.items())
        step = self._roots.get(key)
        if step is None:
            opt = self.optimizer_for(run)
            design = opt.ask(run["n_initial"])
            opt.tell(design, [self.evaluate(p, i, run) for i, p in enumerate(design)])
            step = self._roots[key] = self._step(opt, run)
            while len(self._roots) > self.max_runs:
                self._roots.popitem(last=False)
        else:
            self._roots.move_to_end(key)
        return step

    def child(self, step: Step, params: dict) -> Step:
        """The step after also evaluating ``params`` (cached)."""
        key = _key(params)
        nxt = step.children.get(key)
        if nxt is None:
            opt = step.optimizer.with_settings()  # a copy: same history, fits and seed
            opt.tell(dict(params), self.evaluate(params, step.n, step.run))
            nxt = step.children[key] = self._step(opt, step.run)
        return nxt

    def proposal(self, step: Step, **knobs) -> dict:
        """What ``BayesianOptimizer.ask()`` proposes at ``step`` with these knobs (cached)."""
        knobs = self.knobs(**knobs)
        key = tuple(knobs.items())
        if key not in step.proposals:
            [step.proposals[key]] = step.optimizer.with_settings(**knobs).ask()
        return step.proposals[key]

    def scored(self, step: Step, index: int = 0, **knobs) -> dict:
        """The state drawn for ``step`` under the knobs.

        Returns
        -------
        dict
            ``step`` (``index``), ``n`` evaluations, ``X_unit``, ``params``, ``y`` (noise
            included), posterior ``mean`` and ``std`` on the grid, ``acquisition`` and its
            ``parts`` on the grid, ``next`` (the optimizer's proposal), ``best``, the
            surrogate's ``length_scale`` and ``noise_sd``, and ``settings`` (run settings
            and knobs).
        """
        knobs = self.knobs(**knobs)
        opt = step.optimizer
        best = opt.best_value if math.isfinite(opt.best_value) else 0.0
        name, xi, kappa = knobs["acquisition"], knobs["xi"], knobs["kappa"]
        values = acq.evaluate(name, step.mean, step.std, best, xi, kappa)
        parts = acq.acquisition_parts(name, step.mean, step.std, best, xi, kappa)
        return {"step": index, "n": step.n, "X_unit": opt.X_unit, "params": step.params,
                "y": opt.y, "mean": step.mean, "std": step.std, "acquisition": values,
                "parts": parts, "next": self.proposal(step, **knobs),
                "next_index": int(np.nanargmax(values)), "chosen": None,
                "best": float(np.min(opt.y)), "length_scale": step.length_scale,
                "noise_sd": step.noise_sd, "settings": {**step.run, **knobs}}

    def path(self, n_steps: int, *, points=None, **settings) -> list[Step]:
        """Replay: the steps of the run with these settings, each evaluating the proposal
        of the knobs given (or the point ``points[n]`` given for evaluation number ``n``)."""
        knobs = {k: settings.pop(k) for k in KNOBS if k in settings}
        steps = [self.root(**settings)]
        points = points or {}
        while len(steps) <= n_steps:
            last = steps[-1]
            chosen = points.get(last.n)
            steps.append(self.child(last, chosen if chosen is not None
                                    else self.proposal(last, **knobs)))
        return steps

    def state(self, step: int, *, points=None, **settings) -> dict:
        """The state after ``step`` steps past the initial design of the replayed run.

        ``settings``: the run settings and the knobs (used at every step); ``points``:
        ``{evaluation number: params}`` chosen by the learner instead of the proposal.
        """
        step = check_int("step", step, low=0)
        knobs = self.knobs(**{k: settings.pop(k) for k in KNOBS if k in settings})
        points = {int(i): dict(p) for i, p in (points or {}).items()}
        steps = self.path(step, points=points, **settings, **knobs)
        state = self.scored(steps[step], step, **knobs)
        state["chosen"] = points.get(state["n"])
        return state


class History:
    """What an explorer shows: one path of steps through a run's tree, and how each step's
    last point was chosen (``"design"``, ``"you"``, or the knobs that proposed it).

    Moving forward follows the current knobs: a step made with other knobs is kept only if
    the current knobs propose the same point, otherwise the history is cut there and
    continued with them, so the star is always the point evaluated next. Moving back, or
    turning a knob, never changes the history.

    Examples
    --------
    >>> from hpt_helpers.widgets.bo_objectives import EXAMPLES_1D
    >>> run = BORun(EXAMPLES_1D["forrester"], resolution=50)
    >>> h = History(run, {"n_initial": 3})
    >>> h.at(2, {"acquisition": "ei", "xi": 0.0, "kappa": 1.96}).n
    5
    >>> h.choose(1, {"x": 0.5}).params[-1], h.origins[-1], len(h.steps)
    ({'x': 0.5}, 'you', 3)
    """

    def __init__(self, run: BORun, run_settings: dict, knobs: dict | None = None,
                 n_steps: int = 0):
        self.run = run
        self.replay(run_settings, knobs or run.knobs(), n_steps)

    def replay(self, run_settings: dict, knobs: dict, n_steps: int = 0) -> None:
        """Start again from the initial design of ``run_settings``, then ``n_steps`` steps."""
        self.settings = self.run.run_settings(**run_settings)
        self.steps = [self.run.root(**self.settings)]
        self.origins: list = ["design"]
        self.shown = 0
        self.at(n_steps, knobs)

    def at(self, k: int, knobs: dict) -> Step:
        """Step ``k``; steps past the one shown last are made to follow ``knobs``."""
        knobs = self.run.knobs(**knobs)
        tag = tuple(knobs.items())
        for i in range(min(self.shown, k), k):
            if i + 1 < len(self.steps):
                origin = self.origins[i + 1]
                if origin in ("you", tag):
                    continue
                proposal = self.run.proposal(self.steps[i], **knobs)
                if _key(proposal) == _key(self.steps[i + 1].params[-1]):
                    self.origins[i + 1] = tag
                    continue
                del self.steps[i + 1:], self.origins[i + 1:]
            self.steps.append(self.run.child(self.steps[i],
                                             self.run.proposal(self.steps[i], **knobs)))
            self.origins.append(tag)
        self.shown = k
        return self.steps[k]

    def choose(self, k: int, params: dict) -> Step:
        """Evaluate ``params`` after step ``k`` instead of the proposal (the rest is cut)."""
        del self.steps[k + 1:], self.origins[k + 1:]
        self.steps.append(self.run.child(self.steps[k], params))
        self.origins.append("you")
        return self.steps[-1]

    def chosen(self, k: int) -> dict | None:
        """The learner's point evaluated after step ``k``, if there is one."""
        if k + 1 < len(self.steps) and self.origins[k + 1] == "you":
            return self.steps[k + 1].params[-1]
        return None


class BOExplorer(Explorer):
    """An :class:`~hpt_helpers.widgets.live.Explorer` that also shows its run's state.

    Attributes
    ----------
    run : BORun
        The cached runs behind the pictures.
    state : dict
        The state drawn last (see :meth:`BORun.scored`).
    """

    _holder: dict

    @property
    def state(self) -> dict | None:
        """The state drawn last."""
        return getattr(self, "_holder", {}).get("state")


def track_ghost(holder: dict, step: Step, knobs: dict, proposal):
    """Where the proposal was before the last knob change on this step (None if none).

    ``holder`` keeps what was shown last (``"shown"``: step uid, knobs, proposal; and
    ``"ghost"``); a knob turned on the same step makes the proposal shown before it the
    ghost, moving to another step forgets it.

    Examples
    --------
    >>> from hpt_helpers.widgets.bo_objectives import EXAMPLES_1D
    >>> run = BORun(EXAMPLES_1D["forrester"], resolution=50)
    >>> step, holder = run.root(n_initial=3), {"shown": None}
    >>> track_ghost(holder, step, {"xi": 0.0}, 0.2) is None
    True
    >>> track_ghost(holder, step, {"xi": 0.1}, 0.7)   # a knob turned: the old proposal
    0.2
    """
    shown = holder.get("shown")
    ghost = holder.get("ghost")
    if shown is not None and shown[0] == step.uid and shown[1] != knobs:
        ghost = shown[2]  # a knob turned on this same posterior: remember where it was
    elif shown is None or shown[0] != step.uid:
        ghost = None
    holder["ghost"] = ghost
    holder["shown"] = (step.uid, dict(knobs), proposal)
    return ghost


def step_forward(iteration) -> None:
    """Move the ``iteration`` slider one step on, extending it when at its end.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> slider = widgets.IntSlider(value=3, min=0, max=3)
    >>> step_forward(slider)
    >>> slider.value, slider.max
    (4, 4)
    """
    if iteration.value >= iteration.max:
        iteration.max = iteration.value + 1
    iteration.value += 1
