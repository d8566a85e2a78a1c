"""Learning-rate schedules: the learning rate as a function of the update step.

Every schedule takes the step ``t`` (an int or an array of ints, counted from 0) and
returns the learning rate used for that update:

- :func:`constant`: ``base_lr``;
- :func:`step_decay`: multiply by ``drop`` every ``every`` steps;
- :func:`exponential_decay`: ``base_lr * gamma**t``, a smooth version of step decay;
- :func:`cosine_decay`: half a cosine from ``base_lr`` down to ``min_lr`` over
  ``total_steps``;
- :func:`warmup_cosine`: a linear ramp from near 0 to ``base_lr`` over ``warmup_steps``,
  then cosine decay over the remaining steps.

:func:`schedule` evaluates any of them by name over a whole run, which is what the
lesson's training loops consume. Only numpy: no plotting here.
"""

from __future__ import annotations

import numpy as np

from hpt_helpers.validation import check_int, check_number, check_one_of

__all__ = ["SCHEDULES", "constant", "cosine_decay", "exponential_decay", "schedule",
           "step_decay", "warmup_cosine"]

SCHEDULES = ("constant", "step", "exponential", "cosine", "warmup_cosine")


def _steps(t) -> np.ndarray:
    t = np.asarray(t)
    if t.dtype.kind not in "iu" or np.any(t < 0):
        raise ValueError(f"t must hold integers >= 0 (update steps); got {t!r}.")
    return t.astype(float)


def _out(values, t):
    return float(values) if np.ndim(t) == 0 else values


def constant(t, base_lr: float = 0.1):
    """The same learning rate at every step.

    Examples
    --------
    >>> constant(np.arange(3), 0.1).tolist()
    [0.1, 0.1, 0.1]
    """
    base_lr = check_number("base_lr", base_lr, low=0, low_inclusive=False)
    steps = _steps(t)
    return _out(np.full(steps.shape, base_lr), t)


def step_decay(t, base_lr: float = 0.1, *, drop: float = 0.5, every: int = 10):
    """Multiply the learning rate by ``drop`` every ``every`` steps.

    ``lr(t) = base_lr * drop ** floor(t / every)``.

    Examples
    --------
    >>> step_decay(np.array([0, 9, 10, 25]), 0.1, drop=0.5, every=10).tolist()
    [0.1, 0.1, 0.05, 0.025]
    """
    base_lr = check_number("base_lr", base_lr, low=0, low_inclusive=False)
    drop = check_number("drop", drop, low=0, high=1, low_inclusive=False)
    every = check_int("every", every, low=1)
    steps = _steps(t)
    return _out(base_lr * drop ** np.floor(steps / every), t)


def exponential_decay(t, base_lr: float = 0.1, *, gamma: float = 0.99):
    """Shrink the learning rate by the factor ``gamma`` at every step: ``base_lr * gamma**t``.

    Examples
    --------
    >>> round(exponential_decay(100, 0.1, gamma=0.99), 5)
    0.0366
    """
    base_lr = check_number("base_lr", base_lr, low=0, low_inclusive=False)
    gamma = check_number("gamma", gamma, low=0, high=1, low_inclusive=False)
    return _out(base_lr * gamma ** _steps(t), t)


def cosine_decay(t, total_steps: int, base_lr: float = 0.1, *, min_lr: float = 0.0):
    """Half a cosine from ``base_lr`` (step 0) to ``min_lr`` (step ``total_steps``).

    ``lr(t) = min_lr + (base_lr - min_lr) * (1 + cos(pi * t / total_steps)) / 2``; steps
    past ``total_steps`` stay at ``min_lr``.

    Examples
    --------
    >>> cosine_decay(np.array([0, 50, 100]), 100, 0.1).round(4).tolist()
    [0.1, 0.05, 0.0]
    """
    total_steps = check_int("total_steps", total_steps, low=1)
    base_lr = check_number("base_lr", base_lr, low=0, low_inclusive=False)
    min_lr = check_number("min_lr", min_lr, low=0, high=base_lr)
    progress = np.minimum(_steps(t) / total_steps, 1.0)
    return _out(min_lr + (base_lr - min_lr) * 0.5 * (1 + np.cos(np.pi * progress)), t)


