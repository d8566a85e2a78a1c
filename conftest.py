"""Repository-wide pytest set-up: a non-interactive matplotlib backend, and every figure
closed after each test or doctest (plot functions called with ``ax=None`` draw on
``plt.gca()``, so doctests would otherwise share Axes)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    plt.close("all")
    yield
    plt.close("all")
