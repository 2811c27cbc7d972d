"""The layout rules pair shapes, segments and labels by sorting, not all against all: a
2,000-element diagram is checked well within a second."""

from __future__ import annotations

import time

from metis_bpmn.lint.config import Config, RuleSetting
from metis_bpmn.finding import Severity
from metis_bpmn.lint.runner import lint_loaded
from metis_bpmn.model.parse import load_bytes

RULES = ("flow-crosses-shape", "overlapping-labels", "shared-flow-segment",
         "detached-flow-label")
NS = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
      'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
      'xmlns:di="http://www.omg.org/spec/DD/20100524/DI"')


def _snake(tasks: int, per_row: int = 25) -> bytes:
    """Named tasks in rows, each flow (named, so labelled) to the next."""
    nodes, flows, shapes, edges = [], [], [], []
    for i in range(tasks):
        x, y = 100 + (i % per_row) * 160, 100 + (i // per_row) * 140
        nodes.append(f'<bpmn:task id="t{i}" name="Step {i}"/>')
        shapes.append(f'<bpmndi:BPMNShape id="t{i}_di" bpmnElement="t{i}">'
                      f'<dc:Bounds x="{x}" y="{y}" width="100" height="80"/></bpmndi:BPMNShape>')
        if i:
            flows.append(f'<bpmn:sequenceFlow id="f{i}" name="go {i}" sourceRef="t{i - 1}" '
                         f'targetRef="t{i}"/>')
            px, py = 100 + ((i - 1) % per_row) * 160, 100 + ((i - 1) // per_row) * 140
            points = ([(px + 100, py + 40), (x, y + 40)] if py == y else
                      [(px + 50, py + 80), (px + 50, py + 110), (x + 50, py + 110), (x + 50, y)])
            edges.append(f'<bpmndi:BPMNEdge id="f{i}_di" bpmnElement="f{i}">'
                         + "".join(f'<di:waypoint x="{a}" y="{b}"/>' for a, b in points)
                         + "</bpmndi:BPMNEdge>")
    return (f'<bpmn:definitions {NS} id="D" targetNamespace="t"><bpmn:process id="P">'
            + "".join(nodes + flows) + '</bpmn:process><bpmndi:BPMNDiagram id="BD">'
            '<bpmndi:BPMNPlane id="BP" bpmnElement="P">' + "".join(shapes + edges)
            + "</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>").encode()


def test_two_thousand_elements_take_well_under_a_second() -> None:
    load = load_bytes(_snake(1000), "snake.bpmn")
    config = Config(rules={name: RuleSetting(Severity.ERROR) for name in RULES})
    lint_loaded(load_bytes(_snake(2), "warm-up.bpmn"), config)  # imports are not the rules'
    start = time.perf_counter()
    findings = lint_loaded(load, config)
    elapsed = time.perf_counter() - start
    assert [f.rule for f in findings] == []
    assert elapsed < 1.0, f"{elapsed:.2f} s"
