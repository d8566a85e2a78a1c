"""BayesianOptimizer: surrogate robustness, proposals, batches, failures, settings."""

import math

import numpy as np
import pytest
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import Matern, WhiteKernel

from hpt_helpers.optimizer import BayesianOptimizer
from hpt_helpers.space import Categorical, Integer, Real, Space
from hpt_helpers.surrogate import fit_gp

SPACE_1D = Space({"x": Real(0.0, 1.0)})


def _run(opt, f, n):
    for _ in range(n):
        [p] = opt.ask()
        opt.tell(p, f(**p))
    return opt


# ---------------------------------------------------------------- surrogate


def test_surrogate_is_sklearn_gp_with_matern_per_column_and_learned_noise():
    space = Space({"a": Real(0, 1), "b": Real(1e-3, 1, log=True), "k": Categorical(["u", "v"])})
    opt = BayesianOptimizer(space, n_initial_points=6, random_state=0)
    _run(opt, lambda a, b, k: a + math.log(b) + (k == "u"), 6)
    gp = opt.gp
    assert isinstance(gp, GaussianProcessRegressor) and gp.normalize_y
    matern = gp.kernel_.k1.k2
    assert isinstance(matern, Matern) and matern.nu == 2.5
    assert np.shape(matern.length_scale) == (space.n_dims,) == (4,)
    assert isinstance(gp.kernel_.k2, WhiteKernel)
    assert opt.X_unit.shape == (6, 4) and np.all((opt.X_unit >= 0) & (opt.X_unit <= 1))


def _finite_everywhere(opt):
    U = np.linspace(0, 1, 101)[:, None]
    mean, std = opt.predict(U)
    values = opt.acquisition_values(U)
    return all(np.all(np.isfinite(a)) for a in (mean, std, values)) and np.all(std >= 0)


def test_surrogate_stays_finite_with_duplicate_points():
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=0, random_state=0)
    opt.tell([{"x": 0.3}] * 5 + [{"x": 0.7}] * 3, [1.0, 1.1, 0.9, 1.0, 1.0, 2.0, 2.0, 2.0])
    assert _finite_everywhere(opt)
    [p] = opt.ask()
    assert p["x"] not in (0.3, 0.7)


def test_surrogate_stays_finite_with_a_constant_objective():
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=3, random_state=0)
    _run(opt, lambda x: 4.2, 8)
    assert _finite_everywhere(opt)
    assert len({p["x"] for p in opt.params_told}) == 8


def test_surrogate_stays_finite_with_values_spanning_24_orders_of_magnitude():
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=0, random_state=0)
    xs = np.linspace(0, 1, 9)
    opt.tell([{"x": float(x)} for x in xs], list(np.logspace(-12, 12, 9)))
    assert _finite_everywhere(opt)
    mean, _ = opt.predict(xs[:, None])
    assert np.all(np.isfinite(mean))
    _run(opt, lambda x: 10.0 ** (24 * x - 12), 3)
    assert _finite_everywhere(opt)


def test_fit_gp_refuses_nan_and_fixed_noise_is_respected():
    X = np.array([[0.1], [0.4], [0.9]])
    with pytest.raises(ValueError, match="y must be finite"):
        fit_gp(X, np.array([1.0, np.nan, 2.0]))
    gp = fit_gp(X, np.array([1.0, 3.0, 2.0]), noise=0.5, random_state=0)
    noise = gp.kernel_.k2
    assert noise.noise_level == pytest.approx(0.5 / np.var([1.0, 3.0, 2.0]))
    assert noise.hyperparameter_noise_level.fixed


def test_fixed_length_scale_is_used():
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=3, length_scale=0.2, random_state=0)
    _run(opt, lambda x: x**2, 4)
    assert opt.gp.kernel_.k1.k2.length_scale == 0.2


# ---------------------------------------------------------------- failures


