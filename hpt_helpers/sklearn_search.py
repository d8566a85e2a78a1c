"""``BayesSearchCV``: Bayesian optimisation as a scikit-learn search estimator.

:class:`BayesSearchCV` is a drop-in sibling of :class:`~sklearn.model_selection.GridSearchCV`
and :class:`~sklearn.model_selection.RandomizedSearchCV`. It subclasses scikit-learn's
``BaseSearchCV``, so fitting, refitting, scoring, ``cv_results_``, pipelines, ``clone``,
nested cross-validation, pickling and ``joblib.parallel_config(backend="dask")`` all work
the way they do for scikit-learn's own searches. Only the choice of candidates differs:
it asks a :class:`~hpt_helpers.optimizer.BayesianOptimizer` for ``n_points`` candidates
per round, cross-validates them in parallel, and tells the optimizer their mean
validation scores (negated, because the optimizer minimises).

Three things differ from a plain ``BaseSearchCV`` subclass, on purpose:

- the cross-validation splits are drawn once per ``fit`` and reused in every round, so a
  shuffling splitter without a seed (``KFold(shuffle=True)``) cannot score the rounds on
  different folds;
- a round in which *every* fit fails is recorded with ``error_score`` and the search
  goes on (scikit-learn raises "All the N fits failed" per call to
  ``evaluate_candidates``, which would end a sequential search at its first bad
  candidate). This tolerance applies to BayesSearchCV's own rounds only: nothing in
  scikit-learn is patched, so any other search in the process behaves as usual. A search
  in which *every* fit failed raises scikit-learn's own error, with the distinct
  underlying errors, whatever ``error_score``. The optimizer's surrogate sees a failed
  candidate as set by its ``failures`` setting, so it avoids failing regions;
- ``verbose >= 1`` shows a progress bar (``tqdm.auto``) instead of one line per round.
"""

from __future__ import annotations

import math
import numbers
import time
import types
import warnings
from collections import Counter
from collections.abc import Mapping

import numpy as np
from sklearn.base import is_classifier
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import check_cv
from sklearn.model_selection._search import BaseSearchCV

from hpt_helpers.validation import check_int, check_one_of

__all__ = ["BayesSearchCV"]

_ACQUISITIONS_FALLBACK = ("ei", "pi", "ucb")


# -- tolerating a round whose every fit failed ------------------------------------------
#
# BaseSearchCV.fit's ``evaluate_candidates`` calls ``_warn_or_raise_about_fit_failures``
# after each call and raises when all fits of that call failed. For a search that
# evaluates one small batch at a time this turns the first bad candidate into a crash.
# Nothing in scikit-learn is patched: each round calls a *copy* of the
# ``evaluate_candidates`` closure BaseSearchCV.fit hands to ``_run_search`` -- the same
# code and the same closure cells (so results accumulate exactly as in the original), but
# globals in which that one name is a tolerant version. Every other search in the process
# (a GridSearchCV inside the searched estimator's ``fit``, say) runs scikit-learn's own
# code, unchanged. The fit errors of every round are collected, so that a search in which
# every fit failed raises scikit-learn's own error, with the distinct underlying errors.

_CHECK_NAME = "_warn_or_raise_about_fit_failures"


def _tolerant_copy(evaluate_candidates, collected: list):
    """A copy of ``evaluate_candidates`` in which an all-failed round only warns.

    ``collected`` receives the ``fit_error`` of every fit. Returns None when the closure
    is not a plain function calling ``_warn_or_raise_about_fit_failures`` (another
    scikit-learn version): the caller then uses the original.
    """
    g = getattr(evaluate_candidates, "__globals__", None)
    code = getattr(evaluate_candidates, "__code__", None)
    if not isinstance(evaluate_candidates, types.FunctionType) or g is None \
            or _CHECK_NAME not in g or _CHECK_NAME not in code.co_names:
        return None
    original = g[_CHECK_NAME]

    def warn_or_raise_about_fit_failures(results, error_score):
        collected.extend(r.get("fit_error") for r in results)
        if len(results) > 0 and all(r.get("fit_error") is not None for r in results):
            errors = sorted({str(r["fit_error"]).strip().splitlines()[-1] for r in results})
            warnings.warn(
                f"\nAll the {len(results)} fits of this round failed; their scores are set "
                f"to {error_score} and BayesSearchCV goes on with the next round.\n"
                "Last line of each distinct error:\n" + "\n".join(errors),
                FitFailedWarning, stacklevel=2)
            return None
        return original(results, error_score)

    new_globals = dict(g)
    new_globals[_CHECK_NAME] = warn_or_raise_about_fit_failures
    copy = types.FunctionType(code, new_globals, evaluate_candidates.__name__,
                              evaluate_candidates.__defaults__,
                              evaluate_candidates.__closure__)
    copy.__kwdefaults__ = evaluate_candidates.__kwdefaults__
    return copy


