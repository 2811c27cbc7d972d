"""no-implicit-end: A flow node without outgoing flows that is not an end

## What it finds
Any event, activity or gateway with no outgoing sequence flow, except end events, event sub-processes, link throw events, compensation boundary events, compensation handlers and children of ad-hoc sub-processes. Same rule, name and messages as bpmnlint's `no-implicit-end`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
The process silently ends there; readers cannot tell whether that was intended.

## Example
A task that is the last step but is not followed by an end event.

## Fix
Add an end event after it.
"""

from ...finding import Severity
from ..predicates import ad_hoc_children, flow_nodes, is_link
from ..rule import rule


@rule("no-implicit-end", "A flow node without outgoing flows that is not an end", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="reachability")
def check(ctx):
    exempt = ad_hoc_children(ctx)
    for node, _, outgoing in flow_nodes(ctx):
        if outgoing or node.id in exempt or node.tag == "endEvent":
            continue
        if getattr(node, "is_for_compensation", False) or getattr(node, "triggered_by_event",
                                                                  False):
            continue
        if node.tag == "intermediateThrowEvent" and is_link(node):
            continue
        if node.tag == "boundaryEvent" and getattr(node, "kinds", ()) == ("compensate",):
            continue
        yield ctx.finding(node, "Element is an implicit end")
