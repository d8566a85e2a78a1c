"""Create a new lesson notebook with the standard header, sections and exercises."""

from __future__ import annotations

import re
from pathlib import Path

from hpt_helpers.course.notebooks import write_notebook

__all__ = ["new_lesson"]


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {},
            "source": text.strip("\n").splitlines(keepends=True)}


def _code(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": text.strip("\n").splitlines(keepends=True)}


def new_lesson(root: Path, number: str, slug: str, title: str) -> Path:
    """Write ``notebooks/NN_slug.ipynb`` from the lesson template and return its path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()); (tmp / "notebooks").mkdir()
    >>> new_lesson(tmp, "11", "early_stopping", "Early stopping").name
    '11_early_stopping.ipynb'
    """
    if not re.fullmatch(r"\d\d", number):
        raise ValueError(f"number must be two digits such as '11'; got {number!r}")
    if not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", slug):
        raise ValueError(f"slug must be snake_case (a-z, 0-9, _); got {slug!r}")
    path = Path(root) / "notebooks" / f"{number}_{slug}.ipynb"
    if path.exists():
        raise FileExistsError(f"{path} exists already")
    cells = [
        _md(f"""
# {number} · {title}

> One line saying what this lesson is for.

<!-- nav:top:start -->
<!-- nav:top:end -->

**Widgets:** name the widgets here

**You will learn**
- ...
"""),
        _code("""
# Setup: the course's plot style, library versions, and one seed for everything random.
import matplotlib.pyplot as plt
import numpy as np

from hpt_helpers.notebook import setup_notebook

SEED = 0
setup_notebook()
"""),
        _md("## 1. First idea\n\n"
            "Short prose, then code, then a figure and one sentence on what to see."),
        _code("# the lesson's code"),
        _md("## Try it\n\nWhat to do with the widget and what to look for."),
        _code("# explorer = ...\n# explorer"),
        _md("## Exercises"),
        _code(f"from hpt_helpers.exercises import lesson{number} as ex"),
        _md("**Q1.** The question."),
        _code("answer = ...  # your answer here\nex.q1.check(answer)"),
        _code("# ex.q1.hint()\n# ex.q1.solution()"),
        _md("## Summary\n\n- ...\n\n<!-- nav:bottom:start -->\n<!-- nav:bottom:end -->"),
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                           "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"{slug[:20]}-{i:02d}"
    write_notebook(path, nb)
    return path
