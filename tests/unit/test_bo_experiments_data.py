"""Lesson 08's stored experiments: the build script runs; the file holds what the lesson reads."""

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hpt_helpers.data import load_table


def _build_module():
    path = Path(__file__).resolve().parents[2] / "data" / "build_bo_experiments.py"
    spec = importlib.util.spec_from_file_location("build_bo_experiments", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tiny_build_and_merge(tmp_path):
    build = _build_module()
    a, b, out = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "all.csv"
    build.main(["--only", "kappa", "--seeds", "1", "--out", str(a)])
    build.main(["--only", "kappa", "--first-seed", "1", "--seeds", "2", "--out", str(b)])
    build.main(["--merge", str(b), str(a), "--out", str(out)])
    table = pd.read_csv(out, dtype={"setting": str})
    assert list(table.columns) == build.COLUMNS
    assert sorted(table.seed.unique()) == [0, 1]
    assert set(table.setting) == {"0.1", "1.96", "10.0"}
    for _, run in table.groupby(["setting", "seed"]):
        assert len(run) == 10 and np.all(np.diff(run.value.to_numpy()) <= 0)   # best so far
    assert not (tmp_path / "checksums.json").exists()
    with pytest.raises(ValueError, match="only"):
        build.build(1, ["bogus"])


def test_stored_file_has_20_seeds_of_every_experiment():
    table = load_table("bo_experiments.csv")
    table["setting"] = table["setting"].astype(str)
    counts = table.groupby(["experiment", "setting", "measure"]).seed.nunique()
    assert (counts == 20).all(), counts[counts != 20]
    assert set(table.experiment) == {"design", "kappa", "budget", "noise", "svc"}


def test_stored_initial_design_reproduces():
    """The design is pure random numbers: a rerun matches it to the last digits."""
    build = _build_module()
    table = load_table("bo_experiments.csv")
    table["setting"] = table["setting"].astype(str)
    stored = table[(table.experiment == "kappa") & (table.setting == "1.96")
                   & (table.seed == 2)].sort_values("evaluation").value.to_numpy()
    live = [f for f in build.kappa_runs(2) if f.setting.iloc[0] == "1.96"][0].value.to_numpy()
    np.testing.assert_allclose(live[:3], stored[:3], rtol=1e-12, atol=0)