@pytest.mark.parametrize("failures, n_train", [("worst", 5), ("ignore", 2)])
def test_failed_values_are_kept_and_the_surrogate_never_sees_a_nan(failures, n_train):
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=0, failures=failures, random_state=0)
    opt.tell([{"x": 0.1}, {"x": 0.5}, {"x": 0.6}, {"x": 0.9}],
             [1.0, float("nan"), float("inf"), 2.0])
    opt.tell({"x": 0.3}, None)
    assert opt.n_told == 5
    assert np.isnan(opt.values_told[[1, 2, 4]]).all()
    np.testing.assert_array_equal(opt.y, [1.0, 2.0])
    assert opt.X_unit.shape == (2, 1)
    assert len(opt.gp.y_train_) == n_train
    assert np.all(np.isfinite(opt.gp.y_train_))
    if failures == "worst":  # the failures stand at the worst success (2.0), normalised
        y = opt.gp.y_train_ * opt.gp._y_train_std + opt.gp._y_train_mean
        np.testing.assert_allclose(y, [1.0, 2.0, 2.0, 2.0, 2.0])
    assert opt.best_value == 1.0 and opt.best_params == {"x": 0.1}
    for _ in range(5):
        [p] = opt.ask()
        assert all(abs(p["x"] - q["x"]) > 1e-6 for q in opt.params_told)
        opt.tell(p, float("nan"))


def _broken_option_share(failures: str, seeds=range(4)) -> float:
    space = {"C": Real(1e-2, 1e2, log=True), "broken": Categorical([False, True])}
    later = []
    for seed in seeds:
        opt = BayesianOptimizer(space, n_initial_points=5, failures=failures,
                                random_state=seed)
        for i in range(15):
            [p] = opt.ask()
            opt.tell(p, math.nan if p["broken"] else (math.log10(p["C"]) - 0.5) ** 2)
            if i >= 5:
                later.append(p["broken"])
    return float(np.mean(later))


def test_a_failing_categorical_option_stops_being_proposed():
    # Told as the worst value, the failures teach the surrogate to avoid the option;
    # left out, they teach it nothing and its uncertainty keeps drawing the search back.
    worst, ignore = _broken_option_share("worst"), _broken_option_share("ignore")
    assert worst < 0.2
    assert ignore > 0.5
    # imputed at an upper bound of the successes' GP: where no success was seen (the
    # broken option) that bound is high, so the option is avoided as well
    assert _broken_option_share("impute") < 0.2


def test_only_failures_still_gives_new_points():
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=1, random_state=0)
    for _ in range(4):
        [p] = opt.ask()
        opt.tell(p, float("nan"))
    assert opt.gp is None and opt.best_value == math.inf and opt.best_params is None
    assert len({p["x"] for p in opt.params_told}) == 4
    mean, std = opt.predict([[0.5]])
    assert mean.tolist() == [0.0] and std.tolist() == [1.0]


# ---------------------------------------------------------------- proposals


def test_never_proposes_an_evaluated_point_when_the_optimum_is_a_corner():
    # x -> minimum at the bound x = 0: the acquisition keeps pointing at 0.0
    for acquisition in ("ei", "pi", "ucb"):
        opt = BayesianOptimizer(SPACE_1D, n_initial_points=2, acquisition=acquisition,
                                xi=0.0, kappa=0.0, random_state=1)
        _run(opt, lambda x: x, 15)
        U = opt._U_told
        gaps = np.abs(U[:, None, 0] - U[None, :, 0]) + np.eye(len(U))
        assert gaps.min() > 1e-6, acquisition
        assert opt.best_value < 0.05


def test_never_repeats_on_a_small_discrete_space_until_it_is_exhausted():
    space = Space({"n": Integer(0, 4), "k": Categorical(["a", "b"])})
    opt = BayesianOptimizer(space, n_initial_points=3, random_state=0)
    _run(opt, lambda n, k: (n - 3) ** 2 + (k == "a"), space.size)
    assert len({(p["n"], p["k"]) for p in opt.params_told}) == space.size == 10
    with pytest.warns(RuntimeWarning, match="every point of the search space"):
        opt.ask()


def test_proposals_respect_the_space_types():
    space = Space({"lr": Real(1e-4, 1, log=True), "n": Integer(1, 64, log=True),
                   "act": Categorical(["relu", "tanh", None])})
    opt = BayesianOptimizer(space, n_initial_points=4, random_state=0)
    _run(opt, lambda lr, n, act: (math.log10(lr) + 2) ** 2 + abs(n - 8) / 8
         + (act != "tanh"), 12)
    for p in opt.params_told:
        assert 1e-4 <= p["lr"] <= 1 and isinstance(p["n"], int) and 1 <= p["n"] <= 64
        assert p["act"] in ("relu", "tanh", None)
    assert opt.best_params["act"] == "tanh"


