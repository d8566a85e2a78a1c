"""Grid, random and Bayesian search of an objective over a space, at a fixed budget.

All three share one contract, so lessons can compare them at equal budgets::

    res = bayesian_search(objective, space, n_calls=30, random_state=0)

- ``objective(**params) -> float`` is called with keyword arguments named like the space's
  dimensions and returns a value to MINIMISE (``maximize=True`` for a score).
- Evaluations run through ``joblib.Parallel(n_jobs=n_jobs)`` without forcing a backend, so
  ``with joblib.parallel_config(backend="dask"):`` sends them to a Dask cluster. Results of
  grid, random and batch Bayesian search (``batch_size > 1``) do not depend on ``n_jobs``;
  ``bayesian_search(..., n_jobs=k)`` with ``batch_size=1`` is *asynchronous*
  (:mod:`hpt_helpers.async_search`): a new point the moment a worker is free, so its points
  depend on the order in which evaluations finish.
- A failing evaluation (an exception, NaN or inf) is recorded (NaN value, error text kept)
  and the search goes on. Ctrl-C returns the evaluations finished so far, with a warning.
- ``checkpoint="run.jsonl"`` appends each evaluation to that file as it finishes; calling
  the same search again with the same file resumes it: recorded evaluations are read back,
  never re-run, and the search continues exactly as an uninterrupted run would.
- ``callback(result_so_far)`` runs after every evaluation; if it returns True the search
  stops and returns what it has.
- ``progress=True`` shows a ``tqdm.auto`` progress bar.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import math
import numbers
import os
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from joblib import Parallel, delayed

from hpt_helpers.acquisition import ACQUISITIONS
from hpt_helpers.async_search import n_workers, run_async
from hpt_helpers.checkpoint import Checkpoint
from hpt_helpers.design import DESIGNS
from hpt_helpers.optimizer import BayesianOptimizer, _seed_from, default_initial_points
from hpt_helpers.result import SearchResult
from hpt_helpers.space import Space, as_space
from hpt_helpers.validation import check_callable, check_int, check_number, check_one_of

__all__ = ["AllFailedWarning", "bayesian_search", "check_objective", "grid_search",
           "random_search", "warn_if_all_failed"]

_SAME_TOL = 1e-9


class AllFailedWarning(RuntimeWarning):
    """Every evaluation of a search failed; the message lists the distinct errors.

    ``warnings.simplefilter("error", AllFailedWarning)`` turns it into an exception.
    """


def check_objective(objective: Any, space: Space) -> Callable:
    """Check that ``objective`` is callable with the space's names as keyword arguments.

    Every space name must be a parameter of the objective (unless it takes ``**kwargs``),
    and every parameter of the objective without a default must be in the space.

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> def f(x, y): return x + y
    >>> check_objective(f, Space({"x": Real(0, 1), "y": Real(0, 1)})) is f
    True
    >>> check_objective(f, Space({"x": Real(0, 1)}))
    Traceback (most recent call last):
    ...
    ValueError: space must name every parameter of objective f(x, y) that has no ...
    """
    check_callable("objective", objective)
    try:
        signature = inspect.signature(objective)
    except (TypeError, ValueError):  # some builtins and C callables
        return objective
    parameters = signature.parameters.values()
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in parameters)
    keyword_ok = {p.name for p in parameters
                  if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    required = [p.name for p in parameters if p.default is p.empty
                and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY, p.POSITIONAL_ONLY)]
    name = getattr(objective, "__name__", type(objective).__name__)
    shown = f"objective {name}{signature}"
    missing = [n for n in required if n not in space.names]
    if missing:
        raise ValueError(f"space must name every parameter of {shown} that has no default; "
                         f"missing: {missing} (space has {space.names}).")
    if not accepts_any:
        extra = [n for n in space.names if n not in keyword_ok]
        if extra:
            raise ValueError(f"space has names that {shown} does not accept as keyword "
                             f"arguments: {extra}; rename them or add them (or **kwargs) to "
                             f"the objective.")
    return objective


def _evaluate(objective: Callable, params: dict) -> tuple[float, str | None, float]:
    """Call the objective once; never raises (except KeyboardInterrupt / SystemExit)."""
    start = time.perf_counter()
    try:
        raw = objective(**params)
    except Exception as exc:  # the search goes on; the error text is kept
        return math.nan, f"{type(exc).__name__}: {exc}", time.perf_counter() - start
    seconds = time.perf_counter() - start
    try:
        if isinstance(raw, (str, bytes, bool, np.bool_)):
            raise TypeError  # a bool is a verdict, not a value to minimise
        value = float(raw)
    except (TypeError, ValueError):
        return math.nan, f"TypeError: objective returned {raw!r}, not a number", seconds
    if not math.isfinite(value):
        return math.nan, f"ValueError: objective returned {value!r}", seconds
    return value, None, seconds


_OPEN_RUNS: contextvars.ContextVar = contextvars.ContextVar("hpt_open_runs", default=None)


def _releases_checkpoints(search: Callable) -> Callable:
    """Close (and unlock) every checkpoint a search call opened, however it ends."""

    @functools.wraps(search)
    def wrapper(*args, **kwargs):
        runs: list = []
        token = _OPEN_RUNS.set(runs)
        try:
            return search(*args, **kwargs)
        finally:
            _OPEN_RUNS.reset(token)
            for run in runs:
                run.close()

    return wrapper


def _same_point(space: Space, a: dict, b: dict) -> bool:
    U = space.transform([a, b])
    return bool(np.max(np.abs(U[0] - U[1])) <= _SAME_TOL)


class _Run:
    """Shared bookkeeping of one search call: evaluations, checkpoint, callback, progress."""

    def __init__(self, objective, space, n_calls, method, *, maximize, n_jobs, callback,
                 checkpoint, progress, header, timeout=None):
        self.objective = objective
        self.space = space
        self.n_calls = n_calls
        self.method = method
        self.maximize = maximize
        self.n_jobs = n_jobs
        self.callback = callback
        self.params: list[dict] = []
        self.values: list[float] = []
        self.errors: list[str | None] = []
        self.seconds: list[float] = []
        self.waiting = 0.0
        self.started = time.perf_counter()
        self.stopped = False
        self.timeout = timeout
        self.timed_out = False
        self.settings: dict | None = None
        self.thetas: dict = {}
        self.checkpoint = Checkpoint(checkpoint, space, header) if checkpoint is not None \
            else None
        opened = _OPEN_RUNS.get()
        if opened is not None:
            opened.append(self)
        self.records = self.checkpoint.records[:n_calls] if self.checkpoint else []
        self.bar = None
        if progress:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=n_calls, initial=len(self.records), desc=f"{method} search",
                            unit="eval")

    def loss(self, value: float) -> float:
        return -value if self.maximize else value

    def replay(self, records: list[dict]) -> None:
        for r in records:
            self.params.append(dict(r["params"]))
            self.values.append(float(r["value"]))
            self.errors.append(r.get("error"))
            self.seconds.append(float(r.get("seconds", 0.0)))

    def evaluate(self, points: list[dict], extras: dict | None = None) -> list[float]:
        """Evaluate points in order (in parallel when n_jobs > 1); return their values."""
        out: list[float] = []
        if not points:
            return out
        extras = extras or {}
        jobs = (delayed(_evaluate)(self.objective, p) for p in points)
        gen = iter(Parallel(n_jobs=self.n_jobs, return_as="generator")(jobs))
        try:
            for j, point in enumerate(points):
                t0 = time.perf_counter()
                value, error, seconds = next(gen)
                self.waiting += time.perf_counter() - t0
                out.append(value)
                if self.record(point, value, error, seconds, extras.get(j, {})):
                    break
                if self.out_of_time():
                    break
        finally:
            close = getattr(gen, "close", None)
            if close is not None:
                close()
        return out

    def record(self, point: dict, value: float, error: str | None, seconds: float,
               extra: dict | None = None) -> bool:
        """Keep one finished evaluation (checkpoint, progress, callback); True: stop."""
        self.params.append(dict(point))
        self.values.append(value)
        self.errors.append(error)
        self.seconds.append(seconds)
        if self.checkpoint is not None:
            self.checkpoint.append(point, value, error, seconds, **(extra or {}))
        if self.bar is not None:
            self.bar.update(1)
        if self.callback is not None and self.callback(self.result()):
            self.stopped = True
        return self.stopped

    def out_of_time(self) -> bool:
        """True once ``timeout`` seconds have passed since the search started (then no new
        evaluation is started; the ones running in a batch are not waited for)."""
        if self.timeout is not None and time.perf_counter() - self.started >= self.timeout:
            self.timed_out = self.stopped = True
        return self.timed_out

    def result(self) -> SearchResult:
        overhead = max(time.perf_counter() - self.started - self.waiting, 0.0)
        return SearchResult(self.params, self.values, self.errors, self.seconds, overhead,
                            self.method, self.space, self.maximize,
                            optimizer_settings=self.settings, theta_history=self.thetas)

    def close(self) -> None:
        """Release the checkpoint (its lock) and the progress bar."""
        if self.checkpoint is not None:
            self.checkpoint.close()
        if self.bar is not None:
            self.bar.close()

    def finish(self, interrupted: bool) -> SearchResult:
        self.close()
        warn_if_all_failed(self.method, self.errors, stacklevel=3)
        if interrupted:
            warnings.warn(f"{self.method} search interrupted (KeyboardInterrupt): returning the "
                          f"{len(self.params)} evaluations finished so far"
                          + (" (they are in the checkpoint; call again to resume)."
                             if self.checkpoint is not None else "."),
                          RuntimeWarning, stacklevel=3)
        return self.result()


def warn_if_all_failed(method: str, errors: list, *, stacklevel: int = 2) -> None:
    """Warn (:class:`AllFailedWarning`) when there are evaluations and every one failed,
    naming the distinct errors (the last line of each error text, at most ten).

    Parameters
    ----------
    method : str
        The search's name, for the message.
    errors : list of str or None
        One entry per evaluation: its error text, or None when it succeeded.
    stacklevel : int, default 2
        As in :func:`warnings.warn`, counted from the caller of this function.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_if_all_failed("random", ["ValueError: bad", "ValueError: bad"])
    ...     warn_if_all_failed("random", ["ValueError: bad", None])   # one succeeded
    >>> [str(w.message).splitlines()[-1] for w in caught]
    ['  ValueError: bad']
    """
    if not errors or any(e is None for e in errors):
        return
    distinct = sorted({str(e).strip().splitlines()[-1] for e in errors})
    shown = "\n".join(f"  {e}" for e in distinct[:10])
    more = f"\n  ... and {len(distinct) - 10} more" if len(distinct) > 10 else ""
    warnings.warn(f"every one of the {len(errors)} evaluations of this {method} search "
                  f"failed (best_params is None); the distinct errors:\n{shown}{more}",
                  AllFailedWarning, stacklevel=stacklevel + 1)


def _common_checks(objective, space, n_calls, n_jobs, callback, progress, maximize,
                   checkpoint, timeout=None):
    if checkpoint is not None and not isinstance(checkpoint, (str, os.PathLike)):
        raise TypeError(f"checkpoint must be a file path (str or Path) or None; got "
                        f"{checkpoint!r} of type {type(checkpoint).__name__}.")
    space = as_space(space)
    check_objective(objective, space)
    n_calls = check_int("n_calls", n_calls, low=1)
    if not (isinstance(n_jobs, numbers.Integral) and not isinstance(n_jobs, bool)
            and n_jobs != 0):
        raise ValueError(f"n_jobs must be a non-zero integer (-1 for all cores); got "
                         f"{n_jobs!r}.")
    if callback is not None:
        check_callable("callback", callback)
    if timeout is not None:
        check_number("timeout", timeout, low=0, low_inclusive=False)
    for name, flag in (("progress", progress), ("maximize", maximize)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False; got {flag!r}.")
    return space, n_calls


def _run_fixed_points(run: _Run, points: list[dict]) -> SearchResult:
    """Evaluate a list of points known in advance (grid and random search)."""
    for i, r in enumerate(run.records):
        if i >= len(points) or not _same_point(run.space, r["params"], points[i]):
            raise ValueError(f"checkpoint {str(run.checkpoint.path)!r} does not match this "
                             f"search: its evaluation {i} is {r['params']}, this search would "
                             f"evaluate {points[i] if i < len(points) else 'nothing'}; use "
                             f"the same settings (and random_state) or a new file.")
    run.replay(run.records)
    interrupted = False
    try:
        run.evaluate(points[len(run.records):])
    except KeyboardInterrupt:
        interrupted = True
    return run.finish(interrupted)


def _stored_seed(checkpoint: Any) -> int | None:
    if checkpoint is None:
        return None
    import json
    from pathlib import Path

    try:
        with open(Path(checkpoint), encoding="utf-8") as fh:
            first = json.loads(fh.readline())
        return first.get("seed") if first.get("format") == "hpt-checkpoint" else None
    except (OSError, ValueError, AttributeError):
        return None


def _json_settings(settings: dict) -> dict:
    """A search's settings as JSON keeps them (numpy numbers as Python numbers)."""
    out = {}
    for key, value in settings.items():
        if isinstance(value, (bool, np.bool_)):
            value = bool(value)
        elif isinstance(value, numbers.Integral):
            value = int(value)
        elif isinstance(value, numbers.Real):
            value = float(value)
        out[key] = value
    return out


