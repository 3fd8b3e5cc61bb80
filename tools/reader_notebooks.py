"""Write the readers' notebooks (notebooks/*.ipynb) from the MyST pages (book/*.md).

The pages are the source; the notebooks are generated from them by `make sync`
and must read well wherever a reader opens them: JupyterLab and Notebook 7
(with or without the jupyterlab-myst extension), Binder, Google Colab, GitHub.
So the MyST-only syntax of the markdown cells is turned into CommonMark and
HTML that every notebook front end renders, and the code cells are kept as
they are:

- a label line ``(name)=`` is dropped (it is invisible on the site);
- ``{doc}`target``` becomes a link ``[Title](target.ipynb)`` to the other
  notebook, titled with the target page's first heading (as on the site);
- a ``{math}`` directive becomes display maths ``$$ ... $$``; with a
  ``:label:`` it carries its number ``\\tag{c.n}`` (chapter c, n-th labelled
  equation, the numbers the site prints) and ``{eq}`label``` becomes ``(c.n)``;
- ``{math}`x``` becomes ``$x$``; ``{ref}`text <label>``` a link to the heading
  after ``(label)=`` (in this notebook or another), by JupyterLab's heading anchor;
- an admonition with ``:class: dropdown`` (every exercise's solution) becomes
  an HTML ``<details>`` block, collapsed until the reader opens it; any other
  admonition (``{admonition}``, ``{note}``, ``{warning}``, ...) a block quote
  with its title in bold;
- a code cell tagged ``hide-input`` or ``remove-cell`` (the Colab install
  cell, set-up the site does not show) gets ``jupyter.source_hidden``:
  JupyterLab and Notebook 7 show its input collapsed, and it still runs.

Anything else MyST-specific (another directive or role) raises ``ValueError``
naming the page, the cell and the construct, so a new construct is handled
here instead of reaching readers as raw source text.

Cell ids of an existing notebook are kept for cells whose source is unchanged,
so an unchanged page gives a byte-identical notebook. tests/site/test_sync.py
checks that every notebook is exactly ``reader_notebook(page)``.

Usage: python tools/reader_notebooks.py book/*.md   (writes notebooks/<name>.ipynb)
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"

_LABEL_LINE = re.compile(r"^\(([\w.:-]+)\)=\s*$")
_COLON_OPEN = re.compile(r"^(\s*)(:{3,})\{([\w-]+)\}\s*(.*?)\s*$")
_COLON_CLOSE = re.compile(r"^\s*(:{3,})\s*$")
_TICK_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(\{[\w-]+\})?\s*(.*?)\s*$")
_OPTION = re.compile(r"^\s*:([\w-]+):\s*(.*?)\s*$")
_DOLLAR_LABEL = re.compile(r"^(.*\$\$)\s*\(([\w.:-]+)\)\s*$")  # $$ ... $$ (label): a labelled equation
_ROLE_OR_CODE = re.compile(r"\{([\w:-]+)\}`([^`]+)`|``.*?``|`[^`]*`")
_TITLED_TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>$")

# Titles of the named admonitions, as Sphinx prints them.
_ADMONITIONS = {"note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important", "warning": "Warning",
                "caution": "Caution", "attention": "Attention", "danger": "Danger", "error": "Error",
                "seealso": "See also"}


def chapter_number(page: Path) -> str | None:
    """'5' for book/05_backpropagation.md; None for an unnumbered page (intro)."""
    match = re.match(r"(\d+)_", page.stem)
    return str(int(match.group(1))) if match else None


def page_title(page: Path) -> str:
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{page}: no '# Title' heading, so a {{doc}} link to it has no text; add one.")


class _Page:
    """What the transformation needs to know about one page: its name, chapter
    number and the numbers of its labelled equations, in order."""

    def __init__(self, path: Path, notebook):
        self.path = path
        self.chapter = chapter_number(path)
        self.equations: dict[str, str] = {}
        labels = []  # in document order, as Sphinx numbers them
        for cell in notebook.cells:
            if cell.cell_type != "markdown":
                continue
            lines = cell.source.splitlines()
            for i, line in enumerate(lines):
                opening = _TICK_OPEN.match(line)
                if opening and opening.group(3) == "{math}":
                    for option in lines[i + 1:]:
                        found = _OPTION.match(option)
                        if not found:
                            break
                        if found.group(1) == "label":
                            labels.append(found.group(2))
                elif found := _DOLLAR_LABEL.match(line):
                    labels.append(found.group(2))
        for n, label in enumerate(labels, start=1):
            self.equations[label] = f"{self.chapter}.{n}" if self.chapter else str(n)

    def where(self, cell_index):
        return f"{self.path.name}, cell {cell_index}"


def _split_options(lines):
    """(options dict, body lines) of a directive's content."""
    options, k = {}, 0
    while k < len(lines) and (found := _OPTION.match(lines[k])):
        options[found.group(1)] = found.group(2)
        k += 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    return options, lines[k:]


