"""A session to draw: processes/consolidation.bpmn started in a copy of examples/vault."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT


@pytest.fixture()
def start_session(tmp_path, monkeypatch) -> Callable[[int], str]:
    """Start a session and take ``steps`` steps; returns its id. The working directory is
    tmp_path, with vault/ and processes/ in it (a session records its process relative to
    the project). At the start the stocktake is skipped (the vault has it), the capability
    brainstorm is ready, three waits for a chat at FIRST PASS are blocked (their chats are
    SETUP READY) and the consolidation is not reached."""
    shutil.copytree(ROOT / "examples" / "vault", tmp_path / "vault",
                    ignore=shutil.ignore_patterns(".metis"))
    shutil.copytree(ROOT / "processes", tmp_path / "processes")
    monkeypatch.chdir(tmp_path)

    def start(steps: int) -> str:
        started = CliRunner().invoke(app, ["session", "start", "processes/consolidation.bpmn",
                                           "--vault", "vault", "-f", "json", "--by", "ada"])
        assert started.exit_code == 0, started.output
        session_id = json.loads(started.stdout)["session"]["id"]
        for _ in range(steps):
            step = CliRunner().invoke(app, ["session", "step", session_id, "--vault", "vault"])
            assert step.exit_code == 0, step.output
        return session_id
    return start
