"""Generated navigation: Binder badge, prev/index/next links and the course map.

Generated text sits between HTML-comment markers, so it can live inside hand-written
cells and be rewritten in place:

* ``<!-- nav:top:start -->`` ... ``<!-- nav:top:end -->``: Binder badge and links;
* ``<!-- nav:bottom:start -->`` ... ``<!-- nav:bottom:end -->``: links only;
* ``<!-- course-map:start -->`` ... ``<!-- course-map:end -->``: the table of lessons
  (in ``00_index.ipynb`` and ``README.md``);
* ``<!-- binder:start -->`` ... ``<!-- binder:end -->``: how to launch the course on
  Binder (in ``00_index.ipynb`` and ``README.md``).

Binder links are generated only once ``[tool.hpt] binder_repo`` in ``pyproject.toml``
names a real ``owner/repo``: while it holds the ``OWNER/REPO`` placeholder, no badge is
generated (a dead link helps no learner) and the Binder paragraph says the course is not
published yet.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hpt_helpers.course.notebooks import (
    Lesson,
    cell_text,
    lessons,
    read_notebook,
    set_cell_text,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["binder_block", "binder_repo", "binder_url", "course_map", "dead_binder_links",
           "nav_block", "update_course", "stale_files"]

INDEX = "00_index.ipynb"
BADGE = "https://mybinder.org/badge_logo.svg"
PLACEHOLDER = "OWNER/REPO"
_REPO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PLACEHOLDER_LINK = re.compile(r"mybinder\.org/v2/gh/OWNER/REPO")


def _marker_re(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)


def configured_repo(value: str | None) -> str | None:
    """``value`` if it names a real GitHub ``owner/repo``, else None.

    Examples
    --------
    >>> configured_repo("me/hpt"), configured_repo("OWNER/REPO"), configured_repo("")
    ('me/hpt', None, None)
    """
    value = (value or "").strip()
    if value == PLACEHOLDER or not _REPO_RE.match(value):
        return None
    return value


def binder_repo(root: Path) -> str | None:
    """The ``owner/repo`` the Binder badges point at, or None while unpublished.

    Read from ``[tool.hpt] binder_repo``; the ``OWNER/REPO`` placeholder, an empty value
    or a missing key all mean "not published yet".
    """
    config = tomllib.loads((Path(root) / "pyproject.toml").read_text(encoding="utf-8"))
    return configured_repo(config.get("tool", {}).get("hpt", {}).get("binder_repo"))


def binder_url(repo: str, notebook: str) -> str:
    """Binder launch URL opening ``notebooks/<notebook>`` in JupyterLab.

    Examples
    --------
    >>> binder_url("me/hpt", "00_index.ipynb")
    'https://mybinder.org/v2/gh/me/hpt/HEAD?urlpath=lab/tree/notebooks/00_index.ipynb'
    """
    return f"https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/notebooks/{notebook}"


def binder_block(repo: str | None, notebook: str = INDEX) -> str:
    """The Binder paragraph of the index and the README (``<!-- binder -->`` markers).

    Examples
    --------
    >>> print(binder_block(None), end="")  # doctest: +ELLIPSIS
    **Binder: not published yet.** ...
    >>> "mybinder.org/v2/gh/me/hpt/" in binder_block("me/hpt")
    True
    """
    if repo is None:
        return ("**Binder: not published yet.** The course has no public repository to "
                "launch from yet, so there is no Binder link; run it on your machine or "
                "with conda.\n")
    return (f"**Binder:** [![Launch on Binder]({BADGE})]({binder_url(repo, notebook)}) "
            "runs the course in your browser with nothing to install (on a shared "
            "machine, slower than your own).\n")


def nav_block(course: list[Lesson], i: int, repo: str | None, *, top: bool) -> str:
    """The markdown of the navigation line for lesson ``i`` (no badge if ``repo`` is None)."""
    me = course[i]
    parts = []
    if top and repo is not None:
        parts.append(f"[![Launch on Binder]({BADGE})]({binder_url(repo, me.filename)})")
    if i > 0:
        prev = course[i - 1]
        parts.append(f"[← {prev.label}]({prev.filename})")
    if me.filename != INDEX and (i == 0 or course[i - 1].filename != INDEX):
        parts.append(f"[Course index]({INDEX})")
    if i + 1 < len(course):
        nxt = course[i + 1]
        parts.append(f"[{nxt.label} →]({nxt.filename})")
    return " · ".join(parts) + "\n"


def course_map(course: list[Lesson], *, prefix: str = "") -> str:
    """The course map as a markdown table, linking with ``prefix`` before each file."""
    rows = ["| # | Lesson | What it is for | Widgets |", "| --- | --- | --- | --- |"]
    for lesson in course:
        rows.append(f"| {lesson.number} | [{lesson.title}]({prefix}{lesson.filename}) | "
                    f"{lesson.purpose} | {lesson.widgets} |")
    return "\n".join(rows) + "\n"


def _replace(text: str, name: str, body: str) -> str:
    return _marker_re(name).sub(lambda m: m.group(1) + body + m.group(3), text)


def _updated_notebook(nb: dict, course: list[Lesson], i: int, repo: str) -> dict:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = cell_text(cell)
        new = _replace(text, "nav:top", nav_block(course, i, repo, top=True))
        new = _replace(new, "nav:bottom", nav_block(course, i, repo, top=False))
        if course[i].filename == INDEX:
            new = _replace(new, "course-map", course_map(course))
            new = _replace(new, "binder", binder_block(repo))
        if new != text:
            set_cell_text(cell, new)
    return nb


def _rendered(root: Path) -> dict[Path, str]:
    """Every generated file's wanted text, keyed by path."""
    import json

    course = lessons(root)
    repo = binder_repo(root)
    out: dict[Path, str] = {}
    for i, lesson in enumerate(course):
        nb = _updated_notebook(read_notebook(lesson.path), course, i, repo)
        out[lesson.path] = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    readme = Path(root) / "README.md"
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        text = _replace(text, "course-map", course_map(course, prefix="notebooks/"))
        text = _replace(text, "binder", binder_block(repo))
        out[readme] = text
    return out


def stale_files(root: Path) -> list[Path]:
    """Files whose generated parts are out of date."""
    return [p for p, text in _rendered(root).items()
            if p.read_text(encoding="utf-8") != text]


def dead_binder_links(root: Path) -> list[str]:
    """Notebooks and README files that link to Binder with the placeholder repository."""
    root = Path(root)
    files = sorted((root / "notebooks").glob("*.ipynb")) + [root / "README.md"]
    return [f"{p.relative_to(root)}: links to Binder with the {PLACEHOLDER} placeholder "
            "(a dead link; let `python -m hpt_helpers.course nav` generate Binder links)"
            for p in files if p.exists() and _PLACEHOLDER_LINK.search(p.read_text("utf-8"))]


def update_course(root: Path) -> list[Path]:
    """Rewrite the generated parts everywhere; return the files that changed."""
    changed = []
    for path, text in _rendered(root).items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed

