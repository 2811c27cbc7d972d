"""The facts API on the example vault (the founding document's state) and on edge cases."""

from __future__ import annotations


import pytest

from metis_bpmn.vault.facts import FACT_NAMES, VaultFacts
from metis_bpmn.vocabulary import STATUS_ORDER, normalise
from tests.conftest import copy_example_vault

HANDOFF = "session-handoffs/2026-02-24-chat-8-revisit-orchestration.md"


@pytest.fixture()
def facts(tmp_path) -> VaultFacts:
    return VaultFacts.load(copy_example_vault(tmp_path / "vault"))


def test_acceptance_statuses(facts) -> None:
    assert facts.status("Chat 8 Orchestration") == "FIRST PASS"
    assert [facts.status(a) for a in ("Chat 8a", "Chat 8b", "Chat 9")] == ["SETUP READY"] * 3
    assert facts.status("Chat 10 Consolidation") == "NOT STARTED"
    assert facts.status("Consolidation") == "NOT STARTED"
    assert facts.status("Chat 8") == "FIRST PASS"  # not confused with Chat 8a/8b
    assert facts.status("Chat 12") is None


@pytest.mark.parametrize("cell,expected", [
    ("✓ COMPLETE", "COMPLETE"), ("✓ FIRST PASS", "FIRST PASS"), ("PARTIAL", "PARTIAL"),
    ("○ SETUP READY", "SETUP READY"), ("○ NOT STARTED", "NOT STARTED"),
    ("○ NOT STARTED (lower priority, capability areas)", "NOT STARTED"),
    ("○ NOT STARTED — needs consolidation first", "NOT STARTED"), ("**first pass**", "FIRST PASS"),
    ("Done", None),
])
def test_status_cells(cell, expected) -> None:
    assert normalise(cell) == expected


def test_status_order_and_comparison(facts) -> None:
    assert STATUS_ORDER == ("NOT STARTED", "SETUP READY", "PARTIAL", "FIRST PASS", "COMPLETE")
    assert facts.status_at_least("Chat 8", "FIRST PASS")
    assert facts.status_at_least("Stocktake", "first pass")
    assert not facts.status_at_least("Chat 8a", "FIRST PASS")
    assert not facts.status_at_least("Chat 8a", "NO SUCH STATUS")
    assert facts.explain_status("Chat 8a", "FIRST PASS") == "Chat 8a is SETUP READY, needs FIRST PASS"
    assert "not in the chat plan" in facts.explain_status("Chat 99", "PARTIAL")


def test_notes_and_front_matter(facts) -> None:
    assert facts.note_exists("README") and facts.note_exists("orchestration-infra/agent-conventions.md")
    assert facts.note_exists("agent-conventions")  # unique name, as Obsidian resolves links
    assert not facts.note_exists("README-missing") and not facts.note_exists(None)
    assert facts.frontmatter(HANDOFF, "session") == "chat-8-revisit-orchestration-brainstorm"
    assert facts.frontmatter("nope", "x", "dflt") == "dflt"
    assert len(facts.notes_in("orchestration-infra")) == 14
    assert facts.has_tag(HANDOFF, "project") and facts.has_tag(HANDOFF, "session-handoff")
    assert len(facts.notes_with_tag("area/orchestration-infra")) == 15
    rows = facts.table("README", "Chat Plan")
    assert rows[3] == {"#": "Chat 8 Orchestration", "Status": "✓ FIRST PASS"}


def test_handoffs_setup_docs_questions_decisions(facts) -> None:
    previous = "session-handoffs/2026-02-24-vault-consistency-fixes.md"
    assert facts.handoff_notes() == [HANDOFF, previous]
    # Same day: the note the latest names as its previous session is the earlier one.
    assert facts.latest_handoff() == HANDOFF
    assert facts.handoff_complete(HANDOFF) and facts.missing_handoff_fields(HANDOFF) == []
    assert facts.setup_docs_named_in(HANDOFF) == [
        "session-handoffs/setup-chat-session-memory-context.md",
        "session-handoffs/setup-chat-context-assembly.md",
        "session-handoffs/setup-chat-project-mgmt-lifecycle.md"]
    assert facts.missing_setup_docs(HANDOFF) == []
    assert len(facts.setup_docs()) == 4
    assert len(facts.open_questions(HANDOFF)) == 15
    assert facts.decisions(HANDOFF) == [] and facts.decisions_stated(HANDOFF)


def test_missing_handoff_fields_and_docs(tmp_path) -> None:
    (tmp_path / "session-handoffs").mkdir()
    (tmp_path / "session-handoffs" / "h.md").write_text(
        "---\ntags: [session-handoff]\n---\n# H\nNext: `session-handoffs/setup-x.md`\n"
        "## Decisions\n- chose Fastify\n")
    facts = VaultFacts.load(tmp_path)
    assert facts.missing_handoff_fields("h") == ["created", "session"]
    assert not facts.handoff_complete("h")
    assert facts.missing_setup_docs("h") == ["session-handoffs/setup-x.md"]
    assert facts.decisions("h") == ["chose Fastify"] and facts.decisions_stated("h")


def test_fact_names_are_exactly_the_public_methods() -> None:
    public = {n for n in dir(VaultFacts) if not n.startswith("_") and callable(getattr(VaultFacts, n))}
    assert FACT_NAMES == public - {"load"}
