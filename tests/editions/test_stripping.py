"""The student edition's stripping rules (_ext/nnlib_student.py) on small pages."""

from __future__ import annotations

import json

from docutils import nodes
from nnlib_student import strip_markdown, strip_notebook, strip_solutions

PAGE = """\
**Exercise 1.1.** Write `f`.

:::{admonition} Solution
:class: dropdown

```python
def f(x):
    return 2 * x   # the answer
```
:::

The checker accepts the solution:

**Exercise 1.2.** Prove it.

````{admonition} Solution 1.2
Because.
```python
# not a heading
```
````

## Summary

Kept.
"""


def test_markdown_keeps_exercises_and_drops_solutions():
    text, open_run = strip_markdown(PAGE)
    assert "**Exercise 1.1.** Write `f`." in text and "**Exercise 1.2.** Prove it." in text
    assert "## Summary" in text and "Kept." in text
    for gone in ("Solution", "the answer", "The checker accepts", "Because.", "not a heading"):
        assert gone not in text, gone
    assert open_run is False


def test_a_solution_run_goes_on_into_the_next_cell():
    text, open_run = strip_markdown("**Exercise 2.1.** Go.\n\n:::{admonition} Solution\nYes.\n:::\n")
    assert text == "**Exercise 2.1.** Go." and open_run is True
    text, open_run = strip_markdown("Said after the solution.\n\n**Exercise 2.2.** Next.", open_run)
    assert text == "**Exercise 2.2.** Next." and open_run is False


def _cell(kind, source, tags=()):
    cell = {"cell_type": kind, "metadata": {"tags": list(tags)} if tags else {}, "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def test_notebook_drops_answer_cells_and_keeps_checkers():
    nb = {"cells": [
        _cell("markdown", "**Exercise 3.1.** Write `g`."),
        _cell("code", "def check_g(g):\n    return g(1) == 2"),
        _cell("markdown", ":::{admonition} Solution\n```python\ndef g(x): return 2 * x\n```\n:::"),
        _cell("code", "def _g(x):\n    return 2 * x\nassert check_g(_g)", tags=["remove-cell"]),
        _cell("code", "print('visible, runs the answer')"),
        _cell("markdown", "**Exercise 3.2.** Next."),
        _cell("code", "answer = 42", tags=["solution"]),
        _cell("code", "kept = 1"),
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    sources = [c["source"] for c in strip_notebook(json.loads(json.dumps(nb)))["cells"]]
    assert sources == ["**Exercise 3.1.** Write `g`.", "def check_g(g):\n    return g(1) == 2",
                       "**Exercise 3.2.** Next.", "kept = 1"]


def _para(*children):
    return nodes.paragraph("", "", *children)


def test_doctree_drops_solutions_up_to_the_next_exercise():
    section = nodes.section()
    solution = nodes.admonition("", nodes.title("", "Solution"), _para(nodes.Text("the answer")), classes=["dropdown"])
    note = nodes.admonition("", nodes.title("", "Note"), _para(nodes.Text("kept note")))
    answer_cell = nodes.container("", _para(nodes.Text("runs the answer")), classes=["cell"])
    tagged = nodes.container("", _para(nodes.Text("tagged answer")), classes=["cell", "tag_solution"])
    section += [
        nodes.title("", "Exercises"),
        _para(nodes.Text(""), nodes.strong("", "Exercise 1.1."), nodes.Text(" Do it.")),
        nodes.container("", _para(nodes.Text("def check_it")), classes=["cell"]),
        solution, answer_cell,
        _para(nodes.strong("", "Exercise 1.2."), nodes.Text(" Again.")),
        note, tagged,
    ]
    doc = nodes.document(None, None)
    doc += section
    assert strip_solutions(doc) == 3
    text = doc.astext()
    assert "Exercise 1.1." in text and "def check_it" in text and "Exercise 1.2." in text and "kept note" in text
    assert "the answer" not in text and "runs the answer" not in text and "tagged answer" not in text
