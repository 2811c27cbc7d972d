"""Every Metis process runs end to end against vault states that satisfy and that violate
each of its gates (the real vault reader, SpiffWorkflow, the example vault of the founding
document)."""

from __future__ import annotations

from pathlib import Path

import pytest

from metis_bpmn.engine.session import Session
from tests.conftest import ROOT

HANDOFF = "session-handoffs/2026-02-24-chat-8-revisit-orchestration.md"



def start(vault: Path, name: str, **data) -> Session:
    return Session.start(vault, ROOT / "processes" / f"{name}.bpmn", data=data)


def step(vault: Path, session: Session, task: str | None = None, **data) -> Session:
    current = Session.open(vault, session.id)
    current.step(task, data=data, recheck=task is None and not data)
    return Session.open(vault, session.id)


def run(vault: Path, session: Session, *steps) -> Session:
    for item in steps:
        task, data = (item, {}) if item is None or isinstance(item, str) else item
        session = step(vault, session, task, **data)
    return session


def ready(session: Session) -> list[str]:
    return sorted(t.id for t in session.status().ready)


def reasons(session: Session) -> list[str]:
    return sorted(r for b in session.status().blocked for r in b.reasons)


def set_status(vault: Path, row: str, status: str) -> None:
    readme = vault / "README.md"
    lines = []
    for line in readme.read_text().splitlines():
        if line.startswith(f"| {row} |"):
            line = f"| {row} | {status} |"
        lines.append(line)
    readme.write_text("\n".join(lines) + "\n")


def edit(vault: Path, note: str, old: str, new: str) -> None:
    path = vault / note
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def write(vault: Path, note: str, text: str) -> None:
    (vault / note).parent.mkdir(parents=True, exist_ok=True)
    (vault / note).write_text(text)


# -- session handoff ---------------------------------------------------------------------------
def _through_level_gate(vault, session, **work):
    return run(vault, session, "Task_read_setup", ("Task_work", work),
               ("Task_review_level", {"level_ok": True}))


def _finish_handoff(vault, session, handoff=HANDOFF):
    return run(vault, session, "Task_area_readme", "Task_chat_plan", "Task_open_questions",
               "Task_no_decisions", "Task_setup_docs", ("Task_handoff", {"handoff": handoff}))


def _handed_off(vault, area="Chat 8", handoff=HANDOFF):
    session = start(vault, "session-handoff", area=area)
    session = _through_level_gate(vault, session, output_kind="brainstorm", decisions_made=False)
    return _finish_handoff(vault, session, handoff)


def test_session_handoff_happy_path(vault) -> None:
    session = start(vault, "session-handoff", area="Chat 8")
    assert ready(session) == ["Task_read_setup"]
    session = _through_level_gate(vault, session, output_kind="brainstorm", decisions_made=False)
    assert ready(session) == ["Task_area_readme", "Task_chat_plan", "Task_open_questions"]
    status = _finish_handoff(vault, session).status()
    assert status.state == "complete"
    assert status.completed[-1].id == "EndEvent_handed_off"


