"""The BO explorer in a real browser: slider, acquisition dropdown and "next step" button.

A scratch notebook shows ``bo_explorer("forrester")`` in JupyterLab (own server on a
temporary folder, system Chromium). After run-all: moving the iteration slider, changing
the acquisition and pressing "next step" must each give a new picture, and no cell may
show an error.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
import pytest

from .harness import (
    JupyterLab,
    chromium_page,
    live_images,
    page_errors,
    press_slider,
    wait_for_new_image,
)

pytestmark = pytest.mark.browser

CODE = ("from hpt_helpers.widgets.bo import bo_explorer\n"
        "explorer = bo_explorer('forrester', n_steps=8)\n"
        "explorer")


@pytest.fixture(scope="module")
def explorer_page(chromium_path):
    with tempfile.TemporaryDirectory(prefix="hpt-bo-browser-") as tmp:
        folder = Path(tmp) / "notebooks"
        folder.mkdir()
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# BO explorer (scratch)"),
                    nbformat.v4.new_code_cell(CODE)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / "bo_explorer.ipynb")
        with JupyterLab(folder) as lab, chromium_page(chromium_path) as page:
            lab.open(page, "bo_explorer.ipynb")
            lab.run_all(page)
            page.wait_for_selector("img.hpt-live-figure, .hpt-live-figure img",
                                   timeout=60_000)
            yield lab, page
            lab.shutdown_kernels()


def test_slider_dropdown_and_button_each_redraw(explorer_page):
    lab, page = explorer_page
    assert page_errors(page) == [], "the explorer's cell shows an error"
    before = live_images(page)
    assert len(before) == 1

    press_slider(page, 0, "ArrowRight")
    after_slider = wait_for_new_image(page, before, timeout=30)
    lab.wait_idle()

    page.locator(".widget-dropdown select").first.select_option(label="confidence bound (ucb)")
    after_dropdown = wait_for_new_image(page, after_slider, timeout=30)
    lab.wait_idle()

    page.get_by_role("button", name="next step").click()
    after_button = wait_for_new_image(page, after_dropdown, timeout=30)
    lab.wait_idle()

    assert len({before[0], after_slider[0], after_dropdown[0], after_button[0]}) == 4
    assert page_errors(page) == [], "an error appeared while using the explorer"
