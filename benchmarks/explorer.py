"""3. The live sliders: time from a slider change to the new picture.

- The init-scale explorer (chapters 7-8) computes in the reader's browser:
  timed in headless Chromium on the built site (``make book`` first), at its
  defaults (depth 50, width 64, 64 samples), from the key press that moves
  the weight-scale slider by one step to the next frame painted after the
  explorer drew its canvas. Each press waits for its frame (no coalescing).
  tanh on chapter 7, ReLU on chapter 8; also the activation menu and the
  depth slider; the breakdown (compute, draw) that the explorer records.
  The bytes of every page with a slider (their saved widget state included).
- The lambda sliders (chapter 9, L2 and L1), the learning-rate slider and
  the optimiser race (chapter 10), live in a kernel: time from setting the
  slider's value to the new PNG in the widget's Image, every option once
  (the race: 20 steps spread over its 500). Target: well under 100 ms.

A part that cannot run (no built site, no Chromium, another API) is null with the reason.

Before/after for the explorer's module, in one sitting (old and new timed alternately on the same
built site, the old module put into a copy of chapters 7 and 8's saved widget state):
    python -m benchmarks.explorer --against REV [--rounds 2]
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from pathlib import Path

from .common import summary

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHANGES, PRESSES = 20, 30
EXPLORER_PAGES = {"tanh": "book/07_vanishing_exploding.html", "relu": "book/08_xavier_he.html"}
VIEW = ".nnlib-explorer-view"


def _time_changes(slider, values):
    ms = []
    for v in values:
        t0 = time.perf_counter()
        slider.value = v                                # fires the widget's observer
        ms.append((time.perf_counter() - t0) * 1e3)
    return summary(ms)


def slider_page_bytes(site=SITE):
    """Bytes of every built page that holds saved widget state (a slider page)."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(errors="replace")
        if "application/vnd.jupyter.widget-state+json" in text:
            out[str(page.relative_to(site))] = len(text.encode())
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _press_and_time(page, handle_selector, key, presses):
    """Press ``key`` on a slider handle ``presses`` times, each after the previous frame; ms per press."""
    ms = []
    for _ in range(presses):
        n = page.evaluate(f"document.querySelector('{VIEW}').nnlibTiming.presented.length")
        page.focus(handle_selector)
        page.keyboard.press(key)
        page.wait_for_function(f"document.querySelector('{VIEW}').nnlibTiming.presented.length > {n}", timeout=30_000)
        ms.append(page.evaluate(f"document.querySelector('{VIEW}').nnlibTiming.presented.at(-1) - window.__nnlibKeys.at(-1)"))
    return ms


def site_with_module(js, dest, site=SITE):
    """A copy of the built site in ``dest`` whose explorer pages carry the ES module ``js`` instead."""
    import json
    import shutil

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(site, dest)
    for path in EXPLORER_PAGES.values():
        page = dest / path
        text = page.read_text()
        start = text.index('"_esm": ') + len('"_esm": ')
        _, end = json.JSONDecoder().raw_decode(text, start)
        new = json.dumps(js).replace("</", "<\\/")          # "\/" is JSON for "/": no "</script" can end the element
        page.write_text(text[:start] + new + text[end:])
    return dest