def test_finds_the_minimum_of_a_smooth_function():
    opt = BayesianOptimizer(Space({"x": Real(-3, 3), "y": Real(-3, 3)}), random_state=0)
    _run(opt, lambda x, y: (x - 1) ** 2 + (y + 0.5) ** 2, 20)
    assert opt.best_value < 0.01


def test_same_seed_same_proposals_and_different_seed_different():
    def points(seed):
        opt = BayesianOptimizer(SPACE_1D, n_initial_points=3, random_state=seed)
        return [p["x"] for p in _run(opt, lambda x: math.sin(7 * x), 8).params_told]

    assert points(5) == points(5)
    assert points(5) != points(6)


def test_ask_is_deterministic_given_the_observations():
    opt = _run(BayesianOptimizer(SPACE_1D, n_initial_points=3, random_state=0),
               lambda x: math.sin(7 * x), 5)
    assert opt.ask() == opt.ask()


def test_initial_designs_cover_the_space():
    for design in ("lhs", "sobol", "random"):
        opt = BayesianOptimizer(SPACE_1D, n_initial_points=8, initial_design=design,
                                random_state=0)
        xs = [p["x"] for p in opt.ask(8)]
        assert len(set(xs)) == 8
        if design == "lhs":
            assert sorted(int(x * 8) for x in xs) == list(range(8))


# ---------------------------------------------------------------- batches


@pytest.mark.parametrize("liar", ["auto", "min", "mean", "max", "believer"])
def test_batch_proposals_are_distinct_and_spread(liar):
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=4, liar=liar, random_state=0)
    _run(opt, lambda x: math.sin(10 * x), 4)
    batch = [p["x"] for p in opt.ask(4)]
    assert len(batch) == 4
    seen = [p["x"] for p in opt.params_told]
    assert min(abs(a - b) for i, a in enumerate(batch) for b in batch[:i] + seen) > 1e-6
    # the first point of a batch is the single-point proposal
    assert batch[0] == opt.ask()[0]["x"]


def test_batch_spanning_the_initial_design_and_the_acquisition():
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=3, random_state=0)
    opt.tell(opt.ask(2), [1.0, 2.0])
    batch = opt.ask(3)
    assert batch[0] == opt._design[2]
    assert len({p["x"] for p in batch}) == 3


# ---------------------------------------------------------------- inspection API


def test_predict_and_acquisition_shapes_and_parts():
    opt = _run(BayesianOptimizer(SPACE_1D, n_initial_points=4, random_state=0),
               lambda x: (x - 0.3) ** 2, 6)
    U = np.linspace(0, 1, 50)[:, None]
    mean, std = opt.predict(U)
    assert mean.shape == std.shape == (50,)
    assert opt.predict(U, return_std=False).shape == (50,)
    exploit, explore = opt.acquisition_parts(U)
    np.testing.assert_allclose(exploit + explore, opt.acquisition_values(U), atol=1e-12)
    # the surrogate interpolates the observations closely
    np.testing.assert_allclose(opt.predict(opt.X_unit, return_std=False), opt.y, atol=0.02)


def test_with_settings_reuses_the_surrogate_or_refits_it():
    opt = _run(BayesianOptimizer(SPACE_1D, n_initial_points=4, random_state=0),
               lambda x: (x - 0.3) ** 2, 6)
    pi = opt.with_settings(acquisition="pi", xi=0.1)
    assert pi.gp is opt.gp and pi.n_told == opt.n_told and pi.acquisition == "pi"
    assert pi.xi == 0.1 and opt.acquisition == "ei"
    noisy = opt.with_settings(noise=0.5)
    assert noisy.gp is not opt.gp and noisy.noise == 0.5
    assert noisy.predict([[0.5]])[1][0] > opt.predict([[0.5]])[1][0] * 0.5
    with pytest.raises(TypeError, match="unknown settings"):
        opt.with_settings(colour="red")
    with pytest.raises(ValueError, match="kappa must be a finite number >= 0"):
        opt.with_settings(kappa=-1)
    assert opt.get_settings()["random_state"] == opt.seed == 0


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, error, match", [
    ({"acquisition": "lcb"}, ValueError, "acquisition must be one of 'ei', 'pi', 'ucb'; got "
                                         "'lcb'"),
    ({"initial_design": "halton"}, ValueError, "initial_design must be one of 'lhs', "
                                               "'random', 'sobol'; got 'halton'"),
    ({"xi": -0.01}, ValueError, "xi must be a finite number >= 0; got -0.01"),
    ({"kappa": -1.0}, ValueError, "kappa must be a finite number >= 0; got -1.0"),
    ({"noise": -1.0}, ValueError, "noise must be a finite number >= 0"),
    ({"noise": "auto"}, ValueError, "noise must be one of 'learned'; got 'auto'"),
    ({"length_scale": 0.0}, ValueError, "length_scale must be a finite number > 0"),
    ({"n_initial_points": -1}, ValueError, "n_initial_points must be an integer >= 0"),
    ({"liar": "median"}, ValueError,
     "liar must be one of 'auto', 'min', 'mean', 'max', 'believer'"),
    ({"failures": "skip"}, ValueError, "failures must be one of 'model', 'worst', 'ignore', "
                                       "'impute', 'impute_model'; got 'skip'"),
    ({"random_state": "seed"}, TypeError, "random_state must be None, an integer"),
    ({"random_state": -3}, ValueError, "random_state must be None, an integer >= 0"),
])
def test_bad_settings_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        BayesianOptimizer(SPACE_1D, **kwargs)


