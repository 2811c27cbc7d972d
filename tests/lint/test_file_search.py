"""The names validate gives the files it finds in a folder: relative to the working
directory, forward slashes, a linked file named like :func:`display_name` names it."""

from __future__ import annotations

import os
from pathlib import Path

from metis_bpmn.lint import files
from metis_bpmn.lint.files import collect, display_name

BPMN = b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>'


def _tree(root: Path) -> None:
    (root / "models" / "b").mkdir(parents=True)
    (root / "models" / "a.bpmn").write_bytes(BPMN)
    (root / "models" / "b" / "c.BPMN").write_bytes(BPMN)
    (root / "models" / "b" / "notes.md").write_text("x")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "d.bpmn").write_bytes(BPMN)
    os.symlink(root / "elsewhere" / "d.bpmn", root / "models" / "linked.bpmn")
    os.symlink(root / "elsewhere", root / "models" / "linked-folder")  # not entered


def test_names_inside_the_working_directory(tmp_path) -> None:
    _tree(tmp_path)
    found = collect([str(tmp_path / "models")], cwd=tmp_path)
    assert [s.display for s in found] == ["elsewhere/d.bpmn", "models/a.bpmn",
                                          "models/b/c.BPMN"]
    assert all(s.display == display_name(s.path, tmp_path) for s in found)


def test_names_outside_the_working_directory(tmp_path) -> None:
    _tree(tmp_path)
    cwd = tmp_path / "elsewhere"
    found = collect([str(tmp_path / "models")], cwd=cwd)
    assert [s.display for s in found] == sorted(
        [(tmp_path / "models" / "a.bpmn").as_posix(),
         (tmp_path / "models" / "b" / "c.BPMN").as_posix(), "d.bpmn"])
    assert all(s.display == display_name(s.path, cwd) for s in found)


def test_a_linked_top_folder_is_named_by_where_it_leads(tmp_path) -> None:
    _tree(tmp_path)
    os.symlink(tmp_path / "models", tmp_path / "alias")
    found = collect([str(tmp_path / "alias")], cwd=tmp_path)
    assert [s.display for s in found] == ["elsewhere/d.bpmn", "models/a.bpmn",
                                          "models/b/c.BPMN"]


def test_the_root_folder(monkeypatch, tmp_path) -> None:
    # (The walk is stubbed: the names are what matters, not walking the whole disk.)
    monkeypatch.setattr(files, "walk", lambda top: iter(
        [("/", [], ["x.bpmn"]), ("/sub", [], ["y.bpmn"])]))
    at_root = collect(["/"], cwd=Path("/"))
    assert [s.display for s in at_root] == ["sub/y.bpmn", "x.bpmn"]
    elsewhere = collect(["/"], cwd=tmp_path)
    assert [s.display for s in elsewhere] == ["/sub/y.bpmn", "/x.bpmn"]
