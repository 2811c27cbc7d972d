"""no-bpmndi: An element that should be drawn has no diagram shape or edge

## What it finds
Every element a diagram draws (flow nodes and sequence flows, also inside sub-processes;
participants, message flows, lanes and child lanes of the first lane set, artifacts,
data object and data store references) whose id no `BPMNShape` or `BPMNEdge` of any diagram
refers to. Data objects are not drawn (their references are), so they are not asked for. Same
rule, name and message as bpmnlint's `no-bpmndi`; a diagram entry that refers to nothing is
ignored here (and reported by `dangling-reference`), not a crash. A `bpmnElement` written as a
QName (`bpmn2:Task_1`, as GenMyModel writes it; the schema types it as a QName) counts as a
reference; bpmnlint does not resolve the prefix and reports every such element.

## Why it matters
Modelers silently drop elements without a diagram entry: the element is in the file and
executes, but nobody sees it in Camunda Modeler or bpmn.io, and the next save may lose it.
Files written by code often have no layout at all.

## Example
A `<bpmn:task id="Review">` with no `<bpmndi:BPMNShape bpmnElement="Review">`.

## Fix
Open the file in a modeler and place the element. For a review picture of a file without a
layout, `metis-bpmn render --layout auto` lays it out.
"""

from ...model.elements import Collaboration, Scope
from ...finding import Severity
from ..predicates import di_objects
from ..rule import rule


def _scope_elements(scope: Scope):
    yield from scope.nodes
    yield from scope.flows
    yield from (d for d in scope.data if d.tag != "dataObject")
    yield from scope.artifacts
    if scope.lane_sets:  # bpmnlint looks at the first lane set only
        yield from scope.lane_sets[0].walk()
    for sub in scope.subprocesses():
        if sub.scope.nodes or sub.scope.flows or sub.scope.data:
            yield from _scope_elements(sub.scope)


def _collaboration_elements(collaboration: Collaboration):
    yield from collaboration.participants
    yield from collaboration.artifacts
    yield from collaboration.message_flows


@rule("no-bpmndi", "An element that should be drawn has no diagram shape or edge",
      module_doc=__doc__, default=Severity.ERROR, source="bpmnlint", category="diagram")
def check(ctx):
    drawn = di_objects(ctx)
    for process in ctx.document.processes:
        for element in _scope_elements(process.scope):
            if element.id and element.id not in drawn:
                yield ctx.finding(element, "Element is missing bpmndi")
    for collaboration in ctx.document.collaborations:
        for element in _collaboration_elements(collaboration):
            if element.id and element.id not in drawn:
                yield ctx.finding(element, "Element is missing bpmndi")
