"""no-disconnected: A flow node with no flows at all

## What it finds
Any task, call activity, gateway, sub-process or event with neither incoming nor outgoing sequence flows, except event sub-processes, compensation boundary events and handlers, and children of ad-hoc sub-processes. Unlike bpmnlint, call activities are covered too. Same rule, name and messages as bpmnlint's `no-disconnected`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
It is not part of the process at all; usually a leftover or a forgotten connection.

## Example
A task floating beside the main path.

## Fix
Connect it or delete it.
"""

from ...finding import Severity
from ..predicates import ad_hoc_children, flow_nodes
from ..rule import rule


@rule("no-disconnected", "A flow node with no flows at all", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="reachability")
def check(ctx):
    exempt = ad_hoc_children(ctx)
    for node, incoming, outgoing in flow_nodes(ctx):
        if incoming or outgoing or node.id in exempt:
            continue
        if getattr(node, "is_for_compensation", False) or getattr(node, "triggered_by_event",
                                                                  False):
            continue
        if node.tag == "boundaryEvent" and getattr(node, "kinds", ()) == ("compensate",):
            continue
        yield ctx.finding(node, "Element is not connected")
