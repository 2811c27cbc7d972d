"""Sessions on the SpiffWorkflow adapter: stepping, persistence, and every engine trap."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from metis_bpmn.errors import UserError
from metis_bpmn.engine.migrate import migrate
from metis_bpmn.engine.session import Session
from metis_bpmn.engine.store import Store

from .bpmn import flow, script, write
from .fakes import factory, set_facts

ROOT = Path(__file__).resolve().parents[2]

GATE = ('<bpmn:intermediateCatchEvent id="gate" name="Priority areas at FIRST PASS">'
        '<bpmn:conditionalEventDefinition id="cd"><bpmn:condition xsi:type="bpmn:tFormalExpression">'
        'vault.status_at_least("Chat 8a", "FIRST PASS") and vault.status_at_least("Chat 9", '
        '"FIRST PASS")</bpmn:condition></bpmn:conditionalEventDefinition>'
        '</bpmn:intermediateCatchEvent>\n')


def gated(tmp: Path) -> Path:
    return write(tmp / "gated.bpmn",
                 '<bpmn:startEvent id="s"/>\n<bpmn:userTask id="work" name="Stocktake"/>\n'
                 + GATE + '<bpmn:userTask id="cons" name="Consolidate"/>\n<bpmn:endEvent id="e"/>\n'
                 + flow("f1", "s", "work") + flow("f2", "work", "gate") + flow("f3", "gate", "cons")
                 + flow("f4", "cons", "e"))


def start(tmp: Path, process: Path, **kw) -> Session:
    return Session.start(tmp, process, facts_factory=factory, **kw)


def reopen(tmp: Path, session_id: str) -> Session:
    return Session.open(tmp, session_id, facts_factory=factory)


def test_gate_blocks_with_reasons_and_unblocks_when_the_vault_changes(tmp_path) -> None:
    set_facts(tmp_path, {"Chat 8a": "SETUP READY", "Chat 9": "SETUP READY"})
    session = start(tmp_path, gated(tmp_path), data={"area": "orchestration"})
    assert session.status().state == "waiting-for-person"
    assert [t.id for t in session.status().ready] == ["work"]
    reopen(tmp_path, session.id).step(note="stocktake done")
    status = reopen(tmp_path, session.id).status()
    assert status.state == "waiting-for-vault"
    (blocked,) = status.blocked
    assert blocked.task.id == "gate"
    # Every failing clause is a reason (and only those), not just the first one evaluated.
    assert blocked.reasons == ("Chat 8a is SETUP READY, needs FIRST PASS",
                               "Chat 9 is SETUP READY, needs FIRST PASS")
    set_facts(tmp_path, {"Chat 8a": "FIRST PASS", "Chat 9": "SETUP READY"})
    again = reopen(tmp_path, session.id)
    again.step()  # nothing ready: re-check the vault
    assert again.status().blocked[0].reasons == ("Chat 9 is SETUP READY, needs FIRST PASS",)
    set_facts(tmp_path, {"Chat 8a": "FIRST PASS", "Chat 9": "COMPLETE"})
    done = reopen(tmp_path, session.id)
    done.step()
    assert [t.id for t in done.status().ready] == ["cons"]
    done.step("Consolidate")
    final = reopen(tmp_path, session.id).status()
    assert final.state == "complete"
    assert [t.id for t in final.completed] == ["s", "work", "gate", "cons", "e"]
    assert final.data == {"area": "orchestration"}
    events = Store(tmp_path).events(session.id)
    assert [e["event"] for e in events] == ["start", "step", "recheck", "recheck", "step"]
    assert events[1]["note"] == "stocktake done" and events[1]["task"] == "work"


def test_restore_survives_reordered_json(tmp_path) -> None:
    """SpiffWorkflow 3.2.0 silently restores empty task data when the tasks mapping is
    reordered (e.g. JSON written with sorted keys)."""
    set_facts(tmp_path)
    process = write(tmp_path / "p.bpmn", '<bpmn:startEvent id="s"/><bpmn:userTask id="a" name="A"/>'
                    '<bpmn:userTask id="b" name="B"/><bpmn:endEvent id="e"/>'
                    + flow("f1", "s", "a") + flow("f2", "a", "b") + flow("f3", "b", "e"))
    session = start(tmp_path, process, data={"k1": 1, "k2": "two", "k3": [3]})
    session.step(data={"k4": True})
    path = tmp_path / ".metis" / "sessions" / f"{session.id}.json"
    record = json.loads(path.read_text())
    path.write_text(json.dumps(record, sort_keys=True))
    restored = reopen(tmp_path, session.id)
    ready = restored.status().ready
    assert [t.id for t in ready] == ["b"]
    restored.step()
    assert reopen(tmp_path, session.id).status().data == {
        "k1": 1, "k2": "two", "k3": [3], "k4": True}


def test_deadlock_is_detected_and_explained(tmp_path) -> None:
    set_facts(tmp_path)
    process = write(tmp_path / "d.bpmn",
                    '<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="x" default="fb"/>'
                    '<bpmn:userTask id="a" name="Path A"/><bpmn:userTask id="b" name="Path B"/>'
                    '<bpmn:parallelGateway id="j" name="Join"/><bpmn:endEvent id="e"/>'
                    + flow("f1", "s", "x") + flow("fa", "x", "a", "go == 'a'") + flow("fb", "x", "b")
                    + flow("fa2", "a", "j") + flow("fb2", "b", "j") + flow("fe", "j", "e"))
    session = start(tmp_path, process, data={"go": "b"})
    session.step("b")
    status = reopen(tmp_path, session.id).status()
    assert status.state == "deadlocked"
    ((join, waits),) = status.deadlock
    assert join.id == "j" and waits == ("Path A",)


def _loop(tmp: Path, iterations: int, exit_condition: bool = True) -> Path:
    back = f"i < {iterations}" if exit_condition else "True"
    return write(tmp / "loop.bpmn",
                 '<bpmn:startEvent id="s"/>' + script("init", "i = 0") + script("inc", "i += 1")
                 + '<bpmn:exclusiveGateway id="x" default="out"/><bpmn:endEvent id="e"/>'
                 + flow("f1", "s", "init") + flow("f2", "init", "inc") + flow("f3", "inc", "x")
                 + flow("back", "x", "inc", back) + flow("out", "x", "e"))


def test_long_loops_do_not_complete_falsely(tmp_path) -> None:
    """Unpatched, SpiffWorkflow stops at task depth 1,000 and reports completion at i=500."""
    set_facts(tmp_path)
    session = start(tmp_path, _loop(tmp_path, 510), allow_scripts=True)
    status = session.status()
    assert status.state == "complete" and status.data["i"] == 510


def test_long_chains_parse(tmp_path) -> None:
    """Unpatched, the parser's recursion fails on chains of ~490 nodes."""
    set_facts(tmp_path)
    n = 500
    body = '<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>' + "".join(
        script(f"t{i}", f"n{i % 3} = {i}") for i in range(n))
    body += flow("f0", "s", "t0") + "".join(flow(f"f{i + 1}", f"t{i}", f"t{i + 1}")
                                           for i in range(n - 1))
    body += flow("fz", f"t{n - 1}", "e")
    session = start(tmp_path, write(tmp_path / "chain.bpmn", body), allow_scripts=True)
    assert session.status().state == "complete"


