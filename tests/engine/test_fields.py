"""Declared fields (issue #15): a step gets exactly the data it declares, typed, and a
refused step changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from metis_bpmn.engine.store import Store
from tests.conftest import ROOT

from .bpmn import flow, write

runner = CliRunner()



def cli(*args):
    return runner.invoke(app, ["session", *[str(a) for a in args]])


def start(vault: Path, process: str, *sets: str) -> str:
    extra = [x for s in sets for x in ("--set", s)]
    result = cli("start", ROOT / "processes" / process, "--vault", vault, "--format", "json",
                 *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["session"]["id"]


def step(vault: Path, sid: str, *args: str):
    return cli("step", sid, "--vault", vault, "--format", "json", *args)


def state(vault: Path, sid: str) -> tuple[bytes, list]:
    store = Store(vault)
    path = vault / ".metis" / "sessions" / f"{sid}.json"
    return path.read_bytes(), store.events(sid)


def refused(vault: Path, sid: str, *args: str) -> str:
    before = state(vault, sid)
    result = step(vault, sid, *args)
    assert result.exit_code == 2, result.output
    assert state(vault, sid) == before, "a refused step changed the session"
    return result.stderr


def to_review(vault: Path) -> str:
    sid = start(vault, "session-handoff.bpmn", "area=Chat 8a")
    assert step(vault, sid).exit_code == 0  # read the setup doc
    result = step(vault, sid, "--set", "output_kind=brainstorm", "--set", "decisions_made=no")
    assert result.exit_code == 0, result.output
    return sid


def test_no_is_false_and_takes_the_course_correction(vault) -> None:
    sid = to_review(vault)
    result = step(vault, sid, "--set", "level_ok=no")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["data"]["level_ok"] is False
    assert [t["id"] for t in shown["ready"]] == ["Task_course_correction"]


def test_decisions_made_no_states_that_none_were_made(vault) -> None:
    sid = to_review(vault)
    data = json.loads(step(vault, sid, "--set", "level_ok=yes").stdout)["data"]
    assert data["decisions_made"] is False and data["level_ok"] is True


@pytest.mark.parametrize("value,near", [("implementation spec", "implementation-spec"),
                                        ("Implementation-Spec", "implementation-spec"),
                                        ("brainstorming", "brainstorm")])
def test_a_near_miss_of_an_enum_is_refused(vault, value, near) -> None:
    sid = start(vault, "session-handoff.bpmn", "area=Chat 8a")
    assert step(vault, sid).exit_code == 0
    message = refused(vault, sid, "--set", f"output_kind={value}", "--set", "decisions_made=no")
    assert f"did you mean {near!r}?" in message


def test_work_type_in_another_case_is_refused(vault) -> None:
    sid = start(vault, "feature-lifecycle.bpmn")
    ready = json.loads(cli("show", sid, "--vault", vault, "--format", "json").stdout)["ready"]
    assert ready[0]["id"] == "Task_classify"
    assert refused(vault, sid, "--set", "work_type=Feature").count("did you mean 'feature'?")


def test_missing_and_unknown_fields_are_refused(vault) -> None:
    sid = start(vault, "session-handoff.bpmn", "area=Chat 8a")
    assert step(vault, sid).exit_code == 0
    message = refused(vault, sid)
    assert "needs output_kind (brainstorm | consolidation | implementation-spec)" in message
    assert "What did this session write?" in message
    message = refused(vault, sid, "--set", "output_kind=brainstorm", "--set",
                      "decisions_made=no", "--set", "levl_ok=yes")
    assert "does not ask for 'levl_ok'" in message
    assert "decisions_made must be yes or no (true/false), not 'maybe'" in refused(
        vault, sid, "--set", "output_kind=brainstorm", "--set", "decisions_made=maybe")


def test_ready_tasks_say_what_they_expect(vault) -> None:
    sid = start(vault, "session-handoff.bpmn", "area=Chat 8a")
    step(vault, sid)
    shown = json.loads(cli("show", sid, "--vault", vault, "--format", "json").stdout)
    assert shown["ready"][0]["fields"] == [
        {"name": "output_kind", "type": "enum",
         "values": ["brainstorm", "consolidation", "implementation-spec"], "required": True,
         "question": "What did this session write?"},
        {"name": "decisions_made", "type": "boolean", "values": [], "required": True,
         "question": "Did this session make or change decisions?"}]
    text = cli("show", sid, "--vault", vault).stdout
    assert "--set output_kind (brainstorm | consolidation | implementation-spec)" in text


def test_a_note_field_must_name_a_note(vault) -> None:
    sid = to_review(vault)
    assert step(vault, sid, "--set", "level_ok=yes").exit_code == 0
    for task in ("Task_area_readme", "Task_chat_plan", "Task_open_questions",
                 "Task_no_decisions", "Task_setup_docs"):
        assert step(vault, sid, "--task", task).exit_code == 0, task
    shown = json.loads(cli("show", sid, "--vault", vault, "--format", "json").stdout)
    assert [t["id"] for t in shown["ready"]] == ["Task_handoff"]
    assert "note session-handoffs/nowhere.md does not exist in the vault" in refused(
        vault, sid, "--set", "handoff=session-handoffs/nowhere.md")
    assert "must be a note path inside the vault" in refused(
        vault, sid, "--set", "handoff=../../etc/passwd")


def test_an_errored_decision_is_repaired_by_giving_its_data(tmp_path) -> None:
    """A process from elsewhere, without declarations: the gate fails for want of data and
    a later step with the data decides it again (it used to need an abort)."""
    process = write(tmp_path / "p.bpmn",
                    '<bpmn:startEvent id="s"/><bpmn:userTask id="work" name="Work"/>'
                    '<bpmn:exclusiveGateway id="g" default="no"/><bpmn:userTask id="done"/>'
                    '<bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>' + flow("f1", "s", "work")
                    + flow("f2", "work", "g") + flow("yes", "g", "done", "level_ok")
                    + flow("no", "g", "e2") + flow("f3", "done", "e"))
    vault = tmp_path / "vault"
    vault.mkdir()
    result = cli("start", process, "--vault", vault, "--format", "json")
    sid = json.loads(result.stdout)["session"]["id"]
    broken = step(vault, sid)
    assert broken.exit_code == 1 and "level_ok" in broken.stdout
    assert step(vault, sid, "--recheck").exit_code == 1  # still missing: still in error
    assert "does not read 'other'" in refused(vault, sid, "--set", "other=1")
    fixed = step(vault, sid, "--set", "level_ok=true")
    assert fixed.exit_code == 0, fixed.output
    assert [t["id"] for t in json.loads(fixed.stdout)["ready"]] == ["done"]


def test_run_asks_field_by_field_and_again_after_a_wrong_answer(vault) -> None:
    sid = start(vault, "session-handoff.bpmn", "area=Chat 8a")
    step(vault, sid)
    answers = "\n".join(["1", "implementation spec", "implementation-spec", "no", "",
                         "1", "maybe", "no", "", "q"]) + "\n"
    result = runner.invoke(app, ["session", "run", sid, "--vault", str(vault)], input=answers)
    assert result.exit_code == 0, result.output
    assert "did you mean 'implementation-spec'?" in result.output
    assert "What did this session write?" in result.output
    events = [e for e in Store(vault).events(sid) if e["event"] == "step"]
    assert events[-2]["data"] == {"output_kind": "implementation-spec", "decisions_made": False}
    assert events[-1]["data"] == {"level_ok": False}


def test_run_keeps_quoted_text_whole_and_says_ctrl_c_keeps_the_session(tmp_path) -> None:
    process = write(tmp_path / "p.bpmn",
                    '<bpmn:startEvent id="s"/><bpmn:userTask id="work" name="Work"/>'
                    '<bpmn:endEvent id="e"/>' + flow("f1", "s", "work") + flow("f2", "work", "e"))
    vault = tmp_path / "vault"
    vault.mkdir()
    sid = json.loads(cli("start", process, "--vault", vault, "--format", "json").stdout)[
        "session"]["id"]
    result = runner.invoke(app, ["session", "run", sid, "--vault", str(vault)],
                           input='1\nrule="Agents must cite sources\nrule="Agents must cite '
                                 'sources"\n\n')
    assert result.exit_code == 0, result.output
    steps = [e for e in Store(vault).events(sid) if e["event"] == "step"]
    assert steps[0]["data"] == {"rule": "Agents must cite sources"}
    interrupted = runner.invoke(app, ["session", "run", sid, "--vault", str(vault)], input="")
    assert "not aborted" in interrupted.output or interrupted.exit_code == 0
