"""The DI renderer on hostile and broken input: escaping, colours, bad DI, determinism."""

from __future__ import annotations


import pytest
from lxml import etree

from metis_bpmn.model.parse import load_bytes, load_file
from metis_bpmn.render.style import colour
from metis_bpmn.render.svg import render_svg
from metis_bpmn.render.text import layout, measure, wrap
from tests.conftest import ROOT
from tests.render.compare import drawn_ids

HEAD = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
        'xmlns:bioc="http://bpmn.io/schema/bpmn/biocolor/1.0" id="D" targetNamespace="x">')


def _doc(process: str, shapes: str) -> bytes:
    return (HEAD + f'<bpmn:process id="P">{process}</bpmn:process>'
            f'<bpmndi:BPMNDiagram id="Dg"><bpmndi:BPMNPlane id="Pl" bpmnElement="P">{shapes}'
            '</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>').encode()


def _shape(ref: str, x="10", y="10", w="100", h="80", extra="") -> str:
    return (f'<bpmndi:BPMNShape id="{ref}_di" bpmnElement="{ref}"{extra}>'
            f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>')


def test_names_are_escaped_and_hostile_colours_dropped() -> None:
    svg = render_svg(load_bytes(_doc(
        '<bpmn:task id="T" name="&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"/>',
        _shape("T", extra=' bioc:fill="red;}&lt;/style&gt;&lt;script&gt;" bioc:stroke="#ff0000"'),
    )).document)
    tree = etree.fromstring(svg.encode())  # well-formed
    assert not tree.xpath("//*[local-name()='script']")
    assert "alert(1)" in "".join(tree.itertext()) and "#ff0000" in svg and "red;}" not in svg


@pytest.mark.parametrize("value, expected", [
    ("#fff", "#fff"), ("rgb(1, 2, 3)", "rgb(1, 2, 3)"), ("teal", "teal"),
    ("url(javascript:x)", "black"), ("red; fill: url(#x)", "black"), (None, "black")])
def test_colour_accepts_plain_css_colours_only(value, expected) -> None:
    assert colour(value, "black") == expected


def test_bad_di_skips_the_element_and_never_raises() -> None:
    svg = render_svg(load_bytes(_doc(
        '<bpmn:task id="Good" name="Good"/><bpmn:task id="NaN"/><bpmn:task id="Huge"/>'
        '<bpmn:task id="NoBounds"/><bpmn:sequenceFlow id="F" sourceRef="Good" targetRef="NaN"/>',
        _shape("Good") + _shape("NaN", x="NaN") + _shape("Huge", x="1e300")
        + '<bpmndi:BPMNShape id="nb" bpmnElement="NoBounds"/>'
        + _shape("Nowhere") + '<bpmndi:BPMNEdge id="e" bpmnElement="F"><di:waypoint x="1" y="1"/>'
        '</bpmndi:BPMNEdge>')).document)
    assert drawn_ids(svg) == {"Good"}


def test_output_is_deterministic_and_has_a_diagram_choice() -> None:
    document = load_file(ROOT / "processes" / "consolidation.bpmn").document
    assert render_svg(document) == render_svg(document)
    with pytest.raises(ValueError, match="no diagram 2"):
        render_svg(document, 1)


def test_text_is_measured_with_arial_metrics_and_wrapped_at_spaces() -> None:
    assert measure("Task 1", 12) == pytest.approx(34.68)  # bpmn-js centres it at x=24.16 in 83 px
    assert wrap("Check the customer documents", 60, 12) == ["Check the", "customer", "documents"]
    assert [line.text for line in layout("Supercalifragilistic", 40, 80, 12)][0] != ""
    assert all(measure(line.text, 12) <= 40 for line in layout("Supercalifragilistic", 40, 80, 12))