SETUP = "session-handoffs/setup-chat-context-assembly.md"
# One way to break each part of the founding document's handoff, and the reason the
# completion gate gives.
BROKEN = {
    "front matter": (lambda v: edit(v, HANDOFF, "created: 2026-02-24\n", ""),
                     f"{HANDOFF} lacks created"),
    "area README disagrees": (
        lambda v: edit(v, "orchestration-infra/README.md", "✓ FIRST PASS", "◐ PARTIAL"),
        "the area README orchestration-infra/README.md says ◐ PARTIAL, the chat plan says "
        "FIRST PASS"),
    "listed file missing": (
        lambda v: (v / "orchestration-infra/monitoring-alerting-design.md").unlink(),
        f"file orchestration-infra/monitoring-alerting-design.md is listed in {HANDOFF} but "
        "does not exist"),
    "previous session": (
        lambda v: (v / "session-handoffs/2026-02-24-vault-consistency-fixes.md").unlink(),
        "the previous session 2026-02-24-vault-consistency-fixes does not resolve to a note"),
    "open questions": (
        lambda v: edit(v, HANDOFF, "## Open Questions Captured (Not Resolved)", "## Notes"),
        f"{HANDOFF} captures no open questions (write 'none' if there are none)"),
    "decisions": (lambda v: edit(v, HANDOFF, "## No New Decisions Made", "## Summary"),
                  f"{HANDOFF} neither records decisions nor states that none were made"),
    "setup doc missing": (lambda v: (v / SETUP).unlink(), f"setup doc {SETUP} does not exist"),
    "setup doc empty": (lambda v: write(v, SETUP, "---\ntags: [setup-doc]\n---\n"),
                        f"setup doc {SETUP} is empty"),
    "no read-first list": (lambda v: edit(v, SETUP, "## Read These First", "## Background"),
                           f"setup doc {SETUP} has no read-these-first list"),
    "start prompt missing": (
        lambda v: edit(v, HANDOFF, '   - Start with: "Context Assembly', '   - Then: "Context'),
        f"{HANDOFF} gives no start prompt ('Start with: ...') for setup doc {SETUP}"),
}


@pytest.mark.parametrize("part", sorted(BROKEN))
def test_handoff_gate_checks_each_part_in_the_vault(vault, part) -> None:
    saved = {p: p.read_bytes() for p in vault.rglob("*.md")}
    breaks, reason = BROKEN[part]
    breaks(vault)
    session = _handed_off(vault)
    status = session.status()
    assert status.state == "waiting-for-vault"
    (blocked,) = status.blocked
    assert blocked.task.id == "Event_handoff_verified"
    assert blocked.reasons == (reason,)
    for path, data in saved.items():  # repaired in the vault, the gate opens
        path.write_bytes(data)
    assert step(vault, session).status().state == "complete"


def test_handoff_gate_needs_the_sessions_area_advanced(vault) -> None:
    # An 8a session cannot complete while the chat plan still says 8a is SETUP READY. The
    # handoff has no area tag: the area's README is the folder the chat-plan label names.
    write(vault, "session-handoffs/2026-03-01-chat-8a.md", (ROOT / "examples" / "vault" / HANDOFF)
          .read_text().replace("created: 2026-02-24", "created: 2026-03-01")
          .replace("  - area/orchestration-infra\n", ""))
    session = _handed_off(vault, "Chat 8a", "session-handoffs/2026-03-01-chat-8a.md")
    assert ("the chat plan still says Chat 8a is SETUP READY and the handoff does not say why "
            "it did not advance") in reasons(session)
    set_status(vault, "Chat 8a Session Memory", "✓ FIRST PASS")
    session = step(vault, session)
    assert reasons(session) == ["the area README session-memory/README.md says ○ SETUP READY, "
                                "the chat plan says FIRST PASS"]
    edit(vault, "session-memory/README.md", "○ SETUP READY", "✓ FIRST PASS")
    assert step(vault, session).status().state == "complete"


def test_handoff_saying_why_the_area_did_not_advance_passes_that_part(vault) -> None:
    edit(vault, HANDOFF, "## Orchestration Area Status", "## Chat 8a stays SETUP READY\n\n"
         "The memory brainstorm needs its setup doc first.\n\n## Orchestration Area Status")
    session = _handed_off(vault, "Chat 8a")
    assert not any("Chat 8a" in r for r in reasons(session))


