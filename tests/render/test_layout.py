"""Automatic layout for files without a diagram."""

from __future__ import annotations

import dataclasses

import pytest

from metis_bpmn.lint.config import Config, RuleSetting
from metis_bpmn.finding import Severity
from metis_bpmn.lint.runner import lint_loaded
from metis_bpmn.model.elements import Lane
from metis_bpmn.model.parse import load_bytes, load_file
from metis_bpmn.render.labels import label_text
from metis_bpmn.render.layout import layout
from tests.conftest import ROOT

FILES = [*sorted((ROOT / "processes").glob("*.bpmn")),
         ROOT / "tests" / "rules" / "livelock" / "invalid-token-factory.bpmn"]
# What the layout avoids, checked by the rules that find it in drawn diagrams.
LAYOUT_RULES = ("no-overlapping-elements", "flow-crosses-shape", "overlapping-labels",
                "shared-flow-segment", "detached-flow-label")


def _findings(load, document) -> list[str]:
    config = Config(rules={name: RuleSetting(Severity.ERROR) for name in LAYOUT_RULES})
    return [f"{f.rule} {f.element_id}: {f.message}"
            for f in lint_loaded(dataclasses.replace(load, document=document), config)]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_element_is_placed_clear_and_flows_are_orthogonal(path) -> None:
    load = load_file(path)
    laid = layout(load.document)
    plane = laid.diagrams[0].plane
    placed = {s.element_ref for s in plane.shapes}
    edges = {e.element_ref: e for e in plane.edges}
    for _, scope in load.document.scopes():
        assert {n.id for n in scope.nodes} <= placed
        assert {f.id for f in scope.flows} <= set(edges)
        for flow in scope.flows:
            points = edges[flow.id].waypoints
            assert len(points) >= 2
            assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:]))
    labelled = [i for i in (*plane.shapes, *plane.edges)
                if label_text(laid, laid.get(i.element_ref)) is not None]
    assert all(i.label is not None and i.label.bounds is not None for i in labelled)
    assert _findings(load, laid) == []
    assert layout(load.document) == laid  # deterministic


@pytest.mark.parametrize("name", ["session-handoff", "feature-lifecycle", "rule-evolution"])
def test_lanes_are_stacked_stripes_holding_their_nodes(name) -> None:
    document = load_file(ROOT / "processes" / f"{name}.bpmn").document
    shapes = {s.element_ref: s.bounds for s in layout(document).diagrams[0].plane.shapes}
    pool = shapes[document.collaborations[0].participants[0].id]
    lanes = sorted((lane for lane in document.processes[0].scope.lane_sets[0].walk()),
                   key=lambda lane: shapes[lane.id].y)
    assert lanes and isinstance(lanes[0], Lane)
    assert shapes[lanes[0].id].y == pool.y
    assert shapes[lanes[-1].id].y + shapes[lanes[-1].id].height == pool.y + pool.height
    for upper, lower in zip(lanes, lanes[1:]):
        assert shapes[upper.id].y + shapes[upper.id].height == shapes[lower.id].y
    for lane in lanes:
        assert shapes[lane.id].x == pool.x + 30 and shapes[lane.id].width == pool.width - 30
        for ref in lane.flow_node_refs:
            assert shapes[lane.id].contains(shapes[ref]), (lane.id, ref)


def test_ids_that_graphviz_could_misread_are_laid_out() -> None:
    # dot reads "<...>" as an HTML-like label and "a:b" as a port; ids never reach it.
    ids = ["&lt;start&gt;", "&lt;b&gt;task&lt;/b&gt;", "a:b", "x\\N", "&quot;q&quot;"]
    nodes = [f'<bpmn:{tag} id="{i}"/>' for tag, i in
             zip(["startEvent", "task", "task", "task", "endEvent"], ids)]
    flows = [f'<bpmn:sequenceFlow id="f{n}" sourceRef="{a}" targetRef="{b}"/>'
             for n, (a, b) in enumerate(zip(ids, ids[1:]))]
    source = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
              'id="D" targetNamespace="t"><bpmn:process id="P">' + "".join(nodes + flows)
              + "</bpmn:process></bpmn:definitions>")
    document = load_bytes(source.encode(), "ids.bpmn").document
    plane = layout(document).diagrams[0].plane
    assert {s.element_ref for s in plane.shapes} == {
        "<start>", "<b>task</b>", "a:b", "x\\N", '"q"'}
    assert {e.element_ref for e in plane.edges} == {"f0", "f1", "f2", "f3"}
    assert all(len(e.waypoints) >= 2 for e in plane.edges)
