"""Neural-network building blocks in small numpy: activations, initialisation, dropout, an MLP.

Lesson 04 uses these to show the deep-learning hyperparameters that scikit-learn's
``MLPClassifier`` does not expose:

- :data:`ACTIVATIONS`: ``relu``, ``tanh``, ``logistic`` and ``identity`` with their
  derivatives (the same four names ``MLPClassifier(activation=...)`` accepts);
- :func:`init_std` / :func:`init_weights`: the ``small``, ``large``, ``glorot`` and ``he``
  initialisation schemes, and :func:`deep_forward` / :func:`activation_spread`, which push
  data through many layers to see activations vanish or explode;
- :func:`inverted_dropout`: drop units with probability ``rate`` and scale the survivors by
  ``1 / (1 - rate)`` so the expected activation is unchanged (identity at evaluation);
- a one-hidden-layer softmax network (:func:`init_mlp`, :func:`mlp_forward`,
  :func:`mlp_backward`) and :func:`train_mlp`, mini-batch training with per-epoch
  train/validation loss and accuracy.

Only numpy: no plotting here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from threadpoolctl import threadpool_limits

from hpt_helpers.gradient_optimizers import make_optimizer
from hpt_helpers.validation import check_int, check_number, check_one_of, check_random_state

__all__ = [
    "ACTIVATIONS",
    "INIT_SCHEMES",
    "Activation",
    "MLPHistory",
    "activation_spread",
    "cross_entropy",
    "deep_forward",
    "init_mlp",
    "init_std",
    "init_weights",
    "inverted_dropout",
    "mlp_backward",
    "mlp_forward",
    "one_hot",
    "softmax",
    "train_mlp",
]


# -- activations ------------------------------------------------------------------------

class Activation(NamedTuple):
    """An activation function ``f`` and its derivative ``df`` (both elementwise)."""

    name: str
    f: callable
    df: callable


def _logistic(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # numerically safe 1 / (1 + exp(-z))


def _dlogistic(z):
    s = _logistic(z)
    return s * (1.0 - s)


ACTIVATIONS: dict[str, Activation] = {
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0),
                       lambda z: (np.asarray(z) > 0).astype(float)),
    "tanh": Activation("tanh", np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "logistic": Activation("logistic", _logistic, _dlogistic),
    "identity": Activation("identity", lambda z: np.asarray(z, dtype=float),
                           lambda z: np.ones_like(z, dtype=float)),
}
"""The four activations of ``MLPClassifier``, by name.