def warmup_cosine(t, total_steps: int, base_lr: float = 0.1, *, warmup_steps: int = 10,
                  min_lr: float = 0.0):
    """Linear warm-up to ``base_lr``, then cosine decay to ``min_lr``.

    During warm-up ``lr(t) = base_lr * (t + 1) / warmup_steps`` (so the first update
    already moves a little and step ``warmup_steps - 1`` reaches ``base_lr``); after it, a
    :func:`cosine_decay` over the remaining ``total_steps - warmup_steps`` steps.

    Examples
    --------
    >>> warmup_cosine(np.array([0, 4, 5, 55, 105]), 105, 0.1, warmup_steps=5).round(4).tolist()
    [0.02, 0.1, 0.1, 0.05, 0.0]
    """
    total_steps = check_int("total_steps", total_steps, low=2)
    warmup_steps = check_int("warmup_steps", warmup_steps, low=0, high=total_steps - 1)
    base_lr = check_number("base_lr", base_lr, low=0, low_inclusive=False)
    min_lr = check_number("min_lr", min_lr, low=0, high=base_lr)
    steps = _steps(t)
    ramp = base_lr * (steps + 1) / max(warmup_steps, 1)
    after = np.maximum(steps - warmup_steps, 0).astype(int)
    decay = cosine_decay(np.atleast_1d(after), total_steps - warmup_steps, base_lr,
                         min_lr=min_lr).reshape(np.shape(steps))
    return _out(np.where(steps < warmup_steps, ramp, decay), t)


def schedule(kind: str, total_steps: int, base_lr: float = 0.1, *, drop: float = 0.5,
             every: int | None = None, gamma: float | None = None, warmup_steps: int | None = None,
             min_lr: float = 0.0) -> np.ndarray:
    """The learning rate of every step of a run, for a schedule given by name.

    Parameters
    ----------
    kind : {"constant", "step", "exponential", "cosine", "warmup_cosine"}
    total_steps : int
        Number of updates in the run.
    base_lr : float
        The peak (starting, or post-warm-up) learning rate.
    drop, every : float, int
        For ``"step"``; ``every`` defaults to a quarter of the run.
    gamma : float
        For ``"exponential"``; defaults to the factor that reaches ``base_lr / 100`` at
        the last step.
    warmup_steps : int
        For ``"warmup_cosine"``; defaults to a tenth of the run.
    min_lr : float
        For the cosine schedules.

    Returns
    -------
    ndarray of shape (total_steps,)

    Examples
    --------
    >>> schedule("step", 8, 1.0, drop=0.5, every=2).tolist()
    [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]
    >>> float(schedule("exponential", 101, 1.0)[-1].round(4))
    0.01
    """
    check_one_of("kind", kind, SCHEDULES)
    total_steps = check_int("total_steps", total_steps, low=2)
    t = np.arange(total_steps)
    if kind == "constant":
        return constant(t, base_lr)
    if kind == "step":
        return step_decay(t, base_lr, drop=drop,
                          every=max(total_steps // 4, 1) if every is None else every)
    if kind == "exponential":
        if gamma is None:
            gamma = 0.01 ** (1.0 / (total_steps - 1))
        return exponential_decay(t, base_lr, gamma=gamma)
    if kind == "cosine":
        return cosine_decay(t, total_steps, base_lr, min_lr=min_lr)
    if warmup_steps is None:
        warmup_steps = max(total_steps // 10, 1)
    return warmup_cosine(t, total_steps, base_lr, warmup_steps=warmup_steps, min_lr=min_lr)
