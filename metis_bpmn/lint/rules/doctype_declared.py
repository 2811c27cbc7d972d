"""doctype-declared: The file declares a DOCTYPE

## What it finds
A `<!DOCTYPE ...>` declaration, with or without entity declarations. metis-bpmn never resolves entities, never loads a DTD and never touches the network; the declaration itself is reported.

## Why it matters
BPMN files never need a DOCTYPE. Entity declarations in untrusted files are the vehicle of XML external entity (XXE) attacks and entity-expansion bombs: a tool that resolves them can leak local files or exhaust memory.

## Example
```xml
<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bpmn:definitions ...>
```

## Fix
Delete the DOCTYPE declaration and any entity references (`&name;`).
"""

from ...finding import Severity
from ..rule import rule


@rule("doctype-declared", "The file declares a DOCTYPE", module_doc=__doc__,
      default=Severity.ERROR, needs_document=False,
      category="input")
def check(ctx):
    return ctx.problems()
