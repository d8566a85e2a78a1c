"""Multi-fidelity search: train many configurations a little, continue only the best.

Successive halving, Hyperband and asynchronous successive halving (ASHA) over the same
:class:`~hpt_helpers.space.Space` as :mod:`hpt_helpers.search`, with the same conventions::

    res = successive_halving(objective, space, min_budget=1, max_budget=81, eta=3,
                             random_state=0)

- ``objective(budget=..., **params) -> float`` is called with a *budget* (a resource:
  epochs, training rows, trees) between ``min_budget`` and ``max_budget`` and returns a
  value to MINIMISE (``maximize=True`` for a score). When both budgets are integers the
  budgets passed are integers.
- The budgets form a ladder of *rungs*, ``max_budget * eta ** -k`` (see
  :func:`rung_budgets`). At each rung only the best ``1 / eta`` of the configurations
  evaluated there are *promoted* to the next rung (see :func:`promote`): ties go to the
  configuration drawn first, and a failed evaluation is never promoted.
- A promoted configuration is evaluated again at the larger budget (the objective is
  called anew; it may resume from its own checkpoint), and its *cost* is the budget of the
  call, so the cumulative cost is the sum of the budgets of all calls.
- Configuration ``i`` is the ``i``-th point :func:`~hpt_helpers.search.random_search` draws
  with the same ``random_state``: methods differ only in how they share the budget.
- ``n_jobs`` evaluations run at a time through joblib (``with
  joblib.parallel_config(backend="dask"):`` sends them to a Dask cluster). Synchronous
  methods wait for a whole rung before promoting; :func:`asha` gives a free worker the
  next promotion or a new configuration at once.
- Failures are recorded (NaN, error text) and the search goes on; Ctrl-C returns what is
  finished; ``checkpoint=`` appends each evaluation to a JSON Lines file and a second call
  with the same file resumes, repeating no recorded evaluation; ``callback(result)`` after
  each evaluation stops the search when it returns True; ``progress=True`` shows a
  ``tqdm.auto`` bar.
"""

from __future__ import annotations

import inspect
import math
import numbers
import os
import threading
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from joblib import Parallel, delayed

from hpt_helpers.checkpoint import Checkpoint
from hpt_helpers.result import SearchResult
from hpt_helpers.search import _evaluate, _seed_for, check_objective, warn_if_all_failed
from hpt_helpers.space import Space, as_space
from hpt_helpers.validation import check_callable, check_int, check_number

__all__ = ["MultiFidelityResult", "asha", "hyperband", "hyperband_schedule", "promote",
           "rung_budgets", "successive_halving", "successive_halving_schedule"]

_TOL = 1e-9


# --------------------------------------------------------------------------- schedules
def _check_budgets(min_budget: Any, max_budget: Any, eta: Any) -> tuple[float, float, float]:
    lo = check_number("min_budget", min_budget, low=0, low_inclusive=False)
    hi = check_number("max_budget", max_budget, low=0, low_inclusive=False)
    if hi < lo:
        raise ValueError(f"max_budget must be >= min_budget ({min_budget!r}); got "
                         f"{max_budget!r}.")
    eta = check_number("eta", eta, low=1, low_inclusive=False)
    return lo, hi, eta


def _integral(*values: Any) -> bool:
    return all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values)


def rung_budgets(min_budget: Any, max_budget: Any, eta: Any = 3) -> list:
    """The budgets of the rungs: ``max_budget * eta ** -k`` down to at least ``min_budget``.

    With ``s = floor(log_eta(max_budget / min_budget))`` there are ``s + 1`` rungs, the
    lowest at ``max_budget * eta ** -s >= min_budget`` and the highest at ``max_budget``.
    When both budgets are integers the budgets are rounded to integers.

    Examples
    --------
    >>> rung_budgets(1, 81, eta=3)
    [1, 3, 9, 27, 81]
    >>> rung_budgets(1, 100, eta=3)
    [1, 4, 11, 33, 100]
    >>> rung_budgets(0.1, 1.0, eta=2)
    [0.125, 0.25, 0.5, 1.0]
    """
    lo, hi, eta_ = _check_budgets(min_budget, max_budget, eta)
    s = int(math.floor(math.log(hi / lo) / math.log(eta_) + _TOL))
    budgets = [hi * eta_ ** -(s - k) for k in range(s + 1)]
    if _integral(min_budget, max_budget):
        budgets = [max(int(round(b)), int(min_budget)) for b in budgets]
    return budgets


def _floor_div(n: int, eta: float, i: int) -> int:
    if float(eta).is_integer():
        return n // int(eta) ** i
    return int(math.floor(n / eta ** i + _TOL))


def successive_halving_schedule(n_configs: Any, min_budget: Any, max_budget: Any,
                                eta: Any = 3) -> list[tuple[int, Any]]:
    """``(n_i, r_i)`` per rung of one successive-halving run: how many configurations
    run at which budget.

    ``n_i = max(1, floor(n_configs / eta ** i))``: each rung keeps the best ``1 / eta``
    of the previous one, and at least one configuration reaches ``max_budget``.

    Examples
    --------
    >>> successive_halving_schedule(81, 1, 81, eta=3)
    [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)]
    >>> successive_halving_schedule(8, 1, 8, eta=2)
    [(8, 1), (4, 2), (2, 4), (1, 8)]
    """
    n = check_int("n_configs", n_configs, low=1)
    budgets = rung_budgets(min_budget, max_budget, eta)
    eta = float(eta)
    return [(max(1, _floor_div(n, eta, i)), b) for i, b in enumerate(budgets)]


