"""dangling-reference: A reference points at an id that does not exist

## What it finds
A reference attribute or element that names no element of the file: `sourceRef`/`targetRef` of sequence flows, message flows and associations, a missing `sourceRef`/`targetRef`, gateway and activity `default`, `attachedToRef`, `processRef`, lane `flowNodeRef`, `incoming`/`outgoing`, event definition `messageRef`/`signalRef`/`errorRef`/`escalationRef`, `dataObjectRef`/`dataStoreRef`, `categoryValueRef`, and diagram `bpmnElement`. QName references (`tns:Message_1`) are accepted.

## Why it matters
A dangling flow silently disappears from the flow graph, so the process behaves differently from what the diagram shows; engines reject the file, and modelers drop the orphaned diagram shapes.

## Example
```xml
<bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Reveiw"/>
```

## Fix
Point the reference at an existing id, or remove it.
"""

from ...finding import Severity
from ..rule import rule


@rule("dangling-reference", "A reference points at an id that does not exist", module_doc=__doc__,
      default=Severity.ERROR, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
