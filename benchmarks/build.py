"""4. The book's clean build, its unchanged rebuild, and ``make test``, timed in
a fresh clone of the repository (optional: ``make bench BENCH_BOOK=1`` and
``BENCH_TEST=1``; each takes minutes).

The clone borrows this checkout's virtualenv (a symlink, with the venv stamp
marked old via ``make -o`` so nothing is reinstalled into it) and puts its
own source first on ``PYTHONPATH``, so the clone's ``nnlib`` is the one imported.
Only committed files are in the clone: commit first to time your changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _clone(log):
    tmp = Path(tempfile.mkdtemp(prefix="nnlib-bench-"))
    clone = tmp / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    log(f"  cloned {ROOT} at {head} into {clone}")
    return tmp, clone, head


def _make(clone, target, log):
    env = dict(os.environ, PYTHONPATH=str(clone))
    cmd = ["make", "-o", ".venv/.stamp-installed", target]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        lines = (proc.stdout + "\n" + proc.stderr).splitlines()
        # The lines that say what failed (pytest's FAILED/ERROR summary, make's own error), else the tail.
        key = [ln for ln in lines if ln.startswith(("FAILED", "ERROR", "make: ***", "make[")) or " failed" in ln
               or "Error:" in ln][-12:] or lines[-12:]
        log(f"  make {target} failed (exit {proc.returncode}) after {seconds:.0f} s:\n    " + "\n    ".join(key))
        return None, f"make {target} exited with {proc.returncode} after {seconds:.0f} s: " + " | ".join(key)
    log(f"  make {target}: {seconds:.1f} s")
    return seconds, None


def run(book=False, test=False, log=print):
    out = {"book_clean_build_s": None, "book_rebuild_s": None, "make_test_s": None, "notes": {}}
    if not (book or test):
        out["notes"]["all"] = "not measured (run make bench BENCH_BOOK=1 BENCH_TEST=1)"
        return out
    tmp, clone, head = _clone(log)
    out["commit"] = head
    try:
        if book:
            out["book_clean_build_s"], why = _make(clone, "book", log)
            if why:
                out["notes"]["book_clean_build_s"] = why
            else:
                out["book_rebuild_s"], why = _make(clone, "book", log)
                if why:
                    out["notes"]["book_rebuild_s"] = why
        else:
            out["notes"]["book"] = "not measured (BENCH_BOOK=1 to measure)"
        if test:
            out["make_test_s"], why = _make(clone, "test", log)
            if why:
                out["notes"]["make_test_s"] = why
        else:
            out["notes"]["make_test_s"] = "not measured (BENCH_TEST=1 to measure)"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out
