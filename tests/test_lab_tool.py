"""tools/lab.py (make lab): the reader works on copies, refreshed only when untouched."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lab  # noqa: E402


def test_copies_are_made_refreshed_and_kept(tmp_path):
    source, work = tmp_path / "notebooks", tmp_path / "work"
    source.mkdir()
    (source / "a.ipynb").write_text("A1")
    (source / "b.ipynb").write_text("B1")
    assert lab.prepare(work, source) == []
    assert (work / "a.ipynb").read_text() == "A1" and (work / "b.ipynb").read_text() == "B1"
    (work / "a.ipynb").write_text("A1 + the reader's outputs")     # the reader saved chapter a
    (source / "a.ipynb").write_text("A2")                           # both chapters change
    (source / "b.ipynb").write_text("B2")
    notes = lab.prepare(work, source)
    assert (work / "b.ipynb").read_text() == "B2"                   # untouched copy: refreshed
    assert (work / "a.ipynb").read_text() == "A1 + the reader's outputs"  # saved copy: kept
    assert len(notes) == 1 and "a.ipynb" in notes[0] and "delete your copy" in notes[0]
    assert lab.prepare(work, source) == notes                       # said again on every start
    (work / "a.ipynb").unlink()
    assert lab.prepare(work, source) == [] and (work / "a.ipynb").read_text() == "A2"


def test_settings_are_merged_into_overrides(tmp_path):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}))
    assert lab.install_settings(str(tmp_path)) == path
    settings = json.loads(path.read_text())
    assert settings["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert settings["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    shortcuts = settings["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    assert {s["keys"][0] for s in shortcuts if s.get("disabled")} == {"ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"}


def test_command_serves_the_copies_and_allows_root(tmp_path, monkeypatch):
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0)
    cmd = lab.command(tmp_path, "notebook", ["--no-browser"])
    assert cmd[1:] == ["notebook", f"--ServerApp.root_dir={tmp_path}", "--allow-root", "--no-browser"]
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.command(tmp_path)
    with pytest.raises(ValueError, match="'lab' or 'notebook'"):
        lab.command(tmp_path, "voila")


def test_settings_only_writes_the_settings_and_starts_nothing(tmp_path, monkeypatch, capsys):
    """Binder's postBuild runs `python tools/lab.py --settings-only`."""
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setattr(lab.install_settings, "__defaults__", (str(tmp_path),))
    monkeypatch.setattr(lab.os, "execv", lambda *a: pytest.fail(f"started a server: {a}"))
    lab.main(["--settings-only"])
    written = json.loads((tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text())
    assert written == lab.OVERRIDES
    assert "written to" in capsys.readouterr().out
    postbuild = (Path(lab.__file__).parents[1] / "postBuild").read_text()
    assert "python tools/lab.py --settings-only" in postbuild