def hyperband_schedule(min_budget: Any, max_budget: Any, eta: Any = 3) -> list[list]:
    """The brackets of Hyperband (Li et al., JMLR 2018, Algorithm 1): one list of
    ``(n_i, r_i)`` per bracket, the most aggressive (most configurations, smallest
    budget) first.

    With ``s_max + 1`` rungs (see :func:`rung_budgets`), bracket ``s = s_max, ..., 0``
    starts ``n = ceil((s_max + 1) / (s + 1) * eta ** s)`` configurations at the budget
    ``max_budget * eta ** -s`` and runs successive halving on them.

    Examples
    --------
    >>> for bracket in hyperband_schedule(1, 81, eta=3):
    ...     print(bracket)
    [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)]
    [(34, 3), (11, 9), (3, 27), (1, 81)]
    [(15, 9), (5, 27), (1, 81)]
    [(8, 27), (2, 81)]
    [(5, 81)]
    """
    budgets = rung_budgets(min_budget, max_budget, eta)
    eta_ = float(eta)
    s_max = len(budgets) - 1
    out = []
    for s in range(s_max, -1, -1):
        n = int(math.ceil((s_max + 1) / (s + 1) * eta_ ** s - _TOL))
        out.append([(max(1, _floor_div(n, eta_, i)), b)
                    for i, b in enumerate(budgets[s_max - s:])])
    return out


def promote(losses: Any, n_keep: Any) -> list[int]:
    """Indices of the ``n_keep`` smallest losses, best first (the ones promoted).

    Ties go to the smaller index (the configuration drawn first); NaN (a failed
    evaluation) is never promoted, so fewer than ``n_keep`` come back when fewer succeeded.

    Examples
    --------
    >>> promote([0.5, 0.2, 0.9, 0.2, float("nan"), 0.1], 3)
    [5, 1, 3]
    >>> promote([float("nan"), 0.3], 2)
    [1]
    """
    losses = np.asarray(losses, dtype=float).reshape(-1)
    n_keep = check_int("n_keep", n_keep, low=0)
    ok = np.flatnonzero(np.isfinite(losses))
    order = ok[np.argsort(losses[ok], kind="stable")]
    return [int(i) for i in order[:n_keep]]


