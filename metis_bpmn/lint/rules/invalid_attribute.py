"""invalid-attribute: An attribute value has the wrong type

## What it finds
Diagram coordinates and sizes (`x`, `y`, `width`, `height`) that are not numbers.

## Why it matters
The element cannot be drawn; modelers fail to open the diagram or place the element at the origin.

## Example
```xml
<dc:Bounds x="10" y="abc" width="100" height="80"/>
```

## Fix
Write numeric values.
"""

from ...finding import Severity
from ..rule import rule


@rule("invalid-attribute", "An attribute value has the wrong type", module_doc=__doc__,
      default=Severity.ERROR, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