def _check_resumed_settings(run: _Run, settings: dict) -> None:
    """Refuse to resume a checkpoint that a search with other settings wrote.

    The settings decide which points are proposed, so continuing a run with others would
    mix two searches in one result. A checkpoint from before the settings were recorded
    is resumed with a warning that they cannot be checked.
    """
    if run.checkpoint is None:
        return
    path = str(run.checkpoint.path)
    stored = run.checkpoint.header.get("settings")
    if not isinstance(stored, dict):
        warnings.warn(f"checkpoint {path!r} does not record the optimizer's settings (an "
                      f"older hpt wrote it), so they cannot be checked: it is resumed with "
                      f"this search's settings, which may differ from those it started "
                      f"with.", RuntimeWarning, stacklevel=4)
        return
    for key, value in settings.items():
        if key == "random_state" or key not in stored:
            continue
        old = stored[key]
        same = old == value or (
            isinstance(old, (int, float)) and isinstance(value, (int, float))
            and not isinstance(old, bool) and math.isclose(old, value, rel_tol=1e-12))
        if not same:
            raise ValueError(f"checkpoint {path!r} was written with {key}={old!r}; this "
                             f"search has {key}={value!r}. Pass the same settings to resume "
                             f"it, or use a new file.")


def _seed_for(random_state: Any, checkpoint: Any) -> int:
    stored = _stored_seed(checkpoint)
    if random_state is None and stored is not None:
        return int(stored)
    seed = _seed_from(random_state)
    if stored is not None and seed != stored:
        raise ValueError(f"checkpoint {str(checkpoint)!r} was written with random_state "
                         f"{stored}; pass random_state={stored} (or None) to resume it, or "
                         f"use a new file; got random_state={random_state!r}.")
    return seed


