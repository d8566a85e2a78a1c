"""Drive JupyterLab in Debian's Chromium with Playwright, for tests and benchmarks.

Never runs ``playwright install``: the browser is the system's Chromium
(``apt-get install chromium``), or the one named by ``HPT_CHROMIUM``.

Typical use::

    with JupyterLab(notebooks_dir) as lab, chromium_page() as page:
        lab.open(page, "01_hyperparameters_and_estimators.ipynb")
        lab.run_all(page)
        before = live_images(page)
        press_first_slider(page)
        wait_for_new_image(page, before)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-dev-shm-usage",
]
ERROR_SELECTORS = [
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]',
    ".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']",
]
WIDGET_ERROR_TEXTS = ["Error displaying widget", "Model not found", "Failed to load model"]


def find_chromium() -> str | None:
    """Path of a Chromium binary, or None."""
    for candidate in (os.environ.get("HPT_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """A JupyterLab server on 127.0.0.1 with a random token, on a copy of ``notebooks``.

    Settings, workspaces and runtime files live in a temporary folder, so nothing of the
    user's own JupyterLab is read or written, and autosave never touches the repo.
    """

    def __init__(self, notebooks: Path, *, startup_timeout: float = 60.0):
        self.source = Path(notebooks)
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.tmp: Path | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> JupyterLab:
        self.tmp = Path(tempfile.mkdtemp(prefix="hpt-lab-"))
        root = self.tmp / "notebooks"
        shutil.copytree(self.source, root)
        data = self.source.parent / "data"
        if data.is_dir():
            shutil.copytree(data, self.tmp / "data")
        settings = self.tmp / "settings"
        notif = settings / "@jupyterlab" / "apputils-extension"
        notif.mkdir(parents=True)
        (notif / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        # Render every cell: with windowing, cells far below the viewport are not in the
        # DOM, and the widgets the tests look for may be among them.
        tracker = settings / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True)
        (tracker / "tracker.jupyterlab-settings").write_text(
            json.dumps({"windowingMode": "none"}))
        env = dict(os.environ,
                   JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
                   JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "workspaces"),
                   MPLBACKEND="module://matplotlib_inline.backend_inline")
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.expose_app_in_browser=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.tmp / "server.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.server_log()}")
            try:
                self.api("status")
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise TimeoutError(f"JupyterLab did not answer in {self.startup_timeout} s")

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                for kernel in self.api("kernels"):
                    self.api(f"kernels/{kernel['id']}", method="DELETE")
            except OSError:
                pass
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def server_log(self) -> str:
        try:
            return (self.tmp / "server.log").read_text(errors="replace")[-5000:]
        except (OSError, TypeError):
            return ""

    # -- REST --------------------------------------------------------------------------
    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def kernels_idle(self) -> bool:
        kernels = self.api("kernels")
        return bool(kernels) and all(k["execution_state"] == "idle" for k in kernels)

    def shutdown_kernels(self) -> None:
        for kernel in self.api("kernels"):
            self.api(f"kernels/{kernel['id']}", method="DELETE")
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    # -- page --------------------------------------------------------------------------
    def open(self, page, notebook: str, timeout: float = 90.0) -> None:
        """Open ``notebook`` and wait for its cells and an idle kernel."""
        page.goto(f"{self.base}/lab/tree/{notebook}?token={self.token}&reset",
                  timeout=timeout * 1000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=timeout * 1000)
        self.wait_idle(timeout=timeout)

    def wait_idle(self, timeout: float = 120.0, settle: float = 1.0) -> None:
        """Wait until every kernel is idle for ``settle`` seconds."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            if self.kernels_idle():
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= settle:
                    return
            else:
                idle_since = None
            time.sleep(0.2)
        raise TimeoutError(f"kernel still busy after {timeout} s")

    def run_all(self, page, timeout: float = 180.0) -> None:
        """Run every cell and wait until none is pending."""
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        deadline = time.monotonic() + timeout
        time.sleep(0.5)
        while time.monotonic() < deadline:
            pending = page.locator(".jp-InputPrompt", has_text="[*]").count()
            if pending == 0 and self.kernels_idle():
                self.wait_idle(timeout=max(1.0, deadline - time.monotonic()))
                if page.locator(".jp-InputPrompt", has_text="[*]").count() == 0:
                    return
            time.sleep(0.3)
        raise TimeoutError(f"cells still running after {timeout} s")


@contextmanager
def chromium_page(executable: str | None = None, *, width: int = 1280, height: int = 900):
    """A Playwright page in a headless system Chromium; closed on exit."""
    from playwright.sync_api import sync_playwright

    executable = executable or find_chromium()
    if executable is None:
        raise FileNotFoundError("Chromium not found")
    user_dir = tempfile.mkdtemp(prefix="hpt-chromium-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            user_dir, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            yield page
        finally:
            context.close()
            shutil.rmtree(user_dir, ignore_errors=True)


def page_errors(page) -> list[str]:
    """Texts of error outputs and widget errors shown anywhere in the notebook."""
    found = []
    for selector in ERROR_SELECTORS:
        for handle in page.query_selector_all(selector):
            found.append(handle.inner_text()[:500])
    body = page.inner_text(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    found += [t for t in WIDGET_ERROR_TEXTS if t in body]
    return found


def live_images(page) -> list[str]:
    """The ``src`` of every live figure image on the page."""
    return page.eval_on_selector_all(".hpt-live-figure img, img.hpt-live-figure",
                                     "els => els.map(e => e.src)")


def press_slider(page, index: int = 0, key: str = "ArrowRight") -> None:
    """Focus the ``index``-th slider handle of the notebook and press ``key``."""
    handle = page.locator(".widget-slider .noUi-handle").nth(index)
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press(key)


def wait_for_new_image(page, before: list[str], timeout: float = 30.0,
                       stable: float = 1.0) -> list[str]:
    """Wait until a live image differs from ``before`` and has not changed for ``stable`` s."""
    deadline = time.monotonic() + timeout
    last, since = None, None
    while time.monotonic() < deadline:
        now = live_images(page)
        if now != before:
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= stable:
                return now
        time.sleep(0.05)
    raise TimeoutError(f"no live figure changed within {timeout} s")
