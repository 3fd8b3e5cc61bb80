"""The built site for a reader with a screen reader or a phone (issue 12).

- axe-core (npm, pinned in package-lock.json) on every page, in light and in
  dark mode, after MathJax and the widgets have rendered: no violation at all
  (test_browser.test_page runs it on the page it has already loaded).
- Every slider is named by its visible label, announces the value its readout
  shows (before and after a key press), and its handle is at least 24 x 24 px.
- Every image in a page's text has alt text that says something (not a file
  name or a hash), widget images included.
- At 390 px wide no page scrolls sideways, every equation number is on
  screen, and an equation wider than the column scrolls inside its own box.
- No widget has a copy of its own picture beside it.
"""

from __future__ import annotations

import re
import pytest

from sitepaths import HTML, ROOT, built_pages

pytestmark = pytest.mark.browser

PAGES = built_pages() or ["<no built site: run make book>"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

BAD_ALT = re.compile(r"(^|/)_images/|\.(png|jpe?g|svg|gif)$|^[0-9a-f]{16,}|^image$|^figure$|^plot$", re.I)


def run_axe(page):
    """axe-core's violations on the page as it is now: [(rule id, impact, [html of the first nodes])]."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: npm ci (make book installs it from package-lock.json).")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("""() => axe.run(document, {resultTypes: ['violations']}).then(r =>
        r.violations.map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.html.slice(0, 200))]))""")


def image_alt_problems(page):
    """(src, alt) of every image in the article whose alt text is missing, empty, or a file name."""
    images = page.evaluate("""() => Array.from(document.querySelectorAll('article.bd-article img'))
        .filter(i => !(i.currentSrc || i.src).includes('/_static/'))   // the theme's own icons
        .map(i => [i.currentSrc || i.src, i.getAttribute('alt')])""")
    return [(src[-60:], alt) for src, alt in images
            if alt is None or len(alt.strip()) < 15 or BAD_ALT.search(alt.strip())]


SLIDER_STATE_JS = """h => {
  const box = h.closest('.widget-slider, .widget-hslider, .jupyter-widgets');
  const readout = box && box.querySelector('.widget-readout');
  const label = box && box.querySelector('.widget-label');
  const ids = (h.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const named = ids.map(id => document.getElementById(id)).filter(Boolean)
                   .map(e => e.textContent.trim()).join(' ') || (h.getAttribute('aria-label') || '').trim();
  const r = h.getBoundingClientRect();
  return {name: named, label: label ? label.textContent.trim() : '', valuetext: h.getAttribute('aria-valuetext'),
          readout: readout ? readout.textContent.trim() : null, width: r.width, height: r.height};
}"""


def check_slider(handle, where):
    """The handle is named by its label, announces its readout, and is a 24 x 24 px target."""
    state = handle.evaluate(SLIDER_STATE_JS)
    assert state["name"], f"{where}: a slider has no accessible name"
    assert state["label"] and state["name"] == state["label"], \
        f"{where}: slider named {state['name']!r}, its visible label is {state['label']!r}"
    assert state["readout"], f"{where}: slider {state['name']!r} shows no readout"
    assert state["valuetext"] == state["readout"], \
        f"{where}: slider {state['name']!r} announces {state['valuetext']!r} but shows {state['readout']!r}"
    assert state["width"] >= 24 and state["height"] >= 24, \
        f"{where}: slider {state['name']!r}'s handle is {state['width']:.0f} x {state['height']:.0f} px (< 24 x 24)"
    return state


# -- phone ---------------------------------------------------------------------

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}

PHONE_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const wide = Array.from(document.querySelectorAll('body *')).filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) return false;
    // inside a box that scrolls or clips sideways: not the page's problem
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false;
    }
    return getComputedStyle(e).position !== 'fixed';
  }).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + (e.className && e.className.baseVal === undefined
                                                          ? e.className : '') + ' ' + (e.textContent || '').slice(0, 40));
  const eqnos = Array.from(document.querySelectorAll('div.math > .eqno')).map(e => {
    const r = e.getBoundingClientRect();
    return [e.textContent.replace('#', '').trim(), r.left, r.right];
  }).filter(([t, l, r]) => l < 0 || r > vw + 1);
  const unscrollable = Array.from(document.querySelectorAll('div.math > mjx-container[display="true"]'))
    .filter(m => m.scrollWidth > m.clientWidth + 1 && !['auto', 'scroll'].includes(getComputedStyle(m).overflowX))
    .map(m => m.parentElement.textContent.slice(0, 40));
  return {scrollWidth: document.documentElement.scrollWidth, vw, wide, eqnos, unscrollable};
}"""


@pytest.mark.parametrize("page_path", PAGES)
def test_phone_width(browser, site_url, site_dir, screenshot_dir, page_path):
    """At 390 px: nothing makes the page scroll sideways; equation numbers are
    on screen; an equation too wide for the column scrolls in its own box."""
    assert not page_path.startswith("<"), "no pages found in _build/html: the book was not built"
    from test_browser import _load_all_images, _wait_for_math, _wait_for_widgets

    html = (site_dir / page_path).read_text(encoding="utf-8")
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/{page_path}", wait_until="load")
        _wait_for_math(page, html)
        _wait_for_widgets(page, html)
        _load_all_images(page)
        state = page.evaluate(PHONE_JS)
        name = page_path.replace("/", "__").removesuffix(".html")
        page.screenshot(path=str(screenshot_dir / f"{name}-phone.jpg"), full_page=True, type="jpeg", quality=70)
    finally:
        context.close()
    assert state["scrollWidth"] <= state["vw"] + 1, \
        f"{page_path}: {state['scrollWidth']} px wide on a {state['vw']} px screen; too wide: {state['wide']}"
    assert state["eqnos"] == [], f"{page_path}: equation numbers off screen at 390 px: {state['eqnos']}"
    assert state["unscrollable"] == [], f"{page_path}: equations cut off, not scrollable: {state['unscrollable']}"


# -- sliders ---------------------------------------------------------------------

SLIDER_PAGES = [p for p in PAGES if not p.startswith("<") and "widget-state+json" in
                (HTML / p).read_text(encoding="utf-8")] or ["<no slider page>"]


@pytest.mark.parametrize("page_path", SLIDER_PAGES)
def test_sliders_named_and_announce_their_value(browser, site_url, site_dir, page_path):
    """Each slider (in every tab): named by its label; aria-valuetext equals the
    readout before and after an arrow key; handle at least 24 x 24 px."""
    assert not page_path.startswith("<"), "no built page saved widget state"
    from test_browser import _open, _wait_for_widgets

    html = (site_dir / page_path).read_text(encoding="utf-8")
    page, problems = _open(browser, site_url, page_path, "light")
    checked = 0
    try:
        _wait_for_widgets(page, html)
        page.wait_for_function("document.querySelectorAll('[role=slider][aria-valuetext]').length > 0",
                               timeout=20_000)
        tabs = page.locator(".widget-tab .lm-TabBar-tab")
        for t in range(max(tabs.count(), 1)):
            if tabs.count():
                tabs.nth(t).scroll_into_view_if_needed()
                tabs.nth(t).click()
            handles = page.locator("[role=slider]:visible")
            for i in range(handles.count()):
                handle = handles.nth(i)
                handle.scroll_into_view_if_needed()
                before = check_slider(handle, page_path)
                key = "ArrowLeft" if handle.get_attribute("aria-valuenow") == handle.get_attribute(
                    "aria-valuemax") else "ArrowRight"
                handle.focus()
                page.keyboard.press(key)
                page.wait_for_function("([h, v]) => h.getAttribute('aria-valuetext') !== v",
                                       arg=[handle.element_handle(), before["valuetext"]], timeout=5_000)
                after = check_slider(handle, page_path)
                assert after["readout"] != before["readout"], f"{page_path}: {key} did not change the readout"
                checked += 1
    finally:
        page.context.close()
    n_models = len(re.findall(r'"_model_name": "\w*SliderModel"', html))
    assert checked == n_models, f"{page_path}: {n_models} sliders saved, {checked} reachable and checked"


# -- duplicates --------------------------------------------------------------------

_EXPLORER = ROOT / "nnlib" / "widgets" / "explorer.py"
_EXPLORER_SHOWS_COPY = _EXPLORER.exists() and "show_figure=True" in _EXPLORER.read_text(encoding="utf-8")

DUPLICATE_JS = """async () => {
  function thumb(img) {
    const c = document.createElement('canvas'); c.width = 48; c.height = 24;
    const g = c.getContext('2d', {willReadFrequently: true});
    g.drawImage(img, 0, 0, 48, 24);
    const d = g.getImageData(0, 0, 48, 24).data, out = [];
    for (let i = 0; i < d.length; i += 4) out.push((d[i] + d[i + 1] + d[i + 2]) / 3);
    return out;
  }
  const found = [];
  for (const cell of document.querySelectorAll('.cell_output')) {
    const shown = Array.from(cell.querySelectorAll('img.widget-image')).filter(i => i.offsetParent);
    const fixed = Array.from(cell.querySelectorAll('img')).filter(i => !i.classList.contains('widget-image')
                                                                      && i.offsetParent);
    for (const a of fixed) {
      await a.decode().catch(() => null);
      for (const b of shown) {
        await b.decode().catch(() => null);
        const ra = a.naturalWidth / a.naturalHeight, rb = b.naturalWidth / b.naturalHeight;
        const ta = thumb(a), tb = thumb(b);
        const diff = ta.reduce((s, v, i) => s + Math.abs(v - tb[i]), 0) / ta.length;
        found.push({src: a.src.slice(-30), ratio: Math.abs(ra / rb - 1), diff});
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("page_path", [
    pytest.param(p, marks=pytest.mark.xfail(
        _EXPLORER_SHOWS_COPY and any(k in p for k in ("07_", "08_")),
        reason="the init-scale explorer still shows its first frame as a static copy (show_figure=True); "
               "the live-explorer rebuild removes it, and this check then applies to chapters 7-8 too"))
    for p in SLIDER_PAGES])
def test_no_duplicate_figure_next_to_widget(browser, site_url, site_dir, page_path):
    """A static image in a widget's cell output must not be the widget's own
    picture again: a shape within 25 % of the frame's and a 48 x 24 grey
    thumbnail within 12 of 255 per pixel on average. (Measured on the site
    before issue 12: chapter 10's race drawn twice, 18 % and 8.2; chapter 7's
    explorer copy, 2 % and 9.6; chapter 10's deliberately different 3-panel
    figure above the learning-rate slider, 35 % and 15.6.)"""
    assert not page_path.startswith("<"), "no built page saved widget state"
    from test_browser import _load_all_images, _open, _wait_for_widgets

    html = (site_dir / page_path).read_text(encoding="utf-8")
    page, _problems = _open(browser, site_url, page_path, "light")
    try:
        _wait_for_widgets(page, html)
        _load_all_images(page)
        pairs = page.evaluate(DUPLICATE_JS)
    finally:
        page.context.close()
    duplicates = [p for p in pairs if p["ratio"] < 0.25 and p["diff"] < 12]
    assert duplicates == [], f"{page_path}: static figure(s) repeating the widget beside them: {duplicates}"


def test_bad_alt_pattern():
    """The alt-text filter rejects what the site used to have and accepts a sentence."""
    assert BAD_ALT.search("../_images/5305a3a642783794383b4c007632809d095d7101271ac469b3ecf5b1b68813b8.png")
    assert BAD_ALT.search("5305a3a642783794383b4c00")
    assert not BAD_ALT.search("Variance relative to layer 1 over 50 layers: ReLU + He stays level.")


# -- figures to enlarge on a phone -------------------------------------------------

IMAGE_WIDGET_PAGES = [p for p in SLIDER_PAGES if not p.startswith("<") and
                      '"_model_name": "ImageModel"' in (HTML / p).read_text(encoding="utf-8")] or ["<none>"]


@pytest.mark.parametrize("page_path", IMAGE_WIDGET_PAGES)
def test_widget_figures_enlarge_at_phone_width(browser, site_url, site_dir, page_path):
    """At 390 px a widget's frame is scaled to the column (its text ~4-5 CSS px).
    Each widget image shown has an "Enlarge figure" button: pressed from the
    keyboard it opens a modal dialog showing the same image, with its alt text,
    at no less than its own pixel width (the frame's text at the size it was
    drawn, 9-10 px), with no axe-core violation; Escape closes it and returns
    the focus to the button."""
    assert not page_path.startswith("<"), "no built page saves an image widget"
    from test_browser import _load_all_images, _wait_for_widgets

    html = (site_dir / page_path).read_text(encoding="utf-8")
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    checked = 0
    try:
        page.goto(f"{site_url}/{page_path}", wait_until="load")
        _wait_for_widgets(page, html)
        _load_all_images(page)
        images = page.locator(".cell_output img.widget-image:visible, .nnlib-explorer-first-paint img:visible")
        for i in range(images.count()):
            image = images.nth(i)
            box = image.locator("xpath=ancestor::*[contains(concat(' ', @class, ' '), ' widget-subarea ') or "
                                "contains(concat(' ', @class, ' '), ' nnlib-explorer-first-paint ')][1]")
            button = box.locator(":scope > button.nnlib-enlarge")
            assert button.count() == 1, f"{page_path}: widget image {i} has no Enlarge button"
            shown = image.evaluate("i => ({src: i.currentSrc || i.src, alt: i.alt, natural: i.naturalWidth, "
                                   "width: i.getBoundingClientRect().width})")
            assert shown["width"] < shown["natural"], "the phone column did not scale this frame down"
            button.scroll_into_view_if_needed()
            button.focus()
            page.keyboard.press("Enter")
            dialog = page.locator("dialog.nnlib-enlarged[open]")
            dialog.wait_for(timeout=5_000)
            big = dialog.locator("img").evaluate(
                "i => i.decode().then(() => ({src: i.currentSrc || i.src, alt: i.alt, "
                "width: i.getBoundingClientRect().width, natural: i.naturalWidth}))")
            assert big["src"] == shown["src"] and big["alt"] == shown["alt"], \
                f"{page_path}: the dialog shows another image than widget image {i}"
            assert big["width"] >= big["natural"] - 0.5, \
                f"{page_path}: enlarged image {big['width']:.0f} px wide, smaller than its {big['natural']} px"
            if checked == 0:
                violations = run_axe(page)
                assert violations == [], f"{page_path}: axe-core violations with the dialog open: {violations}"
            page.keyboard.press("Escape")
            dialog.wait_for(state="hidden", timeout=5_000)
            assert button.evaluate("b => document.activeElement === b"), \
                f"{page_path}: closing the dialog did not return the focus to its button"
            checked += 1
    finally:
        context.close()
    assert checked > 0, f"{page_path}: no widget image to enlarge"
