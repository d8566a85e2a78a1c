"""Execute every notebook top to bottom and print how long each one takes.

Usage::

    python benchmarks/time_notebooks.py [NOTEBOOK ...] [--limit 60] [--one-core] [--cells N]

Each notebook runs in a fresh kernel (like "Restart and run all"). The script prints
one line per notebook and the total, flags notebooks over the limit, and exits 1 if any
notebook failed. It is a benchmark that prints figures, not a timed test.

With ``--one-core`` the script first pins itself to one CPU (``os.sched_setaffinity``,
as ``taskset -c 0`` would) and sets ``OMP_NUM_THREADS``/``OPENBLAS_NUM_THREADS`` to 1, so
every kernel it starts, and every joblib or Dask worker that kernel starts, inherits one
core and one BLAS thread: a stand-in for a one-core machine (or a Binder session).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from cpu_affinity import cores_in_use, pin_one_core
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path, timeout: int = 600) -> tuple[float, list[tuple[float, int, str]]]:
    """Seconds for the whole notebook, and (seconds, index, first line) for each code cell."""
    nb = nbformat.read(path, as_version=4)
    cells: list[tuple[float, int, str]] = []
    started: dict[int, float] = {}

    def on_start(cell, cell_index, **kwargs):
        started[cell_index] = time.perf_counter()

    def on_complete(cell, cell_index, **kwargs):
        first = next((line for line in cell.source.splitlines()
                      if line.strip() and not line.startswith("# NBVAL")), "")
        cells.append((time.perf_counter() - started[cell_index], cell_index, first[:60]))

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            on_cell_start=on_start, on_cell_executed=on_complete)
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start, cells


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per notebook")
    parser.add_argument("--cells", type=int, default=0, metavar="N",
                        help="also print each notebook's N slowest cells")
    parser.add_argument("--one-core", action="store_true",
                        help="pin the kernels (and their workers) to one CPU, one BLAS thread")
    args = parser.parse_args(argv)
    if args.one_core:
        pin_one_core()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"{cores_in_use()} of {os.cpu_count()} CPU cores in use"
          f"{' (one-core mode)' if args.one_core else ''}; load average before "
          f"{os.getloadavg()[0]:.2f}; limit {args.limit:.0f} s per notebook")
    total, failed = 0.0, []
    for path in paths:
        try:
            seconds, cells = run(path)
        except Exception as exc:  # report and go on with the others
            failed.append(path.name)
            print(f"{path.name:<48} FAILED: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        total += seconds
        flag = "  OVER LIMIT" if seconds > args.limit else ""
        print(f"{path.name:<48} {seconds:6.1f} s{flag}", flush=True)
        for cell_seconds, index, first in sorted(cells, reverse=True)[:args.cells]:
            print(f"    cell {index:>3} {cell_seconds:6.1f} s  {first}", flush=True)
    print(f"{'total':<48} {total:6.1f} s; load average after {os.getloadavg()[0]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
