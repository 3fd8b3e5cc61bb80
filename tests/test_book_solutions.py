"""Exercise solutions and checkers in the book's pages (book/*.md), read as text.

Each solution that shows code does so in a ```python block inside a dropdown
(":::{admonition} Solution"), where the page never runs it. So that a shown
solution cannot go stale, the same code must also sit in a hidden
(remove-cell) code cell of that page, which the book's build and the notebook
tests do run: this test extracts every such block and requires its lines, in
order and without gaps, in one hidden cell.

Checkers (functions named check_*) all answer the same way: they print a
sentence for the reader and return True or False.
"""

import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parent.parent / "book"
PAGES = sorted(p for p in BOOK.glob("*.md") if p.name != "api.md")

DROPDOWN = re.compile(r"^:::\{admonition\} Solution\n:class: dropdown\n(.*?)^:::$", re.S | re.M)
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
CODE_CELL = re.compile(r"^```\{code-cell\} ipython3\n(.*?)^```$", re.S | re.M)
CHECKER = re.compile(r"^def (check_\w+)\(.*?(?=^\S)", re.S | re.M)


def code_lines(source):
    """The non-blank lines of a piece of code, right-stripped: what must match."""
    return [line.rstrip() for line in source.splitlines() if line.strip()]


def hidden_cells(text):
    cells = [m.group(1) for m in CODE_CELL.finditer(text)]
    return [code_lines(c) for c in cells if re.search(r"^:tags: \[.*remove-cell.*\]", c, re.M)]


def contains(haystack, needle):
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def solution_blocks(text):
    for dropdown in DROPDOWN.finditer(text):
        for block in PYTHON_BLOCK.finditer(dropdown.group(1)):
            yield code_lines(block.group(1))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_shown_solution_is_run_by_a_hidden_cell(page):
    text = page.read_text()
    hidden = hidden_cells(text)
    for block in solution_blocks(text):
        assert any(contains(cell, block) for cell in hidden), (
            f"{page.name}: the solution code\n    " + "\n    ".join(block)
            + "\nappears in a dropdown but in no hidden (remove-cell) code cell, so nothing runs it. "
              "Copy it verbatim into the hidden cell after the dropdown.")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_checkers_print_and_return_a_bool(page):
    text = page.read_text()
    for cell in CODE_CELL.finditer(text):
        for checker in CHECKER.finditer(cell.group(1) + "\nend\n"):
            body = checker.group(0)
            name = checker.group(1)
            assert "print(" in body and "return True" in body and "return False" in body, (
                f"{page.name}: {name} must tell the reader in a printed sentence and return True or False, "
                "like every other checker in the book.")
            assert "raise AssertionError" not in body and 'return "' not in body, (
                f"{page.name}: {name} raises or returns a string; checkers print and return a bool.")


def test_the_sync_test_catches_a_stale_solution():
    page = ("Text\n\n:::{admonition} Solution\n:class: dropdown\n\n```python\nx = 1\nassert x == 1\n```\n:::\n\n"
            "```{code-cell} ipython3\n:tags: [remove-cell]\n\nx = 2\nassert x == 1\n```\n")
    hidden = hidden_cells(page)
    blocks = list(solution_blocks(page))
    assert blocks == [["x = 1", "assert x == 1"]]
    assert not any(contains(cell, blocks[0]) for cell in hidden)
    fixed = page.replace("x = 2", "x = 1")
    assert any(contains(cell, blocks[0]) for cell in hidden_cells(fixed))


def test_every_page_is_seen():
    assert len(PAGES) >= 11 and sum(1 for p in PAGES for _ in solution_blocks(p.read_text())) >= 10
