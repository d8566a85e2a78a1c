"""successive_halving, hyperband and asha: schedules, promotions, parallelism, resume, input."""

import math
import time
import warnings

import joblib
import numpy as np
import pytest

from hpt_helpers.multifidelity import (
    MultiFidelityResult,
    _AshaState,
    asha,
    hyperband,
    hyperband_schedule,
    promote,
    rung_budgets,
    successive_halving,
    successive_halving_schedule,
)
from hpt_helpers.space import Real

SPACE = {"x": Real(0, 1)}


def configs(n, seed=0):
    """The configurations the searches draw: random search's points for the same seed."""
    rng = np.random.default_rng(seed)
    return [float(x) for x in rng.random((n, 1))[:, 0]]


class Table:
    """An objective whose loss per (configuration, budget) is given by hand."""

    def __init__(self, losses, seed=0):
        self.xs = configs(max(len(v) for v in losses.values()), seed)
        self.losses = losses
        self.calls = []

    def index(self, x):
        return min(range(len(self.xs)), key=lambda i: abs(self.xs[i] - x))

    def __call__(self, x, budget):
        i = self.index(x)
        self.calls.append((i, budget))
        value = self.losses[budget][i]
        if value is None:
            raise RuntimeError("diverged")
        return value


def evaluated(res, rung):
    return [int(c) for c in res.configs[res.rungs == rung]]


# ---------------------------------------------------------------- schedules
def test_rung_budgets():
    assert rung_budgets(1, 81, 3) == [1, 3, 9, 27, 81]
    assert rung_budgets(1, 8, 2) == [1, 2, 4, 8]
    assert rung_budgets(2, 20, 3) == [2, 7, 20]     # 20/9 = 2.2 -> 2, 20/3 = 6.7 -> 7
    np.testing.assert_allclose(rung_budgets(0.1, 1.0, 2), [0.125, 0.25, 0.5, 1.0])
    assert rung_budgets(5, 5, 3) == [5]


def test_hyperband_brackets_are_the_papers_table_for_R81_eta3():
    # Li et al. (2018), Table 1: n_i and r_i per bracket s for R = 81, eta = 3.
    paper = {4: ([81, 27, 9, 3, 1], [1, 3, 9, 27, 81]),
             3: ([34, 11, 3, 1], [3, 9, 27, 81]),
             2: ([15, 5, 1], [9, 27, 81]),
             1: ([8, 2], [27, 81]),
             0: ([5], [81])}
    got = hyperband_schedule(1, 81, eta=3)
    assert len(got) == 5
    for bracket, s in zip(got, [4, 3, 2, 1, 0], strict=True):
        assert [n for n, _ in bracket] == paper[s][0]
        assert [r for _, r in bracket] == paper[s][1]


def test_hyperband_runs_its_schedule():
    res = hyperband(lambda x, budget: (x - 0.5) ** 2 + 1 / budget, SPACE, min_budget=1,
                    max_budget=81, eta=3, random_state=0)
    for b, bracket in enumerate(hyperband_schedule(1, 81, 3)):
        mask = res.brackets == b
        got = [(int((mask & (res.budgets == r)).sum()), r) for _, r in bracket]
        assert got == bracket
    # configurations are numbered across brackets, each bracket starting new ones
    first = [int(res.configs[res.brackets == b].min()) for b in range(5)]
    assert first == [0, 81, 81 + 34, 81 + 34 + 15, 81 + 34 + 15 + 8]
    assert res.cost[-1] == res.budgets.sum()
    assert res.method == "hyperband"


def test_successive_halving_schedule():
    assert successive_halving_schedule(9, 1, 9, 3) == [(9, 1), (3, 3), (1, 9)]
    assert successive_halving_schedule(10, 1, 81, 3) == [(10, 1), (3, 3), (1, 9), (1, 27),
                                                         (1, 81)]


# ---------------------------------------------------------------- promotions by hand
def test_promote_ranks_and_breaks_ties_by_index_and_drops_failures():
    assert promote([0.3, 0.1, 0.2], 2) == [1, 2]
    assert promote([0.2, 0.1, 0.2, 0.2], 3) == [1, 0, 2]
    assert promote([math.nan, 0.5, math.inf, 0.4], 3) == [3, 1]
    assert promote([0.1], 0) == []


