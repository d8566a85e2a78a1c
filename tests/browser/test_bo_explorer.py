"""The BO explorer in a real browser: slider, knobs, "next step", a replay, a click.

Two settings, each after run-all: a scratch notebook that shows only
``bo_explorer("forrester")`` (own server on a temporary folder), and lesson 08 itself
(the session's server on ``notebooks/``), where the explorer's iteration slider must be
the first slider on the page. Moving the iteration slider, changing the acquisition and
pressing "next step" (and, in the scratch notebook, turning kappa, replaying the search
after a run setting changed, and clicking on the picture) must each give the explorer a
new picture, and no cell may show an error.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nbformat
import pytest

from .harness import (
    JupyterLab,
    live_images,
    page_errors,
    press_slider,
    wait_for_new_image,
)

pytestmark = pytest.mark.browser

CODE = ("from hpt_helpers.widgets.bo import bo_explorer\n"
        "explorer = bo_explorer('forrester', n_steps=8)\n"
        "explorer")


@pytest.fixture
def explorer_page(page):
    # the session's Chromium page (one sync Playwright per process), our own server
    with tempfile.TemporaryDirectory(prefix="hpt-bo-browser-") as tmp:
        folder = Path(tmp) / "notebooks"
        folder.mkdir()
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# BO explorer (scratch)"),
                    nbformat.v4.new_code_cell(CODE)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / "bo_explorer.ipynb")
        with JupyterLab(folder) as lab:
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

    # a knob on the current step: kappa (enabled now that the acquisition is UCB)
    kappa = page.locator(".widget-slider").filter(has_text="kappa").first
    kappa.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    after_knob = wait_for_new_image(page, after_dropdown, timeout=30)
    lab.wait_idle()

    page.get_by_role("button", name="next step").click()
    after_button = wait_for_new_image(page, after_knob, timeout=30)
    lab.wait_idle()

    # a run setting waits for the replay; the replay re-runs the search with it
    initial = page.locator(".widget-slider").filter(has_text="initial points").first
    initial.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    lab.wait_idle()
    page.get_by_role("button", name="replay the search with these settings").click()
    after_replay = wait_for_new_image(page, after_button, timeout=60)
    lab.wait_idle()

    # a click on the posterior panel evaluates that x next (ipyevents): a new picture
    image = page.locator("img.hpt-live-figure, .hpt-live-figure img").first
    box = image.bounding_box()
    image.click(position={"x": 0.35 * box["width"], "y": 0.3 * box["height"]})
    after_click = wait_for_new_image(page, after_replay, timeout=30)
    lab.wait_idle()

    assert len({before[0], after_slider[0], after_dropdown[0], after_knob[0], after_button[0],
                after_replay[0], after_click[0]}) == 7
    assert page_errors(page) == [], "an error appeared while using the explorer"


# -- the explorer inside lesson 08, as a learner meets it ---------------------------------

LESSON = "08_bayesian_optimization.ipynb"


@pytest.fixture(scope="module")
def lesson_page(lab, page):
    lab.open(page, LESSON)
    lab.run_all(page)
    page.wait_for_selector(".hpt-live-figure img, img.hpt-live-figure", timeout=60_000)
    yield page
    lab.shutdown_kernels()


def _first_changed(before: list[str], after: list[str]) -> bool:
    """The 1-D explorer (the lesson's first live figure) shows a new picture."""
    return bool(before) and bool(after) and before[0] != after[0]


def test_lesson_explorer_slider_dropdown_and_button_each_redraw(lesson_page, lab):
    page = lesson_page
    assert page_errors(page) == [], "a cell of lesson 08 shows an error after run-all"
    before = live_images(page)
    assert len(before) == 2, "lesson 08 shows the 1-D and the 2-D explorer"

    # the first slider on the page is the 1-D explorer's iteration slider
    first_slider = page.locator(".widget-slider").first
    assert "iteration" in first_slider.inner_text()
    press_slider(page, 0, "ArrowRight")
    after_slider = wait_for_new_image(page, before, timeout=30)
    assert _first_changed(before, after_slider)
    lab.wait_idle()

    acquisition = page.locator(".widget-dropdown").filter(has_text="acquisition").first
    acquisition.locator("select").select_option(label="confidence bound (ucb)")
    after_dropdown = wait_for_new_image(page, after_slider, timeout=30)
    assert _first_changed(after_slider, after_dropdown)
    lab.wait_idle()

    page.get_by_role("button", name="next step").first.click()
    after_button = wait_for_new_image(page, after_dropdown, timeout=30)
    assert _first_changed(after_dropdown, after_button)
    lab.wait_idle()

    assert len({before[0], after_slider[0], after_dropdown[0], after_button[0]}) == 4
    assert after_button[1] == before[1], "the 2-D explorer was not touched"
    assert page_errors(page) == [], "an error appeared while using the lesson's explorer"
