"""constant-condition: A condition is constant, so its branch is always or never taken

## What it finds
A sequence-flow condition or conditional event condition that does not depend on any
variable: `true`, `false`, `1 == 1`, `"yes"`, `${true}`, `${1 > 2}`. Python conditions
(SpiffWorkflow) are parsed, never run: one that names no variable is constant, and its truth
value is computed by folding literals only. JUEL (`${...}`) counts as constant when its parts
use only literals and operators; other languages only when the body is literally `true` or
`false`.

## Why it matters
A constant condition is a placeholder left in the model or a debugging shortcut: its branch is
always taken (making the other branches of an exclusive gateway dead) or never taken, and a
conditional event with a constant condition fires at once or never.

## Example
```xml
<bpmn:sequenceFlow id="toShip" sourceRef="Approved" targetRef="Ship">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${true}</bpmn:conditionExpression>
</bpmn:sequenceFlow>
```

## Fix
Write the real decision (`${approved}`, `amount > 100`), or make the branch the gateway's
default flow if it is the fallback.
"""

from ..expressions import constant, language_of
from ...finding import Severity
from ..predicates import conditions
from ..rule import rule


@rule("constant-condition", "A condition is constant, so its branch is always or never taken",
      module_doc=__doc__, default=Severity.WARNING, category="gateways")
def check(ctx):
    doc = ctx.document
    for _, owner, what, expr in conditions(doc):
        if what not in ("Condition", "Event condition"):
            continue
        found = constant(expr.body, language_of(expr, doc.expression_language))
        if found is None:
            continue
        outcome = {True: "always true", False: "always false", None: "depends on no variable"}
        yield ctx.finding(owner, f"{what} {_quote(expr.body)} is constant "
                                 f"({outcome[found.value]})",
                          hint="Test a process variable, or use a default flow for the fallback")


def _quote(body: str) -> str:
    text = " ".join(body.split())
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"
