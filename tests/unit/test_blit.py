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
