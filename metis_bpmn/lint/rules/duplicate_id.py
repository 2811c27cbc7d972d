"""duplicate-id: An id is used by more than one element

## What it finds
Two or more BPMN or diagram elements with the same `id`. Each repeated occurrence after the first is reported at its own line. Ids inside vendor extension elements are not checked.

## Why it matters
References (`sourceRef`, `default`, `bpmnElement`...) become ambiguous; engines reject the file and modelers attach shapes or flows to the wrong element.

## Example
```xml
<bpmn:task id="Review" name="Review"/>
<bpmn:task id="Review" name="Approve"/>
```

## Fix
Give every element a unique id.
"""

from ...finding import Severity
from ..rule import rule


@rule("duplicate-id", "An id is used by more than one element", module_doc=__doc__,
      default=Severity.ERROR, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
