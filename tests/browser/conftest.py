"""Fixtures for the real-browser test: one JupyterLab server and one Chromium page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .harness import JupyterLab, chromium_page, find_chromium

ROOT = Path(__file__).resolve().parents[2]
HOW_TO = ("install Debian's Chromium (`sudo apt-get install chromium`) or set HPT_CHROMIUM "
          "to a Chromium binary; then `make browser`")


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but no Chromium was found: {HOW_TO}")
        pytest.skip(f"real-browser test skipped, Chromium not found: {HOW_TO}")
    return path


@pytest.fixture(scope="session")
def lab(chromium_path):
    with JupyterLab(ROOT / "notebooks") as server:
        yield server


@pytest.fixture(scope="session")
def page(lab, chromium_path):
    with chromium_page(chromium_path) as p:
        yield p
