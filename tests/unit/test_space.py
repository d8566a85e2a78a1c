"""Search spaces: validation, sampling, unit-cube transforms (with property tests), grids."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import loguniform, norm, randint, uniform

from hpt_helpers.space import Categorical, Integer, Real, Space, as_space

# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("cls", [Real, Integer])
def test_low_not_below_high_is_refused_naming_both(cls):
    with pytest.raises(ValueError, match=r"low must be < high; got low=5, high=5"):
        cls(5, 5)
    with pytest.raises(ValueError, match=r"low=3, high=1"):
        cls(3, 1)


@pytest.mark.parametrize("cls", [Real, Integer])
def test_log_scale_needs_positive_low(cls):
    with pytest.raises(ValueError, match=r"log=True needs low > 0.*got low=0"):
        cls(0, 10, log=True)
    with pytest.raises(ValueError, match=r"got low=-1"):
        cls(-1, 10, log=True)


def test_wrong_types_are_refused():
    with pytest.raises(TypeError, match="low must be a real number; got 'a'"):
        Real("a", 1)
    with pytest.raises(TypeError, match="high must be an integer; got 2.5"):
        Integer(1, 2.5)
    with pytest.raises(ValueError, match="must be finite"):
        Real(0, math.inf)
    with pytest.raises(TypeError, match="log must be True or False"):
        Real(1, 2, log="yes")


def test_categorical_refuses_empty_and_duplicate_options():
    with pytest.raises(ValueError, match=r"at least one option; got \[\]"):
        Categorical([])
    with pytest.raises(ValueError, match=r"distinct; got 'rbf' twice"):
        Categorical(["rbf", "poly", "rbf"])
    with pytest.raises(TypeError, match="options must be a list"):
        Categorical("rbf")


def test_categorical_keeps_options_of_different_types_apart():
    dim = Categorical([1, "1", None, True])
    assert dim.index("1") == 1 and dim.index(None) == 2 and dim.index(True) == 3
    with pytest.raises(ValueError, match="not one of the options"):
        dim.index("2")


def test_space_refuses_bad_names_and_values():
    with pytest.raises(ValueError, match="valid Python identifiers"):
        Space({"not valid": Real(0, 1)})
    with pytest.raises(TypeError, match=r"space\['x'\] must be Real, Integer or Categorical"):
        Space({"x": (0, 1)})
    with pytest.raises(ValueError, match="at least one dimension"):
        Space({})


# ---------------------------------------------------------------- sampling


def test_samples_lie_inside_bounds_and_have_the_right_types():
    space = Space({"lr": Real(1e-4, 1e-1, log=True), "n": Integer(2, 9),
                   "m": Integer(1, 1000, log=True), "k": Categorical(["a", "b", "c"])})
    points = space.sample(500, np.random.default_rng(0))
    assert all(1e-4 <= p["lr"] <= 1e-1 and isinstance(p["lr"], float) for p in points)
    assert {p["n"] for p in points} == set(range(2, 10))
    assert all(isinstance(p["n"], int) and isinstance(p["m"], int) for p in points)
    assert {p["k"] for p in points} == {"a", "b", "c"}
    # log-uniform: about half the learning rates below the geometric midpoint 10**-2.5
    below = np.mean([p["lr"] < 10**-2.5 for p in points])
    assert 0.4 < below < 0.6
    # log integers: small values much more frequent than in a uniform draw
    assert np.mean([p["m"] <= 31 for p in points]) > 0.35


def test_integer_sampling_gives_every_value_an_equal_share():
    values = Integer(0, 3).sample(8000, np.random.default_rng(1))
    counts = np.bincount(values)
    assert counts.min() > 1800 and counts.max() < 2200


def test_sampling_is_reproducible_and_prefix_stable():
    space = Space({"x": Real(0, 1), "k": Categorical(["a", "b"])})
    short = space.sample(5, np.random.default_rng(3))
    long = space.sample(20, np.random.default_rng(3))
    assert long[:5] == short


# ---------------------------------------------------------------- transforms


def test_transform_maps_to_the_unit_cube():
    space = Space({"C": Real(1e-3, 1e3, log=True), "d": Integer(1, 5),
                   "k": Categorical(["rbf", "poly"])})
    U = space.transform([{"C": 1e-3, "d": 1, "k": "poly"}, {"C": 1e3, "d": 5, "k": "rbf"},
                         {"C": 1.0, "d": 3, "k": "rbf"}])
    assert U.shape == (3, space.n_dims) == (3, 4)
    np.testing.assert_allclose(U, [[0, 0, 0, 1], [1, 1, 1, 0], [0.5, 0.5, 1, 0]], atol=1e-12)
    assert space.unit_bounds.tolist() == [[0.0, 1.0]] * 4
    assert space.categorical_columns.tolist() == [False, False, True, True]


def test_inverse_transform_rounds_integers_and_takes_argmax_of_one_hot():
    space = Space({"d": Integer(1, 5), "k": Categorical(["a", "b", "c"])})
    assert space.inverse_transform([[0.6, 0.2, 0.7, 0.1]]) == [{"d": 3, "k": "b"}]
    # out-of-cube numbers are clipped
    assert space.inverse_transform([[1.7, 0, 0, 1]]) == [{"d": 5, "k": "c"}]
    assert space.inverse_transform([[-3.0, 1, 0, 0]]) == [{"d": 1, "k": "a"}]


def test_transform_refuses_wrong_keys_and_unknown_options():
    space = Space({"x": Real(0, 1), "k": Categorical(["a", "b"])})
    with pytest.raises(ValueError, match="exactly the keys"):
        space.transform([{"x": 0.5}])
    with pytest.raises(ValueError, match="'z' is not one of the options"):
        space.transform([{"x": 0.5, "k": "z"}])
    with pytest.raises(ValueError, match="U must have 3 columns"):
        space.inverse_transform(np.zeros((2, 5)))


def _dimension():
    real = st.tuples(st.floats(-1e6, 1e6), st.floats(1e-6, 1e6), st.booleans()).map(
        lambda t: Real(abs(t[0]) + 1e-3, abs(t[0]) + 1e-3 + t[1], log=True) if t[2]
        else Real(t[0], t[0] + t[1]))
    integer = st.tuples(st.integers(-1000, 1000), st.integers(1, 1000), st.booleans()).map(
        lambda t: Integer(abs(t[0]) + 1, abs(t[0]) + 1 + t[1], log=True) if t[2]
        else Integer(t[0], t[0] + t[1]))
    categorical = st.lists(st.one_of(st.text(max_size=3), st.integers(), st.none()),
                           min_size=1, max_size=5, unique_by=repr).filter(
        lambda opts: len({(type(o), o) for o in opts}) == len(opts)).map(Categorical)
    return st.one_of(real, integer, categorical)


spaces = st.lists(_dimension(), min_size=1, max_size=4).map(
    lambda dims: Space({f"p{i}": d for i, d in enumerate(dims)}))


@settings(max_examples=80, deadline=None)
@given(space=spaces, seed=st.integers(0, 2**32 - 1))
def test_property_samples_are_in_bounds_and_round_trip(space, seed):
    points = space.sample(7, np.random.default_rng(seed))
    for p in points:
        for name, dim in space.items():
            if isinstance(dim, Categorical):
                dim.index(p[name])
            else:
                assert dim.low <= p[name] <= dim.high
    U = space.transform(points)
    assert U.shape == (7, space.n_dims)
    assert np.all(U >= -1e-9) and np.all(U <= 1 + 1e-9)
    back = space.inverse_transform(U)
    for p, q in zip(points, back, strict=True):
        for name, dim in space.items():
            if isinstance(dim, Real):
                assert q[name] == pytest.approx(p[name], rel=1e-9, abs=1e-9 * (dim.high
                                                                               - dim.low))
            else:
                assert q[name] == p[name]


@settings(max_examples=80, deadline=None)
@given(space=spaces, seed=st.integers(0, 2**32 - 1))
def test_property_any_unit_point_maps_into_the_space_and_snaps_idempotently(space, seed):
    U = np.random.default_rng(seed).uniform(-0.2, 1.2, size=(5, space.n_dims))
    snapped = space.snap(U)
    np.testing.assert_allclose(space.snap(snapped), snapped, atol=1e-9)
    for p in space.inverse_transform(U):
        for name, dim in space.items():
            if not isinstance(dim, Categorical):
                assert dim.low <= p[name] <= dim.high


# ---------------------------------------------------------------- grids


def test_dimension_grids():
    assert Real(0, 1).grid(5) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert Real(0, 1).grid(1) == [0.5]
    np.testing.assert_allclose(Real(1e-2, 1e2, log=True).grid(5), [1e-2, 1e-1, 1, 10, 100])
    assert Integer(0, 3).grid(10) == [0, 1, 2, 3]
    grid = Integer(1, 100, log=True).grid(5)
    assert grid == sorted(set(grid)) and grid[0] == 1 and grid[-1] == 100 and len(grid) <= 5
    assert Categorical(["a", "b", "c", "d", "e"]).grid(3) == ["a", "c", "e"]


@pytest.mark.parametrize("n_calls", [1, 7, 30, 100])
def test_space_grid_fits_the_budget_and_is_even(n_calls):
    space = Space({"a": Real(0, 1), "b": Real(0, 1)})
    grid = space.grid(n_calls)
    assert 0 < len(grid) <= n_calls
    counts = space.grid_shape(n_calls)
    assert max(counts) - min(counts) <= 1
    assert len(grid) >= (math.isqrt(n_calls)) ** 2


def test_space_grid_enumerates_small_categoricals_and_integers():
    space = Space({"x": Real(0, 1), "k": Categorical(["a", "b", "c"]), "n": Integer(1, 2)})
    grid = space.grid(30)
    assert len(grid) <= 30
    assert {p["k"] for p in grid} == {"a", "b", "c"} and {p["n"] for p in grid} == {1, 2}
    assert space.grid_shape(30) == [5, 3, 2]
    assert len({tuple(p.values()) for p in grid}) == len(grid)


# ---------------------------------------------------------------- as_space


def test_as_space_converts_lists_and_scipy_distributions():
    space = as_space({"C": loguniform(1e-3, 1e2), "a": uniform(1, 4), "k": randint(2, 6),
                      "kernel": ["rbf", "poly"], "d": Integer(1, 3)})
    assert space.dimensions == [Real(1e-3, 1e2, log=True), Real(1.0, 5.0), Integer(2, 5),
                                Categorical(["rbf", "poly"]), Integer(1, 3)]
    assert as_space(space) is space


def test_as_space_refuses_what_it_cannot_convert():
    with pytest.raises(TypeError, match=r"space\['x'\].*distribution 'norm'"):
        as_space({"x": norm(0, 1)})
    with pytest.raises(TypeError, match=r"space\['x'\] must be Real, Integer, Categorical, a "
                                        r"sequence of options"):
        as_space({"x": 3})
    with pytest.raises(TypeError, match="space must be a Space or a dict"):
        as_space([Real(0, 1)])


# -- option sequences and categorical errors (issue 12) -----------------------------------

@pytest.mark.parametrize("options", [("rbf", "poly"), range(1, 4), np.array([0.1, 1.0]),
                                     np.array(["a", "b"])])
def test_any_sequence_of_options_is_a_categorical(options):
    space = as_space({"k": options})
    assert isinstance(space["k"], Categorical)
    assert space["k"].options == list(np.asarray(options).tolist())
    points = space.sample(5, np.random.default_rng(0))
    assert space.inverse_transform(space.transform(points)) == points


@pytest.mark.parametrize("options, error, match", [
    ([], ValueError, r"space\['k'\]: Categorical: options must hold at least one"),
    ((), ValueError, r"space\['k'\]: Categorical: options must hold at least one"),
    (np.array([]), ValueError, r"space\['k'\]: Categorical: options must hold at least one"),
    ([1.0, 1.0], ValueError, r"space\['k'\]: Categorical: options must be distinct"),
    ([math.nan, math.nan], ValueError, r"space\['k'\]: Categorical: options must be "
                                       r"distinct"),
    (np.zeros((2, 2)), ValueError, r"space\['k'\]: an array of options must be 1-D"),
])
def test_bad_option_lists_name_the_parameter(options, error, match):
    with pytest.raises(error, match=match):
        as_space({"k": options})


def test_nan_is_an_option_like_any_other():
    # GridSearchCV accepts [np.nan, 1.0] (e.g. SimpleImputer(missing_values=...)); so do we
    space = as_space({"m": [math.nan, 1.0]})
    U = space.transform([{"m": math.nan}, {"m": 1.0}])
    assert U.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    back = space.inverse_transform(U)
    assert math.isnan(back[0]["m"]) and back[1]["m"] == 1.0
    assert Categorical([math.nan, 1.0]).index(float("nan")) == 0