def test_endless_automatic_loop_is_refused_not_hung(tmp_path) -> None:
    set_facts(tmp_path)
    with pytest.raises(UserError, match="loops forever"):
        start(tmp_path, _loop(tmp_path, 0, exit_condition=False), allow_scripts=True)
    assert Store(tmp_path).ids() == []


def test_scripts_do_not_run_unless_allowed(tmp_path) -> None:
    set_facts(tmp_path)
    session = start(tmp_path, _loop(tmp_path, 3))
    status = session.status()
    assert status.state == "error"
    assert "scripts are disabled" in status.errors[0][1]


def test_hostile_condition_is_refused_without_executing(tmp_path) -> None:
    set_facts(tmp_path)
    marker = tmp_path / "pwned"
    hostile = f"__import__('os').system('touch {marker}') == 0"
    process = write(tmp_path / "h.bpmn",
                    '<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="x" default="f3"/>'
                    '<bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>'
                    + flow("f1", "s", "x") + flow("f2", "x", "e1", hostile) + flow("f3", "x", "e2"))
    session = start(tmp_path, process)
    assert session.status().state == "error"
    assert "not allowed" in session.status().errors[0][1]
    assert not marker.exists()


def test_reserved_data_keys_and_values_are_refused(tmp_path) -> None:
    set_facts(tmp_path)
    with pytest.raises(UserError, match="typename"):
        start(tmp_path, gated(tmp_path), data={"meta": {"typename": "x"}})