def test_bad_tell_and_ask_are_refused():
    opt = BayesianOptimizer(SPACE_1D, random_state=0)
    with pytest.raises(ValueError, match="same length"):
        opt.tell([{"x": 0.1}, {"x": 0.2}], [1.0])
    with pytest.raises(TypeError, match="values must be real numbers"):
        opt.tell({"x": 0.1}, "low")
    with pytest.raises(ValueError, match="exactly the keys"):
        opt.tell({"y": 0.1}, 1.0)
    with pytest.raises(ValueError, match="n must be an integer >= 1; got 0"):
        opt.ask(0)
    assert opt.n_told == 0


# -- issue 12: robust to penalties, one rule for tell, failures modelled ------------------

def test_a_huge_finite_penalty_does_not_crash_the_search():
    from hpt_helpers.search import bayesian_search

    res = bayesian_search(lambda x: 1e300 if x < 0 else x * x, {"x": Real(-1, 1)}, 10,
                          random_state=0)
    assert len(res.params) == 10 and res.n_failed == 0
    assert 0 <= res.best_params["x"] < 0.3


def test_a_huge_penalty_leaves_the_surrogate_finite_with_every_failure_setting():
    for failures in ("model", "worst", "ignore", "impute", "impute_model"):
        opt = BayesianOptimizer({"x": Real(-1, 1)}, n_initial_points=3, random_state=0,
                                failures=failures, liar="max")
        opt.tell([{"x": -0.5}, {"x": 0.2}, {"x": 0.6}, {"x": 0.9}],
                 [1e300, 0.04, math.nan, 0.81])
        batch = opt.ask(2)
        mean, std = opt.predict(opt.space.transform(batch))
        assert np.all(np.isfinite(mean)) and np.all(np.isfinite(std))


@pytest.mark.parametrize("point, error, match", [
    ({"x": 5.0, "n": 2, "k": "a"}, ValueError, r"params\[0\]\['x'\] must be within Real"),
    ({"x": 0.5, "n": 3.7, "k": "a"}, ValueError, r"params\[0\]\['n'\] must be an integer"),
    ({"x": 0.5, "n": 9, "k": "a"}, ValueError, r"params\[0\]\['n'\] must be within Integer"),
    ({"x": 0.5, "n": 2, "k": "z"}, ValueError, r"params\[0\]\['k'\] must be one of"),
    ({"x": True, "n": 2, "k": "a"}, TypeError, r"params\[0\]\['x'\] must be a number"),
    ({"x": "0.5", "n": 2, "k": "a"}, TypeError, r"params\[0\]\['x'\] must be a number"),
    ({"x": 0.5, "n": 2}, ValueError, r"params\[0\] must have exactly the keys"),
])
def test_tell_refuses_points_outside_the_space(point, error, match):
    opt = BayesianOptimizer({"x": Real(0, 1), "n": Integer(1, 4),
                             "k": Categorical(["a", "b"])}, random_state=0)
    with pytest.raises(error, match=match):
        opt.tell(point, 1.0)
    assert opt.n_told == 0


