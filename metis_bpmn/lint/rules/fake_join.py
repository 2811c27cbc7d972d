"""fake-join: An activity or event with more than one incoming sequence flow

## What it finds
Any activity or event with more than one incoming sequence flow. Same rule, name and message as bpmnlint's `fake-join`; flows are counted from
`sourceRef`/`targetRef`, not from `<incoming>`/`<outgoing>` children.

## Why it matters
Flows that meet at a task do not join: the task runs once per arriving token (SpiffWorkflow runs it once per token after a parallel split), which is rarely meant.

## Example
Two flows from a parallel split both enter "Write the handoff note".

## Fix
Merge the flows with a gateway of the right kind before the task.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("fake-join", "An activity or event with more than one incoming sequence flow", module_doc=__doc__,
      default=Severity.WARNING, source="bpmnlint", category="gateways")
def check(ctx):
    for node, incoming, _outgoing in flow_nodes(ctx):
        if node.family in ("activity", "event") and len(incoming) > 1:
            yield ctx.finding(node, "Incoming flows do not join")
