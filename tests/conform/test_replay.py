"""Token replay: its counts and fitness equal pm4py's token-based replay on the same net
and log (the example vaults, read back from our XES, and generated logs on every Metis
process), and 10,000 events replay in under a second."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from metis_bpmn.conform.check import check, nets
from metis_bpmn.conform.petri import SINK, SOURCE, Net, Transition
from metis_bpmn.conform.replay import Replayer, log_fitness
from tests.conftest import ROOT

from . import generate, vaults
from .pm4py_bridge import event_log, petri_net, pm4py_or_skip

PROCESSES = sorted((ROOT / "processes").glob("*.bpmn"))


def _nets(path: Path) -> list[Net]:
    """The nets conform uses on the founding vault, and the vault's net with every step
    that has a kind visible."""
    result = check(path, ROOT / "examples" / "vault")
    kinds = {k for step in result.steps for k in step.kinds}
    return [*result.nets, nets(result.process, list(result.steps), kinds)[0]]


def test_counts_of_a_small_net() -> None:
    a = Transition("a", "A", (SOURCE,), ("p",))
    b = Transition("b", "B", ("p",), (SINK,))
    net = Net((SOURCE, "p", SINK), (a, b), {SOURCE: 1}, {SINK: 1})
    fit, skipped, repeated = Replayer(net).trace(["A", "B"]), Replayer(net).trace(["B"]), \
        Replayer(net).trace(["A", "A", "B"])
    assert (fit.missing, fit.remaining, fit.fitness) == (0, 0, 1.0)
    assert (skipped.missing, skipped.remaining, skipped.consumed, skipped.produced) == (1, 1, 2, 2)
    assert [d.places for d in skipped.deviations] == [("p",)]
    assert (repeated.missing, repeated.remaining) == (1, 1)
    assert log_fitness([fit, skipped]) == pytest.approx(0.5 * (1 - 1 / 5) + 0.5 * (1 - 1 / 5))


def _scenarios(root: Path) -> list[Path]:
    conforming = vaults.founding(root, "conforming")
    vaults.history(conforming, vaults.CONFORMING)
    early = vaults.founding(root, "early")
    vaults.history(early, [("2026-02-26", {"Chat 10 Consolidation": "FIRST PASS"})])
    spec = vaults.founding(root, "spec")
    vaults.note(spec, "orchestration-infra/db-spec.md", "2026-02-24", "implementation-spec")
    git = vaults.founding(root, "git")
    vaults.commit(git, "founding", 1771956000)
    vaults.plan(git, dict(vaults.FOUNDING, **{"Chat 10 Consolidation": "PARTIAL"}))
    vaults.commit(git, "consolidate", 1772013600)
    return [ROOT / "examples" / "vault", conforming, early, spec, git]


def test_fitness_of_the_example_vaults_equals_pm4py(tmp_path) -> None:
    pm4py = pm4py_or_skip()
    from metis_bpmn.cli.conform import write_log
    process = ROOT / "processes" / "consolidation.bpmn"
    for vault in _scenarios(tmp_path):
        result = check(process, vault)
        exported = tmp_path / f"{vault.name}.xes"
        write_log(exported, {c.name: c.events for c in result.cases})
        log = pm4py.read_xes(str(exported), return_legacy_log_object=True)
        assert [[e["concept:name"] for e in trace] for trace in log] == \
            [[e.activity for e in c.events] for c in result.cases]
        theirs = pm4py.fitness_token_based_replay(log, *petri_net(result.nets[0]))
        assert theirs["log_fitness"] == pytest.approx(result.fitness, abs=1e-12), vault.name
        write_log(tmp_path / f"{vault.name}.json", {c.name: c.events for c in result.cases})
        ocel = pm4py.read_ocel2_json(str(tmp_path / f"{vault.name}.json"))
        assert len(ocel.events) == result.events and len(ocel.relations) == result.events


@pytest.mark.parametrize("process", PROCESSES, ids=[p.stem for p in PROCESSES])
def test_generated_logs_replay_as_pm4py_replays_them(process: Path) -> None:
    pm4py_or_skip()
    from pm4py.algo.conformance.tokenreplay.variants import token_replay
    for number, net in enumerate(_nets(process)):
        if not net.by_label():
            continue
        traces = generate.log(net, seed=number + 1, traces=150)
        ours = [Replayer(net).trace(t) for t in traces]
        theirs = token_replay.apply(event_log(traces), *petri_net(net),
                                    parameters={"show_progress_bar": False})
        for trace, mine, other in zip(traces, ours, theirs):
            assert (mine.missing, mine.consumed, mine.remaining, mine.produced) == (
                other["missing_tokens"], other["consumed_tokens"], other["remaining_tokens"],
                other["produced_tokens"]), trace
        import pm4py
        fitness = pm4py.fitness_token_based_replay(event_log(traces), *petri_net(net))
        assert fitness["log_fitness"] == pytest.approx(log_fitness(ours), abs=1e-12)


def test_ten_thousand_events_replay_in_under_a_second() -> None:
    net = _nets(ROOT / "processes" / "consolidation.bpmn")[0]
    traces = generate.events(net, seed=7, count=10_000)
    assert sum(map(len, traces)) == 10_000
    replayer = Replayer(net)
    started = time.perf_counter()
    results = [replayer.trace(t) for t in traces]
    elapsed = time.perf_counter() - started
    assert log_fitness(results) is not None
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_a_case_that_ended_with_a_branch_left_open() -> None:
    from metis_bpmn.conform.explain import unfinished
    from metis_bpmn.conform.mapping import Event
    from metis_bpmn.model.parse import load_file
    net = Net((SOURCE, "p1", "p2", SINK), (
        Transition("a", "A", (SOURCE,), ("p1", "p2")), Transition("b", "B", ("p1",), (SINK,)),
        Transition("c", "C", ("p2",), (SINK,))), {SOURCE: 1}, {SINK: 1})
    result = Replayer(net).trace(["A", "B"])
    assert result.ended and result.left == {"p2": 1} and not result.deviations
    process = load_file(ROOT / "processes" / "consolidation.bpmn").document.processes[0]
    last = Event("vault", "B", "b", "2026-03-01", "notes/b.md", "", "B was done", ())
    finding = unfinished(process, net, last, result, "vault/notes/b.md")
    assert finding.rule == "conform/unfinished-branch" and finding.evidence == ("C",)
    assert finding.message == ("The case ended (B was done, 2026-03-01, notes/b.md) with work "
                               "left on another branch: C")
