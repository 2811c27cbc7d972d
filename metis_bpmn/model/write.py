"""Write a diagram (shapes, edges, labels) into a BPMN file, replacing the diagrams it had.

The semantic part of the file is kept byte for byte as lxml reads and writes it; only the
``bpmndi:BPMNDiagram`` elements are replaced. Used to lay a file out automatically
(``render --layout auto -f bpmn``).
"""

from __future__ import annotations

from lxml import etree

from . import namespaces as ns
from .elements import Bounds, Diagram, Edge, Label, Shape
from .parse import parse_tree

_NSMAP = {"bpmndi": ns.BPMNDI, "dc": ns.DC, "di": ns.DI}


def _num(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _bounds(parent: etree._Element, bounds: Bounds) -> None:
    etree.SubElement(parent, ns.q(ns.DC, "Bounds"), x=_num(bounds.x), y=_num(bounds.y),
                     width=_num(bounds.width), height=_num(bounds.height))


def _label(parent: etree._Element, label: Label | None) -> None:
    if label is not None and label.bounds is not None:
        _bounds(etree.SubElement(parent, ns.q(ns.BPMNDI, "BPMNLabel")), label.bounds)


def _shape(plane: etree._Element, shape: Shape) -> None:
    element = etree.SubElement(plane, ns.q(ns.BPMNDI, "BPMNShape"), id=shape.id or "",
                               bpmnElement=shape.element_ref or "")
    for attribute, value in (("isExpanded", shape.is_expanded),
                             ("isMarkerVisible", shape.is_marker_visible),
                             ("isHorizontal", shape.is_horizontal)):
        if value is not None:
            element.set(attribute, "true" if value else "false")
    if shape.bounds is not None:
        _bounds(element, shape.bounds)
    _label(element, shape.label)


def _edge(plane: etree._Element, edge: Edge) -> None:
    element = etree.SubElement(plane, ns.q(ns.BPMNDI, "BPMNEdge"), id=edge.id or "",
                               bpmnElement=edge.element_ref or "")
    for x, y in edge.waypoints:
        etree.SubElement(element, ns.q(ns.DI, "waypoint"), x=_num(x), y=_num(y))
    _label(element, edge.label)


def with_diagram(source: bytes, diagram: Diagram) -> bytes:
    """The file ``source`` with ``diagram`` as its only diagram."""
    root = parse_tree(source)
    for old in root.findall(ns.q(ns.BPMNDI, "BPMNDiagram")):
        root.remove(old)
    new = etree.SubElement(root, ns.q(ns.BPMNDI, "BPMNDiagram"), nsmap=_NSMAP,
                           id=diagram.id or "Diagram_1")
    if diagram.name:
        new.set("name", diagram.name)
    plane = diagram.plane
    if plane is not None:
        element = etree.SubElement(new, ns.q(ns.BPMNDI, "BPMNPlane"), id=plane.id or "Plane_1",
                                   bpmnElement=plane.element_ref or "")
        for shape in plane.shapes:
            _shape(element, shape)
        for edge in plane.edges:
            _edge(element, edge)
    etree.indent(new, space="  ", level=1)
    new.tail = "\n"
    if len(root) > 1 and root[-2].tail is not None and not root[-2].tail.strip():
        root[-2].tail = "\n  "
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8") + b"\n"
