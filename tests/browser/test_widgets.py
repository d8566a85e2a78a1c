"""The real-browser test: every notebook runs in JupyterLab and its first explorer reacts.

For each notebook: open it, run all cells, check that no cell shows an error, press
ArrowRight on the first slider on the page, wait until a live figure shows a new image,
and check again that nothing shows an error. The kernel is shut down after each
notebook. Lesson-specific interactions (buttons, dropdowns) have their own tests below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import live_images, page_errors, press_slider, wait_for_new_image

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

pytestmark = pytest.mark.browser


@pytest.fixture
def opened(lab, page, request):
    name = request.param
    lab.open(page, name)
    lab.run_all(page)
    yield page
    lab.shutdown_kernels()


@pytest.mark.parametrize("opened", NOTEBOOKS, indirect=True)
def test_notebook_runs_and_first_slider_redraws(opened, lab):
    page = opened
    assert page_errors(page) == [], "a cell shows an error after run-all"
    before = live_images(page)
    assert before, "no live figure (class hpt-live-figure) on the page"
    assert page.locator(".widget-slider .noUi-handle").count() > 0, "no slider on the page"
    press_slider(page, 0)
    after = wait_for_new_image(page, before, timeout=30)
    assert after != before
    lab.wait_idle()
    assert page_errors(page) == [], "a cell shows an error after moving the slider"