def _raise_if_every_fit_failed(fit_errors: list) -> None:
    """scikit-learn's own "All the N fits failed" error, with the distinct errors."""
    if not fit_errors or any(e is None for e in fit_errors):
        return
    results = [{"fit_error": e} for e in fit_errors]
    try:
        from sklearn.model_selection._validation import (
            _warn_or_raise_about_fit_failures as check,
        )
    except ImportError:  # pragma: no cover - another scikit-learn layout
        check = None
    if check is not None:
        check(results, np.nan)  # raises ValueError: all fits failed
    counts = Counter(fit_errors)  # pragma: no cover - same message, built here
    details = "\n".join(f"{'-' * 80}\n{n} fits failed with the following error:\n{e}"
                        for e, n in counts.items())
    raise ValueError(f"\nAll the {len(fit_errors)} fits failed.\nBelow are more details "
                     f"about the failures:\n{details}")


def _check_callbacks(callback) -> list:
    if callback is None:
        return []
    callbacks = list(callback) if isinstance(callback, (list, tuple)) else [callback]
    for cb in callbacks:
        if not callable(cb):
            raise TypeError(f"callback must be a callable (or a list of them) called with "
                            f"the cv_results_ so far; got {cb!r:.80} of type "
                            f"{type(cb).__name__}.")
    return callbacks


class _FrozenSplits:
    """A CV splitter that draws its inner splitter's folds once and then repeats them."""

    def __init__(self, cv):
        self.cv = cv
        self._splits = None

    def split(self, X=None, y=None, groups=None, **params):
        if self._splits is None:
            self._splits = [(np.asarray(train), np.asarray(test))
                            for train, test in self.cv.split(X, y, groups, **params)]
        return iter(self._splits)

    def get_n_splits(self, X=None, y=None, groups=None, **params):
        return self.cv.get_n_splits(X, y, groups, **params)


