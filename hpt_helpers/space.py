"""Search spaces: the dimensions a search explores and the unit cube it works in.

A :class:`Space` maps hyperparameter names to dimensions:

- :class:`Real` -- a float in ``[low, high]``, optionally on a log scale;
- :class:`Integer` -- an int in ``[low, high]`` (both ends included), optionally log scale;
- :class:`Categorical` -- one of a list of options (strings, numbers, ``None``...).

Every strategy works in a *unit cube*: each Real or Integer dimension becomes one column in
``[0, 1]`` (log dimensions are mapped in log space first), each Categorical becomes one
column per option holding a one-hot code. :meth:`Space.transform` and
:meth:`Space.inverse_transform` convert between parameter dicts and that cube; going back
rounds integers and picks the largest one-hot entry of a categorical.

Examples
--------
>>> space = Space({"C": Real(1e-3, 1e3, log=True), "kernel": Categorical(["rbf", "poly"])})
>>> space.n_dims
3
>>> space.transform([{"C": 1.0, "kernel": "poly"}]).round(3).tolist()
[[0.5, 0.0, 1.0]]
>>> space.inverse_transform([[0.5, 0.0, 1.0]])
[{'C': 1.0, 'kernel': 'poly'}]
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

__all__ = ["Categorical", "Dimension", "Integer", "Real", "Space", "as_space"]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _as_unit_column(values: Any, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array or an (n, 1) array; got shape "
                         f"{array.shape}.")
    return array


class Dimension:
    """Base class of the three dimension types (not used directly)."""

    width = 1  #: number of unit-cube columns

    def sample(self, n: int, rng: np.random.Generator) -> list:  # pragma: no cover
        raise NotImplementedError

    def to_unit(self, values: Any) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def from_unit(self, U: Any) -> list:  # pragma: no cover
        raise NotImplementedError

    def grid(self, k: int) -> list:  # pragma: no cover
        raise NotImplementedError

    def from_uniform(self, u: Any) -> list:  # pragma: no cover
        """Map numbers in ``[0, 1)`` to values so a uniform ``u`` gives a uniform sample."""
        raise NotImplementedError

    @property
    def size(self) -> float:
        """Number of distinct values (``inf`` for a Real)."""
        return math.inf

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))


class _Numeric(Dimension):
    _kind = "number"

    def __init__(self, low: Any, high: Any, log: bool = False) -> None:
        cls = type(self).__name__
        for pname, value in (("low", low), ("high", high)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"{cls}: {pname} must be a {self._kind}; got {_show(value)} "
                                f"of type {type(value).__name__}.")
            if not math.isfinite(value):
                raise ValueError(f"{cls}: {pname} must be finite; got {value!r}.")
        if not isinstance(log, bool):
            raise TypeError(f"{cls}: log must be True or False; got {_show(log)}.")
        if low >= high:
            raise ValueError(f"{cls}: low must be < high; got low={low!r}, high={high!r}.")
        if log and low <= 0:
            raise ValueError(f"{cls}: log=True needs low > 0 (a log scale has no zero or "
                             f"negative values); got low={low!r}.")
        # a Real's bounds are floats, an Integer's ints (so equal spaces print alike)
        self.low = float(low) if self._kind == "real number" else low
        self.high = float(high) if self._kind == "real number" else high
        self.log = log

    def _warp(self, x: np.ndarray) -> np.ndarray:
        return np.log(x) if self.log else x

    def _unwarp(self, w: np.ndarray) -> np.ndarray:
        return np.exp(w) if self.log else w

    def _scaled(self, values: Any) -> np.ndarray:
        x = np.asarray(values, dtype=float).reshape(-1)
        lo, hi = self._warp(np.float64(self.low)), self._warp(np.float64(self.high))
        with np.errstate(divide="ignore", invalid="ignore"):
            return ((self._warp(x) - lo) / (hi - lo)).reshape(-1, 1)

    def _unscaled(self, U: Any) -> np.ndarray:
        u = np.clip(_as_unit_column(U, "U"), 0.0, 1.0)
        lo, hi = self._warp(np.float64(self.low)), self._warp(np.float64(self.high))
        return self._unwarp(lo + u * (hi - lo))

    def __repr__(self) -> str:
        log = ", log=True" if self.log else ""
        return f"{type(self).__name__}({self.low!r}, {self.high!r}{log})"


class Real(_Numeric):
    """A float hyperparameter in ``[low, high]``.

    Parameters
    ----------
    low, high : float
        Bounds, ``low < high``.
    log : bool, default False
        Sample and model on a log scale (needs ``low > 0``); use it for parameters whose
        effect is multiplicative, such as a learning rate or a regularisation strength.

    Examples
    --------
    >>> C = Real(1e-3, 1e3, log=True)
    >>> C.grid(3)
    [0.001, 1.0, 1000.0]
    >>> all(1e-3 <= c <= 1e3 for c in C.sample(5, np.random.default_rng(0)))
    True
    >>> Real(1, 0)
    Traceback (most recent call last):
    ...
    ValueError: Real: low must be < high; got low=1, high=0.
    """

    _kind = "real number"

    def sample(self, n: int, rng: np.random.Generator) -> list[float]:
        """Draw ``n`` values uniformly (log-uniformly when ``log``)."""
        return self.from_uniform(rng.random(n))

    def from_uniform(self, u: Any) -> list[float]:
        return self.from_unit(u)

    def to_unit(self, values: Any) -> np.ndarray:
        """Map values to an ``(n, 1)`` array in ``[0, 1]``."""
        return self._scaled(values)

    def from_unit(self, U: Any) -> list[float]:
        """Map unit-cube numbers back to values (clipped to the bounds)."""
        x = np.clip(self._unscaled(U), self.low, self.high)
        return [float(v) for v in x]

    def grid(self, k: int) -> list[float]:
        """``k`` evenly spread values including both ends (the centre when ``k == 1``)."""
        if k <= 1:
            return self.from_unit([0.5])
        values = self.from_unit(np.linspace(0.0, 1.0, k))
        values[0], values[-1] = float(self.low), float(self.high)
        return values


class Integer(_Numeric):
    """An integer hyperparameter in ``[low, high]``, both ends included.

    In the unit cube an Integer is a continuous column; going back rounds to the nearest
    integer (on the log scale when ``log``) and clips to the bounds.

    Parameters
    ----------
    low, high : int
        Bounds, ``low < high``.
    log : bool, default False
        Spread values on a log scale (needs ``low > 0``), e.g. for a number of units.

    Examples
    --------
    >>> depth = Integer(1, 10)
    >>> depth.grid(4)
    [1, 4, 7, 10]
    >>> depth.grid(50) == list(range(1, 11))
    True
    >>> depth.from_unit([0.0, 0.49, 1.0])
    [1, 5, 10]
    """

    _kind = "integer"

    def __init__(self, low: Any, high: Any, log: bool = False) -> None:
        cls = type(self).__name__
        for pname, value in (("low", low), ("high", high)):
            if isinstance(value, numbers.Real) and not isinstance(value, bool) and (
                    not isinstance(value, numbers.Integral) and float(value).is_integer()):
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{cls}: {pname} must be an integer; got {_show(value)} "
                                f"of type {type(value).__name__}.")
        super().__init__(int(low), int(high), log)

    @property
    def size(self) -> float:
        return self.high - self.low + 1

    def sample(self, n: int, rng: np.random.Generator) -> list[int]:
        """Draw ``n`` integers, each equally likely (log-uniform bins when ``log``)."""
        return self.from_uniform(rng.random(n))

    def from_uniform(self, u: Any) -> list[int]:
        u = np.clip(np.asarray(u, dtype=float).reshape(-1), 0.0, 1.0)
        if not self.log:
            values = self.low + np.floor(u * self.size)
        else:
            lo, hi = math.log(self.low - 0.5), math.log(self.high + 0.5)
            values = np.round(np.exp(lo + u * (hi - lo)))
        return [int(v) for v in np.clip(values, self.low, self.high)]

    def to_unit(self, values: Any) -> np.ndarray:
        """Map integers to an ``(n, 1)`` array in ``[0, 1]`` (``low -> 0``, ``high -> 1``)."""
        return self._scaled(values)

    def from_unit(self, U: Any) -> list[int]:
        """Map unit-cube numbers back to integers (rounded, clipped)."""
        x = np.clip(np.round(self._unscaled(U)), self.low, self.high)
        return [int(v) for v in x]

    def grid(self, k: int) -> list[int]:
        """At most ``k`` unique integers, evenly spread (all of them when ``k >= size``)."""
        if k >= self.size:
            return list(range(self.low, self.high + 1))
        if k <= 1:
            return self.from_unit([0.5])
        return sorted(set(self.from_unit(np.linspace(0.0, 1.0, k))))


class Categorical(Dimension):
    """A hyperparameter taking one of a list of options.

    In the unit cube it is one-hot coded (one column per option); going back picks the
    option with the largest entry.

    Parameters
    ----------
    options : sequence
        At least one option, no duplicates (strings, numbers, ``None``, tuples...).

    Examples
    --------
    >>> kernel = Categorical(["rbf", "poly", "linear"])
    >>> kernel.to_unit(["poly"]).tolist()
    [[0.0, 1.0, 0.0]]
    >>> kernel.grid(2), kernel.grid(10)
    (['rbf', 'linear'], ['rbf', 'poly', 'linear'])
    >>> Categorical([])
    Traceback (most recent call last):
    ...
    ValueError: Categorical: options must hold at least one option; got [].
    """

    def __init__(self, options: Any) -> None:
        if isinstance(options, (str, bytes)) or not hasattr(options, "__iter__"):
            raise TypeError(f"Categorical: options must be a list of options; got "
                            f"{_show(options)} of type {type(options).__name__}.")
        options = list(options)
        if not options:
            raise ValueError("Categorical: options must hold at least one option; got [].")
        for i, a in enumerate(options):
            for b in options[:i]:
                if _same_option(a, b):
                    raise ValueError(f"Categorical: options must be distinct; got "
                                     f"{_show(a)} twice in {_show(options)}.")
        self.options = options
        self.width = len(options)
        self.log = False

    @property
    def size(self) -> float:
        return len(self.options)

    def index(self, value: Any) -> int:
        """Position of ``value`` among the options (``ValueError`` if absent)."""
        for i, option in enumerate(self.options):
            if _same_option(option, value):
                return i
        raise ValueError(f"Categorical: {_show(value)} is not one of the options "
                         f"{_show(self.options)}.")

    def sample(self, n: int, rng: np.random.Generator) -> list:
        """Draw ``n`` options, each equally likely."""
        return self.from_uniform(rng.random(n))

    def from_uniform(self, u: Any) -> list:
        u = np.clip(np.asarray(u, dtype=float).reshape(-1), 0.0, 1.0)
        idx = np.minimum((u * len(self.options)).astype(int), len(self.options) - 1)
        return [self.options[i] for i in idx]

    def to_unit(self, values: Any) -> np.ndarray:
        """One-hot code: an ``(n, len(options))`` array."""
        values = list(values)
        out = np.zeros((len(values), self.width))
        for row, value in enumerate(values):
            out[row, self.index(value)] = 1.0
        return out

    def from_unit(self, U: Any) -> list:
        """Pick the option with the largest entry in each row."""
        U = np.asarray(U, dtype=float).reshape(-1, self.width)
        return [self.options[i] for i in np.argmax(U, axis=1)]

    def grid(self, k: int) -> list:
        """All options when ``k >= len(options)``, else ``k`` of them evenly spread."""
        if k >= len(self.options):
            return list(self.options)
        idx = sorted(set(np.round(np.linspace(0, len(self.options) - 1, max(k, 1)))
                         .astype(int).tolist()))
        return [self.options[i] for i in idx]

    def __repr__(self) -> str:
        return f"Categorical({self.options!r})"


def _is_nan(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) \
        and math.isnan(x)


def _same_option(a: Any, b: Any) -> bool:
    if isinstance(a, (bool, np.bool_)) != isinstance(b, (bool, np.bool_)):
        return False  # True is not the option 1
    if type(a) is not type(b) and not (isinstance(a, numbers.Number)
                                       and isinstance(b, numbers.Number)):
        return False
    if _is_nan(a) or _is_nan(b):  # NaN is an option (e.g. missing_values=np.nan)
        return _is_nan(a) and _is_nan(b)
    try:
        return bool(a == b)
    except Exception:  # e.g. arrays
        return a is b


class Space(Mapping):
    """An ordered mapping of hyperparameter names to dimensions.

    Parameters
    ----------
    dimensions : mapping
        Names (str) to :class:`Real`, :class:`Integer` or :class:`Categorical`. Use
        :func:`as_space` to also accept lists and scipy.stats distributions.

    Attributes
    ----------
    names : list of str
    dimensions : list of Dimension
    n_dims : int
        Number of unit-cube columns (a Categorical counts one per option).

    Examples
    --------
    >>> space = Space({"x": Real(0, 1), "n": Integer(1, 3)})
    >>> [sorted(p) for p in space.sample(2, np.random.default_rng(0))]
    [['n', 'x'], ['n', 'x']]
    >>> len(space.grid(10)), space.grid(10)[:2]
    (9, [{'x': 0.0, 'n': 1}, {'x': 0.0, 'n': 2}])
    """

    def __init__(self, dimensions: Mapping[str, Dimension]) -> None:
        if isinstance(dimensions, Space):
            dimensions = dict(dimensions.items())
        if not isinstance(dimensions, Mapping):
            raise TypeError(f"space must be a dict of name -> dimension; got "
                            f"{_show(dimensions)} of type {type(dimensions).__name__}.")
        if not dimensions:
            raise ValueError("space must hold at least one dimension; got {}.")
        for name, dim in dimensions.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(f"space: names must be valid Python identifiers (they are "
                                 f"passed as keyword arguments); got {_show(name)}.")
            if not isinstance(dim, Dimension):
                raise TypeError(f"space[{name!r}] must be Real, Integer or Categorical; got "
                                f"{_show(dim)} of type {type(dim).__name__} (as_space also "
                                f"accepts lists and scipy.stats distributions).")
        self._dims = dict(dimensions)
        self.names = list(self._dims)
        self.dimensions = list(self._dims.values())
        widths = [d.width for d in self.dimensions]
        self.n_dims = int(sum(widths))
        starts = np.concatenate([[0], np.cumsum(widths)]).astype(int)
        #: unit-cube column slice of each dimension, in order
        self.slices = [slice(int(a), int(b)) for a, b in zip(starts[:-1], starts[1:], strict=True)]

    # Mapping interface
    def __getitem__(self, name: str) -> Dimension:
        return self._dims[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dims)

    def __len__(self) -> int:
        return len(self._dims)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k!r}: {v!r}" for k, v in self._dims.items())
        return f"Space({{{inner}}})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Space) and repr(self) == repr(other)

    __hash__ = None  # type: ignore[assignment]

    @property
    def unit_bounds(self) -> np.ndarray:
        """``(n_dims, 2)`` array of ``[0, 1]`` rows: the box the unit cube spans."""
        return np.tile([0.0, 1.0], (self.n_dims, 1))

    @property
    def size(self) -> float:
        """Number of distinct points (``inf`` if any dimension is a Real)."""
        return math.prod(d.size for d in self.dimensions)

    @property
    def categorical_columns(self) -> np.ndarray:
        """Boolean mask of the unit-cube columns that belong to Categorical dimensions."""
        mask = np.zeros(self.n_dims, dtype=bool)
        for dim, sl in zip(self.dimensions, self.slices, strict=True):
            mask[sl] = isinstance(dim, Categorical)
        return mask

    def sample(self, n: int, rng: np.random.Generator) -> list[dict]:
        """Draw ``n`` points, each dimension independently (see each dimension's ``sample``).

        Row ``i`` uses the ``i``-th row of ``rng.random((n, len(space)))``, so a larger
        ``n`` from the same seed starts with the points of a smaller one.
        """
        return self.from_uniform(rng.random((n, len(self)))) if n else []

    def from_uniform(self, V: Any) -> list[dict]:
        """Points from an ``(n, len(space))`` array in ``[0, 1)``, one column per dimension.

        A uniform (or Latin hypercube, or Sobol) design in ``V`` gives a design of the same
        kind over the space: categories and integers get equal shares.
        """
        V = np.asarray(V, dtype=float).reshape(-1, len(self))
        columns = [dim.from_uniform(V[:, j]) for j, dim in enumerate(self.dimensions)]
        return [dict(zip(self.names, row, strict=True)) for row in zip(*columns, strict=True)]

    def transform(self, points: Any) -> np.ndarray:
        """Parameter dicts -> ``(n, n_dims)`` unit-cube array."""
        if isinstance(points, Mapping):
            points = [points]
        points = list(points)
        if not points:
            return np.zeros((0, self.n_dims))
        for p in points:
            if not isinstance(p, Mapping):
                raise TypeError(f"points must be dicts of name -> value; got {_show(p)}.")
            if set(p) != set(self.names):
                raise ValueError(f"points must have exactly the keys {self.names}; got "
                                 f"{sorted(p)}.")
        return np.hstack([dim.to_unit([p[name] for p in points])
                          for name, dim in self._dims.items()])

    def check_point(self, point: Any, name: str = "point") -> dict:
        """Check that ``point`` is a point of this space; return it with clean values.

        The one rule for points given from outside (``BayesianOptimizer.tell``): exactly
        the space's names; a Real a real number (numpy scalars and 0-d arrays too, not a
        bool) within ``[low, high]``; an Integer an integral number within its bounds
        (``3.0`` becomes ``3``, ``3.7`` is refused); a Categorical one of its options.

        Examples
        --------
        >>> space = Space({"x": Real(0, 1), "n": Integer(1, 4)})
        >>> space.check_point({"x": np.array(0.5), "n": 3.0})
        {'x': 0.5, 'n': 3}
        >>> space.check_point({"x": 5.0, "n": 2})
        Traceback (most recent call last):
        ...
        ValueError: point['x'] must be within Real(0.0, 1.0) (0.0 <= x <= 1.0); got 5.0.
        """
        if not isinstance(point, Mapping):
            raise TypeError(f"{name} must be a dict of name -> value; got {_show(point)} of "
                            f"type {type(point).__name__}.")
        if set(point) != set(self.names):
            raise ValueError(f"{name} must have exactly the keys {self.names}; got "
                             f"{sorted(point, key=str)}.")
        out = {}
        for key, dim in self._dims.items():
            value = point[key]
            if isinstance(value, np.ndarray) and value.ndim == 0:
                value = value.item()
            where = f"{name}[{key!r}]"
            if isinstance(dim, Categorical):
                try:
                    out[key] = dim.options[dim.index(value)]
                except ValueError:
                    raise ValueError(f"{where} must be one of the options "
                                     f"{_show(dim.options)}; got {_show(value)}.") from None
                continue
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
                raise TypeError(f"{where} must be a number for {dim!r}; got {_show(value)} of "
                                f"type {type(value).__name__}.")
            if not math.isfinite(value) or not dim.low <= value <= dim.high:
                raise ValueError(f"{where} must be within {dim!r} ({dim.low!r} <= {key} <= "
                                 f"{dim.high!r}); got {value!r}.")
            if isinstance(dim, Integer):
                if float(value) != math.floor(value):
                    raise ValueError(f"{where} must be an integer for {dim!r}; got {value!r}.")
                value = int(value)
            else:
                value = float(value)
            out[key] = value
        return out

    def inverse_transform(self, U: Any) -> list[dict]:
        """``(n, n_dims)`` unit-cube array -> parameter dicts (ints rounded, one-hot argmax)."""
        U = np.atleast_2d(np.asarray(U, dtype=float))
        if U.shape[1] != self.n_dims:
            raise ValueError(f"U must have {self.n_dims} columns; got shape {U.shape}.")
        columns = [dim.from_unit(U[:, sl])
                   for dim, sl in zip(self.dimensions, self.slices, strict=True)]
        return [dict(zip(self.names, row, strict=True)) for row in zip(*columns, strict=True)]

    def snap(self, U: Any) -> np.ndarray:
        """Round unit-cube points to the nearest points the space can hold."""
        return self.transform(self.inverse_transform(U))

    def grid_shape(self, n_calls: int) -> list[int]:
        """Number of grid values per dimension for a budget of ``n_calls`` points.

        Every dimension starts with one value (its centre); then, one dimension at a
        time, the dimension with the fewest values gets one more, as long as the product
        stays ``<= n_calls`` and the dimension has values left (an Integer has
        ``high - low + 1``, a Categorical ``len(options)``). So continuous dimensions get
        about ``n_calls ** (1 / d)`` values each, and leftover budget goes to the first
        dimensions that can still grow.

        Examples
        --------
        >>> Space({"a": Real(0, 1), "b": Real(0, 1)}).grid_shape(30)
        [6, 5]
        >>> Space({"a": Real(0, 1), "k": Categorical(["x", "y"])}).grid_shape(10)
        [5, 2]
        """
        counts = [1] * len(self)
        sizes = [d.size for d in self.dimensions]
        while True:
            total = math.prod(counts)
            order = sorted(range(len(counts)), key=lambda j: (counts[j], j))
            for j in order:
                if counts[j] < sizes[j] and total // counts[j] * (counts[j] + 1) <= n_calls:
                    counts[j] += 1
                    break
            else:
                return counts

    def grid(self, n_calls: int) -> list[dict]:
        """A product grid of at most ``n_calls`` points (see :meth:`grid_shape`)."""
        shape = self.grid_shape(n_calls)
        values = [dim.grid(k) for dim, k in zip(self.dimensions, shape, strict=True)]
        return [dict(zip(self.names, combo, strict=True)) for combo in itertools.product(*values)]


def as_space(obj: Any) -> Space:
    """Build a :class:`Space` from a Space or a dict of loosely specified dimensions.

    Dict values may be dimensions, sequences of options (list, tuple, ``range``, 1-D numpy
    array -> :class:`Categorical`) or scipy.stats frozen
    distributions: ``uniform(loc, scale)`` -> ``Real(loc, loc + scale)``,
    ``loguniform(a, b)`` -> ``Real(a, b, log=True)``, ``randint(low, high)`` ->
    ``Integer(low, high - 1)``.

    Examples
    --------
    >>> from scipy.stats import loguniform, randint
    >>> space = as_space({"C": loguniform(1e-2, 1e2), "k": randint(1, 5), "kernel": ["a", "b"]})
    >>> space.dimensions
    [Real(0.01, 100.0, log=True), Integer(1, 4), Categorical(['a', 'b'])]
    """
    if isinstance(obj, Space):
        return obj
    if not isinstance(obj, Mapping):
        raise TypeError(f"space must be a Space or a dict of name -> dimension; got "
                        f"{_show(obj)} of type {type(obj).__name__}.")
    return Space({name: _as_dimension(name, value) for name, value in obj.items()})


def _as_dimension(name: str, value: Any) -> Dimension:
    if isinstance(value, Dimension):
        return value
    if isinstance(value, (list, tuple, range, np.ndarray)):
        options = value.tolist() if isinstance(value, np.ndarray) else list(value)
        if isinstance(value, np.ndarray) and value.ndim != 1:
            raise ValueError(f"space[{name!r}]: an array of options must be 1-D; got shape "
                             f"{value.shape}.")
        try:
            return Categorical(options)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"space[{name!r}]: {exc}") from None
    dist = getattr(value, "dist", None)
    if dist is not None and hasattr(value, "args"):
        dname = getattr(dist, "name", "")
        args, kwds = value.args, value.kwds
        loc, scale = kwds.get("loc", 0.0), kwds.get("scale", 1.0)
        if dname == "uniform":
            loc = args[0] if args else loc
            scale = args[1] if len(args) > 1 else scale
            return Real(float(loc), float(loc + scale))
        if dname in ("loguniform", "reciprocal") and loc == 0 and scale == 1:
            a, b = (args + (kwds.get("a"), kwds.get("b")))[:2] if len(args) >= 2 else (
                kwds["a"], kwds["b"])
            return Real(float(a), float(b), log=True)
        if dname == "randint" and loc == 0:
            low, high = (list(args) + [kwds.get("low"), kwds.get("high")])[:2] \
                if len(args) >= 2 else (kwds["low"], kwds["high"])
            return Integer(int(low), int(high) - 1)
        raise TypeError(f"space[{name!r}]: scipy.stats distribution {dname!r} (with these "
                        f"arguments) has no matching dimension; use uniform, loguniform or "
                        f"randint, or a Real, Integer or Categorical.")
    raise TypeError(f"space[{name!r}] must be Real, Integer, Categorical, a sequence of "
                    f"options (list, tuple, range, array) "
                    f"or a scipy.stats uniform/loguniform/randint distribution; got "
                    f"{_show(value)} of type {type(value).__name__}.")
