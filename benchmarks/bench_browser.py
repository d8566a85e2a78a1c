"""Slider-to-new-picture latency of bo_explorer in JupyterLab, in a real (headless) Chromium.

Opens a scratch notebook that shows ``bo_explorer("forrester")`` (and optionally
``bo_explorer_2d("branin")``) in JupyterLab, with the same Playwright set-up as the browser
test (``tests/browser/harness.py``: the system Chromium, a private JupyterLab server on a
copy of the notebook). Then presses ArrowRight on the explorer's iteration slider ~15
times (every press computes a new BO step) and ArrowLeft as many times (cached steps), and
measures, inside the page, the time from the keydown event to the moment the live
figure's ``<img>`` gets its new ``src``. Target: median < 500 ms.

Usage::

    python benchmarks/bench_browser.py              # 1-D explorer, 15 presses each way
    python benchmarks/bench_browser.py --presses 10 --with-2d
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402
import numpy as np  # noqa: E402

from tests.browser.harness import (  # noqa: E402
    JupyterLab,
    chromium_page,
    find_chromium,
    live_images,
    page_errors,
)

EXPLORERS = {
    "bo_explorer('forrester')": (
        "from hpt_helpers.widgets.bo import bo_explorer\n"
        "explorer = bo_explorer('forrester', n_steps={steps})\nexplorer"),
    "bo_explorer_2d('branin')": (
        "from hpt_helpers.widgets.bo import bo_explorer_2d\n"
        "explorer = bo_explorer_2d('branin', n_steps={steps})\nexplorer"),
}

# Installed once per page: remember when a key went down on a slider handle, and when
# the live image's src changed after it.
PROBE = """() => {
  window.__hpt = {down: null, changed: null};
  document.addEventListener('keydown', () => {
    window.__hpt.down = performance.now(); window.__hpt.changed = null;
  }, true);
  const img = document.querySelector('img.hpt-live-figure, .hpt-live-figure img');
  new MutationObserver(() => {
    if (window.__hpt.down !== null && window.__hpt.changed === null) {
      window.__hpt.changed = performance.now();
    }
  }).observe(img, {attributes: true, attributeFilter: ['src']});
  return true;
}"""


def write_notebook(folder: Path, code: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# latency benchmark (scratch)"),
                nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    name = "bench_explorer.ipynb"
    nbformat.write(nb, folder / name)
    return name


def press_and_time(page, lab, key: str, timeout: float = 30.0) -> float:
    """Press ``key`` on the first slider handle; ms from keydown to the new image."""
    handle = page.locator(".widget-slider .noUi-handle").nth(0)
    handle.focus()
    page.keyboard.press(key)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        probe = page.evaluate("() => window.__hpt")
        if probe["changed"] is not None:
            latency = probe["changed"] - probe["down"]
            lab.wait_idle(timeout=timeout, settle=0.3)
            return latency
        time.sleep(0.01)
    raise TimeoutError(f"no new image within {timeout} s after {key}")


def bench(label: str, code: str, presses: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="hpt-bench-") as tmp:
        folder = Path(tmp) / "notebooks"
        folder.mkdir()
        name = write_notebook(folder, code.format(steps=presses + 2))
        with JupyterLab(folder) as lab, chromium_page() as page:
            lab.open(page, name)
            lab.run_all(page)
            page.wait_for_selector("img.hpt-live-figure, .hpt-live-figure img",
                                   timeout=60_000)
            errors = page_errors(page)
            if errors:
                raise RuntimeError(f"{label}: the notebook shows an error: {errors}")
            assert live_images(page), "no live figure"
            page.evaluate(PROBE)
            right = [press_and_time(page, lab, "ArrowRight") for _ in range(presses)]
            left = [press_and_time(page, lab, "ArrowLeft") for _ in range(presses)]
            lab.shutdown_kernels()
    return {"right": right, "left": left}


def line(label: str, ms) -> str:
    ms = np.asarray(ms, dtype=float)
    return (f"  {label:<36} n={ms.size:>3}  median {np.median(ms):6.0f} ms  "
            f"p90 {np.percentile(ms, 90):6.0f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--with-2d", action="store_true", help="also time bo_explorer_2d")
    args = parser.parse_args(argv)
    if find_chromium() is None:
        print("Chromium not found (install Debian's chromium or set HPT_CHROMIUM)")
        return 1
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    labels = list(EXPLORERS)[: 2 if args.with_2d else 1]
    for label in labels:
        try:
            res = bench(label, EXPLORERS[label], args.presses)
        except OSError as exc:  # a transient server error (busy machine): one retry
            print(f"{label}: {exc!r}; retrying once")
            res = bench(label, EXPLORERS[label], args.presses)
        print(f"{label}: keydown on the iteration slider -> new image in the page")
        print(line("all presses", res["right"] + res["left"]))
        print(line("ArrowRight (new BO step)", res["right"]))
        print(line("ArrowLeft (cached step)", res["left"]))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("target: median < 500 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
