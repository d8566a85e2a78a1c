"""Lesson 09's explorer: slide the objective's cost and watch BO's overhead stop mattering."""

from __future__ import annotations

import io
import math
import time
from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.ticker import NullLocator

from hpt_helpers.plots.comparison import plot_regret_vs_time, update_regret_vs_time
from hpt_helpers.validation import check_number
from hpt_helpers.widgets.live import Explorer, LiveFigure

__all__ = ["cost_explorer"]


class _LinesOverBackground(LiveFigure):
    """A LiveFigure that redraws only the ``dynamic`` artists over a saved picture of
    everything else (axes, ticks, legend, title), one picture per ``key`` (the caller
    sets a key that changes whenever anything but the dynamic artists changes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dynamic: list = []
        self.key = None
        self._backgrounds: dict = {}

    def render(self) -> None:
        start = time.perf_counter()
        canvas = self.figure.canvas
        if self.key not in self._backgrounds:
            for artist in self.dynamic:
                artist.set_visible(False)
            canvas.draw()
            if self._freeze_layout and self.figure.get_layout_engine() is not None:
                self.figure.set_layout_engine("none")
            self._backgrounds[self.key] = canvas.copy_from_bbox(self.figure.bbox)
            for artist in self.dynamic:
                artist.set_visible(True)
        canvas.restore_region(self._backgrounds[self.key])
        for artist in self.dynamic:
            self.figure.draw_artist(artist)
        rgba = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        buffer = io.BytesIO()
        rgba.save(buffer, format="png", compress_level=1)
        self.image.value = buffer.getvalue()
        self.last_render_ms = 1000 * (time.perf_counter() - start)


def cost_explorer(curves: Mapping, *, cost: float = 1e-3, min_cost: float = 1e-5,
                  max_cost: float = 100.0) -> Explorer:
    """Median regret against wall-clock time, with a log slider for the objective's cost.

    Parameters
    ----------
    curves : mapping of str to mapping
        Problem name -> {strategy: (median regret per evaluation, overhead seconds per
        evaluation)}; the dropdown chooses the problem.
    cost : float
        Initial objective cost in seconds (the slider's first value).
    min_cost, max_cost : float
        Slider range (seconds, log scale: each step multiplies the cost by about 1.6).

    Returns
    -------
    Explorer
        Controls ``cost`` (FloatLogSlider) and ``problem`` (Dropdown).

    Examples
    --------
    >>> curves = {"p": {"random": ([3.0, 1.0], 0.0), "bayesian": ([3.0, 0.1], 0.05)}}
    >>> ex = cost_explorer(curves, cost=0.01)
    >>> ex.controls["cost"].value = 1.0
    >>> ex.live.axes.lines[1].get_xdata().round(2).tolist()
    [1.05, 2.1]
    >>> before = ex.live.axes.get_xlim()
    >>> ex.controls["cost"].value = 10.0
    >>> ex.live.axes.get_xlim() == before      # a fixed time axis: only the lines move
    True
    """
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"curves must be a non-empty mapping of problem -> strategy curves; "
                        f"got {type(curves).__name__}")
    low = check_number("min_cost", min_cost, low=0.0, low_inclusive=False)
    high = check_number("max_cost", max_cost, low=low, low_inclusive=False)
    cost = check_number("cost", cost, low=low, high=high)

    slider = widgets.FloatLogSlider(value=cost, base=10, min=math.log10(low),
                                    max=math.log10(high), step=0.2,
                                    description="cost (s)", readout_format=".2g",
                                    continuous_update=False)
    names = list(curves)
    dropdown = widgets.Dropdown(options=names, value=names[0], description="problem")
    live = _LinesOverBackground(figsize=(6.4, 4.0))
    state = {"problem": None}
    # One time axis for every cost and problem: the lines slide along it, and only they
    # are redrawn when the cost moves.
    overheads = [float(o) for problem in curves.values() for _, o in problem.values()]
    longest = max(len(r) for problem in curves.values() for r, _ in problem.values())
    xlim = ((low + min(overheads)) / 1.5, longest * (high + max(overheads)) * 1.5)

    def update(cost: float, problem: str) -> None:
        ax = live.axes
        drawn = state["problem"]
        if drawn is None or list(curves[problem]) != list(curves[drawn]):
            ax.clear()                                # first draw, or other strategies
            plot_regret_vs_time(curves[problem], cost, xlim=xlim, ax=ax)
        else:
            update_regret_vs_time(ax, curves[problem], cost, xlim=xlim)   # lines move in place
        state["problem"] = problem
        ax.set_title(f"{problem}: median regret against wall-clock time", fontsize="medium")
        live.dynamic = [line for line in ax.lines if str(line.get_gid()).startswith("time:")]
        ax.xaxis.set_minor_locator(NullLocator())     # eight decades: major ticks suffice
        live.key = (problem, tuple(np.round(ax.get_ylim(), 12)))

    explorer = Explorer({"cost": slider, "problem": dropdown}, update, live)
    for name in [*names[1:], names[0]]:     # draw each problem's background once, up front
        dropdown.value = name
    return explorer