def test_ambiguous_step_is_refused_with_choices(tmp_path) -> None:
    set_facts(tmp_path)
    process = write(tmp_path / "par.bpmn",
                    '<bpmn:startEvent id="s"/><bpmn:parallelGateway id="p"/>'
                    '<bpmn:userTask id="a" name="Write notes"/><bpmn:userTask id="b" name="Update README"/>'
                    '<bpmn:parallelGateway id="j"/><bpmn:endEvent id="e"/>'
                    + flow("f1", "s", "p") + flow("f2", "p", "a") + flow("f3", "p", "b")
                    + flow("f4", "a", "j") + flow("f5", "b", "j") + flow("f6", "j", "e"))
    session = start(tmp_path, process)
    with pytest.raises(UserError, match=r"2 tasks are ready; choose one with --task: "
                                        r"Write notes \(a\), Update README \(b\)"):
        session.step()
    reopen(tmp_path, session.id).step("update readme")
    reopen(tmp_path, session.id).step("a")
    assert reopen(tmp_path, session.id).status().state == "complete"


def test_changed_process_is_refused(tmp_path) -> None:
    set_facts(tmp_path)
    process = gated(tmp_path)
    session = start(tmp_path, process)
    process.write_text(process.read_text().replace("Stocktake", "Stock take"))
    with pytest.raises(UserError, match="changed since the session started"):
        reopen(tmp_path, session.id).step()


def test_corrupt_instance_file_gives_a_clear_error(tmp_path) -> None:
    set_facts(tmp_path)
    session = start(tmp_path, gated(tmp_path))
    path = tmp_path / ".metis" / "sessions" / f"{session.id}.json"
    path.write_text(path.read_text()[:200])
    with pytest.raises(UserError, match="is corrupt"):
        reopen(tmp_path, session.id)
    path.write_text(json.dumps({"format": 1, "state": {"tasks": "nonsense"}}))
    with pytest.raises(UserError, match="corrupt"):
        reopen(tmp_path, session.id)


def test_aborted_session_refuses_steps(tmp_path) -> None:
    set_facts(tmp_path)
    session = start(tmp_path, gated(tmp_path))
    reopen(tmp_path, session.id).abort(note="wrong process")
    assert reopen(tmp_path, session.id).status().state == "aborted"
    with pytest.raises(UserError, match="aborted"):
        reopen(tmp_path, session.id).step()


KILL_CHILD = textwrap.dedent("""
    import sys, time, pathlib
    sys.path.insert(0, {root!r})
    import metis_bpmn.fsio as fsio
    from metis_bpmn.engine.session import Session
    from tests.engine.fakes import factory
    real = fsio.os.replace
    def slow_replace(src, dst):
        pathlib.Path({marker!r}).write_text("writing")
        time.sleep(60)
        real(src, dst)
    fsio.os.replace = slow_replace
    Session.open(pathlib.Path({vault!r}), {sid!r}, facts_factory=factory).step()
""")


def test_sigkill_mid_step_leaves_previous_state_resumable(tmp_path) -> None:
    set_facts(tmp_path)
    session = start(tmp_path, gated(tmp_path))
    before = (tmp_path / ".metis" / "sessions" / f"{session.id}.json").read_text()
    marker = tmp_path / "marker"
    code = KILL_CHILD.format(root=str(ROOT), marker=str(marker), vault=str(tmp_path),
                             sid=session.id)
    child = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "child never reached the write"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    folder = tmp_path / ".metis" / "sessions"
    assert (folder / f"{session.id}.json").read_text() == before
    assert list(folder.glob("*.tmp")), "the killed write should have left its temporary file"
    store = Store(tmp_path)
    # The killed step logged its line first, but never saved: that line does not count.
    assert [e["event"] for e in store.events(session.id)] == ["start", "step"]
    committed = store.read(session.id)["log"]
    assert [e["event"] for e in store.events(session.id, committed)] == ["start"]
    resumed = reopen(tmp_path, session.id)
    assert [t.id for t in resumed.status().ready] == ["work"]
    resumed.step()
    assert reopen(tmp_path, session.id).status().state == "waiting-for-vault"
    assert not list(folder.glob("*.tmp")), "the next command sweeps killed writes away"
    record = store.read(session.id)
    assert [e["event"] for e in store.events(session.id, record["log"])] == ["start", "step"]


