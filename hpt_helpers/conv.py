"""Small, readable 2-D convolution in numpy: the building blocks of lesson 05.

Everything here computes what deep-learning libraries call a convolution, which is
mathematically a *cross-correlation*: the kernel slides over the (zero-padded) input
and, at each position, the overlapping values are multiplied element-wise and summed.
No kernel flip. Sizes follow one formula per spatial axis,

    out = floor((n + 2 * padding - k) / stride) + 1,

implemented by :func:`output_size` and used by every function that produces a map.

The module is numpy only (no matplotlib, no widgets).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from hpt_helpers.validation import check_int, check_one_of, check_random_state

__all__ = [
    "KERNEL_NAMES",
    "conv2d",
    "conv_features",
    "conv_layer",
    "conv_param_count",
    "dense_param_count",
    "influence_map",
    "kernel_bank",
    "make_kernel",
    "max_pool2d",
    "output_size",
    "receptive_field",
    "to_greyscale",
]

KERNEL_NAMES = ("identity", "box blur", "gaussian blur", "sharpen", "vertical edge",
                "horizontal edge", "outline")


# -- sizes ---------------------------------------------------------------------------

def output_size(n: int, k: int, stride: int = 1, padding: int = 0) -> int:
    """Length of a convolution's output along one axis: ``floor((n + 2p - k) / s) + 1``.

    Parameters
    ----------
    n : int
        Input length (>= 1).
    k : int
        Kernel length (>= 1 and at most ``n + 2 * padding``).
    stride : int
        Step between two kernel positions (>= 1).
    padding : int
        Zeros added on each side (>= 0).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If an argument is out of range, naming it (``k`` larger than the padded input
        included).

    Examples
    --------
    >>> output_size(8, 3)
    6
    >>> output_size(32, 5, stride=2, padding=1)
    15
    >>> output_size(4, 7)
    Traceback (most recent call last):
    ...
    ValueError: k must be at most n + 2 * padding = 4 (the padded input); got 7.
    """
    n = check_int("n", n, low=1)
    k = check_int("k", k, low=1)
    stride = check_int("stride", stride, low=1)
    padding = check_int("padding", padding, low=0)
    if k > n + 2 * padding:
        raise ValueError(f"k must be at most n + 2 * padding = {n + 2 * padding} "
                         f"(the padded input); got {k}.")
    return (n + 2 * padding - k) // stride + 1


def receptive_field(kernel_sizes: Sequence[int], strides: Sequence[int] | None = None
                    ) -> np.ndarray:
    """Receptive field of each layer of a stack of convolutions (square kernels).

    Layer ``l`` sees ``r_l = r_{l-1} + (k_l - 1) * (s_1 * ... * s_{l-1})`` input pixels
    along each axis, starting from ``r_0 = 1``. Padding does not change it.

    Parameters
    ----------
    kernel_sizes : sequence of int
        Kernel size of each layer, first layer first.
    strides : sequence of int, optional
        Stride of each layer (default: all 1). Same length as ``kernel_sizes``.

    Returns
    -------
    ndarray of int, shape (n_layers,)
        The receptive field after each layer.

    Examples
    --------
    >>> receptive_field([3, 3, 3]).tolist()
    [3, 5, 7]
    >>> receptive_field([3, 3, 3], [2, 2, 1]).tolist()
    [3, 7, 15]
    """
    ks, ss = _stack(kernel_sizes, strides)
    r, jump, out = 1, 1, []
    for k, s in zip(ks, ss, strict=True):
        r += (k - 1) * jump
        jump *= s
        out.append(r)
    return np.array(out, dtype=int)


def _stack(kernel_sizes, strides):
    ks = [check_int("kernel_sizes[i]", k, low=1) for k in kernel_sizes]
    if not ks:
        raise ValueError("kernel_sizes must hold at least one layer; got an empty sequence.")
    if strides is None:
        ss = [1] * len(ks)
    else:
        ss = [check_int("strides[i]", s, low=1) for s in strides]
        if len(ss) != len(ks):
            raise ValueError(f"strides must have one entry per layer ({len(ks)}); "
                             f"got {len(ss)}.")
    return ks, ss


def conv_param_count(kernel_size: int, in_channels: int, out_channels: int, *,
                     bias: bool = True) -> int:
    """Number of learned values in a convolution layer: ``k*k*C_in*C_out (+ C_out)``.

    It does not depend on the image size: the same kernels slide over every position.

    Examples
    --------
    >>> conv_param_count(3, 3, 16)
    448
    >>> conv_param_count(5, 1, 8, bias=False)
    200
    """
    k = check_int("kernel_size", kernel_size, low=1)
    c_in = check_int("in_channels", in_channels, low=1)
    c_out = check_int("out_channels", out_channels, low=1)
    return k * k * c_in * c_out + (c_out if bias else 0)


def dense_param_count(n_in: int, n_out: int, *, bias: bool = True) -> int:
    """Number of learned values in a fully connected layer: ``n_in*n_out (+ n_out)``.

    Examples
    --------
    >>> dense_param_count(64, 10)
    650
    """
    n_in = check_int("n_in", n_in, low=1)
    n_out = check_int("n_out", n_out, low=1)
    return n_in * n_out + (n_out if bias else 0)


# -- convolution ---------------------------------------------------------------------

def _check_stride_padding(stride, padding):
    return check_int("stride", stride, low=1), check_int("padding", padding, low=0)


def _windows(x: np.ndarray, kh: int, kw: int, stride: int, padding: int) -> np.ndarray:
    """Strided view of every (kh, kw) window of the last two axes of ``x`` (no copy
    except the padding)."""
    h, w = x.shape[-2:]
    for name, n, k in (("height", h, kh), ("width", w, kw)):
        if k > n + 2 * padding:
            raise ValueError(f"kernel {name} must be at most the padded input {name} "
                             f"{n} + 2 * padding = {n + 2 * padding}; got {k}.")
    if padding:
        pad = [(0, 0)] * (x.ndim - 2) + [(padding, padding), (padding, padding)]
        x = np.pad(x, pad)
    view = sliding_window_view(x, (kh, kw), axis=(-2, -1))
    return view[..., ::stride, ::stride, :, :]


def conv2d(images, kernels, *, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Slide one kernel (or a bank of kernels) over one image (or a batch of images).

    Each output value is the sum of the element-wise product of a kernel with the
    window of the zero-padded input under it (a cross-correlation, as in CNNs).
    Vectorised with :func:`numpy.lib.stride_tricks.sliding_window_view`.

    Parameters
    ----------
    images : array_like, shape (H, W) or (N, H, W)
    kernels : array_like, shape (kh, kw) or (K, kh, kw)
    stride : int
        Step between kernel positions, in both directions (>= 1).
    padding : int
        Rows/columns of zeros added on each side (>= 0).

    Returns
    -------
    ndarray
        Shape ``(*batch, *bank, H_out, W_out)`` where ``batch`` is ``(N,)`` for a batch
        of images, ``bank`` is ``(K,)`` for a bank of kernels, and
        ``H_out = output_size(H, kh, stride, padding)`` (same for ``W``).

    Raises
    ------
    ValueError
        Wrong dimensions, a kernel larger than the padded image, ``stride < 1`` or
        ``padding < 0``.

    Examples
    --------
    >>> image = np.arange(16.0).reshape(4, 4)
    >>> conv2d(image, np.ones((2, 2)))
    array([[10., 14., 18.],
           [26., 30., 34.],
           [42., 46., 50.]])
    >>> conv2d(image, np.ones((2, 2)), stride=2).shape
    (2, 2)
    >>> conv2d(np.zeros((5, 4, 4)), np.zeros((3, 3, 3)), padding=1).shape
    (5, 3, 4, 4)
    """
    x = np.asarray(images, dtype=float)
    w = np.asarray(kernels, dtype=float)
    if x.ndim not in (2, 3):
        raise ValueError(f"images must have shape (H, W) or (N, H, W); got shape {x.shape}.")
    if w.ndim not in (2, 3) or 0 in w.shape:
        raise ValueError(f"kernels must have shape (kh, kw) or (K, kh, kw) with sizes >= 1; "
                         f"got shape {w.shape}.")
    stride, padding = _check_stride_padding(stride, padding)
    win = _windows(x, w.shape[-2], w.shape[-1], stride, padding)
    if w.ndim == 2:
        return np.einsum("...ijkl,kl->...ij", win, w)
    return np.einsum("...ijkl,ckl->...cij", win, w)


