"""conditions-can-all-fail: A decision whose conditions can all be false, with no default

## What it finds
An exclusive or inclusive gateway that splits, has no default flow, and whose outgoing
conditions can all be false at once. Decided for simple conditions (a variable compared
with constants, membership in constant lists, booleans, not/and/or) on gateways with at
most 32 branches; the finding gives values that make every condition false.

## Why it matters
When no condition holds and there is no default, the engine stops with an error
(SpiffWorkflow: "No conditions satisfied"): the process is stuck at the decision.

## Example
```xml
<bpmn:exclusiveGateway id="Route" name="Route"/>
<bpmn:sequenceFlow id="a" sourceRef="Route" targetRef="A"><bpmn:conditionExpression>status == "ready"</bpmn:conditionExpression></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="b" sourceRef="Route" targetRef="B"><bpmn:conditionExpression>status == "blocked"</bpmn:conditionExpression></bpmn:sequenceFlow>
```
(`status = "draft"` matches neither.)

## Fix
Add a default flow, or conditions that cover every case.
"""

from ...gates.conditions import MAX_BRANCHES, assignments, describe, truth
from ...model.elements import Gateway
from ...finding import Severity
from ..predicates import flow_counts, label
from ..rule import rule


@rule("conditions-can-all-fail", "A decision whose conditions can all be false, with no default",
      module_doc=__doc__, default=Severity.ERROR, category="gates")
def check(ctx):
    for _, scope in ctx.document.scopes():
        for node in scope.nodes:
            if not isinstance(node, Gateway) or node.tag not in ("exclusiveGateway",
                                                                   "inclusiveGateway"):
                continue
            outgoing = flow_counts(ctx, scope).get(node.id, ((), ()))[1]
            if not 2 <= len(outgoing) <= MAX_BRANCHES or node.default \
                    or any(f.condition is None for f in outgoing):
                continue
            sources = [f.condition.body for f in outgoing]
            for assignment in assignments(sources) or ():
                values = [truth(s, assignment) for s in sources]
                if all(v is False for v in values):
                    yield ctx.finding(node, f"Conditions of {label(node)} are all false when "
                                            f"{describe(assignment)}, and there is no default "
                                            "flow", hint="add a default flow")
                    break
