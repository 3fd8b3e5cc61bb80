"""Paths and settings shared by the site tests (imported by conftest and the tests)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# NNLIB_SITE_HTML points the tests at another build (for working on the tests).
HTML = Path(os.environ.get("NNLIB_SITE_HTML", ROOT / "_build" / "html"))
ARTIFACTS = ROOT / "test-artifacts"
# Debian's Chromium by default; CHROME_PATH (as Lighthouse names it) points at another.
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def built_pages():
    """Every page of the built site (relative paths), book pages first."""
    if not HTML.is_dir():
        return []
    pages = sorted(p.relative_to(HTML).as_posix() for p in HTML.glob("book/*.html"))
    pages += [name for name in ("genindex.html", "search.html", "py-modindex.html") if (HTML / name).exists()]
    return pages
