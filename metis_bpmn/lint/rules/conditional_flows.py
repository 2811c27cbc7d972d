"""conditional-flows: A flow out of a conditional split with neither condition nor default

## What it finds
On a node that forks conditionally (it has a default flow, or an outgoing flow with a condition), each outgoing flow that is neither conditional nor the default. (A split with no conditions and no default at all is `unguarded-split`.) Same rule, name and messages as bpmnlint's `conditional-flows`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
The flow is taken or not by accident of the engine; Camunda and SpiffWorkflow reject it.

## Example
An exclusive gateway with one conditional flow and one plain flow.

## Fix
Give the flow a condition, or make it the default flow.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("conditional-flows", "A flow out of a conditional split with neither condition nor default", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="gateways")
def check(ctx):
    for node, _, outgoing in flow_nodes(ctx):
        default = getattr(node, "default", None)
        if not default and not any(f.condition is not None for f in outgoing):
            continue
        for flow in outgoing:
            if flow.condition is None and flow.id != default:
                yield ctx.finding(flow, "Sequence flow is missing condition",
                                  attribute="conditionExpression")