@_releases_checkpoints
def grid_search(objective: Callable, space: Any, n_calls: int, *, n_jobs: int = 1,
                callback: Callable | None = None, checkpoint: Any = None,
                progress: bool = False, maximize: bool = False,
                timeout: float | None = None) -> SearchResult:
    """Evaluate the objective on an even product grid of at most ``n_calls`` points.

    How the grid is spread: every dimension starts with one value; then the dimension with
    the fewest values gets one more, in turn, while the grid stays within ``n_calls`` points
    and the dimension has values left. A Real gets evenly spaced values including both ends
    (log-evenly when ``log=True``), an Integer evenly spread unique integers (all of them if
    the budget allows), a Categorical its options (all of them if the budget allows). So
    with ``d`` continuous dimensions each gets about ``n_calls ** (1 / d)`` values, and the
    grid may use slightly fewer than ``n_calls`` evaluations (see ``Space.grid_shape``).

    Parameters
    ----------
    objective : callable
        ``objective(**params) -> float`` to minimise (or maximise, see ``maximize``).
    space : Space or dict
    n_calls : int
        Budget (>= 1).
    n_jobs : int, default 1
        Parallel evaluations through joblib (-1: all cores).
    callback : callable, optional
        ``callback(result_so_far)`` after every evaluation; return True to stop.
    checkpoint : str or Path, optional
        JSON Lines file to record evaluations in, and to resume from.
    progress : bool, default False
        Show a progress bar.
    maximize : bool, default False
        Maximise instead of minimise.
    timeout : float, optional
        Time budget in seconds (> 0), as Optuna's ``study.optimize(timeout=)``: once it
        is spent no new evaluation is started and the search returns what it has (the
        evaluation running then finishes first). The budget counts from the call.

    Returns
    -------
    SearchResult
        If every evaluation failed, an :class:`AllFailedWarning` lists the distinct
        errors (``best_params`` is then None).

    Examples
    --------
    >>> from hpt_helpers.space import Real, Categorical
    >>> res = grid_search(lambda x, k: x ** 2 + (k == "b"),
    ...                   {"x": Real(-1, 1), "k": Categorical(["a", "b"])}, n_calls=10)
    >>> len(res.params), res.best_params, res.best_value
    (10, {'x': 0.0, 'k': 'a'}, 0.0)
    """
    space, n_calls = _common_checks(objective, space, n_calls, n_jobs, callback, progress,
                                    maximize, checkpoint, timeout)
    run = _Run(objective, space, n_calls, "grid", maximize=maximize, n_jobs=n_jobs,
               callback=callback, checkpoint=checkpoint, progress=progress,
               header={"method": "grid", "n_calls": n_calls}, timeout=timeout)
    return _run_fixed_points(run, space.grid(n_calls))


