"""boolean-compared-with-text: A condition compares a yes/no field with text

## What it finds
A condition that compares a declared `boolean` field with text or a number, such as
`level_ok == "yes"` or `approved == 1`.

## Why it matters
Sessions store a boolean field as true or false, never as the text "yes": the comparison is
always false and its branch is never taken (or always taken, with `!=`).

## Example
```xml
<metis:field name="level_ok" type="boolean"/>
...
<bpmn:conditionExpression>level_ok == "yes"</bpmn:conditionExpression>
```

## Fix
Test the field itself: `level_ok` (or `not level_ok`).
"""

from ...finding import Severity
from ..declared import field_comparisons
from ..rule import rule


@rule("boolean-compared-with-text", "A condition compares a yes/no field with text",
      module_doc=__doc__, default=Severity.ERROR, category="vault")
def check(ctx):
    for condition, name, spec, values in field_comparisons(ctx):
        odd = [v for v in values if spec.type == "boolean" and not isinstance(v, bool)]
        if odd:
            yield ctx.finding(condition.element_id,
                              f"{name} is a yes/no field, compared here with {odd[0]!r}",
                              line=condition.expression.line or None,
                              hint=f"test the field itself: {name} (or not {name})")
