"""Lesson 07's explorer: where grid and random search put their points, budget by budget."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from hpt_helpers.plots.points import (
    find,
    objective_grid,
    plot_points_comparison,
    update_points_comparison,
)
from hpt_helpers.search import grid_search, random_search
from hpt_helpers.space import as_space
from hpt_helpers.validation import check_callable, check_int
from hpt_helpers.widgets.blit_figure import TitleBlitFigure
from hpt_helpers.widgets.live import Explorer

__all__ = ["grid_vs_random_explorer"]


def grid_vs_random_explorer(objective: Callable, space, *, budget: int = 9,
                            max_budget: int = 50, seed: int = 0, maximize: bool = False,
                            resolution: int = 60) -> Explorer:
    """Slide the budget and see where grid and random search put their points.

    Both searches run on ``objective`` over a 2-D ``space`` with the same budget; the
    left column shows the grid, the right the random points (for the chosen seed). Each
    column has the 2-D picture with the points' shadows on both axes, and above it the
    objective's profile along the first dimension with every evaluated point, so you can
    count the distinct values each search tried of the dimension that matters and compare
    the best values (in the titles).

    Parameters
    ----------
    objective : callable
        ``objective(**params) -> float``, cheap (it is called on a contour grid once and
        by both searches at every step).
    space : Space or dict
        Exactly two numeric dimensions; the first goes on the horizontal axis.
    budget : int
        Initial number of evaluations (the first slider).
    max_budget : int
        Largest budget the slider offers.
    seed : int
        Initial seed of the random search (the second slider).
    maximize : bool
        Whether the objective is a score to maximise.
    resolution : int
        Contour grid size per axis.

    Returns
    -------
    Explorer
        Controls ``"budget"`` and ``"seed"``; ``.live.figure.axes_grid`` holds the Axes.

    Examples
    --------
    >>> from hpt_helpers.space import Real
    >>> f = lambda a, b: (a - 0.7) ** 2 + 0.01 * b
    >>> ex = grid_vs_random_explorer(f, {"a": Real(0, 1), "b": Real(0, 1)}, resolution=10)
    >>> ex.live.figure.axes_grid[0, 0].get_title()
    'grid: 9 points, best value 0.04'
    >>> ex.controls["budget"].value = 16
    >>> ex.live.figure.axes_grid[0, 0].get_title()
    'grid: 16 points, best value 0.00111'
    """
    objective = check_callable("objective", objective)
    space = as_space(space)
    if len(space) != 2:
        raise ValueError(f"space must have exactly two dimensions; got {len(space)} "
                         f"({space.names})")
    for name, dim in zip(space.names, space.dimensions, strict=True):
        if not hasattr(dim, "low"):
            raise ValueError(f"space dimension {name!r} must be numeric (Real or Integer); "
                             f"got {dim!r}")
    max_budget = check_int("max_budget", max_budget, low=2)
    budget = check_int("budget", budget, low=1, high=max_budget)
    seed = check_int("seed", seed, low=0)
    x, y = space.names
    grid = objective_grid(objective, x, y, ((space[x].low, space[x].high),
                                            (space[y].low, space[y].high)),
                          log=(space[x].log, space[y].log), resolution=resolution)

    def run(n, s):
        return {"grid": grid_search(objective, space, n, maximize=maximize),
                "random": random_search(objective, space, n, random_state=s,
                                        maximize=maximize)}

    live = TitleBlitFigure(figsize=(9.0, 5.0), dpi=80)
    live.figure.delaxes(live.axes)
    plot_points_comparison(run(budget, seed), x, y, grid=grid, fig=live.figure)
    for ax in live.figure.axes_grid.ravel():
        ax.locator_params(nbins=4)
    for ax in live.figure.axes_grid[:, 1:].ravel():      # same scales as the first column
        ax.tick_params(labelleft=False)
        ax.set_ylabel("")
    budget_slider = widgets.IntSlider(value=budget, min=1, max=max_budget,
                                      description="budget (n)")
    seed_slider = widgets.IntSlider(value=seed, min=0, max=max(seed, 20),
                                    description="random seed")
    for control in (budget_slider, seed_slider):
        control.style.description_width = "initial"

    def update(budget, seed):
        update_points_comparison(live.figure, run(budget, seed), x, y)

    # Contours, profiles and axes are drawn once; only the points, their shadows, the stars,
    # the counts and the titles are redrawn at each step, on the cached background.
    moving = [artist for top, bottom in live.figure.axes_grid.T
              for artist in (find(bottom, "points"), find(bottom, "best"), find(bottom, "rug-x"),
                             find(bottom, "rug-y"), find(bottom, "counts"),
                             find(top, "profile-points"), find(top, "rug-x"))
              if artist is not None]
    live.freeze(*moving)
    return Explorer({"budget": budget_slider, "seed": seed_slider}, update, live)
