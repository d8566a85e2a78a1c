"""Long searches stay cheap: hyperparameters re-optimised only every few fits, on a subset."""

import numpy as np

from hpt_helpers import optimizer as optmod
from hpt_helpers.optimizer import REFIT_FROM, BayesianOptimizer, _hyper_subset, refit_period
from hpt_helpers.space import Real

SPACE = {"a": Real(0, 1), "b": Real(0, 1)}


def told(n, seed=0):
    opt = BayesianOptimizer(SPACE, random_state=seed)
    rng = np.random.default_rng(seed)
    X = rng.random((n, 2))
    opt.tell([{"a": a, "b": b} for a, b in X], list(np.sin(6 * X[:, 0]) + X[:, 1] ** 2))
    return opt, rng


def test_refit_period_grows_with_the_observations():
    assert [refit_period(n) for n in (1, REFIT_FROM - 1)] == [1, 1]
    assert refit_period(200) == 10 and refit_period(800) == 40
    assert all(refit_period(n) <= refit_period(n + 1) for n in range(1, 1000))


def test_between_refits_the_hyperparameters_are_kept(monkeypatch):
    calls = []
    real_fit = optmod.fit_gp

    def spy(X, y, **kw):
        calls.append((len(y), kw["optimize"]))
        return real_fit(X, y, **kw)

    monkeypatch.setattr(optmod, "fit_gp", spy)
    opt, rng = told(REFIT_FROM + 3)   # 153 observations: refit_period 7
    opt._fit()
    for _ in range(8):
        a, b = rng.random(2)
        opt.tell({"a": a, "b": b}, float(np.sin(6 * a) + b**2))
        opt._fit()
    keys = sorted(opt.theta_history)
    optimised = {n for n, flag in calls if flag}
    # the first fit (no earlier hyperparameters) and the multiples of the period optimise
    assert optimised == {k for k in keys if k == keys[0] or k % refit_period(k) == 0}
    for k in keys[1:]:
        if k % refit_period(k):
            np.testing.assert_array_equal(opt.theta_history[k], opt.theta_history[k - 1])


def test_hyperparameters_are_learned_on_a_capped_subset(monkeypatch):
    sizes = []
    real_fit = optmod.fit_gp

    def spy(X, y, **kw):
        sizes.append((len(y), kw["optimize"]))
        return real_fit(X, y, **kw)

    monkeypatch.setattr(optmod, "HYPER_FIT_MAX", 40)
    monkeypatch.setattr(optmod, "fit_gp", spy)
    opt, _ = told(160)   # 160 % refit_period(160) == 0: an optimising fit
    gp = opt._fit()
    assert (40, True) in sizes and (160, False) in sizes
    assert gp.X_train_.shape[0] == 160   # the surrogate conditions on every observation


def test_subset_holds_the_best_half_and_random_others():
    y = np.arange(100.0)[::-1]          # the best values are the last rows
    rows = _hyper_subset(y, 20, np.random.default_rng(0))
    assert len(rows) == len(set(rows)) == 20
    assert set(range(90, 100)) <= set(rows)
