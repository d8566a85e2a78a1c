"""The tabular benchmark, checked data loading and the data build script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hpt_helpers.data import DataIntegrityError, data_dir, load_table, record_checksum
from hpt_helpers.space import Real, Space
from hpt_helpers.tabular import TabularBenchmark, svc_digits

ROOT = Path(__file__).resolve().parents[2]


def test_every_data_file_matches_its_checksum_and_has_a_script():
    manifest = json.loads((data_dir() / "checksums.json").read_text())
    assert manifest, "data/checksums.json lists no file"
    for name, entry in manifest.items():
        assert (ROOT / entry["script"]).exists(), f"{name}: script {entry['script']} missing"
        assert name in (data_dir() / "README.md").read_text(), f"{name} not in data/README.md"
        if name.endswith(".csv"):
            assert len(load_table(name)) > 0


def test_svc_digits_snaps_to_the_nearest_log_grid_point():
    bench = svc_digits()
    table = bench.table
    row = table.iloc[137]
    # a point a little off the grid point, in log space, snaps back to it
    value = bench.objective(C=row.C * 1.05, gamma=row.gamma / 1.05)
    assert value == pytest.approx(1 - row.mean_test_score)
    assert bench.calls == 1
    assert bench.cost_spent == pytest.approx(3 * row.mean_fit_time)
    assert bench.minimum == pytest.approx(1 - table.mean_test_score.max())
    assert bench.regret(bench.objective(**bench.argmin)) == 0.0
    bench.reset()
    assert bench.calls == 0 and bench.cost_spent == 0.0


def test_tabular_benchmark_rejects_missing_columns():
    table = pd.DataFrame({"C": [1.0], "acc": [0.9]})
    with pytest.raises(ValueError, match=r"table must have columns \['gamma'\]"):
        TabularBenchmark(table, Space({"C": Real(0.1, 10), "gamma": Real(0.1, 1)}),
                         score="acc")


@pytest.fixture
def data_copy(tmp_path):
    shutil.copy(data_dir() / "svc_digits_grid.csv", tmp_path / "svc_digits_grid.csv")
    shutil.copy(data_dir() / "checksums.json", tmp_path / "checksums.json")
    return tmp_path


def test_truncated_file_gives_a_clear_error(data_copy):
    path = data_copy / "svc_digits_grid.csv"
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(DataIntegrityError, match="corrupted or truncated.*git checkout"):
        load_table("svc_digits_grid.csv", folder=data_copy)


def test_edited_value_is_caught(data_copy):
    path = data_copy / "svc_digits_grid.csv"
    text = path.read_text()
    path.write_text(text.replace("0.98", "0.99", 1))
    with pytest.raises(DataIntegrityError):
        load_table("svc_digits_grid.csv", folder=data_copy)


def test_missing_and_unlisted_files(data_copy):
    (data_copy / "svc_digits_grid.csv").unlink()
    with pytest.raises(FileNotFoundError, match="build_svc_digits_grid.py"):
        load_table("svc_digits_grid.csv", folder=data_copy)
    with pytest.raises(ValueError, match="name must be a file listed in"):
        load_table("nope.csv", folder=data_copy)


def test_record_checksum_round_trip(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"a": [1, 2]}).to_csv(path, index=False)
    record_checksum(path, "data/make_t.py", "test table")
    assert list(load_table("t.csv", folder=tmp_path)["a"]) == [1, 2]


def test_build_script_runs_on_a_small_setting(tmp_path):
    out = tmp_path / "small.csv"
    subprocess.run([sys.executable, str(ROOT / "data" / "build_svc_digits_grid.py"),
                    "--n-c", "2", "--n-gamma", "2", "--folds", "2", "--out", str(out)],
                   check=True, capture_output=True, timeout=120)
    table = pd.read_csv(out)
    assert list(table.columns) == ["C", "gamma", "mean_test_score", "std_test_score",
                                   "mean_fit_time"]
    assert len(table) == 4 and table.mean_test_score.between(0, 1).all()
    # the grid's corners are the documented ranges
    np.testing.assert_allclose(sorted(set(table.C)), [1e-3, 1e3])
    # same seed -> the stored table's scores at those corners
    full = load_table("svc_digits_grid.csv")
    assert set(np.round(table.gamma, 8)) <= set(np.round(full.gamma, 8))
