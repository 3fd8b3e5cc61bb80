"""Sphinx extension local to this book (loaded from _config.yml).

API reference: ``book/api.md`` holds a marker line that is replaced, when the
page is read, by one autodoc section per public nnlib module, found by walking
the package. A module added to nnlib therefore appears in the reference
without anyone editing the page. The docstrings are written as readable
plain text (``|x|``, ``coef_``), which reStructuredText would read as
substitutions and link targets; ``escape_plain_text`` escapes those before
Sphinx parses them, so that ``-W`` stays strict for everything else.

Launch buttons: the theme points Binder and Colab at the page's own source
(``book/<name>.md``). Colab cannot open MyST Markdown, and the notebooks that
readers run live in ``notebooks/`` (paired by jupytext), so rewrite both links
to ``notebooks/<name>.ipynb``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

_PAGE = re.compile(r"book/([A-Za-z0-9_\-]+)\.(md|ipynb)")


def _rewrite(buttons, stem):
    for button in buttons:
        if button.get("type") == "group":
            _rewrite(button.get("buttons", []), stem)
        elif button.get("type") == "link" and button.get("text") in {"Binder", "Colab", "JupyterHub"}:
            button["url"] = _PAGE.sub(f"notebooks/{stem}.ipynb", button["url"])


def launch_notebooks_not_pages(app, pagename, templatename, context, doctree):
    if not pagename.startswith("book/"):
        return
    stem = pagename.split("/", 1)[1]
    _rewrite(context.get("header_buttons", []), stem)


API_MARKER = "<!-- nnlib-api:"


def public_modules(package_name="nnlib"):
    """Names of nnlib's public modules and packages, package first, sorted."""
    package = importlib.import_module(package_name)
    names = [package_name]
    for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def api_sections():
    """MyST text: a heading and an autodoc block for each public module."""
    blocks = []
    for name in public_modules():
        module = importlib.import_module(name)
        is_package = hasattr(module, "__path__")
        # A package re-exports its modules' members: document them once, in
        # their own module, and give the package only its docstring.
        options = "" if is_package else "   :members:\n"
        blocks.append(f"## `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n{options}```\n")
    return "\n".join(blocks)


def insert_api_reference(app, docname, source):
    if docname == "book/api" and API_MARKER in source[0]:
        lines = source[0].splitlines()
        source[0] = "\n".join(api_sections() if line.startswith(API_MARKER) else line for line in lines) + "\n"


_LITERAL = re.compile(r"(``.*?``|`[^`]*`)")
_TARGET = re.compile(r"\b([A-Za-z0-9]+)_(?=[\s.,;:)\]]|$)")
_FIELD = re.compile(r"^(\s*:[^:]+:)(.*)$")


def _escape_segment(text):
    text = re.sub(r"(?<!\\)\|", r"\\|", text)
    return _TARGET.sub(r"\1\\_", text)


def _escape_prose(text):
    parts = _LITERAL.split(text)
    return "".join(part if i % 2 else _escape_segment(part) for i, part in enumerate(parts))


def escape_plain_text(app, what, name, obj, options, lines):
    """Escape ``|`` and trailing ``_`` in docstring prose (runs after napoleon)."""
    for i, line in enumerate(lines):
        if line.lstrip().startswith(".. "):
            continue
        field = _FIELD.match(line)
        lines[i] = field.group(1) + _escape_prose(field.group(2)) if field else _escape_prose(line)


def drop_thebe(app, pagename, templatename, context, doctree):
    """Remove sphinx-thebe's scripts: Jupyter Book always loads the extension,
    the book does not use it (no live kernel), and its inline configuration is
    added twice, which throws "Identifier 'THEBE_JS_URL' has already been
    declared" on every page and names a script on unpkg.com."""
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files:
            context[key] = [f for f in files if "thebe" not in (getattr(f, "filename", None) or str(f))
                            and "THEBE_JS_URL" not in (getattr(f, "attributes", {}) or {}).get("body", "")]


def skip_namedtuple_aliases(app, what, name, obj, skip, options):
    """Hide the "Alias for field number N" attributes that namedtuples carry:
    the class docstring already describes its fields."""
    doc = getattr(obj, "__doc__", None) or ""
    if what == "class" and doc.startswith("Alias for field number"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", skip_namedtuple_aliases)
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("autodoc-process-docstring", escape_plain_text, priority=600)
    app.connect("source-read", insert_api_reference)
    # The theme adds its launch buttons at priority 501; run after it.
    app.connect("html-page-context", launch_notebooks_not_pages, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
