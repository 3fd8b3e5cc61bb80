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

Lighter, accessible pages (issue 12): every page gets a meta description (its
first paragraph); after the build, ``tidy_built_pages`` fixes what the theme's
templates emit: one viewport tag instead of three, no Font Awesome SVG script
(the theme's CSS already draws the same icons from its web fonts: 0.5 MB of
gzipped JavaScript less on every page), the widget manager and the search
index loaded ``defer`` (they are not needed for the first paint), and the
markup that axe-core flags (buttons whose label does not contain their visible
text, the sidebar outside any landmark, MyST-NB's "Toggle hidden content"
label that hides the visible "Show code cell source").
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from pathlib import Path

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
        line = field.group(1) + _escape_prose(field.group(2)) if field else _escape_prose(line)
        # A literal followed by letters ("``PathCollection``s"): reStructuredText needs an
        # escaped space between them, which renders as nothing.
        lines[i] = _space_after_literals(line)


def _space_after_literals(line):
    """Put an escaped space between a literal and letters glued to it ("``X``s").
    Literals are found left to right, so the text *between* two literals is never
    taken for one (a regular expression over the whole line did that)."""
    parts = re.split(r"(``.+?``)", line)
    for k in range(1, len(parts), 2):
        if parts[k + 1][:1].isalpha():
            parts[k] += "\\ "
    return "".join(parts)


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


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_FIRST_PARA = re.compile(r"<p>(.*?)</p>", re.S)
_MATH = re.compile(r'<span class="math[^"]*">(.*?)</span>', re.S)


def page_description(body, limit=155):
    """The first paragraph of a page's body as plain text, cut at a word
    boundary within ``limit`` characters (for ``<meta name="description">``).
    Inline maths keeps its TeX source without the delimiters."""
    for match in _FIRST_PARA.finditer(body or ""):
        text = _MATH.sub(lambda m: m.group(1).replace("\\(", "").replace("\\)", ""), match.group(1))
        text = _SPACE.sub(" ", html.unescape(_TAG.sub("", text))).strip()
        if len(text) < 40:          # a label or a one-line note, not a summary
            continue
        if len(text) > limit:
            text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
        return text
    return None


def add_meta_description(app, pagename, templatename, context, doctree):
    text = page_description(context.get("body", ""))
    if not text:
        title = _TAG.sub("", context.get("title") or "")
        text = f"{title} - {app.config.project}" if title else app.config.project
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="description" content="{html.escape(text, quote=True)}" />')


# (pattern, replacement, count expected on every page or None) applied to each built page.
_TIDY = [
    # Three viewport tags (Sphinx's basic layout, pydata's layout, sphinx-book-theme): keep the first.
    (re.compile(r'(<meta name="viewport"[^>]*>)((?:.|\n)*?)\s*<meta name="viewport"[^>]*>'), r"\1\2"),
    (re.compile(r'(<meta name="viewport"[^>]*>)((?:.|\n)*?)\s*<meta name="viewport"[^>]*>'), r"\1\2"),
    # Font Awesome's SVG-with-JavaScript (1.5 MB, 0.54 MB gzipped): the theme's CSS already
    # carries Font Awesome's web-font rules, which draw the same icons.
    (re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'), ""),
    # Not needed for the first paint: load after parsing, in order (defer keeps the order).
    (re.compile(r'<script src="([^"]*(?:vendor/requirejs/require\.js|vendor/jupyter-widgets-setup\.js|'
                r'html-manager/dist/embed-amd\.js|searchtools\.js|language_data\.js|searchindex\.js)[^"]*)">'),
     r'<script defer src="\1">'),
    # The search button that shows "Search Ctrl+K": its name comes from that text.
    (re.compile(r'(<button class="btn search-button-field search-button__button[^"]*" title="Search") '
                r'aria-label="Search"'), r"\1"),
    # The colour-mode button is named "Color mode"; its icons' titles made its text "Light"/"Dark".
    (re.compile(r'(<i class="theme-switch [^"]*" data-mode="[a-z]+")\s*title="[^"]*"'), r"\1"),
    # The primary sidebar (brand link, search, chapters) as a landmark.
    (re.compile(r'<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'),
     '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="navigation" '
     'aria-label="Book">'),
    # MyST-NB's hide-input toggle: the visible "Show code cell source" names it.
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
]


_OUTPUT_IMG = re.compile(r'<img alt="([^"]*)" src="(\.\./_images/[^"]+\.png)" />')


def _png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def size_and_link_figures(text, page_dir):
    """Give each notebook output image its width and height (the browser then
    reserves its box before it loads: no layout shift), and wrap it in a link
    to the image file, so that on a phone a tap opens the figure at full size."""
    def replace(match):
        alt, src = match.groups()
        size = _png_size(page_dir / src)
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        return (f'<a class="nnlib-figure-link" href="{src}"><img alt="{alt}" src="{src}"{dims} '
                f'loading="lazy" decoding="async" /></a>')
    return _OUTPUT_IMG.sub(replace, text)


# Sphinx's search scripts and index are needed on search.html only: elsewhere the
# theme's search box is a form that opens search.html (search-as-you-type is off).
_SEARCH_SCRIPTS = re.compile(r'\s*<script defer src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
                             r'searchindex\.js)[^"]*"></script>')


_WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)
_WIDGET_VIEW = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(\{[^<]*\})</script>')


