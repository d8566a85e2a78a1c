"""Asynchronous parallel Bayesian search: a new proposal the moment a worker is free.

A synchronous batch search (``batch_size=q``) proposes ``q`` points, waits for the slowest
of them, and only then proposes again: when evaluations take different times, workers sit
idle. The asynchronous loop here keeps ``k`` evaluations running: whenever one finishes,
its value is told to the :class:`~hpt_helpers.optimizer.BayesianOptimizer` and a new point
is asked for at once, with the ``k - 1`` points still running passed as *pending*
(``opt.ask(pending=...)``: they enter the surrogate at its own prediction there, never
below the best value so far -- the kriging believer, see ``BayesianOptimizer``'s
``liar`` -- so the new point is pushed away from them, and they are never proposed
twice).

Workers come from joblib's active backend, so ``joblib.parallel_config(backend="dask")``
sends the evaluations to a Dask cluster: the loop asks the backend for its executor
(loky's reusable process pool by default, a thread pool for ``backend="threading"``, the
``distributed.Client`` for ``backend="dask"``) and submits one evaluation at a time.

What changes with the number of workers: the points proposed depend on the order in which
evaluations finish (a point is chosen knowing the values that have arrived, and with the
others as pending). For a given seed and a given completion order the search is
reproducible -- the same order of finishing gives the same points -- but two runs whose
evaluations finish in another order (timing noise) propose different points after the
initial design. ``n_jobs=1`` is the sequential search, unchanged.

Many workers on a small budget: the first ``k`` points start before any result is
known, and the proposal made at the ``i``-th completion knows ``i`` results, where a
batch search's second round knows all ``k``. At equal evaluations the asynchronous
search then lags: on Branin with 32 workers and 48 evaluations (1.5 rounds;
``benchmarks/bench_async.py``) its median regret over 10 seeds was 0.21 against 0.0013
for batches of 32, and 16 proposals knowing 16, 24 or 32 of the first round's results
ended at 0.27, 0.020 and 0.00092 -- the gap is the results not yet arrived, not the
handling of pending points. It finishes sooner (0.68 against 0.97 simulated seconds),
and by the time the batches finish it has made about 90 evaluations. With a budget of
four rounds (128 evaluations on 32 workers) both end below 1e-6 on most seeds.

:func:`hpt_helpers.search.bayesian_search` uses this loop when ``n_jobs`` gives more than
one worker and ``batch_size`` is 1; failures, Ctrl-C, callbacks and checkpoints behave as
in the sequential search (see :func:`run_async`).
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from typing import Any

from hpt_helpers.optimizer import BayesianOptimizer

__all__ = ["SimulatedPool", "n_workers", "run_async"]

_POLL = 0.1  # seconds between checks for Ctrl-C while waiting for a worker


def n_workers(n_jobs: int) -> int:
    """Number of workers ``n_jobs`` gives with joblib's active backend.

    ``-1`` means every core (or every Dask worker thread under ``backend="dask"``).

    Examples
    --------
    >>> n_workers(1), n_workers(3)
    (1, 3)
    """
    from joblib import effective_n_jobs

    return int(effective_n_jobs(n_jobs))


class _Pool:
    """One evaluation at a time on joblib's active backend; completions arrive in a queue.

    The workers are joblib's own: under the default loky backend, the process pool a
    ``Parallel(n_jobs=workers)`` call uses (so warm workers are reused, and joblib's
    later calls find their executor intact); under ``backend="dask"`` the backend's
    ``distributed.Client``; under ``backend="threading"`` a thread pool.
    """

    def __init__(self, workers: int) -> None:
        from joblib import Parallel

        self.done: queue.Queue = queue.Queue()
        self.futures: dict[int, Any] = {}
        self._parallel = Parallel(n_jobs=workers)
        self._parallel.__enter__()
        backend = self._parallel._backend
        name = type(backend).__name__
        self._close: Callable[[], None] = lambda: None
        if name == "DaskDistributedBackend":
            client = backend.client
            self._submit = lambda fn, *args: client.submit(fn, *args, pure=False)
            self.kind = "dask"
        elif name == "LokyBackend" and getattr(backend, "_workers", None) is not None:
            self._submit = backend._workers.submit
            self.kind = "processes"
        else:
            from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

            threads = name == "ThreadingBackend"
            executor = (ThreadPoolExecutor if threads else ProcessPoolExecutor)(workers)
            self._submit = executor.submit
            self._close = lambda: executor.shutdown(wait=False, cancel_futures=True)
            self.kind = "threads" if threads else "processes"

    def submit(self, ticket: int, fn: Callable, *args: Any) -> None:
        future = self._submit(fn, *args)
        self.futures[ticket] = future
        future.add_done_callback(lambda f, t=ticket: self.done.put(t))

    def next_done(self) -> tuple[int, Any]:
        """Block until an evaluation finishes; its ticket and its result."""
        while True:
            try:
                ticket = self.done.get(timeout=_POLL)
            except queue.Empty:
                continue
            return ticket, self.futures.pop(ticket).result()

    def cancel(self) -> None:
        """Cancel what has not started and release the workers (running ones finish)."""
        for future in self.futures.values():
            future.cancel()
        self.futures.clear()
        self._close()
        self._parallel.__exit__(None, None, None)


class SimulatedPool:
    """Workers on a simulated clock: a discrete-event driver of the asynchronous loop.

    ``submit`` evaluates at once (no sleeping) and schedules the completion at
    ``clock + duration(params)``; ``next_done`` returns the earliest completion (ties:
    the earlier submission) and moves the clock there. Proposals take no simulated time
    unless ``propose_seconds`` says otherwise. Used to study many workers on one core,
    and in tests to fix the completion order.

    Parameters
    ----------
    duration : callable
        ``duration(params) -> seconds`` of one evaluation.
    propose_seconds : float, default 0.0
        Simulated time each proposal costs (the clock advances by it at each submit).

    Attributes
    ----------
    clock : float
        Simulated time now.
    timeline : list of dict
        One entry per finished evaluation: ``ticket``, ``params``, ``start``, ``end``.

    Examples
    --------
    >>> pool = SimulatedPool(lambda p: p["x"])          # x seconds at point x
    >>> def square(objective, p): return p["x"] ** 2
    >>> pool.submit(0, square, None, {"x": 2.0})
    >>> pool.submit(1, square, None, {"x": 1.0})
    >>> pool.next_done(), pool.clock                       # ticket 1 finishes first
    ((1, 1.0), 1.0)
    """

    kind = "simulated"

    def __init__(self, duration: Callable[[dict], float], *,
                 propose_seconds: float = 0.0) -> None:
        self.duration = duration
        self.propose_seconds = float(propose_seconds)
        self.clock = 0.0
        self.timeline: list[dict] = []
        self._running: dict[int, tuple[float, float, dict, Any]] = {}

    def submit(self, ticket: int, fn: Callable, *args: Any) -> None:
        self.clock += self.propose_seconds
        params = args[-1]
        result = fn(*args)
        end = self.clock + float(self.duration(params))
        self._running[ticket] = (self.clock, end, dict(params), result)

    def next_done(self) -> tuple[int, Any]:
        ticket = min(self._running, key=lambda t: (self._running[t][1], t))
        start, end, params, result = self._running.pop(ticket)
        # a completion during a proposal is handled when the proposal is done
        self.clock = max(self.clock, end)
        self.timeline.append({"ticket": ticket, "params": params, "start": start,
                              "end": end})
        return ticket, result

    def cancel(self) -> None:
        self._running.clear()


def run_async(opt: BayesianOptimizer, objective: Callable, n_calls: int, workers: int, *,
              evaluate: Callable, record: Callable[..., bool],
              loss: Callable[[float], float] = float, n_done: int = 0,
              on_wait: Callable[[float], None] | None = None,
              pool: Any = None) -> bool:
    """Keep ``workers`` evaluations running until ``n_calls`` are recorded.

    Parameters
    ----------
    opt : BayesianOptimizer
        Asked for each new point with the running ones as pending; told each result.
    objective : callable
        Passed to ``evaluate``.
    n_calls : int
        Total evaluations, the ``n_done`` already told included.
    workers : int
        Evaluations kept running at once.
    evaluate : callable
        ``evaluate(objective, params) -> (value, error, seconds)``, never raising (it runs
        on the workers).
    record : callable
        ``record(params, value, error, seconds, extra) -> bool`` keeps a finished
        evaluation (checkpoint, progress, callback); True stops the search. ``extra``
        holds the surrogate's hyperparameters at that number of observations
        (``{"theta": [...]}``), for checkpoints.
    loss : callable, default float
        Turns a value into the optimizer's minimisation sign.
    n_done : int, default 0
        Evaluations already told to ``opt`` (resumed from a checkpoint).
    on_wait : callable, optional
        Called with the seconds spent waiting for each completion.
    pool : optional
        Where evaluations run; default: joblib's active backend. A
        :class:`SimulatedPool` runs them on a simulated clock.

    Returns
    -------
    bool
        True if interrupted by Ctrl-C (KeyboardInterrupt): the evaluations finished so
        far are kept (recorded and told), the running ones are dropped.

    Notes
    -----
    A failed evaluation is recorded (NaN, error text) and told as a failure, as in the
    sequential search. The running points are not recorded, so a search resumed from a
    checkpoint proposes afresh from the recorded evaluations, with no pending points.

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> opt = BayesianOptimizer({"x": Real(0, 1)}, n_initial_points=3, random_state=0)
    >>> pool = SimulatedPool(lambda p: 0.1 + p["x"])          # larger x, slower
    >>> def evaluate(objective, p): return objective(**p), None, 0.0
    >>> kept = []
    >>> run_async(opt, lambda x: (x - 0.3) ** 2, 8, 2, evaluate=evaluate, pool=pool,
    ...           record=lambda p, v, e, s, extra: kept.append(v) and False)
    False
    >>> len(kept), opt.n_told, len(pool.timeline)
    (8, 8, 8)
    """
    pool = _Pool(workers) if pool is None else pool
    running: dict[int, dict] = {}
    proposed = n_done
    ticket = 0
    stopped = False

    def fill() -> None:
        nonlocal proposed, ticket
        while len(running) < workers and proposed < n_calls:
            [point] = opt.ask(pending=list(running.values()))
            running[ticket] = point
            pool.submit(ticket, evaluate, objective, point)
            ticket += 1
            proposed += 1

    try:
        fill()
        while running and not stopped:
            t0 = time.perf_counter()
            done, (value, error, seconds) = pool.next_done()
            if on_wait is not None:
                on_wait(time.perf_counter() - t0)
            point = running.pop(done)
            theta = opt.theta_history.get(opt.n_told)
            extra = {} if theta is None else {"theta": [float(t) for t in theta]}
            stopped = bool(record(point, value, error, seconds, extra))
            opt.tell(point, loss(value))
            if not stopped:
                fill()
    except KeyboardInterrupt:
        pool.cancel()
        return True
    pool.cancel()
    return False
