"""Argument checks name the parameter, the value and what is allowed."""

import numpy as np
import pytest

from hpt_helpers.validation import (
    check_callable,
    check_int,
    check_number,
    check_one_of,
    check_random_state,
)


def test_check_int():
    assert check_int("n", np.int64(3), low=1) == 3
    with pytest.raises(ValueError, match=r"n_calls must be an integer between 1 and 5; got 9"):
        check_int("n_calls", 9, low=1, high=5)
    with pytest.raises(TypeError, match=r"n_calls must be an integer >= 1; got 2.5 of type float"):
        check_int("n_calls", 2.5, low=1)
    with pytest.raises(TypeError):
        check_int("n_calls", True)


def test_check_number():
    assert check_number("xi", 0) == 0.0
    with pytest.raises(ValueError, match=r"xi must be a finite number >= 0; got -0.1"):
        check_number("xi", -0.1, low=0)
    with pytest.raises(ValueError, match="> 0"):
        check_number("lr", 0, low=0, low_inclusive=False)
    with pytest.raises(ValueError, match="finite"):
        check_number("lr", float("nan"))
    with pytest.raises(TypeError, match="got 'a' of type str"):
        check_number("lr", "a")


def test_check_one_of_and_callable():
    with pytest.raises(ValueError, match="design must be one of 'lhs', 'sobol'; got 'grid'"):
        check_one_of("design", "grid", ["lhs", "sobol"])
    assert check_callable("f", len) is len
    with pytest.raises(TypeError, match="objective must be callable"):
        check_callable("objective", None)


def test_check_random_state():
    a = check_random_state("random_state", 3).random()
    assert a == np.random.default_rng(3).random()
    gen = np.random.default_rng(1)
    assert check_random_state("random_state", gen) is gen
    with pytest.raises(ValueError, match="random_state"):
        check_random_state("random_state", -1)
    with pytest.raises(TypeError, match="random_state"):
        check_random_state("random_state", "seed")
