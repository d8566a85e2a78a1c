"""A live figure that redraws only what moves, with a cache of rendered pictures."""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from hpt_helpers.widgets.live import LiveFigure

__all__ = ["BlitFigure", "TitleBlitFigure", "nice_limits", "nice_up"]


class BlitFigure(LiveFigure):
    """A :class:`LiveFigure` that redraws only its moving artists between renders.

    A full draw renders everything but the *dynamic* artists and keeps that picture as a
    background; later renders paste a background and draw the dynamic artists on it.
    The background depends on every Axes' limits, labels, title, ticks and legend
    entries and on the figure's texts (see :meth:`_background_key`); the backgrounds of
    the last ``backgrounds`` such keys are kept, so moving back to a setting seen before
    (another acquisition's legend, say) pastes its background instead of drawing it
    again, and a changed label is never shown stale. Rendered PNGs are cached under
    :attr:`cache_key` (when set) and sent again as they are.

    A *layer* is a part of the dynamic artists (:attr:`layer`, also listed in
    :attr:`dynamic`) that changes less often than the rest, with a key saying when
    (:attr:`layer_key`, set by the caller before each render, e.g. the history shown):
    the background with the layer drawn on it is kept under that key, so a render with a
    known layer key pastes it and draws only the other dynamic artists. The layer is
    drawn first, so nothing else may be drawn beneath it.

    Parameters
    ----------
    png_cache : int
        How many rendered PNGs to keep.
    backgrounds : int
        How many backgrounds to keep.
    layers : int
        How many backgrounds-with-layer to keep.

    Examples
    --------
    >>> live = BlitFigure(figsize=(3, 2), dpi=50)
    >>> line, = live.axes.plot([0, 1], [0, 1])
    >>> live.dynamic = [line]
    >>> live.render()
    >>> first = live._background
    >>> line.set_ydata([1, 0]); live.render()   # only the line is redrawn
    >>> live._background is first
    True
    >>> _ = live.axes.set_ylabel("other"); live.render()   # a new background
    >>> _ = live.axes.set_ylabel(""); live.render()        # the first one, pasted
    >>> live._background is first, len(live._backgrounds)
    (True, 2)
    """

    def __init__(self, *args, png_cache: int = 256, backgrounds: int = 16, layers: int = 32,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.dynamic: list = []
        self.layer: list = []
        self.layer_key = None
        self._layers: OrderedDict = OrderedDict()
        self._max_layers = layers
        self._background = None
        self._key = None
        self._backgrounds: OrderedDict = OrderedDict()
        self._max_backgrounds = backgrounds
        self.cache_key = None
        self._pngs: OrderedDict = OrderedDict()
        self._png_cache = png_cache

    def invalidate(self) -> None:
        """Force a full draw at the next render (forgets every background kept)."""
        self._background = None
        self._backgrounds.clear()
        self._layers.clear()

    def _background_key(self):
        """What the background depends on: every Axes' limits, labels, title, y ticks and
        legend entries, and the figure's texts (a change in any of them forces a full
        draw). A label, title, legend, text or axis that is itself in :attr:`dynamic` is
        drawn on every render, so it is left out."""
        moving = {id(a) for a in self.dynamic}

        def still(artist, value):
            return None if id(artist) in moving else value

        key = []
        for ax in self.figure.axes:
            legend = ax.get_legend()
            entries = () if legend is None or id(legend) in moving else \
                tuple(t.get_text() for t in legend.get_texts())
            # An Axis (ax.xaxis, ax.yaxis) in dynamic is drawn with its ticks, tick labels
            # and label on every render: its limits are not part of the background.
            x = () if id(ax.xaxis) in moving else (*ax.get_xlim(),)
            y = () if id(ax.yaxis) in moving else (*ax.get_ylim(), tuple(ax.get_yticks()))
            key.append((*x, *y, still(ax.xaxis.label, ax.get_xlabel()),
                        still(ax.yaxis.label, ax.get_ylabel()), still(ax.title, ax.get_title()),
                        entries))
        key.append(tuple(t.get_text() for t in self.figure.texts if id(t) not in moving))
        suptitle = getattr(self.figure, "_suptitle", None)
        key.append(still(suptitle, suptitle.get_text()) if suptitle is not None else "")
        return tuple(key)

    def _draw_background(self) -> None:
        """Draw everything but the dynamic artists and keep it as :attr:`_background`."""
        canvas = self.figure.canvas
        for artist in self.dynamic:
            artist.set_visible(False)
        canvas.draw()
        if not isinstance(self.figure.get_layout_engine(), (type(None), PlaceHolderLayoutEngine)):
            # the first full draw solved the layout: keep it and draw once more with it
            # ("none" leaves a placeholder engine, which needs no second draw)
            self.figure.set_layout_engine("none")
            canvas.draw()
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        for artist in self.dynamic:
            artist.set_visible(True)

    def _before_dynamic(self) -> None:
        """Called after the background is in place, before the dynamic artists are drawn."""

    def _draw_artists(self, artists) -> None:
        for artist in artists:
            if artist.axes is not None:
                artist.axes.draw_artist(artist)
            else:
                self.figure.draw_artist(artist)

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
        background = self._backgrounds.get(key)
        if background is None:
            self._draw_background()
            key = self._background_key()
            self._backgrounds[key] = self._background
            while len(self._backgrounds) > self._max_backgrounds:
                self._backgrounds.popitem(last=False)
        else:
            self._backgrounds.move_to_end(key)
            self._background = background
            canvas.restore_region(background)
        self._key = key
        self._before_dynamic()
        rest = self.dynamic
        if self.layer and self.layer_key is not None:
            layer_key = (key, self.layer_key)
            pixels = self._layers.get(layer_key)
            if pixels is None:
                self._draw_artists(self.layer)
                pixels = self._layers[layer_key] = canvas.copy_from_bbox(self.figure.bbox)
                while len(self._layers) > self._max_layers:
                    self._layers.popitem(last=False)
            else:
                self._layers.move_to_end(layer_key)
                canvas.restore_region(pixels)
            layer = {id(a) for a in self.layer}
            rest = [a for a in self.dynamic if id(a) not in layer]
        self._draw_artists(rest)
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


class TitleBlitFigure(BlitFigure):
    """A :class:`BlitFigure` that treats the Axes titles as moving.

    The titles are added to :attr:`dynamic` (so they are left out of the background's
    key), and an explorer whose titles report the current setting still redraws only its
    moving artists. Call :meth:`freeze` once everything is drawn in its first state: it
    solves the layout with every artist visible (so the titles get their room) and keeps
    it.

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
        """Solve and keep the layout; mark ``moving`` artists and every title as dynamic.

        The titles are each Axes' title and the figure's suptitle, if it has one now.
        ``moving`` may hold an Axis (``ax.xaxis``) whose limits change at many steps,
        e.g. of a histogram whose range spans many orders of magnitude: it is then drawn,
        with its ticks and labels, at every render instead of forcing a full redraw.
        """
        self.figure.canvas.draw()
        self.figure.set_layout_engine("none")
        titles = [ax.title for ax in self.figure.axes]
        suptitle = getattr(self.figure, "_suptitle", None)
        if suptitle is not None:
            titles.append(suptitle)
        self._titles = [(title, title.get_position()) for title in titles]
        self.dynamic = [*moving, *titles]
        self.invalidate()

    def _before_dynamic(self) -> None:
        # a full draw with the titles hidden moves them (Axes place their title above
        # whatever else is drawn, and a hidden title measures nothing): put them back
        for title, position in getattr(self, "_titles", ()):
            title.set_position(position)
