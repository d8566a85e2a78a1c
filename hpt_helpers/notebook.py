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


def setup_notebook(*, show_versions: bool = True) -> None:
    """Apply the course's plot style and print the library versions.

    Call it once in a lesson's setup cell. Seeds are *not* set here: every lesson seeds
    its own random things visibly, with ``SEED``.

    Examples
    --------
    >>> setup_notebook(show_versions=False)
    """
    from hpt_helpers.plots.style import apply_style

    apply_style()
    if show_versions:
        print(", ".join(f"{k} {v}" for k, v in versions().items()))
