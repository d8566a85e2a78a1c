"""A lesson's kernel: one call to prepare it, and :func:`claim` to check what the prose says."""

from __future__ import annotations

import platform
from importlib import metadata

__all__ = ["ClaimError", "claim", "setup_notebook", "versions"]

_SHOWN = ("numpy", "scipy", "scikit-learn", "matplotlib", "ipywidgets", "hpt-helpers")


def versions() -> dict[str, str]:
    """Versions of Python and the libraries the course stands on.

    Examples
    --------
    >>> "scikit-learn" in versions()
    True
    """
    out = {"python": platform.python_version()}
    for name in _SHOWN:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def setup_notebook(*, show_versions: bool = True, blas_threads: int | None = 1,
                   openmp_threads: int | None = 1) -> None:
    """Apply the course's plot style, cap BLAS and OpenMP threads, print the versions.

    Call it once in a lesson's setup cell. Seeds are *not* set here: every lesson seeds
    its own random things visibly, with ``SEED``.

    Parameters
    ----------
    show_versions : bool
        Print Python's and the main libraries' versions.
    blas_threads : int or None
        Threads the BLAS library (numpy's and scikit-learn's matrix products) may use.
        The course's models are small: there, extra BLAS threads only add start-up and
        contention costs (measured 10-100x slower on a busy 2-core machine), and they fight
        with ``n_jobs`` workers. ``None`` leaves the library's default.
    openmp_threads : int or None
        Threads scikit-learn's OpenMP loops (nearest neighbours, histogram gradient
        boosting, k-means) may use. One thread keeps them from competing with ``n_jobs``
        workers for the cores, and a lesson's timings from depending on how many cores
        the machine has; ``None`` leaves the default (one thread per core).

    Raises
    ------
    TypeError, ValueError
        If a thread count is not an integer >= 1 (or None); nothing is changed then.

    Examples
    --------
    >>> setup_notebook(show_versions=False, blas_threads=None, openmp_threads=None)
    >>> setup_notebook(show_versions=False, openmp_threads=0)
    Traceback (most recent call last):
    ...
    ValueError: openmp_threads must be an integer >= 1; got 0.
    """
    from threadpoolctl import threadpool_limits

    from hpt_helpers.plots.style import apply_style
    from hpt_helpers.validation import check_int

    limits = {api: check_int(name, value, low=1)
              for api, name, value in (("blas", "blas_threads", blas_threads),
                                       ("openmp", "openmp_threads", openmp_threads))
              if value is not None}
    apply_style()
    for api, limit in limits.items():
        threadpool_limits(limits=limit, user_api=api)
    if show_versions:
        print(", ".join(f"{k} {v}" for k, v in versions().items()))


class ClaimError(AssertionError):
    """A sentence of the lesson is not true of this run's results."""


def claim(condition, statement: str, *, evidence: str | None = None) -> None:
    """Check a sentence the lesson makes about its own results, and say it was checked.

    Put the call in the cell that computes the evidence, on the quantity the sentence
    names. When ``condition`` holds it prints one line, ``checked: <statement>``, so the
    learner sees which sentences this run has just verified; when it does not, it raises
    :class:`ClaimError` naming the sentence, so ``make test`` fails the lesson instead of
    letting its prose drift from its numbers.

    Parameters
    ----------
    condition : bool or array-like of bool
        What must be true for the sentence to hold (an array must be true everywhere).
        Give noisy comparisons a margin that other seeds would also pass.
    statement : str
        The sentence, as the lesson's prose says it (without a trailing full stop).
    evidence : str, optional
        The measured numbers behind it, e.g. ``"17 of 20 seeds"``; printed in brackets
        after the statement, or with the error.

    Examples
    --------
    >>> scores = {"small batch": 0.91, "large batch": 0.88}
    >>> claim(scores["small batch"] > scores["large batch"],
    ...       "the small batch scores higher", evidence="0.91 vs 0.88")
    checked: the small batch scores higher (0.91 vs 0.88)
    >>> claim(1 > 2, "one exceeds two")
    Traceback (most recent call last):
    ...
    hpt_helpers.notebook.ClaimError: claim failed: one exceeds two
    """
    import numpy as np

    if not isinstance(statement, str) or not statement.strip():
        raise TypeError(f"statement must be a non-empty sentence, got {statement!r}")
    holds = bool(np.all(np.asarray(condition, dtype=bool)))
    suffix = f" ({evidence})" if evidence else ""
    if not holds:
        raise ClaimError(f"claim failed: {statement}{suffix}")
    print(f"checked: {statement}{suffix}")
