"""Every page of the built site in headless Chromium (Debian's), served on 127.0.0.1.

For each page, in light and in dark mode: maths is typeset by MathJax (no raw
TeX left), no request leaves 127.0.0.1, nothing fails to load, no page error or
console error or warning, every image loaded and has alt text that says
something, and axe-core finds no accessibility violation (test_accessibility);
a full-page screenshot is saved for a person to look at. On pages with precomputed sliders, moving a slider with the keyboard
changes the figure shown.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from sitepaths import HTML, ROOT, built_pages
from test_accessibility import image_alt_problems, run_axe

pytestmark = pytest.mark.browser

PAGES = built_pages() or ["<no built site: run make book>"]

# Console messages that are allowed, each with the reason. Keep this short.
# (The widget manager's ajv "strict mode: use allowUnionTypes" warning is gone:
# make book sets that ajv option in the copy of embed-amd.js it serves.)
ALLOWED_CONSOLE = []

RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\\frac|\\mathbf")

VISIBLE_TEXT_JS = """() => {
  const body = document.querySelector('article.bd-article') || document.body;
  const clone = body.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, textarea, .cell_input, .highlight')
       .forEach(e => e.remove());
  return clone.textContent;
}"""


def _allowed(text):
    return any(pattern.search(text) for pattern, _reason in ALLOWED_CONSOLE)


def _page_has_math(html):
    return 'class="math' in html


@pytest.fixture(params=["light", "dark"])
def mode(request):
    return request.param


def _open(browser, site_url, page_path, mode):
    """Open a page; return (page, problems) with every request recorded."""
    context = browser.new_context(color_scheme=mode, viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    page = context.new_page()
    problems = {"external": [], "failed": [], "pageerror": [], "console": []}
    host = urlparse(site_url).netloc

    def route(r):
        url = urlparse(r.request.url)
        if url.scheme in ("http", "https") and url.netloc != host:
            problems["external"].append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: problems["failed"].append(f"{req.url}: {req.failure}"))
    page.on("response", lambda resp: resp.status >= 400 and problems["failed"].append(f"{resp.url}: {resp.status}"))
    page.on("pageerror", lambda err: problems["pageerror"].append(str(err)))
    page.on("console", lambda msg: msg.type in ("error", "warning") and not _allowed(msg.text)
            and problems["console"].append(f"{msg.type}: {msg.text}"))
    page.goto(f"{site_url}/{page_path}", wait_until="load")
    return page, problems


def _wait_for_widgets(page, html):
    if "application/vnd.jupyter.widget-state+json" in html:
        n_views = html.count("application/vnd.jupyter.widget-view+json")
        page.wait_for_function(f"document.querySelectorAll('.widget-subarea').length >= {n_views}",
                               timeout=20_000)


def _wait_for_math(page, html):
    if _page_has_math(html):
        page.wait_for_function(
            "window.MathJax && MathJax.startup && MathJax.startup.promise && "
            "document.querySelectorAll('mjx-container').length > 0", timeout=20_000)
        page.evaluate("() => MathJax.startup.promise")


def _load_all_images(page):
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=20_000)


@pytest.mark.parametrize("page_path", PAGES)
def test_page(browser, site_url, site_dir, screenshot_dir, page_path, mode):
    assert not page_path.startswith("<"), "no pages found in _build/html: the book was not built"
    html = (site_dir / page_path).read_text(encoding="utf-8")
    page, problems = _open(browser, site_url, page_path, mode)
    try:
        _wait_for_math(page, html)
        _wait_for_widgets(page, html)
        _load_all_images(page)

        # Light/dark mode took effect (the theme follows the system preference).
        assert page.evaluate("document.documentElement.dataset.theme") == mode

        if _page_has_math(html):
            n_math = page.evaluate("document.querySelectorAll('span.math, div.math').length")
            untypeset = page.evaluate(
                "Array.from(document.querySelectorAll('span.math, div.math'))"
                ".filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 80))")
            assert n_math > 0
            assert untypeset == [], f"{page_path}: maths not typeset by MathJax: {untypeset[:5]}"
        raw = RAW_TEX.findall(page.evaluate(VISIBLE_TEXT_JS))
        assert raw == [], f"{page_path}: raw TeX visible in the text: {raw[:10]}"

        broken = page.evaluate(
            "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => i.currentSrc || i.src)")
        assert broken == [], f"{page_path}: images that did not load: {broken}"

        bad_alt = image_alt_problems(page)
        assert bad_alt == [], f"{page_path}: images without alt text that says what they show: {bad_alt}"
        violations = run_axe(page)
        assert violations == [], f"{page_path} ({mode} mode): axe-core violations: {violations}"

        name = page_path.replace("/", "__").removesuffix(".html")
        # JPEG: a full-page PNG of a long chapter takes seconds to encode.
        page.screenshot(path=str(screenshot_dir / f"{name}-{mode}.jpg"), full_page=True, type="jpeg", quality=80)
    finally:
        page.context.close()

    assert problems["external"] == [], f"{page_path}: requests to other hosts: {problems['external']}"
    assert problems["failed"] == [], f"{page_path}: failed requests: {problems['failed']}"
    assert problems["pageerror"] == [], f"{page_path}: page errors: {problems['pageerror']}"
    assert problems["console"] == [], f"{page_path}: console errors/warnings: {problems['console']}"


SLIDER_PAGES = [p for p in PAGES if not p.startswith("<") and "widget-state+json" in
                (HTML / p).read_text(encoding="utf-8")] or ["<no slider page>"]


@pytest.mark.parametrize("page_path", SLIDER_PAGES)
def test_precomputed_slider_changes_figure(browser, site_url, site_dir, screenshot_dir, page_path):
    """Every slider on the page, those in every tab of a Tab included, changes
    its figure when moved with the keyboard (no kernel: the saved widget
    state's jslink does it). Screenshots before and after are kept."""
    assert not page_path.startswith("<"), "no built page saved widget state (see test_widget_state_saved)"
    html = (site_dir / page_path).read_text(encoding="utf-8")
    name = page_path.replace("/", "__").removesuffix(".html")
    page, problems = _open(browser, site_url, page_path, "light")
    try:
        _wait_for_widgets(page, html)
        n_all = page.locator(".widget-slider").count()
        tested = _move_each_slider(page, page.locator(".widget-slider:visible"), screenshot_dir, name)
        assert tested > 0, f"{page_path} saves widget state but shows no slider"
        # A slider in another tab becomes reachable when its tab is clicked.
        tabs = page.locator(".widget-tab .lm-TabBar-tab")
        shown_first = [t for t in range(tabs.count())
                       if "lm-mod-current" in (tabs.nth(t).get_attribute("class") or "")]
        for t in range(tabs.count()):
            tab = tabs.nth(t)
            if t in shown_first:      # its sliders were visible, and tested, above
                continue
            tab.scroll_into_view_if_needed()
            tab.click()
            page.wait_for_function("t => t.classList.contains('lm-mod-current')", arg=tab.element_handle(),
                                   timeout=5_000)
            label = tab.inner_text().strip()
            panel = tab.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), "
                                "' widget-tab ')][1]")
            tested += _move_each_slider(page, panel.locator(".widget-slider:visible"), screenshot_dir,
                                        f"{name}-tab-{label}")
        assert tested == n_all, f"{page_path}: {n_all} sliders on the page, {tested} reachable and tested"
    finally:
        page.context.close()
    assert problems["pageerror"] == [], problems["pageerror"]


