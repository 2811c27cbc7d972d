"""unparseable-document: The file is not well-formed XML

## What it finds
A file that is not well-formed XML: mismatched tags, bad bytes for the declared encoding, junk after the root element, an empty file. Reported once per file with the parser's line and column.

## Why it matters
Nothing else can be checked, and every BPMN tool will refuse the file. The finding says where the parser stopped.

## Example
```xml
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="p">
</bpmn:definitions>
```
(`<bpmn:process>` is never closed.)

## Fix
Repair the XML at the reported line; re-export the diagram from its modeler if the file was edited by hand.
"""

from ...finding import Severity
from ..rule import rule


@rule("unparseable-document", "The file is not well-formed XML", module_doc=__doc__,
      default=Severity.ERROR, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
