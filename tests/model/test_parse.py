"""The model on a hand-written file that holds every element family."""

from __future__ import annotations

from pathlib import Path

import pytest

from metis_bpmn.model import (
    Activity, Association, CallActivity, DataElement, Event, Gateway, Group, SubProcess,
    TextAnnotation, load_bytes, load_file,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def doc():
    result = load_file(DATA / "families.bpmn")
    assert result.problems == ()
    return result.document


def test_definitions(doc) -> None:
    assert (doc.id, doc.name, doc.target_namespace) == ("Defs", "Families",
                                                         "http://example.com/families")
    assert (doc.exporter, doc.exporter_version) == ("hand", "1")
    assert [p.id for p in doc.processes] == ["Main", "Other"]
    assert [r.tag for r in doc.root_elements] == [
        "message", "signal", "error", "escalation", "dataStore", "category"]
    assert doc.get("CatVal").tag == "categoryValue"


def test_collaboration(doc) -> None:
    (collab,) = doc.collaborations
    assert [(p.id, p.process_ref) for p in collab.participants] == [
        ("PoolMain", "Main"), ("PoolCustomer", None)]
    (flow,) = collab.message_flows
    assert (flow.source, flow.target, flow.message_ref, flow.name) == (
        "PoolCustomer", "StartMsg", "Msg", "order")
    assert isinstance(collab.artifacts[0], TextAnnotation)


def test_lanes_nested(doc) -> None:
    (lane_set,) = doc.processes[0].scope.lane_sets
    lanes = {lane.id: lane for lane in lane_set.walk()}
    assert list(lanes) == ["LaneLead", "LaneInner", "LaneCI"]
    assert lanes["LaneLead"].flow_node_refs == ("StartMsg",)
    assert lanes["LaneInner"].flow_node_refs == ("User",)
    assert lanes["LaneLead"].name == "Project lead"


def test_process_attributes(doc) -> None:
    main = doc.processes[0]
    assert main.is_executable is True and doc.processes[1].is_executable is False
    assert main.documentation == "The main process."
    assert b"camunda:property" in main.extensions


@pytest.mark.parametrize("node_id,tag", [
    ("User", "userTask"), ("Service", "serviceTask"), ("Script", "scriptTask"),
    ("Send", "sendTask"), ("Receive", "receiveTask"), ("Manual", "manualTask"),
    ("Rule", "businessRuleTask"), ("Plain", "task"), ("Call", "callActivity"),
    ("Xor", "exclusiveGateway"), ("And", "parallelGateway"), ("Or", "inclusiveGateway"),
    ("Ebg", "eventBasedGateway"), ("Cx", "complexGateway"), ("Sub", "subProcess"),
    ("Tx", "transaction"), ("AdHoc", "adHocSubProcess"), ("EventSub", "subProcess"),
])
def test_every_node_kind(doc, node_id, tag) -> None:
    node = doc.get(node_id)
    assert node.tag == tag
    assert doc.process_of[node_id] == "Main" and doc.scope_of[node_id] == "Main"


def test_activities(doc) -> None:
    user = doc.get("User")
    assert isinstance(user, Activity)
    assert user.loop.multi_instance and user.loop.is_sequential
    assert user.loop.loop_cardinality.body == "3"
    assert user.loop.completion_condition.body == "done"
    service = doc.get("Service")
    assert not service.loop.multi_instance and service.loop.test_before
    assert service.loop.loop_maximum == "5" and service.loop.loop_condition.body == "n < 5"
    assert doc.get("Plain").is_for_compensation
    call = doc.get("Call")
    assert isinstance(call, CallActivity) and call.called_element == "Other"
    assert user.incoming == ("f1",) and user.outgoing == ("f2",)


def test_sub_processes(doc) -> None:
    sub = doc.get("Sub")
    assert isinstance(sub, SubProcess) and not sub.triggered_by_event
    assert [n.id for n in sub.scope.nodes] == ["SubStart", "SubEnd"]
    assert doc.scope_of["SubStart"] == "Sub" and doc.process_of["SubStart"] == "Main"
    assert doc.get("EventSub").triggered_by_event
    assert doc.get("EvStart").is_interrupting is False
    assert [n.id for n in doc.get("AdHoc").scope.nodes] == ["Read"]


def test_gateways(doc) -> None:
    xor = doc.get("Xor")
    assert isinstance(xor, Gateway) and xor.default == "f3"
    ebg = doc.get("Ebg")
    assert ebg.instantiate is False and ebg.event_gateway_type == "Exclusive"


def test_events_and_definitions(doc) -> None:
    start = doc.get("StartMsg")
    assert isinstance(start, Event) and start.kinds == ("message",)
    assert start.definitions[0].ref == "Msg"
    timer = doc.get("Timer").definitions[0]
    assert timer.timer[0][0] == "timeDuration" and timer.timer[0][1].body == "PT1H"
    assert doc.get("Cond").definitions[0].condition.body == "ready"
    assert doc.get("LinkThrow").definitions[0].link_name == "L"
    assert doc.get("LinkThrow").is_throw and not doc.get("LinkCatch").is_throw
    assert doc.get("SigThrow").definitions[0].ref == "Sig"
    assert doc.get("BErr").attached_to == "Service" and doc.get("BErr").cancel_activity
    assert doc.get("BErr").definitions[0].ref == "Err"
    assert doc.get("BEsc").cancel_activity is False
    assert doc.get("BComp").kinds == ("compensate",)
    assert doc.get("BMulti").parallel_multiple and doc.get("BMulti").kinds == ("message", "timer")
    assert doc.get("EndTerm").kinds == ("terminate",)
    assert doc.get("EndCancel").kinds == ("cancel",)


def test_sequence_flows(doc) -> None:
    flows = {f.id: f for f in doc.processes[0].scope.flows}
    assert (flows["f1"].source, flows["f1"].target) == ("StartMsg", "User")
    assert flows["f2"].name == "checked" and flows["f2"].condition is None
    condition = flows["f4"].condition
    assert (condition.body, condition.language, condition.xsi_type) == (
        "amount > 10", "python", "bpmn:tFormalExpression")


def test_data_and_artifacts(doc) -> None:
    do = doc.get("DO")
    assert isinstance(do, DataElement) and do.is_collection
    assert doc.get("DORef").ref == "DO" and doc.get("DSRef").ref == "Store"
    assert isinstance(doc.get("Note"), TextAnnotation) and doc.get("Note").text == "Remember"
    assoc = doc.get("Assoc")
    assert isinstance(assoc, Association) and (assoc.source, assoc.target, assoc.direction) == (
        "Note", "User", "One")
    assert isinstance(doc.get("Grp"), Group) and doc.get("Grp").category_value_ref == "CatVal"
    (output,) = doc.get("OTask").data_associations
    assert output.output and output.target == "DORef"


def test_diagrams(doc) -> None:
    assert [d.id for d in doc.diagrams] == ["Diagram1", "Diagram2"]
    shapes = {s.element_ref: s for s in doc.shapes()}
    xor = shapes["Xor"]
    assert (xor.bounds.x, xor.bounds.width) == (200.0, 50.0) and xor.is_marker_visible
    assert (xor.fill, xor.stroke, xor.label.color) == ("#ffe0b2", "#fb8c00", "#111111")
    assert xor.label.bounds.y == 155.0
    sub = shapes["Sub"]
    assert sub.is_expanded is False and (sub.fill, sub.stroke) == ("#eeeeee", "#333333")
    assert shapes["PoolMain"].is_horizontal is True
    edges = {e.element_ref: e for e in doc.edges()}
    assert edges["f2"].waypoints == ((150.0, 125.0), (200.0, 125.0))
    assert edges["MF1"].message_visible_kind == "initiating"
    assert doc.diagrams[1].plane.element_ref == "Other"


def test_lines_are_kept(doc) -> None:
    assert doc.get("User").line == 41
    assert doc.get("f4").condition.line == 92


def test_model_is_immutable(doc) -> None:
    with pytest.raises(AttributeError):
        doc.get("User").name = "x"  # type: ignore[misc]


def test_comments_and_processing_instructions_are_skipped() -> None:
    data = (b'<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/'
            b'20100524/MODEL" id="d"><!-- c --><?pi x?><bpmn:process id="p"><!-- c -->'
            b'<bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>')
    result = load_bytes(data)
    assert result.problems == () and [n.id for n in result.document.flow_nodes()] == ["s"]


def test_wrong_namespace_and_encoding() -> None:
    result = load_bytes(b'<definitions xmlns="urn:other"/>')
    assert result.document is None and result.problems[0].rule == "non-bpmn-document"
    latin = ('<?xml version="1.0" encoding="ISO-8859-1"?><bpmn:definitions xmlns:bpmn='
             '"http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><bpmn:process id="p">'
             '<bpmn:task id="t" name="Prüfen"/></bpmn:process></bpmn:definitions>').encode("latin-1")
    assert load_bytes(latin).document.get("t").name == "Prüfen"


def test_deep_nesting_is_a_parse_finding() -> None:
    deep = b"<a>" * 400 + b"</a>" * 400
    (problem,) = load_bytes(deep).problems
    assert problem.rule == "unparseable-document"


def test_billion_laughs_is_not_expanded() -> None:
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
           b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
           b'<bpmn:process id="p"><bpmn:task id="t"><bpmn:documentation>&lol3;'
           b'</bpmn:documentation></bpmn:task></bpmn:process></bpmn:definitions>')
    result = load_bytes(lol)
    assert [p.rule for p in result.problems] == ["doctype-declared"]
    assert result.document is None  # a file with a DOCTYPE is not built at all


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-1"])
def test_an_element_with_too_many_attributes_is_refused_in_any_encoding(encoding) -> None:
    attributes = " ".join(f'a{i}="x"' for i in range(1_500))
    text = (f'<?xml version="1.0" encoding="{encoding}"?>'
            '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
            f'<process id="p"><task id="t" {attributes}/></process></definitions>')
    result = load_bytes(text.encode(encoding))
    assert result.document is None
    assert [p.rule for p in result.problems] == ["oversized-document"]
    assert "1,501 attributes" in result.problems[0].message  # the id too


def test_a_long_text_is_not_taken_for_an_element_with_many_attributes() -> None:
    text = ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">'
            f'<process id="p"><documentation>{"x" * 20_000}</documentation>'
            f'<task id="t" {" ".join(f"a{i}=" + chr(34) + "x" + chr(34) for i in range(900))}/>'
            '</process></definitions>')
    assert load_bytes(text.encode()).document is not None
