"""The course's look: a colour-blind-safe palette and line styles that survive greyscale.

Colours are the Okabe-Ito palette (Okabe & Ito, 2008), distinguishable under the common
colour-vision deficiencies. Series that must stay apart in print also differ in line
style and marker (see :data:`LINESTYLES`, :data:`MARKERS`).
"""

from __future__ import annotations

import matplotlib as mpl
from cycler import cycler

__all__ = ["OKABE_ITO", "COLORS", "LINESTYLES", "MARKERS", "apply_style", "series_style"]

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
COLORS = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky",
                                 "black", "yellow")]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), "-", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
# Sequential and diverging colour maps that are perceptually uniform and colour-blind safe.
SEQUENTIAL_CMAP = "viridis"
DIVERGING_CMAP = "RdBu_r"


def series_style(i: int) -> dict:
    """Colour, line style and marker for the ``i``-th series of a figure.

    Examples
    --------
    >>> series_style(1)["color"]
    '#E69F00'
    """
    n = len(COLORS)
    return {"color": COLORS[i % n], "linestyle": LINESTYLES[i % n], "marker": MARKERS[i % n]}


def apply_style() -> None:
    """Set matplotlib's defaults for the course (palette, sizes, grid).

    Examples
    --------
    >>> apply_style()
    >>> mpl.rcParams["axes.prop_cycle"].by_key()["color"][0]
    '#0072B2'
    """
    mpl.rcParams.update({
        "axes.prop_cycle": cycler(color=COLORS[:7]),
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "image.cmap": SEQUENTIAL_CMAP,
        "legend.frameon": False,
        "font.size": 10,
    })