Examples
--------
>>> ACTIVATIONS["relu"].f(np.array([-1.0, 2.0])).tolist()
[0.0, 2.0]
>>> ACTIVATIONS["logistic"].df(np.array([0.0])).tolist()
[0.25]
"""


def _activation(name) -> Activation:
    return ACTIVATIONS[check_one_of("activation", name, ACTIVATIONS)]


# -- initialisation ---------------------------------------------------------------------

INIT_SCHEMES = ("small", "large", "glorot", "he")
_TINY = 1e-200


def init_std(scheme: str, fan_in: int, fan_out: int) -> float:
    """Standard deviation of the normal distribution a scheme draws weights from.

    ``small``: 0.01 whatever the layer size. ``large``: 1.0. ``glorot`` (Xavier):
    ``sqrt(2 / (fan_in + fan_out))``, which keeps the variance of a linear or tanh
    layer's output equal to its input's. ``he`` (Kaiming): ``sqrt(2 / fan_in)``, which
    makes up for relu zeroing half of its inputs.

    Parameters
    ----------
    scheme : {"small", "large", "glorot", "he"}
    fan_in, fan_out : int
        Units feeding into the layer and units in the layer.

    Returns
    -------
    float

    Examples
    --------
    >>> init_std("he", 200, 50)
    0.1
    >>> init_std("glorot", 100, 100)
    0.1
    """
    check_one_of("scheme", scheme, INIT_SCHEMES)
    fan_in = check_int("fan_in", fan_in, low=1)
    fan_out = check_int("fan_out", fan_out, low=1)
    return {"small": 0.01, "large": 1.0,
            "glorot": math.sqrt(2.0 / (fan_in + fan_out)),
            "he": math.sqrt(2.0 / fan_in)}[scheme]


def init_weights(fan_in: int, fan_out: int, scheme: str = "he",
                 random_state=None) -> np.ndarray:
    """A ``(fan_in, fan_out)`` weight matrix drawn from ``N(0, init_std(scheme)**2)``.

    Examples
    --------
    >>> W = init_weights(400, 300, "glorot", random_state=0)
    >>> W.shape, round(float(W.std()), 3)
    ((400, 300), 0.054)
    """
    rng = check_random_state("random_state", random_state)
    return init_std(scheme, fan_in, fan_out) * rng.standard_normal((fan_in, fan_out))


def deep_forward(X, depth: int, scheme: str = "he", activation: str = "relu", *,
                 random_state=None, unit_weights=None) -> list[np.ndarray]:
    """Push ``X`` through ``depth`` square layers ``a <- f(a @ W)`` and keep every output.

    Biases are zero, as at initialisation. Each ``W`` is a standard normal matrix times
    :func:`init_std`, so passing the same ``unit_weights`` compares schemes on the very
    same random draws (and skips drawing them again, which is what makes an interactive
    explorer fast). Activations smaller than 1e-200 are set to exactly 0: they have
    vanished anyway, and subnormal numbers would make the products very slow.

    Parameters
    ----------
    X : array of shape (n_samples, width)
    depth : int
        Number of layers, >= 1.
    scheme : {"small", "large", "glorot", "he"}
    activation : {"relu", "tanh", "logistic", "identity"}
    random_state : None, int or numpy Generator
        Draws the weights when ``unit_weights`` is not given.
    unit_weights : array of shape (>= depth, width, width), optional
        Standard normal draws to scale.

    Returns
    -------
    list of arrays
        ``depth`` arrays of shape ``(n_samples, width)``: the outputs of layers 1..depth.

    Examples
    --------
    >>> X = np.random.default_rng(0).standard_normal((100, 64))
    >>> outs = deep_forward(X, 10, "small", "tanh", random_state=0)
    >>> len(outs), float(outs[-1].std()) < 1e-6
    (10, True)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, width); got shape {X.shape}.")
    depth = check_int("depth", depth, low=1)
    width = X.shape[1]
    std = init_std(scheme, width, width)
    f = _activation(activation).f
    if unit_weights is None:
        rng = check_random_state("random_state", random_state)
        unit_weights = rng.standard_normal((depth, width, width))
    elif unit_weights.shape[0] < depth or unit_weights.shape[1:] != (width, width):
        raise ValueError(f"unit_weights must have shape (>= {depth}, {width}, {width}); "
                         f"got {unit_weights.shape}.")
    outputs, a = [], X
    # One BLAS thread: these products are small, and threads only add overhead.
    with np.errstate(over="ignore", invalid="ignore"), threadpool_limits(1, user_api="blas"):
        for layer in range(depth):
            a = f(a @ (std * unit_weights[layer]))
            a[np.abs(a) < _TINY] = 0.0  # flush subnormals: they only slow the matmuls
            outputs.append(a)
    return outputs


def activation_spread(X, depth: int, scheme: str = "he", activation: str = "relu", *,
                      random_state=None, unit_weights=None) -> np.ndarray:
    """Standard deviation of each layer's activations (see :func:`deep_forward`).

    Returns
    -------
    ndarray of shape (depth,)

    Examples
    --------
    >>> X = np.random.default_rng(0).standard_normal((200, 128))
    >>> s = activation_spread(X, 30, "he", "relu", random_state=0)
    >>> bool(0.3 < s[-1] / s[0] < 3)
    True
    """
    return np.array([a.std() for a in deep_forward(X, depth, scheme, activation,
                                                   random_state=random_state,
                                                   unit_weights=unit_weights)])


