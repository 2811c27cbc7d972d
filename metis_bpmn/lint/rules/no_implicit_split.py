"""no-implicit-split: An activity or event with several unconditional outgoing flows

## What it finds
Any activity or event with more than one outgoing sequence flow that is neither conditional nor its default flow. Same rule, name and message as bpmnlint's `no-implicit-split`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
Several plain flows out of a task start parallel branches without a parallel gateway: readers take it for a choice. SpiffWorkflow refuses it ("Multiple outgoing flows are not supported for tasks").

## Example
A task with two plain outgoing flows.

## Fix
Use a parallel gateway (all branches) or an exclusive gateway with conditions (one branch).
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("no-implicit-split", "An activity or event with several unconditional outgoing flows", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="gateways")
def check(ctx):
    for node, _incoming, outgoing in flow_nodes(ctx):
        plain = [f for f in outgoing
                 if f.condition is None and getattr(node, "default", None) != f.id]
        if node.family in ("activity", "event") and len(plain) > 1:
            yield ctx.finding(node, "Flow splits implicitly")
