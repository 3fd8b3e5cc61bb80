"""The student edition (make book-student): the book without its solutions.

Checked against the regular build, read independently of the code that
strips the solutions: a solution is what the regular page shows inside an
admonition titled "Solution" (bs4 on the built HTML).
"""

from __future__ import annotations

import functools
import json
import re

import pytest
from bs4 import BeautifulSoup
from conftest import squash, toc_files

PAGES = [f"{name}.html" for name in toc_files()]
MIN_LINE = 20      # shorter solution lines ("W2 = ...", "return L") may well occur elsewhere


@functools.lru_cache(maxsize=None)
def _read(path):
    return path.read_text(encoding="utf8")


def soup(path):
    return BeautifulSoup(_read(path), "html.parser")


def solution_admonitions(page):
    return [div for div in page.select("div.admonition")
            if (t := div.select_one(".admonition-title")) and t.get_text().strip().startswith("Solution")]


def _plain(text):
    return squash(re.sub(r"\\[()\[\]]|\$", "", text))


@functools.lru_cache(maxsize=None)
def text_outside_solutions(regular_html: str) -> str:
    page = BeautifulSoup(regular_html, "html.parser")
    for block in solution_admonitions(page):
        block.decompose()
    return _plain(page.get_text(" "))


@functools.lru_cache(maxsize=None)
def solution_lines(regular_html: str) -> tuple[str, ...]:
    """Lines of solution text that appear nowhere else on the regular page."""
    page = BeautifulSoup(regular_html, "html.parser")
    blocks = solution_admonitions(page)
    lines = []
    for block in blocks:
        for pre in block.select("pre"):          # code: line by line
            lines += pre.get_text().splitlines()
        for para in block.select("p, li"):       # prose: sentence by sentence
            if para.find_parent("pre") is None:
                lines += re.split(r"(?<=[.;:])\s+", para.get_text(" "))
    lines = [line.strip() for line in lines if len(line.strip()) >= MIN_LINE]
    for block in blocks:
        block.decompose()
    elsewhere = _plain(page.get_text(" "))
    return tuple(line for line in lines if _plain(line) not in elsewhere)


def leaked(lines, text: str) -> list[str]:
    plain = _plain(text)
    return [line for line in lines if _plain(line) in plain]


def notebook_text(path) -> str:
    nb = json.loads(path.read_text(encoding="utf8"))
    parts = []
    for cell in nb["cells"]:
        source = cell.get("source", "")
        parts.append("".join(source) if isinstance(source, list) else source)
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def test_the_regular_edition_has_solutions(regular_dir):
    """Otherwise the comparison below would prove nothing."""
    counts = {p: len(solution_admonitions(soup(regular_dir / p))) for p in PAGES}
    assert sum(counts.values()) >= 2 * (len(PAGES) - 1), counts
    assert sum(len(solution_lines(_read(regular_dir / p))) for p in PAGES) > 100


@pytest.mark.parametrize("page", PAGES)
def test_no_solution_text_in_the_student_edition(regular_dir, student_dir, page):
    lines = solution_lines(_read(regular_dir / page))
    student = soup(student_dir / page)
    assert solution_admonitions(student) == []
    assert leaked(lines, student.get_text(" ")) == [], f"{page}: solution text in the student page"
    stem = page.removesuffix(".html")
    for suffix in (".md", ".ipynb"):
        source = student_dir / "_sources" / f"{stem}{suffix}"
        if not source.exists():
            continue
        text = notebook_text(source) if suffix == ".ipynb" else source.read_text(encoding="utf8")
        assert leaked(lines, text) == [], f"{source.name}: solution text in the downloadable source"
        assert not re.search(r"\{admonition\}\s*Solution", text), f"{source.name}: a Solution admonition"


def test_the_check_finds_solution_text_left_in(regular_dir):
    """Planted failure: the regular page, taken as a 'student' page, leaks."""
    html = (regular_dir / "book/05_backpropagation.html").read_text(encoding="utf8")
    assert leaked(solution_lines(html), BeautifulSoup(html, "html.parser").get_text(" "))


