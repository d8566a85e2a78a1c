"""Checks that every notebook follows the course's conventions.

Used by ``python -m hpt_helpers.course check`` and by the test suite.
"""

from __future__ import annotations

from pathlib import Path

from hpt_helpers.course.notebooks import (
    NAME_RE,
    cell_text,
    is_checked,
    parse_header,
    read_notebook,
)

__all__ = ["notebook_problems", "strip_outputs"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
REQUIRED_HEADER = ("**You will learn**", "<!-- nav:top:start -->")


def strip_outputs(nb: dict) -> dict:
    """Prepare a notebook for committing.

    Removes outputs and execution counts (except from ``# NBVAL_CHECK_OUTPUT`` cells) and
    saved widget state, drops authoring-tool metadata, and sets the ``python3`` kernel.
    """
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)  # timings written by nbclient
        if cell.get("cell_type") != "code" or is_checked(cell):
            continue
        cell["outputs"] = []
        cell["execution_count"] = None
    metadata = nb.setdefault("metadata", {})
    metadata.pop("widgets", None)
    metadata.pop("jupytext", None)
    metadata["kernelspec"] = dict(KERNELSPEC)
    metadata.setdefault("language_info", {"name": "python"})
    return nb


def notebook_problems(path: Path) -> list[str]:
    """Everything wrong with one notebook, as readable sentences (empty when fine)."""
    path = Path(path)
    problems: list[str] = []
    if not NAME_RE.match(path.name):
        return [f"{path.name}: name must look like NN_snake_case_title.ipynb"]
    nb = read_notebook(path)
    try:
        parse_header(path, nb)
    except ValueError as exc:
        problems.append(str(exc))
    cells = nb.get("cells", [])
    header = cell_text(cells[0]) if cells else ""
    for needed in REQUIRED_HEADER:
        if needed not in header:
            problems.append(f"{path.name}: header cell lacks {needed!r}")
    if not any("<!-- nav:bottom:start -->" in cell_text(c) for c in cells[-2:]):
        problems.append(f"{path.name}: one of the last two cells must hold the bottom navigation")
    for i, cell in enumerate(cells):
        if cell.get("cell_type") == "code" and "NBVAL_CHECK_OUTPUT" in cell_text(cell) \
                and not is_checked(cell):
            problems.append(f"{path.name}: cell {i} mentions NBVAL_CHECK_OUTPUT, but nbval only "
                            "obeys a comment line that is exactly '# NBVAL_CHECK_OUTPUT'")
        if is_checked(cell) and not cell.get("outputs"):
            problems.append(f"{path.name}: cell {i} is marked # NBVAL_CHECK_OUTPUT but has no "
                            "stored output (run `python -m hpt_helpers.course outputs NB`)")
        if cell.get("cell_type") != "code" or is_checked(cell):
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{path.name}: cell {i} is committed with outputs "
                            "(run `python -m hpt_helpers.course strip`)")
    if "widgets" in nb.get("metadata", {}):
        problems.append(f"{path.name}: saved widget state in metadata (strip it)")
    if nb.get("metadata", {}).get("kernelspec", {}).get("name") != "python3":
        problems.append(f"{path.name}: kernelspec must be python3 (run `... strip`)")
    if not path.name.startswith("00_"):
        text = "\n".join(cell_text(c) for c in cells)
        for needed in ("## Exercises", ".check(", ".hint()", ".solution()", "## Summary"):
            if needed not in text:
                problems.append(f"{path.name}: lesson lacks {needed!r}")
    return problems
