"""The API page's docstring escaping (_ext/nnlib_site.py): a literal glued to letters
gets an escaped space, and the text between two literals is never taken for one."""

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="the site extension needs Sphinx (the book extra)")
spec = importlib.util.spec_from_file_location("nnlib_site", Path(__file__).resolve().parents[1] / "_ext" / "nnlib_site.py")
nnlib_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nnlib_site)


def test_plural_literals_get_an_escaped_space():
    assert nnlib_site._space_after_literals("the ``X``s and ``Y``s.") == "the ``X``\\ s and ``Y``\\ s."


def test_text_between_two_literals_is_left_alone():
    line = "or ``(n, 1)`` for layer norm (per example); ``gamma``, shape ``(n,)``"
    assert nnlib_site._space_after_literals(line) == line
