"""Mini-batch SGD in small numpy: batches, epochs, gradient noise and a softmax regression.

The pieces lesson 02 measures with. A *batch* is a set of training rows used for one
update of the weights; an *epoch* is one pass over all ``n`` rows, split into
``ceil(n / batch_size)`` batches (the last one may be smaller).

The model is multinomial logistic (softmax) regression with weights ``W`` of shape
``(n_features, n_classes)``; add a column of ones to ``X`` (:func:`add_bias`) to give it
an intercept. Its loss is the mean cross-entropy, and one SGD step is
``W -= lr * softmax_gradient(W, X[batch], y[batch])``.

Only numpy: no plotting here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hpt_helpers.validation import check_int, check_number, check_one_of, check_random_state

__all__ = [
    "ORDERS",
    "SGDRun",
    "add_bias",
    "epoch_batches",
    "epoch_order",
    "gradient_variance",
    "loglog_slope",
    "per_sample_gradients",
    "predicted_gradient_variance",
    "sampled_gradient_variance",
    "sgd_grid",
    "softmax_gradient",
    "softmax_loss",
    "train_softmax_sgd",
    "updates_per_epoch",
]

ORDERS = ("shuffle", "sequential", "windows")


def updates_per_epoch(n_samples: int, batch_size: int) -> int:
    """Number of weight updates in one pass over ``n_samples`` rows: ``ceil(n / B)``.

    Parameters
    ----------
    n_samples : int
        Rows in the training set, >= 1.
    batch_size : int
        Rows per batch, between 1 and ``n_samples``.

    Returns
    -------
    int

    Examples
    --------
    >>> updates_per_epoch(1000, 32)
    32
    >>> updates_per_epoch(1000, 1000)
    1
    """
    n = check_int("n_samples", n_samples, low=1)
    b = check_int("batch_size", batch_size, low=1, high=n)
    return math.ceil(n / b)


def epoch_order(n_samples: int, *, order: str = "shuffle", window: int | None = None,
                random_state=None) -> np.ndarray:
    """The order in which one epoch visits the rows.

    Parameters
    ----------
    n_samples : int
    order : {"shuffle", "sequential", "windows"}
        ``"shuffle"``: a fresh random permutation. ``"sequential"``: ``0, 1, ..., n-1``
        (the data's own order). ``"windows"``: cut the rows into consecutive windows of
        ``window`` rows, keep the order inside each window, shuffle the windows.
    window : int, optional
        Window length, required for ``order="windows"``.
    random_state : None, int or numpy Generator

    Returns
    -------
    ndarray of int, a permutation of ``range(n_samples)``

    Examples
    --------
    >>> epoch_order(6, order="sequential")
    array([0, 1, 2, 3, 4, 5])
    >>> epoch_order(6, order="windows", window=2, random_state=0)
    array([4, 5, 0, 1, 2, 3])
    """
    n = check_int("n_samples", n_samples, low=1)
    check_one_of("order", order, ORDERS)
    rng = check_random_state("random_state", random_state)
    if order == "sequential":
        return np.arange(n)
    if order == "shuffle":
        return rng.permutation(n)
    if window is None:
        raise ValueError("window must be an integer >= 1 when order='windows'; got None.")
    w = check_int("window", window, low=1, high=n)
    starts = rng.permutation(np.arange(0, n, w))
    return np.concatenate([np.arange(s, min(s + w, n)) for s in starts])


def epoch_batches(n_samples: int, batch_size: int, *, order: str = "shuffle",
                  window: int | None = None, random_state=None) -> list[np.ndarray]:
    """The batches of one epoch: consecutive slices of :func:`epoch_order`.

    Examples
    --------
    >>> [b.tolist() for b in epoch_batches(5, 2, order="sequential")]
    [[0, 1], [2, 3], [4]]
    """
    b = check_int("batch_size", batch_size, low=1, high=check_int("n_samples", n_samples,
                                                                     low=1))
    idx = epoch_order(n_samples, order=order, window=window, random_state=random_state)
    return [idx[s:s + b] for s in range(0, len(idx), b)]


def add_bias(X) -> np.ndarray:
    """``X`` with a last column of ones, so the last weight row acts as an intercept.

    Examples
    --------
    >>> add_bias(np.zeros((2, 1)))
    array([[0., 1.],
           [0., 1.]])
    """
    X = _as_matrix("X", X)
    return np.hstack([X, np.ones((X.shape[0], 1))])


def _as_matrix(name, X) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (n_samples, n_features); "
                         f"got shape {X.shape}.")
    return X


def _check_Xy(W, X, y):
    X = _as_matrix("X", X)
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be a 1-D integer array with one label per row of X "
                         f"({X.shape[0]}); got dtype {y.dtype} and shape {y.shape}.")
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != X.shape[1] or y.min() < 0 or y.max() >= W.shape[1]:
        raise ValueError(f"W must have shape (n_features={X.shape[1]}, n_classes > max(y)="
                         f"{y.max()}); got {W.shape}.")
    return W, X, y


def _probabilities(W, X):
    Z = X @ W
    Z -= Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def softmax_loss(W, X, y) -> float:
    """Mean cross-entropy of softmax regression with weights ``W`` on ``(X, y)``.

    Examples
    --------
    >>> X = np.eye(2); y = np.array([0, 1])
    >>> round(softmax_loss(np.zeros((2, 3)), X, y), 4)   # uniform over 3 classes: log 3
    1.0986
    """
    W, X, y = _check_Xy(W, X, y)
    Z = X @ W
    Z = Z - Z.max(axis=1, keepdims=True)
    logsumexp = np.log(np.exp(Z).sum(axis=1))
    return float(np.mean(logsumexp - Z[np.arange(len(y)), y]))


def softmax_gradient(W, X, y) -> np.ndarray:
    """Gradient of :func:`softmax_loss` with respect to ``W``: ``X.T (P - Y) / n``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0]]); y = np.array([1])
    >>> softmax_gradient(np.zeros((2, 2)), X, y)
    array([[ 0.5, -0.5],
           [ 0. ,  0. ]])
    """
    W, X, y = _check_Xy(W, X, y)
    return _gradient(W, X, y)


def _gradient(W, X, y):
    P = _probabilities(W, X)
    P[np.arange(len(y)), y] -= 1.0
    return X.T @ P / len(y)


def per_sample_gradients(W, X, y) -> np.ndarray:
    """One flattened gradient per row: shape ``(n_samples, W.size)``.

    Their mean is ``softmax_gradient(W, X, y).ravel()``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(5, 3)); y = np.array([0, 1, 2, 1, 0]); W = rng.normal(size=(3, 3))
    >>> G = per_sample_gradients(W, X, y)
    >>> G.shape, bool(np.allclose(G.mean(axis=0), softmax_gradient(W, X, y).ravel()))
    ((5, 9), True)
    """
    W, X, y = _check_Xy(W, X, y)
    P = _probabilities(W, X)
    P[np.arange(len(y)), y] -= 1.0
    return (X[:, :, None] * P[:, None, :]).reshape(len(y), -1)


def _check_G(G) -> np.ndarray:
    G = np.asarray(G, dtype=float)
    if G.ndim != 2 or G.shape[0] < 2:
        raise ValueError(f"G must be a 2-D array of per-sample gradients with at least 2 "
                         f"rows; got shape {G.shape}.")
    return G


def gradient_variance(G, batches) -> float:
    """Mean squared distance between each batch's mean gradient and the full gradient.

    This is the total variance (trace of the covariance) of the mini-batch gradient
    over the given batches.

    Parameters
    ----------
    G : array of shape (n_samples, n_params)
        Per-sample gradients (:func:`per_sample_gradients`).
    batches : sequence of index arrays

    Examples
    --------
    >>> G = np.array([[0.0], [2.0], [4.0], [6.0]])      # full mean 3
    >>> gradient_variance(G, [np.array([0, 1]), np.array([2, 3])])    # means 1 and 5
    4.0
    """
    G = _check_G(G)
    if len(batches) == 0:
        raise ValueError("batches must hold at least one index array; got none.")
    full = G.mean(axis=0)
    means = np.array([G[np.asarray(b)].mean(axis=0) for b in batches])
    return float(np.mean(np.sum((means - full) ** 2, axis=1)))


def sampled_gradient_variance(G, batch_sizes, *, n_draws: int = 300,
                              random_state=None) -> np.ndarray:
    """Measured variance of the mini-batch gradient for each batch size.

    For each of ``n_draws`` draws, a batch of each size is sampled uniformly *without
    replacement* (the first ``B`` rows of a random permutation), its mean gradient is
    compared with the full-data gradient, and the squared distances are averaged.

    Parameters
    ----------
    G : array of shape (n_samples, n_params)
        Per-sample gradients.
    batch_sizes : sequence of int
        Each between 1 and ``n_samples``.
    n_draws : int
        Batches drawn per size.
    random_state : None, int or numpy Generator

    Returns
    -------
    ndarray of float, one variance per batch size

    Examples
    --------
    >>> G = np.random.default_rng(0).normal(size=(400, 3))
    >>> v = sampled_gradient_variance(G, [1, 4, 400], n_draws=2000, random_state=0)
    >>> bool(3 < v[0] / v[1] < 5), float(v[2]) < 1e-20   # about 4x less noise; none at B = n
    (True, True)
    """
    G = _check_G(G)
    n = G.shape[0]
    sizes = [check_int("batch_sizes[i]", b, low=1, high=n) for b in batch_sizes]
    draws = check_int("n_draws", n_draws, low=1)
    rng = check_random_state("random_state", random_state)
    ranks = np.argsort(rng.random((draws, n)), axis=1).argsort(axis=1)
    centred = G - G.mean(axis=0)
    out = np.empty(len(sizes))
    for i, b in enumerate(sizes):
        means = (ranks < b).astype(float) @ centred / b
        out[i] = np.mean(np.sum(means ** 2, axis=1))
    return out


def predicted_gradient_variance(G, batch_sizes) -> np.ndarray:
    """Theory for sampling without replacement: ``s2 / B * (n - B) / (n - 1)``.

    ``s2`` is the mean squared distance of the per-sample gradients from their mean. The
    factor ``(n - B) / (n - 1)`` is the finite-population correction: close to 1 while
    ``B`` is small next to ``n``, exactly 0 at ``B = n`` (the batch *is* the data set).

    Examples
    --------
    >>> G = np.array([[0.0], [2.0], [4.0], [6.0]])     # s2 = 5
    >>> predicted_gradient_variance(G, [1, 2, 4])
    array([5.        , 1.66666667, 0.        ])
    """
    G = _check_G(G)
    n = G.shape[0]
    sizes = np.array([check_int("batch_sizes[i]", b, low=1, high=n) for b in batch_sizes],
                     dtype=float)
    s2 = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    return s2 / sizes * (n - sizes) / (n - 1)


def loglog_slope(x, y) -> float:
    """Least-squares slope of ``log(y)`` against ``log(x)``.

    Examples
    --------
    >>> round(loglog_slope([1, 10, 100], [5.0, 0.5, 0.05]), 6)
    -1.0
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or len(x) < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length >= 2; got shapes "
                         f"{x.shape} and {y.shape}.")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x and y must be positive to take logarithms.")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


