"""Asynchronous Bayesian search: pending points, completion order, failures, Ctrl-C, resume."""

import json
import threading

import joblib
import numpy as np
import pytest

from hpt_helpers.async_search import SimulatedPool, n_workers, run_async
from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.search import _evaluate, bayesian_search
from hpt_helpers.space import Integer, Real
from hpt_helpers.testfunctions import BRANIN

SPACE = {"x": Real(-2.0, 2.0), "y": Real(-1.0, 1.0)}


def bowl(x, y):
    return (x - 0.5) ** 2 + 2 * (y + 0.25) ** 2


def duration(params):
    """Simulated seconds of one evaluation: 0.05-0.5, drawn from the point."""
    return 0.05 + 0.45 * ((params["x"] + 2.0) / 4.0)


def simulate(workers, n_calls=14, seed=3, duration=duration):
    opt = BayesianOptimizer(SPACE, n_initial_points=4, random_state=seed)
    pool = SimulatedPool(duration)
    kept = []
    interrupted = run_async(opt, bowl, n_calls, workers, evaluate=_evaluate, pool=pool,
                            record=lambda p, v, e, s, extra: kept.append((p, v)) and False)
    assert not interrupted
    return opt, pool, kept


def test_same_seed_and_completion_order_give_the_same_points():
    _, pool_a, a = simulate(3)
    _, pool_b, b = simulate(3)
    assert [p for p, _ in a] == [p for p, _ in b]
    assert [t["ticket"] for t in pool_a.timeline] == [t["ticket"] for t in pool_b.timeline]


def test_another_completion_order_gives_other_points():
    _, _, a = simulate(3)
    _, _, b = simulate(3, duration=lambda p: 0.5 - duration(p) + 0.05)  # reversed speeds
    assert [p for p, _ in a] != [p for p, _ in b]
    assert len(a) == len(b) == 14


def test_workers_stay_busy_and_the_clock_beats_the_sum_of_durations():
    _, pool, kept = simulate(4)
    assert len(kept) == len(pool.timeline) == 14
    total = sum(t["end"] - t["start"] for t in pool.timeline)
    # 4 workers always busy until the budget runs out: the run is far shorter than the
    # sum of its evaluations (sequentially it would equal the sum)
    assert pool.clock < 0.5 * total
    starts = sorted(t["start"] for t in pool.timeline)
    assert starts[:4] == [0.0] * 4  # the first four start together


def test_pending_points_are_never_proposed_again():
    # a small integer space, so a proposal would easily repeat a pending point
    space = {"a": Integer(0, 4), "b": Integer(0, 3)}
    opt = BayesianOptimizer(space, n_initial_points=3, random_state=0)
    opt.tell(opt.ask(3), [3.0, 1.0, 2.0])
    pending = []
    for _ in range(8):
        [point] = opt.ask(pending=pending)
        assert point not in pending and point not in opt.params_told
        pending.append(point)
    assert len({tuple(p.values()) for p in pending}) == 8


def test_asking_with_pending_points_is_reproducible_and_differs_from_without():
    opt = BayesianOptimizer(SPACE, n_initial_points=4, random_state=1)
    opt.tell(opt.ask(4), [bowl(**p) for p in opt.ask(4)])
    first = opt.ask()
    with_pending = opt.ask(pending=first)
    assert with_pending == opt.ask(pending=first)
    assert with_pending != first


def test_design_counts_pending_points_as_proposed():
    opt = BayesianOptimizer(SPACE, n_initial_points=4, random_state=0)
    design = opt.ask(4)
    assert opt.ask(pending=design[:2]) == [design[2]]


def test_all_evaluated_points_are_distinct_with_many_workers():
    _, _, kept = simulate(8, n_calls=20)
    points = {(p["x"], p["y"]) for p, _ in kept}
    assert len(points) == 20


def test_n_workers_follows_joblib():
    assert n_workers(1) == 1 and n_workers(2) == 2
    assert n_workers(-1) == joblib.cpu_count()


def test_two_workers_really_run_at_once():
    # the first two design points start together: each waits for the other at a barrier,
    # which would time out (BrokenBarrierError -> failed evaluations) if they ran in turn
    barrier = threading.Barrier(2, timeout=60)
    calls = []

    def objective(x, y):
        if len(calls) < 2:
            calls.append(1)
            barrier.wait()
        return bowl(x, y)

    with joblib.parallel_config(backend="threading"):
        res = bayesian_search(objective, SPACE, 8, n_initial_points=4, n_jobs=2,
                              random_state=0)
    assert res.n_failed == 0 and len(res.params) == 8


def test_loky_processes_evaluate_everything_once():
    res = bayesian_search(BRANIN.objective, BRANIN.space, 10, n_initial_points=4, n_jobs=2,
                          random_state=0)
    assert len(res.params) == 10 and res.n_failed == 0
    assert len({tuple(p.values()) for p in res.params}) == 10
    assert np.allclose(res.values, [BRANIN.objective(**p) for p in res.params])


