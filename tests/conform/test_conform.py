"""conform on vault histories written from the founding document, in both directions: a
history that follows the process is silent, each kind of deviation is found once, in words
of the vault, with the note or commit that shows it."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from metis_bpmn.cli import app
from metis_bpmn.conform.check import check
from tests.conftest import ROOT

from . import vaults

CONSOLIDATION = ROOT / "processes" / "consolidation.bpmn"
HANDOFF = ROOT / "processes" / "session-handoff.bpmn"


def _run(*args: str):
    return CliRunner().invoke(app, ["conform", *map(str, args)])


def _day(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize("process", [CONSOLIDATION, HANDOFF])
def test_the_founding_vault_follows_the_processes(process) -> None:
    result = _run(process, "--vault", ROOT / "examples" / "vault")
    assert result.exit_code == 0, result.output
    assert "✔" in result.output and "error" not in result.output


def test_a_history_that_follows_the_process_is_silent(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    vaults.history(vault, vaults.CONFORMING)
    vaults.note(vault, "specs/phase-0-tasks.md", "2026-03-08", "implementation-spec")
    result = check(CONSOLIDATION, vault)
    assert result.findings == ()
    (case,) = result.cases
    assert [e.element for e in case.events] == [
        "Task_stocktake", "Event_chat_1", "Event_chat_2", "Event_chat_8", "Event_chat_8a",
        "Event_chat_8b", "Event_chat_9", "Task_consolidate",
        "Flow_Gateway_consolidated_Task_bpmn_validation", "Task_bpmn_validation",
        "Event_validated", "Task_phase0"]
    assert case.result.missing == 1 and not case.result.ended  # Chats 3-7 are still open
    cli = _run(CONSOLIDATION, "--vault", vault)
    assert cli.exit_code == 0 and f"fitness {result.fitness:.3f}" in cli.output
    sessions = check(HANDOFF, vault)  # each handoff is a session that followed its process
    assert sessions.findings == () and len(sessions.cases) == 9 and sessions.fitness == 1.0


def test_a_session_that_handed_off_without_setup_docs(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    vaults.handoff(vault, "2026-02-25", "chat-8a", dict(vaults.FOUNDING), setup_doc=False)
    (finding,) = check(HANDOFF, vault).findings
    assert finding.element_id == "Task_handoff"
    assert finding.file.endswith("session-handoffs/2026-02-25-chat-8a.md")
    assert "the process requires Write setup docs for the next sessions first" in finding.message


def test_consolidation_before_the_priority_brainstorms(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    vaults.history(vault, [("2026-02-25", {"Chat 8b Context Assembly": "FIRST PASS"}),
                           ("2026-02-26", {"Chat 10 Consolidation": "FIRST PASS"})])
    (finding,) = check(CONSOLIDATION, vault, display="v").findings
    assert finding.rule == "conform/step-not-enabled" and finding.element_id == "Task_consolidate"
    assert finding.file == "v/session-handoffs/2026-02-26-session-2.md"
    assert finding.message == (
        "Chat 10 Consolidation reached FIRST PASS (2026-02-26, session-handoffs/2026-02-26-"
        "session-2.md) while Chat 8a Session Memory was SETUP READY and Chat 9 Project Mgmt "
        "was SETUP READY: the process requires Chat 8a Session Memory at FIRST PASS and Chat 9 "
        "Project Mgmt at FIRST PASS first (gate: All priority areas at FIRST PASS?)")
    assert finding.evidence[-1].startswith("Chat 10 Consolidation reached FIRST PASS")
    result = _run(CONSOLIDATION, "--vault", vault)
    assert result.exit_code == 1 and "✖ 1 deviation" in result.output


def test_what_one_note_shows_at_once_is_read_in_the_process_order(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    statuses = dict(vaults.FOUNDING, **{"Chat 10 Consolidation": "PARTIAL",
                                        "Chat 8a Session Memory": "FIRST PASS",
                                        "Chat 8b Context Assembly": "FIRST PASS",
                                        "Chat 9 Project Mgmt": "FIRST PASS"})
    order = ["Chat 10 Consolidation", *(label for label in vaults.PLAN
                                        if label != "Chat 10 Consolidation")]
    # The handoff lists Chat 10 first: a table's order says nothing about time.
    vaults.handoff(vault, "2026-03-01", "catch-up", statuses, order=order)
    assert check(CONSOLIDATION, vault).findings == ()


def test_a_spec_written_during_the_brainstorm_phase(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    vaults.note(vault, "orchestration-infra/db-migration-spec.md", "2026-02-24",
                "implementation-spec")
    (finding,) = check(CONSOLIDATION, vault).findings
    assert finding.element_id == "Task_phase0"
    assert finding.file.endswith("orchestration-infra/db-migration-spec.md")
    assert "Chat 11 BPMN Validation was NOT STARTED" in finding.message
    assert "the process requires BPMN validation COMPLETE (Chat 11) first" in finding.message


def test_git_commits_that_reorder_a_status_change(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    vaults.commit(vault, "founding state", _day("2026-02-24T18:00:00"))
    statuses = dict(vaults.FOUNDING, **{"Chat 10 Consolidation": "PARTIAL"})
    vaults.plan(vault, statuses)
    early = vaults.commit(vault, "start consolidating", _day("2026-02-25T09:00:00"))
    statuses.update({"Chat 8a Session Memory": "FIRST PASS", "Chat 8b Context Assembly":
                     "FIRST PASS", "Chat 9 Project Mgmt": "FIRST PASS"})
    vaults.plan(vault, statuses)
    vaults.commit(vault, "priority brainstorms done", _day("2026-02-26T09:00:00"))
    (finding,) = check(CONSOLIDATION, vault).findings
    assert finding.file == f"commit {early[:12]}"
    assert finding.message.startswith("Chat 10 Consolidation reached PARTIAL (2026-02-25 09:00 "
                                      f"UTC, commit {early[:12]}) while Chat 8a Session Memory "
                                      "was SETUP READY")
    # The final chat plan alone shows no order: without its history the vault looks fine.
    assert check(CONSOLIDATION, vault, git=False).findings == ()
    assert _run(CONSOLIDATION, "--vault", vault, "--no-git").exit_code == 0


def test_git_history_of_an_area_readme(tmp_path) -> None:
    from metis_bpmn.conform import gitlog
    from metis_bpmn.vault.config import VaultConfig
    vault = vaults.founding(tmp_path)
    vaults.commit(vault, "founding state", _day("2026-02-24T18:00:00"))
    readme = vault / "session-memory" / "README.md"
    readme.write_text(readme.read_text().replace("○ SETUP READY", "✓ FIRST PASS"))
    sha = vaults.commit(vault, "session memory brainstormed", _day("2026-02-25T12:00:00"))
    found, notes = gitlog.observations(vault, VaultConfig(), list(vaults.PLAN))
    changed = [o for o in found if o.source == f"commit {sha[:12]}"]
    assert notes == [] and [(o.subject, o.value, o.time, o.by) for o in changed] == [
        ("Chat 8a Session Memory", "FIRST PASS", "2026-02-25T12:00:00Z",
         "Ada <ada@example.org>")]


def test_a_session_is_a_case_of_its_own(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    runner = CliRunner()
    started = runner.invoke(app, ["session", "start", str(CONSOLIDATION), "--vault", str(vault),
                                  "-f", "json"])
    session_id = json.loads(started.stdout)["session"]["id"]
    runner.invoke(app, ["session", "step", session_id, "--task", "Task_capability", "--vault",
                        str(vault)])
    result = check(CONSOLIDATION, vault)
    assert result.findings == ()
    assert {c.name for c in result.cases} == {"vault", session_id}
    exported = runner.invoke(app, ["session", "export", "-o", str(tmp_path / "s.xes"),
                                   "--vault", str(vault)])
    assert exported.exit_code == 0 and "1 steps of 1 sessions" in exported.output


def test_json_and_sarif_reports(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    vaults.history(vault, [("2026-02-26", {"Chat 10 Consolidation": "PARTIAL"})])
    document = json.loads(_run(CONSOLIDATION, "--vault", vault, "-f", "json").stdout)
    schema = json.loads((ROOT / "docs" / "schemas" / "validate-output.schema.json").read_text())
    assert not list(Draft202012Validator(schema).iter_errors(document))
    (entry,) = document["conformance"]
    assert entry["process"] == "consolidation" and 0 < entry["fitness"] < 1
    assert document["summary"]["errors"] == 1
    sarif = json.loads(_run(CONSOLIDATION, "--vault", vault, "-f", "sarif").stdout)
    from tests.output_schemas import assert_valid_sarif
    assert_valid_sarif(sarif)
    (run,) = sarif["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["conform/step-not-enabled"]
    assert run["properties"]["conformance"][0]["cases"] == 1


@pytest.mark.parametrize("args,message", [
    (["missing.bpmn"], "no such file"),
    ([CONSOLIDATION, "--vault", "no-such-vault"], "no such vault folder"),
    ([CONSOLIDATION, "--vault", ROOT / "examples" / "vault", "--export", "log.csv"],
     "export to .xes"),
    ([ROOT / "README.md"], "cannot be read"),
])
def test_usage_and_input_errors_exit_2(args, message, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run(*args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_refinements_in_metis_gates_toml(tmp_path) -> None:
    process = tmp_path / "processes" / "consolidation.bpmn"
    process.parent.mkdir()
    process.write_bytes(CONSOLIDATION.read_bytes())
    (process.parent / "metis-gates.toml").write_text(
        '[[conform.map]]\nstep = { id = "Task_phase0" }\nnotes = ["specs/*.md"]\n\n'
        '[[conform.map]]\nstep = { id = "Event_chat_9" }\nsilent = true\n', encoding="utf-8")
    vault = vaults.founding(tmp_path)
    (vault / "specs").mkdir()
    (vault / "specs" / "api.md").write_text("---\ncreated: 2026-02-24\n---\n# API\n")
    (finding,) = check(process, vault).findings
    assert finding.element_id == "Task_phase0"
    steps = {s.element: s for s in check(process, vault).steps}
    assert steps["Event_chat_9"].silent
    (process.parent / "metis-gates.toml").write_text('[[conform.map]]\nstep = { id = "Nope" }\n')
    result = _run(process, "--vault", vault)
    assert result.exit_code == 2 and "selects no element" in result.output


def test_hostile_inputs_are_notes_not_crashes(tmp_path) -> None:
    vault = vaults.founding(tmp_path)
    git = vault / ".git"  # HEAD names a commit the repository does not have
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "objects").mkdir()
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("ab" * 20 + "\n")
    (vault / "odd.md").write_text("---\nkind: [1, {a: b}, implementation-spec]\n"
                                  "created: 99999-99-99\n---\n# odd\n")
    result = _run(CONSOLIDATION, "--vault", vault)
    assert result.exit_code == 1  # the spec of unknown time comes after everything else
    assert "git history not read" in result.output and "Traceback" not in result.output


def test_export_xes_and_ocel(tmp_path) -> None:
    from lxml import etree
    vault = vaults.founding(tmp_path)
    vaults.history(vault, vaults.CONFORMING)
    assert _run(CONSOLIDATION, "--vault", vault, "--export", tmp_path / "log.xes").exit_code == 0
    assert _run(CONSOLIDATION, "--vault", vault, "--export", tmp_path / "log.json").exit_code == 0
    log = etree.parse(str(tmp_path / "log.xes")).getroot()
    names = log.xpath("//x:event/x:string[@key='concept:name']/@value",
                      namespaces={"x": "http://www.xes-standard.org/"})
    assert names[:2] == ["Stocktake", "Chat 1 BPMN at FIRST PASS"] and len(names) == 11
    ocel = json.loads((tmp_path / "log.json").read_text())
    assert len(ocel["events"]) == 11 and ocel["objects"] == [{"id": "vault", "type": "case"}]


def test_a_process_over_the_size_sessions_run_is_refused(tmp_path) -> None:
    tasks = "".join(f'<bpmn:task id="t{i}"/>' for i in range(2001))
    big = tmp_path / "big.bpmn"
    big.write_text('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
                   f'id="D" targetNamespace="x"><bpmn:process id="P">{tasks}</bpmn:process>'
                   "</bpmn:definitions>")
    result = _run(big, "--vault", ROOT / "examples" / "vault")
    assert result.exit_code == 2 and "over the 2,000" in result.output