# --------------------------------------------------------------------------- result
class MultiFidelityResult(SearchResult):
    """The evaluations of a multi-fidelity search, in the order they finished.

    A :class:`~hpt_helpers.result.SearchResult` (``params``, ``values``, ``errors``,
    ``seconds``, ``to_dataframe()`` ...) whose evaluations also carry the budget they were
    given, their rung, the configuration they belong to, their Hyperband bracket, and
    wall-clock start and end times with the worker that ran them.

    ``best_value`` / ``best_params`` / ``best_index`` look only at evaluations at the
    largest budget reached (a loss after 3 epochs is not comparable with one after 81),
    and ``best_so_far()`` is the running best of the evaluations at ``max_budget`` (NaN
    until the first one finishes).

    Attributes
    ----------
    budgets, rungs, configs, brackets : numpy arrays, one entry per evaluation
    cost : numpy array
        Cumulative cost: the sum of the budgets of the evaluations so far.
    starts, ends : numpy arrays
        Wall-clock times (seconds since the search started) each evaluation ran between.
    workers : numpy array of int
        Which worker ran each evaluation (0, 1, ... in order of first appearance).
    launches, known : numpy arrays of int
        When each evaluation was started (0, 1, ... in the order the search decided to
        start them) and how many evaluations had finished (the first ``known`` of this
        result) when the search decided it; enough to replay every decision.
    min_budget, max_budget, eta, n_jobs

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> res = successive_halving(lambda x, budget: (x - 0.5) ** 2 + 1 / budget,
    ...                          {"x": Real(0, 1)}, min_budget=1, max_budget=9, eta=3,
    ...                          random_state=0)
    >>> res.budgets.tolist()
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9]
    >>> int(res.cost[-1]), int(res.rungs.max()), int(res.budgets[res.best_index])
    (27, 2, 9)
    """

    def __init__(self, params, values, errors, seconds, overhead_seconds, method, space,
                 maximize=False, *, budgets, rungs, configs, brackets, starts, ends,
                 workers, min_budget, max_budget, eta, n_jobs=1, launches=None,
                 known=None):
        super().__init__(params, values, errors, seconds, overhead_seconds, method, space,
                         maximize)
        self.budgets = np.asarray(budgets).reshape(-1)
        self.rungs = np.asarray(rungs, dtype=int).reshape(-1)
        self.configs = np.asarray(configs, dtype=int).reshape(-1)
        self.brackets = np.asarray(brackets, dtype=int).reshape(-1)
        self.starts = np.asarray(starts, dtype=float).reshape(-1)
        self.ends = np.asarray(ends, dtype=float).reshape(-1)
        self.workers = np.asarray(workers, dtype=int).reshape(-1)
        n = len(self.params)
        self.launches = np.asarray(range(n) if launches is None else launches,
                                   dtype=int).reshape(-1)
        self.known = np.asarray([0] * n if known is None else known, dtype=int).reshape(-1)
        self.cost = np.cumsum(self.budgets.astype(float)) if len(self.budgets) else \
            np.zeros(0)
        self.min_budget, self.max_budget, self.eta = min_budget, max_budget, eta
        self.n_jobs = n_jobs

    def __repr__(self) -> str:
        best = f"{self.best_value:.6g}" if len(self) and not math.isnan(self.best_value) \
            else "none"
        total = f"{self.cost[-1]:g}" if len(self) else "0"
        return (f"MultiFidelityResult(method={self.method!r}, n_evaluations={len(self)}, "
                f"n_configs={len(set(self.configs.tolist()))}, cost={total}, "
                f"n_failed={self.n_failed}, best_value={best})")

    @property
    def best_index(self) -> int:
        """Best evaluation among those at the largest budget reached (-1 if none)."""
        loss = self._loss
        ok = np.isfinite(loss)
        if not np.any(ok):
            return -1
        top = np.max(self.budgets[ok].astype(float))
        mask = ok & np.isclose(self.budgets.astype(float), top)
        return int(np.flatnonzero(mask)[np.argmin(loss[mask])])

    def best_so_far(self) -> np.ndarray:
        """Running best of the evaluations at ``max_budget`` (NaN before the first)."""
        loss = np.where(np.isfinite(self._loss)
                        & np.isclose(self.budgets.astype(float), float(self.max_budget)),
                        self._loss, np.inf)
        running = np.minimum.accumulate(loss) if len(loss) else loss
        running = np.where(np.isinf(running), np.nan, running)
        return -running if self.maximize else running

    def utilisation(self, until: float | None = None) -> float:
        """Busy worker-time over ``n_jobs`` times the wall-clock time, from the search's
        start to ``until`` seconds (default: the end of the last evaluation).

        ``until=res.starts.max()`` leaves out the tail at the end of a finite search,
        where nothing is left to hand out and workers idle whatever the method.

        Examples
        --------
        >>> from hpt_helpers.space import Real
        >>> res = asha(lambda x, budget: x, {"x": Real(0, 1)}, min_budget=1, max_budget=3,
        ...            random_state=0)
        >>> 0 < res.utilisation() <= 1
        True
        """
        if not len(self):
            return math.nan
        end = float(self.ends.max()) if until is None else float(until)
        if end <= 0:
            return math.nan
        busy = np.clip(np.minimum(self.ends, end) - np.maximum(self.starts, 0.0), 0, None)
        return float(busy.sum() / (max(self.n_jobs, 1) * end))

    def lanes(self) -> np.ndarray:
        """A worker lane ``0 .. n_jobs - 1`` per evaluation for timelines: each
        evaluation goes, in order of start, to the lane that became free first."""
        free = np.zeros(max(self.n_jobs, 1))
        out = np.zeros(len(self), dtype=int)
        for e in np.argsort(self.starts, kind="stable"):
            lane = int(np.argmin(free))
            out[e] = lane
            free[lane] = self.ends[e]
        return out

    @property
    def wall_seconds(self) -> float:
        """Wall-clock time from the search's start to its last evaluation's end."""
        return float(self.ends.max()) if len(self) else 0.0

    def to_dataframe(self):
        """One row per evaluation: hyperparameters, value, error, seconds, then config,
        bracket, rung, budget, cost (cumulative), start, end and worker."""
        frame = super().to_dataframe()
        for name, column in (("config", self.configs), ("bracket", self.brackets),
                             ("rung", self.rungs), ("budget", self.budgets),
                             ("cost", self.cost), ("start", self.starts),
                             ("end", self.ends), ("worker", self.workers)):
            frame[name] = column
        return frame


# ------------------------------------------------------------------- evaluation
def _timed_evaluate(objective: Callable, params: dict, budget: Any) -> tuple:
    start = time.time()
    value, error, seconds = _evaluate(objective, {**params, "budget": budget})
    return value, error, seconds, start, time.time(), f"{os.getpid()}-{threading.get_ident()}"


def _check_mf_objective(objective: Any, space: Space) -> Callable:
    check_callable("objective", objective)
    if "budget" in space.names:
        raise ValueError(f"space must not have a dimension named 'budget' (the budget is "
                         f"passed by the search); got names {space.names}.")
    try:
        signature = inspect.signature(objective)
    except (TypeError, ValueError):
        return objective
    params = signature.parameters
    any_kw = any(p.kind is p.VAR_KEYWORD for p in params.values())
    name = getattr(objective, "__name__", type(objective).__name__)
    if "budget" not in params and not any_kw:
        raise ValueError(f"objective must accept a keyword argument 'budget' (the resource "
                         f"to spend: epochs, rows, trees); objective {name}{signature} "
                         f"does not.")

    def probe(**kwargs):  # the same signature without 'budget', for check_objective
        return None

    rest = [p for n, p in params.items() if n != "budget"]
    probe.__signature__ = signature.replace(parameters=rest)
    probe.__name__ = name
    check_objective(probe, space)
    return objective


