"""Initial designs: the points Bayesian search evaluates before it trusts its surrogate.

- ``"random"``: independent uniform samples (log-uniform on log dimensions);
- ``"lhs"``: a Latin hypercube -- each dimension's range is cut into ``n`` equal slices
  and every slice gets exactly one point, so no region of any single dimension is left out;
- ``"sobol"``: a scrambled Sobol low-discrepancy sequence, which also spreads points over
  pairs and triples of dimensions (best with ``n`` a power of two).

All three draw one number in ``[0, 1)`` per dimension and map it with
:meth:`hpt_helpers.space.Space.from_uniform`, so integers and categories get equal shares.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.stats import qmc

from hpt_helpers.space import Space
from hpt_helpers.validation import check_int, check_one_of

__all__ = ["DESIGNS", "initial_design"]

DESIGNS = ("lhs", "random", "sobol")


def initial_design(space: Space, n: int, kind: str = "lhs",
                   rng: np.random.Generator | None = None) -> list[dict]:
    """``n`` points spread over ``space`` by a random, Latin hypercube or Sobol design.

    Parameters
    ----------
    space : Space
    n : int
        Number of points (>= 0).
    kind : {"lhs", "random", "sobol"}, default "lhs"
    rng : numpy Generator, optional

    Returns
    -------
    list of dict

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> pts = initial_design(Space({"x": Real(0, 1)}), 4, "lhs", np.random.default_rng(0))
    >>> sorted(int(p["x"] * 4) for p in pts)   # one point in each quarter
    [0, 1, 2, 3]
    """
    n = check_int("n", n, low=0)
    check_one_of("initial_design", kind, DESIGNS)
    rng = np.random.default_rng() if rng is None else rng
    if n == 0:
        return []
    d = len(space)
    if kind == "random":
        V = rng.random((n, d))
    elif kind == "lhs":
        V = qmc.LatinHypercube(d=d, rng=rng).random(n)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # balance warning when n != 2**m
            V = qmc.Sobol(d=d, scramble=True, rng=rng).random(n)
    return space.from_uniform(V)
