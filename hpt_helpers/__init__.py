"""hpt_helpers: the small hyperparameter-search library behind the hpt course.

Layers (each imports only those listed before it):

1. search spaces and strategies -- :mod:`hpt_helpers.space`, :mod:`~hpt_helpers.result`,
   :mod:`~hpt_helpers.acquisition`, :mod:`~hpt_helpers.surrogate`, :mod:`~hpt_helpers.optimizer`,
   :mod:`~hpt_helpers.search`, :mod:`~hpt_helpers.multifidelity`,
   :mod:`~hpt_helpers.sklearn_search`, :mod:`~hpt_helpers.parallel`,
   :mod:`~hpt_helpers.testfunctions`, :mod:`~hpt_helpers.tabular`, and the numpy building
   blocks lessons reuse (:mod:`~hpt_helpers.minibatch`, :mod:`~hpt_helpers.nn`,
   :mod:`~hpt_helpers.schedules`, :mod:`~hpt_helpers.gradient_optimizers`,
   :mod:`~hpt_helpers.loss_surfaces`, :mod:`~hpt_helpers.conv`) -- numpy, scipy, scikit-learn;
2. plots -- :mod:`hpt_helpers.plots` (matplotlib, no widgets);
3. widgets -- :mod:`hpt_helpers.widgets` (ipywidgets);

with :mod:`hpt_helpers.exercises` and :mod:`hpt_helpers.course` beside them.

The public search API is importable from the top level::

    from hpt_helpers import Real, Integer, Categorical
    from hpt_helpers import grid_search, random_search, bayesian_search
    from hpt_helpers import successive_halving, hyperband, asha
    from hpt_helpers import BayesianOptimizer, BayesSearchCV

Names are resolved lazily, so ``import hpt_helpers`` stays cheap and the course tooling
does not pay for scikit-learn.
"""

from importlib import import_module

__version__ = "0.1.0"

_PUBLIC = {
    "Real": "hpt_helpers.space",
    "Integer": "hpt_helpers.space",
    "Categorical": "hpt_helpers.space",
    "Space": "hpt_helpers.space",
    "SearchResult": "hpt_helpers.result",
    "grid_search": "hpt_helpers.search",
    "random_search": "hpt_helpers.search",
    "bayesian_search": "hpt_helpers.search",
    "successive_halving": "hpt_helpers.multifidelity",
    "hyperband": "hpt_helpers.multifidelity",
    "asha": "hpt_helpers.multifidelity",
    "MultiFidelityResult": "hpt_helpers.multifidelity",
    "BayesianOptimizer": "hpt_helpers.optimizer",
    "BayesSearchCV": "hpt_helpers.sklearn_search",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    try:
        module = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'hpt_helpers' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
