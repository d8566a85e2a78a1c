"""Checkpoints: durable JSONL records, resume without re-evaluating, interrupted runs."""

import json
import math

import numpy as np
import pytest

from hpt_helpers.checkpoint import Checkpoint
from hpt_helpers.search import bayesian_search, grid_search, random_search
from hpt_helpers.space import Categorical, Integer, Real, Space

SPACE = {"x": Real(-2.0, 2.0), "n": Integer(1, 4), "k": Categorical(["a", "b", None])}


class Counting:
    """An objective that counts its calls and can simulate Ctrl-C at a given call."""

    def __init__(self, interrupt_at=None, fail_when=None):
        self.calls = []
        self.interrupt_at = interrupt_at
        self.fail_when = fail_when

    def __call__(self, x, n, k):
        if self.interrupt_at is not None and len(self.calls) + 1 == self.interrupt_at:
            self.interrupt_at = None
            raise KeyboardInterrupt
        self.calls.append((x, n, k))
        if self.fail_when is not None and self.fail_when(x):
            raise ValueError("bad x")
        return (x - 0.5) ** 2 + (n - 2) ** 2 / 10 + (k != "b") * 0.3


SEARCHES = {
    "grid": lambda f, n, **kw: grid_search(f, SPACE, n, **kw),
    "random": lambda f, n, **kw: random_search(f, SPACE, n, random_state=0, **kw),
    "bayesian": lambda f, n, **kw: bayesian_search(f, SPACE, n, random_state=0, **kw),
}


@pytest.mark.parametrize("method", SEARCHES)
def test_rerunning_with_the_checkpoint_evaluates_nothing_again(tmp_path, method):
    path = tmp_path / "run.jsonl"
    first = Counting()
    a = SEARCHES[method](first, 10, checkpoint=path)
    again = Counting()
    b = SEARCHES[method](again, 10, checkpoint=path)
    assert again.calls == []
    assert b.params == a.params and np.array_equal(b.values, a.values)
    lines = path.read_text().splitlines()
    assert json.loads(lines[0])["method"] == method and len(lines) == 1 + len(a.params)


@pytest.mark.parametrize("method", SEARCHES)
def test_interrupt_then_resume_loses_and_repeats_nothing(tmp_path, method):
    reference = SEARCHES[method](Counting(), 12)
    path = tmp_path / "run.jsonl"
    interrupted = Counting(interrupt_at=7)
    with pytest.warns(RuntimeWarning, match="interrupted.*6 evaluations.*resume"):
        partial = SEARCHES[method](interrupted, 12, checkpoint=path)
    assert len(partial.params) == 6
    resumed_objective = Counting()
    resumed = SEARCHES[method](resumed_objective, 12, checkpoint=path)
    assert len(resumed_objective.calls) == len(reference.params) - 6
    all_calls = interrupted.calls + resumed_objective.calls
    assert len(set(all_calls)) == len(all_calls)  # nothing evaluated twice
    assert resumed.params == reference.params  # same as an uninterrupted run
    assert np.array_equal(resumed.values, reference.values)


def test_bayesian_batches_resume_mid_batch_exactly(tmp_path):
    reference = bayesian_search(Counting(), SPACE, 13, batch_size=3, random_state=2)
    path = tmp_path / "run.jsonl"
    with pytest.warns(RuntimeWarning, match="interrupted"):
        bayesian_search(Counting(interrupt_at=9), SPACE, 13, batch_size=3, random_state=2,
                        checkpoint=path)
    counting = Counting()
    resumed = bayesian_search(counting, SPACE, 13, batch_size=3, random_state=2,
                              checkpoint=path)
    assert len(counting.calls) == 13 - 8
    assert resumed.params == reference.params
    np.testing.assert_array_equal(resumed.values, reference.values)
    # optimizer_at works on a resumed result too
    assert resumed.optimizer_at(9).ask(3) == reference.params[9:12]


def test_resume_keeps_failures_and_their_errors(tmp_path):
    path = tmp_path / "run.jsonl"
    objective = Counting(fail_when=lambda x: x < 0)
    a = random_search(objective, SPACE, 8, random_state=0, checkpoint=path)
    b = random_search(Counting(), SPACE, 8, random_state=0, checkpoint=path)
    assert a.n_failed > 0 and b.n_failed == a.n_failed
    assert b.errors == a.errors and "ValueError: bad x" in b.errors


def test_resume_with_a_larger_budget_continues(tmp_path):
    path = tmp_path / "run.jsonl"
    bayesian_search(Counting(), SPACE, 8, random_state=0, checkpoint=path)
    more = Counting()
    longer = bayesian_search(more, SPACE, 11, random_state=0, checkpoint=path)
    assert len(more.calls) == 3
    assert longer.params == bayesian_search(Counting(), SPACE, 11, random_state=0).params


