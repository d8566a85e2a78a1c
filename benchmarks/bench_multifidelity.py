"""Synchronous successive halving vs ASHA on 2 workers: utilisation and wall-clock.

Each evaluation sleeps ``--ms`` milliseconds per unit of budget (durations proportional to
the epochs, as on the lesson 11 benchmark), on joblib's threading backend with 2 workers.
Both methods get the compute of one successive-halving run (81 configurations, budgets 1
to 81, eta 3: 405 units); ASHA stops starting work when it is spent. Prints, per
repetition and as medians, the utilisation until each search starts its last evaluation,
over the whole run, the wall-clock seconds and the ratio sync / ASHA.

Usage::

    python benchmarks/bench_multifidelity.py --repeats 5 --ms 3

A benchmark that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import time
from statistics import median

import joblib

from hpt_helpers.multifidelity import asha, successive_halving
from hpt_helpers.space import Real


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--ms", type=float, default=3.0)
    args = parser.parse_args(argv)
    space = {"x": Real(0, 1), "y": Real(0, 1)}

    def f(x, y, budget):
        time.sleep(args.ms / 1000 * budget)
        return (x - 0.3) ** 2 + (y - 0.6) ** 2 + 1 / budget

    rows = []
    for rep in range(args.repeats):
        with joblib.parallel_config(backend="threading"):
            sync = successive_halving(f, space, min_budget=1, max_budget=81, n_jobs=2,
                                      random_state=rep)
            a = asha(f, space, min_budget=1, max_budget=81, n_jobs=2,
                     max_cost=float(sync.cost[-1]), random_state=rep)
        row = (sync.utilisation(sync.starts.max()), a.utilisation(a.starts.max()),
               sync.utilisation(), a.utilisation(), sync.wall_seconds, a.wall_seconds)
        rows.append(row)
        print(f"rep {rep}: utilisation to last start sync {row[0]:.2f} asha {row[1]:.2f}; "
              f"whole run sync {row[2]:.2f} asha {row[3]:.2f}; wall sync {row[4]:.2f} s "
              f"asha {row[5]:.2f} s (ratio {row[4] / row[5]:.2f})")
    med = [median(r[i] for r in rows) for i in range(6)]
    print(f"median: utilisation to last start sync {med[0]:.2f} asha {med[1]:.2f}; whole "
          f"run sync {med[2]:.2f} asha {med[3]:.2f}; wall ratio sync/asha "
          f"{median(r[4] / r[5] for r in rows):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
