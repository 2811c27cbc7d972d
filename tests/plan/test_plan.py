"""Plans (issue #16): what has to happen before a process reaches an element, from a
session's state or a fresh start, with the facts each gate needs and the setup docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import ROOT

runner = CliRunner()
PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))



def cli(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def _consolidation_after_stocktake(vault: Path) -> str:
    started = cli("session", "start", ROOT / "processes" / "consolidation.bpmn", "--vault", vault,
                  "--format", "json")
    sid = json.loads(started.stdout)["session"]["id"]
    cli("session", "step", sid, "--task", "Task_capability", "--vault", vault)
    return sid


def _plan(vault: Path, sid: str, until: str) -> dict:
    return json.loads(cli("session", "plan", sid, "--until", until, "--vault", vault,
                          "--format", "json").stdout)


def test_what_must_happen_before_chat_11(vault) -> None:
    sid = _consolidation_after_stocktake(vault)
    before = (vault / ".metis" / "sessions" / f"{sid}.json").read_bytes()
    plan = _plan(vault, sid, "Chat 11")
    steps = plan["steps"]
    gates = [s for s in steps if s["kind"] == "gate"]
    areas = [n["fact"] for g in gates for n in g["needs"]]
    assert areas[:3] == ["Chat 8a", "Chat 8b", "Chat 9"]
    for gate in gates[:3]:
        assert gate["needs"] == [{"fact": gate["needs"][0]["fact"], "now": "SETUP READY",
                                  "wants": "FIRST PASS"}]
        assert gate["setup"]["note"].startswith("session-handoffs/setup-chat-")
        assert "brainstorm. Read the setup doc at" in gate["setup"]["prompt"]
    consolidate = next(i for i, s in enumerate(steps) if "Chat 10" in (s["element"]["name"] or "")
                       and s["kind"] == "task")
    assert sorted(steps[consolidate]["after"]) == [0, 1, 2]  # the three gates, independent
    complete = next(s for s in steps if any(n["fact"] == "Chat 10" for n in s["needs"]))
    assert complete["needs"][0]["wants"] == "COMPLETE"
    assert steps[-1]["element"]["name"].endswith("(Chat 11)")
    assert set(steps[-1]) >= {"element", "kind", "lane", "needs", "setup", "after"}
    # The plan reads; it never steps the instance.
    assert (vault / ".metis" / "sessions" / f"{sid}.json").read_bytes() == before


def test_once_the_brainstorms_are_first_pass_the_plan_starts_at_consolidation(vault) -> None:
    sid = _consolidation_after_stocktake(vault)
    readme = vault / "README.md"
    text = readme.read_text()
    for area in ("Chat 8a Session Memory", "Chat 8b Context Assembly", "Chat 9 Project Mgmt"):
        text = text.replace(f"| {area} | ○ SETUP READY |", f"| {area} | ✓ FIRST PASS |")
    readme.write_text(text)
    steps = _plan(vault, sid, "Chat 11")["steps"]
    assert steps[0]["kind"] == "task" and "Chat 10" in steps[0]["element"]["name"]


@pytest.mark.parametrize("process", PROCESSES, ids=lambda p: p.stem)
def test_every_process_has_a_fresh_plan_to_its_end(process: Path, vault) -> None:
    plan = json.loads(cli("plan", process, "--vault", vault, "--format", "json").stdout)
    steps = plan["steps"]
    assert steps and steps[-1]["kind"] == "end"
    for number, step in enumerate(steps):
        assert all(0 <= a < number for a in step["after"]), step
        assert step["kind"] in ("task", "gate", "event", "choice", "end")
    text = cli("plan", process, "--vault", vault).stdout
    assert text.startswith("Plan for a new session of ")


def test_choices_list_their_alternatives(vault) -> None:
    plan = json.loads(cli("plan", ROOT / "processes" / "feature-lifecycle.bpmn", "--vault",
                          vault, "--format", "json").stdout)
    choice = next(s for s in plan["steps"] if s["kind"] == "choice")
    assert len(choice["alternatives"]) >= 2


def test_an_unknown_until_is_a_usage_error(vault) -> None:
    result = runner.invoke(app, ["plan", str(ROOT / "processes" / "consolidation.bpmn"),
                                 "--vault", str(vault), "--until", "Chat 99"])
    assert result.exit_code == 2 and "no element 'Chat 99'" in result.stderr


def test_show_names_the_most_useful_ready_task(tmp_path) -> None:
    """Two tasks are ready; the second in file order is the one the rest waits for."""
    from tests.engine.bpmn import flow, write
    process = write(tmp_path / "p.bpmn",
                    '<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>'
                    '<bpmn:userTask id="Tidy" name="Tidy up"/><bpmn:endEvent id="e1"/>'
                    '<bpmn:userTask id="Draft" name="Draft"/><bpmn:userTask id="Review" '
                    'name="Review"/><bpmn:userTask id="Publish" name="Publish"/>'
                    '<bpmn:endEvent id="e2"/>' + flow("f1", "s", "fork")
                    + flow("f2", "fork", "Tidy") + flow("f3", "Tidy", "e1")
                    + flow("f4", "fork", "Draft") + flow("f5", "Draft", "Review")
                    + flow("f6", "Review", "Publish") + flow("f7", "Publish", "e2"))
    (tmp_path / "vault").mkdir()
    started = cli("session", "start", process, "--vault", tmp_path / "vault")
    assert "Next: Draft (Draft)" in started.stdout
    assert started.stdout.index("Tidy up") < started.stdout.index("Draft")


def test_a_decision_says_which_branch_it_took_and_why(vault) -> None:
    started = cli("session", "start", ROOT / "processes" / "session-handoff.bpmn", "--vault",
                  vault, "--set", "area=Chat 8a", "--format", "json")
    sid = json.loads(started.stdout)["session"]["id"]
    cli("session", "step", sid, "--vault", vault)
    cli("session", "step", sid, "--vault", vault, "--set", "output_kind=implementation-spec",
        "--set", "decisions_made=no")
    cli("session", "step", sid, "--vault", vault, "--set", "level_ok=yes")
    shown = cli("session", "show", sid, "--vault", vault).stdout
    assert ("Work at the phase's level?: took Course correction: capture the topic as an open "
            "question because output_kind is 'implementation-spec'; Chat 10 is NOT STARTED, "
            "needs COMPLETE") in shown
