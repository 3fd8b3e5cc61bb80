"""Page weight as a reader's browser transfers it (issue 12): served gzipped like
GitHub Pages (benchmarks/site.py's server), loaded cold in Chromium, every
request's encoded bytes summed until the network is quiet. Slider pages (a saved
widget state) at most 1.5 MB, the others at most 1 MB (10^6 bytes)."""

from __future__ import annotations

import sys
import time

import pytest

from sitepaths import HTML, ROOT, built_pages

sys.path.insert(0, str(ROOT))
from benchmarks.site import Server  # noqa: E402

SLIDER_LIMIT, TEXT_LIMIT = 1_500_000, 1_000_000
BOOK_PAGES = [p for p in built_pages() if p.startswith("book/")]


def is_slider_page(path):
    return "application/vnd.jupyter.widget-state+json" in (HTML / path).read_text(errors="replace")


def transferred(browser, url):
    """{file name: bytes transferred} of one cold load of ``url`` (query strings dropped)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls, sizes, last = {}, {}, [time.monotonic()]

    def sent(event):
        urls[event["requestId"]] = event["request"]["url"]
        last[0] = time.monotonic()

    def finished(event):
        sizes[event["requestId"]] = event["encodedDataLength"]
        last[0] = time.monotonic()

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    try:
        page.goto(url, wait_until="load", timeout=120_000)
        while time.monotonic() - last[0] < 1.0:
            page.wait_for_timeout(200)
        by_name = {}
        for k, n in sizes.items():
            name = urls.get(k, "?").split("?")[0].rsplit("/", 1)[-1]
            by_name[name] = by_name.get(name, 0) + n
        return by_name
    finally:
        context.close()


@pytest.fixture(scope="module")
def gzip_site(site_dir):
    with Server(site_dir) as url:
        yield url


@pytest.mark.parametrize("page_path", BOOK_PAGES)
def test_page_weight(browser, gzip_site, page_path):
    limit = SLIDER_LIMIT if is_slider_page(page_path) else TEXT_LIMIT
    files = transferred(browser, f"{gzip_site}/{page_path}")
    total = sum(files.values())
    biggest = sorted(files.items(), key=lambda kv: -kv[1])[:5]
    assert total <= limit, (f"{page_path}: {total:,} bytes transferred (gzip) in {len(files)} files, over "
                            f"{limit:,}; the largest: {biggest}")


def test_weight_is_measured_compressed(browser, gzip_site):
    """The server compresses: chapter 1's HTML transfers far fewer bytes than its size on disk."""
    page = "book/01_neural_networks.html"
    html = transferred(browser, f"{gzip_site}/{page}").get("01_neural_networks.html")
    assert html is not None and html < 0.5 * (HTML / page).stat().st_size, (html, (HTML / page).stat().st_size)