def test_successive_halving_by_hand_eta3():
    # rung 0 (budget 1): the best three are 7 (0.2), 3 (0.3), 5 (0.4);
    # rung 1 (budget 3): 3 overtakes 7 (0.10 < 0.15) and alone reaches budget 9.
    table = Table({1: [0.9, 0.5, 0.7, 0.3, 0.8, 0.4, 0.6, 0.2, 1.0],
                   3: {7: 0.15, 3: 0.10, 5: 0.25},
                   9: {3: 0.05}})
    table.losses[3] = [table.losses[3].get(i, 9.0) for i in range(9)]
    table.losses[9] = [table.losses[9].get(i, 9.0) for i in range(9)]
    res = successive_halving(table, SPACE, min_budget=1, max_budget=9, eta=3,
                             random_state=0)
    assert evaluated(res, 0) == list(range(9))
    assert evaluated(res, 1) == [7, 3, 5]           # in promotion order, best first
    assert evaluated(res, 2) == [3]
    assert res.budgets.tolist() == [1] * 9 + [3] * 3 + [9]
    assert res.best_value == 0.05 and res.params[res.best_index]["x"] == table.xs[3]
    assert res.cost.tolist() == np.cumsum(res.budgets).tolist()


def test_successive_halving_by_hand_eta2_with_a_tie_and_a_failure():
    # rung 0: 1, 3, 4 and 6 tie at 0.2 for three places -> 6 (drawn last) is out; 0 fails.
    table = Table({1: [None, 0.2, 0.8, 0.2, 0.2, 0.7, 0.2, 0.1],
                   2: [9, 0.15, 9, 0.12, 0.05, 9, 9, 0.09],
                   4: [9, 9, 9, 9, 0.04, 9, 9, 0.03],
                   8: [9, 9, 9, 9, 9, 9, 9, 0.02]})
    res = successive_halving(table, SPACE, min_budget=1, max_budget=8, eta=2,
                             random_state=0)
    assert evaluated(res, 1) == [7, 1, 3, 4]        # keep 4 of 8
    assert evaluated(res, 2) == [4, 7]              # keep 2 of 4: 0.05, 0.09
    assert evaluated(res, 3) == [7]                 # keep 1 of 2: 0.03 < 0.04
    assert res.n_failed == 1 and "diverged" in res.errors[0]
    assert res.best_value == 0.02


# ---------------------------------------------------------------- ASHA
def asha_by_hand_table():
    return Table({1: [0.9, 0.5, 0.7, 0.3, 0.8, 0.4, 0.6, 0.2, 1.0],
                  3: [9, 0.45, 9, 0.10, 9, 0.25, 9, 0.15, 9],
                  9: [9, 9, 9, 0.05, 9, 9, 9, 0.07, 9]})


def test_asha_sequential_by_hand():
    # one worker: a promotion as soon as some configuration is in the top 1/3 of its rung.
    table = asha_by_hand_table()
    res = asha(table, SPACE, min_budget=1, max_budget=9, eta=3, n_configs=9, random_state=0)
    jobs = list(zip(res.configs.tolist(), res.budgets.tolist(), strict=True))
    # after 0, 1, 2 (0.9, 0.5, 0.7) the top 1 of 3 is 1 -> budget 3. After 3 (0.3) the top
    # 1 of 4 is 3 -> budget 3. Rung 1 {1, 3} has no top third yet, 3 is promoted: new 4,
    # new 5 (0.4); the top 2 of 6 are 3 and 5 -> 5 to budget 3. Rung 1 {1, 3, 5}: its top
    # 1 is 3 (0.10) -> budget 9. Then new 6, new 7 (0.2): top 2 of 8 are 7, 3 -> 7 to 3.
    # Last new 8; the top 3 of 9 (7, 3, 5) are all promoted, rung 1's top 1 (3) too: done.
    expected = [(0, 1), (1, 1), (2, 1), (1, 3), (3, 1), (3, 3), (4, 1), (5, 1), (5, 3),
                (3, 9), (6, 1), (7, 1), (7, 3), (8, 1)]
    assert jobs == expected
    assert res.method == "asha"


