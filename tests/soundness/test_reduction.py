"""Structural reduction keeps, on each edge it leaves, the elements it stands for in firing
order, however the contractions are ordered (paths are joined into the longer one)."""

from __future__ import annotations

from metis_bpmn.model.parse import load_bytes
from metis_bpmn.soundness.net import build
from metis_bpmn.soundness.reduce import reduce

HEAD = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" '
        'targetNamespace="x"><bpmn:process id="P">')


def _net(body: str):
    document = load_bytes((HEAD + body + "</bpmn:process></bpmn:definitions>").encode()).document
    (_, scope), = list(document.scopes())
    return reduce(build(scope))


def test_a_chain_becomes_one_edge_with_its_tasks_in_order() -> None:
    tasks = [f"t{i:04d}" for i in range(2_000)]
    order = ["s", *tasks, "e"]
    flows = "".join(f'<bpmn:sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>'
                    for i, (a, b) in enumerate(zip(order, order[1:])))
    net = _net('<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>'
               + "".join(f'<bpmn:task id="{t}"/>' for t in reversed(tasks)) + flows)
    (edge,) = net.edges.values()
    assert (edge.src, edge.dst, type(edge.path)) == ("s", "e", tuple)
    named = set(tasks)
    assert [p for p in edge.path if p in named] == tasks


def test_a_choice_keeps_the_other_branch_as_alternative() -> None:
    net = _net('<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="x"/><bpmn:task id="a"/>'
               '<bpmn:task id="b"/><bpmn:exclusiveGateway id="y"/><bpmn:endEvent id="e"/>'
               '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x"/>'
               '<bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="a"/>'
               '<bpmn:sequenceFlow id="f3" sourceRef="x" targetRef="b"/>'
               '<bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="y"/>'
               '<bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="y"/>'
               '<bpmn:sequenceFlow id="f6" sourceRef="y" targetRef="e"/>')
    (edge,) = net.edges.values()
    assert (edge.src, edge.dst) == ("s", "e")
    assert {"x", "y"} <= set(edge.path) and {"a", "b"} <= set(edge.path) | set(edge.alt)
    assert isinstance(edge.alt, tuple)
