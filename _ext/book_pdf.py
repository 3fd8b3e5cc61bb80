"""Print the one-page build of the book to a PDF with Debian's Chromium.

``python _ext/editions.py pdf`` (``make pdf``) calls :func:`print_book` on the
``singlehtml`` build in ``_build/pdf/singlehtml``. The page is served on
127.0.0.1, opened in headless Chromium (Playwright, ``/usr/bin/chromium``;
nothing is downloaded), and, once MathJax has typeset every formula and the
widget manager has drawn every slider:

* each slider is replaced by a picture of its first frame (or a column of
  frames, for the sliders named in ``PRINT_FRAMES``) with a caption naming
  the web page and the notebook where it moves;
* a title page, a table of contents and a page per part are added, each
  chapter starts on a new page, and the print stylesheet ``_ext/print.css``
  is applied (no site chrome, code lines wrapped, no figure or display
  equation split by a page break, hidden code cells shown);
* a display equation wider than the page is scaled down to fit;
* the page is printed with PDF bookmarks (Chromium's document outline) and
  page numbers; the printed contents get their page numbers from the
  bookmarks of a first printing, and the page is printed again.
"""

from __future__ import annotations

import base64
import datetime
import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")   # as make chromium and the site tests
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PRINT_CSS = Path(__file__).with_name("print.css")

# Sliders printed as a column of frames instead of the first frame alone, keyed
# by (chapter, the slider's label): the init-scale explorer of chapter 7 tells
# its story at 0.5, 1, 2 (vanish, slow decay, saturate); chapter 8's opens on
# ReLU, where 1 vanishes, He's sqrt(2) stays flat and 2 explodes. A slider
# not listed, or whose values changed, is printed as the page opens.
PRINT_FRAMES = {
    ("07_vanishing_exploding", "weight scale"): ["0.5", "1", "2"],
    ("08_xavier_he", "weight scale"): ["1", "1.41", "2"],
}

# Printable width of an A4 page with print.css's 16 mm side margins, in CSS px (96 per inch).
CONTENT_WIDTH_PX = round((210 - 2 * 16) / 25.4 * 96)

WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


@contextmanager
def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def book_metadata() -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    parts = [{"caption": part.get("caption", ""), "files": [c["file"] for c in part.get("chapters", [])]}
             for part in toc.get("parts", [])]
    return {
        "title": config.get("title", ""),
        "author": config.get("author", ""),
        "copyright": str(config.get("copyright", "")),
        "repository": (config.get("repository") or {}).get("url", ""),
        "baseurl": ((config.get("html") or {}).get("baseurl") or (config.get("sphinx", {}).get("config") or {})
                    .get("html_baseurl") or ""),
        "root": toc.get("root", ""),
        "parts": parts,
        "commit": commit,
        "date": datetime.date.today().isoformat(),
    }


def wait_until_rendered(page, timeout_s: float = 120.0) -> None:
    """Wait for MathJax's first typesetting, every widget view and every image."""
    page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
    deadline = time.monotonic() + timeout_s
    while True:
        missing = page.evaluate(f"""() => [...document.querySelectorAll('{WIDGET_VIEW}')]
            .filter(s => !s.parentElement.querySelector('.widget-subarea *')).length""")
        if not missing:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"{missing} widget(s) did not render within {timeout_s:.0f} s: "
                               "is the widget manager in _site_assets/vendor (make assets)?")
        page.wait_for_timeout(250)
    page.evaluate("""async () => {
        document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
        await Promise.all([...document.images].map(img => img.complete ? null
            : new Promise(done => { img.onload = img.onerror = done; })));
        if (window.MathJax && MathJax.typesetPromise) await MathJax.typesetPromise();
    }""")


def _settle(page, ms: int = 400) -> None:
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(ms)


def _reads_as(readout: str, label: str) -> bool:
    """The readout shows ``label``, or (a log slider's grid need not hold round
    values) a number within 1 % of it."""
    if readout == label:
        return True
    try:
        return abs(float(readout) / float(label) - 1) < 0.01
    except (ValueError, ZeroDivisionError):
        return False