@_releases_checkpoints
def random_search(objective: Callable, space: Any, n_calls: int, *, random_state: Any = None,
                  n_jobs: int = 1, callback: Callable | None = None, checkpoint: Any = None,
                  progress: bool = False, maximize: bool = False,
                  timeout: float | None = None) -> SearchResult:
    """Evaluate the objective at ``n_calls`` points drawn independently from the space.

    Each dimension is sampled uniformly (log-uniformly when ``log=True``; every integer
    and every category equally likely). Point ``i`` depends only on ``random_state`` and
    ``i``, so a longer search starts with the points of a shorter one.

    Parameters
    ----------
    objective, space, n_calls, n_jobs, callback, checkpoint, progress, maximize, timeout
        As in :func:`grid_search`.
    random_state : None, int or numpy Generator
        Seed.

    Returns
    -------
    SearchResult
        If every evaluation failed, an :class:`AllFailedWarning` lists the distinct
        errors (``best_params`` is then None).

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> res = random_search(lambda x: (x - 0.3) ** 2, {"x": Real(0, 1)}, 20, random_state=0)
    >>> len(res.values), round(res.best_params["x"], 1)
    (20, 0.3)
    """
    space, n_calls = _common_checks(objective, space, n_calls, n_jobs, callback, progress,
                                    maximize, checkpoint, timeout)
    seed = _seed_for(random_state, checkpoint)
    run = _Run(objective, space, n_calls, "random", maximize=maximize, n_jobs=n_jobs,
               callback=callback, checkpoint=checkpoint, progress=progress,
               header={"method": "random", "seed": seed}, timeout=timeout)
    rng = np.random.default_rng(seed)
    points = space.from_uniform(rng.random((n_calls, len(space))))
    return _run_fixed_points(run, points)


