"""Files that are not regular files, named like BPMN files: a FIFO waits forever for a
writer, ``/dev/zero`` never ends. A folder search passes over them; named on the command
line they are refused. Either way nothing is read from them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from metis_bpmn.fsio import NotARegularFile
from metis_bpmn.model.parse import load_file

from .harness import _limit, assert_safe, run

ROOT = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.bpmn").write_bytes((ROOT / "processes" / "consolidation.bpmn").read_bytes())
    os.mkfifo(tmp_path / "stuck.bpmn")
    (tmp_path / "endless.bpmn").symlink_to("/dev/zero")
    return tmp_path


@needs_fifo
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_search_passes_over_fifos_and_devices(folder: Path, jobs: str) -> None:
    outcome = run(["validate", ".", "-q", "--timeout", "0", "--jobs", jobs], cwd=folder)
    assert_safe(outcome, codes=(0, 1))
    assert "stuck" not in outcome.stdout and "endless" not in outcome.stdout
    outcome = run(["validate", ".", "-f", "json"], cwd=folder)
    assert [f["path"] for f in __import__("json").loads(outcome.stdout)["files"]] == [
        "good.bpmn"]


@needs_fifo
@pytest.mark.parametrize("name", ["stuck.bpmn", "endless.bpmn"])
def test_named_on_the_command_line_they_are_refused(folder: Path, name: str) -> None:
    outcome = run(["validate", name], cwd=folder)
    assert_safe(outcome, codes=(2,))
    assert "not a regular file" in outcome.stderr


@needs_fifo
def test_the_loader_refuses_them_without_reading(folder: Path) -> None:
    """Without blocking: a FIFO is opened without waiting for a writer."""
    for name in ("stuck.bpmn", "endless.bpmn"):
        with pytest.raises(NotARegularFile):
            load_file(folder / name)



@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_standard_input_is_read_only_to_one_byte_over_the_limit(tmp_path: Path) -> None:
    """``validate -`` fed something endless (``/dev/zero``, or a 10 GB download) stops reading
    at the size limit instead of filling memory."""
    with open("/dev/zero", "rb") as endless:
        done = subprocess.run(
            [sys.executable, "-c", "from metis_bpmn.cli import main; main()", "validate", "-",
             "--max-file-size", "1000"], stdin=endless, capture_output=True, timeout=60,
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_limit)
    assert done.returncode == 1, done.stderr[-2000:]
    assert b"over the limit of 1,000 bytes" in done.stdout


def test_a_folder_search_does_not_follow_links_out_of_the_project(tmp_path: Path) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "models").mkdir(parents=True)
    outside.mkdir()
    model = (ROOT / "processes" / "consolidation.bpmn").read_bytes()
    (outside / "secret.bpmn").write_bytes(model)
    (project / "shared.bpmn").write_bytes(model)
    (project / "models" / "own.bpmn").write_bytes(model)
    (project / "models" / "leak.bpmn").symlink_to(outside / "secret.bpmn")
    (project / "models" / "sibling.bpmn").symlink_to(project / "shared.bpmn")
    outcome = run(["validate", "models", "-f", "json"], cwd=project)
    assert_safe(outcome, codes=(0, 1))
    paths = [f["path"] for f in __import__("json").loads(outcome.stdout)["files"]]
    assert paths == ["models/own.bpmn", "shared.bpmn"]  # (a link is named by its target)



@pytest.fixture
def deep(tmp_path: Path):
    """Make folders nested past Python's recursion limit (1,200 deep, 2,400 characters of
    path: legal on Linux), and remove them bottom-up afterwards (shutil.rmtree, and so
    pytest's clean-up, recurse per level too)."""
    made: list[Path] = []

    def make(root: Path) -> Path:
        root.mkdir(exist_ok=True)
        here = root
        for _ in range(1_200):
            here = here / "d"
            here.mkdir()
        made.append(here)
        return here
    yield make
    for bottom in made:
        for folder in [bottom, *bottom.parents]:
            if folder == tmp_path:
                break
            for child in folder.iterdir():  # (the chain below is gone already)
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            folder.rmdir()


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path: Path, deep) -> None:
    """Python 3.11's os.walk, and the policy file lookup, took a call per level."""
    work = tmp_path / "work"  # (the harness lists its working folder recursively)
    work.mkdir()
    model = (ROOT / "processes" / "consolidation.bpmn").read_bytes()
    (deep(tmp_path / "models") / "deep.bpmn").write_bytes(model)
    outcome = run(["validate", str(tmp_path / "models"), "-f", "json"], cwd=work)
    assert_safe(outcome, codes=(0, 1))
    (found,) = __import__("json").loads(outcome.stdout)["files"]
    assert found["path"].endswith("/d/deep.bpmn")
    vault = tmp_path / "vault"
    (deep(vault) / "note.md").write_text("---\ntitle: Deep\n---\n")
    for command in ("check", "facts"):
        assert_safe(run(["vault", command, str(vault)], cwd=work))