# -- dropout ----------------------------------------------------------------------------

def inverted_dropout(a, rate: float, random_state=None, *, training: bool = True):
    """Inverted dropout: zero each unit with probability ``rate``, scale the rest up.

    During training every unit is kept with probability ``keep = 1 - rate`` and the kept
    ones are divided by ``keep``, so ``E[output] = a``. At evaluation
    (``training=False``) the layer is the identity: nothing to rescale at test time.

    Parameters
    ----------
    a : array
        Activations.
    rate : float in [0, 1)
        Probability of dropping a unit.
    random_state : None, int or numpy Generator
    training : bool

    Returns
    -------
    out : ndarray
        The activations after dropout.
    scale : ndarray or None
        ``mask / keep`` (0 for dropped units, ``1 / keep`` for kept ones), which the
        backward pass multiplies the incoming gradient by; ``None`` when nothing was
        dropped.

    Examples
    --------
    >>> out, scale = inverted_dropout(np.ones(8), 0.5, random_state=1)
    >>> sorted(set(out.tolist()))
    [0.0, 2.0]
    >>> inverted_dropout(np.ones(3), 0.5, training=False)[0].tolist()
    [1.0, 1.0, 1.0]
    """
    rate = check_number("rate", rate, low=0, high=1, high_inclusive=False)
    a = np.asarray(a, dtype=float)
    if not training or rate == 0:
        return a, None
    rng = check_random_state("random_state", random_state)
    keep = 1.0 - rate
    scale = (rng.random(a.shape) < keep) / keep
    return a * scale, scale


# -- a one-hidden-layer softmax network -------------------------------------------------

