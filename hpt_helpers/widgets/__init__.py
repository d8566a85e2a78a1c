"""Thin ipywidgets wrappers around the pure plot functions.

Every explorer draws into a :class:`~hpt_helpers.widgets.live.LiveFigure`: one matplotlib
figure kept alive between steps, whose artists are updated in place and which is shown
as a PNG in an ``ipywidgets.Image``. Swapping the image is atomic, so a redraw never
flickers, and it works in JupyterLab, Notebook, VS Code and Binder without a front-end
extension. Callbacks return ``None``.

Import explorers from their modules, e.g.
``from hpt_helpers.widgets.boundary import boundary_explorer``.
"""
