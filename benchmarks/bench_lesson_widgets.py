"""Kernel-side speed of every widget in the course's lessons.

Each notebook runs top to bottom in a fresh kernel (as "Restart and run all" would); then
one more cell, run in the same kernel, finds every explorer the lesson built
(:class:`hpt_helpers.widgets.live.Explorer`) and moves each of its controls a few steps
(the next values of a slider, the next options of a dropdown), reading
``Explorer.last_step_ms`` after every move: the kernel's compute plus redraw for one step
(and ``LiveFigure.last_render_ms``, the drawing and PNG encoding part of it).
The controls are put back afterwards. Target: median under 100 ms per explorer.

Usage::

    python benchmarks/bench_lesson_widgets.py                 # every lesson
    python benchmarks/bench_lesson_widgets.py 03 08 --moves 5
    python benchmarks/bench_lesson_widgets.py --one-core      # budget: 150 ms

Browser-side latency (slider to new picture) is measured by ``bench_browser.py``. This is a
benchmark that prints figures, not a timed test.

With ``--one-core`` the script first pins itself to one CPU (``os.sched_setaffinity``,
as ``taskset -c 0`` would) and sets ``OMP_NUM_THREADS``/``OPENBLAS_NUM_THREADS`` to 1, so
every kernel it starts, and every joblib or Dask worker that kernel starts, inherits one
core and one BLAS thread: a stand-in for a one-core machine (or a Binder session).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from statistics import median

import nbformat
from cpu_affinity import cores_in_use, pin_one_core
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


PROBE = r'''
import gc as _gc, json as _json
import ipywidgets as _w
from hpt_helpers.widgets.live import Explorer as _Explorer

def _next_values(control, moves):
    """The values a learner reaches by pressing 'right' up to ``moves`` times."""
    if hasattr(control, "options") and control.options:
        labels = [o[1] if isinstance(o, tuple) else o for o in control.options]
        start = labels.index(control.value) if control.value in labels else 0
        return [labels[(start + i) % len(labels)] for i in range(1, moves + 1)]
    if isinstance(control, (_w.IntSlider, _w.FloatSlider, _w.FloatLogSlider, _w.BoundedIntText,
                            _w.BoundedFloatText, _w.IntText, _w.FloatText)):
        step = getattr(control, "step", 1) or 1
        if isinstance(control, _w.FloatLogSlider):
            vals = [control.value * control.base ** (step * i) for i in range(1, moves + 1)]
        else:
            vals = [control.value + step * i for i in range(1, moves + 1)]
        hi = getattr(control, "max", None)
        if hi is not None and vals and vals[-1] > hi:  # walk left instead
            vals = [control.value - (v - control.value) for v in vals]
        return vals
    if isinstance(control, (_w.Checkbox, _w.ToggleButton)):
        return [not control.value, control.value][:moves]
    return []

_report = []
for _ex in [o for o in _gc.get_objects() if isinstance(o, _Explorer)]:
    _steps = {}
    for _name, _c in _ex.controls.items():
        _start = _c.value
        _ms = []
        for _v in _next_values(_c, MOVES):
            try:
                _c.value = _v
            except Exception:
                break
            _ms.append([_ex.last_step_ms, _ex.live.last_render_ms])
        try:
            _c.value = _start
        except Exception:
            pass
        if _ms:
            _steps[_name] = _ms
    _report.append({"steps": _steps})
print("BENCH-JSON " + _json.dumps(_report))
'''


def bench_notebook(path: Path, moves: int) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"MOVES = {moves}\n" + PROBE))
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for out in nb.cells[-1].outputs:
        for line in out.get("text", "").splitlines():
            if line.startswith("BENCH-JSON "):
                return json.loads(line[len("BENCH-JSON "):])
    raise RuntimeError(f"{path.name}: the probe cell printed no report")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    parser.add_argument("--moves", type=int, default=4, help="moves per control")
    parser.add_argument("--one-core", action="store_true",
                        help="pin the kernels to one CPU and one BLAS thread (budget 150 ms)")
    args = parser.parse_args(argv)
    if args.one_core:
        pin_one_core()
    budget = 150 if args.one_core else 100
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.lessons:
        paths = [p for p in paths if p.name[:2] in {n.zfill(2) for n in args.lessons}]
    print(f"{cores_in_use()} of {os.cpu_count()} CPU cores in use"
          f"{' (one-core mode)' if args.one_core else ''}; load average before "
          f"{os.getloadavg()[0]:.2f}; {args.moves} moves per control; budget {budget} ms")
    worst = []
    for path in paths:
        for i, explorer in enumerate(bench_notebook(path, args.moves)):
            every = [step for steps in explorer["steps"].values() for step, _ in steps]
            if not every:
                continue
            render = [r for steps in explorer["steps"].values() for _, r in steps]
            worst.append(median(every))
            per_control = ", ".join(f"{name} {median([s for s, _ in ms]):.0f}"
                                    for name, ms in explorer["steps"].items())
            over = "  OVER BUDGET" if median(every) > budget else ""
            print(f"{path.name[:2]} explorer {i + 1}: median {median(every):6.1f} ms "
                  f"(of which drawing {median(render):5.1f}), max {max(every):6.1f} ms over "
                  f"{len(every)} moves  ({per_control}){over}", flush=True)
    print(f"load average after {os.getloadavg()[0]:.2f}")
    if worst:
        print(f"explorers: {len(worst)}; the slowest explorer's median step: "
              f"{max(worst):.1f} ms (target < {budget} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
