"""Crafted instance files under .metis/sessions/: no code runs, nothing is read outside the
vault, every command answers with a clear error (exit 2) or works, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .harness import ROOT, assert_safe, run

PROCESS = ROOT / "processes" / "session-handoff.bpmn"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, str]:
    """A vault with one real session, started from a copy of a bundled process."""
    vault = tmp_path_factory.mktemp("template")
    shutil.copytree(ROOT / "examples" / "vault", vault, dirs_exist_ok=True)
    shutil.copy(PROCESS, vault / "handoff.bpmn")
    out = run(["session", "start", "handoff.bpmn", "--vault", ".", "--format", "json",
               "--set", "area=Chat 8a"],
              cwd=vault, allowed=(vault / ".metis",))
    assert out.code == 0, out.stderr
    return vault, json.loads(out.stdout)["session"]["id"]


def _vault(template, tmp_path: Path) -> tuple[Path, str, Path]:
    source, sid = template
    vault = tmp_path / "vault"
    shutil.copytree(source, vault)
    return vault, sid, vault / ".metis" / "sessions" / f"{sid}.json"


def _timer_code(record: dict, marker: Path) -> dict:
    """An older serializer version whose spec carries Python in a timer: SpiffWorkflow's own
    migration would evaluate it."""
    state = record["state"]
    state["serializer_version"] = "1.2"
    name = next(iter(state["spec"]["task_specs"]))
    state["spec"]["task_specs"][name]["event_definition"] = {
        "typename": "TimerEventDefinition", "name": "t",
        "expression": f"__import__('os').system('touch {marker}')"}
    return record


def _mutations(marker: Path) -> dict:
    def state(**change):
        return lambda r: {**r, "state": {**r["state"], **change}}

    def data_in_first_task(value):
        def apply(r):
            task = next(iter(r["state"]["tasks"].values()))
            task["data"] = {"x": value}
            return r
        return apply

    return {
        "timer-code-in-old-version": lambda r: _timer_code(r, marker),
        "newer-serializer": state(serializer_version="9.9"),
        "typename-in-data": data_in_first_task({"typename": "BpmnWorkflow", "spec": {}}),
        "object-in-data": data_in_first_task({"typename": "TimerEventDefinition",
                                              "expression": "1"}),
        "process-as-string": lambda r: {**r, "process": "processes/x.bpmn"},
        "errors-as-list": lambda r: {**r, "errors": ["x"]},
        "process-at-etc-passwd": lambda r: {**r, "process": {**r["process"],
                                                             "file": "/etc/passwd"}},
        "process-at-dev-zero": lambda r: {**r, "process": {**r["process"],
                                                           "file": "/dev/zero"}},
        "process-up-and-out": lambda r: {**r, "process": {**r["process"],
                                                          "file": "../../../../etc/passwd"}},
        "unknown-task-spec": lambda r: _rename_task_spec(r),
        "pending-events": state(bpmn_events=[{"typename": "BpmnEvent"}]),
    }


def _rename_task_spec(record: dict) -> dict:
    task = next(iter(record["state"]["tasks"].values()))
    task["task_spec"] = "NotInTheProcess"
    return record


RAW = {
    "deeply-nested": b'{"format": 2, "state": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "huge-number": b'{"format": 2, "log": ' + b"9" * 10_000 + b"}",
    "not-json": b"\x00\xff garbage",
    "not-an-object": b"[1, 2, 3]",
}


def _commands(sid: str, vault: Path) -> list[list[str]]:
    return [["session", "show", sid, "--vault", str(vault)],
            ["session", "step", sid, "--vault", str(vault)],
            ["session", "abort", sid, "--vault", str(vault)],
            ["session", "list", "--vault", str(vault)],
            ["render", str(vault / "handoff.bpmn"), "--overlay", f"session:{sid}",
             "--vault", str(vault), "-o", str(vault / "out.svg")]]


@pytest.mark.parametrize("name", sorted(_mutations(Path("/x"))) + sorted(RAW))
def test_crafted_instance_files(name, template, tmp_path: Path) -> None:
    vault, sid, path = _vault(template, tmp_path)
    marker = tmp_path / "code-ran"
    if name in RAW:
        path.write_bytes(RAW[name])
    else:
        path.write_text(json.dumps(_mutations(marker)[name](json.loads(path.read_text()))))
    before = path.read_bytes()
    for args in _commands(sid, vault):
        out = run(args, cwd=tmp_path, allowed=(vault / ".metis", vault / "out.svg"))
        assert_safe(out)
        if args[1] != "list":
            assert out.code == 2, (args, out.stdout, out.stderr)
            assert "sha256" not in out.stderr or "passwd" not in out.stderr
        assert not marker.exists(), f"{args}: code from the instance file ran"
        assert path.read_bytes() == before, f"{args} changed a refused file"


def test_migrate_rebuilds_a_refused_file_from_its_log_without_running_it(template,
                                                                          tmp_path) -> None:
    vault, sid, path = _vault(template, tmp_path)
    step = run(["session", "step", sid, "--vault", str(vault), "--format", "json"],
               cwd=tmp_path, allowed=(vault / ".metis",))
    assert_safe(step)
    completed = [t["id"] for t in json.loads(step.stdout)["completed"]]
    marker = tmp_path / "code-ran"
    path.write_text(json.dumps(_timer_code(json.loads(path.read_text()), marker)))
    show = run(["session", "show", sid, "--vault", str(vault)], cwd=tmp_path)
    assert_safe(show, codes=(2,))
    assert f"session migrate {sid} --vault" in show.stderr
    migrate = run(["session", "migrate", sid, "--vault", str(vault), "--format", "json"],
                  cwd=tmp_path, allowed=(vault / ".metis",))
    assert_safe(migrate)
    assert not marker.exists()
    assert [t["id"] for t in json.loads(migrate.stdout)["completed"]] == completed


def test_process_file_outside_the_vault_is_never_read(template, tmp_path) -> None:
    vault, sid, path = _vault(template, tmp_path)
    record = json.loads(path.read_text())
    record["process"]["file"] = "/etc/passwd"
    path.write_text(json.dumps(record))
    shutil.rmtree(vault / ".metis" / "processes")  # no pinned copy: only the path is left
    for args in (["session", "show", sid], ["session", "step", sid],
                 ["session", "migrate", sid]):
        out = run([*args, "--vault", str(vault)], cwd=tmp_path, allowed=(vault / ".metis",))
        assert_safe(out, codes=(2,))
        assert "root:" not in out.stdout + out.stderr


@pytest.mark.parametrize("suffix", [".events.jsonl", ".json", ".lock"])
def test_a_session_file_planted_as_a_link_is_refused(template, tmp_path, suffix) -> None:
    """A link in place of a session's file must not make a step read or write the file it
    points to (appending the step's log line to ~/.bashrc, say)."""
    vault, sid, _ = _vault(template, tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("ORIGINAL\n")
    planted = vault / ".metis" / "sessions" / f"{sid}{suffix}"
    planted.unlink()
    planted.symlink_to(victim)
    step = run(["session", "step", sid, "--vault", str(vault)], cwd=tmp_path,
               allowed=(vault / ".metis",))
    assert_safe(step, codes=(2,))
    assert "symbolic link" in step.stderr, step.stderr
    assert_safe(run(["session", "show", sid, "--vault", str(vault)], cwd=tmp_path,
                    allowed=(vault / ".metis",)))  # (show takes no lock: it may work)
    assert victim.read_text() == "ORIGINAL\n"


@pytest.mark.parametrize("folder", [".metis", ".metis/sessions", ".metis/cache"])
def test_a_metis_folder_linked_out_of_the_vault_is_not_written(template, tmp_path,
                                                                folder) -> None:
    vault, sid, _ = _vault(template, tmp_path)
    outside = tmp_path / "outside"
    shutil.copytree(vault / folder, outside) if (vault / folder).exists() else outside.mkdir()
    shutil.rmtree(vault / folder)
    (vault / folder).symlink_to(outside, target_is_directory=True)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    for args in (["vault", "facts", str(vault)], ["session", "step", sid, "--vault", str(vault)],
                 ["session", "start", "handoff.bpmn", "--vault", str(vault), "--set",
                  "area=Chat 8a"]):
        out = run(args, cwd=vault, allowed=(vault / ".metis",))
        assert_safe(out)
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
