"""``metis-bpmn session`` commands end to end on a copy of the example vault."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT, copy_example_vault

runner = CliRunner()
PROCESS = str(ROOT / "processes" / "consolidation.bpmn")


@pytest.fixture()
def vault(tmp_path):
    return str(copy_example_vault(tmp_path / "vault"))


def run(*args, input=None):
    return runner.invoke(app, ["session", *args], input=input)


def started(vault) -> str:
    result = run("start", PROCESS, "--vault", vault, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["session"]["id"]


def test_start_show_step_list_abort(vault) -> None:
    session = started(vault)
    shown = json.loads(run("show", session, "--vault", vault, "--format", "json").stdout)
    assert shown["version"] == 1 and shown["session"]["state"] == "waiting-for-person"
    assert [t["id"] for t in shown["ready"]] == ["Task_capability"]  # the Stocktake is COMPLETE
    step = run("step", session, "--vault", vault, "--note", "13 files counted")
    assert step.exit_code == 0
    assert "Blocked: Chat 8a Session Memory at FIRST PASS (Event_chat_8a)" in step.stdout
    assert "  - Chat 8a is SETUP READY, needs FIRST PASS" in step.stdout
    listed = json.loads(run("list", "--vault", vault, "--format", "json").stdout)
    assert [s["id"] for s in listed["sessions"]] == [session]
    assert run("abort", session, "--vault", vault).exit_code == 0
    again = run("step", session, "--vault", vault)
    assert again.exit_code == 2 and "was aborted" in again.stderr


def test_ambiguous_and_unknown_steps_are_usage_errors(vault) -> None:
    session = started(vault)
    wrong = run("step", session, "--vault", vault, "--task", "Nope")
    assert wrong.exit_code == 2 and "no single ready task 'Nope'" in wrong.stderr
    missing = run("show", "no-such-session", "--vault", vault)
    assert missing.exit_code == 2 and "no session 'no-such-session'" in missing.stderr
    bad_set = run("step", session, "--vault", vault, "--set", "not a pair")
    assert bad_set.exit_code == 2 and "use KEY=VALUE" in bad_set.stderr


def test_run_prompts_until_blocked(vault) -> None:
    session = started(vault)
    result = run("run", session, "--vault", vault, input="1\n\nfirst step\nq\n")
    assert result.exit_code == 0, result.output
    assert "[1] Brainstorm the capability areas (Chats 3-7) (Task_capability)" in result.stdout
    assert "Chat 9 is SETUP READY, needs FIRST PASS" in result.stdout
    events = [json.loads(line) for line in
              open(f"{vault}/.metis/sessions/{session}.events.jsonl", encoding="utf-8")]
    assert events[-1]["note"] == "first step" and events[-1]["task"] == "Task_capability"


def test_start_refuses_hostile_or_broken_input(vault, tmp_path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<bpmn:definitions")
    result = run("start", str(broken), "--vault", vault)
    assert result.exit_code == 2 and "Not well-formed XML" in result.stderr
    assert run("start", PROCESS, "--vault", str(tmp_path / "nope")).exit_code == 2
