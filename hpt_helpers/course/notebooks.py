"""Reading and writing the course's notebooks, and what their headers declare.

A lesson's first cell is its header::

    # 01 · Hyperparameters and estimators

    > One line saying what the lesson is for.

    <!-- nav:top:start -->  ... generated ...  <!-- nav:top:end -->

    **Widgets:** decision-boundary explorer

    **You will learn**
    - ...

The course map is built from these headers, so a notebook's title lives in one place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Lesson", "find_root", "lessons", "read_notebook", "write_notebook", "cell_text"]

NAME_RE = re.compile(r"^(\d\d)_([a-z0-9]+(?:_[a-z0-9]+)*)\.ipynb$")
TITLE_RE = re.compile(r"^#\s+(\d\d)\s+·\s+(.+?)\s*$", re.M)
# The purpose is a block quote and the widgets a paragraph; either may wrap over several
# source lines, which are joined with single spaces.
PURPOSE_RE = re.compile(r"^>\s+(.+(?:\n>.*)*)", re.M)
WIDGETS_RE = re.compile(r"^\*\*Widgets:\*\*\s*(.+(?:\n(?!\s*$|<!--|\*\*|#).*)*)", re.M)
CHECK_OUTPUT = "# NBVAL_CHECK_OUTPUT"


def find_root(start: Path | None = None) -> Path:
    """Return the course's root folder (holding ``notebooks/`` and ``pyproject.toml``).

    Examples
    --------
    >>> (find_root() / "notebooks").is_dir()
    True
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "notebooks").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    package_root = Path(__file__).resolve().parents[2]
    if (package_root / "notebooks").is_dir():
        return package_root
    raise FileNotFoundError(
        f"No course root found from {here}: expected a folder holding notebooks/ and "
        "pyproject.toml. Run this from the hpt repository or pass --root."
    )


def read_notebook(path: Path) -> dict:
    """Load a notebook as a plain dict."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_notebook(path: Path, nb: dict) -> None:
    """Write a notebook the way JupyterLab does (1-space indent, trailing newline)."""
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def cell_text(cell: dict) -> str:
    """The source of a cell as one string."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_checked(cell: dict) -> bool:
    r"""Whether nbval compares this cell's output: a code cell with a comment line that is
    exactly ``# NBVAL_CHECK_OUTPUT`` (nbval ignores the marker with anything after it).

    Examples
    --------
    >>> is_checked({"cell_type": "code", "source": "# NBVAL_CHECK_OUTPUT\nprint(1)"})
    True
    >>> is_checked({"cell_type": "code", "source": "# NBVAL_CHECK_OUTPUT: why\nprint(1)"})
    False
    """
    if cell.get("cell_type") != "code":
        return False
    lines = (line.strip() for line in cell_text(cell).splitlines())
    return any(line.startswith("#") and "# " + line.lstrip("#").strip() == CHECK_OUTPUT
               for line in lines)


def set_cell_text(cell: dict, text: str) -> None:
    """Replace a cell's source, stored as a list of lines like Jupyter does."""
    lines = text.splitlines(keepends=True)
    cell["source"] = lines


@dataclass(frozen=True)
class Lesson:
    """What the course map needs to know about one notebook."""

    path: Path
    number: str
    title: str
    purpose: str
    widgets: str

    @property
    def filename(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        return f"{self.number} · {self.title}"


def parse_header(path: Path, nb: dict | None = None) -> Lesson:
    """Read number, title, purpose and widgets from a notebook's header cell.

    Raises
    ------
    ValueError
        If the file name or the header does not follow the conventions.
    """
    path = Path(path)
    m = NAME_RE.match(path.name)
    if not m:
        raise ValueError(f"notebook name {path.name!r} must look like NN_snake_case_title.ipynb")
    nb = nb if nb is not None else read_notebook(path)
    cells = nb.get("cells", [])
    if not cells or cells[0].get("cell_type") != "markdown":
        raise ValueError(f"{path.name}: the first cell must be the markdown header")
    header = cell_text(cells[0])
    t = TITLE_RE.search(header)
    if not t:
        raise ValueError(f"{path.name}: header must start with '# {m.group(1)} · Title'")
    if t.group(1) != m.group(1):
        raise ValueError(f"{path.name}: header number {t.group(1)} does not match the file name")
    p = PURPOSE_RE.search(header)
    if not p:
        raise ValueError(f"{path.name}: header needs a one-line purpose starting with '> '")
    w = WIDGETS_RE.search(header)
    if not w:
        raise ValueError(f"{path.name}: header needs a '**Widgets:** ...' line")
    purpose = " ".join(line.lstrip(">").strip() for line in p.group(1).splitlines())
    widgets = " ".join(line.strip() for line in w.group(1).splitlines()).rstrip(".")
    return Lesson(path, m.group(1), t.group(2), purpose.strip(), widgets.strip())


def lessons(root: Path) -> list[Lesson]:
    """All notebooks of the course, in order."""
    paths = sorted(p for p in (Path(root) / "notebooks").glob("*.ipynb")
                   if not p.name.startswith("."))
    return [parse_header(p) for p in paths]