@dataclass
class SGDRun:
    """The record of one :func:`train_softmax_sgd` run.

    Attributes
    ----------
    batch_size, lr : int, float
    updates : ndarray of int
        Number of updates done at each record point (0 = before training).
    epochs : ndarray of float
        The same points in epochs (``updates / updates_per_epoch``).
    loss : ndarray of float
        Training loss (on all training rows) at each record point.
    val_loss : ndarray of float or None
        Validation loss at each record point, when validation data were given.
    W : ndarray
        Final weights.
    diverged : bool
        True if the loss became non-finite or exceeded ``100 * log(n_classes)``; the
        run stopped there and later points are ``inf``.
    """

    batch_size: int
    lr: float
    updates: np.ndarray
    epochs: np.ndarray
    loss: np.ndarray
    val_loss: np.ndarray | None
    W: np.ndarray
    diverged: bool

    @property
    def final_loss(self) -> float:
        """The last recorded training loss."""
        return float(self.loss[-1])

    @property
    def final_val_loss(self) -> float:
        """The last recorded validation loss (``nan`` without validation data)."""
        return float("nan") if self.val_loss is None else float(self.val_loss[-1])


def train_softmax_sgd(X, y, *, batch_size: int, lr: float, epochs: int | None = None,
                      n_updates: int | None = None, order: str = "shuffle",
                      window: int | None = None, record_every: int | None = None,
                      n_classes: int | None = None, X_val=None, y_val=None,
                      random_state=None) -> SGDRun:
    """Mini-batch SGD for softmax regression, starting from zero weights.

    Each epoch visits the rows in :func:`epoch_order` (a fresh order per epoch) and
    takes one step ``W -= lr * softmax_gradient(W, X[b], y[b])`` per batch ``b``.
    Give exactly one budget: ``epochs`` (full passes) or ``n_updates`` (steps; the
    last epoch may be cut short).

    Parameters
    ----------
    X : array (n_samples, n_features)
        Standardised features, with a column of ones for the intercept (:func:`add_bias`).
    y : array of int (n_samples,)
        Labels ``0 .. n_classes - 1``.
    batch_size : int
    lr : float
        Learning rate, > 0.
    epochs, n_updates : int
        The budget (exactly one of them).
    order, window : see :func:`epoch_order`
    record_every : int, optional
        Record the loss every this many updates; default: at the end of every epoch.
    n_classes : int, optional
        Default ``max(y) + 1`` (also counting ``y_val``).
    X_val, y_val : arrays, optional
        Validation data; their loss is recorded too.
    random_state : None, int or numpy Generator

    Returns
    -------
    SGDRun

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = add_bias(rng.normal(size=(60, 2))); y = (X[:, 0] > 0).astype(int)
    >>> run = train_softmax_sgd(X, y, batch_size=10, lr=0.5, epochs=3, random_state=0)
    >>> run.updates.tolist(), bool(run.loss[-1] < run.loss[0])
    ([0, 6, 12, 18], True)
    """
    X = _as_matrix("X", X)
    y = np.asarray(y)
    n = X.shape[0]
    b = check_int("batch_size", batch_size, low=1, high=n)
    step = check_number("lr", lr, low=0, low_inclusive=False)
    if (epochs is None) == (n_updates is None):
        raise ValueError(f"give exactly one of epochs and n_updates; got epochs={epochs!r}, "
                         f"n_updates={n_updates!r}.")
    per_epoch = updates_per_epoch(n, b)
    if epochs is not None:
        total = check_int("epochs", epochs, low=1) * per_epoch
    else:
        total = check_int("n_updates", n_updates, low=1)
    every = per_epoch if record_every is None else check_int("record_every", record_every,
                                                             low=1)
    check_one_of("order", order, ORDERS)
    rng = check_random_state("random_state", random_state)
    has_val = X_val is not None
    if has_val != (y_val is not None):
        raise ValueError("give both X_val and y_val, or neither.")
    top = int(y.max()) if not has_val else max(int(y.max()), int(np.max(y_val)))
    k = top + 1 if n_classes is None else check_int("n_classes", n_classes, low=top + 1)
    W = np.zeros((X.shape[1], k))
    _check_Xy(W, X, y)
    if has_val:
        _check_Xy(W, X_val, y_val)
    limit = 100 * math.log(k)

    points, losses, val_losses = [], [], []

    def record(t):
        points.append(t)
        losses.append(softmax_loss(W, X, y))
        if has_val:
            val_losses.append(softmax_loss(W, X_val, y_val))
        return not (math.isfinite(losses[-1]) and losses[-1] < limit)

    diverged = record(0)
    t = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while t < total and not diverged:
            for batch in epoch_batches(n, b, order=order, window=window, random_state=rng):
                W -= step * _gradient(W, X[batch], y[batch])
                t += 1
                if t % every == 0 or t == total:
                    diverged = record(t)
                if t == total or diverged:
                    break
    if diverged:
        wanted = list(range(every, total + 1, every))
        if total % every:
            wanted.append(total)
        for p in wanted:
            if p > points[-1]:
                points.append(p)
                losses.append(math.inf)
                if has_val:
                    val_losses.append(math.inf)
    updates = np.array(points, dtype=int)
    return SGDRun(batch_size=b, lr=step, updates=updates, epochs=updates / per_epoch,
                  loss=np.array(losses), val_loss=np.array(val_losses) if has_val else None,
                  W=W, diverged=diverged)


def sgd_grid(X, y, batch_sizes, learning_rates, *, epochs: int, X_val=None, y_val=None,
             random_state=0) -> dict:
    """Run :func:`train_softmax_sgd` for every (batch size, learning rate) pair.

    Every run uses the same seed, so differences come from the two hyperparameters.

    Returns
    -------
    dict
        ``batch_sizes``, ``learning_rates`` (arrays), ``epochs`` (int), ``loss`` of
        shape ``(n_batch_sizes, n_learning_rates, epochs + 1)`` (training loss after
        each epoch, ``inf`` after a divergence), ``val_loss`` (same shape, or None),
        ``updates_per_epoch`` (one per batch size).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = add_bias(rng.normal(size=(40, 2))); y = (X[:, 1] > 0).astype(int)
    >>> grid = sgd_grid(X, y, [4, 40], [0.1, 1.0], epochs=2)
    >>> grid["loss"].shape, grid["updates_per_epoch"].tolist()
    ((2, 2, 3), [10, 1])
    """
    sizes = np.array([check_int("batch_sizes[i]", b, low=1) for b in batch_sizes])
    rates = np.array([check_number("learning_rates[i]", r, low=0, low_inclusive=False)
                      for r in learning_rates])
    n_epochs = check_int("epochs", epochs, low=1)
    has_val = X_val is not None
    loss = np.empty((len(sizes), len(rates), n_epochs + 1))
    val = np.empty_like(loss) if has_val else None
    for i, b in enumerate(sizes):
        for j, r in enumerate(rates):
            run = train_softmax_sgd(X, y, batch_size=int(b), lr=float(r), epochs=n_epochs,
                                    X_val=X_val, y_val=y_val, random_state=random_state)
            loss[i, j] = run.loss
            if has_val:
                val[i, j] = run.val_loss
    n = np.asarray(X).shape[0]
    return {"batch_sizes": sizes, "learning_rates": rates, "epochs": n_epochs, "loss": loss,
            "val_loss": val,
            "updates_per_epoch": np.array([updates_per_epoch(n, int(b)) for b in sizes])}