def softmax(logits) -> np.ndarray:
    """Row-wise softmax, shifted for numerical safety.

    Examples
    --------
    >>> softmax(np.array([[0.0, np.log(3.0)]])).round(2).tolist()
    [[0.25, 0.75]]
    """
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def one_hot(y, n_classes: int) -> np.ndarray:
    """``(n, n_classes)`` indicator matrix of integer labels ``y``.

    Examples
    --------
    >>> one_hot([0, 2], 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    y = np.asarray(y)
    out = np.zeros((len(y), n_classes))
    out[np.arange(len(y)), y] = 1.0
    return out


def cross_entropy(proba, y) -> float:
    """Mean negative log-likelihood of integer labels ``y`` under ``proba``.

    Examples
    --------
    >>> round(cross_entropy(np.array([[0.5, 0.5]]), [1]), 4)
    0.6931
    """
    proba = np.asarray(proba)
    picked = proba[np.arange(len(proba)), np.asarray(y)]
    return float(-np.mean(np.log(np.clip(picked, 1e-12, None))))


def init_mlp(n_in: int, n_hidden: int, n_out: int, *, scheme: str = "he",
             random_state=None) -> dict[str, np.ndarray]:
    """Weights ``W1 (n_in, n_hidden)``, ``b1``, ``W2 (n_hidden, n_out)``, ``b2``.

    Weights follow :func:`init_weights`; biases start at zero.

    Examples
    --------
    >>> p = init_mlp(64, 32, 10, random_state=0)
    >>> {k: v.shape for k, v in p.items()}
    {'W1': (64, 32), 'b1': (32,), 'W2': (32, 10), 'b2': (10,)}
    """
    rng = check_random_state("random_state", random_state)
    n_in = check_int("n_in", n_in, low=1)
    n_hidden = check_int("n_hidden", n_hidden, low=1)
    n_out = check_int("n_out", n_out, low=2)
    return {"W1": init_weights(n_in, n_hidden, scheme, rng), "b1": np.zeros(n_hidden),
            "W2": init_weights(n_hidden, n_out, scheme, rng), "b2": np.zeros(n_out)}


def mlp_forward(params, X, *, activation: str = "relu", dropout: float = 0.0,
                input_dropout: float = 0.0, random_state=None, training: bool = False):
    """Class probabilities of the network, and the cache :func:`mlp_backward` needs.

    When ``training``, inverted dropout with rate ``input_dropout`` is applied to ``X``
    (zeroing whole input features of each row, here pixels); then
    ``hidden = f(X @ W1 + b1)``, inverted dropout with rate ``dropout`` on ``hidden``, and
    ``softmax(hidden @ W2 + b2)``. With ``training=False`` both dropouts are the identity.

    Returns
    -------
    proba : ndarray of shape (n_samples, n_classes)
    cache : dict

    Examples
    --------
    >>> p = init_mlp(4, 3, 2, random_state=0)
    >>> proba, _ = mlp_forward(p, np.ones((5, 4)))
    >>> proba.shape, bool(np.allclose(proba.sum(axis=1), 1))
    ((5, 2), True)
    """
    act = _activation(activation)
    X, _ = inverted_dropout(X, input_dropout, random_state, training=training)
    z1 = X @ params["W1"] + params["b1"]
    hidden = act.f(z1)
    dropped, scale = inverted_dropout(hidden, dropout, random_state, training=training)
    proba = softmax(dropped @ params["W2"] + params["b2"])
    return proba, {"X": X, "z1": z1, "hidden": dropped, "scale": scale, "proba": proba,
                   "activation": act}


def mlp_backward(params, cache, y) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy with respect to every weight.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_mlp`.
    cache : dict
        From the :func:`mlp_forward` call on the same batch.
    y : array of int
        The batch's labels.

    Returns
    -------
    dict
        Same keys and shapes as ``params``.

    Examples
    --------
    >>> p = init_mlp(4, 3, 2, random_state=0)
    >>> X, y = np.random.default_rng(0).standard_normal((6, 4)), np.array([0, 1] * 3)
    >>> grads = mlp_backward(p, mlp_forward(p, X)[1], y)
    >>> sorted(grads) == sorted(p) and grads["W1"].shape == (4, 3)
    True
    """
    proba = cache["proba"]
    n = len(proba)
    dlogits = (proba - one_hot(y, proba.shape[1])) / n
    dhidden = dlogits @ params["W2"].T
    if cache["scale"] is not None:
        dhidden = dhidden * cache["scale"]
    dz1 = dhidden * cache["activation"].df(cache["z1"])
    return {"W1": cache["X"].T @ dz1, "b1": dz1.sum(axis=0),
            "W2": cache["hidden"].T @ dlogits, "b2": dlogits.sum(axis=0)}


