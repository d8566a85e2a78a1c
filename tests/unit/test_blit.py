"""TitleBlitFigure: what moves is redrawn, the background only when it must be."""

import io

import numpy as np
import PIL.Image

from hpt_helpers.widgets.blit_figure import TitleBlitFigure


def pixels(live):
    return np.asarray(PIL.Image.open(io.BytesIO(live.image.value)).convert("L"), dtype=int)


def counting(live):
    """Count the full draws of ``live``'s canvas."""
    calls = []
    draw = live.figure.canvas.draw

    def counted(*args, **kwargs):
        calls.append(1)
        return draw(*args, **kwargs)

    live.figure.canvas.draw = counted
    return calls


def test_a_title_or_suptitle_change_redraws_only_the_moving_artists():
    live = TitleBlitFigure(1, 2, figsize=(4, 2), dpi=50)
    line, = live.axes[0].plot([0, 1], [0, 1])
    live.axes[0].set_title("a")
    live.figure.suptitle("first")
    live.freeze(line)
    live.render()
    full = counting(live)
    live.figure.suptitle("second, longer")
    live.axes[0].set_title("b")
    line.set_ydata([1, 0])
    live.render()
    assert full == []
    live.axes[1].set_xlim(0, 5)  # a background change
    live.render()
    assert full == [1]


def test_a_free_axis_follows_its_limits_without_a_full_redraw():
    live = TitleBlitFigure(figsize=(3, 2), dpi=60)
    ax = live.axes
    line, = ax.plot([0, 1], [0, 1])
    live.freeze(line, ax.xaxis)
    live.render()
    full = counting(live)
    before = pixels(live)
    ax.set_xlim(-1e30, 1e30)  # the tick labels must change with it
    live.render()
    assert full == []
    after = pixels(live)
    rows = after.shape[0]
    bottom = slice(int(0.8 * rows), rows)  # where the x tick labels are
    assert (before[bottom] != after[bottom]).any()
    ax.set_ylim(0, 5)  # the y axis is not free: a full redraw
    live.render()
    assert full == [1]


def test_an_explorer_given_freeze_updates_once_then_freezes_with_the_first_titles():
    import ipywidgets as w

    from hpt_helpers.widgets.live import Explorer

    live = TitleBlitFigure(figsize=(3, 2), dpi=50)
    line, = live.axes.plot([0, 1], [0, 1])
    calls = []

    def update(h):
        calls.append(h)
        line.set_ydata([h, h])
        live.axes.set_title(f"h = {h}")
        live.figure.suptitle(f"step {len(calls)}")

    slider = w.IntSlider(value=3, min=0, max=9)
    Explorer({"h": slider}, update, live, freeze=(line,))
    assert calls == [3]  # the first update is not repeated
    # freeze ran after it: the suptitle that update made is one of the moving titles
    assert live.figure._suptitle in live.dynamic and line in live.dynamic
    full = counting(live)
    slider.value = 5
    assert calls == [3, 5] and full == []  # a step redraws only what moves
