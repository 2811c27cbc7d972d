"""no-gateway-join-fork: A gateway that both merges and splits

## What it finds
Any gateway with more than one incoming and more than one outgoing sequence flow. Same rule, name and message as bpmnlint's `no-gateway-join-fork`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
A gateway that joins and forks at once hides two decisions in one symbol; its semantics are easy to misread.

## Example
An exclusive gateway with two flows in and two flows out.

## Fix
Split it into a joining gateway followed by a forking gateway.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("no-gateway-join-fork", "A gateway that both merges and splits", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="gateways")
def check(ctx):
    for node, incoming, outgoing in flow_nodes(ctx):
        if node.family == "gateway" and len(incoming) > 1 and len(outgoing) > 1:
            yield ctx.finding(node, "Gateway forks and joins")