# Steps a slider inside the page: keydown events dispatched to its handle, which
# the slider handles at once (its readout and the widget's model change in the
# same task), so a live figure recomputes once per move, not once per step: the
# init-scale explorer reaches 1 from 0.05 in one frame instead of 261.
MOVE_JS = """([handle, readout, label]) => {
    const key = k => handle.dispatchEvent(new KeyboardEvent('keydown', {key: k, code: k, bubbles: true, cancelable: true}));
    const shown = () => readout.textContent.trim();
    const readsAs = text => text === label
        || (Number.isFinite(parseFloat(text)) && Math.abs(parseFloat(text) / parseFloat(label) - 1) < 0.01);
    // The wanted values come in ascending order: start from the left end only when
    // the slider is already past this one.
    if (!(parseFloat(shown()) <= parseFloat(label) * 1.01)) key('Home');
    for (let i = 0; i < 5000; i++) {
        const now = shown();
        if (readsAs(now)) return now;
        key('ArrowRight');
        if (shown() === now) return null;      // at the end of the range without meeting the label
    }
    return null;
}"""


def _move_slider(page, slider, label: str):
    """Move a slider by its arrow keys, as a reader would, until its readout shows
    ``label`` (or a number within 1 % of it); returns the readout then shown, or None."""
    handle = slider.query_selector(".noUi-handle, input[type=range]")
    readout = slider.query_selector(".widget-readout")
    if handle is None or readout is None:
        return None
    shown = page.evaluate(MOVE_JS, [handle, readout, label])
    return shown if shown is not None and _reads_as(shown, label) else None


def freeze_widgets(page, meta: dict) -> int:
    """Replace every rendered widget by pictures of it and a caption (the other
    outputs of its cell stay). Returns how many."""
    seen, frozen = set(), 0
    for output in page.query_selector_all(WIDGET_VIEW):
        container = output.evaluate_handle("s => s.closest('div.cell_output') || s.parentElement").as_element()
        key = container.evaluate("el => { el.dataset.printKey = el.dataset.printKey || Math.random(); return el.dataset.printKey; }")
        if key in seen:
            continue
        seen.add(key)
        # Only this chapter laid out while its pictures are taken: on the whole
        # typeset book every screenshot and key press costs a relayout of it all.
        container.evaluate(ISOLATE_JS, True)
        area = container.query_selector(".widget-subarea")
        sliders = area.query_selector_all(".widget-slider")
        labels = [s.query_selector(".widget-label").inner_text().strip() if s.query_selector(".widget-label") else ""
                  for s in sliders]
        readouts = [s.query_selector(".widget-readout").inner_text().strip() if s.query_selector(".widget-readout")
                    else "" for s in sliders]
        tabs = [t.inner_text().strip() for t in area.query_selector_all(".lm-TabBar-tabLabel")]
        docname = container.evaluate(DOCNAME_JS)
        frames = []     # (png bytes, label)
        wanted = PRINT_FRAMES.get((docname.rsplit("/", 1)[-1], labels[0])) if labels else None
        if wanted:
            for value in wanted:
                shown = _move_slider(page, sliders[0], value)
                if shown is not None:
                    _settle(page)
                    frames.append((_shot(area), f"{labels[0]} = {shown}"))
        if not frames:
            frames = [(_shot(area), ", ".join(f"{lab} = {val}" for lab, val in zip(labels, readouts) if lab))]
        caption = _caption(meta, docname, labels, tabs, [label for _, label in frames], bool(wanted))
        area.evaluate(
            """(el, args) => {
                const fig = document.createElement('figure');
                fig.className = 'print-frames';
                for (const [src, label, alt] of args.frames) {
                    const img = document.createElement('img');
                    img.src = src; img.alt = alt;
                    fig.appendChild(img);
                    if (args.frames.length > 1) {
                        const p = document.createElement('div');
                        p.className = 'print-frame-label'; p.textContent = label; fig.appendChild(p);
                    }
                }
                const cap = document.createElement('figcaption');
                cap.textContent = args.caption;
                fig.appendChild(cap);
                el.replaceWith(fig);      // the cell's other outputs (text, static figures) stay
            }""",
            {"frames": [("data:image/png;base64," + base64.b64encode(png).decode(), label,
                         f"The interactive figure at {label}" if label else "The interactive figure as the page opens")
                        for png, label in frames],
             "caption": caption},
        )
        frozen += 1
    page.evaluate("() => document.querySelectorAll('div.toctree-wrapper > section').forEach(s => s.style.display = '')")
    return frozen


def _shot(area) -> bytes:
    """A picture of the widget without its controls (the caption names their values)."""
    area.evaluate("el => el.querySelectorAll('.widget-slider').forEach(s => s.style.display = 'none')")
    try:
        return area.screenshot(type="png", animations="disabled")
    finally:
        area.evaluate("el => el.querySelectorAll('.widget-slider').forEach(s => s.style.display = '')")


