"""single-event-definition: An event with more than one event definition

## What it finds
Any event with more than one event definition. Same rule, name and message as bpmnlint's `single-event-definition`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
BPMN reads several definitions as "multiple" (any one of them triggers it); most tools and engines do not support it, and readers rarely expect it.

## Example
A boundary event with both a message and a timer definition.

## Fix
Use one event per trigger, or an event-based gateway.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("single-event-definition", "An event with more than one event definition", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="gateways")
def check(ctx):
    for node, _incoming, _outgoing in flow_nodes(ctx):
        if node.family == "event" and len(getattr(node, "definitions", ())) > 1:
            yield ctx.finding(node, "Event has multiple event definitions",
                              attribute="eventDefinitions")
