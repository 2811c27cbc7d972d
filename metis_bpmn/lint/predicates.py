"""Shared predicates and walks that rules use. Rules never walk XML themselves."""

from __future__ import annotations

from operator import attrgetter
from typing import Iterator

from ..model.elements import (
    Activity, Document, Edge, Element, Event, Expression, FlowNode, Process, Scope, Shape,
    SubProcess,
)


def is_ad_hoc(element: Element) -> bool:
    return element.tag == "adHocSubProcess"


def container_word(element: Element) -> str:
    """bpmnlint's wording: "Process" or "Sub process"."""
    return "Sub process" if isinstance(element, SubProcess) else "Process"


def events(scope: Scope, tag: str) -> list[Event]:
    return [n for n in scope.nodes if isinstance(n, Event) and n.tag == tag]


def conditions(doc: Document) -> Iterator[tuple[Process, Element, str, Expression]]:
    """Every condition of the document: (process, owner, what, expression).

    ``what`` names the condition in messages: sequence-flow conditions, conditional event
    conditions, loop conditions and multi-instance completion conditions.
    """
    for process, scope in doc.scopes():
        for flow in scope.flows:
            if flow.condition is not None:
                yield process, flow, "Condition", flow.condition
        for node in scope.nodes:
            if isinstance(node, Event):
                for definition in node.definitions:
                    if definition.kind == "conditional" and definition.condition is not None:
                        yield process, node, "Event condition", definition.condition
            elif isinstance(node, Activity) and node.loop is not None:
                if node.loop.loop_condition is not None:
                    yield process, node, "Loop condition", node.loop.loop_condition
                if node.loop.completion_condition is not None:
                    yield process, node, "Completion condition", node.loop.completion_condition


def referenced(doc: Document, ref: str | None) -> Element | None:
    """The element a reference names; QName references (``tns:Task_1``) are accepted."""
    return doc.resolve(ref)


def label(element: Element | None, fallback: str = "") -> str:
    """How messages name an element: its name on one line, else its id."""
    if element is None:
        return fallback
    return " ".join((element.name or "").split()) or element.id or fallback


def containers_without(ctx, tag: str, what: str):
    """Findings for every process or sub-process (ad-hoc ones excepted) that has no direct
    child of type ``tag``: bpmnlint's start-/end-event-required."""
    for owner, scope in ctx.document.containers():
        if not is_ad_hoc(owner) and not events(scope, tag):
            yield ctx.finding(owner, f"{container_word(owner)} is missing {what}")


def flow_counts(ctx, scope: Scope) -> dict[str, tuple[list, list]]:
    """Per node of ``scope``: (incoming flows, outgoing flows), from the flows'
    sourceRef/targetRef (never from <incoming>/<outgoing> children). Shared by rules."""
    def compute():
        counts: dict[str, tuple[list, list]] = {n.id: ([], []) for n in scope.nodes if n.id}
        for flow in scope.flows:
            if flow.source in counts:
                counts[flow.source][1].append(flow)
            if flow.target in counts:
                counts[flow.target][0].append(flow)
        return counts
    return ctx.memo(("flow_counts", id(scope)), compute)


def flow_nodes(ctx):
    """Every flow node with its incoming and outgoing flows, for the counting rules."""
    for _, scope in ctx.document.containers():
        counts = flow_counts(ctx, scope)
        for node in scope.nodes:
            if node.id:
                incoming, outgoing = counts[node.id]
                yield node, incoming, outgoing


def ad_hoc_children(ctx) -> set[str]:
    """Ids of the flow nodes directly inside ad-hoc sub-processes (they need no flows)."""
    def compute():
        return {n.id for owner, scope in ctx.document.containers() if is_ad_hoc(owner)
                for n in scope.nodes if n.id}
    return ctx.memo("ad_hoc_children", compute)


def is_link(node: FlowNode) -> bool:
    kinds = getattr(node, "kinds", ())
    return bool(kinds) and all(k == "link" for k in kinds)


def di_objects(ctx) -> dict[str, Shape | Edge]:
    """Element id -> its diagram shape or edge; with several, the last one in the file wins
    (as bpmn-moddle's lookup does). References that name no element are left out."""
    def compute():
        found: dict[str, Shape | Edge] = {}
        for diagram in ctx.document.diagrams:
            if diagram.plane is None:
                continue
            for item in sorted((*diagram.plane.shapes, *diagram.plane.edges),
                               key=attrgetter("line")):
                element = referenced(ctx.document, item.element_ref)
                if element is not None and element.id:
                    found[element.id] = item
        return found
    return ctx.memo("di-objects", compute)