def test_tell_takes_numpy_scalars_and_zero_d_arrays_as_the_search_functions_do():
    opt = BayesianOptimizer({"x": Real(0, 1), "n": Integer(1, 4)}, random_state=0)
    opt.tell({"x": np.array(0.25), "n": np.int64(2)}, np.array(1.5))
    opt.tell([{"x": np.float32(0.5), "n": 3.0}], [np.array(2.5)])
    assert opt.params_told == [{"x": 0.25, "n": 2}, {"x": 0.5, "n": 3}]
    assert type(opt.params_told[1]["n"]) is int
    np.testing.assert_allclose(opt.values_told, [1.5, 2.5])
    for bad in (True, np.bool_(False), [True]):
        with pytest.raises(TypeError, match="not bools"):
            opt.tell({"x": 0.1, "n": 1}, bad)


def test_failures_model_weights_the_acquisition_by_the_probability_of_success():
    space = {"x": Real(0, 1)}
    opt = BayesianOptimizer(space, n_initial_points=6, random_state=0, failures="model")
    xs = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]
    opt.tell([{"x": x} for x in xs], [(x - 0.55) ** 2 if x < 0.6 else math.nan for x in xs])
    X_train, y_train = opt._training_data()
    assert len(y_train) == 7 and np.all(np.isfinite(y_train))  # failures at the worst
    p = opt.success_probability(opt.space.transform([{"x": 0.2}, {"x": 0.9}]))
    assert p[0] > 0.5 > p[1]
    # the acquisition is the plain one times P(success)
    U = opt.space.transform([{"x": 0.3}, {"x": 0.9}])
    mean, std = opt.predict(U)
    plain = opt._acq_from(mean, std, opt.best_value)
    np.testing.assert_allclose(opt.acquisition_values(U), plain * opt.success_probability(U))
    for _ in range(5):
        [q] = opt.ask()
        opt.tell(q, (q["x"] - 0.55) ** 2 if q["x"] < 0.6 else math.nan)
    assert np.isfinite(opt.values_told[-5:]).all()  # no proposal fails here


# -- failures="impute": a failure enters the surrogate at an upper bound of the successes --

def test_failures_impute_gives_each_failure_an_upper_bound_of_a_successes_only_gp():
    xs = [0.05, 0.2, 0.35, 0.45, 0.5, 0.95]
    f = [(x - 0.4) ** 2 * 10 if x < 0.6 else math.nan for x in xs]
    f[3] = math.nan  # a failure among good points, at 0.45; another far away, at 0.95
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=0, random_state=0, failures="impute")
    opt.tell([{"x": x} for x in xs], f)
    successes = np.array([v for v in f if math.isfinite(v)])
    imputed = opt._imputed_failures()
    # its own GP of the successes: mean + 2 std at each failed point, clipped to
    # [median, worst] of the successes
    gp = fit_gp(opt.X_unit, opt.y, theta=opt._impute_theta, optimize=False)
    mean, std = gp.predict(opt.space.transform([{"x": 0.45}, {"x": 0.95}]), return_std=True)
    expected = np.clip(mean + 2 * std, np.median(successes), successes.max())
    np.testing.assert_allclose(imputed, expected, rtol=1e-6)
    assert imputed[0] < imputed[1]  # near good points a failure looks less bad
    assert np.all(imputed >= np.median(successes)) and np.all(imputed <= successes.max())
    X_train, y_train = opt._training_data()
    assert len(y_train) == 6 and np.all(np.isfinite(y_train))
    np.testing.assert_allclose(y_train[[3, 5]], imputed)  # in the order told
    # "worst" puts both at the worst success
    worst = opt.with_settings(failures="worst")._training_data()[1]
    np.testing.assert_allclose(worst[[3, 5]], successes.max())


def test_failures_impute_model_imputes_and_weights_by_the_probability_of_success():
    xs = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]
    values = [(x - 0.55) ** 2 if x < 0.6 else math.nan for x in xs]
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=0, random_state=0,
                            failures="impute_model")
    opt.tell([{"x": x} for x in xs], values)
    assert opt.feasibility is not None
    imputed = opt.with_settings(failures="impute")
    np.testing.assert_allclose(opt._training_data()[1], imputed._training_data()[1])
    U = opt.space.transform([{"x": 0.3}, {"x": 0.9}])
    mean, std = opt.predict(U)
    plain = opt._acq_from(mean, std, opt.best_value)
    np.testing.assert_allclose(opt.acquisition_values(U), plain * opt.success_probability(U))
    assert opt.success_probability(U)[1] < 0.5


