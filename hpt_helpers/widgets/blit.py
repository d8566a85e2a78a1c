"""A blitting live figure whose Axes titles may change without a full redraw."""

from __future__ import annotations

import time

from hpt_helpers.widgets.bo import BlitFigure

__all__ = ["TitleBlitFigure"]


class TitleBlitFigure(BlitFigure):
    """A :class:`~hpt_helpers.widgets.bo.BlitFigure` that treats the Axes titles as moving.

    The titles are added to :attr:`dynamic` and left out of the background's key, so an
    explorer whose titles report the current setting still redraws only its moving
    artists. Call :meth:`freeze` once everything is drawn in its first state: it solves
    the layout with every artist visible (so the titles get their room) and keeps it.

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

    def freeze(self, *moving) -> None:
        """Solve and keep the layout; mark ``moving`` artists and every title as dynamic."""
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")
        self._titles = [(ax.title, ax.title.get_position()) for ax in self.figure.axes]
        self.dynamic = [*moving, *(title for title, _ in self._titles)]
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
        for ax in self.figure.axes:
            legend = ax.get_legend()
            key.append((*ax.get_xlim(), *ax.get_ylim(), ax.get_xlabel(), ax.get_ylabel(),
                        tuple(ax.get_yticks()),
                        tuple(t.get_text() for t in legend.get_texts()) if legend else ()))
        key.append(tuple(t.get_text() for t in self.figure.texts))
        return tuple(key)