def _first_image_shape(state, model_id, seen=None):
    """(width, height) of the image a widget shows first (a Stack shows its selected
    child), from the saved state; None when it shows no saved image."""
    import base64
    import io

    from PIL import Image

    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return None
    seen.add(model_id)
    model = state[model_id]
    children = [c.removeprefix("IPY_MODEL_") for c in model["state"].get("children", [])
                if isinstance(c, str)]
    if model["model_name"] == "StackModel" and children:
        index = model["state"].get("selected_index") or 0
        children = children[index:index + 1]
    if model["model_name"] == "ImageModel":
        for buffer in model.get("buffers", []):
            if buffer.get("path") == ["value"]:
                try:
                    return Image.open(io.BytesIO(base64.b64decode(buffer["data"]))).size
                except Exception:  # noqa: BLE001 - not an image PIL reads: reserve the default
                    return None
        return None
    for child in children:
        shape = _first_image_shape(state, child, seen)
        if shape:
            return shape
    return None


def reserve_widgets(text):
    """Give each widget view on a page the shape of the image it shows first
    (``--nnlib-widget-ratio``, height / width), read from the saved widget
    state: ``_static/figures.css`` reserves that box before the widget manager
    (loaded deferred) renders the widget, so the text below does not move."""
    import json

    match = _WIDGET_STATE.search(text)
    if not match:
        return text
    try:
        state = json.loads(match.group(1))["state"]
    except (ValueError, KeyError):
        return text

    def view(m):
        try:
            model_id = json.loads(m.group(1))["model_id"]
        except (ValueError, KeyError):
            return m.group(0)
        shape = _first_image_shape(state, model_id)
        if not shape:
            return m.group(0)
        return (f'<script type="application/vnd.jupyter.widget-view+json" '
                f'style="--nnlib-widget-ratio: {shape[1] / shape[0]:.4f}">{m.group(1)}</script>')

    return _WIDGET_VIEW.sub(view, text)


def tidy_html(text, page_dir=None, search_page=False):
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    if not search_page:
        text = _SEARCH_SCRIPTS.sub("", text)
    if page_dir is not None:
        text = size_and_link_figures(text, page_dir)
    return reserve_widgets(text)


_ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?::)?before,?)+)\{content:"\\([0-9a-f]+)"\}')
ICON_FONTS = {"fa-solid-900": "Font Awesome 6 Free", "fa-regular-400": "Font Awesome 6 Free",
              "fa-brands-400": "Font Awesome 6 Brands"}


