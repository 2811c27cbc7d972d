"""end-event-required: A process or sub-process has no end event

## What it finds
A process or sub-process (event sub-processes and transactions included, ad-hoc sub-processes
excluded) with no end event among its direct children. Same rule, name and messages as
bpmnlint's `end-event-required`.

## Why it matters
Without an end event it is unclear where and whether the process finishes; every path ends in
an implicit end, which hides unfinished work.

## Example
```xml
<bpmn:process id="p">
  <bpmn:startEvent id="Start"/>
  <bpmn:task id="Work" name="Work"/>
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work"/>
</bpmn:process>
```

## Fix
Add an end event after the last step of every path.
"""

from ..predicates import containers_without
from ..rule import rule


@rule("end-event-required", "A process or sub-process has no end event",
      module_doc=__doc__, source="bpmnlint", category="reachability")
def check(ctx):
    return containers_without(ctx, "endEvent", "end event")
