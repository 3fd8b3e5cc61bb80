"""Open the chapters in JupyterLab (or Notebook 7) the way `make lab` does.

- The reader works on copies in ``_lab/`` (ignored by git), never on the
  tracked ``notebooks/*.ipynb``: running and saving a chapter leaves the
  repository unchanged. A copy is refreshed from ``notebooks/`` when the
  chapter changed and the reader has not saved the copy since; a copy the
  reader changed is kept (and named, with how to get the new one).
- Widget state is saved with the notebook (the ``saveState`` setting of the
  widgets manager, written to the environment's settings overrides), so a
  reopened chapter shows its sliders and figures, not "model not found".
- As root (containers, CI shells) the server gets ``--allow-root``.

Usage: python tools/lab.py [--notebook] [--dir DIR] [jupyter options...]
       python tools/lab.py --settings-only   (write the settings, start nothing: Binder's postBuild)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
WORKDIR = ROOT / "_lab"
PRISTINE = ".pristine"  # under the working dir: the notebooks as last copied, to tell reader edits apart

# Notebook 7 (and JupyterLab) bind the arrow keys in command mode to moving
# between cells whenever anything in the notebook has focus, a slider's handle
# included, so the arrows moved the cell selection instead of the slider. The
# same bindings, except when the focused element is a slider.
_COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
_ARROWS = {"ArrowDown": "notebook:move-cursor-down", "ArrowUp": "notebook:move-cursor-up",
           "ArrowLeft": "notebook:move-cursor-heading-above-or-collapse",
           "ArrowRight": "notebook:move-cursor-heading-below-or-expand"}
_SHORTCUTS = ([{"command": c, "keys": [k], "selector": _COMMAND_MODE, "disabled": True} for k, c in _ARROWS.items()]
              + [{"command": c, "keys": [k], "selector": _COMMAND_MODE + ':not([role="slider"])'}
                 for k, c in _ARROWS.items()])

# JupyterLab and Notebook 7 settings that every reader of the book wants.
OVERRIDES = {
    "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": _SHORTCUTS},
    # Save the widgets' state in the notebook: a reopened chapter shows its figures.
    "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True},
    # Start the book's Python kernel when a chapter opens, without a "Select Kernel" dialog.
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    # No pop-up asking to fetch Jupyter news, no update checks: the book needs no other host.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _shown(path: Path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def prepare(workdir: Path = WORKDIR, source: Path = NOTEBOOKS) -> list[str]:
    """Copy the chapters into ``workdir``; returns notes for the reader (kept copies)."""
    workdir, pristine = Path(workdir), Path(workdir) / PRISTINE
    pristine.mkdir(parents=True, exist_ok=True)
    notes = []
    for nb in sorted(Path(source).glob("*.ipynb")):
        copy, base = workdir / nb.name, pristine / nb.name
        if copy.exists() and base.exists() and _digest(base) == _digest(nb):
            continue  # chapter unchanged since it was copied
        if copy.exists() and not (base.exists() and _digest(copy) == _digest(base)):
            if _digest(copy) == _digest(nb):
                shutil.copyfile(nb, base)
            else:  # the reader saved this copy: keep it, and say so on every start
                notes.append(f"{_shown(copy)}: kept your saved copy, but {_shown(nb)} has changed since; "
                             "delete your copy to get the new chapter.")
            continue
        shutil.copyfile(nb, copy)
        shutil.copyfile(nb, base)
    return notes


def install_settings(prefix: str = sys.prefix) -> Path:
    """Merge OVERRIDES into <prefix>/share/jupyter/lab/settings/overrides.json
    (read by JupyterLab and Notebook 7 in this environment)."""
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    merged = {**current, **{k: {**current.get(k, {}), **v} for k, v in OVERRIDES.items()}}
    if merged != current:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(merged, indent=2) + "\n")
    return path


def command(workdir: Path = WORKDIR, app: str = "lab", extra=()) -> list[str]:
    """The jupyter command line that serves ``workdir``."""
    if app not in ("lab", "notebook"):
        raise ValueError(f"app must be 'lab' or 'notebook', got {app!r}.")
    jupyter = str(Path(sys.executable).with_name("jupyter"))
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [jupyter, app, f"--ServerApp.root_dir={workdir}", *root, *extra]


def main(argv):
    app, workdir, extra = "lab", WORKDIR, []
    args = iter(argv)
    if argv == ["--settings-only"]:
        print(f"Jupyter settings for the book written to {install_settings()}")
        return
    for arg in args:
        if arg == "--notebook":
            app = "notebook"
        elif arg == "--dir":
            workdir = Path(next(args)).resolve()
        else:
            extra.append(arg)
    for note in prepare(workdir):
        print(note)
    install_settings()
    cmd = command(workdir, app, extra)
    print(f"Opening copies of the chapters in {workdir} ({'JupyterLab' if app == 'lab' else 'Notebook 7'}); "
          "notebooks/ is left untouched.")
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv[1:])
