"""Each chapter page book/<name>.md and its notebook notebooks/<name>.ipynb hold
the same cells (type, source, tags): the notebook's are the page's after
tools/reader_notebooks.py turned its MyST-only syntax into what every notebook
front end renders. Compared here cell by cell. Regenerate with `make sync`."""

from __future__ import annotations

import sys

import jupytext
import pytest

from sitepaths import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from reader_notebooks import reader_notebook  # noqa: E402

BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
PAGES = sorted(p for p in BOOK.glob("*.md") if p.name != "api.md")


def cells(notebook):
    return [(cell.cell_type, cell.source, sorted(cell.metadata.get("tags", []))) for cell in notebook.cells]


def differences(page_cells, notebook_cells):
    """Human-readable differences between two cell lists (empty when in sync)."""
    found = []
    if len(page_cells) != len(notebook_cells):
        found.append(f"{len(page_cells)} cells in the page, {len(notebook_cells)} in the notebook")
    for i, (a, b) in enumerate(zip(page_cells, notebook_cells)):
        for what, x, y in zip(("type", "source", "tags"), a, b):
            if x != y:
                found.append(f"cell {i}: {what} differs: page {x!r:.80} / notebook {y!r:.80}")
    return found


def test_there_are_chapters():
    assert PAGES, "no chapter pages in book/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_and_notebook_have_the_same_cells(page):
    notebook_path = NOTEBOOKS / f"{page.stem}.ipynb"
    assert notebook_path.exists(), f"{notebook_path.relative_to(ROOT)} is missing: run make sync"
    page_nb = reader_notebook(page)
    notebook = jupytext.read(notebook_path)
    found = differences(cells(page_nb), cells(notebook))
    assert found == [], f"{page.name} and its notebook differ (run make sync):\n" + "\n".join(found[:20])


def test_every_notebook_has_a_page():
    orphans = [p.name for p in NOTEBOOKS.glob("*.ipynb") if not (BOOK / f"{p.stem}.md").exists()]
    assert orphans == [], f"notebooks without a page in book/: {orphans}"


def test_comparison_catches_edits():
    page = [("markdown", "# T", []), ("code", "x = 1", ["remove-cell"])]
    assert differences(page, list(page)) == []
    assert differences(page, [("markdown", "# T", []), ("code", "x = 2", ["remove-cell"])])
    assert differences(page, [("markdown", "# T", []), ("code", "x = 1", [])])
    assert differences(page, page[:1])