def _check_durations(durations):
    if durations is not None:
        check_callable("durations", durations)
    return durations


def _check_common(objective, space, n_jobs, callback, progress, maximize, checkpoint):
    if checkpoint is not None and not isinstance(checkpoint, (str, os.PathLike)):
        raise TypeError(f"checkpoint must be a file path (str or Path) or None; got "
                        f"{checkpoint!r} of type {type(checkpoint).__name__}.")
    space = as_space(space)
    _check_mf_objective(objective, space)
    if not (isinstance(n_jobs, numbers.Integral) and not isinstance(n_jobs, bool)
            and n_jobs != 0):
        raise ValueError(f"n_jobs must be a non-zero integer (-1 for all cores); got "
                         f"{n_jobs!r}.")
    if callback is not None:
        check_callable("callback", callback)
    for name, flag in (("progress", progress), ("maximize", maximize)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False; got {flag!r}.")
    return space


def _n_workers(n_jobs: int) -> int:
    if n_jobs > 0:
        return int(n_jobs)
    from joblib import cpu_count

    return max(cpu_count() + 1 + n_jobs, 1)


class _MFRun:
    """Bookkeeping of one multi-fidelity search: evaluations, checkpoint, callback, bar."""

    def __init__(self, objective, space, method, *, seed, settings, maximize, n_jobs,
                 callback, checkpoint, progress, total, min_budget, max_budget, eta,
                 durations=None):
        self.objective, self.space, self.method = objective, space, method
        self.durations = durations
        self.free = np.zeros(_n_workers(n_jobs))  # simulated workers: when each is free
        self.now = 0.0                             # simulated time of the latest result
        self.maximize, self.n_jobs, self.callback = maximize, n_jobs, callback
        self.min_budget, self.max_budget, self.eta = min_budget, max_budget, eta
        self.rows: list[dict] = []
        self.worker_ids: dict[str, int] = {}
        self.started = time.time()
        self.waiting = 0.0
        self.stopped = False
        self.rng = np.random.default_rng(seed)
        self.points: list[dict] = []
        header = {"method": method, "seed": seed, **settings}
        self.checkpoint = Checkpoint(checkpoint, space, header) if checkpoint is not None \
            else None
        self.records = list(self.checkpoint.records) if self.checkpoint else []
        if self.checkpoint is not None:
            for key, value in header.items():
                stored = self.checkpoint.header.get(key)
                if stored != value and not (isinstance(stored, (int, float))
                                            and isinstance(value, (int, float))
                                            and math.isclose(stored, value)):
                    raise ValueError(f"checkpoint {str(checkpoint)!r} was written with "
                                     f"{key}={stored!r}; this search has {key}={value!r}; use "
                                     f"the same settings to resume, or a new file.")
        self.position = 0  # next record to replay (synchronous methods)
        self.bar = None
        if progress:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc=f"{method}", unit="eval")

    def config(self, i: int) -> dict:
        """Configuration ``i``: the ``i``-th point of the seed's uniform stream."""
        while len(self.points) <= i:
            self.points.extend(self.space.from_uniform(self.rng.random((1, len(self.space)))))
        return self.points[i]

    def loss(self, value: float) -> float:
        return -value if self.maximize else value

    def record(self, job: tuple, outcome: tuple, *, launch: int, known: int,
               replayed: bool = False) -> None:
        cid, budget, rung, bracket = job
        value, error, seconds, start, end, worker = outcome
        if not replayed:
            if not isinstance(worker, (int, np.integer)):
                start, end = start - self.started, end - self.started
                worker = self.worker_ids.setdefault(worker, len(self.worker_ids))
            if self.checkpoint is not None:
                self.checkpoint.append(self.config(cid), value, error, seconds, config=cid,
                                       budget=budget, rung=rung, bracket=bracket,
                                       start=start, end=end, worker=worker, launch=launch,
                                       known=known)
        self.rows.append({"params": dict(self.config(cid)), "value": value, "error": error,
                          "seconds": seconds, "config": cid, "budget": budget, "rung": rung,
                          "bracket": bracket, "start": start, "end": end, "worker": worker,
                          "launch": launch, "known": known})
        if self.bar is not None:
            self.bar.update(1)
        if not replayed and self.callback is not None and self.callback(self.result()):
            self.stopped = True

    def replay_record(self, r: dict) -> tuple:
        return (float(r["value"]), r.get("error"), float(r.get("seconds", 0.0)),
                float(r.get("start", 0.0)), float(r.get("end", 0.0)),
                int(r.get("worker", 0)))

    def run_batch(self, jobs: list[tuple]) -> list[float]:
        """Evaluate jobs ``(config, budget, rung, bracket)`` in order; return their losses.

        Recorded evaluations (a resumed checkpoint) are read back instead of run.
        """
        losses = []
        todo = []
        for job in jobs:
            if self.position < len(self.records):
                r = self.records[self.position]
                if int(r.get("config", -1)) != job[0] or not math.isclose(
                        float(r.get("budget", math.nan)), float(job[1])):
                    raise ValueError(
                        f"checkpoint {str(self.checkpoint.path)!r} does not match this "
                        f"search: its evaluation {self.position} is configuration "
                        f"{r.get('config')} at budget {r.get('budget')}, this search would "
                        f"evaluate configuration {job[0]} at budget {job[1]}; use the same "
                        f"settings (and random_state) or a new file.")
                self.position += 1
                self.record(job, self.replay_record(r), replayed=True,
                            launch=int(r.get("launch", len(self.rows))),
                            known=int(r.get("known", 0)))
                losses.append(self.loss(self.rows[-1]["value"]))
            else:
                todo.append(job)
        if not todo:
            return losses
        known = len(self.rows)
        if self.durations is not None:       # simulated workers, one rung at a time
            barrier = float(self.free.max())
            self.free[:] = barrier
            for job in todo:
                outcome = self.simulate(job)
                self.record(job, outcome, launch=len(self.rows), known=known)
                losses.append(self.loss(outcome[0]))
                if self.stopped:
                    break
            self.free[:] = self.free.max()
            return losses
        calls = (delayed(_timed_evaluate)(self.objective, self.config(j[0]), j[1])
                 for j in todo)
        gen = iter(Parallel(n_jobs=self.n_jobs, return_as="generator")(calls))
        try:
            for job in todo:
                t0 = time.perf_counter()
                outcome = next(gen)
                self.waiting += time.perf_counter() - t0
                self.record(job, outcome, launch=len(self.rows), known=known)
                losses.append(self.loss(outcome[0]))
                if self.stopped:
                    break
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                close()
        return losses

    def simulate(self, job: tuple) -> tuple:
        """Evaluate now; give the evaluation simulated times on the first free worker."""
        value, error, seconds, _, _, _ = _timed_evaluate(self.objective,
                                                         self.config(job[0]), job[1])
        self.waiting += seconds
        lane = int(np.argmin(self.free))
        start = max(float(self.free[lane]), self.now)
        end = start + float(self.durations(job[1]))
        self.free[lane] = end
        return value, error, seconds, start, end, lane

    def result(self) -> MultiFidelityResult:
        rows = self.rows
        overhead = max(time.time() - self.started - self.waiting, 0.0)
        col = {k: [r[k] for r in rows] for k in ("params", "value", "error", "seconds",
                                                  "budget", "rung", "config", "bracket",
                                                  "start", "end", "worker", "launch",
                                                  "known")}
        return MultiFidelityResult(col["params"], col["value"], col["error"],
                                   col["seconds"], overhead, self.method, self.space,
                                   self.maximize, budgets=col["budget"], rungs=col["rung"],
                                   configs=col["config"], brackets=col["bracket"],
                                   starts=col["start"], ends=col["end"],
                                   workers=col["worker"], launches=col["launch"],
                                   known=col["known"], min_budget=self.min_budget,
                                   max_budget=self.max_budget, eta=self.eta,
                                   n_jobs=_n_workers(self.n_jobs))

    def finish(self, interrupted: bool) -> MultiFidelityResult:
        if self.bar is not None:
            self.bar.close()
        warn_if_all_failed(self.method, [r["error"] for r in self.rows], stacklevel=3)
        if interrupted:
            warnings.warn(f"{self.method} search interrupted (KeyboardInterrupt): returning "
                          f"the {len(self.rows)} evaluations finished so far"
                          + (" (they are in the checkpoint; call again to resume)."
                             if self.checkpoint is not None else "."),
                          RuntimeWarning, stacklevel=3)
        return self.result()


