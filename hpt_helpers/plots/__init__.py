"""Pure plotting functions, one per idea: ``plot_x(..., ax=None)`` returns the Axes.

They draw on the Axes they are given (or ``plt.gca()``), never call ``plt.show()`` and
hold no global state. Import them from their modules, e.g.
``from hpt_helpers.plots.boundary import plot_decision_boundary``.
:mod:`hpt_helpers.plots.style` holds the colour-blind-safe palette and line styles.
"""