def test_course_correction_loops_back_to_work(vault) -> None:
    session = start(vault, "session-handoff", area="Chat 8")
    session = step(vault, session, "Task_read_setup")
    # The founding mistake: implementation specs while still brainstorming.
    session = step(vault, session, "Task_work", output_kind="implementation-spec",
                   decisions_made=False)
    session = step(vault, session, "Task_review_level", level_ok=True)
    assert ready(session) == ["Task_course_correction"]  # Chat 10 is not COMPLETE
    session = step(vault, session, "Task_course_correction")
    assert ready(session) == ["Task_work"]
    session = step(vault, session, "Task_work", output_kind="brainstorm", decisions_made=False)
    session = step(vault, session, "Task_review_level", level_ok=False)
    assert ready(session) == ["Task_course_correction"]  # the lead said: wrong level


def test_implementation_specs_pass_the_level_gate_once_consolidated(vault) -> None:
    set_status(vault, "Chat 10 Consolidation", "✓ COMPLETE")
    session = start(vault, "session-handoff", area="Chat 8")
    session = _through_level_gate(vault, session, output_kind="implementation-spec",
                                  decisions_made=True)
    session = run(vault, session, "Task_area_readme", "Task_chat_plan", "Task_open_questions")
    assert ready(session) == ["Task_record_decisions"]


# -- consolidation -----------------------------------------------------------------------------
PRIORITY = ("Chat 8a Session Memory", "Chat 8b Context Assembly", "Chat 9 Project Mgmt")


def test_consolidation_reads_the_stocktake_and_blocks_on_8a_8b_9(vault) -> None:
    session = start(vault, "consolidation")  # the vault says Stocktake COMPLETE: not asked
    assert ready(session) == ["Task_capability"]
    assert reasons(session) == ["Chat 8a is SETUP READY, needs FIRST PASS",
                                "Chat 8b is SETUP READY, needs FIRST PASS",
                                "Chat 9 is SETUP READY, needs FIRST PASS"]
    for row in PRIORITY[:2]:
        set_status(vault, row, "✓ FIRST PASS")
    session = step(vault, session)
    assert reasons(session) == ["Chat 9 is SETUP READY, needs FIRST PASS"]
    set_status(vault, "Chat 9 Project Mgmt", "✓ FIRST PASS")
    session = step(vault, session)
    assert ready(session) == ["Task_capability", "Task_consolidate"]
    # The consolidation-complete gate loops until the chat plan says COMPLETE.
    session = step(vault, session, "Task_consolidate")
    assert "Task_consolidate" in ready(session)
    set_status(vault, "Chat 10 Consolidation", "✓ COMPLETE")
    session = run(vault, session, "Task_consolidate", "Task_bpmn_validation")
    # Chat 11 must be COMPLETE in the vault before the Phase 0 specs.
    assert reasons(session) == ["Chat 11 is NOT STARTED, needs COMPLETE"]
    set_status(vault, "Chat 11 BPMN Validation", "✓ COMPLETE")
    session = run(vault, session, None, "Task_phase0", "Task_capability")
    assert session.status().state == "complete"
    assert "Task_stocktake" not in [t.id for t in session.status().completed]


def test_consolidation_asks_for_the_stocktake_when_the_vault_lacks_it(vault) -> None:
    set_status(vault, "Stocktake", "○ NOT STARTED")
    session = start(vault, "consolidation")
    assert ready(session) == ["Task_stocktake"]


def test_an_area_that_fell_back_loops_to_the_brainstorms(vault) -> None:
    for row in PRIORITY:
        set_status(vault, row, "✓ FIRST PASS")
    session = start(vault, "consolidation")
    assert "Task_consolidate" in ready(session)


def test_fallen_back_area_is_resumed_not_the_end(vault) -> None:
    # Every wait passed, then an area fell back before the gate re-checked all at once.
    for row in PRIORITY:
        set_status(vault, row, "✓ FIRST PASS")
    session = start(vault, "consolidation", )
    set_status(vault, "Chat 2 Knowledge Engine", "◐ PARTIAL")
    session = Session.open(vault, session.id)
    assert "Task_consolidate" in ready(session)  # the gate was passed at start
    # A fresh run in a fallen-back state waits at the brainstorm, never ends deferred.
    other = start(vault, "consolidation")
    assert reasons(other) == ["Chat 2 is PARTIAL, needs FIRST PASS"]
    assert other.status().state != "complete"