def _run_bracket(run: _MFRun, first_config: int, schedule: list, rung_offset: int,
                 bracket: int) -> None:
    alive = list(range(first_config, first_config + schedule[0][0]))
    for i, (_, budget) in enumerate(schedule):
        jobs = [(cid, budget, rung_offset + i, bracket) for cid in alive]
        losses = run.run_batch(jobs)
        if run.stopped or len(losses) < len(jobs):
            run.stopped = True
            return
        if i + 1 < len(schedule):
            alive = [alive[j] for j in promote(losses, schedule[i + 1][0])]
            if not alive:
                return


_COMMON_DOC = """objective : callable
        ``objective(budget=..., **params) -> float`` to minimise (see ``maximize``).
    space : Space or dict
    min_budget, max_budget : int or float
        Smallest and largest budget (> 0); integers give integer budgets.
    eta : float, default 3
        Reduction factor (> 1): each rung keeps the best ``1 / eta`` and multiplies the
        budget by ``eta``."""


def successive_halving(objective: Callable, space: Any, *, min_budget: Any, max_budget: Any,
                       eta: Any = 3, n_configs: Any = None, n_iterations: Any = 1,
                       random_state: Any = None, n_jobs: int = 1,
                       callback: Callable | None = None, checkpoint: Any = None,
                       progress: bool = False, maximize: bool = False,
                       durations: Callable | None = None) -> MultiFidelityResult:
    """Successive halving (Jamieson & Talwalkar 2016): evaluate ``n_configs`` random
    configurations at the smallest budget, keep the best ``1 / eta``, multiply their budget
    by ``eta``, repeat until ``max_budget``.

    The rungs and their sizes are :func:`successive_halving_schedule`. Each rung is
    synchronous: promotions wait until every evaluation of the rung has finished.

    Parameters
    ----------
    {common}
    n_configs : int, optional
        Configurations at the first rung; default ``eta ** s`` so that one reaches
        ``max_budget`` (81 for budgets 1..81 and eta 3).
    n_iterations : int, default 1
        Runs of successive halving one after another, each on new configurations
        (``brackets`` numbers them).
    durations : callable, optional
        ``durations(budget) -> seconds``: instead of running evaluations in parallel,
        run them one by one and *simulate* ``n_jobs`` workers on which each evaluation
        takes that long (a discrete-event simulation: ``starts``, ``ends`` and
        ``workers`` are simulated, decisions are made in simulated-time order). For
        timelines that do not depend on the machine's load.
    random_state : None, int or numpy Generator
        Seed; configuration ``i`` is random search's point ``i`` for the same seed.
    n_jobs, callback, checkpoint, progress, maximize
        As in :func:`hpt_helpers.search.random_search`.

    Returns
    -------
    MultiFidelityResult
        If every evaluation failed, a :class:`~hpt_helpers.search.AllFailedWarning` lists
        the distinct errors (as :func:`~hpt_helpers.search.bayesian_search` does).

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> def f(x, budget):       # the loss shrinks with the budget, slowest away from x = 0.3
    ...     return (x - 0.3) ** 2 + 1 / budget
    >>> res = successive_halving(f, {{"x": Real(0, 1)}}, min_budget=1, max_budget=27,
    ...                          random_state=0)
    >>> [int((res.rungs == k).sum()) for k in range(4)]      # 27 -> 9 -> 3 -> 1
    [27, 9, 3, 1]
    >>> round(res.best_params["x"], 1), int(res.budgets[res.best_index]), int(res.cost[-1])
    (0.3, 27, 108)
    """
    space = _check_common(objective, space, n_jobs, callback, progress, maximize, checkpoint)
    lo, hi, eta_ = _check_budgets(min_budget, max_budget, eta)
    s = len(rung_budgets(min_budget, max_budget, eta)) - 1
    if n_configs is None:
        n_configs = max(1, int(round(eta_ ** s)))
    schedule = successive_halving_schedule(n_configs, min_budget, max_budget, eta)
    n_iterations = check_int("n_iterations", n_iterations, low=1)
    _check_durations(durations)
    seed = _seed_for(random_state, checkpoint)
    run = _MFRun(objective, space, "successive_halving", seed=seed, durations=durations,
                 settings={"min_budget": min_budget, "max_budget": max_budget, "eta": eta,
                           "n_configs": int(n_configs), "n_iterations": n_iterations},
                 maximize=maximize, n_jobs=n_jobs, callback=callback, checkpoint=checkpoint,
                 progress=progress, total=n_iterations * sum(n for n, _ in schedule),
                 min_budget=min_budget, max_budget=max_budget, eta=eta)
    interrupted = False
    try:
        for k in range(n_iterations):
            _run_bracket(run, k * schedule[0][0], schedule, 0, k)
            if run.stopped:
                break
    except KeyboardInterrupt:
        interrupted = True
    return run.finish(interrupted)


