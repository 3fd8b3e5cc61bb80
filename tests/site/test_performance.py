"""Weight and layout shift of the built site (issue 12), where they can be
checked deterministically.

- Bytes: every page loaded cold in Chromium from a server that compresses like
  GitHub Pages (benchmarks/site.py's server; CDP ``encodedDataLength``, headers
  included) transfers at most 1.5 MB (10^6 bytes) when it has sliders, 1 MB
  otherwise.
- Layout shift: a ``layout-shift`` PerformanceObserver, registered before the
  page's first byte, sums every shift (not only Lighthouse's worst window) from
  navigation until MathJax has typeset, the widgets have rendered, and 1.5 s
  more have passed; at most 0.05 (Lighthouse's "good" CLS is 0.1), at the
  desktop size Lighthouse uses (1350 x 940) and on a phone (390 x 844). The
  sources of the shifts are named when it fails.
"""

from __future__ import annotations

import sys

import pytest

from sitepaths import HTML, ROOT, built_pages

sys.path.insert(0, str(ROOT))
from benchmarks.site import SLIDER_MODELS, Server, _load_once  # noqa: E402

pytestmark = pytest.mark.browser

PAGES = [p for p in built_pages() if p.startswith("book/")] or ["<no built site: run make book>"]
SLIDER_PAGE_LIMIT = 1_500_000
TEXT_PAGE_LIMIT = 1_000_000
MAX_SHIFT = 0.05


@pytest.fixture(scope="module")
def gzip_site(site_dir):
    with Server(site_dir) as url:
        yield url


def _sliders(page_path):
    return len(SLIDER_MODELS.findall((HTML / page_path).read_text(encoding="utf-8")))


@pytest.mark.parametrize("page_path", PAGES)
def test_transferred_bytes(browser, gzip_site, page_path):
    """A cold load, gzipped: at most 1.5 MB with sliders, 1 MB without."""
    assert not page_path.startswith("<"), "no pages found in _build/html: the book was not built"
    n_sliders = _sliders(page_path)
    images = '"_model_name": "ImageModel"' in (HTML / page_path).read_text(encoding="utf-8")
    load = _load_once(browser, f"{gzip_site}/{page_path}", n_sliders, images)
    limit = SLIDER_PAGE_LIMIT if n_sliders else TEXT_PAGE_LIMIT
    assert load["bytes"] <= limit, (f"{page_path}: {load['bytes'] / 1e6:.3f} MB transferred (gzip) in "
                                    f"{load['requests']} requests; the limit is {limit / 1e6:.1f} MB")


SHIFTS_JS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__shifts.push({t: Math.round(e.startTime), value: e.value, sources: (e.sources || []).map(s => {
      const n = s.node, p = s.previousRect, c = s.currentRect;
      const name = !n ? '?' : n.nodeType === 3 ? 'text "' + n.textContent.trim().slice(0, 40) + '"'
        : n.nodeName.toLowerCase() + (n.id ? '#' + n.id : '') + ' "' + (n.textContent || '').trim().slice(0, 40) + '"';
      return name + ` y ${Math.round(p.y)} -> ${Math.round(c.y)}, h ${Math.round(p.height)} -> ${Math.round(c.height)}`;
    })});
  }
}).observe({type: 'layout-shift', buffered: true});
"""

SIZES = {"desktop": {"viewport": {"width": 1350, "height": 940}},
         "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
                   "has_touch": True}}


def layout_shifts(browser, url, html, size):
    """[{t, value, sources}] of a cold load of ``url`` until maths and widgets are done, + 1.5 s."""
    from test_browser import _wait_for_math, _wait_for_widgets

    context = browser.new_context(**SIZES[size], service_workers="block")
    page = context.new_page()
    page.add_init_script(SHIFTS_JS)
    try:
        page.goto(url, wait_until="load", timeout=60_000)
        _wait_for_math(page, html)
        _wait_for_widgets(page, html)
        page.wait_for_timeout(1500)
        return page.evaluate("window.__shifts")
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("page_path", PAGES)
def test_layout_shift(browser, gzip_site, site_dir, page_path, size):
    """The text does not move while MathJax typesets and the widgets render."""
    assert not page_path.startswith("<"), "no pages found in _build/html: the book was not built"
    html = (site_dir / page_path).read_text(encoding="utf-8")
    shifts = layout_shifts(browser, f"{gzip_site}/{page_path}", html, size)
    total = sum(s["value"] for s in shifts)
    worst = sorted(shifts, key=lambda s: -s["value"])[:3]
    assert total <= MAX_SHIFT, (f"{page_path} ({size}): layout shift {total:.3f} > {MAX_SHIFT}; largest: "
                                + "; ".join(f"{s['value']:.3f} at {s['t']} ms: {s['sources']}" for s in worst))