def _move_each_slider(page, sliders, screenshot_dir, name):
    """Press an arrow key on each of ``sliders``; assert that its figure changed. Returns how many."""
    n_sliders = sliders.count()
    for i in range(n_sliders):
        slider = sliders.nth(i)
        box = slider.locator("xpath=ancestor::div[contains(@class, 'widget-subarea')][1]")
        handle = slider.locator(".noUi-handle")
        slider.scroll_into_view_if_needed()
        before_value, before_text = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuetext")
        maximum = handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if before_value == maximum else "ArrowRight"
        before_png = box.screenshot()
        before_srcs = box.evaluate(
            "b => Array.from(b.querySelectorAll('img, canvas')).filter(i => i.offsetParent)"
            ".map(i => i.tagName === 'CANVAS' ? i.toDataURL() : i.src)")
        handle.focus()
        page.keyboard.press(key)
        page.wait_for_function("([h, v, t]) => h.getAttribute('aria-valuenow') !== v"
                               " || h.getAttribute('aria-valuetext') !== t",   # a log slider: 0.0 -> 0.0, text 1 -> 1.01
                               arg=[handle.element_handle(), before_value, before_text], timeout=5_000)
        page.wait_for_timeout(300)
        after_srcs = box.evaluate(
            "b => Array.from(b.querySelectorAll('img, canvas')).filter(i => i.offsetParent)"
            ".map(i => i.tagName === 'CANVAS' ? i.toDataURL() : i.src)")
        after_png = box.screenshot()
        (screenshot_dir / f"{name}-slider{i}-before.png").write_bytes(before_png)
        (screenshot_dir / f"{name}-slider{i}-after-{key}.png").write_bytes(after_png)
        assert before_srcs and after_srcs, f"{name}: slider {i}'s figure is not visible"
        assert after_srcs != before_srcs, f"{name}: slider {i} moved but the figure shown did not change"
        assert after_png != before_png, f"{name}: slider {i} moved but the widget looks the same"
    return n_sliders


WIDGET_CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("*.md")
                         if p.name != "api.md" and "nnlib.widgets" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("chapter", WIDGET_CHAPTERS or ["<none>"])
def test_widget_state_saved(site_dir, chapter):
    """A chapter that uses nnlib.widgets has its widgets' state saved in the page
    (otherwise its sliders are dead on the static site)."""
    if chapter == "<none>":
        pytest.skip("no chapter uses nnlib.widgets")
    html = (site_dir / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    assert 'type="application/vnd.jupyter.widget-state+json"' in html, f"{chapter}: no saved widget state"
    assert "application/vnd.jupyter.widget-view+json" in html, f"{chapter}: no widget view in the page"