def hyperband(objective: Callable, space: Any, *, min_budget: Any, max_budget: Any,
              eta: Any = 3, n_iterations: Any = 1, random_state: Any = None, n_jobs: int = 1,
              callback: Callable | None = None, checkpoint: Any = None,
              progress: bool = False, maximize: bool = False,
              durations: Callable | None = None) -> MultiFidelityResult:
    """Hyperband (Li et al., JMLR 2018): successive halving in every bracket of
    :func:`hyperband_schedule`, from many configurations at a small budget to a few at
    ``max_budget``, so no single trade-off between the number of configurations and the
    budget each gets has to be chosen in advance.

    Parameters
    ----------
    {common}
    n_iterations : int, default 1
        How many times to loop over all brackets.
    random_state, n_jobs, callback, checkpoint, progress, maximize, durations
        As in :func:`successive_halving`. Configurations are numbered across brackets
        and drawn in that order from the seed's stream.

    Returns
    -------
    MultiFidelityResult
        If every evaluation failed, a :class:`~hpt_helpers.search.AllFailedWarning` lists
        the distinct errors (as :func:`~hpt_helpers.search.bayesian_search` does).
        ``brackets`` numbers each evaluation's bracket (0 = most aggressive);
        ``rungs`` index the budgets of :func:`rung_budgets`.

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> res = hyperband(lambda x, budget: (x - 0.3) ** 2 + 1 / budget, {{"x": Real(0, 1)}},
    ...                 min_budget=1, max_budget=9, eta=3, random_state=0)
    >>> [len(set(res.configs[res.brackets == b].tolist())) for b in range(3)]
    [9, 5, 3]
    >>> round(res.best_params["x"], 1)
    0.3
    """
    space = _check_common(objective, space, n_jobs, callback, progress, maximize, checkpoint)
    _check_budgets(min_budget, max_budget, eta)
    n_iterations = check_int("n_iterations", n_iterations, low=1)
    brackets = hyperband_schedule(min_budget, max_budget, eta)
    s_max = len(brackets) - 1
    _check_durations(durations)
    seed = _seed_for(random_state, checkpoint)
    total = n_iterations * sum(n for b in brackets for n, _ in b)
    run = _MFRun(objective, space, "hyperband", seed=seed, durations=durations,
                 settings={"min_budget": min_budget, "max_budget": max_budget, "eta": eta,
                           "n_iterations": n_iterations},
                 maximize=maximize, n_jobs=n_jobs, callback=callback, checkpoint=checkpoint,
                 progress=progress, total=total, min_budget=min_budget,
                 max_budget=max_budget, eta=eta)
    interrupted = False
    first = 0
    try:
        for _ in range(n_iterations):
            for b, schedule in enumerate(brackets):
                _run_bracket(run, first, schedule, s_max - (len(schedule) - 1), b)
                first += schedule[0][0]
                if run.stopped:
                    break
            if run.stopped:
                break
    except KeyboardInterrupt:
        interrupted = True
    return run.finish(interrupted)


