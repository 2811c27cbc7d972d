"""non-bpmn-document: The file is not a BPMN 2.0 document

## What it finds
XML whose root element is not `<definitions>` in the BPMN 2.0 MODEL namespace `http://www.omg.org/spec/BPMN/20100524/MODEL`: another vocabulary, a bare `<process>` fragment, no namespace, or the pre-release BPMN 2.0 beta namespace `http://schema.omg.org/spec/BPMN/2.0`.

## Why it matters
BPMN tools only read BPMN 2.0 `definitions`; a fragment or a beta-namespace file is silently ignored or rejected by engines and modelers.

## Example
```xml
<process xmlns="http://schema.omg.org/spec/BPMN/2.0" id="p"/>
```

## Fix
Wrap the content in `<bpmn:definitions>` with the BPMN 2.0 MODEL namespace, or exclude the file from validation.
"""

from ...finding import Severity
from ..rule import rule


@rule("non-bpmn-document", "The file is not a BPMN 2.0 document", module_doc=__doc__,
      default=Severity.ERROR, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
