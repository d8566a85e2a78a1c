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
  candidate); only a search in which every candidate failed raises. The optimizer's
  surrogate sees a failed candidate at the worst score of the search, so it avoids it;
- ``verbose >= 1`` shows a progress bar (``tqdm.auto``) instead of one line per round.
"""

from __future__ import annotations

import math
import numbers
import threading
import time
import warnings
from collections.abc import Mapping

import numpy as np
import sklearn.model_selection._search as _sk_search
from sklearn.base import is_classifier
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import check_cv
from sklearn.model_selection._search import BaseSearchCV

from hpt_helpers.validation import check_int, check_one_of

__all__ = ["BayesSearchCV"]

_ACQUISITIONS_FALLBACK = ("ei", "pi", "ucb")


# -- tolerating a round whose every fit failed ------------------------------------------
#
# BaseSearchCV.fit calls ``_warn_or_raise_about_fit_failures`` after each call to
# ``evaluate_candidates`` and raises when all fits of that call failed. For a search that
# evaluates one small batch at a time this turns the first bad candidate into a crash. We
# wrap the function, once, in the module that calls it. The wrapper behaves exactly like
# the original except inside a BayesSearchCV.fit running in the same thread (a
# thread-local depth counter), where an all-failed round only warns.

_GUARD = threading.local()


def _guard_active() -> bool:
    return getattr(_GUARD, "depth", 0) > 0


def _install_failure_guard() -> bool:
    original = getattr(_sk_search, "_warn_or_raise_about_fit_failures", None)
    if original is None:
        return False
    if getattr(original, "_hpt_guard", False):
        return True

    def warn_or_raise_about_fit_failures(results, error_score):
        if (_guard_active() and len(results) > 0
                and all(r.get("fit_error") is not None for r in results)):
            errors = sorted({str(r["fit_error"]).strip().splitlines()[-1] for r in results})
            warnings.warn(
                f"\nAll the {len(results)} fits of this round failed; their scores are set "
                f"to {error_score} and BayesSearchCV goes on with the next round.\n"
                "Last line of each distinct error:\n" + "\n".join(errors),
                FitFailedWarning, stacklevel=2)
            return None
        return original(results, error_score)

    warn_or_raise_about_fit_failures._hpt_guard = True
    warn_or_raise_about_fit_failures.__wrapped__ = original
    _sk_search._warn_or_raise_about_fit_failures = warn_or_raise_about_fit_failures
    return True


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
    search_spaces : dict or hpt_helpers.space.Space
        Parameter name -> dimension: :class:`~hpt_helpers.space.Real`,
        :class:`~hpt_helpers.space.Integer`, :class:`~hpt_helpers.space.Categorical`,
        a list of options (a categorical), or a frozen ``scipy.stats`` ``uniform``,
        ``loguniform`` or ``randint`` distribution (its support becomes the bounds;
        Bayesian optimisation needs bounds, not a distribution's shape).
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
    refit : bool or str, default=True
        Refit the best candidate on the whole data; with several metrics, the name of
        the metric the search maximises.
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
        Score given to a fit that fails. With ``np.nan`` the search goes on, even when
        every fit of a round fails: the candidate keeps its NaN scores in
        ``cv_results_``, and the optimizer's surrogate sees it at the worst score of the
        search (see ``optimizer_``). A search in which every candidate failed raises
        ``ValueError``.
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
        its surrogate sees such a candidate at the worst loss of the search, so it
        learns to avoid failing regions; pass ``optimizer_kwargs={"failures":
        "ignore"}`` to leave failures out instead).
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
    def fit(self, X, y=None, **params):
        """Run the search: ``n_iter`` candidates, each cross-validated, then refit.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), optional
        **params : dict
            Passed on as in scikit-learn's searches (fit parameters, ``groups``).

        Returns
        -------
        self : BayesSearchCV
        """
        space, n_iter = self._check_search_parameters()
        guarded = _install_failure_guard()
        _GUARD.depth = getattr(_GUARD, "depth", 0) + 1
        # Read by _run_search, which BaseSearchCV.fit calls with one argument only. The
        # checked splitter is BaseSearchCV's own (scikit-learn >= 1.9 keeps it as
        # _checked_cv_orig; older versions only as a local), made the same way here.
        checked_cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        self._search_setup = (space, n_iter, guarded, checked_cv)
        try:
            super().fit(X, y, **params)
        finally:
            _GUARD.depth -= 1
            self.__dict__.pop("_search_setup", None)
        target = self.cv_results_[self._target_key(self.cv_results_)]
        n_bad = int(np.sum(~np.isfinite(target)))
        if n_bad:
            warnings.warn(f"{n_bad} of the {len(target)} candidates have non-finite mean "
                          "test scores (a fit or a scoring failed); they rank last in "
                          "cv_results_.", UserWarning, stacklevel=2)
        return self

    def _check_search_parameters(self):
        """Check the parameters BaseSearchCV does not know; return ``(space, n_iter)``."""
        from hpt_helpers.space import Space, as_space

        if not isinstance(self.search_spaces, (Mapping, Space)):
            raise TypeError(
                "search_spaces must be a dict of parameter name -> dimension (Real, "
                "Integer, Categorical, a list of options or a scipy.stats distribution) "
                f"or a Space; got {type(self.search_spaces).__name__}: "
                f"{self.search_spaces!r:.80}")
        if len(self.search_spaces) == 0:
            raise ValueError("search_spaces must name at least one parameter; got an "
                             "empty mapping.")
        space = as_space(self.search_spaces)
        known = self.estimator.get_params(deep=True)
        unknown = [name for name in space.names if name not in known]
        if unknown:
            raise ValueError(
                f"search_spaces names parameters {unknown} that "
                f"{type(self.estimator).__name__} does not have; allowed: "
                f"{sorted(known)!r:.300}")
        n_iter = check_int("n_iter", self.n_iter, low=1)
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
        if isinstance(self.scoring, (list, tuple, set, Mapping)) and not isinstance(
                self.refit, str):
            raise ValueError(
                "With several metrics in scoring, refit must be the name of the metric "
                f"BayesSearchCV maximises (one of {sorted(self._metric_names())}); "
                f"got refit={self.refit!r}.")
        return space, n_iter

    def _metric_names(self):
        scoring = self.scoring
        return list(scoring) if not isinstance(scoring, Mapping) else list(scoring.keys())

    def _make_optimizer(self, space, n_iter):
        from hpt_helpers.optimizer import BayesianOptimizer, default_initial_points

        n_initial = self.n_initial_points
        if n_initial is None:
            n_initial = default_initial_points(space)
        return BayesianOptimizer(space, n_initial_points=min(n_initial, n_iter),
                                 acquisition=self.acquisition,
                                 random_state=self.random_state,
                                 **dict(self.optimizer_kwargs or {}))

    def _target_key(self, results) -> str:
        """The cv_results_ key of the mean validation score the search maximises."""
        if "mean_test_score" in results:
            return "mean_test_score"
        if isinstance(self.refit, str) and f"mean_test_{self.refit}" in results:
            return f"mean_test_{self.refit}"
        names = sorted(k[len("mean_test_"):] for k in results if k.startswith("mean_test_"))
        raise ValueError("scoring returned several metrics; refit must be the name of the "
                         f"one BayesSearchCV maximises (one of {names}); got "
                         f"refit={self.refit!r}.")

    # -- the search itself ---------------------------------------------------------
    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        """Ask, cross-validate, tell, in rounds of ``n_points`` candidates.

        ``callback_ctx`` is scikit-learn's callback context (scikit-learn >= 1.9 passes
        it; older versions call this method with ``evaluate_candidates`` only).
        """
        setup = getattr(self, "_search_setup", None)
        if setup is None:  # called by something other than our fit
            setup = (*self._check_search_parameters(), _install_failure_guard(),
                     self._checked_cv_orig)
        space, n_iter, guarded, checked_cv = setup
        optimizer = self._make_optimizer(space, n_iter)
        # The same folds for every round, even for a shuffling splitter without a seed.
        cv = _FrozenSplits(checked_cv)
        # The initial design does not depend on any score: it is cross-validated in one
        # round (more fits in flight for the workers, fewer rounds to wait on).
        first = min(n_iter, max(self.n_points, optimizer.n_design_left))
        n_rounds = 1 + math.ceil((n_iter - first) / self.n_points)
        search_ctx = None
        if callback_ctx is not None:
            search_ctx = callback_ctx.subcontext(
                task_name="search", max_subtasks=n_rounds).call_on_fit_task_begin(
                estimator=self)
        bar = self._progress_bar(n_iter)
        results, done, optimizer_time = {}, 0, 0.0
        try:
            while done < n_iter:
                start = time.perf_counter()
                size = first if done == 0 else self.n_points
                batch = optimizer.ask(min(size, n_iter - done))
                optimizer_time += time.perf_counter() - start
                round_ctx = None
                if search_ctx is not None:
                    round_ctx = search_ctx.subcontext(
                        task_name="bayes-round", max_subtasks=len(batch) * self.n_splits_,
                        sequential_subtasks=False).call_on_fit_task_begin(estimator=self)
                results = self._evaluate_round(evaluate_candidates, batch, cv, guarded,
                                                round_ctx)
                if round_ctx is not None:
                    round_ctx.call_on_fit_task_end(estimator=self)
                key = self._target_key(results)
                scores = np.asarray(results[key][-len(batch):], dtype=float)
                start = time.perf_counter()
                # Losses (negated scores); a failed candidate is told as NaN, and the
                # optimizer's surrogate sees it at the worst loss so far (failures="worst"),
                # so a failing option is not proposed again and again.
                optimizer.tell(list(batch), list(-scores))
                optimizer_time += time.perf_counter() - start
                done += len(batch)
                if bar is not None:
                    bar.update(len(batch))
                    if np.isfinite(results[key]).any():
                        bar.set_postfix(best=f"{np.nanmax(results[key]):.4g}")
        finally:
            if bar is not None:
                bar.close()
        if search_ctx is not None:
            search_ctx.call_on_fit_task_end(estimator=self)
        self.optimizer_ = optimizer
        self.optimizer_time_ = optimizer_time
        target = np.asarray(results[self._target_key(results)], dtype=float)
        if not np.isfinite(target).any() and self.error_score != "raise" and np.isnan(
                self.error_score):
            raise ValueError(
                f"All the {n_iter} candidates failed on every fold (their scores are "
                "NaN); the model is probably misconfigured. Set error_score='raise' to see "
                "the first error.")

    def _evaluate_round(self, evaluate_candidates, batch, cv, guarded, round_ctx):
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
        except ValueError as exc:
            if not guarded and "fits failed" in str(exc):
                raise ValueError(
                    "Every fit of one round failed and this scikit-learn version offers "
                    "no way to record the round and go on; set error_score='raise' to "
                    "see the error.") from exc
            raise
        finally:
            self.verbose = verbose

    def _progress_bar(self, total):
        if not self.verbose:
            return None
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=type(self).__name__, unit="candidate")
