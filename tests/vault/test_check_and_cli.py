"""``metis-bpmn vault check|facts`` on the example vault and on broken copies."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import copy_example_vault

HANDOFF = "session-handoffs/2026-02-24-chat-8-revisit-orchestration.md"
runner = CliRunner()


def copy(tmp_path):
    return copy_example_vault(tmp_path / "vault")


def test_example_vault_is_clean(tmp_path) -> None:
    result = runner.invoke(app, ["vault", "check", str(copy(tmp_path))])
    assert result.exit_code == 0, result.output


def test_facts_json_reports_the_founding_state(tmp_path) -> None:
    result = runner.invoke(app, ["vault", "facts", str(copy(tmp_path)), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["notes"] == 26
    plan = data["chatPlan"]
    assert plan["Chat 8 Orchestration"] == "FIRST PASS"
    assert [plan[k] for k in ("Chat 8a Session Memory", "Chat 8b Context Assembly",
                              "Chat 9 Project Mgmt")] == ["SETUP READY"] * 3
    assert plan["Chat 10 Consolidation"] == "NOT STARTED"


def test_facts_text(tmp_path) -> None:
    result = runner.invoke(app, ["vault", "facts", str(copy(tmp_path))])
    assert result.exit_code == 0 and "Chat 8a Session Memory    SETUP READY" in result.stdout


def test_check_finds_every_kind_of_problem(tmp_path) -> None:
    vault = copy(tmp_path)
    handoff = vault / HANDOFF
    text = handoff.read_text().replace("session: chat-8-revisit-orchestration-brainstorm\n", "")
    handoff.write_text(text.replace("| Chat 9 Project Mgmt | ○ SETUP READY |",
                                    "| Chat 9 Project Mgmt | ✓ FIRST PASS |"))
    (vault / "session-handoffs" / "setup-chat-context-assembly.md").unlink()
    (vault / "broken.md").write_text("---\ntags:\n\t- x\n---\nSee [[nowhere]].\n")
    result = runner.invoke(app, ["vault", "check", str(vault), "--format", "json"])
    assert result.exit_code == 1
    found = sorted((m["rule"], f["path"].split("vault/", 1)[1])
                   for f in json.loads(result.stdout)["files"] for m in f["findings"])
    assert found == [
        ("vault/chat-plan-mismatch", "README.md"),
        ("vault/dangling-wikilink", "broken.md"),
        ("vault/dangling-wikilink", "context-assembly/README.md"),  # linked the deleted doc
        ("vault/handoff-front-matter", HANDOFF),
        ("vault/missing-setup-doc", HANDOFF),
        ("vault/tab-indentation", "broken.md"),
    ]


def test_missing_folder_is_usage_error(tmp_path) -> None:
    result = runner.invoke(app, ["vault", "check", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such vault folder" in result.stderr
