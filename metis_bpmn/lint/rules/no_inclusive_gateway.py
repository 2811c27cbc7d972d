"""no-inclusive-gateway: An inclusive gateway

## What it finds
Every inclusive gateway. Same rule, name and message as bpmnlint's `no-inclusive-gateway`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
An inclusive join waits for every branch that can still arrive (a non-local rule): hard to read and to implement.

## Example
`<bpmn:inclusiveGateway id="g"/>`

## Fix
Use exclusive or parallel gateways where they say the same.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("no-inclusive-gateway", "An inclusive gateway", module_doc=__doc__,
      default=Severity.WARNING, source="bpmnlint", category="gateways")
def check(ctx):
    for node, _incoming, _outgoing in flow_nodes(ctx):
        if node.tag == "inclusiveGateway":
            yield ctx.finding(node, "Element type <bpmn:InclusiveGateway> is discouraged")
