"""Fixtures for the editions tests: the regular site, the student site and the PDF.

`make test-editions` (part of `make test`) builds all three first
(`make book`, `make book-student`, `make pdf`). The stripping functions are
imported from _ext/nnlib_student.py.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))

REGULAR = ROOT / "_build" / "html"
STUDENT = ROOT / "_build" / "student" / "html"
PDF = ROOT / "_build" / "pdf" / "nnlib-book.pdf"


def toc_files():
    """Every page of the book in _toc.yml order (root first), as 'book/name'."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def squash(text: str) -> str:
    """Text compared without whitespace, ligatures or case (PDF text extraction
    joins words at line breaks and writes 'fi' as one glyph)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _need(path: Path, target: str):
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make {target}` first (make test-editions does).")
    return path


@pytest.fixture(scope="session")
def regular_dir():
    return _need(REGULAR, "book").parent / "html"


@pytest.fixture(scope="session")
def student_dir():
    return _need(STUDENT, "book-student").parent / "html"


@pytest.fixture(scope="session")
def pdf_path():
    return _need(PDF, "pdf")
