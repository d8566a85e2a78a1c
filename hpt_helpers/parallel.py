"""Running searches on a Dask cluster: one context manager for the client.

Every search of :mod:`hpt_helpers` (``grid_search``, ``random_search``,
``bayesian_search`` and :class:`~hpt_helpers.sklearn_search.BayesSearchCV`) evaluates
through :class:`joblib.Parallel` without forcing a backend. So the same code runs on a
Dask cluster once a ``distributed.Client`` exists and joblib is told to use it::

    import joblib
    from hpt_helpers.parallel import dask_client

    with dask_client() as client:                       # a LocalCluster on this machine
        with joblib.parallel_config(backend="dask"):
            result = random_search(objective, space, 40, n_jobs=-1, random_state=0)

To use a real cluster, give the scheduler's address, either as an argument
(``dask_client("tcp://10.0.0.5:8786")``) or in the environment variable
``HPT_DASK_SCHEDULER`` (then the notebook's code does not change at all). Nothing else
changes: same results for the same ``random_state``. Code that must work in both cases
reads the cluster through :func:`cluster_summary`, never through ``client.cluster``
(which is ``None`` for a cluster this process did not start).

Dask is an optional dependency: ``pip install -e ".[parallel]"`` (or
``pip install "hpt-helpers[parallel]"``). It is imported only when a client is asked
for.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from hpt_helpers.validation import check_int, check_number

__all__ = ["SCHEDULER_ENV", "amdahl_speedup", "cluster_summary", "dask_client",
           "require_distributed", "scheduler_address"]

#: Environment variable holding the address of a running Dask scheduler.
SCHEDULER_ENV = "HPT_DASK_SCHEDULER"

_INSTALL_HINT = ('Dask is not installed. It is an optional dependency of hpt-helpers: run '
                 '`pip install -e ".[parallel]"` in the course folder (or '
                 '`pip install "dask[distributed]"`), then restart the kernel.')


def require_distributed():
    """Import and return :mod:`distributed`, or explain how to install it.

    Raises
    ------
    ImportError
        If ``dask.distributed`` is not installed, with the command that installs it.

    Examples
    --------
    >>> require_distributed().__name__
    'distributed'
    """
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc
    return distributed


def scheduler_address(address: str | None = None) -> str | None:
    """The scheduler address to connect to: ``address``, else ``$HPT_DASK_SCHEDULER``.

    Returns ``None`` when neither is set (meaning: start a local cluster). Empty strings
    count as unset.

    Parameters
    ----------
    address : str, optional
        E.g. ``"tcp://10.0.0.5:8786"``.

    Examples
    --------
    >>> scheduler_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> saved = os.environ.pop(SCHEDULER_ENV, None)
    >>> scheduler_address() is None  # neither set: start a local cluster
    True
    >>> os.environ[SCHEDULER_ENV] = "tcp://10.0.0.7:8786"
    >>> scheduler_address()
    'tcp://10.0.0.7:8786'
    >>> _ = os.environ.pop(SCHEDULER_ENV) if saved is None else os.environ.update(
    ...     {SCHEDULER_ENV: saved})
    """
    if address is not None and not isinstance(address, str):
        raise TypeError(f"address must be None or a scheduler address such as "
                        f"'tcp://10.0.0.5:8786'; got {address!r} of type "
                        f"{type(address).__name__}.")
    if address:
        return address
    return os.environ.get(SCHEDULER_ENV) or None


@contextmanager
def dask_client(address: str | None = None, *, n_workers: int = 2,
                threads_per_worker: int = 1, dashboard: bool | str = False,
                processes: bool = True, silence_logs: int = logging.ERROR,
                timeout: float = 30, **cluster_kwargs: Any) -> Iterator[Any]:
    """A ``distributed.Client``, closed (with its local cluster, if any) on exit.

    With a scheduler address (``address``, or else the environment variable
    ``HPT_DASK_SCHEDULER``) the client connects to that cluster, waits until it has at
    least one worker, and leaves it running on exit (``client.cluster`` is then None:
    use :func:`cluster_summary` to describe either kind). Otherwise a ``LocalCluster``
    is started on 127.0.0.1 with ``n_workers`` worker processes of
    ``threads_per_worker`` threads each, and both the client and the cluster are closed
    on exit, even after an error.

    Parameters
    ----------
    address : str, optional
        Address of a running scheduler, e.g. ``"tcp://10.0.0.5:8786"``.
    n_workers : int, default 2
        Worker processes of the local cluster (ignored with an address).
    threads_per_worker : int, default 1
        Threads per local worker. One thread per process suits scikit-learn fits,
        which hold the GIL in places.
    dashboard : bool or str, default False
        The local cluster serves no dashboard unless asked: ``True`` serves it on
        ``127.0.0.1:8787`` (or the next free port), a string gives the address.
    processes : bool, default True
        Workers as processes (``False``: threads of this process, talking in-process
        rather than over TCP; starts faster).
    silence_logs : int, default logging.ERROR
        Log level of the local cluster's messages.
    timeout : float, default 30
        Seconds to wait for an external scheduler to answer and to have a worker.
    **cluster_kwargs
        More keyword arguments for ``distributed.LocalCluster``.

    Yields
    ------
    distributed.Client

    Raises
    ------
    ImportError
        If Dask is not installed (with the command that installs it).
    OSError
        If the external scheduler cannot be reached within ``timeout``, naming it.
    TimeoutError
        If the external scheduler has no worker within ``timeout``.

    Examples
    --------
    >>> import joblib
    >>> with dask_client(n_workers=1, processes=False) as client:
    ...     with joblib.parallel_config(backend="dask"):
    ...         squares = joblib.Parallel()(joblib.delayed(pow)(i, 2) for i in range(4))
    >>> squares, client.status
    ([0, 1, 4, 9], 'closed')
    """
    address = scheduler_address(address)
    n_workers = check_int("n_workers", n_workers, low=1)
    threads_per_worker = check_int("threads_per_worker", threads_per_worker, low=1)
    if not isinstance(dashboard, (bool, str)):
        raise TypeError(f"dashboard must be True, False or an address such as "
                        f"'127.0.0.1:8787'; got {dashboard!r}.")
    timeout = check_number("timeout", timeout, low=0)
    distributed = require_distributed()
    if address is not None:
        try:
            client = distributed.Client(address, timeout=timeout)
        except OSError as exc:
            raise OSError(f"No Dask scheduler answered at {address!r} within {timeout} s "
                          f"(from {SCHEDULER_ENV} or the address argument). Start one "
                          "with `dask scheduler`, or unset the variable to use a local "
                          f"cluster. ({exc})") from exc
        try:
            try:
                client.wait_for_workers(1, timeout=timeout)
            except (TimeoutError, asyncio.TimeoutError, OSError) as exc:  # distinct on 3.10
                raise TimeoutError(f"The Dask scheduler at {address!r} has no worker after "
                                   f"{timeout} s: start some with `dask worker {address}`."
                                   ) from exc
            yield client
        finally:
            client.close()
        return
    if dashboard is False:
        # No dashboard; the scheduler's small HTTP endpoint (health, metrics) gets a
        # free port on 127.0.0.1 instead of 8787, so two clusters never clash.
        dash = {"dashboard_address": None,
                "scheduler_kwargs": {"dashboard": False,
                                     "dashboard_address": "127.0.0.1:0"}}
    else:
        dash = {"dashboard_address": "127.0.0.1:8787" if dashboard is True else dashboard}
    options = {"n_workers": n_workers, "threads_per_worker": threads_per_worker,
               "processes": processes, "silence_logs": silence_logs, **dash}
    if processes:
        # Listen on the loopback interface only (thread workers talk in-process).
        options["host"] = "127.0.0.1"
    options.update(cluster_kwargs)
    cluster = distributed.LocalCluster(**options)
    try:
        client = distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def cluster_summary(client: Any) -> dict:
    """What a client is connected to, the same way for a local and an external cluster.

    Parameters
    ----------
    client : distributed.Client

    Returns
    -------
    dict
        ``scheduler`` (address), ``workers`` (sorted worker addresses), ``threads``
        (total worker threads) and ``local`` (True for a ``LocalCluster`` this process
        started and will close; False for a cluster it only connected to).

    Examples
    --------
    >>> with dask_client(n_workers=2, processes=False) as client:
    ...     summary = cluster_summary(client)
    >>> len(summary["workers"]), summary["threads"], summary["local"]
    (2, 2, True)
    """
    info = client.scheduler_info()
    workers = info.get("workers", {})
    return {"scheduler": client.scheduler.address,
            "workers": sorted(workers),
            "threads": int(sum(w.get("nthreads", 0) for w in workers.values())),
            "local": client.cluster is not None}


def amdahl_speedup(workers: Any, serial_fraction: float) -> np.ndarray:
    """Amdahl's law: the speed-up of ``workers`` workers when a fraction stays serial.

    If a run takes time ``T`` on one worker and a fraction ``s`` of it cannot be shared
    (proposing the next candidates, gathering results), ``w`` workers take at best
    ``T * (s + (1 - s) / w)``, a speed-up of ``1 / (s + (1 - s) / w)``. However many
    workers there are, the speed-up stays below ``1 / s``.

    Parameters
    ----------
    workers : int or array of int
        Number of workers (>= 1).
    serial_fraction : float
        Fraction of the one-worker run that cannot run in parallel, in ``[0, 1]``.

    Returns
    -------
    ndarray
        The speed-up for each number of workers.

    Examples
    --------
    >>> amdahl_speedup([1, 2, 8], 0.1).round(2)
    array([1.  , 1.82, 4.71])
    >>> float(amdahl_speedup(10**6, 0.1).round(2))  # never above 1 / 0.1
    10.0
    """
    s = check_number("serial_fraction", serial_fraction, low=0, high=1)
    w = np.asarray(workers, dtype=float)
    if w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 1):
        raise ValueError(f"workers must be numbers >= 1; got {workers!r}.")
    return 1.0 / (s + (1.0 - s) / w)
