"""Keep nbval's executions of the notebooks for the site's determinism test.

nbval runs every code cell of every notebook in a fresh kernel (make
test-notebooks). Each cell's outputs are collected here and written, one
notebook per chapter, to test-artifacts/nbval-executions/; the determinism test
(tests/site/test_determinism.py) compares them with the book build's own
execution, so one `make test` executes each chapter twice (nbval, the book),
not three times.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

OUT = Path(__file__).resolve().parents[1] / "test-artifacts" / "nbval-executions"
_runs: dict[str, dict[int, nbformat.NotebookNode]] = {}


def pytest_configure(config):
    if not hasattr(config, "workerinput"):   # the main process, before any worker writes
        shutil.rmtree(OUT, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    yield
    cell = getattr(item, "cell", None)
    if call.when != "call" or cell is None:
        return
    outputs = getattr(item, "test_outputs", None) or []
    copy = nbformat.v4.new_code_cell(cell.source, metadata=dict(cell.metadata), outputs=list(outputs))
    _runs.setdefault(Path(str(item.fspath)).stem, {})[item.cell_num] = copy


def pytest_sessionfinish(session):
    OUT.mkdir(parents=True, exist_ok=True)
    for name, cells in _runs.items():
        notebook = nbformat.v4.new_notebook(cells=[cells[k] for k in sorted(cells)])
        nbformat.write(notebook, OUT / f"{name}.ipynb")
