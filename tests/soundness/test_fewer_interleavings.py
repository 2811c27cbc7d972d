"""The partial-order reduction of the token game: the same verdicts as the full game, far
fewer states on concurrent models."""

from __future__ import annotations

import csv

import pytest

from metis_bpmn.model.parse import load_bytes, load_file
from metis_bpmn.soundness.explore import explore
from metis_bpmn.soundness.moves import can_reduce
from metis_bpmn.soundness.net import build
from metis_bpmn.soundness.reduce import reduce
from tests.conftest import ROOT, corpora_or_skip

HEAD = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" '
        'targetNamespace="x"><bpmn:process id="P">')


def branches(k: int, m: int) -> bytes:
    """k parallel branches of m tasks between a parallel split and join."""
    parts = ['<bpmn:startEvent id="S"/><bpmn:parallelGateway id="Split"/>'
             '<bpmn:parallelGateway id="Join"/><bpmn:endEvent id="E"/>'
             '<bpmn:sequenceFlow id="f0" sourceRef="S" targetRef="Split"/>'
             '<bpmn:sequenceFlow id="fz" sourceRef="Join" targetRef="E"/>']
    for b in range(k):
        previous = "Split"
        for t in range(m):
            parts.append(f'<bpmn:task id="T{b}_{t}"/><bpmn:sequenceFlow id="f{b}_{t}" '
                         f'sourceRef="{previous}" targetRef="T{b}_{t}"/>')
            previous = f"T{b}_{t}"
        parts.append(f'<bpmn:sequenceFlow id="g{b}" sourceRef="{previous}" targetRef="Join"/>')
    return (HEAD + "".join(parts) + "</bpmn:process></bpmn:definitions>").encode()


def _verdict(result):
    return ({d.kind for d in result.defects}, result.live, result.completes, result.complete)


def test_parallel_branches_cost_states_linear_in_their_size() -> None:
    # No structural reduction here, so only the partial-order reduction helps.
    net = build(load_bytes(branches(17, 2)).document.processes[0].scope)
    full = explore(net, 20_000)
    reduced = explore(net, 20_000, fewer_interleavings=True)
    assert not full.complete  # 3^17 interleavings
    assert reduced.complete and reduced.states < 100 and not reduced.defects
    assert reduced.completes and len(reduced.live) == 17 * 2 + 4


def _scopes(paths):
    for path in paths:
        document = load_file(path).document
        if document is None:
            continue
        for _, scope in document.scopes():
            net = build(scope)
            if net is not None and can_reduce(reduce(net)):
                yield path, scope


def _same_verdicts(paths) -> int:
    compared = 0
    for path, scope in _scopes(paths):
        full = explore(reduce(build(scope)), 50_000)
        if not full.complete:
            continue
        reduced = explore(reduce(build(scope)), 50_000, fewer_interleavings=True)
        assert _verdict(reduced) == _verdict(full), f"{path} {scope.owner}"
        compared += 1
    return compared


def test_same_verdicts_as_the_full_game_on_every_fixture() -> None:
    assert _same_verdicts(sorted((ROOT / "tests" / "rules").rglob("*.bpmn"))) > 120


@pytest.mark.corpus
def test_same_verdicts_as_the_full_game_on_the_corpus() -> None:
    root = corpora_or_skip()
    with open(root / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        paths = [root / r["corpus"] / r["path"] for r in csv.DictReader(handle)]
    assert _same_verdicts(paths[::3]) > 2000  # a third of the files, for CI time