def _step_in_child(vault: str, sid: str, task: str, queue) -> None:
    try:
        Session.open(Path(vault), sid, facts_factory=factory).step(task)
        queue.put("ok")
    except Exception as exc:  # reported to the parent
        queue.put(f"{type(exc).__name__}: {exc}")


def test_concurrent_steps_never_corrupt(tmp_path) -> None:
    set_facts(tmp_path)
    tasks = [f"t{i}" for i in range(4)]
    body = '<bpmn:startEvent id="s"/><bpmn:parallelGateway id="p"/><bpmn:parallelGateway id="j"/>'
    body += '<bpmn:endEvent id="e"/>' + flow("f0", "s", "p") + flow("fe", "j", "e")
    for t in tasks:
        body += f'<bpmn:userTask id="{t}" name="{t}"/>' + flow(f"a{t}", "p", t) + flow(f"b{t}", t, "j")
    session = start(tmp_path, write(tmp_path / "c.bpmn", body))
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [context.Process(target=_step_in_child, args=(str(tmp_path), session.id, t, queue))
                for t in tasks]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    results = sorted(queue.get(timeout=5) for _ in tasks)
    assert results == ["ok"] * 4
    final = reopen(tmp_path, session.id).status()
    assert final.state == "complete"
    assert sorted(t.id for t in final.completed if t.id.startswith("t")) == tasks
    steps = [e for e in Store(tmp_path).events(session.id) if e["event"] == "step"]
    assert sorted(e["task"] for e in steps) == tasks


def test_migration_to_a_changed_process(tmp_path) -> None:
    set_facts(tmp_path, {"Chat 8a": "FIRST PASS", "Chat 9": "FIRST PASS"})
    process = gated(tmp_path)
    session = start(tmp_path, process)
    process.write_text(process.read_text()
                       .replace('<bpmn:endEvent id="e"/>',
                                '<bpmn:userTask id="review" name="Review"/><bpmn:endEvent id="e"/>')
                       .replace('sourceRef="cons" targetRef="e"', 'sourceRef="cons" targetRef="review"'))
    process.write_text(process.read_text().replace(
        "</bpmn:process>", '<bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="e"/></bpmn:process>'))
    migrate(tmp_path, session.id, facts_factory=factory)
    for task in ("work", "cons", "review"):
        reopen(tmp_path, session.id).step(task)
    assert reopen(tmp_path, session.id).status().state == "complete"
    process.write_text(process.read_text().replace('name="Stocktake"', 'name="Stock take"'))
    migrate(tmp_path, session.id, facts_factory=factory)  # a renamed, completed step: allowed


def test_migration_refused_when_reached_steps_disappear(tmp_path) -> None:
    set_facts(tmp_path)
    process = gated(tmp_path)
    session = start(tmp_path, process)
    session.step("work")
    text = process.read_text().replace('<bpmn:userTask id="work" name="Stocktake"/>\n', "")
    text = text.replace('sourceRef="s" targetRef="work"', 'sourceRef="s" targetRef="gate"')
    text = text.replace('<bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="gate"/>\n', "")
    process.write_text(text)
    with pytest.raises(UserError, match=r"cannot migrate: .*Stocktake"):
        migrate(tmp_path, session.id, facts_factory=factory)


def test_uncaught_error_end_event_is_an_error_not_success(tmp_path) -> None:
    """SpiffWorkflow completes "successfully" when an error end event has no catcher."""
    set_facts(tmp_path)
    process = write(tmp_path / "err.bpmn",
                    '<bpmn:startEvent id="s"/><bpmn:endEvent id="fail" name="Failed">'
                    '<bpmn:errorEventDefinition id="ed" errorRef="Err"/></bpmn:endEvent>'
                    + flow("f1", "s", "fail"))
    process.write_text(process.read_text().replace(
        '<bpmn:process', '<bpmn:error id="Err" name="Broken" errorCode="E1"/><bpmn:process'))
    session = start(tmp_path, process)
    status = reopen(tmp_path, session.id).status()
    assert status.state == "error"
    assert status.errors[0][1] == "error 'Broken' was thrown and nothing catches it"