# ------------------------------------------------------------------------- ASHA
class _AshaState:
    """What ASHA knows: the losses at each rung and who was promoted from it."""

    def __init__(self, n_rungs: int, eta: float):
        self.eta = eta
        self.rungs: list[dict[int, float]] = [{} for _ in range(n_rungs)]
        self.promoted: list[set[int]] = [set() for _ in range(n_rungs)]

    def add(self, cid: int, rung: int, loss: float) -> None:
        self.rungs[rung][cid] = loss
        if rung > 0:
            self.promoted[rung - 1].add(cid)

    def next_promotion(self) -> tuple[int, int] | None:
        """(config, rung) of the next promotion, top rungs first, or None (Li et al.
        2020, Algorithm 2: a configuration in the best ``1 / eta`` of its rung so far
        that was not promoted yet)."""
        for k in range(len(self.rungs) - 2, -1, -1):
            done = self.rungs[k]
            n_top = _floor_div(len(done), self.eta, 1)
            if n_top == 0:
                continue
            cids = sorted(done)
            for j in promote([done[c] for c in cids], n_top):
                if cids[j] not in self.promoted[k]:
                    return cids[j], k + 1
        return None


def _executor(n_workers: int):
    """A concurrent.futures-like pool for joblib's active backend (loky, threads, Dask)."""
    from joblib.parallel import get_active_backend

    backend, _ = get_active_backend()
    name = type(backend).__name__
    if "Dask" in name:
        import distributed

        client = backend.client

        def submit(fn, *args):
            return client.submit(fn, *args, pure=False)

        def wait(futures):
            return distributed.wait(futures, return_when="FIRST_COMPLETED").done

        return submit, wait, (lambda: None)
    import concurrent.futures as cf

    if "Threading" in name:
        pool = cf.ThreadPoolExecutor(max_workers=n_workers)
        shutdown = pool.shutdown
    else:
        from joblib.externals.loky import get_reusable_executor

        pool = get_reusable_executor(max_workers=n_workers)

        def shutdown():
            return None

    def wait_first(futures):
        return cf.wait(futures, return_when=cf.FIRST_COMPLETED).done

    return pool.submit, wait_first, shutdown


