"""grid_search, random_search and bayesian_search: contract, failures, parallelism, input."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from hpt_helpers import BayesianOptimizer, SearchResult, bayesian_search, grid_search, random_search
from hpt_helpers.space import Categorical, Integer, Real
from hpt_helpers.testfunctions import BRANIN

SPACE = {"C": Real(1e-3, 1e3, log=True), "degree": Integer(1, 5),
         "kernel": Categorical(["rbf", "poly"])}


def objective(C, degree, kernel):
    return (math.log10(C) - 1) ** 2 + (degree - 3) ** 2 / 4 + (kernel == "rbf")


SEARCHES = {
    "grid": lambda f, n, **kw: grid_search(f, SPACE, n, **kw),
    "random": lambda f, n, **kw: random_search(f, SPACE, n, random_state=0, **kw),
    "bayesian": lambda f, n, **kw: bayesian_search(f, SPACE, n, random_state=0, **kw),
}


@pytest.mark.parametrize("method", SEARCHES)
def test_each_strategy_returns_a_complete_result(method):
    res = SEARCHES[method](objective, 14)
    assert isinstance(res, SearchResult) and res.method == method
    assert 0 < len(res.params) <= 14 and len(res.values) == len(res.params)
    assert len(res.errors) == len(res.seconds) == len(res.params)
    assert res.values.dtype == float and res.n_failed == 0
    assert all(set(p) == set(SPACE) for p in res.params)
    assert res.best_value == np.min(res.values)
    assert res.best_params == res.params[res.best_index]
    assert objective(**res.best_params) == res.best_value
    assert np.all(np.diff(res.best_so_far()) <= 0)
    assert res.overhead_seconds >= 0 and np.all(res.seconds >= 0)
    frame = res.to_dataframe()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["C", "degree", "kernel", "value", "error", "seconds"]
    assert list(frame.index) == list(range(len(res.params)))
    assert frame["value"].tolist() == res.values.tolist()


def test_grid_search_is_an_even_grid_within_the_budget():
    res = grid_search(lambda x1, x2: BRANIN.objective(x1=x1, x2=x2), BRANIN.space, 30)
    assert len(res.params) == 30
    x1 = sorted({p["x1"] for p in res.params})
    x2 = sorted({p["x2"] for p in res.params})
    assert (len(x1), len(x2)) == (6, 5)
    np.testing.assert_allclose(np.diff(x1), 3.0)
    np.testing.assert_allclose(np.diff(x2), 3.75)
    res = grid_search(objective, SPACE, 20)
    assert {p["kernel"] for p in res.params} == {"rbf", "poly"} and len(res.params) <= 20


def test_random_search_samples_the_space_and_is_prefix_stable():
    short = random_search(objective, SPACE, 5, random_state=3)
    long = random_search(objective, SPACE, 12, random_state=3)
    assert long.params[:5] == short.params
    assert random_search(objective, SPACE, 5, random_state=4).params != short.params


def test_maximize_reports_values_as_returned():
    for method in SEARCHES:
        res = SEARCHES[method](lambda C, degree, kernel: -objective(C, degree, kernel), 12,
                               maximize=True)
        assert res.maximize and res.best_value == np.max(res.values)
        assert np.all(np.diff(res.best_so_far()) >= 0)
    bayes = bayesian_search(lambda x: -(x - 0.25) ** 2, {"x": Real(0, 1)}, 12,
                            maximize=True, random_state=0)
    assert bayes.best_value > -1e-3


# ---------------------------------------------------------------- Bayesian specifics


def test_bayesian_search_is_reproducible():
    a = bayesian_search(objective, SPACE, 12, random_state=7)
    b = bayesian_search(objective, SPACE, 12, random_state=7)
    assert a.params == b.params and np.array_equal(a.values, b.values)


def test_optimizer_at_reproduces_each_proposal_without_calling_the_objective():
    calls = []

    def counted(x, y):
        calls.append(1)
        return BRANIN.objective(x1=x, x2=y)

    space = {"x": Real(-5, 10), "y": Real(0, 15)}
    res = bayesian_search(counted, space, 12, n_initial_points=5, random_state=3)
    n_calls = len(calls)
    for k in (5, 8, 11):
        opt = res.optimizer_at(k)
        assert isinstance(opt, BayesianOptimizer) and opt.n_told == k
        assert opt.ask() == [res.params[k]]
    opt0 = res.optimizer_at(0)
    assert opt0.n_told == 0 and opt0.ask() == [res.params[0]]
    assert len(calls) == n_calls
    mean, std = res.optimizer_at(8).predict(np.array([[0.5, 0.5]]))
    assert np.isfinite(mean).all() and np.isfinite(std).all()
    with pytest.raises(ValueError, match="k must be an integer between 0 and 12; got 13"):
        res.optimizer_at(13)
    with pytest.raises(ValueError, match="needs a Bayesian search result"):
        random_search(counted, space, 3, random_state=0).optimizer_at(1)


def test_optimizer_at_with_maximize_and_batches():
    res = bayesian_search(lambda x: -(x - 0.4) ** 2, {"x": Real(0, 1)}, 13, batch_size=3,
                          n_initial_points=4, maximize=True, random_state=0)
    # with batches, each batch's first point is reproducible: batches start at 0, 3, 6, ...
    for k in (6, 9, 12):
        assert res.optimizer_at(k).ask(min(3, 13 - k)) == res.params[k:k + 3]


def test_batches_with_n_jobs_2_equal_serial():
    serial = bayesian_search(objective, SPACE, 9, batch_size=3, n_jobs=1, random_state=1)
    parallel = bayesian_search(objective, SPACE, 9, batch_size=3, n_jobs=2, random_state=1)
    assert serial.params == parallel.params
    assert np.array_equal(serial.values, parallel.values)
    assert len({tuple(p.values()) for p in serial.params}) == 9
    rs = random_search(objective, SPACE, 8, random_state=1, n_jobs=2)
    assert rs.params == random_search(objective, SPACE, 8, random_state=1).params


def test_joblib_backend_is_not_forced():
    import joblib

    with joblib.parallel_config(backend="threading"):
        res = bayesian_search(objective, SPACE, 8, batch_size=2, n_jobs=2, random_state=1)
    assert res.params == bayesian_search(objective, SPACE, 8, batch_size=2,
                                         random_state=1).params


def test_bayesian_beats_random_on_branin_over_several_seeds():
    regrets = {"bayesian": [], "random": []}
    for seed in range(5):
        for method, search in (("bayesian", bayesian_search), ("random", random_search)):
            res = search(BRANIN.objective, BRANIN.space, 25, random_state=seed)
            regrets[method].append(BRANIN.regret(res.best_value))
    bayes, rand = np.median(regrets["bayesian"]), np.median(regrets["random"])
    assert bayes < 0.05, regrets
    assert bayes * 10 < rand, regrets
    assert sum(b < r for b, r in zip(regrets["bayesian"], regrets["random"],
                                     strict=True)) >= 4


# ---------------------------------------------------------------- failures


def flaky(x):
    if x < 0.2:
        raise RuntimeError(f"diverged at x={x:.2f}")
    if x < 0.4:
        return float("nan")
    if x < 0.5:
        return float("inf")
    return (x - 0.7) ** 2


@pytest.mark.parametrize("method", ["grid", "random", "bayesian"])
def test_failures_are_recorded_and_the_search_goes_on(method):
    kwargs = {} if method == "grid" else {"random_state": 0}
    search = {"grid": grid_search, "random": random_search, "bayesian": bayesian_search}[method]
    res = search(flaky, {"x": Real(0, 1)}, 12, **kwargs)
    assert len(res.params) == 12
    failed = ~np.isfinite(res.values)
    assert failed.any() and res.n_failed == failed.sum()
    assert np.isnan(res.values[failed]).all()
    for p, error in zip(res.params, res.errors, strict=True):
        if p["x"] < 0.2:
            assert error.startswith("RuntimeError: diverged at x=")
        elif p["x"] < 0.4:
            assert error == "ValueError: objective returned nan"
        elif p["x"] < 0.5:
            assert error == "ValueError: objective returned inf"
        else:
            assert error is None
    assert res.best_params["x"] >= 0.5
    frame = res.to_dataframe()
    assert frame["error"].notna().sum() == res.n_failed


def test_non_numeric_return_is_a_failure():
    res = random_search(lambda x: "good", {"x": Real(0, 1)}, 3, random_state=0)
    assert res.n_failed == 3 and "not a number" in res.errors[0]
    assert res.best_params is None and math.isnan(res.best_value)
    assert np.isnan(res.best_so_far()).all()


def test_every_evaluation_failing_still_completes_bayesian_search():
    def broken(x):
        raise ValueError("no")

    res = bayesian_search(broken, {"x": Real(0, 1)}, 8, n_initial_points=2, random_state=0)
    assert res.n_failed == 8 and len({p["x"] for p in res.params}) == 8


@pytest.mark.parametrize("method", ["grid", "random", "bayesian"])
def test_keyboard_interrupt_returns_what_was_done_with_a_warning(method):
    count = {"n": 0}

    def interrupted(x):
        count["n"] += 1
        if count["n"] == 6:
            raise KeyboardInterrupt
        return x**2

    kwargs = {} if method == "grid" else {"random_state": 0}
    search = {"grid": grid_search, "random": random_search, "bayesian": bayesian_search}[method]
    with pytest.warns(RuntimeWarning, match="interrupted.*returning the 5 evaluations"):
        res = search(interrupted, {"x": Real(0, 1)}, 10, **kwargs)
    assert len(res.params) == 5 and res.n_failed == 0


# ---------------------------------------------------------------- callback and progress


def test_callback_sees_each_result_and_true_stops():
    seen = []

    def callback(res):
        seen.append(len(res.params))
        return res.best_value < 0.05 or None

    res = bayesian_search(lambda x: (x - 0.3) ** 2, {"x": Real(0, 1)}, 30, random_state=0,
                          callback=callback)
    assert seen == list(range(1, len(res.params) + 1))
    assert res.best_value < 0.05 and len(res.params) < 30
    res = grid_search(lambda x: x, {"x": Real(0, 1)}, 10, callback=lambda r: len(r) == 3)
    assert len(res.params) == 3


def test_progress_bar_runs(capsys):
    res = random_search(lambda x: x, {"x": Real(0, 1)}, 4, random_state=0, progress=True)
    assert len(res.params) == 4
    assert "random search" in capsys.readouterr().err


# ---------------------------------------------------------------- bad input


def f1(x):
    return x


@pytest.mark.parametrize("call, error, match", [
    (lambda: random_search(f1, {"x": Real(0, 1)}, 0), ValueError,
     "n_calls must be an integer >= 1; got 0"),
    (lambda: grid_search(f1, {"x": Real(0, 1)}, 2.5), TypeError,
     "n_calls must be an integer >= 1; got 2.5"),
    (lambda: bayesian_search(f1, {"x": Real(0, 1)}, 5, n_initial_points=6), ValueError,
     r"n_initial_points must be <= n_calls \(5\); got 6"),
    (lambda: bayesian_search(f1, {"x": Real(0, 1)}, 5, acquisition="lcb"), ValueError,
     "acquisition must be one of 'ei', 'pi', 'ucb'; got 'lcb'"),
    (lambda: bayesian_search(f1, {"x": Real(0, 1)}, 5, initial_design="grid"), ValueError,
     "initial_design must be one of 'lhs', 'random', 'sobol'; got 'grid'"),
    (lambda: bayesian_search(f1, {"x": Real(0, 1)}, 5, xi=-0.1), ValueError,
     "xi must be a finite number >= 0; got -0.1"),
    (lambda: bayesian_search(f1, {"x": Real(0, 1)}, 5, kappa=-1), ValueError,
     "kappa must be a finite number >= 0; got -1"),
    (lambda: bayesian_search(f1, {"x": Real(0, 1)}, 5, batch_size=0), ValueError,
     "batch_size must be an integer >= 1; got 0"),
    (lambda: bayesian_search(f1, {"x": Real(0, 1)}, 5, colour=1), TypeError,
     r"unexpected keyword arguments \['colour'\]"),
    (lambda: random_search("f", {"x": Real(0, 1)}, 5), TypeError,
     "objective must be callable.*got 'f'"),
    (lambda: random_search(f1, {"y": Real(0, 1)}, 5), ValueError,
     r"missing: \['x'\] \(space has \['y'\]\)"),
    (lambda: random_search(f1, {"x": Real(0, 1), "z": Real(0, 1)}, 5), ValueError,
     r"does not accept as keyword arguments: \['z'\]"),
    (lambda: random_search(f1, {"x": Real(0, 1)}, 5, n_jobs=0), ValueError,
     "n_jobs must be a non-zero integer"),
    (lambda: random_search(f1, {"x": Real(0, 1)}, 5, callback=3), TypeError,
     "callback must be callable"),
    (lambda: random_search(f1, {"x": Real(0, 1)}, 5, random_state="x"), TypeError,
     "random_state must be None, an integer"),
    (lambda: random_search(f1, {"x": {0, 1}}, 5), TypeError,
     r"space\['x'\] must be Real, Integer, Categorical"),
    (lambda: random_search(f1, {"x": Real(0, 1)}, 5, checkpoint=3), TypeError,
     "checkpoint must be a file path"),
    (lambda: grid_search(f1, {"x": Real(0, 1)}, 5, maximize="yes"), TypeError,
     "maximize must be True or False"),
])
def test_bad_input_is_refused_with_a_helpful_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_objective_signatures_with_defaults_and_kwargs_are_accepted():
    def with_default(x, scale=2.0):
        return scale * x

    def with_kwargs(**params):
        return sum(params.values())

    def keyword_only(*, x):
        return x

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        random_search(with_default, {"x": Real(0, 1)}, 2, random_state=0)
        random_search(with_default, {"x": Real(0, 1), "scale": Real(1, 2)}, 2, random_state=0)
        random_search(with_kwargs, {"a": Real(0, 1), "b": Real(0, 1)}, 2, random_state=0)
        random_search(keyword_only, {"x": Real(0, 1)}, 2, random_state=0)


# -- issue 12: nothing hidden, a time budget ------------------------------------------------

SEARCH_FNS = {
    "grid": lambda f, space, n, **kw: grid_search(f, space, n, **kw),
    "random": lambda f, space, n, **kw: random_search(f, space, n, random_state=0, **kw),
    "bayesian": lambda f, space, n, **kw: bayesian_search(f, space, n, random_state=0, **kw),
}


@pytest.mark.parametrize("method", SEARCH_FNS)
def test_a_search_whose_every_call_fails_warns_with_the_distinct_errors(method):
    from hpt_helpers.search import AllFailedWarning

    def objective(x):
        if x < 0.5:
            return undefined_name  # noqa: F821 - the bug being reported
        raise ValueError("x too large")

    with pytest.warns(AllFailedWarning, match=r"(?s)every one of the 6 evaluations.*"
                                              r"NameError: name 'undefined_name'.*"
                                              r"ValueError: x too large"):
        res = SEARCH_FNS[method](objective, {"x": Real(0, 1)}, 6)
    assert res.best_params is None and res.n_failed == 6
    with warnings.catch_warnings():
        warnings.simplefilter("error", AllFailedWarning)  # a search that succeeds once
        SEARCH_FNS[method](lambda x: x if x > 0.3 else 1 / 0, {"x": Real(0, 1)}, 6)


@pytest.mark.parametrize("method", SEARCH_FNS)
@pytest.mark.parametrize("raw", [True, False, np.bool_(True)])
def test_an_objective_returning_a_bool_is_a_failure(method, raw):
    with pytest.warns(RuntimeWarning, match="not a number"):
        res = SEARCH_FNS[method](lambda x: raw, {"x": Real(0, 1)}, 3)
    assert res.n_failed == 3
    assert all("returned" in e and "not a number" in e for e in res.errors)


@pytest.mark.parametrize("method", SEARCH_FNS)
def test_timeout_stops_starting_new_evaluations(method):
    import time

    def slow(x):
        time.sleep(0.2)
        return (x - 0.3) ** 2

    start = time.perf_counter()
    res = SEARCH_FNS[method](slow, {"x": Real(0, 1)}, 50, timeout=0.5)
    elapsed = time.perf_counter() - start
    assert 1 <= len(res.params) < 50
    # the budget was spent when the last evaluation started (each takes 0.2 s)
    assert sum(res.seconds[:-1]) < 0.5 + 0.2 * 2
    assert elapsed < 50 * 0.2 / 2
    with pytest.raises(ValueError, match="timeout"):
        SEARCH_FNS[method](slow, {"x": Real(0, 1)}, 5, timeout=0)