class BayesSearchCV(BaseSearchCV):
    """Bayesian optimisation over hyperparameters, with cross-validation.

    Each round asks a :class:`~hpt_helpers.optimizer.BayesianOptimizer` (a Gaussian
    process surrogate with an acquisition function) for ``n_points`` candidates,
    cross-validates all of them in one parallel batch, and tells the optimizer their
    mean validation scores, until ``n_iter`` candidates have been evaluated. The first
    ``n_initial_points`` candidates come from a space-filling design. Apart from how the
    candidates are chosen it behaves like
    :class:`~sklearn.model_selection.RandomizedSearchCV`: same fitted attributes, same
    ``cv_results_`` layout, same ``predict``/``score``/... delegation to
    ``best_estimator_``.

    Parameters
    ----------
    estimator : estimator object
        Fitted once per candidate and fold (a clone each time). May be a
        :class:`~sklearn.pipeline.Pipeline`; name its steps' parameters as usual
        (``"svc__C"``).
    search_spaces : dict, hpt_helpers.space.Space, or a list of them
        Parameter name -> dimension: :class:`~hpt_helpers.space.Real`,
        :class:`~hpt_helpers.space.Integer`, :class:`~hpt_helpers.space.Categorical`,
        a sequence of options (list, tuple, ``range``, numpy array: a categorical), or a
        frozen ``scipy.stats`` ``uniform``, ``loguniform`` or ``randint`` distribution
        (its support becomes the bounds; Bayesian optimisation needs bounds, not a
        distribution's shape). A parameter may be an estimator chosen from options,
        with its own parameters searched too (``{"clf": [SVC()], "clf__gamma": Real(
        1e-3, 1, log=True)}``: every option must have ``gamma``). A list of spaces,
        or of ``(space, n_iter)`` pairs (skopt's form), searches each subspace in turn
        with its own optimizer, ``n_iter`` candidates each unless the pair says
        otherwise: the way to choose among models with different hyperparameters.
    n_iter : int, default=50
        Number of candidates evaluated, each on every CV fold.
    n_initial_points : int, optional
        Candidates from the initial design (a Latin hypercube) before the surrogate is
        used; default ``max(5, 2 * number of dimensions)``. At most ``n_iter`` of them
        are used.
    n_points : int, default=1
        Candidates proposed per round (constant-liar batch). Each round runs
        ``n_points * n_splits`` fits in parallel; pick ``n_points`` so that number is a
        multiple of the workers available, e.g. ``n_points=2`` with 3 folds on 2 cores.
        The initial design needs no scores, so its candidates are cross-validated
        together in the first round, whatever ``n_points``.
    acquisition : {"ei", "pi", "ucb", ...}, default="ei"
        Acquisition function of the optimizer.
    optimizer_kwargs : dict, optional
        More keyword arguments for the optimizer (``xi``, ``kappa``, ``noise``,
        ``initial_design``, ...).
    scoring : str, callable, list, tuple or dict, default=None
        As in scikit-learn's searches. With several metrics, ``refit`` must name the one
        to maximise.
    n_jobs : int, default=None
        Fits run in parallel through joblib (``None``: one, unless a
        ``joblib.parallel_config`` says otherwise; ``-1``: all cores). Under
        ``joblib.parallel_config(backend="dask")`` they run on a Dask cluster.
    refit : bool, str or callable, default=True
        As in scikit-learn: refit the best candidate on the whole data; with several
        metrics, the name of the metric to refit on, a callable choosing the best
        index, or False. The search maximises the ``refit`` metric, or the first metric
        of ``scoring`` when ``refit`` is False or a callable.
    cv : int, cross-validation generator or iterable, default=None
        As in scikit-learn (``None``: 5-fold, stratified for classifiers). The folds are
        drawn once per ``fit`` and reused by every round.
    verbose : int, default=0
        0: silent; 1: a progress bar (``tqdm.auto``) over the candidates; 2: also
        scikit-learn's line per round; 3 and more: also a line per fit.
    pre_dispatch : int or str, default="2*n_jobs"
        Passed to :class:`joblib.Parallel`.
    random_state : int, numpy Generator or None, default=None
        Seeds the optimizer (initial design and acquisition optimisation). Seed the
        estimator and a shuffling ``cv`` separately, as with any scikit-learn search.
    error_score : "raise" or float, default=np.nan
        Score given to a fit that fails. The search goes on, even when every fit of a
        round fails: the candidate keeps its scores in ``cv_results_``, and the
        optimizer is told NaN for a NaN mean score (see ``optimizer_``). A search in
        which every fit failed raises scikit-learn's ``ValueError`` ("All the N fits
        failed", with each distinct error), whatever ``error_score``.
    return_train_score : bool, default=False
        Also score each fit on its training folds.

    Attributes
    ----------
    cv_results_ : dict of numpy arrays
        One entry per candidate, in evaluation order, with the keys of
        ``RandomizedSearchCV.cv_results_``.
    best_estimator_, best_score_, best_params_, best_index_, scorer_, n_splits_,
    refit_time_, multimetric_ :
        As in scikit-learn's searches.
    optimizer_ : hpt_helpers.optimizer.BayesianOptimizer
        The optimizer after the search, told every candidate: the negated mean
        validation score of the optimised metric (NaN for a candidate that failed;
        its surrogate sees such a candidate as set by the optimizer's ``failures``
        setting (default ``"impute_model"``), so it learns to avoid failing regions; pass
        ``optimizer_kwargs={"failures": "ignore"}`` to leave failures out instead).
    optimizers_ : list of hpt_helpers.optimizer.BayesianOptimizer
        One per subspace (one for a single space); ``optimizer_`` is the one whose
        subspace holds the best candidate.
    optimizer_time_ : float
        Seconds spent proposing candidates (``ask``) and recording scores (``tell``):
        the part of the search that runs in this process, one round after another,
        however many workers fit the candidates.

    See Also
    --------
    hpt_helpers.search.bayesian_search : the same optimizer on any Python objective.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import SVC
    >>> from hpt_helpers.space import Real
    >>> X, y = load_iris(return_X_y=True)
    >>> search = BayesSearchCV(SVC(), {"C": Real(1e-2, 1e2, log=True)}, n_iter=6,
    ...                        n_initial_points=3, cv=3, random_state=0).fit(X, y)
    >>> len(search.cv_results_["params"])
    6
    >>> bool(search.best_score_ > 0.9)
    True
    """

    _parameter_constraints: dict = {**BaseSearchCV._parameter_constraints}

    def __init__(self, estimator, search_spaces, *, n_iter=50, n_initial_points=None,
                 n_points=1, acquisition="ei", optimizer_kwargs=None, scoring=None,
                 n_jobs=None, refit=True, cv=None, verbose=0, pre_dispatch="2*n_jobs",
                 random_state=None, error_score=np.nan, return_train_score=False):
        super().__init__(estimator=estimator, scoring=scoring, n_jobs=n_jobs, refit=refit,
                         cv=cv, verbose=verbose, pre_dispatch=pre_dispatch,
                         error_score=error_score, return_train_score=return_train_score)
        self.search_spaces = search_spaces
        self.n_iter = n_iter
        self.n_initial_points = n_initial_points
        self.n_points = n_points
        self.acquisition = acquisition
        self.optimizer_kwargs = optimizer_kwargs
        self.random_state = random_state

    # -- fit -----------------------------------------------------------------------
    def fit(self, X, y=None, *, callback=None, **params):
        """Run the search: ``n_iter`` candidates, each cross-validated, then refit.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), optional
        callback : callable or list of callables, optional
            ``callback(cv_results)`` after every round, with the ``cv_results_`` dict
            of the candidates evaluated so far; if it returns True the search stops
            (and refits the best candidate so far, as usual). To watch progress or stop
            early, as ``bayesian_search(callback=...)`` and skopt's callbacks do.
        **params : dict
            Passed on as in scikit-learn's searches (``groups``, and fit parameters of
            the estimator). A keyword the estimator's ``fit`` does not accept is an
            error here, not a failure of every fit.

        Returns
        -------
        self : BayesSearchCV
        """
        subspaces = self._check_search_parameters()
        callbacks = _check_callbacks(callback)
        self._check_fit_params(params)
        # Read by _run_search, which BaseSearchCV.fit calls with one argument only. The
        # checked splitter is BaseSearchCV's own (scikit-learn >= 1.9 keeps it as
        # _checked_cv_orig; older versions only as a local), made the same way here.
        checked_cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        self._search_setup = (subspaces, callbacks, checked_cv)
        try:
            super().fit(X, y, **params)
        finally:
            self.__dict__.pop("_search_setup", None)
        target = self.cv_results_[self._target_key(self.cv_results_)]
        n_bad = int(np.sum(~np.isfinite(target)))
        if n_bad:
            warnings.warn(f"{n_bad} of the {len(target)} candidates have non-finite mean "
                          "test scores (a fit or a scoring failed); they rank last in "
                          "cv_results_.", UserWarning, stacklevel=2)
        return self

    def _check_fit_params(self, params):
        """Refuse keywords that neither the splitter nor the estimator's fit accepts."""
        import inspect

        from sklearn import get_config

        if not params or get_config().get("enable_metadata_routing", False):
            return  # with metadata routing, scikit-learn checks them itself
        try:
            signature = inspect.signature(self.estimator.fit)
        except (TypeError, ValueError):  # pragma: no cover - C callables
            return
        parameters = signature.parameters.values()
        if any(p.kind is p.VAR_KEYWORD for p in parameters):
            return
        accepted = {p.name for p in parameters} | {"groups"}
        unknown = sorted(set(params) - accepted)
        if unknown:
            raise TypeError(
                f"BayesSearchCV.fit got keyword arguments {unknown} that "
                f"{type(self.estimator).__name__}.fit does not accept (it accepts "
                f"{sorted(accepted - {'self', 'X', 'y'})}); they would make every fit fail. "
                "Pass callback= for a callback, groups= for the splitter.")

    def _parse_search_spaces(self):
        """``[(Space, n_iter), ...]`` from a dict, a Space or a list of either/(either, n)."""
        from hpt_helpers.space import Space, as_space

        spaces = self.search_spaces
        single = isinstance(spaces, (Mapping, Space))
        if not single and not isinstance(spaces, list):
            raise TypeError(
                "search_spaces must be a dict of parameter name -> dimension (Real, "
                "Integer, Categorical, a list of options or a scipy.stats distribution), "
                "a Space, or a list of them (or of (space, n_iter) pairs) to search "
                f"several subspaces; got {type(spaces).__name__}: {spaces!r:.80}")
        entries = [spaces] if single else list(spaces)
        if not entries:
            raise ValueError("search_spaces must hold at least one space; got [].")
        out = []
        for k, entry in enumerate(entries):
            where = "search_spaces" if single else f"search_spaces[{k}]"
            n_iter = self.n_iter
            if isinstance(entry, tuple) and len(entry) == 2 and isinstance(
                    entry[0], (Mapping, Space)):
                entry, n_iter = entry
                n_iter = check_int(f"{where} n_iter", n_iter, low=1)
            else:
                n_iter = check_int("n_iter", n_iter, low=1)
            if not isinstance(entry, (Mapping, Space)):
                raise TypeError(f"{where} must be a dict of parameter name -> dimension, a "
                                f"Space or a (space, n_iter) pair; got "
                                f"{type(entry).__name__}: {entry!r:.80}")
            if len(entry) == 0:
                raise ValueError(f"{where} must name at least one parameter; got an empty "
                                 "mapping.")
            space = as_space(entry)
            self._check_names(space, where)
            out.append((space, n_iter))
        return out

    def _check_names(self, space, where):
        """Every name is a parameter of the estimator, or of every estimator the space
        sets an enclosing parameter to (model choice: ``{"clf": [SVC()], "clf__C": ...}``).
        """
        from hpt_helpers.space import Categorical

        known = self.estimator.get_params(deep=True)
        unknown = []
        for name in space.names:
            if name in known:
                continue
            prefix, _, rest = name.rpartition("__")
            while prefix and prefix not in space.names:
                head, _, tail = prefix.rpartition("__")
                prefix, rest = head, f"{tail}__{rest}"
            dim = space[prefix] if prefix else None
            if (isinstance(dim, Categorical) and dim.options
                    and all(hasattr(o, "get_params") for o in dim.options)):
                lacking = [o for o in dim.options if rest not in o.get_params(deep=True)]
                if not lacking:
                    continue
                raise ValueError(
                    f"{where} names {name!r}, but {rest!r} is not a parameter of "
                    f"{[type(o).__name__ for o in lacking]} among the options of "
                    f"{prefix!r}; give each model its own subspace (a list of spaces).")
            unknown.append(name)
        if unknown:
            raise ValueError(
                f"{where} names parameters {unknown} that "
                f"{type(self.estimator).__name__} does not have; allowed: "
                f"{sorted(known)!r:.300}")

    def _check_search_parameters(self):
        """Check the parameters BaseSearchCV does not know; return ``[(space, n_iter)]``."""
        subspaces = self._parse_search_spaces()
        check_int("n_iter", self.n_iter, low=1)
        if self.n_initial_points is not None:
            check_int("n_initial_points", self.n_initial_points, low=1)
        check_int("n_points", self.n_points, low=1)
        try:
            from hpt_helpers.acquisition import ACQUISITIONS
            allowed = list(ACQUISITIONS)
        except ImportError:  # pragma: no cover - the core always ships it
            allowed = list(_ACQUISITIONS_FALLBACK)
        check_one_of("acquisition", self.acquisition, allowed)
        if self.optimizer_kwargs is not None and not isinstance(self.optimizer_kwargs,
                                                                Mapping):
            raise TypeError("optimizer_kwargs must be None or a dict of keyword arguments "
                            "for BayesianOptimizer; got "
                            f"{type(self.optimizer_kwargs).__name__}.")
        clash = {"n_initial_points", "acquisition", "random_state"} & set(
            self.optimizer_kwargs or {})
        if clash:
            raise ValueError(f"optimizer_kwargs must not set {sorted(clash)}: they are "
                             "parameters of BayesSearchCV itself.")
        if isinstance(self.verbose, bool) or not isinstance(self.verbose, numbers.Integral) \
                or self.verbose < 0:
            raise TypeError(f"verbose must be an integer >= 0; got {self.verbose!r}.")
        if isinstance(self.scoring, (list, tuple, set, Mapping)) and self.refit is True:
            raise ValueError(
                "With several metrics in scoring, refit must be the name of the metric "
                f"to refit on (one of {sorted(self._metric_names())}), a callable, or "
                "False; got refit=True. BayesSearchCV maximises the refit metric (the "
                "first metric of scoring when refit is False or a callable).")
        return subspaces

    def _metric_names(self):
        scoring = self.scoring
        return list(scoring) if not isinstance(scoring, Mapping) else list(scoring.keys())

    def _make_optimizer(self, space, n_iter, k=0):
        from hpt_helpers.optimizer import BayesianOptimizer, default_initial_points

        n_initial = self.n_initial_points
        if n_initial is None:
            n_initial = default_initial_points(space)
        random_state = self.random_state
        if k and isinstance(random_state, numbers.Integral) and not isinstance(
                random_state, bool):
            # one seed stream per subspace, the first one as with a single space
            random_state = int(np.random.default_rng([int(random_state), k]).integers(2**62))
        return BayesianOptimizer(space, n_initial_points=min(n_initial, n_iter),
                                 acquisition=self.acquisition,
                                 random_state=random_state,
                                 **dict(self.optimizer_kwargs or {}))

    def _target_key(self, results) -> str:
        """The cv_results_ key of the mean validation score the search maximises: the
        single score, the ``refit`` metric, or (refit False or callable) the first."""
        if "mean_test_score" in results:
            return "mean_test_score"
        if isinstance(self.refit, str) and f"mean_test_{self.refit}" in results:
            return f"mean_test_{self.refit}"
        names = [k[len("mean_test_"):] for k in results if k.startswith("mean_test_")]
        if isinstance(self.scoring, (list, tuple, Mapping)):
            for name in self._metric_names():
                if name in names:
                    return f"mean_test_{name}"
        if names and not isinstance(self.refit, str):
            return f"mean_test_{names[0]}"
        raise ValueError("scoring returned several metrics; refit must be the name of the "
                         f"one BayesSearchCV maximises (one of {sorted(names)}); got "
                         f"refit={self.refit!r}.")

    # -- the search itself ---------------------------------------------------------
    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        """Ask, cross-validate, tell, in rounds of ``n_points`` candidates, subspace by
        subspace.

        ``callback_ctx`` is scikit-learn's callback context (scikit-learn >= 1.9 passes
        it; older versions call this method with ``evaluate_candidates`` only).
        """
        setup = getattr(self, "_search_setup", None)
        if setup is None:  # called by something other than our fit
            setup = (self._check_search_parameters(), [], self._checked_cv_orig)
        subspaces, callbacks, checked_cv = setup
        fit_errors: list = []
        tolerant = _tolerant_copy(evaluate_candidates, fit_errors)
        run_round = tolerant if tolerant is not None else evaluate_candidates
        optimizers = [self._make_optimizer(space, n, k)
                      for k, (space, n) in enumerate(subspaces)]
        # The same folds for every round, even for a shuffling splitter without a seed.
        cv = _FrozenSplits(checked_cv)
        plans = []
        for optimizer, (_, n_iter) in zip(optimizers, subspaces, strict=True):
            # The initial design does not depend on any score: it is cross-validated in
            # one round (more fits in flight for the workers, fewer rounds to wait on).
            first = min(n_iter, max(self.n_points, optimizer.n_design_left))
            plans.append((n_iter, first, 1 + math.ceil((n_iter - first) / self.n_points)))
        search_ctx = None
        if callback_ctx is not None:
            search_ctx = callback_ctx.subcontext(
                task_name="search", max_subtasks=sum(p[2] for p in plans)
            ).call_on_fit_task_begin(estimator=self)
        total = sum(p[0] for p in plans)
        bar = self._progress_bar(total)
        results, optimizer_time, stopped = {}, 0.0, False
        owner = []  # subspace of each candidate, in evaluation order
        try:
            for k, (optimizer, (n_iter, first, _)) in enumerate(
                    zip(optimizers, plans, strict=True)):
                done = 0
                while done < n_iter and not stopped:
                    start = time.perf_counter()
                    size = first if done == 0 else self.n_points
                    batch = optimizer.ask(min(size, n_iter - done))
                    optimizer_time += time.perf_counter() - start
                    round_ctx = None
                    if search_ctx is not None:
                        round_ctx = search_ctx.subcontext(
                            task_name="bayes-round",
                            max_subtasks=len(batch) * self.n_splits_,
                            sequential_subtasks=False).call_on_fit_task_begin(estimator=self)
                    results = self._evaluate_round(run_round, batch, cv, round_ctx)
                    if round_ctx is not None:
                        round_ctx.call_on_fit_task_end(estimator=self)
                    key = self._target_key(results)
                    scores = np.asarray(results[key][-len(batch):], dtype=float)
                    start = time.perf_counter()
                    # Losses (negated scores); a failed candidate is told as NaN.
                    optimizer.tell(list(batch), list(-scores))
                    optimizer_time += time.perf_counter() - start
                    done += len(batch)
                    owner += [k] * len(batch)
                    if bar is not None:
                        bar.update(len(batch))
                        if np.isfinite(results[key]).any():
                            bar.set_postfix(best=f"{np.nanmax(results[key]):.4g}")
                    for cb in callbacks:
                        if cb(results):
                            stopped = True
                if stopped:
                    break
        finally:
            if bar is not None:
                bar.close()
        if search_ctx is not None:
            search_ctx.call_on_fit_task_end(estimator=self)
        self.optimizers_ = optimizers
        target = np.asarray(results[self._target_key(results)], dtype=float)
        best_k = owner[int(np.nanargmax(target))] if np.isfinite(target).any() else 0
        self.optimizer_ = optimizers[best_k]
        self.optimizer_time_ = optimizer_time
        # Nothing hidden: a search in which every fit failed raises scikit-learn's own
        # error, with the distinct underlying errors (whatever error_score).
        _raise_if_every_fit_failed(fit_errors)
        # Some fits succeeded but no candidate has a finite mean score (each failed on
        # some fold, or its scoring failed): as in scikit-learn, the search goes on to
        # refit (which shows the error, if there is one) and fit() warns.

    def _evaluate_round(self, evaluate_candidates, batch, cv, round_ctx):
        extra = {} if round_ctx is None else {"callback_ctx": round_ctx}
        verbose = self.verbose
        # verbose == 1 means "a progress bar only": hide scikit-learn's line per round.
        if verbose == 1:
            self.verbose = 0
        try:
            with warnings.catch_warnings():
                # scikit-learn warns about non-finite mean scores after every call, with
                # all the scores so far in the message: once per round here. One summary
                # is given at the end of the search instead.
                warnings.filterwarnings("ignore", category=UserWarning,
                                        message="One or more of the .* scores are non-finite")
                return evaluate_candidates(batch, cv, **extra)
        finally:
            self.verbose = verbose

    def _progress_bar(self, total):
        if not self.verbose:
            return None
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=type(self).__name__, unit="candidate")