def test_failures_are_recorded_and_the_search_goes_on():
    def objective(x, y):
        if x < -1:
            raise ValueError("bad x")
        return bowl(x, y)

    with joblib.parallel_config(backend="threading"):
        res = bayesian_search(objective, SPACE, 12, n_initial_points=6, n_jobs=3,
                              random_state=0)
    assert len(res.params) == 12
    failed = [e for e in res.errors if e is not None]
    assert failed and all(e == "ValueError: bad x" for e in failed)
    assert all(np.isnan(v) == (p["x"] < -1) for p, v in zip(res.params, res.values, strict=True))


def test_ctrl_c_keeps_what_was_evaluated():
    def stop_after_five(result):
        if len(result.params) == 5:
            raise KeyboardInterrupt

    with joblib.parallel_config(backend="threading"), \
            pytest.warns(RuntimeWarning, match="interrupted.*returning the 5 evaluations"):
        res = bayesian_search(bowl, SPACE, 12, n_jobs=2, random_state=0,
                              callback=stop_after_five)
    assert len(res.params) == 5 and res.n_failed == 0


def test_interrupt_raised_in_a_worker_also_returns_what_was_done():
    calls = []

    def objective(x, y):
        calls.append(1)
        if len(calls) == 7:
            raise KeyboardInterrupt
        return bowl(x, y)

    with joblib.parallel_config(backend="threading"), \
            pytest.warns(RuntimeWarning, match="interrupted"):
        res = bayesian_search(objective, SPACE, 12, n_jobs=2, random_state=0)
    assert 5 <= len(res.params) < 7 and not np.isnan(res.values).any()


def test_callback_can_stop_the_search():
    with joblib.parallel_config(backend="threading"):
        res = bayesian_search(bowl, SPACE, 12, n_jobs=2, random_state=0,
                              callback=lambda r: len(r.params) >= 6)
    assert len(res.params) == 6


def test_checkpoint_records_everything_and_resumes_without_rerunning(tmp_path):
    path = tmp_path / "run.jsonl"

    def stop_after_seven(result):
        if len(result.params) == 7:
            raise KeyboardInterrupt

    with joblib.parallel_config(backend="threading"):
        with pytest.warns(RuntimeWarning, match="interrupted"):
            partial = bayesian_search(bowl, SPACE, 12, n_initial_points=4, n_jobs=2,
                                      random_state=5, checkpoint=path,
                                      callback=stop_after_seven)
        lines = [json.loads(line) for line in path.read_text().splitlines()[1:]]
        assert [r["params"] for r in lines] == partial.params
        assert any("theta" in r for r in lines)  # surrogate hyperparameters recorded
        calls = []

        def counting(x, y):
            calls.append((x, y))
            return bowl(x, y)

        resumed = bayesian_search(counting, SPACE, 12, n_initial_points=4, n_jobs=2,
                                  random_state=5, checkpoint=path)
    assert len(resumed.params) == 12 and len(calls) == 12 - 7
    assert resumed.params[:7] == partial.params
    assert not set(calls) & {(p["x"], p["y"]) for p in partial.params}


def test_runs_on_a_dask_cluster():
    distributed = pytest.importorskip("distributed")
    from hpt_helpers.parallel import dask_client

    with dask_client(n_workers=2, processes=False) as client:
        with distributed.get_task_stream(client) as stream, \
                joblib.parallel_config(backend="dask"):
            res = bayesian_search(bowl, SPACE, 8, n_initial_points=4, n_jobs=2,
                                  random_state=0)
    assert len(res.params) == 8 and res.n_failed == 0
    assert len(stream.data) >= 8  # every evaluation ran as a task on the cluster


def test_a_completion_during_a_proposal_waits_for_it():
    # proposals cost 1 s of simulated time each, evaluations 0.1 s: the first evaluation
    # ends (at 1.1) while the second proposal runs (until 2.0); the clock never goes back
    pool = SimulatedPool(lambda p: 0.1, propose_seconds=1.0)
    pool.submit(0, lambda objective, p: 0.0, None, {"x": 0.0})
    pool.submit(1, lambda objective, p: 0.0, None, {"x": 1.0})
    assert pool.next_done()[0] == 0 and pool.clock == 2.0
    assert pool.next_done()[0] == 1 and pool.clock == pytest.approx(2.1)
    assert [t["start"] for t in pool.timeline] == [1.0, 2.0]


# ------------------------------------------- the 8-worker defect (constant liar on pending)

LIGHT = {"n_candidates": 200, "n_restarts": 1, "gp_restarts": 0}


