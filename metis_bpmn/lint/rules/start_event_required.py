"""start-event-required: A process or sub-process has no start event

## What it finds
A process or sub-process (event sub-processes and transactions included, ad-hoc sub-processes
excluded) with no start event among its direct children. Same rule, name and messages as
bpmnlint's `start-event-required`.

## Why it matters
Without a start event it is undefined where the process begins: engines refuse to deploy it
("No start event found"), and readers cannot tell the entry point.

## Example
```xml
<bpmn:process id="p">
  <bpmn:task id="Work" name="Work"/>
  <bpmn:endEvent id="End"/>
</bpmn:process>
```

## Fix
Add a start event and connect it to the first step.
"""

from ..predicates import containers_without
from ..rule import rule


@rule("start-event-required", "A process or sub-process has no start event",
      module_doc=__doc__, source="bpmnlint", category="reachability")
def check(ctx):
    return containers_without(ctx, "startEvent", "start event")
