"""conditional-event: A conditional event without a condition in an executable process

## What it finds
An event of an executable process whose conditional event definition has no condition (or an empty one). Same rule, name and message as bpmnlint's `conditional-event`.

## Why it matters
The event can never fire: the engine has nothing to evaluate.

## Example
`<bpmn:conditionalEventDefinition/>` with no `<bpmn:condition>`.

## Fix
Write the condition.
"""

from ..predicates import flow_nodes
from ..rule import rule


@rule("conditional-event", "A conditional event without a condition in an executable process", module_doc=__doc__,
      default=None, source="bpmnlint", category="structure")
def check(ctx):
    executable = {p.id for p in ctx.document.processes if p.is_executable}
    for node, _, _ in flow_nodes(ctx):
        if ctx.document.process_of.get(node.id) not in executable:
            continue
        for definition in getattr(node, "definitions", ()):
            if definition.kind == "conditional" and not (
                    definition.condition and definition.condition.body.strip()):
                yield ctx.finding(node, "Conditional event is missing a condition",
                                  attribute="condition")
