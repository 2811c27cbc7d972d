"""superfluous-label: A name on a sequence flow that decides nothing

## What it finds
A named sequence flow that is not conditional, not a default flow, and does not leave an exclusive or inclusive gateway with several outgoing flows. Same rule, name and message as bpmnlint's `superfluous-label`.

## Why it matters
Labels on plain flows read like conditions that do not exist.

## Example
A flow named "then" from a task to the next task.

## Fix
Remove the name, or make the flow a real decision branch.
"""

from ...finding import Severity
from ..predicates import flow_nodes
from ..rule import rule


@rule("superfluous-label", "A name on a sequence flow that decides nothing", module_doc=__doc__,
      default=Severity.WARNING, source="bpmnlint", category="labels")
def check(ctx):
    for node, _, outgoing in flow_nodes(ctx):
        deciding = node.tag in ("exclusiveGateway", "inclusiveGateway") and len(outgoing) > 1
        for flow in outgoing:
            if (flow.name or "").strip() and flow.condition is None and not deciding \
                    and getattr(node, "default", None) != flow.id:
                yield ctx.finding(flow, "Sequence flow has superfluous label", attribute="name")
