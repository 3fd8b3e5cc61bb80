"""Every internal link and anchor of the built site resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from sitepaths import HTML

SKIP_DIRS = {"_static", "vendor", "_sources", "_images"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("preconnect", "dns-prefetch")):
                self.links.append(attrs[key])


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def site_pages():
    return [p for p in HTML.rglob("*.html") if not SKIP_DIRS & set(p.relative_to(HTML).parts)]


def broken_links(pages, root=HTML):
    """(page, link, problem) for every internal link that does not resolve."""
    parsed = {}

    def get(path):
        if path not in parsed:
            parsed[path] = parse(path)
        return parsed[path]

    problems = []
    for page in pages:
        for link in get(page).links:
            url = urlparse(link)
            if url.scheme or link.startswith(("//", "mailto:", "javascript:", "data:")):
                continue
            target_part, fragment = urldefrag(link)
            target_path = unquote(urlparse(target_part).path)
            if target_path:
                target = (page.parent / target_path).resolve()
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = page
            if not target.exists():
                problems.append((page.relative_to(root).as_posix(), link, "missing file"))
                continue
            if fragment and target.suffix == ".html" and unquote(fragment) not in get(target).ids:
                problems.append((page.relative_to(root).as_posix(), link, "missing anchor"))
    return problems


def test_internal_links_and_anchors_resolve():
    pages = site_pages()
    assert pages, f"no HTML pages under {HTML}: run make book first"
    assert any(p.parent.name == "book" for p in pages)
    problems = broken_links(pages)
    assert problems == [], "broken internal links:\n" + "\n".join(map(str, problems[:50]))


def test_link_checker_finds_broken_links(tmp_path):
    (tmp_path / "a.html").write_text('<h1 id="top">A</h1><a href="b.html#here">ok</a><a href="#top">ok</a>'
                                     '<a href="b.html#nowhere">bad anchor</a><a href="c.html">bad file</a>'
                                     '<a href="https://example.org/x">external, not checked</a>')
    (tmp_path / "b.html").write_text('<p id="here">B</p>')
    problems = broken_links([tmp_path / "a.html"], root=tmp_path)
    assert [(link, why) for _page, link, why in problems] == [("b.html#nowhere", "missing anchor"),
                                                              ("c.html", "missing file")]


@pytest.mark.parametrize("path", ["index.html", "book/intro.html", "book/api.html"])
def test_key_pages_built(path):
    assert (HTML / path).exists(), f"{path} missing from the built site"