def _caption(meta, docname, labels, tabs, frame_labels, several) -> str:
    named = list(dict.fromkeys(lab for lab in labels if lab))
    controls = [f"the {lab} slider" for lab in named] + ([f"the {' / '.join(tabs)} tabs"] if tabs else [])
    what = " and ".join(controls) or "its controls"
    if several:
        shown = f"Shown at {', '.join(frame_labels[:-1])} and {frame_labels[-1]}" if len(frame_labels) > 1 \
            else f"Shown at {frame_labels[0]}"
    else:
        shown = f"Shown as the page opens ({frame_labels[0]})" if frame_labels and frame_labels[0] else \
            "Shown as the page opens"
    page = f"{docname}.html" if docname else "this chapter's page"
    where = f"{meta['baseurl'].rstrip('/')}/{page}" if meta["baseurl"] else f"{page} of the web edition"
    notebook = f" or in notebooks/{docname.rsplit('/', 1)[-1]}.ipynb" if docname else ""
    return (f"Interactive figure. {shown}. On paper it cannot move: the live version, with {what}, "
            f"is at {where}{notebook}.")


# Hide every chapter but the one holding el (only = true), or show them all again.
ISOLATE_JS = """(el, only) => {
  for (const s of document.querySelectorAll('div.toctree-wrapper > section')) {
    s.style.display = only && !s.contains(el) ? 'none' : '';
  }
}"""


# The page a widget comes from: the nearest "document-<name>" anchor before it.
DOCNAME_JS = """el => {
  const anchors = [...document.querySelectorAll('[id^="document-"]')];
  let name = '';
  for (const a of anchors) {
    if (a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) name = a.id.slice(9);
  }
  return name;
}"""


RESTRUCTURE_JS = r"""
(meta) => {
  const article = document.querySelector('article.bd-article') || document.body;
  const root = article.querySelector(':scope > section');
  // Links to other places of the same page (the API reference links to book/intro.html#...).
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin === location.origin && url.hash &&
        (url.pathname === location.pathname || url.pathname.endsWith('/' + meta.root + '.html'))) {
      a.setAttribute('href', url.hash);
    }
  }
  // Hidden code cells: shown on paper.
  for (const d of document.querySelectorAll('details')) d.open = true;
  for (const el of document.querySelectorAll('.toggle-hidden, .cell .toggle-details__container'))
    el.classList.remove('toggle-hidden');

  const rename = (el, tag) => {
    const n = document.createElement(tag);
    for (const at of el.attributes) n.setAttribute(at.name, at.value);
    while (el.firstChild) n.appendChild(el.firstChild);
    el.replaceWith(n);
    return n;
  };
  const wrappers = [...root.querySelectorAll(':scope > div.toctree-wrapper')];
  // The preface (the root page) becomes a chapter like the others: its headings one level down.
  for (const h of [...root.querySelectorAll('h1, h2, h3, h4, h5')].filter(h => !wrappers.some(w => w.contains(h))).reverse()) {
    rename(h, 'h' + (Number(h.tagName[1]) + 1));
  }
  const book = document.createElement('div');
  book.id = 'print-book';
  const title = document.createElement('div');
  title.className = 'print-title-page';
  const lines = [
    ['print-title', meta.title],
    ['print-subtitle', 'An executable textbook on the foundations of neural networks'],
    ['print-author', meta.author],
  ];
  for (const [cls, text] of lines) {
    const d = document.createElement('div'); d.className = cls; d.textContent = text; title.appendChild(d);
  }
  const info = document.createElement('div');
  info.className = 'print-meta';
  info.innerHTML = '';
  const infoLines = [
    'Printed edition of the web book, built ' + meta.date + (meta.commit ? ' from commit ' + meta.commit : '') + '.',
    'Every result in it is checked by the code printed beside it. The sliders move in the web edition',
    'and in the notebooks: ' + (meta.baseurl || meta.repository) + '.',
    meta.copyright ? '\u00a9 ' + meta.copyright + ' ' + meta.author : '',
  ];
  for (const t of infoLines.filter(Boolean)) { const d = document.createElement('div'); d.textContent = t; info.appendChild(d); }
  title.appendChild(info);
  book.appendChild(title);

  const toc = document.createElement('nav');
  toc.className = 'print-toc';
  toc.setAttribute('aria-label', 'Contents');
  const tocTitle = document.createElement('h1');
  tocTitle.textContent = 'Contents';
  tocTitle.id = 'print-contents';
  toc.appendChild(tocTitle);
  const list = document.createElement('ol');
  toc.appendChild(list);
  book.appendChild(toc);

  const clean = h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))
                                      .map(n => n.textContent).join('').replace(/\s+/g, ' ').trim();
  const addEntry = (cls, text, id) => {
    const li = document.createElement('li'); li.className = cls;
    const a = document.createElement('a'); a.href = '#' + id;
    a.innerHTML = '<span class="toc-title"></span><span class="toc-dots"></span><span class="toc-page"></span>';
    a.querySelector('.toc-title').textContent = text;
    li.appendChild(a); list.appendChild(li);
  };
  // Section ids repeat across pages on the one page ("summary", "exercises"):
  // the contents link to ids of their own, set on the headings.
  let entries = 0;
  const target = h => { if (!h.id) h.id = 'print-toc-' + (++entries); return h.id; };
  const addChapter = (section) => {
    section.classList.add('print-chapter');
    book.appendChild(section);
    const h = section.querySelector('h2');
    addEntry('toc-chapter', clean(h), target(h));
    for (const sub of section.querySelectorAll(':scope > section')) {
      const sh = sub.querySelector(':scope > h3');
      if (sh) addEntry('toc-section', clean(sh), target(sh));
    }
  };
  // Preface: the root section without the toctrees.
  for (const w of wrappers) w.remove();
  addChapter(root);
  wrappers.forEach((w, i) => {
    const part = meta.parts[i] || {caption: ''};
    if (part.caption) {
      const p = document.createElement('div'); p.className = 'print-part';
      const h = document.createElement('h1'); h.textContent = part.caption; h.id = 'part-' + (i + 1);
      p.appendChild(h); book.appendChild(p);
      addEntry('toc-part', part.caption, h.id);
    }
    for (const section of w.querySelectorAll(':scope > section')) {
      const anchor = section.previousElementSibling;
      addChapter(section);
      // The page's anchor (links to a chapter point at it) goes inside the chapter:
      // on its own between two page breaks it would make a blank page.
      if (anchor && anchor.id && anchor.id.startsWith('document-')) section.prepend(anchor);
    }
  });
  article.replaceChildren(book);
  return document.querySelectorAll('.print-chapter').length;
}
"""