def _branin_async(seed, workers=8, n_calls=32, **options):
    opt = BayesianOptimizer(BRANIN.space, random_state=seed, **LIGHT, **options)
    pool = SimulatedPool(lambda p: 0.05 + 0.45 * ((p["x1"] + 5.0) / 15.0))
    values = []
    run_async(opt, BRANIN.objective, n_calls, workers, evaluate=_evaluate, pool=pool,
              record=lambda p, v, e, s, extra: values.append(v) and False)
    return BRANIN.regret(min(values))


def test_pending_points_enter_at_the_surrogates_prediction():
    # the default (liar="auto") tells pending points to the surrogate as its own
    # prediction there (kriging believer), never below the best value: the surrogate's
    # mean is left as it was where it predicts worse than the best, only its uncertainty
    # at the pending points goes; a constant lie ("min") plants a fake optimum at each
    # of them instead
    opt = BayesianOptimizer(BRANIN.space, random_state=0, **LIGHT)
    for p in opt.ask(10):
        opt.tell(p, BRANIN.objective(**p))
    pending = BRANIN.space.sample(7, np.random.default_rng(1))
    U = BRANIN.space.transform(pending)
    mean, _ = opt.predict(U)
    np.testing.assert_allclose(opt._lies(U, 7), np.maximum(mean, opt.best_value))
    assert np.all(opt.with_settings(liar="min")._lies(U, 7) == opt.best_value)
    # the batch's own points keep the constant lie (the better choice for batches)
    assert np.all(opt._lies(U, 0) == opt.best_value)


def test_a_proposal_keeps_away_from_every_pending_point():
    opt = BayesianOptimizer(BRANIN.space, random_state=0, **LIGHT)
    for p in opt.ask(10):
        opt.tell(p, BRANIN.objective(**p))
    pending = []
    for _ in range(8):
        [point] = opt.ask(pending=pending)
        if pending:
            gaps = np.abs(BRANIN.space.transform(pending)
                          - BRANIN.space.transform([point])).max(axis=1)
            assert gaps.min() > 1e-3  # unit-cube units: not a near-copy of a pending point
        pending.append(point)


def test_eight_asynchronous_workers_optimise_as_well_as_they_keep_busy():
    # Branin, 32 evaluations, 8 simulated workers, light settings. Before the fix
    # (constant lie on the 7 pending points, surrogate fitted while the design was still
    # running, warm starts kept in a degenerate optimum) seeds 0-5 ended at regret
    # 1.49, 2.33, 1.55, 1.03, 0.058, 0.76; after it at 0.061, 0.0083, 0.30, 0.0008, 0.017,
    # 0.0026 (batches of 8: 0.0069, 0.010, 0.0016, 0.012, 0.0044, 0.0003)
    regrets = [_branin_async(seed) for seed in (0, 1)]
    assert max(regrets) < 0.5, regrets


# ------------------------- the 32-worker defect (believed values below the best value)


def test_a_pending_point_never_enters_below_the_best_value():
    # the believer's lie is the surrogate's prediction, but never below the best value
    # seen: a prediction below it (a surrogate of 10 points extrapolating) would become
    # the incumbent the acquisition measures improvement against
    opt = BayesianOptimizer(BRANIN.space, random_state=0, **LIGHT)
    for p in opt.ask(10):
        opt.tell(p, BRANIN.objective(**p))
    U = BRANIN.space.transform(BRANIN.space.sample(200, np.random.default_rng(1)))
    mean, _ = opt.predict(U)
    below = mean < opt.best_value
    assert below.any() and not below.all()  # the case this test is about occurs
    lies = opt._lies(U, len(U))
    np.testing.assert_allclose(lies[below], opt.best_value)
    np.testing.assert_allclose(lies[~below], mean[~below])


def _same_information(seed):
    """Regret after the first round of 32 (told) plus 16 more points, proposed as one
    batch ``ask(16)`` and as 16 asynchronous asks (each with the earlier ones pending)."""
    opt = BayesianOptimizer(BRANIN.space, random_state=seed, **LIGHT)
    first = opt.ask(32)
    opt.tell(first, [BRANIN.objective(**p) for p in first])
    batch = opt.ask(16)
    pending = []
    for _ in range(16):
        pending += opt.ask(pending=pending)
    return [BRANIN.regret(min(opt.best_value, *(BRANIN.objective(**p) for p in points)))
            for points in (batch, pending)]


def test_asynchronous_asks_do_as_well_as_a_batch_with_the_same_information():
    # Branin, 32 points told, 16 more, light settings. Before the fix the pending points'
    # believed values (predictions of the surrogate, some far below the best value)
    # became the incumbent of EI and the 16 asynchronous proposals only explored: over
    # seeds 0-9 their regret was 0.10-116 times the batch's (seeds 4 and 8: 58x and 81x).
    # After it: 0.53-2.43 times (seeds 4 and 8: 0.90x and 1.05x)
    for seed in (4, 8):
        batch, asynchronous = _same_information(seed)
        assert asynchronous <= 2 * batch, (seed, batch, asynchronous)
