"""Shared predicates and walks that rules use. Rules never walk XML themselves."""

from __future__ import annotations

from typing import Iterator

from ..model.elements import Document, Element, Event, FlowNode, Process, Scope, SubProcess


def containers(doc: Document) -> Iterator[tuple[Process | SubProcess, Scope]]:
    """Every flow-elements container with its scope: processes, then their sub-processes."""
    for process in doc.processes:
        yield process, process.scope
        yield from _sub_containers(process.scope)


def _sub_containers(scope: Scope) -> Iterator[tuple[SubProcess, Scope]]:
    for node in scope.subprocesses():
        yield node, node.scope
        yield from _sub_containers(node.scope)


def is_ad_hoc(element: Element) -> bool:
    return element.tag == "adHocSubProcess"


def container_word(element: Element) -> str:
    """bpmnlint's wording: "Process" or "Sub process"."""
    return "Sub process" if isinstance(element, SubProcess) else "Process"


def events(scope: Scope, tag: str) -> list[Event]:
    return [n for n in scope.nodes if isinstance(n, Event) and n.tag == tag]


def is_event_subprocess(node: FlowNode) -> bool:
    return isinstance(node, SubProcess) and node.triggered_by_event
