"""The init-scale explorer on the built site (issue 15): live in the browser, equal to nnlib.

On chapters 7 and 8, in headless Chromium: the explorer draws its canvas and
hides the precomputed first paint; moving the weight-scale slider with the
keyboard to scales no one precomputed changes the figure and the numbers, and
those numbers equal ``nnlib.diagnostics.deep_signal_statistics`` for the same
setting; the setting goes into the URL and comes back from it; the menu, the
depth slider, the He button and the reset button work; the slider announces
the value on screen; nothing is requested from a host other than 127.0.0.1.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlparse

import numpy as np
import pytest

from nnlib.diagnostics import deep_signal_statistics, mean_field_variance

pytestmark = pytest.mark.browser

PAGES = {"book/07_vanishing_exploding.html": ("tanh", 1.0, 50), "book/08_xavier_he.html": ("relu", np.sqrt(2), 50)}
VIEW = ".nnlib-explorer-view"
FRAME_JS = f"""() => {{
  const f = document.querySelector('{VIEW}').nnlibFrame;
  const arr = (x) => Array.from(x);
  return {{setting: f.setting, act_std: arr(f.actStd), grad_norm: arr(f.stats.gradNorm),
          preact_var: arr(f.stats.preactVar), grad_var: arr(f.stats.gradVar), predicted_var: arr(f.predictedVar)}};
}}"""


def _open(browser, site_url, path, hash_=""):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    problems = []
    host = urlparse(site_url).netloc

    def route(r):
        url = urlparse(r.request.url)
        if url.scheme in ("http", "https") and url.netloc != host:
            problems.append(f"external request: {r.request.url}")
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("response", lambda resp: resp.status >= 400 and problems.append(f"{resp.status}: {resp.url}"))
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.goto(f"{site_url}/{path}{hash_}", wait_until="load")
    page.wait_for_function(f"document.querySelector('{VIEW}') && document.querySelector('{VIEW}').dataset.frames >= 1",
                           timeout=60_000)
    return page, problems


def _frames(page):
    return int(page.eval_on_selector(VIEW, "e => e.dataset.frames"))


def _wait_new_frame(page, before):
    page.wait_for_function(f"document.querySelector('{VIEW}').dataset.frames > {before}", timeout=30_000)
    page.wait_for_timeout(50)
    # several key presses may coalesce into one frame: wait until no frame is pending
    page.wait_for_function(f"""() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))""")


def _canvas_hash(page):
    return hashlib.sha1(page.eval_on_selector(f"{VIEW} canvas", "c => c.toDataURL()").encode()).hexdigest()


def _assert_equals_nnlib(frame):
    s = frame["setting"]
    ref = deep_signal_statistics(s["scale"], s["depth"], s["width"], s["nSamples"], s["activation"], rng=s["seed"])
    for name in ("act_std", "grad_norm", "preact_var", "grad_var"):
        np.testing.assert_allclose(frame[name], getattr(ref, name), rtol=1e-6, err_msg=f"{name} at {s}")
    np.testing.assert_allclose(frame["predicted_var"], mean_field_variance(s["scale"], s["depth"], s["activation"]),
                               rtol=1e-6)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_explorer_is_live_and_equals_nnlib(browser, site_url, path):
    activation, scale, depth = PAGES[path]
    page, problems = _open(browser, site_url, path)
    first = page.evaluate(FRAME_JS)
    # Chromium has WebAssembly SIMD: the explorer runs its fast kernel (tests/js checks it equals the JavaScript one)
    assert page.eval_on_selector(VIEW, "e => e.dataset.kernel") == "wasm"
    assert first["setting"]["activation"] == activation and first["setting"]["depth"] == depth
    assert first["setting"]["scale"] == pytest.approx(scale, rel=1e-15)
    _assert_equals_nnlib(first)
    # The precomputed first paint (with alt text) is in the page, hidden now that the canvas is drawn.
    paint = page.query_selector(".nnlib-explorer-first-paint img")
    assert paint is not None and "heat maps" in paint.get_attribute("alt")
    assert not paint.is_visible()

    handle = page.query_selector(".nnlib-explorer .widget-hslider .noUi-handle")
    assert handle.get_attribute("aria-label") == "weight scale"
    seen = {_canvas_hash(page)}
    for presses in (7, 23):               # to scales that were never precomputed anywhere
        before = _frames(page)
        handle.focus()
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
        _wait_new_frame(page, before)
        frame = page.evaluate(FRAME_JS)
        new_scale = frame["setting"]["scale"]
        assert new_scale > scale * 1.05, "the slider did not move the explorer"
        assert new_scale not in (0.1, 0.25, 0.5, 0.7, 0.85, 1.0, 1.2, 2.0, 4.0, 10.0)
        digest = _canvas_hash(page)
        assert digest not in seen, "the figure did not change"
        seen.add(digest)
        _assert_equals_nnlib(frame)
        readout = page.inner_text(".nnlib-explorer .widget-hslider .widget-readout")
        assert handle.get_attribute("aria-valuetext") == readout
        assert float(readout) == pytest.approx(new_scale, rel=5e-3)      # the readout shows 3 digits
        # The live region is written after the frame is drawn: wait for it (up to 5 s) before reading.
        page.wait_for_function(
            "t => ((document.querySelector('.nnlib-explorer-status') || {}).textContent || '').startsWith(t)",
            arg=f"layer {depth} of {depth}: activation std ", timeout=5000)
        status = page.inner_text(".nnlib-explorer-status")
        assert status.startswith(f"layer {depth} of {depth}: activation std ")
        scale = new_scale

    # The numbers table shows the same numbers.
    page.click(f"{VIEW} summary")
    cells = page.eval_on_selector_all(".nnlib-explorer-numbers tbody tr", "rows => rows.map(r => r.children[1].textContent)")
    assert len(cells) == depth
    assert float(cells[-1]) == pytest.approx(frame["act_std"][-1], rel=5e-3)

    # The setting is in the URL; a fresh page opened on it shows the same setting.
    hash_ = page.evaluate("location.hash")
    assert hash_ == f"#scale={scale:.3g}&activation={activation}&depth={depth}"
    other, other_problems = _open(browser, site_url, path, hash_)
    restored = other.evaluate(FRAME_JS)["setting"]
    assert (restored["activation"], restored["depth"]) == (activation, depth)
    assert f"{restored['scale']:.3g}" == f"{scale:.3g}"

    # Menu and depth slider; the He button sets sqrt 2 exactly; reset restores the start.
    before = _frames(other)
    other.select_option(".nnlib-explorer select", "sigmoid")
    _wait_new_frame(other, before)
    before = _frames(other)
    depth_handle = other.query_selector_all(".nnlib-explorer .widget-hslider .noUi-handle")[1]
    depth_handle.focus()
    other.keyboard.press("End")
    _wait_new_frame(other, before)
    before = _frames(other)
    other.click("text=scale √2 (He)")
    _wait_new_frame(other, before)
    frame = other.evaluate(FRAME_JS)
    assert frame["setting"]["activation"] == "sigmoid" and frame["setting"]["depth"] == 100
    assert frame["setting"]["scale"] == np.sqrt(2)
    _assert_equals_nnlib(frame)
    before = _frames(other)
    other.click("text=reset")
    _wait_new_frame(other, before)
    start = other.evaluate(FRAME_JS)["setting"]
    assert (start["activation"], start["depth"], start["scale"]) == (activation, depth, PAGES[path][1])
    assert problems == [] and other_problems == []
