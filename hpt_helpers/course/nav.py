"""Generated navigation: Binder badge, prev/index/next links and the course map.

Generated text sits between HTML-comment markers, so it can live inside hand-written
cells and be rewritten in place:

* ``<!-- nav:top:start -->`` ... ``<!-- nav:top:end -->``: Binder badge and links;
* ``<!-- nav:bottom:start -->`` ... ``<!-- nav:bottom:end -->``: links only;
* ``<!-- course-map:start -->`` ... ``<!-- course-map:end -->``: the table of lessons
  (in ``00_index.ipynb`` and ``README.md``).
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

__all__ = ["binder_url", "course_map", "nav_block", "update_course", "stale_files"]

INDEX = "00_index.ipynb"
BADGE = "https://mybinder.org/badge_logo.svg"


def _marker_re(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)


def binder_repo(root: Path) -> str:
    """The ``owner/repo`` the Binder badges point at (``[tool.hpt] binder_repo``)."""
    config = tomllib.loads((Path(root) / "pyproject.toml").read_text(encoding="utf-8"))
    return config.get("tool", {}).get("hpt", {}).get("binder_repo", "OWNER/REPO")


def binder_url(repo: str, notebook: str) -> str:
    """Binder launch URL opening ``notebooks/<notebook>`` in JupyterLab.

    Examples
    --------
    >>> binder_url("me/hpt", "00_index.ipynb")
    'https://mybinder.org/v2/gh/me/hpt/HEAD?urlpath=lab/tree/notebooks/00_index.ipynb'
    """
    return f"https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/notebooks/{notebook}"


def nav_block(course: list[Lesson], i: int, repo: str, *, top: bool) -> str:
    """The markdown of the navigation line for lesson ``i``."""
    me = course[i]
    parts = []
    if top:
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
        out[readme] = text
    return out


def stale_files(root: Path) -> list[Path]:
    """Files whose generated parts are out of date."""
    return [p for p, text in _rendered(root).items()
            if p.read_text(encoding="utf-8") != text]


def update_course(root: Path) -> list[Path]:
    """Rewrite the generated parts everywhere; return the files that changed."""
    changed = []
    for path, text in _rendered(root).items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed

