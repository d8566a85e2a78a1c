"""The benchmark's core runs end to end on a tiny setting and formats its table."""

import importlib.util
from pathlib import Path

from hpt_helpers.testfunctions import BRANIN, FORRESTER

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_search.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_search", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_core_on_a_tiny_setting():
    bench = _load()
    methods = ["bayesian", "random"] + (["skopt"] if bench.skopt_available() else [])
    # 10 calls: skopt needs at least its 10 initial points
    rows = bench.run_benchmark(problems=[(FORRESTER, 10), (BRANIN, 10)], seeds=[0],
                               methods=methods)
    assert [(r["problem"], r["method"]) for r in rows] == [
        (p, m) for p in ("forrester", "branin") for m in methods]
    for r in rows:
        assert r["median_regret"] >= 0 and r["median_overhead_ms"] >= 0
        assert len(r["regrets"]) == len(r["overheads_ms"]) == 1
    table = bench.format_table(rows)
    assert table.splitlines()[0].startswith("| problem | calls | method | median regret")
    assert len(table.splitlines()) == 2 + len(rows)
    if "skopt" in methods:
        bayes_row = next(line for line in table.splitlines() if "| bayesian |" in line)
        assert bayes_row.split("|")[5].strip() != "-"  # a regret ratio to skopt


def test_benchmark_command_line_parses_quick(monkeypatch, capsys):
    bench = _load()
    seen = {}

    def fake_run(seeds, blas_threads, verbose):
        seen.update(seeds=list(seeds), blas_threads=blas_threads)
        return [{"problem": "forrester", "n_calls": 15, "method": "bayesian",
                 "median_regret": 0.1, "median_overhead_ms": 2.0, "regrets": [0.1],
                 "overheads_ms": [2.0]}]

    monkeypatch.setattr(bench, "run_benchmark", fake_run)
    bench.main(["--quick"])
    assert seen == {"seeds": [0, 1, 2], "blas_threads": 1}
    assert "| forrester | 15 | bayesian |" in capsys.readouterr().out