def compare_modules(against, rounds=2, site=SITE, log=print):
    """The explorer at git revision ``against`` and the working tree's, timed alternately in Chromium."""
    import subprocess
    import tempfile

    old_js = subprocess.run(["git", "show", f"{against}:nnlib/widgets/explorer.js"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    out = {"against": against, "load_average_before": list(os.getloadavg()), "rounds": []}
    with tempfile.TemporaryDirectory() as tmp:
        old_site = site_with_module(old_js, Path(tmp) / "site", site)
        for r in range(rounds):
            for name, where in (("old", old_site), ("new", site)):
                by_activation, breakdown = static_explorer(where, log=log)
                row = {"module": name, "round": r + 1, "load_average": list(os.getloadavg()),
                       "tanh": by_activation["tanh"]["drag"]["median"], "relu": by_activation["relu"]["drag"]["median"],
                       "menu": by_activation["_menu"]["median"], "depth": by_activation["_depth"]["median"],
                       "compute": breakdown["compute"]["median"], "draw": breakdown["draw"]["median"],
                       "kernel": breakdown["kernel"]}
                out["rounds"].append(row)
                log(f"  {name} (round {r + 1}, load {row['load_average'][0]:.2f}): tanh {row['tanh']:.1f} ms, "
                    f"relu {row['relu']:.1f}, menu {row['menu']:.1f}, depth {row['depth']:.1f} "
                    f"[compute {row['compute']:.1f}, draw {row['draw']:.1f}; kernel {row['kernel']}]")
    return out


def static_explorer(site=SITE, log=print):
    """The explorer in Chromium on the built site: key press to painted frame, in ms."""
    from playwright.sync_api import sync_playwright

    if not (site / EXPLORER_PAGES["tanh"]).exists():
        raise FileNotFoundError(f"no built site in {site}: run make book first")
    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out, compute, draw = {}, [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                        args=["--no-sandbox"], headless=True)
            for activation, path in EXPLORER_PAGES.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.add_init_script("window.__nnlibKeys = []; document.addEventListener('keydown', "
                                     "() => window.__nnlibKeys.push(performance.now()), true); "
                                     "document.addEventListener('change', () => window.__nnlibKeys.push(performance.now()), true);")
                page.goto(f"{base}/{path}", wait_until="load")
                page.wait_for_function(f"document.querySelector('{VIEW}') && document.querySelector('{VIEW}').dataset.frames >= 1",
                                       timeout=60_000)
                handles = ".nnlib-explorer .widget-hslider .noUi-handle"
                scale_handle = f"{handles} >> nth=0"
                _press_and_time(page, scale_handle, "ArrowLeft", 3)                  # warm-up
                n0 = page.evaluate(f"document.querySelector('{VIEW}').nnlibTiming.compute.length")
                drag = _press_and_time(page, scale_handle, "ArrowRight", PRESSES)
                timing = page.evaluate(f"document.querySelector('{VIEW}').nnlibTiming")
                kernel = page.evaluate(f"document.querySelector('{VIEW}').dataset.kernel || 'js (before data-kernel)'")
                compute += timing["compute"][n0:]
                draw += timing["draw"][n0:]
                out[activation] = {"drag": summary(drag)}
                if activation == "tanh":
                    menu = []
                    for option in ("relu", "sigmoid", "identity", "tanh") * 2:
                        n = page.evaluate(f"document.querySelector('{VIEW}').nnlibTiming.presented.length")
                        page.select_option(".nnlib-explorer select", option)
                        page.wait_for_function(f"document.querySelector('{VIEW}').nnlibTiming.presented.length > {n}")
                        menu.append(page.evaluate(f"document.querySelector('{VIEW}').nnlibTiming.presented.at(-1) - window.__nnlibKeys.at(-1)"))
                    out["_menu"] = summary(menu)
                    out["_depth"] = summary(_press_and_time(page, f"{handles} >> nth=1", "ArrowLeft", 10))
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return out, {"compute": summary(compute), "draw": summary(draw), "kernel": kernel}


def run(log=print):
    out = {"depth": 50, "width": 64, "batch": 64, "presses": PRESSES, "update_ms": None, "breakdown_ms": None,
           "reason": None, "load_average_before": list(os.getloadavg()),
           "what": "init-scale explorer on the built site in headless Chromium: key press on the weight-scale "
                   "slider to the next animation frame after the explorer computed (in JavaScript) and drew its canvas"}
    try:
        by_activation, breakdown = static_explorer(log=log)
        out["other_controls"] = {"activation menu": by_activation.pop("_menu"),
                                 "depth slider": by_activation.pop("_depth")}
        out["by_activation"] = by_activation
        out["update_ms"] = by_activation["tanh"]["drag"]
        out["breakdown_ms"] = breakdown
        b = breakdown
        log(f"  explorer in Chromium, key press to painted frame: tanh median {out['update_ms']['median']:.1f} ms, "
            f"relu {by_activation['relu']['drag']['median']:.1f} ms [compute {b['compute']['median']:.1f}, "
            f"draw {b['draw']['median']:.1f}]; menu {out['other_controls']['activation menu']['median']:.1f}, "
            f"depth {out['other_controls']['depth slider']['median']:.1f}")
    except Exception as exc:
        out["reason"] = f"could not time the explorer in Chromium: {type(exc).__name__}: {exc}"
        log(f"  explorer: {out['reason']}")
    out["load_average_after"] = list(os.getloadavg())
    try:
        out["slider_page_html_bytes"] = slider_page_bytes()
        for name, size in out["slider_page_html_bytes"].items():
            log(f"  {name}: {size / 1024:.0f} KB")
    except Exception as exc:
        out["slider_page_html_bytes"] = None
        log(f"  page bytes: {type(exc).__name__}: {exc}")
    out["other_sliders"] = _other_sliders()
    for name, entry in out["other_sliders"].items():
        log(f"  {name}: " + (f"median {entry['median']:.1f} ms [{entry['min']:.1f}-{entry['max']:.1f}]"
                             if isinstance(entry, dict) else entry))
    return out


def _other_sliders():
    """The chapter 9 and 10 live sliders, each over its options (a live_slider: VBox(slider, image))."""
    out = {}
    try:
        from nnlib import widgets as W
    except Exception as exc:
        return {"all": f"unavailable: {type(exc).__name__}: {exc}"}
    makers = {"lambda slider (L2)": lambda: W.lambda_slider("l2", static=False),
              "lambda slider (L1)": lambda: W.lambda_slider("l1", static=False),
              "learning-rate slider": lambda: W.learning_rate_slider(static=False),
              "optimiser race": lambda: W.optimiser_race(static=False)}
    for name, make in makers.items():
        try:
            box = make()
            slider = box.children[0]
            values = [v for _, v in slider.options]
            if len(values) > CHANGES:                   # the race: 20 steps spread over all of them
                values = [values[round(i * (len(values) - 1) / (CHANGES - 1))] for i in range(CHANGES)]
            start = slider.value
            values = [v for v in values if v != start] + [start]
            slider.value = values[0]                    # warm-up change
            out[name] = _time_changes(slider, values[1:])
        except Exception as exc:
            out[name] = f"unavailable: {type(exc).__name__}: {exc}"
    return out


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description="The explorer's module at a git revision against the working tree's, "
                                                 "in Chromium on the built site (make book first).")
    parser.add_argument("--against", required=True, help="git revision of the old nnlib/widgets/explorer.js")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    import sys

    result = compare_modules(args.against, args.rounds, log=lambda *a: print(*a, file=sys.stderr, flush=True))
    print(json.dumps(result, indent=1))
