"""Drive a local Jupyter server as a reader does, in headless Chromium.

Shared by the reading tests (tests/lab/) and the JupyterLab benchmark
(benchmarks/jupyterlab.py): a server set up as `make lab` sets it up
(tools/lab.py: copies of the chapters, saved widget state, --allow-root),
with a fresh reader's settings; opening a chapter in JupyterLab or
Notebook 7; Run All; the init-scale explorer's key-press-to-frame time.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import lab

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """``with JupyterServer(home) as server:`` a JupyterLab server (it serves Notebook 7 too) on
    127.0.0.1 over copies of the chapters in ``home/chapters``; ``server.base``, ``.token``, ``.work``."""

    def __init__(self, home: Path, start_timeout_s: float = 60.0):
        self.home, self.work, self.timeout = Path(home), Path(home) / "chapters", start_timeout_s
        self.notes = lab.prepare(self.work)
        lab.install_settings()

    def __enter__(self):
        home = self.home
        env = {**os.environ,
               # A fresh reader: no settings, workspaces or config from the machine's user.
               "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
               "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
               "NNLIB_WIDGETS": "live"}
        port, self.token = free_port(), secrets.token_hex(16)
        cmd = lab.command(self.work, "lab", ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                                             f"--IdentityProvider.token={self.token}", "--ServerApp.port_retries=0"])
        self.log_path = home / "server.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2)
                return self
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise RuntimeError("the Jupyter server did not start:\n" + self.log_path.read_text()[-3000:])
                time.sleep(0.3)

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()

    def kernel_idle(self, name: str) -> bool:
        """The server's kernel of notebook ``name`` exists and is idle."""
        url = f"{self.base}/api/sessions?token={self.token}"
        sessions = json.loads(urllib.request.urlopen(url, timeout=5).read())
        return any(s["path"].endswith(name) and s.get("kernel", {}).get("execution_state") == "idle" for s in sessions)


def open_notebook(browser, server: JupyterServer, app: str, name: str, scale: float = 1):
    """A new page with chapter ``name`` open in ``app`` ("lab" or "notebook"), its kernel idle."""
    import nbformat

    page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=scale)
    path = f"/lab/tree/{name}" if app == "lab" else f"/notebooks/{name}"
    page.goto(f"{server.base}{path}?token={server.token}")
    n_cells = len(nbformat.read(server.work / name, as_version=4).cells)
    # Loaded: every cell in the page, a kernel named in the toolbar, idle for the server too.
    page.wait_for_function(f"""n => document.querySelectorAll('{PANEL} .jp-Cell').length === n
        && /Python 3/.test(document.querySelector('{PANEL} .jp-KernelName')?.textContent || '')
        && document.querySelector('{PANEL} .jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'idle'""",
                           arg=n_cells, timeout=45000)
    deadline = time.monotonic() + 30
    while not server.kernel_idle(name):
        if time.monotonic() > deadline:
            raise RuntimeError(f"no idle kernel for {name}")
        time.sleep(0.3)
    page.wait_for_timeout(500)
    return page


def visible_code_cells(notebook) -> int:
    """Code cells with a prompt (a collapsed input, as of the Colab cell, shows none)."""
    return sum(c.cell_type == "code" and not c.metadata.get("jupyter", {}).get("source_hidden") for c in notebook.cells)


def run_all(page, n_code: int, timeout_ms: int = 45000) -> None:
    """Run > Run All Cells, then wait until every code cell has an execution count and none is running."""
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    page.wait_for_function(
        f"""n => {{ const p = [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt')].map(e => e.textContent);
                   return !p.some(x => x.includes('*')) && p.filter(x => /\\[\\d+\\]/.test(x)).length === n; }}""",
        arg=n_code, timeout=timeout_ms)


def explorer_key_to_frame(page, view, key: str, presses: int) -> dict:
    """Press ``key`` on the focused control ``presses`` times, each after the last one's frame: per press,
    ms from the key press to the animation frame that shows the explorer's new canvas, and the explorer's
    own compute and draw times of those frames (``nnlibTiming``, recorded by explorer.js)."""
    handle = view.element_handle()
    total, computes, draws = [], [], []
    for _ in range(presses):
        n = handle.evaluate("v => v.nnlibTiming.presented.length")
        k = handle.evaluate("v => v.nnlibTiming.compute.length")
        t = page.evaluate("performance.now()")
        page.keyboard.press(key)
        page.wait_for_function("([v, n]) => v.nnlibTiming.presented.length > n", arg=[handle, n], timeout=10000)
        total.append(handle.evaluate("v => v.nnlibTiming.presented.at(-1)") - t)
        c, d = handle.evaluate("(v, k) => [v.nnlibTiming.compute.slice(k), v.nnlibTiming.draw.slice(k)]", k)
        computes += c
        draws += d
    return {"key_to_frame": total, "compute": computes, "draw": draws}
