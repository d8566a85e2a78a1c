"""Generate ``environment.yml`` (conda-forge, for Binder and conda users) from
``pyproject.toml``, the single source of truth for dependencies.

The environment holds the runtime dependencies plus the ``lab`` and ``parallel``
extras: what a learner needs to open and run every lesson. ``postBuild`` then installs
the package itself (repo2docker ignores ``pyproject.toml`` when ``environment.yml``
exists).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["EXTRAS", "render_environment"]

EXTRAS = ("lab", "parallel")
# PyPI name -> conda-forge name, where they differ.
CONDA_NAMES: dict[str, str] = {}
REQ_RE = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*?)\s*(;.*)?$")


def _conda_spec(requirement: str, self_name: str) -> str | None:
    m = REQ_RE.match(requirement)
    if not m:
        raise ValueError(f"cannot translate requirement {requirement!r} for conda")
    name, _extras, version, marker = m.groups()
    if name.lower().replace("_", "-") == self_name:
        return None
    if marker:
        raise ValueError(f"requirement {requirement!r} has an environment marker; "
                         "conda cannot express it, so keep runtime requirements unmarked")
    name = CONDA_NAMES.get(name.lower(), name.lower())
    return f"{name}{version.replace(' ', '')}"


def render_environment(root: Path) -> str:
    """The text ``environment.yml`` must have, given ``pyproject.toml``.

    Examples
    --------
    >>> from hpt_helpers.course.notebooks import find_root
    >>> "- scikit-learn" in render_environment(find_root())
    True
    """
    config = tomllib.loads((Path(root) / "pyproject.toml").read_text(encoding="utf-8"))
    project = config["project"]
    self_name = project["name"].lower()
    python = config.get("tool", {}).get("hpt", {}).get("conda_python", "3.11")
    reqs = list(project["dependencies"])
    for extra in EXTRAS:
        reqs += project["optional-dependencies"][extra]
    specs = sorted({s for r in reqs if (s := _conda_spec(r, self_name))})
    lines = [
        "# GENERATED from pyproject.toml by `python -m hpt_helpers.course env`; do not edit.",
        "# Binder (repo2docker) and conda users: conda env create -f environment.yml",
        "name: hpt",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        *[f"  - {s}" for s in specs],
    ]
    return "\n".join(lines) + "\n"
