"""``vault check`` on messy vaults as the founding document's own habits make them: each
mistake is a finding in the note that holds it, at a line inside that note."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from metis_bpmn.cli import app
from tests.conftest import copy_example_vault

HANDOFF = "session-handoffs/2026-02-24-chat-8-revisit-orchestration.md"
runner = CliRunner()


def _vault(tmp_path, edits: dict[str, tuple[str, str]]):
    root = copy_example_vault(tmp_path / "vault")
    for path, (old, new) in edits.items():
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _check(root) -> tuple[int, list[dict]]:
    result = runner.invoke(app, ["vault", "check", str(root), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    findings = [{**f, "file": file["path"]} for file in json.loads(result.stdout)["files"]
                for f in file["findings"]]
    return result.exit_code, findings


def _one(root, rule: str) -> dict:
    found = [f for f in _check(root)[1] if f["rule"] == rule]
    assert len(found) == 1, found
    finding = found[0]
    path = root / finding["file"].split("vault/", 1)[1]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert 1 <= finding["line"] <= len(lines), finding
    return {**finding, "text": lines[finding["line"] - 1]}


PLAN_ROW = "| Chat 8a Session Memory | ○ SETUP READY |"


@pytest.mark.parametrize("cell, rule, said", [
    ("in progress", "vault/unknown-status", "'in progress', which is not a known status"),
    ("✓ First-Pass", "vault/unknown-status", "did you mean FIRST PASS?"),
    ("✓ FIRST PASS (partial)", "vault/status-qualifier", "reads as FIRST PASS, but its "
                                                          "status adds '(partial)'"),
])
def test_chat_plan_statuses_the_model_does_not_know_are_reported_at_their_row(
        tmp_path, cell, rule, said) -> None:
    root = _vault(tmp_path, {"README.md": (PLAN_ROW, f"| Chat 8a Session Memory | {cell} |")})
    finding = _one(root, rule)
    assert finding["file"].endswith("vault/README.md") and cell in finding["text"]
    assert said in finding["message"]


def test_near_miss_handoff_tag_is_reported_where_the_tag_is(tmp_path) -> None:
    root = _vault(tmp_path, {HANDOFF: ("  - session-handoff\n", "  - session-handof\n")})
    finding = _one(root, "vault/near-miss-handoff-tag")
    assert finding["file"].endswith(HANDOFF) and "session-handof" in finding["text"]
    facts = runner.invoke(app, ["vault", "facts", str(root), "-f", "json"])
    assert json.loads(facts.stdout)["latestHandoff"] != HANDOFF


def test_handoff_without_its_tag_in_the_handoff_folder(tmp_path) -> None:
    root = _vault(tmp_path, {HANDOFF: ("  - session-handoff\n", "")})
    finding = _one(root, "vault/near-miss-handoff-tag")
    assert "no 'session-handoff' tag" in finding["message"]


def test_empty_setup_doc_is_an_error(tmp_path) -> None:
    root = _vault(tmp_path, {})
    doc = root / "session-handoffs/setup-chat-session-memory-context.md"
    doc.write_text("---\ntags: [setup-doc]\n---\n\n# Setup\n", encoding="utf-8")
    code, findings = _check(root)
    empty = [f for f in findings if f["rule"] == "vault/empty-setup-doc"]
    assert code == 1 and len(empty) == 1 and empty[0]["file"].endswith(doc.name)


def test_setup_doc_without_a_read_first_list(tmp_path) -> None:
    root = _vault(tmp_path, {"session-handoffs/setup-chat-session-memory-context.md":
                             ("## Read These First", "## Background")})
    assert "read-these-first" in _one(root, "vault/setup-doc-read-list")["message"]


def test_area_readme_behind_the_chat_plan(tmp_path) -> None:
    root = _vault(tmp_path, {"bpmn/README.md": ("**Status:** ✓ FIRST PASS",
                                                 "**Status:** ◐ PARTIAL")})
    finding = _one(root, "vault/readme-status-mismatch")
    assert finding["file"].endswith("bpmn/README.md") and "PARTIAL" in finding["text"]
    assert re.search(r"says PARTIAL, the chat plan \(README.md line \d+\) says Chat 1 BPMN "
                     r"is FIRST PASS", finding["message"])


def test_chat_plan_behind_the_latest_handoff_is_reported_in_the_plan(tmp_path) -> None:
    root = _vault(tmp_path, {
        HANDOFF: ("| Chat 8a Session Memory | ○ SETUP READY |",
                  "| Chat #8a Session Memory | ✓ FIRST PASS |"),
    })
    finding = _one(root, "vault/chat-plan-mismatch")
    assert finding["file"].endswith("vault/README.md") and PLAN_ROW in finding["text"]
    assert "None" not in finding["message"]
    assert re.search(r"Chat 8a Session Memory is SETUP READY, the latest handoff "
                     rf"\({HANDOFF} line \d+\) says FIRST PASS", finding["message"])
    text = runner.invoke(app, ["vault", "check", str(root)]).output
    assert "✖ 1 problem (0 errors, 1 warning) in 1 file" in text


def test_area_readme_status_the_model_does_not_know(tmp_path) -> None:
    root = _vault(tmp_path, {"session-memory/README.md": ("**Status:** ○ SETUP READY",
                                                           "**Status:** in progress")})
    finding = _one(root, "vault/unknown-status")
    assert finding["file"].endswith("session-memory/README.md")
    assert "in progress" in finding["text"]


@pytest.mark.parametrize("edit, says, on_line", [
    (("orchestration-infra/monitoring-alerting-design.md", None),
     "file orchestration-infra/monitoring-alerting-design.md is listed", "monitoring-alerting"),
    (("session-handoffs/2026-02-24-vault-consistency-fixes.md", None),
     "the previous session", "Previous Session"),
    ((HANDOFF, ('   - Start with: "Context Assembly', '   - Then: "Context')),
     "gives no start prompt", "setup-chat-context-assembly.md"),
])
def test_the_latest_handoff_is_checked_for_what_the_next_session_needs(
        tmp_path, edit, says, on_line) -> None:
    path, change = edit
    root = _vault(tmp_path, {path: change} if change else {})
    if change is None:
        (root / path).unlink()
    finding = _one(root, "vault/incomplete-handoff")
    assert finding["file"].endswith(HANDOFF) and says in finding["message"]
    assert on_line in finding["text"]


def test_an_empty_status_cell(tmp_path) -> None:
    root = _vault(tmp_path, {"README.md": (PLAN_ROW, "| Chat 8a Session Memory |  |")})
    finding = _one(root, "vault/unknown-status")
    assert "Chat 8a Session Memory has an empty status" in finding["message"]
    assert "Chat 8a Session Memory" in finding["text"]


def test_an_area_twice_in_the_chat_plan(tmp_path) -> None:
    root = _vault(tmp_path, {"README.md": (PLAN_ROW, PLAN_ROW + "\n| Chat #8a Session Memory | "
                                                               "✓ FIRST PASS |")})
    finding = _one(root, "vault/duplicate-plan-row")
    assert "Chat #8a" in finding["text"] and "twice (first at line" in finding["message"]


def test_a_vault_without_a_chat_plan(tmp_path) -> None:
    root = _vault(tmp_path, {"README.md": ("| # | Status |", "| # | State |")})
    finding = _one(root, "vault/no-chat-plan")
    assert finding["file"].endswith("vault/README.md")
    assert "has no table with a Status column" in finding["message"]
