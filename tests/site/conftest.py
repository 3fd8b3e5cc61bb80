"""Fixtures for the site tests: the built book served on 127.0.0.1, and Chromium.

The book must be built first (`make book`; `make test` does it). Chromium is
Debian's (/usr/bin/chromium, installed by `make test`); Playwright never
downloads a browser here.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from sitepaths import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, HTML


def pytest_collection_modifyitems(config, items):
    """Mark every site test ``site``; without ``--site`` and without a built book, skip them."""
    built = (HTML / "index.html").exists()
    skip = pytest.mark.skip(reason=f"no built site in {HTML}: run `make book` first, or `make test` "
                                   "(which builds it and runs these with --site)")
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.site)
            if not built and not config.getoption("--site"):
                item.add_marker(skip)


def pytest_configure(config):
    """Start each run with empty screenshot and determinism folders (only in the
    main process: with pytest-xdist the workers write into them concurrently)."""
    if not hasattr(config, "workerinput"):
        for folder in ("screenshots", "determinism"):
            shutil.rmtree(ARTIFACTS / folder, ignore_errors=True)


@pytest.fixture(scope="session")
def site_dir():
    if not (HTML / "index.html").exists():
        pytest.fail(f"No built site in {HTML}: run `make book` first (make test does).")
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    """Base URL of the built site, served by http.server on 127.0.0.1 (free port)."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (make test does it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
