"""One call to prepare a lesson's kernel: plot style, inline figures, versions shown."""

from __future__ import annotations

import platform
from importlib import metadata

__all__ = ["setup_notebook", "versions"]

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


def setup_notebook(*, show_versions: bool = True, blas_threads: int | None = 1) -> None:
    """Apply the course's plot style, cap BLAS threads and print the library versions.

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

    Examples
    --------
    >>> setup_notebook(show_versions=False, blas_threads=None)
    """
    from hpt_helpers.plots.style import apply_style

    apply_style()
    if blas_threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=blas_threads, user_api="blas")
    if show_versions:
        print(", ".join(f"{k} {v}" for k, v in versions().items()))