def replay_decisions(res, n_rungs, eta, n_configs):
    """ASHA's sequential rule, replayed in the order the search decided (launches) with
    what it knew then (known): return the jobs it would start."""
    order = np.argsort(res.launches)
    out = []
    started = set()
    for e in order:
        state = _AshaState(n_rungs, eta)
        for j in range(int(res.known[e])):
            state.add(int(res.configs[j]), int(res.rungs[j]), float(res.values[j]))
        for f in order[:list(order).index(e)]:      # promotions already started
            if res.rungs[f] > 0:
                state.promoted[int(res.rungs[f]) - 1].add(int(res.configs[f]))
        promo = state.next_promotion()
        if promo is None:
            promo = (len([c for c in started if c[1] == 0]), 0)
        started.add(promo)
        out.append(promo)
    return out


def test_asha_with_two_workers_makes_the_sequential_decisions_in_its_order():
    def f(x, budget):
        time.sleep(0.002 * budget)
        return (x - 0.4) ** 2 + 1 / budget

    with joblib.parallel_config(backend="threading"):
        res = asha(f, SPACE, min_budget=1, max_budget=27, eta=3, n_configs=27, n_jobs=2,
                   random_state=1)
    got = [(int(res.configs[e]), int(res.rungs[e])) for e in np.argsort(res.launches)]
    assert got == replay_decisions(res, 4, 3, 27)
    assert sorted(set(res.workers.tolist())) == [0, 1]
    assert (res.rungs == 3).any()


def test_asha_keeps_two_workers_busier_than_synchronous_halving():
    # durations proportional to the budget; the synchronous rungs leave a worker idle
    # while the last evaluations of a rung finish (1 of 9, 1 of 3, the lone top run).
    def f(x, budget):
        time.sleep(0.03 * budget)
        return (x - 0.4) ** 2 + 1 / budget

    with joblib.parallel_config(backend="threading"):
        sync = successive_halving(f, SPACE, min_budget=1, max_budget=9, eta=3, n_jobs=2,
                                  random_state=0)
        async_ = asha(f, SPACE, min_budget=1, max_budget=9, eta=3, n_jobs=2,
                      max_cost=float(sync.cost[-1]), random_state=0)
    # Until each search starts its last evaluation (then nothing is left to hand out):
    # sync ideally 540 ms busy over 2 x 330 ms = 0.82 (idle at the end of rungs 0 and 1),
    # asha 1.0.
    u_sync = sync.utilisation(until=sync.starts.max())
    u_async = async_.utilisation(until=async_.starts.max())
    assert u_async > 0.9 and u_async > u_sync + 0.05
    assert async_.wall_seconds < sync.wall_seconds


def test_asha_max_cost_stops_starting_evaluations():
    res = asha(lambda x, budget: x + 1 / budget, SPACE, min_budget=1, max_budget=9,
               max_cost=40, random_state=0)
    assert 40 <= res.cost[-1] < 40 + 9


# ---------------------------------------------------------------- parallel = serial
def test_successive_halving_with_n_jobs_2_equals_serial():
    f = lambda x, budget: (x - 0.6) ** 2 + 1 / budget  # noqa: E731
    a = successive_halving(f, SPACE, min_budget=1, max_budget=27, random_state=3)
    with joblib.parallel_config(backend="threading"):
        b = successive_halving(f, SPACE, min_budget=1, max_budget=27, random_state=3,
                               n_jobs=2)
    assert a.configs.tolist() == b.configs.tolist()
    assert a.budgets.tolist() == b.budgets.tolist()


# ---------------------------------------------------------------- checkpoint / resume
class Interrupting:
    def __init__(self, after):
        self.after = after
        self.calls = 0

    def __call__(self, x, budget):
        if self.calls == self.after:
            raise KeyboardInterrupt
        self.calls += 1
        return (x - 0.3) ** 2 + 1 / budget


SEARCHES = {
    "successive_halving": lambda f, **kw: successive_halving(
        f, SPACE, min_budget=1, max_budget=27, random_state=0, **kw),
    "hyperband": lambda f, **kw: hyperband(f, SPACE, min_budget=1, max_budget=9,
                                           random_state=0, **kw),
    "asha": lambda f, **kw: asha(f, SPACE, min_budget=1, max_budget=27, random_state=0,
                                 **kw),
}


