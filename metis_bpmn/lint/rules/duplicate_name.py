"""duplicate-name: Two flow nodes in one scope have the same name

## What it finds
Two or more flow nodes (tasks, sub-processes, gateways, events) directly in the same process
or sub-process whose names are equal after collapsing whitespace and ignoring case. Link
events are exempt, since a link throw and its catch share a name on purpose. Each node after
the first is reported, naming the first. Unnamed nodes are ignored.

## Why it matters
Names are how people, logs and reports refer to steps: "Review" twice makes a task list, an
audit trail or a conversation about the process ambiguous, and it often means a step was
copied and never renamed.

## Example
```xml
<bpmn:userTask id="Review_1" name="Review"/>
<bpmn:userTask id="Review_2" name="review "/>
```

## Fix
Rename one of them so that each says what is different about it ("Review draft",
"Review final").
"""

from ...finding import Severity
from ..rule import rule


@rule("duplicate-name", "Two flow nodes in one scope have the same name",
      module_doc=__doc__, default=Severity.WARNING, category="style")
def check(ctx):
    for _, scope in ctx.document.scopes():
        first: dict[str, object] = {}
        for node in scope.nodes:
            if not node.name or "link" in getattr(node, "kinds", ()):
                continue
            key = " ".join(node.name.split()).casefold()
            if not key:
                continue
            earlier = first.setdefault(key, node)
            if earlier is not node:
                yield ctx.finding(
                    node, f"Name '{' '.join(node.name.split())}' is also used by "
                          f"{earlier.id or 'another node'} in the same scope",
                    hint="Give each step a name that says what is different about it")
