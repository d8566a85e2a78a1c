"""Execute every notebook top to bottom and print how long each one takes.

Usage::

    python benchmarks/time_notebooks.py [NOTEBOOK ...] [--limit 60]

Each notebook runs in a fresh kernel (like "Restart and run all"). The script prints
one line per notebook and the total, flags notebooks over the limit, and exits 1 if any
notebook failed. It is a benchmark that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per notebook")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"{os.cpu_count()} CPU cores; limit {args.limit:.0f} s per notebook")
    total, failed = 0.0, []
    for path in paths:
        try:
            seconds = run(path)
        except Exception as exc:  # report and go on with the others
            failed.append(path.name)
            print(f"{path.name:<48} FAILED: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        total += seconds
        flag = "  OVER LIMIT" if seconds > args.limit else ""
        print(f"{path.name:<48} {seconds:6.1f} s{flag}", flush=True)
    print(f"{'total':<48} {total:6.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