def _section_labels(folder: Path) -> dict:
    """{label: (page file name, title of the heading right after it)} over the pages in ``folder``."""
    found = {}
    for path in sorted(folder.glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if label := _LABEL_LINE.match(line.strip()):
                following = [x for x in lines[i + 1:i + 4] if x.strip()]
                if following and (heading := re.match(r"^#+\s+(.*?)\s*$", following[0])):
                    found[label.group(1)] = (path.name, heading.group(1))
    return found


def _roles(text, page: _Page, where):
    def replace(match):
        role, content = match.group(1), match.group(2)
        if role == "doc":
            titled = _TITLED_TARGET.match(content)
            text_, target = (titled.group(1), titled.group(2)) if titled else (None, content)
            target_path = (ROOT / target.lstrip("/")) if target.startswith("/") else (page.path.parent / target)
            target_path = target_path.with_suffix(".md")
            if not target_path.exists():
                raise ValueError(f"{where}: {{doc}}`{content}` names {target_path.relative_to(ROOT)}, "
                                 "which does not exist; point it at a page in book/.")
            return f"[{text_ or page_title(target_path)}]({target_path.stem}.ipynb)"
        if role == "eq":
            if content not in page.equations:
                raise ValueError(f"{where}: {{eq}}`{content}` names no labelled {{math}} directive of "
                                 f"{page.path.name} (labels there: {sorted(page.equations)}); fix the label.")
            return f"({page.equations[content]})"
        if role == "ref":
            titled = _TITLED_TARGET.match(content)
            text_, label = (titled.group(1), titled.group(2)) if titled else (None, content)
            targets = _section_labels(page.path.parent)
            if label not in targets:
                raise ValueError(f"{where}: {{ref}}`{content}` names no label '(name)=' before a heading in "
                                 f"{page.path.parent.name}/ (labels: {sorted(targets)}); fix the label.")
            target_page, title = targets[label]
            anchor = "#" + title.replace(" ", "-")  # JupyterLab's heading anchors
            where_to = anchor if target_page == page.path.name else f"{Path(target_page).stem}.ipynb{anchor}"
            return f"[{text_ or title}]({where_to})"
        if role == "math":
            return f"${content}$"
        raise ValueError(f"{where}: the role {{{role}}} has no notebook form in tools/reader_notebooks.py; "
                         "add one there, or write the text without it.")

    # A role inside inline code (`{doc}` written as text about MyST) is left alone.
    return _ROLE_OR_CODE.sub(lambda m: replace(m) if m.group(1) else m.group(0), text)


def _directive(name, argument, options, body, page, where):
    """Notebook markdown (list of lines) for one MyST directive."""
    if name == "math":
        n = page.equations.get(options.get("label", ""))
        unknown = set(options) - {"label", "nowrap"}
        if unknown:
            raise ValueError(f"{where}: {{math}} option(s) {sorted(unknown)} have no notebook form.")
        maths = [line for line in ([argument] if argument else []) + body]
        while maths and not maths[-1].strip():
            maths.pop()
        return ["$$"] + maths + ([f"\\tag{{{n}}}"] if n else []) + ["$$"]
    if name == "admonition" or name in _ADMONITIONS:
        title = argument or _ADMONITIONS.get(name, "")
        if not title:
            raise ValueError(f"{where}: an {{admonition}} needs a title (the text after the directive name).")
        classes = options.get("class", "").split()
        inner = _markdown("\n".join(body), page, where).splitlines()
        if "dropdown" in classes:
            return ["<details>", f"<summary>{title}</summary>", ""] + inner + ["", "</details>"]
        return [f"> **{title}**", ">"] + [f"> {line}".rstrip() for line in inner]
    raise ValueError(f"{where}: the directive {{{name}}} has no notebook form in tools/reader_notebooks.py; "
                     "add one there, or write the text without it.")


def _markdown(source, page: _Page, where):
    lines = source.splitlines()
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if _LABEL_LINE.match(line.strip()):
            i += 1
            continue
        colon = _COLON_OPEN.match(line)
        tick = _TICK_OPEN.match(line)
        if colon:
            indent, fence, name, argument = colon.groups()
            depth, j = 1, i + 1
            while j < len(lines):
                if _COLON_OPEN.match(lines[j]):
                    depth += 1
                elif (close := _COLON_CLOSE.match(lines[j])) and len(close.group(1)) >= len(fence):
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j == len(lines):
                raise ValueError(f"{where}: the {{{name}}} directive opened by {line!r} is never closed.")
            options, body = _split_options(_dedent(lines[i + 1:j], indent))
            out += [indent + x if x else x for x in _directive(name, argument, options, body, page, where)]
            i = j + 1
            continue
        if tick:
            indent, fence, role, argument = tick.groups()
            j = i + 1
            while j < len(lines) and not (lines[j].strip().startswith(fence)
                                         and set(lines[j].strip()) == {fence[0]}):
                j += 1
            if j == len(lines):
                raise ValueError(f"{where}: the code fence opened by {line!r} is never closed.")
            if role:
                options, body = _split_options(_dedent(lines[i + 1:j], indent))
                out += [indent + x if x else x for x in _directive(role[1:-1], argument, options, body, page, where)]
            else:
                out += lines[i:j + 1]  # a plain code block: verbatim
            i = j + 1
            continue
        if found := _DOLLAR_LABEL.match(line):
            head = found.group(1)[:-2]
            if head.strip():
                out.append(_roles(head, page, where))
            out += [f"\\tag{{{page.equations[found.group(2)]}}}", "$$"]
            i += 1
            continue
        out.append(_roles(line, page, where))
        i += 1
    text = "\n".join(out).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text)


