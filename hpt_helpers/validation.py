"""Argument checks shared by every public helper.

Each check raises a ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind,
wrong value) whose message names the parameter, repeats the value received and says
what is allowed, e.g.::

    ValueError: n_calls must be an integer >= 1; got 0.

These functions sit at the bottom of the layers: they import only numpy.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

__all__ = [
    "check_callable",
    "check_int",
    "check_number",
    "check_one_of",
    "check_random_state",
]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_int(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` after checking it is an integer in ``[low, high]``.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message.
    value : object
        What the caller passed.
    low, high : int, optional
        Inclusive bounds.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not an integer (bools are refused too).
    ValueError
        If ``value`` is outside ``[low, high]``.

    Examples
    --------
    >>> check_int("n_calls", 10, low=1)
    10
    >>> check_int("n_calls", 0, low=1)
    Traceback (most recent call last):
    ...
    ValueError: n_calls must be an integer >= 1; got 0.
    """
    allowed = _int_range_text(low, high)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {allowed}; got {_show(value)} of type "
                        f"{type(value).__name__}.")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {allowed}; got {value}.")
    return value


def _int_range_text(low, high) -> str:
    if low is not None and high is not None:
        return f"an integer between {low} and {high}"
    if low is not None:
        return f"an integer >= {low}"
    if high is not None:
        return f"an integer <= {high}"
    return "an integer"


def check_number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a finite ``float`` after checking its bounds.

    Examples
    --------
    >>> check_number("xi", 0.01, low=0)
    0.01
    >>> check_number("xi", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: xi must be a finite number >= 0; got -1.
    """
    parts = []
    if low is not None:
        parts.append(f"{'>=' if low_inclusive else '>'} {low:g}")
    if high is not None:
        parts.append(f"{'<=' if high_inclusive else '<'} {high:g}")
    allowed = "a finite number" + (" " + " and ".join(parts) if parts else "")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {allowed}; got {_show(value)} of type "
                        f"{type(value).__name__}.")
    fvalue = float(value)
    bad = not np.isfinite(fvalue)
    if low is not None:
        bad |= fvalue < low if low_inclusive else fvalue <= low
    if high is not None:
        bad |= fvalue > high if high_inclusive else fvalue >= high
    if bad:
        raise ValueError(f"{name} must be {allowed}; got {_show(value)}.")
    return fvalue


def check_one_of(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Check that ``value`` is one of ``allowed`` and return it.

    Examples
    --------
    >>> check_one_of("acquisition", "ei", ["ei", "pi", "ucb"])
    'ei'
    >>> check_one_of("acquisition", "xx", ["ei", "pi", "ucb"])
    Traceback (most recent call last):
    ...
    ValueError: acquisition must be one of 'ei', 'pi', 'ucb'; got 'xx'.
    """
    allowed = list(allowed)
    if value not in allowed:
        listed = ", ".join(_show(a) for a in allowed)
        raise ValueError(f"{name} must be one of {listed}; got {_show(value)}.")
    return value


def check_callable(name: str, value: Any) -> Callable:
    """Check that ``value`` is callable and return it.

    Examples
    --------
    >>> check_callable("objective", 3)
    Traceback (most recent call last):
    ...
    TypeError: objective must be callable (a function of keyword arguments); got 3 of type int.
    """
    if not callable(value):
        raise TypeError(f"{name} must be callable (a function of keyword arguments); "
                        f"got {_show(value)} of type {type(value).__name__}.")
    return value


def check_random_state(name: str, value: Any) -> np.random.Generator:
    """Turn ``None``, an int seed or a numpy ``Generator`` into a ``Generator``.

    Examples
    --------
    >>> rng = check_random_state("random_state", 0)
    >>> float(rng.random()) == float(np.random.default_rng(0).random())
    True
    """
    if value is None or (isinstance(value, numbers.Integral) and not isinstance(value, bool)):
        if value is not None and value < 0:
            raise ValueError(f"{name} must be None, an integer >= 0 or a numpy Generator; "
                             f"got {value}.")
        return np.random.default_rng(value)
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, np.random.RandomState):
        return np.random.default_rng(value.randint(2**31 - 1))
    raise TypeError(f"{name} must be None, an integer >= 0 or a numpy Generator; "
                    f"got {_show(value)} of type {type(value).__name__}.")