@dataclass
class MLPHistory:
    """Per-epoch record of :func:`train_mlp` (index ``e`` is after epoch ``e + 1``).

    Losses and accuracies are measured in evaluation mode (no dropout) on the whole
    training and validation sets.
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    learning_rates: np.ndarray | None = None
    params: dict | None = None

    @property
    def gap(self) -> np.ndarray:
        """Train minus validation accuracy, per epoch."""
        return np.asarray(self.train_acc) - np.asarray(self.val_acc)

    def as_arrays(self) -> dict[str, np.ndarray]:
        """The four curves as numpy arrays."""
        return {k: np.asarray(getattr(self, k))
                for k in ("train_loss", "val_loss", "train_acc", "val_acc")}


def train_mlp(X_train, y_train, X_val, y_val, *, n_hidden: int = 64, activation: str = "relu",
              dropout: float = 0.0, input_dropout: float = 0.0, epochs: int = 20,
              batch_size: int = 32,
              optimizer: str = "sgd", learning_rate=0.1, momentum: float = 0.0,
              scheme: str = "he", random_state=None) -> MLPHistory:
    """Train the one-hidden-layer network with mini-batches and record every epoch.

    Parameters
    ----------
    X_train, y_train, X_val, y_val : arrays
        Features (already scaled) and integer labels ``0..n_classes-1``.
    n_hidden : int
        Hidden units.
    activation : {"relu", "tanh", "logistic", "identity"}
    dropout : float in [0, 1)
        Dropout rate on the hidden layer during training.
    input_dropout : float in [0, 1)
        Dropout rate on the input features during training.
    epochs, batch_size : int
        Passes over the training set, and rows per update (a fresh shuffle each epoch).
    optimizer : {"sgd", "nesterov", "adam"}
        See :func:`hpt_helpers.gradient_optimizers.make_optimizer`.
    learning_rate : float or array
        A constant, or one learning rate per update: an array of length
        ``epochs * ceil(n_train / batch_size)`` (see :mod:`hpt_helpers.schedules`).
    momentum : float
        For ``"sgd"``/``"nesterov"``.
    scheme : str
        Weight initialisation (:data:`INIT_SCHEMES`).
    random_state : None, int or numpy Generator
        Seeds the initial weights, the shuffles and the dropout masks.

    Returns
    -------
    MLPHistory

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> X = (X - X.mean(0)) / X.std(0)
    >>> h = train_mlp(X[::2], y[::2], X[1::2], y[1::2], n_hidden=8, epochs=30,
    ...               learning_rate=0.1, random_state=0)
    >>> h.val_acc[-1] > 0.9 and h.train_loss[-1] < h.train_loss[0]
    True
    """
    rng = check_random_state("random_state", random_state)
    X_train, X_val = np.asarray(X_train, dtype=float), np.asarray(X_val, dtype=float)
    y_train, y_val = np.asarray(y_train), np.asarray(y_val)
    epochs = check_int("epochs", epochs, low=1)
    n = len(X_train)
    batch_size = check_int("batch_size", batch_size, low=1, high=n)
    per_epoch = math.ceil(n / batch_size)
    total = epochs * per_epoch
    if np.ndim(learning_rate) == 0:
        rates = np.full(total, check_number("learning_rate", learning_rate, low=0))
    else:
        rates = np.asarray(learning_rate, dtype=float)
        if rates.shape != (total,) or not np.all(np.isfinite(rates)) or np.any(rates < 0):
            raise ValueError(f"learning_rate must be a number >= 0 or {total} finite rates "
                             f">= 0 (epochs * ceil(n / batch_size)); got shape {rates.shape}.")
    n_classes = int(max(y_train.max(), y_val.max())) + 1
    params = init_mlp(X_train.shape[1], n_hidden, n_classes, scheme=scheme, random_state=rng)
    opt = make_optimizer(optimizer, learning_rate=float(rates[0]), momentum=momentum)
    history = MLPHistory(learning_rates=rates)
    # One BLAS thread: the products are small, and threads only add overhead.
    with threadpool_limits(1, user_api="blas"):
        _train_epochs(params, opt, rates, history, X_train, y_train, X_val, y_val, epochs,
                      batch_size, activation, dropout, input_dropout, rng)
    history.params = params
    return history


def _train_epochs(params, opt, rates, history, X_train, y_train, X_val, y_val, epochs,
                  batch_size, activation, dropout, input_dropout, rng):
    n = len(X_train)
    names = list(params)
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            rows = order[start:start + batch_size]
            _, cache = mlp_forward(params, X_train[rows], activation=activation,
                                   dropout=dropout, input_dropout=input_dropout,
                                   random_state=rng, training=True)
            grads = mlp_backward(params, cache, y_train[rows])
            opt.update([params[k] for k in names], [grads[k] for k in names],
                       learning_rate=rates[step])
            step += 1
        for X, y, loss, acc in ((X_train, y_train, history.train_loss, history.train_acc),
                                (X_val, y_val, history.val_loss, history.val_acc)):
            proba, _ = mlp_forward(params, X, activation=activation)
            loss.append(cross_entropy(proba, y))
            acc.append(float(np.mean(proba.argmax(axis=1) == y)))
