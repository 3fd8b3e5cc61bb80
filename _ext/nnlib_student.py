"""Sphinx extension for the student edition: the book without its solutions.

Loaded only by the student build (``make book-student``, which writes a copy
of ``_config.yml`` that adds this extension; see ``_ext/editions.py``), so the
regular site is built exactly as before.

What counts as a solution (the markers this relies on, all in the chapters):

* an admonition whose title starts with "Solution" (the ``:::{admonition}
  Solution`` dropdowns under each exercise);
* everything after such an admonition up to the next exercise (a paragraph
  that starts with bold "Exercise"), the next heading, or the end of the
  section: the hidden cells that check the reference answer (``remove-cell``)
  and visible cells that run it ("the checker accepts the solution ...");
* any code cell tagged ``solution``, wherever it stands.

The exercise statements and the checkers (the cells that define
``check_...`` and run it on a wrong answer, with their "Not yet" feedback)
come *before* the solution, so they stay.

The solutions are removed from the doctree when a page is read, so they are
absent from the HTML and from the search index. The page sources that the
download button offers (``_sources/<page>.md`` and the executed
``_sources/<page>.ipynb``) are rewritten without them when the build
finishes. The Binder/Colab launch buttons open the repository's notebooks,
which have the solutions, so the student edition drops them (the download
button still gives the reader the student notebook).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from docutils import nodes

SOLUTION_TITLE = re.compile(r"^\s*Solution\b")
SOLUTION_TAG = "solution"

# -- doctree -------------------------------------------------------------------


def is_solution_admonition(node) -> bool:
    if not isinstance(node, nodes.admonition):
        return False
    titles = [child for child in node.children if isinstance(child, nodes.title)]
    return bool(titles) and bool(SOLUTION_TITLE.match(titles[0].astext()))


def starts_exercise(node) -> bool:
    """A paragraph that opens with bold "Exercise ..." (how every exercise starts)."""
    if not isinstance(node, nodes.paragraph):
        return False
    children = [c for c in node.children if not (isinstance(c, nodes.Text) and not c.astext().strip())]
    if not children:
        return False
    first = children[0]
    return isinstance(first, nodes.strong) and first.astext().lstrip().startswith("Exercise")


def ends_solution_run(node) -> bool:
    return starts_exercise(node) or isinstance(node, (nodes.section, nodes.title, nodes.rubric, nodes.transition))


def is_solution_cell(node) -> bool:
    return isinstance(node, nodes.container) and f"tag_{SOLUTION_TAG}" in node.get("classes", [])


def strip_solutions(doctree) -> int:
    """Remove every solution (see the module docstring) from a doctree; return how many nodes went."""
    removed = 0
    for node in list(doctree.findall(is_solution_cell)):
        node.parent.remove(node)
        removed += 1
    parents = {id(n.parent): n.parent for n in doctree.findall(is_solution_admonition)}
    for parent in parents.values():
        keep, in_run = [], False
        for child in parent.children:
            if is_solution_admonition(child):
                in_run = True
            elif in_run and ends_solution_run(child):
                in_run = False
            if in_run:
                removed += 1
            else:
                keep.append(child)
        parent.children = []
        parent.extend(keep)
    return removed


def on_doctree_read(app, doctree):
    strip_solutions(doctree)


# -- page sources (download button) ----------------------------------------------

_ADMONITION_OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{admonition\}\s+Solution\b")
_EXERCISE_LINE = re.compile(r"^\s*\*\*Exercise")
_HEADING_LINE = re.compile(r"^#{1,6}\s")


def strip_markdown(text: str, in_run: bool = False) -> tuple[str, bool]:
    """Drop Solution admonitions (and what follows them up to the next exercise
    or heading) from MyST Markdown text. Returns the text and whether a run of
    solution material is still open at its end (it goes on into the next cell)."""
    out, fence = [], None
    for line in text.splitlines():
        if fence is not None:          # inside a Solution admonition: wait for its closing fence
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence, in_run = None, True
            continue
        opening = _ADMONITION_OPEN.match(line)
        if opening:
            fence = opening.group("fence")
            continue
        if in_run and (_EXERCISE_LINE.match(line) or _HEADING_LINE.match(line)):
            in_run = False
        if not in_run:
            out.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    return text, in_run or fence is not None


def _cell_text(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def strip_notebook(nb: dict) -> dict:
    """The notebook (nbformat JSON as a dict) without its solutions."""
    cells, in_run = [], False
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text, in_run = strip_markdown(_cell_text(cell), in_run)
            if text.strip():
                cells.append({**cell, "source": text})
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if in_run or SOLUTION_TAG in tags:
            continue
        cells.append(cell)
    return {**nb, "cells": cells}


def strip_myst_page(text: str) -> str:
    """A MyST Markdown notebook page (book/*.md) without its solutions."""
    import jupytext

    nb = jupytext.reads(text, fmt="md:myst")
    stripped = strip_notebook(json.loads(jupytext.writes(nb, fmt="ipynb")))
    return jupytext.writes(jupytext.reads(json.dumps(stripped), fmt="ipynb"), fmt="md:myst")


def strip_sources(outdir: Path) -> list[Path]:
    """Rewrite the downloadable page sources in <outdir>/_sources without solutions."""
    changed = []
    for path in sorted((outdir / "_sources").rglob("*")):
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text(encoding="utf8"))
            new = json.dumps(strip_notebook(nb), indent=1, ensure_ascii=False) + "\n"
        elif path.suffix == ".md" or path.name.endswith(".md.txt"):
            old = path.read_text(encoding="utf8")
            new = strip_myst_page(old) if old.lstrip().startswith("---") and "jupytext" in old else strip_markdown(old)[0] + "\n"
        else:
            continue
        if new != path.read_text(encoding="utf8"):
            path.write_text(new, encoding="utf8")
            changed.append(path)
    return changed


def on_build_finished(app, exception):
    if exception is None and app.builder.format == "html":
        strip_sources(Path(app.outdir))


# -- launch buttons ----------------------------------------------------------------

_LAUNCHERS = {"Binder", "Colab", "JupyterHub"}


def _without_launchers(buttons):
    kept = []
    for button in buttons:
        if button.get("type") == "group":
            inner = _without_launchers(button.get("buttons", []))
            if inner:
                kept.append({**button, "buttons": inner})
        elif button.get("text") not in _LAUNCHERS:
            kept.append(button)
    return kept


def drop_launch_buttons(app, pagename, templatename, context, doctree):
    if "header_buttons" in context:
        context["header_buttons"] = _without_launchers(context["header_buttons"])


def setup(app):
    app.connect("doctree-read", on_doctree_read)
    app.connect("build-finished", on_build_finished)
    # The theme adds its launch buttons at priority 501, nnlib_site rewrites them at 600.
    app.connect("html-page-context", drop_launch_buttons, priority=700)
    # Any change to this file invalidates the saved environment: every page is read again.
    version = int(hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8], 16)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": version}