def asha(objective: Callable, space: Any, *, min_budget: Any, max_budget: Any, eta: Any = 3,
         n_configs: Any = None, max_cost: Any = None, random_state: Any = None,
         n_jobs: int = 1, callback: Callable | None = None, checkpoint: Any = None,
         progress: bool = False, maximize: bool = False,
         durations: Callable | None = None) -> MultiFidelityResult:
    """Asynchronous successive halving (ASHA; Li et al., MLSys 2020).

    No rung waits for the others: whenever a worker is free it gets the next promotion (a
    configuration in the best ``1 / eta`` of the evaluations finished so far at its rung,
    not promoted yet; top rungs first) or, if there is none, a new configuration at the
    smallest budget. So with ``n_jobs > 1`` no worker idles while there is work, at the
    price of promoting on incomplete rungs (some promoted configurations would not have
    made the cut in synchronous successive halving).

    Parameters
    ----------
    {common}
    n_configs : int, optional
        Most new configurations to start; default ``eta ** s`` as in
        :func:`successive_halving` (when ``max_cost`` is also None).
    max_cost : float, optional
        Stop starting evaluations once the budgets started add up to ``max_cost``
        (running ones finish).
    random_state, n_jobs, callback, checkpoint, progress, maximize
        As in :func:`successive_halving`. With ``n_jobs=1`` the search is deterministic;
        with more workers the order in which evaluations finish decides the promotions.
        Evaluations run on joblib's active backend (loky processes by default, threads
        with ``parallel_config(backend="threading")``, a Dask cluster with
        ``backend="dask"``).
    durations : callable, optional
        ``durations(budget) -> seconds``: simulate ``n_jobs`` workers instead (see
        :func:`successive_halving`); the next evaluation to finish in simulated time is
        the next result ASHA sees, so the run is deterministic.

    Returns
    -------
    MultiFidelityResult
        If every evaluation failed, a :class:`~hpt_helpers.search.AllFailedWarning` lists
        the distinct errors (as :func:`~hpt_helpers.search.bayesian_search` does).
        With ``utilisation()``, ``starts``, ``ends`` and ``workers`` for timelines.

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> res = asha(lambda x, budget: (x - 0.3) ** 2 + 1 / budget, {{"x": Real(0, 1)}},
    ...            min_budget=1, max_budget=9, eta=3, n_configs=9, random_state=0)
    >>> [int((res.rungs == k).sum()) for k in range(3)]
    [9, 3, 1]
    >>> res.budgets.tolist()[:6]        # a promotion as soon as 3 results are in
    [1, 1, 1, 3, 1, 1]
    """
    space = _check_common(objective, space, n_jobs, callback, progress, maximize, checkpoint)
    _, _, eta_ = _check_budgets(min_budget, max_budget, eta)
    budgets = rung_budgets(min_budget, max_budget, eta)
    if n_configs is None and max_cost is None:
        n_configs = max(1, int(round(eta_ ** (len(budgets) - 1))))
    if n_configs is not None:
        n_configs = check_int("n_configs", n_configs, low=1)
    if max_cost is not None:
        max_cost = check_number("max_cost", max_cost, low=0, low_inclusive=False)
    _check_durations(durations)
    seed = _seed_for(random_state, checkpoint)
    n_workers = _n_workers(n_jobs)
    run = _MFRun(objective, space, "asha", seed=seed, durations=durations,
                 settings={"min_budget": min_budget, "max_budget": max_budget, "eta": eta,
                           "n_configs": n_configs, "max_cost": max_cost},
                 maximize=maximize, n_jobs=n_jobs, callback=callback, checkpoint=checkpoint,
                 progress=progress, total=None, min_budget=min_budget,
                 max_budget=max_budget, eta=eta)
    state = _AshaState(len(budgets), eta_)
    n_started = 0
    started_cost = 0.0
    n_launched = 0
    for r in run.records:
        job = (int(r["config"]), r["budget"], int(r["rung"]), 0)
        run.record(job, run.replay_record(r), replayed=True,
                   launch=int(r.get("launch", len(run.rows))), known=int(r.get("known", 0)))
        n_launched = max(n_launched, int(r.get("launch", 0)) + 1)
        state.add(job[0], job[2], run.loss(run.rows[-1]["value"]))
        n_started = max(n_started, job[0] + 1)
        started_cost += float(r["budget"])

    def next_job():
        nonlocal n_started, started_cost, n_launched
        if run.stopped or (max_cost is not None and started_cost >= max_cost - _TOL):
            return None
        promo = state.next_promotion()
        if promo is not None:
            cid, rung = promo
            state.promoted[rung - 1].add(cid)
        elif n_configs is None or n_started < n_configs:
            cid, rung = n_started, 0
            n_started += 1
        else:
            return None
        started_cost += float(budgets[rung])
        n_launched += 1
        return (cid, budgets[rung], rung, 0), (n_launched - 1, len(run.rows))

    def done(job, outcome):
        (job, (launch, known)) = job
        run.record(job, outcome, launch=launch, known=known)
        state.add(job[0], job[2], run.loss(outcome[0]))

    interrupted = False
    try:
        if durations is not None:                 # discrete-event simulation
            import heapq

            events: list = []
            while True:
                while len(events) < n_workers and (job := next_job()) is not None:
                    outcome = run.simulate(job[0])
                    heapq.heappush(events, (outcome[4], job[1][0], job, outcome))
                if not events:
                    break
                _, _, job, outcome = heapq.heappop(events)
                run.now = outcome[4]
                done(job, outcome)
        elif n_workers == 1:
            while (job := next_job()) is not None:
                outcome = _timed_evaluate(objective, run.config(job[0][0]), job[0][1])
                run.waiting += outcome[2]
                done(job, outcome)
        else:
            submit, wait, shutdown = _executor(n_workers)
            pending: dict = {}
            try:
                while True:
                    while len(pending) < n_workers and (job := next_job()) is not None:
                        future = submit(_timed_evaluate, objective,
                                        run.config(job[0][0]), job[0][1])
                        pending[future] = job
                    if not pending:
                        break
                    t0 = time.perf_counter()
                    finished = wait(list(pending))
                    run.waiting += time.perf_counter() - t0
                    for future in sorted(finished, key=lambda f: pending[f][1][0]):
                        done(pending.pop(future), future.result())
            finally:
                for future in pending:
                    future.cancel()
                shutdown()
    except KeyboardInterrupt:
        interrupted = True
    return run.finish(interrupted)


for _f in (successive_halving, hyperband, asha):
    _f.__doc__ = _f.__doc__.replace("{common}", _COMMON_DOC).replace("{{", "{").replace(
        "}}", "}")
del _f