def test_random_state_none_resumes_with_the_stored_seed(tmp_path):
    path = tmp_path / "run.jsonl"
    with pytest.warns(RuntimeWarning):
        random_search(Counting(interrupt_at=4), SPACE, 8, checkpoint=path)
    seed = json.loads(path.read_text().splitlines()[0])["seed"]
    resumed = random_search(Counting(), SPACE, 8, checkpoint=path)
    assert resumed.params == random_search(Counting(), SPACE, 8, random_state=seed).params
    with pytest.raises(ValueError, match=f"written with random_state {seed}"):
        random_search(Counting(), SPACE, 8, random_state=seed + 1, checkpoint=path)


def test_a_checkpoint_from_another_search_is_refused(tmp_path):
    path = tmp_path / "run.jsonl"
    random_search(Counting(), SPACE, 3, random_state=0, checkpoint=path)
    with pytest.raises(ValueError, match="written by another search.*method='random'"):
        grid_search(Counting(), SPACE, 3, checkpoint=path)
    other = dict(SPACE, x=Real(-3.0, 3.0))
    with pytest.raises(ValueError, match="written by another search.*space="):
        random_search(lambda x, n, k: 0.0, other, 3, random_state=0, checkpoint=path)
    not_ours = tmp_path / "other.jsonl"
    not_ours.write_text('{"hello": 1}\n')
    with pytest.raises(ValueError, match="not an hpt checkpoint"):
        random_search(Counting(), SPACE, 3, random_state=0, checkpoint=not_ours)


def test_a_torn_last_line_is_dropped_and_that_evaluation_redone(tmp_path):
    path = tmp_path / "run.jsonl"
    full = random_search(Counting(), SPACE, 5, random_state=0, checkpoint=path)
    text = path.read_text()
    path.write_text(text[: len(text) - 25])  # a crash while writing the last record
    counting = Counting()
    with pytest.warns(RuntimeWarning, match="torn last line"):
        again = random_search(counting, SPACE, 5, random_state=0, checkpoint=path)
    assert len(counting.calls) == 1
    assert again.params == full.params
    assert all(json.loads(line) for line in path.read_text().splitlines())


def test_a_corrupt_middle_line_is_an_error(tmp_path):
    path = tmp_path / "run.jsonl"
    random_search(Counting(), SPACE, 4, random_state=0, checkpoint=path)
    lines = path.read_text().splitlines()
    lines[2] = "{oops"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match="corrupt at line 3"):
        random_search(Counting(), SPACE, 4, random_state=0, checkpoint=path)


def test_options_json_cannot_hold_are_stored_by_index(tmp_path):
    space = Space({"t": Categorical([(1, 2), (3, 4)]), "x": Real(0, 1)})
    with Checkpoint(tmp_path / "c.jsonl", space, {"method": "random"}) as ck:
        ck.append({"t": (3, 4), "x": 0.25}, math.nan, "ValueError: no", 0.5)
    record = json.loads((tmp_path / "c.jsonl").read_text().splitlines()[1])
    assert record["params"]["t"] == {"__option__": 1} and record["value"] is None
    with Checkpoint(tmp_path / "c.jsonl", space, {"method": "random"}) as again:
        pass
    assert again.records[0]["params"] == {"t": (3, 4), "x": 0.25}
    assert math.isnan(again.records[0]["value"])
    assert again.records[0]["error"] == "ValueError: no"


def test_checkpoint_creates_its_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "run.jsonl"
    random_search(Counting(), SPACE, 2, random_state=0, checkpoint=str(path))
    assert path.exists()


# -- data safety (issue 12) ---------------------------------------------------------------

@pytest.mark.parametrize("text", ["hello", "hello\n", "line one\nline two", '{"a": 1}',
                                  '[1, 2]\n{"x": 1}\n', "\u00e9t\u00e9 \x00 binary"])
@pytest.mark.parametrize("method", SEARCHES)
def test_a_file_that_is_not_a_checkpoint_is_refused_and_left_untouched(tmp_path, method,
                                                                        text):
    path = tmp_path / "notes.txt"
    path.write_text(text)
    before = path.read_bytes()
    counting = Counting()
    with pytest.raises(ValueError, match=r"notes\.txt.*not an hpt checkpoint.*untouched"):
        SEARCHES[method](counting, 3, checkpoint=path)
    assert path.read_bytes() == before
    assert counting.calls == []


