"""unknown-element: An element in the BPMN namespace that BPMN 2.0 does not define

## What it finds
A child element in the BPMN 2.0 MODEL namespace whose name BPMN 2.0 does not define where it appears (`<bpmn:Task>`, `<bpmn:messsage>`, `<bpmn:unrecognized>`). Vendor elements in their own namespaces are tolerated.

## Why it matters
The element is ignored by metis-bpmn and by most tools; a misspelt task type means the task is not part of the process at all.

## Example
```xml
<bpmn:Task id="t1"/>   <!-- BPMN spells it bpmn:task -->
```

## Fix
Correct the element name, or move vendor content into `<bpmn:extensionElements>` under its own namespace.
"""

from ...finding import Severity
from ..rule import rule


@rule("unknown-element", "An element in the BPMN namespace that BPMN 2.0 does not define", module_doc=__doc__,
      default=Severity.WARNING, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