# -- feature lifecycle ---------------------------------------------------------------------
def _decision(vault, status):
    write(vault, "decisions/queue.md", f"---\nstatus: {status}\n---\n# Use a queue\n")


def _spec(vault, status):
    write(vault, "specs/queue.md", f"---\nstatus: {status}\n---\n# Queue spec\n")


PIPELINE_GREEN = [("Task_lint", {"lint_ok": True}), ("Task_unit", {"unit_ok": True}),
                  ("Task_build", {"build_ok": True}),
                  ("Task_integration", {"integration_ok": True}),
                  ("Task_staging", {"staging_ok": True}), ("Task_review", {"approvals": 1}),
                  "Task_merge"]


def test_feature_lifecycle_reads_decision_spec_and_consolidation_from_the_vault(vault) -> None:
    _decision(vault, "proposed")
    session = start(vault, "feature-lifecycle")
    session = run(vault, session, ("Task_classify", {"work_type": "feature"}), "Task_brainstorm",
                  ("Task_decision", {"decision_note": "decisions/queue.md"}),
                  "Task_approve_decision")
    assert ready(session) == ["Task_brainstorm"]  # not accepted: rework
    _decision(vault, "accepted")
    session = run(vault, session, "Task_brainstorm",
                  ("Task_decision", {"decision_note": "decisions/queue.md"}),
                  "Task_approve_decision")
    # The spec is held until consolidation is COMPLETE.
    assert reasons(session) == ["Chat 10 is NOT STARTED, needs COMPLETE"]
    set_status(vault, "Chat 10 Consolidation", "✓ COMPLETE")
    _spec(vault, "draft")
    session = run(vault, session, None, ("Task_spec", {"spec_note": "specs/queue.md"}),
                  "Task_approve_spec")
    assert ready(session) == ["Task_spec"]  # not approved: revise
    _spec(vault, "approved")
    session = run(vault, session, ("Task_spec", {"spec_note": "specs/queue.md"}),
                  "Task_approve_spec", "Task_build")
    # The CI/CD pipeline runs as a called process; a failed gate comes back as an error.
    assert ready(session) == ["Task_lint"]
    session = run(vault, session, ("Task_lint", {"lint_ok": False}), "Task_report")
    assert ready(session) == ["Task_fix"]
    session = run(vault, session, "Task_fix", "Task_build", *PIPELINE_GREEN,
                  ("Task_approve_release", {"release_approved": True}), "Task_release",
                  "Task_monitor")
    status = session.status()
    assert status.state == "complete"
    assert status.completed[-1].id == "EndEvent_live"


def test_decision_note_must_exist(vault) -> None:
    session = start(vault, "feature-lifecycle")
    session = run(vault, session, ("Task_classify", {"work_type": "feature"}), "Task_brainstorm")
    with pytest.raises(Exception, match="does not exist in the vault"):
        step(vault, session, "Task_decision", decision_note="decisions/none.md")


@pytest.mark.parametrize("work_type,first", [("bug", "Task_reproduce"),
                                             ("chore", "Task_describe_chore")])
def test_feature_lifecycle_work_types(vault, work_type, first) -> None:
    set_status(vault, "Chat 10 Consolidation", "✓ COMPLETE")
    session = start(vault, "feature-lifecycle")
    session = step(vault, session, "Task_classify", work_type=work_type)
    assert ready(session) == [first]
    session = step(vault, session, first)
    assert ready(session) == (["Task_spec"] if work_type == "bug" else ["Task_build"])


def test_release_needs_human_approval(vault) -> None:
    session = start(vault, "feature-lifecycle")
    session = run(vault, session, ("Task_classify", {"work_type": "chore"}),
                  "Task_describe_chore", "Task_build", *PIPELINE_GREEN,
                  ("Task_approve_release", {"release_approved": False}))
    assert session.status().state == "complete"
    assert session.status().completed[-1].id == "EndEvent_held"