def test_an_empty_file_becomes_a_checkpoint(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    res = random_search(Counting(), SPACE, 3, random_state=0, checkpoint=path)
    assert len(path.read_text().splitlines()) == 1 + len(res.params)


def test_header_is_checked_before_records_are_decoded(tmp_path):
    # a checkpoint of another space whose records this space cannot decode
    path = tmp_path / "run.jsonl"
    other = {"y": Real(0, 1), "k": Categorical(["c", "d"])}
    random_search(lambda y, k: y, other, 3, random_state=0, checkpoint=path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="belongs to another space"):
        random_search(Counting(), SPACE, 3, random_state=0, checkpoint=path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("record, message", [
    ({"i": 1, "value": 1.0}, r"line 3: the record has no \['params'\]"),
    ({"i": 1, "params": {"x": 0.1}, "value": 1.0}, r"line 3: \"params\" lacks \['n', 'k'\]"),
    ({"i": 1, "params": {"x": 0.1, "n": 2, "k": "zz"}, "value": 1.0},
     r"line 3: k='zz' is not an option"),
    ({"i": 1, "params": {"x": 0.1, "n": 2, "k": "a"}, "value": "big"},
     r"line 3: \"value\" must be a number"),
    ([1, 2], r"line 3: a record must be a JSON object"),
])
def test_a_malformed_record_is_reported_by_its_line(tmp_path, record, message):
    path = tmp_path / "run.jsonl"
    random_search(Counting(), SPACE, 3, random_state=0, checkpoint=path)
    lines = path.read_text().splitlines()
    lines[2] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    before = path.read_bytes()
    with pytest.raises(ValueError, match=message):
        random_search(Counting(), SPACE, 3, random_state=0, checkpoint=path)
    assert path.read_bytes() == before


def test_two_searches_cannot_share_a_checkpoint_at_once(tmp_path):
    from hpt_helpers.checkpoint import CheckpointInUseError

    path = tmp_path / "run.jsonl"
    inner_errors = []

    def objective(x, n, k):
        # a second search on the same file while the first one is running
        if not inner_errors:
            try:
                random_search(Counting(), SPACE, 2, random_state=0, checkpoint=path)
            except CheckpointInUseError as exc:
                inner_errors.append(str(exc))
        return x

    res = random_search(objective, SPACE, 3, random_state=0, checkpoint=path)
    assert inner_errors and "in use" in inner_errors[0] and "run.jsonl" in inner_errors[0]
    lines = path.read_text().splitlines()
    assert len(lines) == 1 + len(res.params)  # nothing interleaved
    # the lock is released when the search ends (also when it fails)
    again = random_search(Counting(), SPACE, 3, random_state=0, checkpoint=path)
    assert again.params == res.params
    with pytest.raises(ValueError, match="written by another search"):
        grid_search(Counting(), SPACE, 3, checkpoint=path)
    Checkpoint(path, Space(SPACE), {"method": "random", "seed": 0}).close()


def test_the_lock_is_taken_across_processes(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "run.jsonl"
    code = ("import sys; from hpt_helpers.checkpoint import Checkpoint, "
            "CheckpointInUseError\nfrom hpt_helpers.space import Space, Real\n"
            "try:\n    Checkpoint(sys.argv[1], Space({'x': Real(0, 1)}), "
            "{'method': 'random'})\nexcept CheckpointInUseError as e:\n    print('IN USE')\n")
    with Checkpoint(path, Space({"x": Real(0, 1)}), {"method": "random"}):
        out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                             text=True, check=True).stdout
    assert "IN USE" in out


def test_without_fcntl_the_checkpoint_still_works(tmp_path, monkeypatch):
    import hpt_helpers.checkpoint as ck

    monkeypatch.setattr(ck, "_fcntl", None)
    monkeypatch.setattr(ck, "_msvcrt", None)
    path = tmp_path / "run.jsonl"
    a = random_search(Counting(), SPACE, 3, random_state=0, checkpoint=path)
    again = Counting()
    b = random_search(again, SPACE, 3, random_state=0, checkpoint=path)
    assert again.calls == [] and b.params == a.params


@pytest.mark.parametrize("change, key", [
    ({"failures": "worst"}, "failures"), ({"xi": 0.05}, "xi"),
    ({"acquisition": "ucb"}, "acquisition"), ({"batch_size": 2}, "batch_size"),
])
def test_resuming_with_other_optimizer_settings_is_refused(tmp_path, change, key):
    path = tmp_path / "run.jsonl"
    bayesian_search(Counting(), SPACE, 7, random_state=0, checkpoint=path)
    before = path.read_bytes()
    again = Counting()
    with pytest.raises(ValueError, match=rf"written with {key}=.*this search has "
                                         rf"{key}={change[key]!r}"):
        bayesian_search(again, SPACE, 9, random_state=0, checkpoint=path, **change)
    assert again.calls == [] and path.read_bytes() == before
    # the same settings resume it, and xi given as another number type is the same setting
    resumed = bayesian_search(Counting(), SPACE, 9, random_state=0, checkpoint=path,
                              xi=np.float64(0.0))
    assert len(resumed.params) == 9


def test_a_checkpoint_without_recorded_settings_resumes_with_a_warning(tmp_path):
    path = tmp_path / "run.jsonl"
    bayesian_search(Counting(), SPACE, 7, random_state=0, checkpoint=path)
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    del header["settings"]  # what an hpt before the settings were recorded wrote
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    again = Counting()
    with pytest.warns(RuntimeWarning, match="does not record the optimizer's settings"):
        result = bayesian_search(again, SPACE, 9, random_state=0, checkpoint=path,
                                 failures="worst")
    assert len(again.calls) == 2 and len(result.params) == 9
