"""Sphinx extension for the one-page build that the PDF is printed from.

Loaded only by ``python _ext/editions.py singlehtml`` (``make pdf``), which
builds the whole book as one HTML page with Sphinx's ``singlehtml`` builder.
Two things that builder does not do for this book:

* MyST-NB adds the widget scripts and each page's saved widget state only to
  the page that has widgets; the single page is the root document, which has
  none, so the sliders would not render. Add every page's widget state and
  the widget scripts (once) to the single page.
* The page is written to ``book/intro.html`` (the root document's name) but
  its links to ``_static/``, ``_images/`` and ``vendor/`` are relative to the
  output folder; write it to ``index.html`` as well, where they resolve.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def add_every_pages_widgets(app, pagename, templatename, context, doctree):
    if app.builder.name != "singlehtml" or pagename != app.config.root_doc:
        return
    from myst_nb.sphinx_ext import NbMetadataCollector

    seen = set()
    for docname in app.env.found_docs:
        if docname == pagename:
            continue       # MyST-NB itself adds the root page's own files
        for key, (path, kwargs) in NbMetadataCollector.get_js_files(app.env, docname).items():
            ident = path or hashlib.sha256(repr(sorted(kwargs.items())).encode()).hexdigest()
            if ident in seen:
                continue
            seen.add(ident)
            app.add_js_file(path, **kwargs)


def write_index(app, exception):
    if exception is not None or app.builder.name != "singlehtml":
        return
    outdir = Path(app.outdir)
    page = outdir / f"{app.config.root_doc}.html"
    if page.exists():
        (outdir / "index.html").write_text(page.read_text(encoding="utf8"), encoding="utf8")


def setup(app):
    # MyST-NB adds the page's own files at the default priority (500).
    app.connect("html-page-context", add_every_pages_widgets, priority=550)
    app.connect("build-finished", write_index)
    version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": version}
