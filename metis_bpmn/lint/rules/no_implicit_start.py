"""no-implicit-start: A flow node without incoming flows that is not a start

## What it finds
Any event, activity or gateway with no incoming sequence flow, except start and boundary events, event sub-processes, link catch events, compensation handlers and children of ad-hoc sub-processes. Same rule, name and messages as bpmnlint's `no-implicit-start`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
Nothing leads to it, so it never runs (or is meant to start something, which only start events do).

## Example
A task with no incoming flow beside the main path.

## Fix
Connect it, or make it a start event.
"""

from ...finding import Severity
from ..predicates import ad_hoc_children, flow_nodes, is_link
from ..rule import rule


@rule("no-implicit-start", "A flow node without incoming flows that is not a start", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="reachability")
def check(ctx):
    exempt = ad_hoc_children(ctx)
    for node, incoming, _ in flow_nodes(ctx):
        if incoming or node.id in exempt or node.tag in ("startEvent", "boundaryEvent"):
            continue
        if getattr(node, "is_for_compensation", False) or getattr(node, "triggered_by_event",
                                                                  False):
            continue
        if node.tag == "intermediateCatchEvent" and is_link(node):
            continue
        yield ctx.finding(node, "Element is an implicit start")
