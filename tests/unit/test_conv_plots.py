"""Content tests of the convolution plots and the conv explorer of lesson 05."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from hpt_helpers.conv import conv2d, influence_map, make_kernel, output_size
from hpt_helpers.plots.conv import (
    map_colors,
    plot_feature_map,
    plot_filter_gallery,
    plot_influence,
    plot_kernel,
    plot_kernel_stride_sweep,
    plot_multiply_and_sum,
    plot_window_positions,
)
from hpt_helpers.plots.style import COLORS
from hpt_helpers.widgets.conv import conv_explorer, conv_view


@pytest.fixture
def image():
    return np.random.default_rng(0).random((40, 60))


def test_map_colors():
    assert map_colors(np.array([-1.0, 3.0])) == {"cmap": "RdBu_r", "vmin": -3.0, "vmax": 3.0}
    assert map_colors(np.array([0.2, 0.6])) == {"cmap": "gray", "vmin": 0.2, "vmax": 0.6}
    assert map_colors(np.array([0.2, 0.6]), signed=True)["cmap"] == "RdBu_r"
    values = np.r_[np.zeros(999), 100.0]
    assert map_colors(values, signed=True, robust=True)["vmax"] < 100


def test_plot_feature_map_content():
    fig, ax = plt.subplots()
    data = np.array([[-1.0, 0.0], [0.5, 1.0]])
    assert plot_feature_map(data, title="t", ax=ax) is ax
    im = ax.images[0]
    np.testing.assert_array_equal(im.get_array(), data)
    assert im.get_cmap().name == "RdBu_r" and im.get_clim() == (-1.0, 1.0)
    assert ax.get_title() == "t"
    with pytest.raises(ValueError, match="fmap must be 2-D"):
        plot_feature_map(np.zeros(3), ax=ax)


def test_plot_kernel_annotates_values():
    fig, ax = plt.subplots()
    k = make_kernel("vertical edge", 3)
    plot_kernel(k, ax=ax)
    assert [t.get_text() for t in ax.texts][:3] == ["0.25", "0", "-0.25"]
    fig, ax = plt.subplots()
    plot_kernel(np.ones((9, 9)), ax=ax)
    assert len(ax.texts) == 0  # large kernels are not annotated


def test_plot_multiply_and_sum():
    patch = np.arange(9.0).reshape(3, 3) / 8
    kernel = make_kernel("vertical edge", 3)
    fig = plot_multiply_and_sum(patch, kernel)
    assert len(fig.axes) == 3
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), patch * kernel)
    assert fig.axes[2].get_title() == f"product, sum = {np.sum(patch * kernel):.2f}"
    with pytest.raises(ValueError, match="same shape"):
        plot_multiply_and_sum(np.ones((3, 3)), np.ones((2, 2)))


def test_plot_filter_gallery(image):
    kernels = {"blur": make_kernel("box blur", 3), "edge": make_kernel("vertical edge", 3),
               "sharpen": make_kernel("sharpen", 3), "outline": make_kernel("outline", 5)}
    fig = plot_filter_gallery(image, kernels, ncols=3)
    panels = [ax for ax in fig.axes if ax.get_title() in kernels]
    assert [ax.get_title() for ax in panels] == list(kernels)
    np.testing.assert_allclose(panels[1].images[0].get_array(),
                               conv2d(image, kernels["edge"]))
    assert panels[0].images[0].get_cmap().name == "gray"
    assert panels[1].images[0].get_cmap().name == "RdBu_r"
    assert panels[3].images[0].get_array().shape == (36, 56)
    hidden = [ax for ax in fig.axes if not ax.get_visible()]
    assert len(hidden) == 2  # 2 x 3 grid, 4 kernels
    with pytest.raises(ValueError, match="at least one kernel"):
        plot_filter_gallery(image, {})


@pytest.mark.parametrize("n, k, s, p", [(7, 3, 1, 0), (7, 3, 2, 1), (8, 3, 3, 0)])
def test_plot_window_positions(n, k, s, p):
    fig, ax = plt.subplots()
    plot_window_positions(n, k, stride=s, padding=p, ax=ax)
    n_out = output_size(n, k, s, p)
    cells, bars = ax.patches[:n + 2 * p], ax.patches[n + 2 * p:]
    assert len(bars) == n_out
    assert [b.get_x() for b in bars] == pytest.approx([i * s + 0.08 for i in range(n_out)])
    uncovered = [c for c in cells if c.get_facecolor()[:3] == plt.matplotlib.colors.to_rgb(
        COLORS[3])]
    last_end = (n_out - 1) * s + k
    assert len(uncovered) == max(0, n + p - last_end)
    assert f"= {n_out} positions" in ax.get_title()


def test_plot_window_positions_rejects_too_big_kernel():
    with pytest.raises(ValueError, match="k must be at most"):
        plot_window_positions(3, 5)


def test_plot_influence():
    fig, ax = plt.subplots()
    m = influence_map([3, 3], [2, 1])
    plot_influence(m, 7, ax=ax)
    box = ax.patches[0]
    top, left = np.argwhere(m > 0).min(axis=0)
    assert (box.get_x(), box.get_y()) == (left - 0.5, top - 0.5)
    assert box.get_width() == box.get_height() == 7
    assert ax.get_title() == "formula: 7 x 7"


def test_plot_kernel_stride_sweep():
    acc = np.array([[0.9, 0.8, 0.7], [0.95, 0.85, 0.75]])
    nf = np.array([[392, 128, 72], [288, 72, 32]])
    fig = plot_kernel_stride_sweep([2, 3], [1, 2, 3], acc, nf, baseline=0.96)
    ax_a, ax_f = fig.axes
    assert [ln.get_label() for ln in ax_a.lines[:3]] == ["stride 1", "stride 2", "stride 3"]
    np.testing.assert_allclose(ax_a.lines[1].get_ydata(), acc[:, 1])
    np.testing.assert_allclose(ax_f.lines[2].get_ydata(), nf[:, 2])
    assert ax_a.lines[3].get_ydata()[0] == 0.96  # the baseline
    assert ax_f.get_yscale() == "log"
    with pytest.raises(ValueError, match="must have shape"):
        plot_kernel_stride_sweep([2], [1, 2, 3], acc, nf)


# -- the explorer --------------------------------------------------------------------------------

def test_conv_view_matches_formula(image):
    v = conv_view(image, "sharpen", 5, 3, 2)
    assert v["predicted"] == v["feature_map"].shape == (14, 20)
    assert v["padded"].shape == (44, 64)
    assert "floor((40+4-5)/3)+1 = 14" in v["title"]
    assert "computed feature map: 14 x 20" in v["title"]


def test_conv_explorer_updates_in_place(image):
    ex = conv_explorer(image)
    ax_in, ax_k, ax_out = ex.live.axes
    first_png = ex.live.image.value
    img_out = ax_out.images[0]
    assert img_out.get_array().shape == (38, 58)
    # the first slider is the kernel size; one step right must change the picture
    sliders = [c for c in ex.controls.values() if hasattr(c, "min")]
    assert sliders[0] is ex.controls["kernel_size"]
    ex.controls["kernel_size"].value += 1
    assert ex.live.image.value != first_png
    assert ax_out.images[0] is img_out  # same artist, new data
    assert img_out.get_array().shape == (37, 57)
    assert ax_k.images[0].get_array().shape == (4, 4)
    ex.controls["stride"].value = 2
    ex.controls["padding"].value = 3
    expected = conv2d(image, make_kernel("vertical edge", 4), stride=2, padding=3)
    np.testing.assert_allclose(img_out.get_array(), expected)
    assert img_out.get_extent() == [-0.5, expected.shape[1] - 0.5, expected.shape[0] - 0.5,
                                    -0.5]
    assert ax_in.images[0].get_array().shape == (46, 66)
    assert ax_out.get_xlim() == (-0.5, 65.5)  # drawn on the padded input's scale
    assert ex.live.figure._suptitle.get_text().endswith(
        f"computed feature map: {expected.shape[0]} x {expected.shape[1]}")
    ex.controls["kernel"].value = "box blur"
    assert img_out.get_cmap().name == "gray"
    ex.controls["kernel"].value = "outline"
    assert img_out.get_cmap().name == "RdBu_r"
    assert ex.last_step_ms > 0


def test_conv_explorer_validates(image):
    with pytest.raises(ValueError, match="image must be a 2-D"):
        conv_explorer(np.zeros((3, 4, 5)))
    with pytest.raises(ValueError, match="kernel must be one of"):
        conv_explorer(image, kernel="emboss")
    with pytest.raises(ValueError, match="kernel_size must be an integer between 2 and 15"):
        conv_explorer(image, kernel_size=20)
    with pytest.raises(ValueError, match="stride must be an integer between 1 and 8"):
        conv_explorer(image, stride=0)