FIT_EQUATIONS_JS = r"""
() => {
  const scaled = [];
  for (const m of document.querySelectorAll('mjx-container[display="true"]')) {
    const box = m.closest('div.math') || m.parentElement;
    const avail = box.clientWidth - (box.querySelector('.eqno') ? box.querySelector('.eqno').offsetWidth : 0);
    const need = m.scrollWidth;
    if (need > avail + 1 && avail > 0) {
      m.style.zoom = (avail / need).toFixed(3);
      const section = m.closest('section');
      const eqno = box.querySelector('.eqno');
      scaled.push((eqno ? eqno.textContent.replace('#', '').trim() + ' in ' : '') +
                  (section ? section.querySelector('h2, h3, h4').textContent.replace('#', '').trim() : '?') +
                  ' (x' + m.style.zoom + ')');
    }
  }
  return scaled;
}
"""


HEADINGS_JS = r"""
() => {
  // Every heading Chromium puts in the document outline (all visible h1-h6, in
  // order), with the title and the bookmark level this book wants for it.
  const clean = h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))
                                      .map(n => n.textContent).join('').replace(/\s+/g, ' ').trim();
  let inPart = false, chapterLevel = 0;
  const out = [];
  for (const h of document.querySelectorAll('#print-book h1, #print-book h2, #print-book h3, #print-book h4, #print-book h5, #print-book h6')) {
    if (!h.getClientRects().length) continue;
    const rank = Number(h.tagName[1]);
    let level;
    if (h.closest('.print-part')) { inPart = true; level = 0; }
    else if (h.id === 'print-contents') level = 0;
    else if (rank === 2) { chapterLevel = inPart ? 1 : 0; level = chapterLevel; }
    else level = chapterLevel + rank - 2;
    out.push({title: clean(h), level, toc: h.id});
  }
  return out;
}
"""


def _outline_entries(reader):
    entries = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                entries.append(item)

    walk(reader.outline)
    return entries


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def match_headings(reader, headings):
    """Pair each heading of the page with Chromium's bookmark for it (same order;
    Chromium's titles can repeat words or lose spaces at line breaks, so the
    pairing goes by order and checks that the titles share their start)."""
    entries = _outline_entries(reader)
    if len(entries) != len(headings):
        raise RuntimeError(f"Chromium made {len(entries)} bookmarks for {len(headings)} headings")
    pairs = []
    for heading, entry in zip(headings, entries):
        want, got = _squash(heading["title"]), _squash(str(entry.title))
        if want[:12] not in got:
            raise RuntimeError(f"bookmark {entry.title!r} does not belong to heading {heading['title']!r}")
        pairs.append((heading, entry, reader.get_destination_page_number(entry) + 1))
    return pairs