def test_hidden_answer_cells_are_gone_from_the_downloads(regular_dir, student_dir):
    """The hidden cells that check the reference answer (remove-cell, after a
    solution) are in the regular download, and none of their code is in the
    student one."""
    leaked_total, hidden_total = [], 0
    for page in PAGES:
        stem = page.removesuffix(".html")
        regular_nb = regular_dir / "_sources" / f"{stem}.ipynb"
        if not regular_nb.exists():
            continue
        nb = json.loads(regular_nb.read_text(encoding="utf8"))
        html = _read(regular_dir / page)
        solutions, elsewhere = " ".join(solution_lines(html)), text_outside_solutions(html)
        student_text = _plain(notebook_text(student_dir / "_sources" / f"{stem}.ipynb"))
        for cell in nb["cells"]:
            tags = cell.get("metadata", {}).get("tags", [])
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            # A hidden cell that repeats a line of a solution holds the answer.
            answer = [line.strip() for line in source.splitlines()
                      if len(line.strip()) >= MIN_LINE and _plain(line) in _plain(solutions)
                      and _plain(line) not in elsewhere]
            if cell["cell_type"] == "code" and "remove-cell" in tags and answer:
                hidden_total += 1
                leaked_total += [line for line in answer if _plain(line) in student_text]
    assert hidden_total >= 3, "expected hidden cells that check reference answers in the regular edition"
    assert leaked_total == []


@pytest.mark.parametrize("page", PAGES)
def test_exercises_and_checkers_are_kept(regular_dir, student_dir, page):
    regular, student = soup(regular_dir / page), soup(student_dir / page)
    student_text = squash(student.get_text(" "))

    def exercises(s):
        return [squash(p.get_text(" ")) for p in s.select("p") if (b := p.find("strong"))
                and p.contents and b is p.find(True) and b.get_text().strip().startswith("Exercise")]

    assert exercises(student) == exercises(regular)
    # Every cell that defines a checker, with its output (the feedback on a wrong answer).
    for cell in regular.select("div.cell"):
        source = cell.select_one("div.cell_input")
        if source is None or "def check_" not in source.get_text():
            continue
        assert squash(source.get_text(" ")) in student_text, f"{page}: a checker cell is missing"
        output = cell.select_one("div.cell_output")
        if output is not None and output.get_text().strip():
            assert squash(output.get_text(" ")) in student_text, f"{page}: a checker's output is missing"


def test_checkers_exist(regular_dir):
    n = sum(_read(regular_dir / p).count("check_") > 0 for p in PAGES)
    assert n >= 5


def test_launch_buttons_only_in_the_regular_edition(regular_dir, student_dir):
    """Binder and Colab open the repository's notebooks, which have the solutions."""
    page = "book/03_neuron.html"
    assert "colab.research.google.com" in _read(regular_dir / page)
    student = (student_dir / page).read_text(encoding="utf8")
    assert "colab.research.google.com" not in student and "mybinder.org" not in student
    # ... and the download button offers the student notebook.
    assert "_sources/book/03_neuron.ipynb" in student
    assert (student_dir / "_sources/book/03_neuron.ipynb").exists()


def test_student_edition_is_titled(student_dir):
    assert "student edition" in (student_dir / "book/intro.html").read_text(encoding="utf8")


@pytest.mark.slow
def test_the_student_notebook_runs(student_dir, tmp_path):
    """A downloaded student notebook still runs from top to bottom: the checkers
    are defined, and they still tell a wrong answer from a right one."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(student_dir / "_sources/book/03_neuron.ipynb", as_version=4)
    nbformat.validate(nb)
    assert any("def check_derivative" in cell.source for cell in nb.cells)
    assert not any("_swish_prime" in cell.source for cell in nb.cells), "the hidden reference answer is still there"
    nb.cells.append(nbformat.v4.new_code_cell(
        "def swish_prime(z):\n    s = nnlib.sigmoid(z)\n    return s + z * s * (1 - s)\n"
        "assert check_derivative(swish, swish_prime) is True\n"
        "assert check_derivative(swish, nnlib.sigmoid) is False"))
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
