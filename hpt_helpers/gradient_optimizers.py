"""Gradient-descent update rules in small numpy: SGD, momentum, Nesterov and Adam.

Each optimizer updates a list of numpy arrays *in place* from their gradients, so the
same code moves a point on a 2-D loss surface (:func:`optimizer_path`) and the weights
of the network in :mod:`hpt_helpers.nn`.

- **SGD**: ``w -= lr * g``.
- **Momentum** (heavy ball): ``v = mu * v + g``; ``w -= lr * v``. Consistent gradients
  add up (up to ``1 / (1 - mu)`` times a plain step); gradients that flip sign cancel.
- **Nesterov**: the same velocity, but the step looks ahead: ``w -= lr * (g + mu * v)``.
- **Adam**: running means of ``g`` and ``g**2`` (``beta1``, ``beta2``), bias-corrected;
  ``w -= lr * m_hat / (sqrt(v_hat) + eps)``. Each coordinate's step is scaled by its own
  gradient size, so flat and steep directions move at similar speeds.

Only numpy: no plotting here.
"""

from __future__ import annotations

import numpy as np

from hpt_helpers.validation import (
    check_callable,
    check_int,
    check_number,
    check_one_of,
    check_random_state,
)

__all__ = ["OPTIMIZERS", "SGD", "Adam", "make_optimizer", "optimizer_path"]

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adam")


class SGD:
    """Stochastic gradient descent, with optional (Nesterov) momentum.

    Parameters
    ----------
    learning_rate : float
        Default step size; :meth:`update` may override it per step (schedules).
    momentum : float in [0, 1)
    nesterov : bool

    Examples
    --------
    >>> w = np.array([1.0])
    >>> opt = SGD(0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     opt.update([w], [np.array([1.0])])
    >>> round(float(w[0]), 2)  # 1 - 0.1 * 1 - 0.1 * (0.9 + 1)
    0.71
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False):
        self.learning_rate = check_number("learning_rate", learning_rate, low=0)
        self.momentum = check_number("momentum", momentum, low=0, high=1,
                                     high_inclusive=False)
        self.nesterov = bool(nesterov)
        self._velocity: list[np.ndarray] | None = None

    def update(self, params, grads, learning_rate: float | None = None) -> None:
        """Move every array in ``params`` against its gradient, in place."""
        lr = self.learning_rate if learning_rate is None else float(learning_rate)
        if self.momentum == 0:
            for p, g in zip(params, grads, strict=True):
                p -= lr * g
            return
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self._velocity, strict=True):
            v *= self.momentum
            v += g
            p -= lr * (g + self.momentum * v) if self.nesterov else lr * v


class Adam:
    """Adam (Kingma & Ba, 2015) with bias correction.

    Examples
    --------
    >>> w = np.array([5.0, 5.0])
    >>> opt = Adam(0.1)
    >>> opt.update([w], [np.array([100.0, 0.01])])
    >>> w.round(3).tolist()  # the first step is lr * sign(g) whatever the gradient's size
    [4.9, 4.9]
    """

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, eps: float = 1e-8):
        self.learning_rate = check_number("learning_rate", learning_rate, low=0)
        self.beta1 = check_number("beta1", beta1, low=0, high=1, high_inclusive=False)
        self.beta2 = check_number("beta2", beta2, low=0, high=1, high_inclusive=False)
        self.eps = check_number("eps", eps, low=0, low_inclusive=False)
        self._m: list[np.ndarray] | None = None
        self._v: list[np.ndarray] | None = None
        self._t = 0

    def update(self, params, grads, learning_rate: float | None = None) -> None:
        """Move every array in ``params`` by the Adam step, in place."""
        lr = self.learning_rate if learning_rate is None else float(learning_rate)
        if self._m is None:
            self._m = [np.zeros_like(p) for p in params]
            self._v = [np.zeros_like(p) for p in params]
        self._t += 1
        c1, c2 = 1 - self.beta1 ** self._t, 1 - self.beta2 ** self._t
        for p, g, m, v in zip(params, grads, self._m, self._v, strict=True):
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def make_optimizer(name: str, learning_rate: float = 0.01, momentum: float = 0.9,
                   **kwargs):
    """An optimizer by name.

    Parameters
    ----------
    name : {"sgd", "momentum", "nesterov", "adam"}
        ``"sgd"`` uses ``momentum`` as given (pass 0 for plain SGD); ``"momentum"`` and
        ``"nesterov"`` are SGD with momentum ``momentum`` (0.9 by default).
    learning_rate : float
    momentum : float
    **kwargs
        Passed to :class:`Adam` (``beta1``, ``beta2``, ``eps``).

    Examples
    --------
    >>> type(make_optimizer("adam", 0.01)).__name__
    'Adam'
    >>> make_optimizer("nesterov", 0.1).nesterov
    True
    """
    check_one_of("optimizer", name, OPTIMIZERS)
    if name == "adam":
        return Adam(learning_rate, **kwargs)
    if name == "sgd":
        return SGD(learning_rate, momentum=momentum)
    return SGD(learning_rate, momentum=momentum, nesterov=name == "nesterov")


def optimizer_path(grad, start, optimizer: str = "sgd", *, steps: int = 100,
                   learning_rate=0.01, momentum: float = 0.9, noise: float = 0.0,
                   random_state=None, **kwargs) -> np.ndarray:
    """The points an optimizer visits on a 2-D (or any-D) function.

    Parameters
    ----------
    grad : callable
        ``grad(w) -> array`` of the same shape as ``w``.
    start : array-like
        Starting point.
    optimizer : {"sgd", "momentum", "nesterov", "adam"}
        ``"sgd"`` here means plain SGD (momentum 0).
    steps : int
    learning_rate : float or array of length ``steps``
        A constant or a schedule (one rate per step).
    momentum : float
        For ``"momentum"`` and ``"nesterov"``.
    noise : float
        Standard deviation of Gaussian noise added to every gradient, to imitate the
        noise of mini-batch gradients.
    random_state : None, int or numpy Generator
        Seeds the noise.
    **kwargs
        Passed to :class:`Adam`.

    Returns
    -------
    ndarray of shape (steps + 1, dim)
        The start, then the point after each step. Once a coordinate is no longer finite
        (divergence) the path keeps its last value there.

    Examples
    --------
    >>> path = optimizer_path(lambda w: 2 * w, [1.0, -1.0], "sgd", steps=3, learning_rate=0.25)
    >>> path[:, 0].tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    check_callable("grad", grad)
    steps = check_int("steps", steps, low=1)
    noise = check_number("noise", noise, low=0)
    rng = check_random_state("random_state", random_state)
    if np.ndim(learning_rate) == 0:
        rates = np.full(steps, check_number("learning_rate", learning_rate, low=0))
    else:
        rates = np.asarray(learning_rate, dtype=float)
        if rates.shape != (steps,):
            raise ValueError(f"learning_rate must be a number or an array of {steps} rates; "
                             f"got shape {rates.shape}.")
    opt = make_optimizer(optimizer, float(rates[0]),
                         momentum=0.0 if optimizer == "sgd" else momentum, **kwargs)
    w = np.array(start, dtype=float)
    path = np.empty((steps + 1, w.size))
    path[0] = w.ravel()
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            g = np.asarray(grad(w), dtype=float)
            if noise:
                g = g + noise * rng.standard_normal(g.shape)
            if not np.all(np.isfinite(g)):
                path[t + 1:] = path[t]
                break
            opt.update([w], [g], learning_rate=rates[t])
            path[t + 1] = w.ravel()
    return path