def subset_icon_fonts(out):
    """Cut the theme's Font Awesome web fonts (0.27 MB of WOFF2 downloaded on every
    page for about twenty icons) down to the glyphs the built pages and the
    theme's scripts name, as WOFF files in ``_static/icons/`` that
    ``_static/figures.css`` declares after the theme's own @font-face rules."""
    from fontTools import subset

    css = (out / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    codepoints = {}
    for selectors, code in _ICON_RULE.findall(css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            codepoints[name] = int(code, 16)
    used = set()
    for path in list(out.rglob("*.html")) + list((out / "_static").rglob("*.js")):
        if "fontawesome" not in path.name:
            used.update(_ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    unicodes = {codepoints[name] for name in used if name in codepoints}
    # Icons the theme's CSS puts in ::before/::after content directly (admonitions,
    # arrows, external links): Font Awesome's private-use characters in any style sheet.
    for sheet in (out / "_static").rglob("*.css"):
        unicodes.update(ord(c) for c in sheet.read_text(encoding="utf-8", errors="replace")
                        if 0xE000 <= ord(c) <= 0xF8FF)
    unicodes = sorted(unicodes)
    if not unicodes:
        raise RuntimeError("no Font Awesome icon found in the built pages: the theme's markup changed; "
                           "check subset_icon_fonts in _ext/nnlib_site.py")
    target = out / "_static" / "icons"
    target.mkdir(parents=True, exist_ok=True)
    for stem in ICON_FONTS:
        source = out / "_static" / "vendor" / "fontawesome" / "webfonts" / f"{stem}.ttf"
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        subset.save_font(font, str(target / f"{stem}.woff"), options)


_INLINE_MATH = re.compile(r'<span class="math notranslate nohighlight">(\\\((.*?)\\\))</span>', re.S)
_DISPLAY_MATH = re.compile(r'<div class="math notranslate nohighlight"([^>]*)>((?:\s*<span class="eqno">.*?</span>)?)'
                           r'(\s*\\\[(.*?)\\\]\s*)</div>', re.S)
# MathJax 3's CHTML font classes and their files (output/chtml/fonts/woff-v2/); "" is the main font.
MATH_FONT_FILES = {"": "MathJax_Main-Regular", "TEX-B": "MathJax_Main-Bold", "TEX-MI": "MathJax_Main-Italic",
                   "TEX-I": "MathJax_Math-Italic", "TEX-BI": "MathJax_Math-BoldItalic",
                   "TEX-S1": "MathJax_Size1-Regular", "TEX-S2": "MathJax_Size2-Regular",
                   "TEX-S3": "MathJax_Size3-Regular", "TEX-S4": "MathJax_Size4-Regular",
                   "TEX-A": "MathJax_AMS-Regular", "TEX-C": "MathJax_Calligraphic-Regular",
                   "TEX-CB": "MathJax_Calligraphic-Bold", "TEX-FR": "MathJax_Fraktur-Regular",
                   "TEX-FRB": "MathJax_Fraktur-Bold", "TEX-SS": "MathJax_SansSerif-Regular",
                   "TEX-SSB": "MathJax_SansSerif-Bold", "TEX-SSI": "MathJax_SansSerif-Italic",
                   "TEX-SC": "MathJax_Script-Regular", "TEX-T": "MathJax_Typewriter-Regular",
                   "TEX-V": "MathJax_Vector-Regular", "TEX-VB": "MathJax_Vector-Bold"}


def math_boxes(formulas, root=None):
    """[(w, h, d) or None] for [(tex, display)]: MathJax's own sizes (em at scale 1),
    from node and the site's MathJax (_ext/math_boxes.js)."""
    import json
    import subprocess

    if not formulas:
        return []
    root = Path(__file__).resolve().parents[1] if root is None else Path(root)
    done = subprocess.run(["node", str(root / "_ext" / "math_boxes.js")], input=json.dumps(formulas),
                          capture_output=True, text=True, cwd=root, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"_ext/math_boxes.js failed (node and npm ci are needed for make book): {done.stderr[-2000:]}")
    boxes = json.loads(done.stdout)
    if len(boxes) != len(formulas):
        raise RuntimeError(f"_ext/math_boxes.js returned {len(boxes)} sizes for {len(formulas)} formulas")
    return boxes


def _box_style(box):
    w, h, d = box[:3]
    return f' style="--mw:{w:g};--mh:{h:g};--md:{d:g}"'


def reserve_math(pages):
    """Give each formula on ``pages`` ({path: html}) the size MathJax will typeset it
    at, as CSS variables that ``_static/figures.css`` turns into a reserved box
    until MathJax has typeset it: the text around a formula does not move when
    MathJax replaces the TeX source (layout shift). Each page with maths also
    preloads the MathJax fonts its formulas use: a glyph's width comes from its
    font, so a font arriving after typesetting would rewrap the lines again.
    Returns {path: new html}."""
    formulas, where = [], []
    for path, text in pages.items():
        if '<meta name="nnlib-math" content="reserved"' in text:
            continue
        for m in _INLINE_MATH.finditer(text):
            formulas.append((html.unescape(m.group(2)), False))
        for m in _DISPLAY_MATH.finditer(text):
            formulas.append((html.unescape(m.group(4)), True))
        where.append(path)
    boxes = iter(math_boxes(formulas))
    result = {}
    for path in where:
        text = pages[path]
        if 'class="math notranslate nohighlight"' not in text:
            continue

        used = {"MathJax_Zero"}

        def reserved_style():
            """The next formula's box as a style attribute; notes the fonts it uses."""
            box = next(boxes)
            used.update(MATH_FONT_FILES.get(c, "MathJax_Main-Regular") for c in (box[3] if box else [""]))
            return _box_style(box) if box else ""

        text = _INLINE_MATH.sub(
            lambda m: f'<span class="math notranslate nohighlight"{reserved_style()}>{m.group(1)}</span>', text)
        text = _DISPLAY_MATH.sub(
            lambda m: f'<div class="math notranslate nohighlight"{m.group(1)}{reserved_style()}>{m.group(2)}'
                      f'{m.group(3)}</div>', text)
        depth = path.count("/")
        fonts = "".join(f'<link rel="preload" href="{"../" * depth}vendor/mathjax/output/chtml/fonts/woff-v2/'
                        f'{name}.woff" as="font" type="font/woff" crossorigin="anonymous" />\n'
                        for name in sorted(used))
        text = text.replace("</head>", fonts + '<meta name="nnlib-math" content="reserved" />\n</head>', 1)
        result[path] = text
    return result


def tidy_built_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        if {"_static", "vendor", "_sources"} & set(page.relative_to(out).parts):
            continue
        text = page.read_text(encoding="utf-8")
        tidied = tidy_html(text, page.parent, search_page=page.relative_to(out).as_posix() == "search.html")
        if tidied != text:
            page.write_text(tidied, encoding="utf-8")
    pages = {page.relative_to(out).as_posix(): page.read_text(encoding="utf-8")
             for page in out.glob("book/*.html")}
    for name, text in reserve_math(pages).items():
        (out / name).write_text(text, encoding="utf-8")
    subset_icon_fonts(out)
    robots = out / "robots.txt"
    if not robots.exists():
        robots.write_text("User-agent: *\nAllow: /\n", encoding="utf-8")


# -- the widget manager, slimmed (run by make assets) ---------------------------

_MANAGER_EDITS = [
    # ajv in strict mode logs a warning about the manager's own state schema on every
    # widget page; the schema needs union types: allow them, in both validators.
    ("k=new(w()),E=k.compile(y)", "k=new(w())({allowUnionTypes:!0}),E=k.compile(y)"),
    ("gt=new(ht());gt.compile(At)", "gt=new(ht())({allowUnionTypes:!0});gt.compile(At)"),
]
# The ipywidgets 7 compatibility modules (0.8 MB; the book saves ipywidgets 8 state,
# which the manager's own base and controls render, and nothing requires them).
_MANAGER_DROP = re.compile(r'^define\("@jupyter-widgets/(base7|controls7)",.*$\n?', re.M)
# Source-map comments: the maps are not shipped (each is a 404 in DevTools and Lighthouse).
_SOURCE_MAP_COMMENT = re.compile(r"^//# sourceMappingURL=.*$\n?", re.M)
# The CSS bundled into the manager carries its source maps, sources included (0.46 MB):
# css-loader's 4th item; without it no map is encoded into each <style> at run time.
_CSS_SOURCE_MAP = re.compile(r',\{version:3,sources:\[.*?\],names:\[.*?\],mappings:"[^"]*"'
                             r'(?:,sourcesContent:\[.*?\])?,sourceRoot:""\}\]')


def slim_widget_manager(source, target):
    """Copy @jupyter-widgets/html-manager's embed-amd.js with the edits above;
    fail if the bundle no longer has what they expect (a new manager version)."""
    text = Path(source).read_text(encoding="utf-8")
    for old, new in _MANAGER_EDITS:
        if text.count(old) != 1:
            raise SystemExit(f"{source}: expected one {old!r}; the manager changed: update _MANAGER_EDITS")
        text = text.replace(old, new)
    text, dropped = _MANAGER_DROP.subn("", text)
    text, maps = _CSS_SOURCE_MAP.subn(",void 0]", text)
    text = _SOURCE_MAP_COMMENT.sub("", text)
    if dropped != 2 or maps < 20:
        raise SystemExit(f"{source}: dropped {dropped} of 2 ipywidgets 7 modules and {maps} CSS source maps; "
                         "the manager changed: update slim_widget_manager")
    Path(target).write_text(text, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", add_meta_description)
    app.connect("build-finished", tidy_built_pages)
    app.connect("autodoc-skip-member", skip_namedtuple_aliases)
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("autodoc-process-docstring", escape_plain_text, priority=600)
    app.connect("source-read", insert_api_reference)
    # The theme adds its launch buttons at priority 501; run after it.
    app.connect("html-page-context", launch_notebooks_not_pages, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":  # make assets: python3 _ext/nnlib_site.py slim-manager SOURCE TARGET
    import sys

    if len(sys.argv) != 4 or sys.argv[1] != "slim-manager":
        raise SystemExit("usage: python3 _ext/nnlib_site.py slim-manager SOURCE TARGET")
    slim_widget_manager(sys.argv[2], sys.argv[3])
