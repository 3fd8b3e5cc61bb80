"""3b. The init-scale explorer in JupyterLab, end to end (issue 15; optional).

Starts a local JupyterLab server as `make lab` sets it up (tools/labdriver.py),
opens chapter 7 in headless Chromium (1280 x 900, pixel ratio 1), runs all
cells, then presses the arrow keys on the focused weight-scale slider: per
press, ms from the key press to the animation frame that shows the explorer's
new canvas. The explorer computes in the browser, so no press waits for the
kernel; the breakdown (compute, draw) is what explorer.js records. Half the
presses go right, half back left, at the chapter's setting (tanh, depth 50,
width 64, 64 samples).

Skipped, with the reason, where JupyterLab (the lab extra) or Chromium is missing.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from .common import summary

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "07_vanishing_exploding.ipynb"


def run(presses: int = 30) -> dict:
    sys.path.insert(0, str(ROOT / "tools"))
    import labdriver

    if importlib.util.find_spec("jupyterlab") is None:
        return {"skipped": "JupyterLab is not installed (pip install -e '.[lab]')"}
    if not Path(labdriver.CHROMIUM).exists():
        return {"skipped": f"no Chromium at {labdriver.CHROMIUM} (make chromium)"}
    import nbformat
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as home, labdriver.JupyterServer(Path(home)) as server, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=labdriver.CHROMIUM, args=["--no-sandbox"])
        try:
            page = labdriver.open_notebook(browser, server, "lab", CHAPTER)
            labdriver.run_all(page, labdriver.visible_code_cells(nbformat.read(server.work / CHAPTER, as_version=4)))
            view = page.locator(".nnlib-explorer-view").first
            view.scroll_into_view_if_needed()
            page.wait_for_function("v => Number(v.dataset.frames || 0) >= 1", arg=view.element_handle(), timeout=15000)
            page.locator(".nnlib-explorer .widget-hslider .noUi-handle").first.focus()
            labdriver.explorer_key_to_frame(page, view, "ArrowRight", 3)          # warm-up, not counted
            right = labdriver.explorer_key_to_frame(page, view, "ArrowRight", presses // 2)
            left = labdriver.explorer_key_to_frame(page, view, "ArrowLeft", presses - presses // 2)
        finally:
            browser.close()
    return {"chapter": CHAPTER, "settings": "tanh, depth 50, width 64, 64 samples, pixel ratio 1",
            "key_to_frame_ms": summary(right["key_to_frame"] + left["key_to_frame"]),
            "compute_ms": summary(right["compute"] + left["compute"]),
            "draw_ms": summary(right["draw"] + left["draw"])}