SERVICE = ('<bpmn:serviceTask id="check" name="Check status"><bpmn:extensionElements>'
           '<spiffworkflow:serviceTaskOperator id="{op}" resultVariable="result">'
           '<spiffworkflow:parameters>'
           '<spiffworkflow:parameter id="area" type="str" value="\'Chat 8a\'"/>'
           '<spiffworkflow:parameter id="status" type="str" value="\'FIRST PASS\'"/>'
           '</spiffworkflow:parameters></spiffworkflow:serviceTaskOperator>'
           '</bpmn:extensionElements></bpmn:serviceTask>')


def _service(tmp, op: str) -> Path:
    return write(tmp / f"{op}.bpmn", '<bpmn:startEvent id="s"/>' + SERVICE.format(op=op)
                 + '<bpmn:userTask id="next" name="Next"/><bpmn:endEvent id="e"/>'
                 + flow("f1", "s", "check") + flow("f2", "check", "next")
                 + flow("f3", "next", "e"))


def test_built_in_service_snapshots_the_vault_decision(tmp_path) -> None:
    set_facts(tmp_path, {"Chat 8a": "SETUP READY"})
    session = start(tmp_path, _service(tmp_path, "vault_status_at_least"))
    assert session.status().data["result"] == {
        "ok": False, "reasons": ["Chat 8a is SETUP READY, needs FIRST PASS"]}


def test_failing_service_reports_its_error_not_a_name_error(tmp_path) -> None:
    """SpiffWorkflow 3.2.0's call_service error path raises NameError ('script')."""
    set_facts(tmp_path)
    status = start(tmp_path, _service(tmp_path, "no_such_operation")).status()
    assert status.state == "error"
    message = status.errors[0][1]
    assert "unknown service operation 'no_such_operation'" in message
    assert "NameError" not in message


def test_sets_and_other_python_values_are_refused(tmp_path) -> None:
    set_facts(tmp_path)
    with pytest.raises(UserError, match="set values cannot be saved"):
        start(tmp_path, gated(tmp_path), data={"tags": {"a", "b"}})


STEP_CHILD = textwrap.dedent("""
    import sys, pathlib
    sys.path.insert(0, {root!r})
    from metis_bpmn.engine.session import Session
    from tests.engine.fakes import factory
    session = Session.open(pathlib.Path({vault!r}), {sid!r}, facts_factory=factory)
    session.step(session.status().ready[0].id)
""")


def test_random_kills_keep_state_and_log_one_unit(tmp_path) -> None:
    """Steps killed at random moments: the instance always reads, and the committed log has
    exactly one step line per completed task (the issue found 78 steps with 77 lines)."""
    import random

    set_facts(tmp_path)
    tasks = [f"t{i}" for i in range(12)]
    body = '<bpmn:startEvent id="s"/><bpmn:parallelGateway id="p"/><bpmn:parallelGateway id="j"/>'
    body += '<bpmn:endEvent id="e"/>' + flow("f0", "s", "p") + flow("fe", "j", "e")
    for t in tasks:
        body += f'<bpmn:userTask id="{t}" name="{t}"/>' + flow(f"a{t}", "p", t) + flow(f"b{t}", t, "j")
    session = start(tmp_path, write(tmp_path / "k.bpmn", body))
    chance = random.Random(7)
    store = Store(tmp_path)
    for _ in range(10):
        code = STEP_CHILD.format(root=str(ROOT), vault=str(tmp_path), sid=session.id)
        child = subprocess.Popen([sys.executable, "-c", code])
        time.sleep(chance.uniform(0.2, 0.9))
        child.kill()
        child.wait()
        record = store.read(session.id)
        status = reopen(tmp_path, session.id).status()
        done = {t.id for t in status.completed if t.id in tasks}
        steps = [e["task"] for e in store.events(session.id, record["log"])
                 if e["event"] == "step"]
        assert sorted(steps) == sorted(done)
    reopen(tmp_path, session.id).step(recheck=True)
    assert not list((tmp_path / ".metis" / "sessions").glob("*.tmp"))
