"""Tests of hpt_helpers.conv: the numpy convolution behind lesson 05."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import convolve2d, correlate2d

from hpt_helpers.conv import (
    KERNEL_NAMES,
    conv2d,
    conv_features,
    conv_layer,
    conv_param_count,
    dense_param_count,
    influence_map,
    kernel_bank,
    make_kernel,
    max_pool2d,
    output_size,
    receptive_field,
    to_greyscale,
)


def loop_conv(image, kernel, stride=1, padding=0):
    """Independent reference: visit every position where the kernel fits."""
    x = np.pad(image, padding)
    kh, kw = kernel.shape
    return np.array([[np.sum(x[i:i + kh, j:j + kw] * kernel)
                      for j in range(0, x.shape[1] - kw + 1, stride)]
                     for i in range(0, x.shape[0] - kh + 1, stride)])


# -- conv2d against references -------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_conv2d_matches_scipy_correlate(k):
    rng = np.random.default_rng(k)
    image, kernel = rng.random((17, 23)), rng.normal(size=(k, k))
    out = conv2d(image, kernel)
    np.testing.assert_allclose(out, correlate2d(image, kernel, mode="valid"))
    np.testing.assert_allclose(out, convolve2d(image, kernel[::-1, ::-1], mode="valid"))


def test_conv2d_padding_matches_scipy_fill():
    rng = np.random.default_rng(1)
    image, kernel = rng.random((9, 11)), rng.normal(size=(3, 3))
    np.testing.assert_allclose(conv2d(image, kernel, padding=1),
                               correlate2d(image, kernel, mode="same", boundary="fill"))


def test_conv2d_rectangular_kernel():
    rng = np.random.default_rng(2)
    image, kernel = rng.random((9, 11)), rng.normal(size=(2, 4))
    np.testing.assert_allclose(conv2d(image, kernel), correlate2d(image, kernel, "valid"))


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 14), m=st.integers(1, 14), k=st.integers(1, 6),
       s=st.integers(1, 5), p=st.integers(0, 3), seed=st.integers(0, 2**16))
def test_conv2d_matches_loop_and_formula(n, m, k, s, p, seed):
    if k > min(n, m) + 2 * p:
        with pytest.raises(ValueError, match="kernel"):
            conv2d(np.zeros((n, m)), np.zeros((k, k)), stride=s, padding=p)
        return
    rng = np.random.default_rng(seed)
    image, kernel = rng.random((n, m)), rng.normal(size=(k, k))
    out = conv2d(image, kernel, stride=s, padding=p)
    assert out.shape == (output_size(n, k, s, p), output_size(m, k, s, p))
    np.testing.assert_allclose(out, loop_conv(image, kernel, s, p), atol=1e-12)


def test_conv2d_batches_and_banks():
    rng = np.random.default_rng(3)
    images, bank = rng.random((4, 10, 12)), rng.normal(size=(3, 3, 3))
    out = conv2d(images, bank, stride=2, padding=1)
    assert out.shape == (4, 3, 5, 6)
    for n in range(4):
        for c in range(3):
            np.testing.assert_allclose(out[n, c], loop_conv(images[n], bank[c], 2, 1))
    assert conv2d(images[0], bank).shape == (3, 8, 10)
    assert conv2d(images, bank[0]).shape == (4, 8, 10)


def test_conv_layer_sums_over_input_channels_and_adds_bias():
    rng = np.random.default_rng(4)
    x = rng.random((3, 8, 9))
    w = rng.normal(size=(5, 3, 3, 3))
    b = rng.normal(size=5)
    out = conv_layer(x, w, b, stride=2, padding=1)
    assert out.shape == (5, 4, 5)
    for o in range(5):
        ref = sum(loop_conv(x[c], w[o, c], 2, 1) for c in range(3)) + b[o]
        np.testing.assert_allclose(out[o], ref)
    assert conv_layer(np.stack([x, x]), w).shape == (2, 5, 6, 7)
    assert w.size + b.size == conv_param_count(3, 3, 5)


# -- bad input names the parameter -----------------------------------------------------------

@pytest.mark.parametrize("kwargs, match", [
    ({"n": 4, "k": 7}, r"k must be at most n \+ 2 \* padding = 4"),
    ({"n": 4, "k": 7, "padding": 1}, "= 6"),
    ({"n": 8, "k": 3, "stride": 0}, "stride must be an integer >= 1; got 0"),
    ({"n": 8, "k": 3, "padding": -1}, "padding must be an integer >= 0; got -1"),
    ({"n": 0, "k": 1}, "n must be an integer >= 1"),
    ({"n": 8, "k": 0}, "k must be an integer >= 1"),
])
def test_output_size_rejects_bad_values(kwargs, match):
    with pytest.raises(ValueError, match=match):
        output_size(**kwargs)


def test_output_size_rejects_bad_types():
    with pytest.raises(TypeError, match="stride"):
        output_size(8, 3, stride=1.5)
    with pytest.raises(TypeError, match="k must be"):
        output_size(8, True)


def test_conv2d_bad_inputs():
    image = np.zeros((5, 5))
    with pytest.raises(ValueError, match="kernel height must be at most"):
        conv2d(image, np.zeros((6, 3)))
    with pytest.raises(ValueError, match="kernel width must be at most"):
        conv2d(image, np.zeros((3, 8)), padding=1)
    with pytest.raises(ValueError, match="stride must be an integer >= 1; got 0"):
        conv2d(image, np.zeros((3, 3)), stride=0)
    with pytest.raises(ValueError, match="padding must be an integer >= 0; got -2"):
        conv2d(image, np.zeros((3, 3)), padding=-2)
    with pytest.raises(ValueError, match="images must have shape"):
        conv2d(np.zeros(5), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="kernels must have shape"):
        conv2d(image, np.zeros(3))
    with pytest.raises(ValueError, match="kernels must have shape"):
        conv2d(image, np.zeros((0, 3)))


def test_conv_layer_bad_inputs():
    x = np.zeros((3, 6, 6))
    with pytest.raises(ValueError, match="C_in = 3"):
        conv_layer(x, np.zeros((2, 1, 3, 3)))
    with pytest.raises(ValueError, match="bias must have shape"):
        conv_layer(x, np.zeros((2, 3, 3, 3)), bias=np.zeros(3))
    with pytest.raises(ValueError, match="weights must have shape"):
        conv_layer(x, np.zeros((3, 3, 3)))
    with pytest.raises(ValueError, match="x must have shape"):
        conv_layer(np.zeros((6, 6)), np.zeros((2, 3, 3, 3)))


# -- pooling, receptive field, parameter counts ------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 12), size=st.integers(1, 4), stride=st.integers(1, 4))
def test_max_pool_shape_follows_formula(n, size, stride):
    x = np.random.default_rng(n).random((2, n, n + 1))
    if size > n:
        with pytest.raises(ValueError, match="size must be at most"):
            max_pool2d(x, size, stride)
        return
    out = max_pool2d(x, size, stride)
    assert out.shape == (2, output_size(n, size, stride), output_size(n + 1, size, stride))
    assert out[0, 0, 0] == x[0, :size, :size].max()


@settings(max_examples=60, deadline=None)
@given(layers=st.lists(st.tuples(st.integers(1, 4), st.integers(1, 2)), min_size=1,
                       max_size=3))
def test_receptive_field_formula_matches_impulses(layers):
    ks, ss = [k for k, _ in layers], [s for _, s in layers]
    r = int(receptive_field(ks, ss)[-1])
    m = influence_map(ks, ss)
    seen = np.argwhere(m > 0)
    width = seen.max(axis=0) - seen.min(axis=0) + 1
    assert tuple(width) == (r, r)


def test_receptive_field_values_and_errors():
    assert receptive_field([3, 3, 3]).tolist() == [3, 5, 7]
    assert receptive_field([7, 3, 3], [2, 2, 1]).tolist() == [7, 11, 19]
    with pytest.raises(ValueError, match="strides must have one entry per layer"):
        receptive_field([3, 3], [1])
    with pytest.raises(ValueError, match="kernel_sizes must hold at least one layer"):
        receptive_field([])
    with pytest.raises(ValueError, match=r"strides\[i\] must be an integer >= 1"):
        receptive_field([3], [0])
    with pytest.raises(ValueError, match="up to 48 pixels"):
        influence_map([9, 9, 9], [2, 2, 2])


def test_influence_peaks_in_the_centre():
    m = influence_map([3, 3, 3])
    centre = m[m.shape[0] // 2, m.shape[1] // 2]
    assert centre == m.max() == 49  # paths through three 3x3 layers: 7 per axis, squared
    assert m[m > 0].min() == 1


def test_parameter_counts():
    assert conv_param_count(3, 3, 16) == 3 * 3 * 3 * 16 + 16
    assert conv_param_count(3, 3, 16, bias=False) == 432
    assert dense_param_count(180000, 16) == 180000 * 16 + 16
    with pytest.raises(ValueError, match="in_channels must be an integer >= 1"):
        conv_param_count(3, 0, 4)
    with pytest.raises(ValueError, match="n_out must be an integer >= 1"):
        dense_param_count(3, 0)


# -- kernels and features ----------------------------------------------------------------------

@pytest.mark.parametrize("name", KERNEL_NAMES)
@pytest.mark.parametrize("size", [2, 3, 4, 7])
def test_kernel_sums(name, size):
    k = make_kernel(name, size)
    assert k.shape == (size, size)
    zero_sum = name.endswith("edge") or name == "outline"
    assert np.isclose(k.sum(), 0.0 if zero_sum else 1.0)


def test_edge_kernels_detect_their_direction():
    x = np.zeros((9, 9))
    x[:, :4] = 1.0  # bright left half: a vertical edge
    v = conv2d(x, make_kernel("vertical edge", 3))
    h = conv2d(x, make_kernel("horizontal edge", 3))
    assert v.max() > 0.9 and np.allclose(h, 0)
    assert np.allclose(make_kernel("vertical edge", 3) * 4,
                       [[1, 0, -1], [2, 0, -2], [1, 0, -1]])  # Sobel


def test_make_kernel_errors():
    with pytest.raises(ValueError, match="name must be one of"):
        make_kernel("emboss")
    with pytest.raises(ValueError, match="size must be an integer >= 2"):
        make_kernel("vertical edge", 1)
    assert make_kernel("box blur", 1).tolist() == [[1.0]]


def test_kernel_bank_is_seeded():
    a, b = kernel_bank(4, 3, random_state=0), kernel_bank(4, 3, random_state=0)
    assert a.shape == (8, 4, 4) and np.array_equal(a, b)
    assert not np.array_equal(a, kernel_bank(4, 3, random_state=1))


def test_conv_features_shape_and_relu():
    rng = np.random.default_rng(5)
    images, bank = rng.random((6, 8, 8)), kernel_bank(3, 2)
    for s in (1, 2, 3):
        f = conv_features(images, bank, stride=s)
        assert f.shape == (6, len(bank) * output_size(8, 3, s) ** 2)
        assert f.min() >= 0
    pooled = conv_features(images, bank, pool=2)
    assert pooled.shape == (6, len(bank) * 3 * 3)
    with pytest.raises(ValueError, match="pool must be an integer >= 1"):
        conv_features(images, bank, pool=0)
    with pytest.raises(ValueError, match="images must have shape"):
        conv_features(images[0], bank)


def test_to_greyscale():
    rgb = np.zeros((5, 7, 3), dtype=np.uint8)
    rgb[..., 1] = 255
    g = to_greyscale(rgb, block=2)
    assert g.shape == (2, 3) and np.allclose(g, 0.587)
    with pytest.raises(ValueError, match="rgb must have shape"):
        to_greyscale(np.zeros((5, 5)))
    with pytest.raises(ValueError, match="block must be at most"):
        to_greyscale(rgb, block=9)
