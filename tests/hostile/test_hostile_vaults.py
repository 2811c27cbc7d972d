"""Hostile notes and vault layouts: each becomes a located problem of its note, the rest of
the vault loads, and no command hangs, crashes or leaves the vault."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from metis_bpmn.vault.frontmatter import parse
from metis_bpmn.vault.reader import read_vault
from tests.conftest import copy_example_vault

from .harness import ROOT, assert_safe, run


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    previous = "a"
    for name in "bcdefghijklmnop"[:levels]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * width) + "]")
        previous = name
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("block,kind", [
    (_alias_bomb(), "too-complex"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", "too-complex"),
    ("n: " + "9" * 10_000 + "\n", "big-number"),
    ("x: !!python/object/apply:os.system ['id']\n", "yaml"),
    ("x: !!float 1e999999\n", None),
])
def test_front_matter_is_bounded(block, kind) -> None:
    data, issues = parse(block.encode())
    assert json.dumps(data)  # whatever was read is plain JSON
    if kind:
        assert f"vault/{kind}" in [i.rule for i in issues]


def test_tags_that_make_python_objects_become_json() -> None:
    data, _ = parse(b"tags: !!set {b, a}\nwhen: !!timestamp 2026-01-01\nraw: !!binary aGk=\n")
    assert data == {"tags": ["a", "b"], "when": "2026-01-01", "raw": "hi"}


def _hostile_vault(root: Path) -> Path:
    vault = copy_example_vault(root / "vault")
    (vault / "bomb.md").write_text("---\n" + _alias_bomb() + "---\nbody\n")
    (vault / "set.md").write_text("---\ntags: !!set {a, b}\nwhen: !!timestamp 2026-01-01\n---\n")
    (vault / "big.md").write_text("---\nn: " + "9" * 10_000 + "\n---\n")
    (vault / "links.md").write_text("---\ntitle: x\n---\n" + "[[nowhere]] " * 100_000 + "\n")
    os.symlink(".", vault / "loop")
    (vault / "d1").mkdir()
    os.symlink("../d1", vault / "d1" / "back")
    os.symlink("/etc", vault / "outside")
    os.symlink("/etc/passwd", vault / "passwd.md")
    try:
        with open(os.path.join(os.fsencode(vault), b"bad\xff\xfename.md"), "wb") as handle:
            handle.write(b"---\ntitle: x\n---\n")
    except OSError:
        pass  # a file system that refuses such names
    return vault


def test_one_bad_note_does_not_stop_the_vault(tmp_path) -> None:
    vault = read_vault(_hostile_vault(tmp_path))
    problems = {(path, p.rule) for path, p in vault.problems()}
    assert ("bomb.md", "vault/too-complex") in problems
    assert "README.md" in vault.notes and "passwd.md" not in vault.notes
    assert not any(path.startswith(("loop/", "d1/back/", "outside/")) for path in vault.notes)
    assert vault.notes["set.md"].frontmatter == {"tags": ["a", "b"], "when": "2026-01-01"}


def test_a_damaged_cache_is_read_around(tmp_path) -> None:
    vault = _hostile_vault(tmp_path)
    read_vault(vault)
    for shard in (vault / ".metis" / "cache").glob("notes-*.json"):
        notes = json.loads(shard.read_text())
        for note in notes.values():
            note["headings"] = "not a list"
            note["links"] = 7
        shard.write_text(json.dumps(notes))
    again = read_vault(vault)
    assert all(again.notes[p].title for p in again.notes)
    (vault / ".metis" / "cache" / "index.json").write_text('{"version": 3, "keys": [1, 2]}')
    assert "README.md" in read_vault(vault).notes


@pytest.mark.parametrize("args", [["vault", "check", "{vault}"], ["vault", "facts", "{vault}"],
                                  ["vault", "facts", "{vault}", "--format", "json"]])
def test_vault_commands_on_a_hostile_vault(args, tmp_path) -> None:
    vault = _hostile_vault(tmp_path)
    out = run([a.format(vault=vault) for a in args], cwd=tmp_path,
              allowed=(vault / ".metis",))
    assert_safe(out)


def test_sessions_read_a_hostile_vault(tmp_path) -> None:
    vault = _hostile_vault(tmp_path)
    process = ROOT / "processes" / "consolidation.bpmn"
    out = run(["session", "start", str(process), "--vault", str(vault), "--format", "json"],
              cwd=tmp_path, allowed=(vault / ".metis",))
    assert_safe(out)
    sid = json.loads(out.stdout)["session"]["id"]
    out = run(["session", "step", sid, "--vault", str(vault)], cwd=tmp_path,
              allowed=(vault / ".metis",))
    assert_safe(out)


def test_a_cache_nested_too_deeply_is_read_around(tmp_path) -> None:
    vault = _hostile_vault(tmp_path)
    read_vault(vault)
    (vault / ".metis" / "cache" / "index.json").write_text("[" * 100_000 + "]" * 100_000)
    assert "README.md" in read_vault(vault).notes


def test_a_note_replaced_under_its_old_size_and_mtime_is_read_again(tmp_path) -> None:
    """The cache key holds the ctime, which a copy, a sync or an archive does not carry: a
    cache that came with the vault, or a note put back with ``cp -p``, is not trusted."""
    note = tmp_path / "area.md"
    note.write_text("---\nstatus: open\n---\n")
    assert read_vault(tmp_path).notes["area.md"].frontmatter == {"status": "open"}
    before = note.stat()
    note.write_text("---\nstatus: done\n---\n")  # the same size
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (note.stat().st_size, note.stat().st_mtime_ns) == (before.st_size,
                                                               before.st_mtime_ns)
    assert read_vault(tmp_path).notes["area.md"].frontmatter == {"status": "done"}
