"""no-complex-gateway: A complex gateway

## What it finds
Every complex gateway. Same rule, name and message as bpmnlint's `no-complex-gateway`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
Its behaviour depends on an activation condition few readers and engines understand; SpiffWorkflow does not support it.

## Example
`<bpmn:complexGateway id="g"/>`

## Fix
Model the decision with exclusive, inclusive or parallel gateways.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("no-complex-gateway", "A complex gateway", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="gateways")
def check(ctx):
    for node, _incoming, _outgoing in flow_nodes(ctx):
        if node.tag == "complexGateway":
            yield ctx.finding(node, "Element type <bpmn:ComplexGateway> is discouraged")