def conv_layer(x, weights, bias=None, *, stride: int = 1, padding: int = 0) -> np.ndarray:
    """A convolution layer with channels: every output channel sums over all inputs.

    ``out[o] = bias[o] + sum_c conv2d(x[c], weights[o, c])``. The layer holds
    ``weights.size + bias.size`` learned values, see :func:`conv_param_count`.

    Parameters
    ----------
    x : array_like, shape (C_in, H, W) or (N, C_in, H, W)
    weights : array_like, shape (C_out, C_in, kh, kw)
    bias : array_like, shape (C_out,), optional
    stride, padding : int
        As in :func:`conv2d`.

    Returns
    -------
    ndarray, shape (C_out, H_out, W_out) or (N, C_out, H_out, W_out)

    Examples
    --------
    >>> rgb = np.ones((3, 5, 5))
    >>> out = conv_layer(rgb, np.ones((2, 3, 3, 3)), bias=np.array([0.0, 1.0]))
    >>> out.shape, float(out[0, 0, 0]), float(out[1, 0, 0])
    ((2, 3, 3), 27.0, 28.0)
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must have shape (C_in, H, W) or (N, C_in, H, W); "
                         f"got shape {x.shape}.")
    if w.ndim != 4 or 0 in w.shape:
        raise ValueError(f"weights must have shape (C_out, C_in, kh, kw); got shape {w.shape}.")
    if w.shape[1] != x.shape[-3]:
        raise ValueError(f"weights must have C_in = {x.shape[-3]} input channels (the "
                         f"channels of x); got weights of shape {w.shape}.")
    stride, padding = _check_stride_padding(stride, padding)
    win = _windows(x, w.shape[2], w.shape[3], stride, padding)
    out = np.einsum("...cijkl,ockl->...oij", win, w)
    if bias is not None:
        b = np.asarray(bias, dtype=float)
        if b.shape != (w.shape[0],):
            raise ValueError(f"bias must have shape ({w.shape[0]},), one value per output "
                             f"channel; got shape {b.shape}.")
        out = out + b[:, None, None]
    return out


def max_pool2d(x, size: int = 2, stride: int | None = None) -> np.ndarray:
    """Maximum over each ``size x size`` window of the last two axes.

    Pooling is a window with a size and a stride but no weights: the output size
    follows the same formula, ``floor((n - size) / stride) + 1``.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
    size : int
        Window size (>= 1, at most H and W).
    stride : int, optional
        Step between windows (default: ``size``, non-overlapping windows).

    Examples
    --------
    >>> max_pool2d(np.arange(16.0).reshape(4, 4))
    array([[ 5.,  7.],
           [13., 15.]])
    """
    x = np.asarray(x, dtype=float)
    if x.ndim < 2:
        raise ValueError(f"x must have at least 2 dimensions (..., H, W); got shape {x.shape}.")
    size = check_int("size", size, low=1)
    stride = size if stride is None else check_int("stride", stride, low=1)
    if size > min(x.shape[-2:]):
        raise ValueError(f"size must be at most the map's height and width "
                         f"{x.shape[-2:]}; got {size}.")
    return _windows(x, size, size, stride, 0).max(axis=(-2, -1))


# -- what the lesson convolves with ----------------------------------------------------

def to_greyscale(rgb, *, block: int = 1) -> np.ndarray:
    """Luminance of an RGB image in [0, 1], optionally averaged over ``block x block``.

    Parameters
    ----------
    rgb : array_like, shape (H, W, 3)
        Values 0..255 (as ``load_sample_image`` returns them).
    block : int
        Downsampling factor: the mean of each non-overlapping block (rows and columns
        that do not fill a block are dropped).

    Examples
    --------
    >>> to_greyscale(np.full((4, 6, 3), 255, dtype=np.uint8), block=2).shape
    (2, 3)
    """
    a = np.asarray(rgb, dtype=float)
    if a.ndim != 3 or a.shape[2] != 3:
        raise ValueError(f"rgb must have shape (H, W, 3); got shape {a.shape}.")
    block = check_int("block", block, low=1)
    grey = a @ np.array([0.299, 0.587, 0.114]) / 255.0
    h, w = (grey.shape[0] // block) * block, (grey.shape[1] // block) * block
    if h == 0 or w == 0:
        raise ValueError(f"block must be at most the image's height and width "
                         f"{grey.shape}; got {block}.")
    grey = grey[:h, :w].reshape(h // block, block, w // block, block)
    return grey.mean(axis=(1, 3))


def _binomial(n: int) -> np.ndarray:
    row = np.array([1.0])
    for _ in range(n - 1):
        row = np.convolve(row, [1.0, 1.0])
    return row


def make_kernel(name: str, size: int = 3) -> np.ndarray:
    """A classic image kernel of any size.

    ============== =====================================================================
    name           what it does
    ============== =====================================================================
    identity       a single 1 (at the centre, or just above-left of it for even sizes)
    box blur       the mean of the window
    gaussian blur  binomial weights (a discrete Gaussian), summing to 1
    sharpen        ``2 * identity - gaussian blur``: the image plus its detail
    vertical edge  Sobel-like: smooths along columns, differentiates along rows; it
                   responds to vertical edges (left-right changes)
    horizontal edge the transpose of ``vertical edge``
    outline        ``identity - box blur``: a Laplacian-like detector of any change
    ============== =====================================================================

    Parameters
    ----------
    name : str
        One of :data:`KERNEL_NAMES`.
    size : int
        Side length, >= 1 (>= 2 for the edge kernels).

    Returns
    -------
    ndarray, shape (size, size)

    Examples
    --------
    >>> make_kernel("vertical edge", 3)
    array([[ 0.25,  0.  , -0.25],
           [ 0.5 ,  0.  , -0.5 ],
           [ 0.25,  0.  , -0.25]])
    >>> float(make_kernel("gaussian blur", 5).sum())
    1.0
    """
    name = check_one_of("name", name, KERNEL_NAMES)
    low = 2 if name.endswith("edge") else 1
    size = check_int("size", size, low=low)
    delta = np.zeros((size, size))
    delta[(size - 1) // 2, (size - 1) // 2] = 1.0
    g = _binomial(size)
    gauss = np.outer(g, g) / g.sum() ** 2
    box = np.full((size, size), 1.0 / size**2)
    if name == "identity":
        return delta
    if name == "box blur":
        return box
    if name == "gaussian blur":
        return gauss
    if name == "sharpen":
        return 2 * delta - gauss
    if name == "outline":
        return delta - box
    b = _binomial(size - 1)
    deriv = np.r_[b, 0.0] - np.r_[0.0, b]
    kernel = np.outer(g, deriv)
    kernel /= kernel[kernel > 0].sum()
    return kernel if name == "vertical edge" else kernel.T.copy()


def kernel_bank(size: int, n_random: int = 4, *, random_state=0) -> np.ndarray:
    """Fixed kernels for feature extraction: four edge/blob detectors plus random ones.

    The named kernels are ``vertical edge``, ``horizontal edge``, their two diagonal
    cousins (the vertical edge kernel's sum with and difference from its transpose) and
    ``outline``; the random kernels are standard-normal values scaled by
    ``1 / size``. Nothing is learned: these kernels stay fixed and only the classifier
    on top of their features is trained.

    Parameters
    ----------
    size : int
        Kernel side (>= 2).
    n_random : int
        How many random kernels to add (>= 0).
    random_state : int, Generator or None

    Returns
    -------
    ndarray, shape (5 + n_random, size, size)

    Examples
    --------
    >>> kernel_bank(3, n_random=2).shape
    (7, 3, 3)
    """
    size = check_int("size", size, low=2)
    n_random = check_int("n_random", n_random, low=0)
    rng = check_random_state("random_state", random_state)
    v = make_kernel("vertical edge", size)
    h = v.T
    named = [v, h, (v + h) / 2, (v - h) / 2, make_kernel("outline", size)]
    rand = rng.standard_normal((n_random, size, size)) / size
    return np.concatenate([np.array(named), rand])


def conv_features(images, kernels, *, stride: int = 1, padding: int = 0,
                  pool: int = 1) -> np.ndarray:
    """Flattened ``ReLU(conv2d(...))`` feature maps, optionally max-pooled.

    Parameters
    ----------
    images : array_like, shape (N, H, W)
    kernels : array_like, shape (K, kh, kw)
    stride, padding : int
        Of the convolution.
    pool : int
        Max-pooling window and stride applied after the ReLU (1 = no pooling).

    Returns
    -------
    ndarray, shape (N, K * H_out * W_out)
        ``H_out = output_size(H, kh, stride, padding)``, then divided by ``pool`` via the
        same formula when pooling.

    Examples
    --------
    >>> X = conv_features(np.ones((10, 8, 8)), kernel_bank(3, 3), stride=2)
    >>> X.shape
    (10, 72)
    """
    x = np.asarray(images, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W); got shape {x.shape}.")
    w = np.asarray(kernels, dtype=float)
    if w.ndim != 3:
        raise ValueError(f"kernels must have shape (K, kh, kw); got shape {w.shape}.")
    pool = check_int("pool", pool, low=1)
    maps = np.maximum(conv2d(x, w, stride=stride, padding=padding), 0.0)
    if pool > 1:
        maps = max_pool2d(maps, pool)
    return maps.reshape(len(x), -1)


def influence_map(kernel_sizes: Sequence[int], strides: Sequence[int] | None = None, *,
                  n: int | None = None) -> np.ndarray:
    """Which input pixels move the central output unit of a stack of convolutions.

    Every layer uses an all-ones kernel (no padding). The stack is linear, so feeding
    an impulse (a single 1) at each input position, all at once as a batch, and
    reading the central output unit gives its gradient with respect to every input
    pixel. The non-zero region is the receptive field; the values count the paths from
    each input pixel to the unit.

    Parameters
    ----------
    kernel_sizes, strides : sequences of int
        As in :func:`receptive_field`.
    n : int, optional
        Side of the square input, between the receptive field and 48 (the batch holds
        ``n**2`` images). Default: the receptive field plus two total strides, so the
        field sits inside a margin of zeros.

    Returns
    -------
    ndarray, shape (n, n)

    Examples
    --------
    >>> m = influence_map([3, 3])
    >>> int((m > 0).sum(axis=0).max()), int(m.max())
    (5, 9)
    """
    ks, ss = _stack(kernel_sizes, strides)
    r = int(receptive_field(ks, ss)[-1])
    if n is None:
        n = r + 2 * int(np.prod(ss))
        if n > 48:
            raise ValueError(f"kernel_sizes and strides give a receptive field of {r} "
                             f"pixels; influence_map handles fields up to 48 pixels.")
    n = check_int("n", n, low=r, high=48)
    x = np.eye(n * n).reshape(n * n, n, n)
    for k, s in zip(ks, ss, strict=True):
        x = conv2d(x, np.ones((k, k)), stride=s)
    h, w = x.shape[-2:]
    return x[:, h // 2, w // 2].reshape(n, n)