@_releases_checkpoints
def bayesian_search(objective: Callable, space: Any, n_calls: int, *,
                    n_initial_points: int | None = None, initial_design: str = "lhs",
                    acquisition: str = "ei", xi: float = 0.0, kappa: float = 1.96,
                    noise: Any = "learned", batch_size: int = 1, n_jobs: int = 1,
                    random_state: Any = None, callback: Callable | None = None,
                    checkpoint: Any = None, progress: bool = False, maximize: bool = False,
                    timeout: float | None = None, **optimizer_options: Any) -> SearchResult:
    """Bayesian optimisation of the objective with a Gaussian-process surrogate.

    A loop over :class:`~hpt_helpers.optimizer.BayesianOptimizer`: ask for
    ``batch_size`` points, evaluate them (``n_jobs`` at a time), tell the values, repeat
    until ``n_calls`` evaluations -- or, with ``n_jobs > 1`` and ``batch_size=1``, keep
    ``n_jobs`` evaluations running and ask for one point whenever one finishes.

    Parameters
    ----------
    objective, space, n_calls, callback, checkpoint, progress, maximize, timeout
        As in :func:`grid_search`. A checkpoint also records the optimizer's settings
        (everything below but ``n_jobs``), and resuming it with other settings is refused
        with an error naming the first one that differs.
    n_initial_points : int, optional
        Size of the initial design (<= n_calls); default ``max(5, 2 * number of
        dimensions)``, capped at ``n_calls``.
    initial_design : {"lhs", "random", "sobol"}, default "lhs"
    acquisition : {"ei", "pi", "ucb"}, default "ei"
    xi : float, default 0.0
        Improvement margin of EI/PI (>= 0, in the objective's units); larger explores more
        (see BayesianOptimizer for why the default is 0).
    kappa : float, default 1.96
        Uncertainty weight of UCB (>= 0).
    noise : "learned" or float, default "learned"
        Learned noise, or a fixed noise variance (objective units).
    batch_size : int, default 1
        Points proposed per round (constant liar, see BayesianOptimizer's ``liar``); the
        round's points are evaluated ``n_jobs`` at a time, and the next round waits for
        the slowest of them.
    n_jobs : int, default 1
        Workers (joblib; -1: all cores). With ``batch_size=1`` and more than one worker the
        search is **asynchronous**: ``k`` evaluations run at once and whenever one
        finishes a new point is proposed, treating the ``k - 1`` still running as pending
        (kriging believer; never proposed twice). See :mod:`hpt_helpers.async_search`.
    random_state : None, int or numpy Generator
        Seed; same seed, same proposals. A sequential or batch search gives the same
        points whatever ``n_jobs``; an asynchronous one (``n_jobs > 1``,
        ``batch_size=1``) gives the same points for the same order of completion, which
        timing can change from run to run.
    **optimizer_options
        Further BayesianOptimizer settings: ``length_scale``, ``liar``,
        ``n_candidates``, ``n_restarts``, ``gp_restarts``, ``failures`` (how the
        surrogate sees a failed evaluation: ``"impute_model"``, the default, ``"worst"``,
        ``"impute"``, ``"model"``, ``"impute_model"`` or ``"ignore"``; see
        :class:`~hpt_helpers.optimizer.BayesianOptimizer`).

    Returns
    -------
    SearchResult
        With :meth:`~hpt_helpers.result.SearchResult.optimizer_at` to inspect any step.

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> res = bayesian_search(lambda x: (x - 0.3) ** 2, {"x": Real(-2, 2)}, n_calls=12,
    ...                       random_state=0)
    >>> round(res.best_params["x"], 2)
    0.3
    """
    space, n_calls = _common_checks(objective, space, n_calls, n_jobs, callback, progress,
                                    maximize, checkpoint, timeout)
    if n_initial_points is None:
        n_initial_points = min(default_initial_points(space), n_calls)
    n_initial_points = check_int("n_initial_points", n_initial_points, low=0)
    if n_initial_points > n_calls:
        raise ValueError(f"n_initial_points must be <= n_calls ({n_calls}); got "
                         f"{n_initial_points}.")
    check_one_of("initial_design", initial_design, DESIGNS)
    check_one_of("acquisition", acquisition, list(ACQUISITIONS))
    check_number("xi", xi, low=0)
    check_number("kappa", kappa, low=0)
    batch_size = check_int("batch_size", batch_size, low=1)
    unknown = sorted(set(optimizer_options) - {"length_scale", "liar", "n_candidates",
                                               "n_restarts", "gp_restarts", "failures"})
    if unknown:
        raise TypeError(f"bayesian_search got unexpected keyword arguments {unknown}.")
    seed = _seed_for(random_state, checkpoint)
    opt = BayesianOptimizer(space, n_initial_points=n_initial_points,
                            initial_design=initial_design, acquisition=acquisition, xi=xi,
                            kappa=kappa, noise=noise, random_state=seed, **optimizer_options)
    settings = _json_settings({**opt.get_settings(), "batch_size": batch_size})
    run = _Run(objective, space, n_calls, "bayesian", maximize=maximize, n_jobs=n_jobs,
               callback=callback, checkpoint=checkpoint, progress=progress,
               header={"method": "bayesian", "seed": seed, "batch_size": batch_size,
                       "settings": settings},
               timeout=timeout)
    run.settings = opt.get_settings()
    _check_resumed_settings(run, settings)
    run.thetas = opt.theta_history
    records = run.records
    for r in records:
        if "theta" in r:
            opt._fixed_thetas[int(r["i"])] = np.asarray(r["theta"], dtype=float)
    run.replay(records)
    full = (len(records) // batch_size) * batch_size
    if full:
        opt.tell([r["params"] for r in records[:full]],
                 [run.loss(r["value"]) for r in records[:full]])
    position = full
    interrupted = False
    workers = n_workers(n_jobs) if batch_size == 1 else 1
    if workers > 1:
        # asynchronous: a new point whenever a worker is free (hpt_helpers.async_search)
        def waited(seconds: float) -> None:
            run.waiting += seconds

        extra_ok = run.checkpoint is not None
        interrupted = run_async(
            opt, objective, n_calls, min(workers, max(n_calls - full, 1)),
            evaluate=_evaluate, loss=run.loss, n_done=full, on_wait=waited,
            record=lambda p, v, e, s, extra: run.record(p, v, e, s,
                                                        extra if extra_ok else None))
        run.thetas = {**opt._fixed_thetas, **opt.theta_history}
        return run.finish(interrupted)
    try:
        while position < n_calls and not run.stopped and not run.out_of_time():
            m = min(batch_size, n_calls - position)
            batch = opt.ask(m)
            recorded = records[position:position + m]
            for j, r in enumerate(recorded):
                if not _same_point(space, batch[j], r["params"]):
                    warnings.warn(f"checkpoint evaluation {position + j} differs from what "
                                  f"this search proposes now (were settings changed?); "
                                  f"keeping the recorded one.", RuntimeWarning, stacklevel=2)
                batch[j] = r["params"]
            extras = {}
            if not recorded and position in opt.theta_history:
                extras[0] = {"theta": [float(t) for t in opt.theta_history[position]]}
            values = [r["value"] for r in recorded]
            values += run.evaluate(batch[len(recorded):], extras)
            opt.tell(batch[:len(values)], [run.loss(v) for v in values])
            position += len(values)
            if len(values) < m:
                break
    except KeyboardInterrupt:
        interrupted = True
    run.thetas = {**opt._fixed_thetas, **opt.theta_history}
    return run.finish(interrupted)
