"""The runner: worker processes, per-file deadlines, dead workers, input order."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from metis_bpmn.lint import runner
from metis_bpmn.lint.config import Config, RuleSetting
from metis_bpmn.finding import Severity
from metis_bpmn.lint.registry import all_rules
from metis_bpmn.lint.rule import rule
from metis_bpmn.lint.runner import Source, lint_source, lint_sources

FIXTURES = Path(__file__).parent.parent / "rules"
VALID = (FIXTURES / "start_event_required" / "valid-process.bpmn").read_bytes()
INVALID = (FIXTURES / "start_event_required" / "invalid-process.bpmn").read_bytes()


@rule("test-misbehaves", "A rule that hangs or kills its process on chosen files",
      module_doc="test-misbehaves: test only", default=Severity.ERROR)
def _misbehaves(ctx):
    if ctx.file.startswith("hang"):
        time.sleep(600)
    if ctx.file.startswith("die"):
        os._exit(3)
    if ctx.file.startswith("kill"):
        os.kill(os.getpid(), signal.SIGKILL)
    return iter(())


@pytest.fixture
def misbehaving(monkeypatch):
    """Register the misbehaving rule (workers are forked, so they see it too)."""
    if not runner.sys.platform.startswith("linux"):
        pytest.skip("the test rule reaches workers only through fork")
    rules = {**all_rules(), "test-misbehaves": _misbehaves}
    monkeypatch.setattr(runner, "all_rules", lambda: rules)
    return {**Config.from_profile("recommended").rules,
            "test-misbehaves": RuleSetting(Severity.ERROR)}


# What the recommended profile finds in INVALID when checked in this process.
INVALID_RULES = [f.rule for f in lint_source(Source("x.bpmn", data=INVALID),
                                             Config.from_profile("recommended"))]
assert "start-event-required" in INVALID_RULES


def _sources(*names: str) -> list[Source]:
    return [Source(n, data=INVALID if "invalid" in n else VALID) for n in names]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_file_yields_a_timeout_finding_and_the_run_goes_on(misbehaving, jobs) -> None:
    config = Config(rules=misbehaving, timeout=1.0)
    sources = _sources("a-invalid.bpmn", "hang.bpmn", "z-invalid.bpmn")
    results = list(lint_sources(sources, config, jobs=jobs))
    assert [s.display for s, _ in results] == ["a-invalid.bpmn", "hang.bpmn", "z-invalid.bpmn"]
    [timeout] = results[1][1]
    assert (timeout.rule, timeout.severity, timeout.file) == (
        "analysis-timeout", Severity.ERROR, "hang.bpmn")
    assert timeout.message.startswith("Checking took longer than 1 s and was stopped")
    # The file queued behind the hanging one went to the replacement worker.
    assert [f.rule for f in results[2][1]] == INVALID_RULES


def test_the_timeout_rule_can_be_turned_off(misbehaving) -> None:
    rules = {n: s for n, s in misbehaving.items() if n != "analysis-timeout"}
    [(_, findings)] = lint_sources(_sources("hang.bpmn"), Config(rules=rules, timeout=0.5), jobs=1)
    assert findings == []


def test_a_dead_worker_is_a_finding_not_a_crash(misbehaving) -> None:
    config = Config(rules=misbehaving, timeout=30)
    results = dict((s.display, f) for s, f in lint_sources(
        _sources("die.bpmn", "b-invalid.bpmn"), config, jobs=1))
    [died] = results["die.bpmn"]
    assert died.rule == "rule-error"
    assert "killed its worker process (exit code 3)" in died.message
    assert [f.rule for f in results["b-invalid.bpmn"]] == INVALID_RULES


def _fixture_sources(kill_at: int) -> list[Source]:
    """The rule fixtures on disk (so each worker holds two), one renamed to kill its worker."""
    fixtures = sorted(FIXTURES.glob("*/*.bpmn"))[:40]
    sources = [Source(p.relative_to(FIXTURES).as_posix(), p) for p in fixtures]
    sources[kill_at] = Source("kill.bpmn", fixtures[kill_at])
    return sources


@pytest.mark.parametrize(("jobs", "pause"), [(2, 0.0), (1, 0.5)])
def test_a_killed_worker_costs_only_the_file_it_was_checking(misbehaving, jobs, pause) -> None:
    # Killed with a file queued behind it, its pipe resets on the next read. A pause after
    # each result lets it die first, so the next file is sent to a dead worker.
    config = Config(rules=misbehaving, timeout=30)
    sources = _fixture_sources(kill_at=7)
    results = list(lint_sources(sources, config, jobs=jobs,
                                on_done=lambda done: time.sleep(pause if done == 7 else 0)))
    assert [s for s, _ in results] == sources
    [died] = dict(results)[sources[7]]
    assert (died.rule, died.file) == ("rule-error", "kill.bpmn")
    assert f"exit code {-signal.SIGKILL}" in died.message
    others = [(s, f) for s, f in results if s is not sources[7]]
    assert others == [(s, lint_source(s, config)) for s, _ in others]


def test_a_worker_killed_from_outside_costs_at_most_the_file_it_was_checking() -> None:
    # Workers hold the sources from their start: a task is an index, so inline data (stdin)
    # is queued like any file. After the first result the worker is on the second file.
    def kill_the_worker(done: int) -> None:
        if done == 1:
            [worker] = multiprocessing.active_children()
            worker.kill()
            worker.join()

    config = Config(rules=Config.from_profile("recommended").rules, timeout=30)
    sources = _sources(*(f"{i}-invalid.bpmn" for i in range(4)))
    results = list(lint_sources(sources, config, jobs=1, on_done=kill_the_worker))
    assert [s for s, _ in results] == sources
    rules = [[f.rule for f in findings] for _, findings in results]
    # (If the second file was done before the kill landed, nothing is lost at all.)
    assert rules[1] in (INVALID_RULES, ["rule-error"])
    assert rules[0] == rules[2] == rules[3] == INVALID_RULES


def test_workers_give_the_same_findings_in_the_same_order_as_one_process() -> None:
    fixtures = sorted(FIXTURES.glob("*/*.bpmn"))
    sources = [Source(p.relative_to(FIXTURES).as_posix(), p) for p in fixtures]
    config = Config.from_profile("all")
    done: list[int] = []
    pooled = list(lint_sources(sources, config, jobs=2, on_done=done.append))
    assert [(s, lint_source(s, config)) for s in sources] == pooled
    assert any(findings for _, findings in pooled)
    assert done == list(range(1, len(sources) + 1))


def test_without_timeout_one_job_runs_in_process(monkeypatch) -> None:
    monkeypatch.setattr(runner, "_pooled", None)  # calling it would fail
    config = Config(rules=Config.from_profile("recommended").rules, timeout=0)
    [(_, findings)] = lint_sources(_sources("x-invalid.bpmn"), config, jobs=1)
    assert [f.rule for f in findings] == INVALID_RULES


def test_an_input_error_in_a_worker_reaches_the_caller(tmp_path: Path) -> None:
    folder = tmp_path / "folder.bpmn"
    folder.mkdir()  # a search passes over it; named directly, reading it fails
    with pytest.raises(OSError, match="not a regular file"):
        list(lint_sources([Source("folder.bpmn", folder)], Config.from_profile(), jobs=2))


def test_spawned_workers_get_the_sources_once_and_agree(monkeypatch) -> None:
    # Where fork is not the start method (macOS, Windows) workers are spawned: the sources,
    # stdin's bytes included, reach them as the process's arguments.
    monkeypatch.setattr(runner, "_context", lambda: multiprocessing.get_context("spawn"))
    sources = _sources("a-invalid.bpmn", "b-valid.bpmn", "c-invalid.bpmn")
    config = Config(rules=Config.from_profile("recommended").rules, timeout=30)
    pooled = list(lint_sources(sources, config, jobs=2))
    assert pooled == [(s, lint_source(s, config)) for s in sources]