# -- CI/CD pipeline --------------------------------------------------------------------------
STAGES = ["Task_lint", "Task_unit", "Task_build", "Task_integration", "Task_staging"]
FLAGS = ["lint_ok", "unit_ok", "build_ok", "integration_ok", "staging_ok"]


def test_pipeline_merges_when_the_policy_holds(vault) -> None:
    session = run(vault, start(vault, "cicd-pipeline"), *PIPELINE_GREEN)
    assert session.status().completed[-1].id == "EndEvent_merged"


@pytest.mark.parametrize("failing", range(len(STAGES)))
def test_each_quality_gate_stops_the_pipeline(vault, failing) -> None:
    session = start(vault, "cicd-pipeline")
    for index, (task, flag) in enumerate(zip(STAGES, FLAGS)):
        session = step(vault, session, task, **{flag: index != failing})
        if index == failing:
            break
    assert ready(session) == ["Task_report"]


@pytest.mark.parametrize("required,approvals,merges", [(1, 0, False), (1, 1, True),
                                                       (2, 1, False), (2, 2, True)])
def test_merge_policy_reads_min_approvals(vault, required, approvals, merges) -> None:
    session = start(vault, "cicd-pipeline", min_approvals=required)
    for task, flag in zip(STAGES, FLAGS):
        session = step(vault, session, task, **{flag: True})
    session = step(vault, session, "Task_review", approvals=approvals)
    assert ready(session) == (["Task_merge"] if merges else ["Task_report"])


def test_merge_policy_defaults_to_the_draft(vault) -> None:
    assert start(vault, "cicd-pipeline").status().data["min_approvals"] == 1


# -- rule evolution ------------------------------------------------------------------------
CONVENTIONS = "orchestration-infra/agent-conventions.md"
RULE = "Commit messages say why"


def _propose(rule=RULE):
    return [("Task_propose", {"rule": rule}), "Task_define_measure",
            ("Task_approve", {"rule_approved": True}), "Task_enforce"]


def test_rule_evolution_reads_the_agent_conventions_note(vault) -> None:
    session = run(vault, start(vault, "rule-evolution"), *_propose())
    assert reasons(session) == [f"{CONVENTIONS} does not mention {RULE!r}"]
    edit(vault, CONVENTIONS, "## Open Questions", f"## Rules\n\n- {RULE}\n\n## Open Questions")
    session = run(vault, session, None, ("Task_measure", {"compliance": 70}),
                  ("Task_review", {"verdict": "revise"}))
    assert ready(session) == ["Task_propose"]
    session = run(vault, session, *_propose(), ("Task_measure", {"compliance": 90}),
                  ("Task_review", {"verdict": "keep"}))
    status = session.status()
    assert status.state == "waiting-for-event"  # the next review period (timer)
    assert status.data["review_period"] == "P30D"


def test_a_retired_rule_must_leave_the_conventions_note(vault) -> None:
    edit(vault, CONVENTIONS, "## Open Questions", f"## Rules\n\n- {RULE}\n\n## Open Questions")
    session = run(vault, start(vault, "rule-evolution"), *_propose(),
                  ("Task_measure", {"compliance": 10}), ("Task_review", {"verdict": "retire"}),
                  "Task_retire")
    assert reasons(session) == [f"{CONVENTIONS} mentions {RULE!r}"]
    edit(vault, CONVENTIONS, f"- {RULE}\n", "")
    status = step(vault, session).status()
    assert status.completed[-1].id == "EndEvent_retired"


def test_rule_evolution_declined(vault) -> None:
    session = run(vault, start(vault, "rule-evolution"), ("Task_propose", {"rule": RULE}),
                  "Task_define_measure", ("Task_approve", {"rule_approved": False}))
    assert session.status().completed[-1].id == "EndEvent_declined"
