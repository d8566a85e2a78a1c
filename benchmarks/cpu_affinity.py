"""Which cores a benchmark uses: shared by the scripts that have a ``--one-core`` mode."""

from __future__ import annotations

import os


def pin_one_core(cpu: int = 0) -> None:
    """Make this process and every child (kernels, their workers) use one core."""
    if not hasattr(os, "sched_setaffinity"):
        raise SystemExit("--one-core needs os.sched_setaffinity (Linux); run the script "
                         "under `taskset -c 0` or `start /affinity 1` instead")
    os.sched_setaffinity(0, {cpu})
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"


def cores_in_use() -> int:
    """How many cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
