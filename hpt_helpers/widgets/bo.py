"""Live explorers of Bayesian optimisation: step through a run and turn its knobs.

Two explorers, each with a static twin that draws the same picture without widgets (so a
static copy of a lesson still shows it):

- :func:`bo_explorer` / :func:`plot_bo_explorer_state` -- a 1-D objective (built-in:
  ``"forrester"``, ``"gramacy_lee"``, ``"sine_bowl"``; or any ``f(x)`` with its bounds).
- :func:`bo_explorer_2d` / :func:`plot_bo_explorer_2d_state` -- two hyperparameters:
  ``"branin"``, or ``"svc_digits"`` (an RBF SVM's cross-validated error on the digits,
  from a score table built once by :func:`svc_digits_table`).

Two kinds of control, kept apart on screen. The **knobs** (acquisition, xi for EI and
PI, kappa for UCB; only the applicable ones are enabled) re-score the posterior of the
*current* step with the history fixed: the star (``BayesianOptimizer.ask()``'s proposal,
the point evaluated next) moves, and a hollow star shows where it was before the change.
The **run settings** (initial points, design, noise, length scale, seed) define a whole
search and apply when the learner presses *replay the search with these settings*.

The code, by concern:

- :mod:`~hpt_helpers.widgets.bo_objectives` -- the objectives (built-in 1-D examples,
  Branin, the SVC table);
- :mod:`~hpt_helpers.widgets.bo_state` -- the run/state model on top of
  ``BayesianOptimizer`` (a cached tree of steps, the proposals, the learner's history);
- :mod:`~hpt_helpers.widgets.bo_1d`, :mod:`~hpt_helpers.widgets.bo_2d` -- the views;
- :mod:`~hpt_helpers.widgets.blit_figure` -- the live figure that redraws only what moves
  and caches rendered pictures.

Usage in a lesson::

    from hpt_helpers.widgets.bo import bo_explorer, plot_bo_explorer_state

    fig = plot_bo_explorer_state("forrester", step=4, acquisition="ei")   # static
    bo_explorer("forrester", n_steps=12)                                  # live
    bo_explorer(lambda x: (x - 2) ** 2 + np.sin(5 * x), bounds=(0, 4), name="learning_rate")

    from hpt_helpers.widgets.bo import bo_explorer_2d, svc_digits_table
    bo_explorer_2d("svc_digits", table=svc_digits_table())

Speed (``benchmarks/bench_widgets.py``, ``benchmarks/bench_browser.py``): each step's
surrogate is fitted once, each proposal computed once per knob setting, each picture
rendered once (then served from a PNG cache), and only the moving artists are redrawn.
"""

from hpt_helpers.widgets.blit_figure import BlitFigure
from hpt_helpers.widgets.bo_1d import _click_to_x, bo_explorer, plot_bo_explorer_state
from hpt_helpers.widgets.bo_2d import bo_explorer_2d, plot_bo_explorer_2d_state
from hpt_helpers.widgets.bo_objectives import (
    EXAMPLES_1D,
    Objective,
    svc_digits_objective,
    svc_digits_table,
)
from hpt_helpers.widgets.bo_state import BOExplorer, BORun, History

__all__ = ["EXAMPLES_1D", "Objective", "BORun", "History", "bo_explorer",
           "plot_bo_explorer_state", "bo_explorer_2d", "plot_bo_explorer_2d_state",
           "svc_digits_table", "svc_digits_objective", "BOExplorer", "BlitFigure",
           "_click_to_x"]
