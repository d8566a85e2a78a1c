"""A live figure that redraws only what moves, with a cache of rendered pictures."""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np

from hpt_helpers.widgets.live import LiveFigure

__all__ = ["BlitFigure", "nice_limits", "nice_up"]


class BlitFigure(LiveFigure):
    """A :class:`LiveFigure` that redraws only its moving artists between renders.

    The first render (and any render after :meth:`invalidate`, or when an Axes' limits
    have changed) draws everything but the *dynamic* artists and keeps that picture as a
    background; later renders paste the background and draw the dynamic artists on it.
    The background is redrawn whenever an Axes' limits, labels, title, ticks or legend
    entries (or the figure's texts) change, so it never shows a stale label.
    """

    def __init__(self, *args, png_cache: int = 256, **kwargs):
        super().__init__(*args, **kwargs)
        self.dynamic: list = []
        self._background = None
        self._key = None
        self.cache_key = None
        self._pngs: OrderedDict = OrderedDict()
        self._png_cache = png_cache

    def invalidate(self) -> None:
        """Force a full draw at the next render."""
        self._background = None

    def _background_key(self):
        """What the background depends on: every Axes' limits, labels, title, y ticks and
        legend entries (a change in any of them forces a full draw)."""
        key = []
        for ax in self.figure.axes:
            legend = ax.get_legend()
            key.append((*ax.get_xlim(), *ax.get_ylim(), ax.get_xlabel(), ax.get_ylabel(),
                        ax.get_title(), tuple(ax.get_yticks()),
                        tuple(t.get_text() for t in legend.get_texts()) if legend else ()))
        key.append(tuple(t.get_text() for t in self.figure.texts))
        suptitle = getattr(self.figure, "_suptitle", None)
        key.append(suptitle.get_text() if suptitle is not None else "")
        return tuple(key)

    def render(self) -> None:
        """Draw the figure (in part when possible) and send it to the image widget."""
        import io
        import time

        import PIL.Image

        start = time.perf_counter()
        if self.cache_key is not None and self.cache_key in self._pngs:
            self._pngs.move_to_end(self.cache_key)
            self.image.value = self._pngs[self.cache_key]
            self.last_render_ms = 1000 * (time.perf_counter() - start)
            return
        canvas = self.figure.canvas
        key = self._background_key()
        if self._background is None or key != self._key:
            for artist in self.dynamic:
                artist.set_visible(False)
            canvas.draw()
            if self.figure.get_layout_engine() is not None:
                self.figure.set_layout_engine("none")
                canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._key = self._background_key()
            for artist in self.dynamic:
                artist.set_visible(True)
        else:
            canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist.axes is not None:
                artist.axes.draw_artist(artist)
            else:
                self.figure.draw_artist(artist)
        rgba = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        buffer = io.BytesIO()
        rgba.save(buffer, format="png", compress_level=1)
        self.image.value = buffer.getvalue()
        if self.cache_key is not None:
            self._pngs[self.cache_key] = self.image.value
            while len(self._pngs) > self._png_cache:
                self._pngs.popitem(last=False)
        self.last_render_ms = 1000 * (time.perf_counter() - start)


def nice_up(m: float) -> float:
    """The smallest number of the form {1, 2, 5} x 10^k that is >= ``m`` > 0."""
    e = 10.0 ** math.floor(math.log10(m))
    return float(next(c * e for c in (1.0, 2.0, 5.0, 10.0) if c * e >= m * (1 - 1e-12)))


def _nice_down(m: float) -> float:
    """The largest number of the form {1, 2, 5} x 10^k that is <= ``m`` > 0."""
    e = 10.0 ** math.floor(math.log10(m))
    return float(next(c * e for c in (5.0, 2.0, 1.0) if c * e <= m * (1 + 1e-12)))


def nice_limits(values) -> tuple[float, float]:
    """Stable limits covering ``values``: ends rounded outwards onto a 1-2-5 scale, so
    they change only now and then as the values move (which keeps redraws partial).

    Examples
    --------
    >>> nice_limits([np.array([-0.03, 0.4])])
    (-0.1, 0.5)
    """
    v = np.concatenate([np.ravel(a) for a in values]).astype(float)
    v = v[np.isfinite(v)]
    if not v.size:
        return 0.0, 1.0
    lo, hi = float(v.min()), float(v.max())
    pad = 0.05 * (hi - lo if hi > lo else max(abs(hi), 1e-12))
    lo, hi = lo - pad, hi + pad
    hi_n = nice_up(hi) if hi > 0 else (-_nice_down(-hi) if hi < 0 else 0.0)
    lo_n = -nice_up(-lo) if lo < 0 else (_nice_down(lo) if lo > 0 else 0.0)
    return lo_n, hi_n
