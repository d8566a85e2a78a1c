"""The two building blocks of every explorer: :class:`LiveFigure` and :class:`Explorer`."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Mapping, Sequence

import ipywidgets as widgets
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["LiveFigure", "Explorer"]


class LiveFigure:
    """A matplotlib figure displayed as an image widget and re-rendered in place.

    The figure is not managed by pyplot, so it is never shown twice and never leaks
    into the notebook's other outputs.

    Parameters
    ----------
    nrows, ncols : int
        Grid of Axes, as in :func:`matplotlib.pyplot.subplots`.
    figsize : tuple of float
        Size in inches.
    dpi : int
        Resolution of the PNG sent to the browser.
    freeze_layout : bool
        Lay the figure out (constrained layout) at the first render only, then keep the
        Axes where they are: later renders are faster and the picture does not jump.
    **subplots_kw
        Passed to :meth:`matplotlib.figure.Figure.subplots` (``sharex``,
        ``gridspec_kw``, ...).

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    axes : Axes or array of Axes
    image : ipywidgets.Image
        The widget showing the figure; it carries the CSS class ``hpt-live-figure``.
    last_render_ms : float
        Wall time of the latest :meth:`render`, for benchmarks.

    Examples
    --------
    >>> live = LiveFigure(figsize=(3, 2))
    >>> line, = live.axes.plot([0, 1], [0, 1])
    >>> live.render()
    >>> live.image.value[:4] == b"\\x89PNG"
    True
    """

    def __init__(self, nrows: int = 1, ncols: int = 1, *, figsize=(6.4, 4.0), dpi: int = 90,
                 freeze_layout: bool = True, **subplots_kw):
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self._freeze_layout = freeze_layout
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(nrows, ncols, **subplots_kw)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.image.add_class("hpt-live-figure")
        self.last_render_ms = float("nan")

    def render(self) -> None:
        """Draw the figure and send it to the image widget."""
        start = time.perf_counter()
        canvas = self.figure.canvas
        canvas.draw()
        if self._freeze_layout and self.figure.get_layout_engine() is not None:
            self.figure.set_layout_engine("none")
        rgba = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        buffer = io.BytesIO()
        rgba.save(buffer, format="png", compress_level=1)  # fast to encode, a bit larger
        self.image.value = buffer.getvalue()
        self.last_render_ms = 1000 * (time.perf_counter() - start)

    def _repr_mimebundle_(self, **kwargs):
        return self.image._repr_mimebundle_(**kwargs)


class Explorer:
    """Controls wired to an update function and a :class:`LiveFigure`.

    ``update(**values)`` receives the current value of every control, changes the
    figure's artists (or redraws its Axes) and returns ``None``; the explorer then
    renders the figure once. Display the explorer as the last expression of a cell.

    Parameters
    ----------
    controls : mapping of str to ipywidgets.ValueWidget
        Each control's value is passed to ``update`` under its key.
    update : callable
        ``update(**values) -> None``.
    live : LiveFigure
        The figure ``update`` draws on.
    extra : list of ipywidgets.Widget, optional
        More widgets shown under the controls (buttons, read-outs).
    columns : int
        How many controls per row.
    freeze : sequence of artists, optional
        For a :class:`~hpt_helpers.widgets.blit_figure.BlitFigure`: the moving artists
        passed to its ``freeze`` right after the first ``update``, so the layout is solved
        with the first step's titles in place. The first ``update`` is then not repeated.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The whole explorer, with CSS class ``hpt-explorer``.
    last_step_ms : float
        Kernel-side wall time of the latest step (update + render).

    Examples
    --------
    >>> live = LiveFigure(figsize=(3, 2))
    >>> line, = live.axes.plot([0, 1], [0, 0])
    >>> slider = widgets.FloatSlider(value=0.0, min=0, max=1)
    >>> ex = Explorer({"h": slider}, lambda h: line.set_ydata([h, h]), live)
    >>> slider.value = 0.5
    >>> line.get_ydata()[0]
    0.5
    """

    def __init__(self, controls: Mapping[str, widgets.ValueWidget],
                 update: Callable[..., None], live: LiveFigure, *,
                 extra: list[widgets.Widget] | None = None, columns: int = 3,
                 freeze: Sequence | None = None):
        self.controls = dict(controls)
        self.live = live
        self._update = update
        self.last_step_ms = float("nan")
        for control in self.controls.values():
            control.add_class("hpt-control")
            control.observe(self._on_change, names="value")
        items = list(self.controls.values())
        rows = [widgets.HBox(items[i:i + columns]) for i in range(0, len(items), columns)]
        self.widget = widgets.VBox([*rows, *(extra or []), live.image])
        self.widget.add_class("hpt-explorer")
        if freeze is None:
            self.refresh()
        else:
            start = time.perf_counter()
            self._update(**self.values)
            live.freeze(*freeze)
            live.render()
            self.last_step_ms = 1000 * (time.perf_counter() - start)

    @property
    def values(self) -> dict:
        """The current value of every control."""
        return {name: c.value for name, c in self.controls.items()}

    def refresh(self) -> None:
        """Run ``update`` with the current values and render the figure."""
        start = time.perf_counter()
        self._update(**self.values)
        self.live.render()
        self.last_step_ms = 1000 * (time.perf_counter() - start)

    def _on_change(self, change) -> None:
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
