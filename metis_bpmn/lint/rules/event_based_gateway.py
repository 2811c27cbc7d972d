"""event-based-gateway: An event-based gateway with too few or conditional branches

## What it finds
An event-based gateway with fewer than two outgoing flows (reported on the gateway), and each of its outgoing flows that has a condition (on the flow). Same rule, name and messages as bpmnlint's `event-based-gateway`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
An event-based gateway waits for the first of several events; with one branch it waits for nothing to choose, and conditions on its branches are not allowed.

## Example
An event-based gateway followed by one timer event.

## Fix
Give it at least two event branches without conditions.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("event-based-gateway", "An event-based gateway with too few or conditional branches", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="gateways")
def check(ctx):
    for node, _, outgoing in flow_nodes(ctx):
        if node.tag != "eventBasedGateway":
            continue
        if len(outgoing) < 2:
            yield ctx.finding(node, "An <Event-based Gateway> must have at least 2 outgoing "
                                    "<Sequence Flows>")
        for flow in outgoing:
            if flow.condition is not None:
                yield ctx.finding(flow, "A <Sequence Flow> outgoing from an <Event-based "
                                        "Gateway> must not be conditional")