def fill_page_numbers(page, pairs) -> int:
    """Write each contents entry's page number (the page of the heading it links to)."""
    pages = {}
    for heading, _, number in pairs:
        pages.setdefault(heading["toc"], number)
    return page.evaluate(
        """(pages) => {
            let filled = 0;
            for (const a of document.querySelectorAll('.print-toc a')) {
              const n = pages[a.getAttribute('href').slice(1)];
              if (n) { a.querySelector('.toc-page').textContent = n; filled++; }
            }
            return filled;
        }""",
        pages,
    )


def write_outline(pdf_in: Path, pdf_out: Path, pairs) -> int:
    """Copy the PDF with bookmarks titled as in the book and nested part > chapter > section."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit, NameObject

    writer = PdfWriter(clone_from=PdfReader(str(pdf_in)))
    if NameObject("/Outlines") in writer._root_object:
        del writer._root_object[NameObject("/Outlines")]
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    parents = {}
    for heading, entry, number in pairs:
        level = heading["level"]
        parent = parents.get(level - 1) if level > 0 else None
        top = entry.get("/Top") if hasattr(entry, "get") else None
        fit = Fit.xyz(left=0, top=float(top)) if top is not None else Fit.fit()
        parents[level] = writer.add_outline_item(heading["title"], number - 1, parent=parent, fit=fit)
        for deeper in [k for k in parents if k > level]:
            del parents[deeper]
    writer.write(str(pdf_out))
    return len(pairs)


FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;color:#555;font-family:sans-serif">'
          '<span class="pageNumber"></span></div>')


def _print(page, path: Path) -> None:
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True, outline=True, tagged=True,
             display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)


def _phase(started: float, what: str) -> None:
    print(f"book_pdf: {what} ({time.monotonic() - started:.0f} s)", flush=True)


def print_book(site_dir: Path, out_pdf: Path) -> Path:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    index = site_dir / "index.html"
    if not index.exists():
        raise SystemExit(f"No one-page build in {site_dir}: run `python _ext/editions.py singlehtml` first.")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: `make chromium` installs Debian's chromium.")
    meta = book_metadata()
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with serve(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1200}, device_scale_factor=2)
            errors = []
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(f"{url}/index.html", wait_until="load", timeout=120_000)
            wait_until_rendered(page)
            _phase(started, "page rendered")
            frozen = freeze_widgets(page, meta)
            _phase(started, "sliders frozen")
            chapters = page.evaluate(RESTRUCTURE_JS, meta)
            page.add_style_tag(content=PRINT_CSS.read_text(encoding="utf8"))
            page.emulate_media(media="print", color_scheme="light")
            page.set_viewport_size({"width": CONTENT_WIDTH_PX, "height": 1200})
            _settle(page, 200)
            scaled = page.evaluate(FIT_EQUATIONS_JS)
            headings = page.evaluate(HEADINGS_JS)
            draft = out_pdf.with_suffix(".draft.pdf")
            _print(page, draft)
            _phase(started, "first printing")
            pairs = match_headings(PdfReader(str(draft)), headings)
            # Print again with the contents' page numbers, until the numbers are those
            # of the printing they are in (a heading at a page's foot can move).
            for attempt in range(2):
                filled = fill_page_numbers(page, pairs)
                _print(page, draft)
                numbers = [number for _, _, number in pairs]
                pairs = match_headings(PdfReader(str(draft)), headings)
                _phase(started, f"printing {attempt + 2}")
                if [number for _, _, number in pairs] == numbers:
                    break
            else:
                moved = [(h["title"], old, new) for (h, _, new), old in zip(pairs, numbers) if old != new]
                print(f"book_pdf: WARNING: contents entries still moving after 3 printings: {moved[:5]}",
                      file=sys.stderr)
            write_outline(draft, out_pdf, pairs)
            draft.unlink()
        finally:
            browser.close()
    print(f"book_pdf: {out_pdf.relative_to(ROOT) if out_pdf.is_relative_to(ROOT) else out_pdf}: "
          f"{chapters} chapters, {frozen} sliders printed as frames, {len(scaled)} wide equations scaled to fit "
          f"({'; '.join(scaled)}), "
          f"{filled} contents entries numbered, {len(pairs)} bookmarks, {time.monotonic() - started:.0f} s")
    return out_pdf


if __name__ == "__main__":
    print_book(Path(sys.argv[1]), Path(sys.argv[2]))
