"""undeclared-enum-value: A condition compares an enum field with a value it cannot have

## What it finds
A condition that compares a declared `enum` field (`<metis:field type="enum" values="...">`)
with a text that is not among its values, e.g. `work_type == "Feature"` where the values are
`feature, bug, chore`. The message names the closest declared value.

## Why it matters
Sessions accept only the declared values, so the condition can never be true: its branch is
dead, and the work it guards silently takes another path.

## Example
```xml
<metis:field name="work_type" type="enum" values="feature, bug, chore"/>
...
<bpmn:conditionExpression>work_type == "Feature"</bpmn:conditionExpression>
```

## Fix
Compare with a declared value (`"feature"`), or add the value to the declaration.
"""

from ...finding import Severity
from ...model.fields import near
from ..declared import field_comparisons
from ..rule import rule


@rule("undeclared-enum-value", "A condition compares an enum field with a value it cannot have",
      module_doc=__doc__, default=Severity.ERROR, category="vault")
def check(ctx):
    for condition, name, spec, values in field_comparisons(ctx):
        if spec.type != "enum":
            continue
        for value in dict.fromkeys(v for v in values if isinstance(v, str)):
            if value not in spec.values:
                yield ctx.finding(
                    condition.element_id, f"{name} is an enum of {', '.join(spec.values)}; "
                    f"{value!r} is not one of them{near(value, spec.values)}",
                    line=condition.expression.line or None,
                    hint="compare with a declared value, or declare this one")
