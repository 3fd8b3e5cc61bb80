"""Build the book's other editions: the student site and the PDF.

    python _ext/editions.py student     site without solutions -> _build/student/html
    python _ext/editions.py singlehtml  the whole book on one page -> _build/pdf/singlehtml
    python _ext/editions.py pdf         print that page to _build/pdf/nnlib-book.pdf

(`make book-student` and `make pdf` run these.) Each edition is built by
Jupyter Book from the same sources with a copy of ``_config.yml`` plus a few
overrides, written to ``_build/<edition>/_config.yml``; the notebooks are not
run again: every edition reads the regular build's execution cache
(``_build/.jupyter_cache``), so a page is only executed once for all of them.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
CACHE = BUILD / ".jupyter_cache"
STUDENT_DIR = BUILD / "student"
PDF_DIR = BUILD / "pdf"
PDF_PATH = PDF_DIR / "nnlib-book.pdf"


def edition_config(edition: str) -> dict:
    """The book's _config.yml with the overrides of one edition."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    config = copy.deepcopy(config)
    sphinx = config.setdefault("sphinx", {})
    # Paths in local_extensions are relative to the config file: make them absolute.
    extensions = {name: str((ROOT / path).resolve()) for name, path in (sphinx.get("local_extensions") or {}).items()}
    config.setdefault("execute", {})["cache"] = str(CACHE)
    if edition == "student":
        extensions["nnlib_student"] = str(ROOT / "_ext")
        config["title"] = f"{config.get('title', '')} (student edition)".strip()
    elif edition == "singlehtml":
        extensions["nnlib_print"] = str(ROOT / "_ext")
    else:
        raise ValueError(f"edition must be 'student' or 'singlehtml', got {edition!r}")
    sphinx["local_extensions"] = extensions
    return config


def build_edition(edition: str, outdir: Path, builder: str) -> int:
    """Build one edition with Jupyter Book (strict: -W -n --keep-going, like `make book`)."""
    from jupyter_book.sphinx import build_sphinx

    base = outdir.parent
    base.mkdir(parents=True, exist_ok=True)
    path_config = base / "_config.yml"
    path_config.write_text(yaml.safe_dump(edition_config(edition), sort_keys=False), encoding="utf8")
    os.environ.setdefault("NNLIB_WIDGETS", "static")
    os.chdir(ROOT)   # html_extra_path, favicon, _toc.yml: relative to the book's root
    result = build_sphinx(
        str(ROOT),
        str(outdir),
        noconfig=True,
        path_config=str(path_config),
        confoverrides={"external_toc_path": str(ROOT / "_toc.yml"), "nitpicky": True,
                       "latex_individualpages": False},
        doctreedir=str(base / ".doctrees"),
        builder=builder,
        warningiserror=True,
        keep_going=True,
    )
    if result:
        print(f"editions: the {edition} build failed (see the warnings above).", file=sys.stderr)
        return 1
    print(f"editions: {edition} edition built in {outdir.relative_to(ROOT)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["student", "singlehtml", "pdf"])
    parser.add_argument("--out", type=Path, default=PDF_PATH, help="the PDF to write (pdf only)")
    args = parser.parse_args(argv)
    if args.what == "student":
        return build_edition("student", STUDENT_DIR / "html", "html")
    if args.what == "singlehtml":
        return build_edition("singlehtml", PDF_DIR / "singlehtml", "singlehtml")
    sys.path.insert(0, str(ROOT / "_ext"))
    from book_pdf import print_book

    print_book(PDF_DIR / "singlehtml", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
