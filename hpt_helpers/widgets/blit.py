"""A blitting live figure whose Axes titles may change without a full redraw."""

from __future__ import annotations

import time

from hpt_helpers.widgets.bo import BlitFigure

__all__ = ["TitleBlitFigure"]


class TitleBlitFigure(BlitFigure):
    """A :class:`~hpt_helpers.widgets.bo.BlitFigure` that treats the Axes titles as moving.

    The titles (each Axes' title and the figure's suptitle, if it has one when
    :meth:`freeze` is called) are added to :attr:`dynamic` and left out of the
    background's key, so an explorer whose titles report the current setting still
    redraws only its moving artists. Call :meth:`freeze` once everything is drawn in its
    first state: it solves the layout with every artist visible (so the titles get their
    room) and keeps it.

    Examples
    --------
    >>> live = TitleBlitFigure(1, 2, figsize=(4, 2), dpi=50)
    >>> line, = live.axes[0].plot([0, 1], [0, 1])
    >>> live.axes[0].set_title("first")
    Text(0.5, 1.0, 'first')
    >>> live.freeze(line)
    >>> live.render()
    >>> live.axes[0].set_title("second")  # no full redraw needed
    Text(0.5, 1.0, 'second')
    >>> key = live._key
    >>> live.render()
    >>> live._key == key
    True
    """

    def freeze(self, *moving, free=()) -> None:
        """Solve and keep the layout; mark ``moving`` artists and every title as dynamic.

        Parameters
        ----------
        *moving : matplotlib artists
            The artists a step changes.
        free : sequence of matplotlib Axis (``ax.xaxis``, ``ax.yaxis``)
            Axes whose limits change at many steps (e.g. the x axis of a histogram of
            values that span many orders of magnitude): each is drawn (ticks, tick
            labels, label) with the moving artists, and its limits do not force a full
            redraw.
        """
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")
        titles = [ax.title for ax in self.figure.axes]
        suptitle = getattr(self.figure, "_suptitle", None)
        if suptitle is not None:
            titles.append(suptitle)
        self._titles = [(title, title.get_position()) for title in titles]
        self._free = list(free)
        self.dynamic = [*moving, *self._free, *titles]
        self.invalidate()

    def render(self) -> None:
        """As :meth:`BlitFigure.render`, with the titles kept where the layout put them.

        (A full draw with the titles hidden would move them: Axes place their title above
        whatever else is drawn, and a hidden title measures nothing.)
        """
        start = time.perf_counter()
        canvas = self.figure.canvas
        if self._background is None or self._background_key() != self._key:
            for artist in self.dynamic:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._key = self._background_key()
            for artist in self.dynamic:
                artist.set_visible(True)
        for title, position in getattr(self, "_titles", ()):
            title.set_position(position)
        super().render()
        self.last_render_ms = 1000 * (time.perf_counter() - start)

    def _background_key(self):
        key = []
        free = getattr(self, "_free", ())
        for ax in self.figure.axes:
            legend = ax.get_legend()
            # A free axis is drawn at every step: its limits and ticks are not background.
            x = () if any(ax.xaxis is f for f in free) else (*ax.get_xlim(), ax.get_xlabel())
            y = () if any(ax.yaxis is f for f in free) else (
                *ax.get_ylim(), ax.get_ylabel(), tuple(ax.get_yticks()))
            key.append((*x, *y,
                        tuple(t.get_text() for t in legend.get_texts()) if legend else ()))
        suptitle = getattr(self.figure, "_suptitle", None)
        key.append(tuple(t.get_text() for t in self.figure.texts if t is not suptitle))
        return tuple(key)