@pytest.mark.parametrize("failures", ["model", "impute", "impute_model", "ignore"])
def test_without_failures_every_failure_setting_proposes_what_worst_proposes(failures):
    # the reason the failure settings cannot lose regret on failure-free problems
    def f(x1, x2):
        return (x1 - 0.3) ** 2 + (x2 - 0.6) ** 2

    space = {"x1": Real(0, 1), "x2": Real(0, 1)}
    runs = [_run(BayesianOptimizer(space, random_state=3, failures=setting), f, 12)
            for setting in ("worst", failures)]
    points = [opt.space.transform(opt.params_told) for opt in runs]
    np.testing.assert_allclose(points[0], points[1], atol=1e-9)
    assert runs[1].feasibility is None


# ---------------------------------------------------------------- acquisition maximisation


def _confident_optimizer():
    """A 1-D optimizer whose surrogate is sure almost everywhere: EI is exactly 0 on most
    of the interval (best observed at x = 0.5)."""
    opt = BayesianOptimizer(SPACE_1D, n_initial_points=0, noise=0.0, length_scale=0.3,
                            random_state=0)
    xs = np.linspace(0.0, 1.0, 21)
    opt.tell([{"x": float(x)} for x in xs], list(1000.0 * (xs - 0.5) ** 2))
    return opt


def test_proposals_rank_points_where_ei_underflows_by_log_ei(monkeypatch):
    from hpt_helpers import optimizer
    from hpt_helpers.surrogate import posterior

    monkeypatch.setattr(optimizer, "LOG_ACQUISITION", True)

    opt = _confident_optimizer()
    U = np.arange(0.125, 0.4, 0.05)[:, None]  # midway between observations
    mean, std = posterior(opt.gp, U)
    ei = opt.acquisition_values(U)
    assert np.mean(ei == 0.0) > 0.5  # EI ties at 0 on most of these points
    ranking = opt._ranking(mean, std, opt.best_value, U)
    # the optimizer's ranking still orders them: better the nearer the best point
    assert np.all(np.isfinite(ranking)) and np.all(np.diff(ranking) > 0)


def test_acquisition_climb_moves_where_ei_underflows(monkeypatch):
    from hpt_helpers import optimizer
    from hpt_helpers.surrogate import posterior

    monkeypatch.setattr(optimizer, "LOG_ACQUISITION", True)

    opt = _confident_optimizer()
    gp, best = opt.gp, opt.best_value

    def score(U):
        mean, std = posterior(gp, U)
        return opt._ranking(mean, std, best, U)

    x0 = np.array([0.12])
    assert opt.acquisition_values(x0[None])[0] == 0.0  # no gradient for EI itself
    end = BayesianOptimizer._climb(score, x0, np.array([True]))
    assert abs(end[0] - 0.5) < abs(x0[0] - 0.5) - 0.1  # climbed towards the best point


def test_candidates_are_spread_by_a_sobol_sequence(monkeypatch):
    from scipy.stats import qmc

    from hpt_helpers import optimizer

    monkeypatch.setattr(optimizer, "CANDIDATES", "sobol")

    space = Space({"a": Real(0, 1), "b": Real(0, 1), "c": Real(0, 1)})
    opt = BayesianOptimizer(space, random_state=0)
    spread = [qmc.discrepancy(opt._candidates(np.random.default_rng(s))) for s in range(5)]
    rand = [qmc.discrepancy(np.random.default_rng(s).random((opt.n_candidates, 3)))
            for s in range(5)]
    assert max(spread) < 0.5 * min(rand)


def test_log_ranking_and_spread_candidates_can_be_switched_off(monkeypatch):
    # with both switched off the proposals are those of plain EI on random candidates
    from hpt_helpers import optimizer

    monkeypatch.setattr(optimizer, "LOG_ACQUISITION", False)
    opt = _confident_optimizer()
    U = np.linspace(0.0, 1.0, 11)[:, None]
    mean, std = opt.predict(U)
    np.testing.assert_allclose(opt._ranking(mean, std, opt.best_value, U),
                               opt.acquisition_values(U))
    monkeypatch.setattr(optimizer, "CANDIDATES", "random")
    np.testing.assert_allclose(opt._candidates(np.random.default_rng(3)),
                               opt.space.transform(opt.space.sample(
                                   opt.n_candidates, np.random.default_rng(3))))
