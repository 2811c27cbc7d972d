"""superfluous-gateway: A gateway with one incoming and one outgoing flow

## What it finds
Any gateway with exactly one incoming and one outgoing sequence flow. Same rule, name and message as bpmnlint's `superfluous-gateway`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
It decides nothing and joins nothing; it only adds a symbol to read.

## Example
start -> exclusive gateway -> task, with no other flows at the gateway.

## Fix
Remove the gateway and connect its neighbours directly.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("superfluous-gateway", "A gateway with one incoming and one outgoing flow", module_doc=__doc__,
      default=Severity.WARNING, source="bpmnlint", category="gateways")
def check(ctx):
    for node, incoming, outgoing in flow_nodes(ctx):
        if node.family == "gateway" and len(incoming) == 1 and len(outgoing) == 1:
            yield ctx.finding(node, "Gateway is superfluous. It only has one source and target.")
