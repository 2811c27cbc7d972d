"""Every Metis process runs against example-vault states: the happy path, each gate blocked,
and the loops (course correction, rework). Uses the real vault reader and SpiffWorkflow."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from metis_bpmn.engine.session import Session
from tests.conftest import ROOT

HANDOFF = "session-handoffs/2026-02-24-chat-8-revisit-orchestration.md"


@pytest.fixture()
def vault(tmp_path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(ROOT / "examples" / "vault", target, ignore=shutil.ignore_patterns(".metis"))
    return target


def start(vault: Path, name: str, **data) -> Session:
    return Session.start(vault, ROOT / "processes" / f"{name}.bpmn", data=data)


def step(vault: Path, session: Session, task: str | None = None, **data) -> Session:
    current = Session.open(vault, session.id)
    current.step(task, data=data, recheck=task is None and not data)
    return Session.open(vault, session.id)


def ready(session: Session) -> list[str]:
    return [t.id for t in session.status().ready]


def set_status(vault: Path, row: str, status: str) -> None:
    readme = vault / "README.md"
    lines = []
    for line in readme.read_text().splitlines():
        if line.startswith(f"| {row} |"):
            line = f"| {row} | {status} |"
        lines.append(line)
    readme.write_text("\n".join(lines) + "\n")


# -- session handoff ---------------------------------------------------------------------------
def _through_level_gate(vault, session, **work):
    session = step(vault, session, "Task_read_setup")
    session = step(vault, session, "Task_work", **work)
    return step(vault, session, "Task_review_level", level_ok=True)


def _finish_handoff(vault, session):
    for task in ("Task_area_readme", "Task_chat_plan", "Task_open_questions",
                 "Task_no_decisions", "Task_setup_docs"):
        session = step(vault, session, task)
    return step(vault, session, "Task_handoff", handoff=HANDOFF)


def test_session_handoff_happy_path(vault) -> None:
    session = start(vault, "session-handoff", area="Chat 8")
    assert ready(session) == ["Task_read_setup"]
    session = _through_level_gate(vault, session, output_kind="brainstorm", decisions_made=False)
    assert sorted(ready(session)) == ["Task_area_readme", "Task_chat_plan", "Task_open_questions"]
    session = _finish_handoff(vault, session)
    status = session.status()
    assert status.state == "complete"
    assert status.completed[-1].id == "EndEvent_handed_off"


def test_session_handoff_blocks_on_a_missing_setup_doc(vault) -> None:
    (vault / "session-handoffs" / "setup-chat-context-assembly.md").unlink()
    session = start(vault, "session-handoff", area="Chat 8")
    session = _through_level_gate(vault, session, output_kind="brainstorm", decisions_made=False)
    session = _finish_handoff(vault, session)
    status = session.status()
    assert status.state == "waiting-for-vault"
    (blocked,) = status.blocked
    assert blocked.task.id == "Event_handoff_verified"
    assert blocked.reasons == ("setup doc session-handoffs/setup-chat-context-assembly.md "
                               f"named in {HANDOFF} does not exist",)
    (vault / "session-handoffs" / "setup-chat-context-assembly.md").write_text("# Setup\n")
    assert step(vault, session).status().state == "complete"


def test_session_handoff_blocks_on_incomplete_handoff_front_matter(vault) -> None:
    note = vault / HANDOFF
    note.write_text(note.read_text().replace("created: 2026-02-24\n", ""))
    session = start(vault, "session-handoff", area="Chat 8")
    session = _through_level_gate(vault, session, output_kind="brainstorm", decisions_made=False)
    status = _finish_handoff(vault, session).status()
    assert status.blocked[0].reasons == (f"handoff note {HANDOFF} lacks created",)


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


# -- consolidation -----------------------------------------------------------------------------
def test_consolidation_blocks_on_8a_8b_9_then_proceeds(vault) -> None:
    session = start(vault, "consolidation")
    session = step(vault, session, "Task_stocktake")
    status = session.status()
    assert ready(session) == ["Task_capability"]
    reasons = sorted(r for b in status.blocked for r in b.reasons)
    assert reasons == ["Chat 8a is SETUP READY, needs FIRST PASS",
                       "Chat 8b is SETUP READY, needs FIRST PASS",
                       "Chat 9 is SETUP READY, needs FIRST PASS"]
    for row in ("Chat 8a Session Memory", "Chat 8b Context Assembly"):
        set_status(vault, row, "✓ FIRST PASS")
    session = step(vault, session)
    assert [r for b in session.status().blocked for r in b.reasons] == [
        "Chat 9 is SETUP READY, needs FIRST PASS"]
    set_status(vault, "Chat 9 Project Mgmt", "✓ FIRST PASS")
    session = step(vault, session)
    assert sorted(ready(session)) == ["Task_capability", "Task_consolidate"]
    # The consolidation-complete gate loops until the chat plan says COMPLETE.
    session = step(vault, session, "Task_consolidate")
    assert "Task_consolidate" in ready(session)
    set_status(vault, "Chat 10 Consolidation", "✓ COMPLETE")
    session = step(vault, session, "Task_consolidate")
    assert "Task_bpmn_validation" in ready(session)
    for task in ("Task_bpmn_validation", "Task_phase0", "Task_capability"):
        session = step(vault, session, task)
    assert session.status().state == "complete"


def test_consolidation_gate_rechecks_all_areas(vault) -> None:
    for row in ("Chat 8a Session Memory", "Chat 8b Context Assembly", "Chat 9 Project Mgmt"):
        set_status(vault, row, "✓ FIRST PASS")
    session = start(vault, "consolidation")
    session = step(vault, session, "Task_stocktake")
    assert "Task_consolidate" in ready(session)


# -- feature lifecycle ---------------------------------------------------------------------
def test_feature_lifecycle_feature_with_rework_and_release(vault) -> None:
    session = start(vault, "feature-lifecycle")
    session = step(vault, session, "Task_classify", work_type="feature")
    session = step(vault, session, "Task_brainstorm")
    session = step(vault, session, "Task_decision")
    session = step(vault, session, "Task_approve_decision", decision_approved=False)
    assert ready(session) == ["Task_brainstorm"]  # decision gate: rework
    for task, data in [("Task_brainstorm", {}), ("Task_decision", {}),
                       ("Task_approve_decision", {"decision_approved": True}),
                       ("Task_spec", {}), ("Task_approve_spec", {"spec_approved": True}),
                       ("Task_build", {}), ("Task_pipeline", {"ci_passed": False})]:
        session = step(vault, session, task, **data)
    assert ready(session) == ["Task_build"]  # quality gate failed: fix
    for task, data in [("Task_build", {}), ("Task_pipeline", {"ci_passed": True}),
                       ("Task_review", {"review_approved": True}),
                       ("Task_approve_release", {"release_approved": True}),
                       ("Task_release", {}), ("Task_monitor", {})]:
        session = step(vault, session, task, **data)
    assert session.status().state == "complete"
    assert session.status().completed[-1].id == "EndEvent_live"


@pytest.mark.parametrize("work_type,first", [("bug", "Task_reproduce"),
                                             ("chore", "Task_describe_chore")])
def test_feature_lifecycle_work_types(vault, work_type, first) -> None:
    session = start(vault, "feature-lifecycle")
    session = step(vault, session, "Task_classify", work_type=work_type)
    assert ready(session) == [first]
    session = step(vault, session, first)
    assert ready(session) == (["Task_spec"] if work_type == "bug" else ["Task_build"])


def test_release_needs_human_approval(vault) -> None:
    session = start(vault, "feature-lifecycle")
    for task, data in [("Task_classify", {"work_type": "chore"}), ("Task_describe_chore", {}),
                       ("Task_build", {}), ("Task_pipeline", {"ci_passed": True}),
                       ("Task_review", {"review_approved": True}),
                       ("Task_approve_release", {"release_approved": False})]:
        session = step(vault, session, task, **data)
    assert session.status().state == "complete"
    assert session.status().completed[-1].id == "EndEvent_held"


# -- CI/CD pipeline --------------------------------------------------------------------------
STAGES = ["Task_lint", "Task_unit", "Task_build", "Task_integration", "Task_staging"]
FLAGS = ["lint_ok", "unit_ok", "build_ok", "integration_ok", "staging_ok"]


def test_pipeline_merges_when_the_policy_holds(vault) -> None:
    session = start(vault, "cicd-pipeline")
    for task, flag in zip(STAGES, FLAGS):
        session = step(vault, session, task, **{flag: True})
    session = step(vault, session, "Task_review", approvals=1)
    session = step(vault, session, "Task_merge")
    assert session.status().completed[-1].id == "EndEvent_merged"


@pytest.mark.parametrize("failing", range(len(STAGES)))
def test_each_quality_gate_stops_the_pipeline(vault, failing) -> None:
    session = start(vault, "cicd-pipeline")
    for index, (task, flag) in enumerate(zip(STAGES, FLAGS)):
        session = step(vault, session, task, **{flag: index != failing})
        if index == failing:
            break
    assert ready(session) == ["Task_report"]


def test_merge_policy_needs_an_approval(vault) -> None:
    session = start(vault, "cicd-pipeline")
    for task, flag in zip(STAGES, FLAGS):
        session = step(vault, session, task, **{flag: True})
    session = step(vault, session, "Task_review", approvals=0)
    assert ready(session) == ["Task_report"]


# -- rule evolution ------------------------------------------------------------------------
def test_rule_evolution_revise_keep_and_retire(vault) -> None:
    session = start(vault, "rule-evolution")
    for task, data in [("Task_propose", {}), ("Task_define_measure", {}),
                       ("Task_approve", {"rule_approved": True}), ("Task_enforce", {}),
                       ("Task_measure", {"compliance": 0.7}), ("Task_review", {"verdict": "revise"})]:
        session = step(vault, session, task, **data)
    assert ready(session) == ["Task_propose"]
    for task, data in [("Task_propose", {}), ("Task_define_measure", {}),
                       ("Task_approve", {"rule_approved": True}), ("Task_enforce", {}),
                       ("Task_measure", {"compliance": 0.9}), ("Task_review", {"verdict": "keep"})]:
        session = step(vault, session, task, **data)
    assert session.status().state == "waiting-for-event"  # the next review period (timer)


def test_rule_evolution_declined(vault) -> None:
    session = start(vault, "rule-evolution")
    for task, data in [("Task_propose", {}), ("Task_define_measure", {}),
                       ("Task_approve", {"rule_approved": False})]:
        session = step(vault, session, task, **data)
    assert session.status().completed[-1].id == "EndEvent_declined"
