"""The machine says no (disk full, read-only vault or output folder): a plain message,
exit 2, and nothing changed."""

from __future__ import annotations

import errno
import json
import os

import pytest
from typer.testing import CliRunner

from metis_bpmn import fsio
from metis_bpmn.cli import app
from metis_bpmn.engine.store import Store
from tests.conftest import ROOT

runner = CliRunner()
PROCESS = str(ROOT / "processes" / "consolidation.bpmn")



def _fail_with(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code), "the-file")
    return fail


def _start(vault) -> str:
    result = runner.invoke(app, ["session", "start", PROCESS, "--vault", str(vault),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["session"]["id"]


@pytest.mark.parametrize("code,words", [(errno.ENOSPC, "no space left on the device"),
                                        (errno.EROFS, "the file system is read-only"),
                                        (errno.EACCES, "permission denied")])
def test_step_that_cannot_be_saved_changes_nothing(vault, monkeypatch, code, words) -> None:
    sid = _start(vault)
    store = Store(vault)
    instance = (vault / ".metis" / "sessions" / f"{sid}.json").read_bytes()
    committed = store.events(sid, store.read(sid)["log"])
    monkeypatch.setattr(fsio.os, "replace", _fail_with(code))
    result = runner.invoke(app, ["session", "step", sid, "--vault", str(vault)])
    assert result.exit_code == 2
    assert words in result.stderr and "nothing was changed" in result.stderr
    assert "internal error" not in result.output + result.stderr
    assert (vault / ".metis" / "sessions" / f"{sid}.json").read_bytes() == instance
    assert store.events(sid, store.read(sid)["log"]) == committed


def test_log_line_that_cannot_be_written_changes_nothing(vault, monkeypatch) -> None:
    sid = _start(vault)
    instance = (vault / ".metis" / "sessions" / f"{sid}.json").read_bytes()
    monkeypatch.setattr("metis_bpmn.engine.store.os.write", _fail_with(errno.ENOSPC))
    result = runner.invoke(app, ["session", "step", sid, "--vault", str(vault)])
    assert result.exit_code == 2 and "no space left" in result.stderr
    assert (vault / ".metis" / "sessions" / f"{sid}.json").read_bytes() == instance


def test_render_into_a_read_only_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(fsio.tempfile, "mkstemp", _fail_with(errno.EROFS))
    out = tmp_path / "out.svg"
    result = runner.invoke(app, ["render", PROCESS, "-o", str(out)])
    assert result.exit_code == 2 and "read-only" in result.stderr
    assert not out.exists()


def test_written_files_follow_the_umask(vault, tmp_path) -> None:
    """Temporary files are 0600; what the commands leave must not be (issue #14)."""
    sid = _start(vault)
    out = tmp_path / "out.svg"
    assert runner.invoke(app, ["render", PROCESS, "-o", str(out)]).exit_code == 0
    expected = 0o666 & ~fsio.umask()
    for path in (vault / ".metis" / "sessions" / f"{sid}.json", out):
        assert path.stat().st_mode & 0o777 == expected, path
