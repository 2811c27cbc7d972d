"""unguarded-split: An exclusive or inclusive gateway splits with no condition and no default

## What it finds
An exclusive or inclusive gateway with two or more outgoing sequence flows of which none has a
(non-empty) condition, and no `default` flow. bpmnlint's `conditional-flows` only looks at
gateways that already have a condition or a default, so it lets this case pass.

Processes marked `isExecutable="false"` are skipped: a descriptive model (BPMN's Descriptive
conformance class has no conditions) decides by the names of its flows. Set the option
`non-executable = true` to check them too.

## Why it matters
Nothing decides which branch a token takes. Camunda refuses to deploy the process ("Must have
a condition or be default flow"), SpiffWorkflow rejects every outgoing flow without a
condition, and a reader cannot tell what the decision depends on.

## Example
```xml
<bpmn:exclusiveGateway id="Approved" name="Approved?"/>
<bpmn:sequenceFlow id="yes" name="yes" sourceRef="Approved" targetRef="Ship"/>
<bpmn:sequenceFlow id="no" name="no" sourceRef="Approved" targetRef="Reject"/>
```

## Fix
Give each outgoing flow a `conditionExpression`, and mark the fallback branch as the
gateway's `default` flow. Use a parallel gateway if every branch should run.
"""

from ...finding import Severity
from ..rule import rule

_SPLITTING = {"exclusiveGateway": "Exclusive", "inclusiveGateway": "Inclusive"}


@rule("unguarded-split",
      "An exclusive or inclusive gateway splits with no condition and no default",
      module_doc=__doc__, default=Severity.ERROR, category="gateways",
      options={"non-executable": False})
def check(ctx):
    everywhere = bool(ctx.options.get("non-executable"))
    for process, scope in ctx.document.scopes():
        if process.is_executable is False and not everywhere:
            continue
        outgoing: dict[str, list] = {}
        for flow in scope.flows:
            if flow.source:
                outgoing.setdefault(flow.source, []).append(flow)
        for node in scope.nodes:
            flows = outgoing.get(node.id or "", [])
            if node.tag not in _SPLITTING or len(flows) < 2 or node.default:
                continue
            if any(f.condition is not None and f.condition.body.strip() for f in flows):
                continue
            names = ", ".join(f.id or "?" for f in flows[:4]) + (", ..." if len(flows) > 4 else "")
            yield ctx.finding(
                node, f"{_SPLITTING[node.tag]} gateway splits into {len(flows)} flows ({names}) "
                      "but none has a condition and there is no default flow",
                hint="Add a condition to each outgoing flow and mark one as the default flow")
