"""label-required: A flow node, conditional flow, pool or lane without a name

## What it finds
Any flow node, conditional sequence flow, participant or lane whose name is missing, empty or blank. Exempt: parallel and event-based gateways, gateways with at most one outgoing flow (joins), sub-processes, unconditional flows. Unlike bpmnlint, a missing `name` attribute counts as missing too. Same rule, name and message as bpmnlint's `label-required`.

## Why it matters
An unnamed step or decision cannot be discussed, reviewed or found again.

## Example
`<bpmn:task id="Task_1"/>`

## Fix
Name it: a verb and an object for tasks, a question for decisions.
"""

from ...finding import Severity
from ...model.elements import SubProcess
from ..predicates import flow_nodes
from ..rule import rule


@rule("label-required", "A flow node, conditional flow, pool or lane without a name", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="labels")
def check(ctx):
    def blank(element) -> bool:
        return not (element.name or "").strip()

    for node, _, outgoing in flow_nodes(ctx):
        if isinstance(node, SubProcess) or node.tag in ("parallelGateway", "eventBasedGateway"):
            continue
        if node.family == "gateway" and len(outgoing) <= 1:
            continue
        if blank(node):
            yield ctx.finding(node, "Element is missing label/name", attribute="name")
    for _, scope in ctx.document.scopes():
        for flow in scope.flows:
            if flow.condition is not None and blank(flow):
                yield ctx.finding(flow, "Element is missing label/name", attribute="name")
        for lane_set in scope.lane_sets:
            for lane in lane_set.walk():
                if blank(lane):
                    yield ctx.finding(lane, "Element is missing label/name", attribute="name")
    for participant in ctx.document.participants():
        if blank(participant):
            yield ctx.finding(participant, "Element is missing label/name", attribute="name")