@pytest.mark.parametrize("method", SEARCHES)
def test_resume_after_an_interrupt_repeats_nothing(tmp_path, method):
    path = tmp_path / "run.jsonl"
    full = SEARCHES[method](Interrupting(10 ** 6))
    first = Interrupting(17)
    with pytest.warns(RuntimeWarning, match="interrupted"):
        part = SEARCHES[method](first, checkpoint=path)
    assert len(part) == 17
    second = Interrupting(10 ** 6)
    res = SEARCHES[method](second, checkpoint=path)
    assert second.calls == len(full) - 17                  # nothing repeated
    assert res.configs.tolist() == full.configs.tolist()
    assert res.budgets.tolist() == full.budgets.tolist()
    np.testing.assert_allclose(res.values, full.values)
    again = Interrupting(0)                                  # would raise if called
    assert len(SEARCHES[method](again, checkpoint=path)) == len(full)


def test_resume_after_a_hard_kill_repeats_nothing(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "run.jsonl"
    script = f"""
import os, signal
from hpt_helpers.multifidelity import successive_halving
from hpt_helpers.space import Real
calls = 0
def f(x, budget):
    global calls
    calls += 1
    if calls == 20:
        os.kill(os.getpid(), signal.SIGKILL)
    return (x - 0.3) ** 2 + 1 / budget
successive_halving(f, {{"x": Real(0, 1)}}, min_budget=1, max_budget=27, random_state=0,
                   checkpoint={str(path)!r})
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert done.returncode != 0
    counter = Interrupting(10 ** 6)
    res = SEARCHES["successive_halving"](counter, checkpoint=path)
    assert counter.calls == 40 - 19 and len(res) == 40


def test_resume_with_other_settings_is_refused(tmp_path):
    path = tmp_path / "run.jsonl"
    SEARCHES["successive_halving"](Interrupting(10 ** 6), checkpoint=path)
    with pytest.raises(ValueError, match="eta"):
        successive_halving(Interrupting(10 ** 6), SPACE, min_budget=1, max_budget=27, eta=2,
                           random_state=0, checkpoint=path)


# ---------------------------------------------------------------- result, callback, misc
def test_result_columns_and_best():
    res = SEARCHES["successive_halving"](Interrupting(10 ** 6))
    assert isinstance(res, MultiFidelityResult)
    frame = res.to_dataframe()
    assert list(frame.columns)[-8:] == ["config", "bracket", "rung", "budget", "cost",
                                        "start", "end", "worker"]
    assert res.budgets[res.best_index] == 27
    best = res.best_so_far()
    assert np.isnan(best[:-1]).all() and best[-1] == res.best_value
    assert "successive_halving" in repr(res)


def test_callback_true_stops_and_failures_go_on():
    seen = []
    res = successive_halving(lambda x, budget: x, SPACE, min_budget=1, max_budget=9,
                             random_state=0,
                             callback=lambda r: seen.append(len(r)) or len(r) == 5)
    assert len(res) == 5 and seen == [1, 2, 3, 4, 5]

    def sometimes(x, budget):
        if x < 0.3:
            raise ValueError("bad x")
        return x

    res = asha(sometimes, SPACE, min_budget=1, max_budget=9, random_state=0)
    assert res.n_failed > 0 and all("bad x" in e for e in res.errors if e)
    assert np.all(res.values[res.rungs > 0] >= 0.3)        # failures never promoted


MF_SEARCHES = {"successive_halving": successive_halving, "hyperband": hyperband,
               "asha": asha}


@pytest.mark.parametrize("method", MF_SEARCHES)
def test_a_search_whose_every_call_fails_warns_with_the_distinct_errors(method):
    # as bayesian_search, random_search and grid_search do (tests/unit/test_search.py)
    from hpt_helpers.search import AllFailedWarning

    def objective(x, budget):
        if x < 0.5:
            return undefined_name  # noqa: F821 - the bug being reported
        raise ValueError("x too large")

    search = MF_SEARCHES[method]
    with pytest.warns(AllFailedWarning, match=r"(?s)every one of the \d+ evaluations of "
                                              rf"this {method} search failed.*"
                                              r"NameError: name 'undefined_name'.*"
                                              r"ValueError: x too large") as caught:
        res = search(objective, SPACE, min_budget=1, max_budget=9, random_state=0)
    assert res.best_params is None and res.n_failed == len(res) > 1
    assert str(len(res)) in str(caught[0].message)
    assert caught[0].filename == __file__  # points at the caller's line
    with warnings.catch_warnings():
        warnings.simplefilter("error", AllFailedWarning)  # a search that succeeds once
        res = search(lambda x, budget: x if x > 0.3 else 1 / 0, SPACE, min_budget=1,
                     max_budget=9, random_state=0)
    assert 0 < res.n_failed < len(res)


def test_maximize():
    res = successive_halving(lambda x, budget: x * budget, SPACE, min_budget=1,
                             max_budget=9, random_state=0, maximize=True)
    assert res.best_value == np.max(res.values[res.budgets == 9])


def test_progress_bar_runs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = asha(lambda x, budget: x, SPACE, min_budget=1, max_budget=3, progress=True,
                   random_state=0)
    assert len(res) > 0


@pytest.mark.parametrize("call, error, match", [
    (lambda: successive_halving(lambda x, budget: x, SPACE, min_budget=0, max_budget=9),
     ValueError, "min_budget must be a finite number > 0; got 0"),
    (lambda: successive_halving(lambda x, budget: x, SPACE, min_budget=9, max_budget=3),
     ValueError, "max_budget must be >= min_budget"),
    (lambda: hyperband(lambda x, budget: x, SPACE, min_budget=1, max_budget=9, eta=1),
     ValueError, "eta must be a finite number > 1; got 1"),
    (lambda: successive_halving(lambda x, budget: x, SPACE, min_budget=1, max_budget=9,
                                n_configs=0), ValueError, "n_configs must be an integer >= 1"),
    (lambda: successive_halving(lambda x: x, SPACE, min_budget=1, max_budget=9),
     ValueError, "accept a keyword argument 'budget'"),
    (lambda: successive_halving(lambda y, budget: y, SPACE, min_budget=1, max_budget=9),
     ValueError, "missing: \\['y'\\]"),
    (lambda: asha(lambda x, budget: x, SPACE, min_budget=1, max_budget=9, n_jobs=0),
     ValueError, "n_jobs must be a non-zero integer"),
    (lambda: asha(lambda x, budget: x, SPACE, min_budget=1, max_budget=9, max_cost=-1),
     ValueError, "max_cost must be a finite number > 0"),
    (lambda: asha(lambda x, budget: x, SPACE, min_budget="1", max_budget=9),
     TypeError, "min_budget must be a finite number"),
    (lambda: asha(lambda budget, **kw: 0, {"budget": Real(0, 1)}, min_budget=1,
                  max_budget=9), ValueError, "must not have a dimension named 'budget'"),
    (lambda: hyperband(lambda x, budget: x, SPACE, min_budget=1, max_budget=9,
                       checkpoint=3), TypeError, "checkpoint must be a file path"),
    (lambda: successive_halving(3, SPACE, min_budget=1, max_budget=9),
     TypeError, "objective must be callable"),
])
def test_bad_input_is_refused_with_a_helpful_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_simulated_durations_give_the_exact_timeline():
    f = lambda x, budget: (x - 0.4) ** 2 + 1 / budget  # noqa: E731
    sync = successive_halving(f, SPACE, min_budget=1, max_budget=9, eta=3, n_jobs=2,
                              random_state=0, durations=lambda b: 0.03 * b)
    # rungs of 9 x 1, 3 x 3, 1 x 9 units on 2 workers: 5 + 2 x 3 + 9 = 20 units
    assert sync.wall_seconds == pytest.approx(0.03 * 20)
    assert sync.utilisation() == pytest.approx(27 / 40)
    assert sync.utilisation(until=sync.starts.max()) == pytest.approx(18 / 22)
    a = asha(f, SPACE, min_budget=1, max_budget=9, eta=3, n_jobs=2, random_state=0,
             max_cost=27, durations=lambda b: 0.03 * b)
    assert a.utilisation(until=a.starts.max()) == pytest.approx(1.0)
    # the sequential rule, replayed in the simulated order, makes the same decisions
    got = [(int(a.configs[e]), int(a.rungs[e])) for e in np.argsort(a.launches)]
    assert got == replay_decisions(a, 3, 3, None)
    # with one simulated worker ASHA is its sequential definition
    one = asha(asha_by_hand_table(), SPACE, min_budget=1, max_budget=9, eta=3, n_configs=9,
               random_state=0, durations=lambda b: b)
    ref = asha(asha_by_hand_table(), SPACE, min_budget=1, max_budget=9, eta=3, n_configs=9,
               random_state=0)
    assert one.configs.tolist() == ref.configs.tolist()
    assert one.ends.tolist() == np.cumsum(ref.budgets).tolist()