def _dedent(lines, indent):
    return [x[len(indent):] if x.startswith(indent) else x.lstrip() for x in lines]


def _cell_id(stem, index, cell):
    return hashlib.sha1(f"{stem}\0{index}\0{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:8]


def reader_notebook(page: Path, existing: Path | None = None):
    """The readers' notebook of ``page`` (an nbformat NotebookNode).

    ``existing``: a previous notebook whose cell ids are reused for cells with
    the same type and source (others get an id derived from their content).
    """
    page = Path(page)
    notebook = jupytext.read(page, fmt="md:myst")
    info = _Page(page, notebook)
    for k, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            cell.source = _markdown(cell.source, info, info.where(k))
            leftovers = [s for s in (":::{", "```{", ")=") if s in cell.source]
            leftovers += [m.group(0) for m in _ROLE_OR_CODE.finditer(cell.source) if m.group(1)]
            if leftovers:
                raise ValueError(f"{info.where(k)}: MyST syntax {leftovers} is left in the notebook's text.")
        elif {"hide-input", "remove-cell"} & set(cell.metadata.get("tags", [])):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    ids = {}
    if existing is not None and Path(existing).exists():
        for cell in nbformat.read(existing, as_version=4).cells:
            ids.setdefault((cell.cell_type, cell.source), []).append(cell.get("id"))
    used = set()
    for k, cell in enumerate(notebook.cells):
        reuse = [i for i in ids.get((cell.cell_type, cell.source), []) if i and i not in used]
        cell["id"] = reuse[0] if reuse else _cell_id(page.stem, k, cell)
        used.add(cell["id"])
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return notebook


def write(page: Path, out_dir: Path = NOTEBOOKS) -> Path:
    target = Path(out_dir) / f"{Path(page).stem}.ipynb"
    notebook = reader_notebook(page, target)
    text = jupytext.writes(notebook, fmt="ipynb")
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def main(argv):
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    for page in argv:
        write(Path(page))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
