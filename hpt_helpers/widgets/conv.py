"""Lesson 05's explorer: a kernel, its size, the stride and the padding -> feature map."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from hpt_helpers.conv import KERNEL_NAMES, conv2d, make_kernel, output_size
from hpt_helpers.plots.conv import map_colors, plot_feature_map, plot_kernel
from hpt_helpers.plots.style import COLORS
from hpt_helpers.validation import check_int, check_one_of
from hpt_helpers.widgets.blit_figure import TitleBlitFigure
from hpt_helpers.widgets.live import Explorer

__all__ = ["conv_explorer", "conv_view"]


def conv_view(image, kernel: str, kernel_size: int, stride: int, padding: int) -> dict:
    """Everything the explorer shows for one setting, without drawing it.

    Returns
    -------
    dict
        ``kernel`` (the array), ``padded`` (the zero-padded image), ``feature_map``,
        ``predicted`` (the formula's ``(H_out, W_out)``) and ``title``.

    Examples
    --------
    >>> v = conv_view(np.ones((10, 12)), "box blur", 3, 2, 1)
    >>> v["predicted"], v["feature_map"].shape
    ((5, 6), (5, 6))
    """
    image = np.asarray(image, dtype=float)
    k = make_kernel(kernel, kernel_size)
    h, w = image.shape
    predicted = (output_size(h, kernel_size, stride, padding),
                 output_size(w, kernel_size, stride, padding))
    fmap = conv2d(image, k, stride=stride, padding=padding)
    title = (f"formula: floor(({h}+{2 * padding}-{kernel_size})/{stride})+1 = {predicted[0]}, "
             f"floor(({w}+{2 * padding}-{kernel_size})/{stride})+1 = {predicted[1]}\n"
             f"computed feature map: {fmap.shape[0]} x {fmap.shape[1]}")
    return {"kernel": k, "padded": np.pad(image, padding), "feature_map": fmap,
            "predicted": predicted, "title": title}


def conv_explorer(image, *, kernel: str = "vertical edge", kernel_size: int = 3,
                  stride: int = 1, padding: int = 0, max_kernel_size: int = 15,
                  max_stride: int = 8, max_padding: int = 10) -> Explorer:
    """Choose a kernel, its size, the stride and the padding; see the feature map.

    Left: the zero-padded input with the kernel's footprint at its first position.
    Middle: the kernel. Right: the feature map, one cell per output value and drawn
    on the same scale as the input, so a stride of 2 visibly halves it. The title
    compares the output-size formula with the shape actually computed.

    Parameters
    ----------
    image : array_like, shape (H, W)
        A greyscale image (about 200 x 300 keeps each step well under 100 ms).
    kernel : str
        Initial kernel, one of :data:`hpt_helpers.conv.KERNEL_NAMES`.
    kernel_size, stride, padding : int
        Initial values of the sliders (the kernel-size slider comes first).
    max_kernel_size, max_stride, max_padding : int
        Slider ranges.

    Returns
    -------
    Explorer
        Controls ``kernel`` (dropdown), ``kernel_size``, ``stride``, ``padding``.

    Examples
    --------
    >>> ex = conv_explorer(np.random.default_rng(0).random((30, 40)))
    >>> ex.controls["stride"].value = 2
    >>> ex.live.axes[2].images[0].get_array().shape
    (14, 19)
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"image must be a 2-D greyscale array; got shape {image.shape}.")
    kernel = check_one_of("kernel", kernel, KERNEL_NAMES)
    max_kernel_size = check_int("max_kernel_size", max_kernel_size, low=2,
                                high=min(image.shape))
    kernel_size = check_int("kernel_size", kernel_size, low=2, high=max_kernel_size)
    max_stride = check_int("max_stride", max_stride, low=1)
    stride = check_int("stride", stride, low=1, high=max_stride)
    max_padding = check_int("max_padding", max_padding, low=0)
    padding = check_int("padding", padding, low=0, high=max_padding)

    h, w = image.shape
    live = TitleBlitFigure(1, 3, figsize=(10.0, 3.6), dpi=72,
                      gridspec_kw={"width_ratios": [1, 0.45, 1]})
    ax_in, ax_k, ax_out = live.axes
    view = conv_view(image, kernel, kernel_size, stride, padding)
    plot_feature_map(view["padded"], ax=ax_in)
    img_in = ax_in.images[0]
    footprint = Rectangle((-0.5, -0.5), kernel_size, kernel_size, fill=False,
                          edgecolor=COLORS[1], linewidth=1.5)
    ax_in.add_patch(footprint)
    plot_kernel(view["kernel"], annotate=False, ax=ax_k)
    img_k = ax_k.images[0]
    plot_feature_map(view["feature_map"], ax=ax_out)
    img_out = ax_out.images[0]
    suptitle = live.figure.suptitle("", fontsize=9)

    style = {"description_width": "initial"}
    controls = {
        "kernel": widgets.Dropdown(options=list(KERNEL_NAMES), value=kernel,
                                   description="kernel", style=style),
        "kernel_size": widgets.IntSlider(value=kernel_size, min=2, max=max_kernel_size,
                                         description="kernel size k", style=style,
                                         continuous_update=False),
        "stride": widgets.IntSlider(value=stride, min=1, max=max_stride,
                                    description="stride s", style=style,
                                    continuous_update=False),
        "padding": widgets.IntSlider(value=padding, min=0, max=max_padding,
                                     description="padding p", style=style,
                                     continuous_update=False),
    }

    def update(kernel, kernel_size, stride, padding):
        v = conv_view(image, kernel, kernel_size, stride, padding)
        hp, wp = h + 2 * padding, w + 2 * padding
        img_in.set_data(v["padded"])
        img_in.set_extent((-0.5, wp - 0.5, hp - 0.5, -0.5))
        footprint.set_width(kernel_size)
        footprint.set_height(kernel_size)
        ax_in.set_title(f"input, padded: {hp} x {wp}", fontsize=9)
        k = v["kernel"]
        img_k.set_data(k)
        img_k.set_extent((-0.5, kernel_size - 0.5, kernel_size - 0.5, -0.5))
        m = max(float(np.abs(k).max()), 1e-12)
        img_k.set_clim(-m, m)
        ax_k.set_title(f"{kernel}, {kernel_size} x {kernel_size}", fontsize=9)
        fmap = v["feature_map"]
        ho, wo = fmap.shape
        img_out.set_data(fmap)
        img_out.set_extent((-0.5, wo - 0.5, ho - 0.5, -0.5))
        colors = map_colors(fmap, signed=abs(float(k.sum())) < 1e-9, robust=True)
        img_out.set_cmap(colors["cmap"])
        img_out.set_clim(colors["vmin"], colors["vmax"])
        ax_out.set_title(f"feature map: {ho} x {wo}", fontsize=9)
        for ax, (hh, ww) in ((ax_in, (hp, wp)), (ax_k, (kernel_size, kernel_size)),
                             (ax_out, (hp, wp))):
            ax.set_xlim(-0.5, ww - 0.5)
            ax.set_ylim(hh - 0.5, -0.5)
        suptitle.set_text(v["title"])

    # Axes, ticks and frames are drawn once per set of limits (kernel size and padding change
    # them); otherwise a step redraws only the three images, the footprint and the titles.
    return Explorer(controls, update, live, columns=4,
                    freeze=(img_in, footprint, img_k, img_out, suptitle))
