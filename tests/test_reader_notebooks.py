"""tools/reader_notebooks.py: the MyST pages become notebooks that read well
without a MyST renderer (Colab, GitHub, plain JupyterLab)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from reader_notebooks import reader_notebook  # noqa: E402

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def make_page(tmp_path, body, name="07_demo.md"):
    (tmp_path / "03_neuron.md").write_text(HEADER + "\n# The neuron\n", encoding="utf-8")
    page = tmp_path / name
    page.write_text(HEADER + body, encoding="utf-8")
    return page


def markdown(notebook):
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_labels_roles_equations_and_solutions(tmp_path):
    page = make_page(tmp_path, """
(ch-demo)=
# Demo

See {doc}`03_neuron` and {doc}`the neuron chapter <03_neuron>`; `{doc}` in code stays.

```{math}
:label: eq-a
a = 1
```

$$
b = 2
$$ (eq-b)

By {eq}`eq-b` and {eq}`eq-a`, and inline {math}`c`; see {ref}`the end <demo-end>` and {ref}`demo-end`.

1. item
   ```{math}
   :label: eq-c
   c = 3
   ```

**Exercise 7.1.** Why?

:::{admonition} Solution
:class: dropdown

Because $x$.
:::

:::{note}
Careful.
:::

(demo-end)=
## The last part

```{code-cell} ipython3
:tags: [hide-input]

x = 1
```

```{code-cell} ipython3
:tags: [remove-cell]

y = 2
```

```{code-cell} ipython3
z = 3
```
""")
    nb = reader_notebook(page)
    text = markdown(nb)
    assert "(ch-demo)=" not in text and text.startswith("# Demo")
    assert "See [The neuron](03_neuron.ipynb) and [the neuron chapter](03_neuron.ipynb); `{doc}` in code" in text
    assert "$$\na = 1\n\\tag{7.1}\n$$" in text
    assert "$$\nb = 2\n\\tag{7.2}\n$$" in text
    assert ("By (7.2) and (7.1), and inline $c$; see [the end](#The-last-part) and [The last part](#The-last-part)."
            in text)
    assert "   $$\n   c = 3\n   \\tag{7.3}\n   $$" in text
    assert "<details>\n<summary>Solution</summary>\n\nBecause $x$.\n\n</details>" in text
    assert "> **Note**\n>\n> Careful." in text
    assert ":::" not in text and "{math}" not in text and "{eq}" not in text
    hidden, removed, shown = [c for c in nb.cells if c.cell_type == "code"]
    assert hidden.metadata["jupyter"] == {"source_hidden": True} and hidden.metadata["tags"] == ["hide-input"]
    assert removed.metadata["jupyter"] == {"source_hidden": True} and removed.metadata["tags"] == ["remove-cell"]
    assert "jupyter" not in shown.metadata


def test_unnumbered_page_numbers_equations_plainly(tmp_path):
    page = make_page(tmp_path, "# Intro\n\n```{math}\n:label: eq-x\nx\n```\n\nSee {eq}`eq-x`.\n", name="intro.md")
    assert "\\tag{1}" in markdown(reader_notebook(page)) and "See (1)." in markdown(reader_notebook(page))


@pytest.mark.parametrize("body, message", [
    ("# T\n\nSee {ref}`sec-x`.\n", "sec-x"),
    ("# T\n\nSee {numref}`fig-x`.\n", "role {numref}"),
    ("# T\n\n```{figure} a.png\n```\n", "directive {figure}"),
    ("# T\n\nSee {eq}`eq-missing`.\n", "eq-missing"),
    ("# T\n\nSee {doc}`99_nowhere`.\n", "99_nowhere"),
    ("# T\n\n:::{admonition} Solution\n:class: dropdown\n\nnever closed\n", "never closed"),
])
def test_unknown_or_broken_myst_is_an_error_naming_it(tmp_path, body, message):
    page = make_page(tmp_path, body)
    with pytest.raises(ValueError, match=message):
        reader_notebook(page)


def test_cell_ids_are_kept_from_an_existing_notebook(tmp_path):
    import nbformat

    page = make_page(tmp_path, "# T\n\ntext\n\n```{code-cell} ipython3\nx = 1\n```\n")
    first = reader_notebook(page)
    first.cells[1]["id"] = "keepme01"
    existing = tmp_path / "old.ipynb"
    nbformat.write(first, existing)
    again = reader_notebook(page, existing)
    assert again.cells[1]["id"] == "keepme01"
    assert [c["id"] for c in reader_notebook(page).cells] == [c["id"] for c in reader_notebook(page).cells]
