"""engine-reserved-id: An element id that SpiffWorkflow uses for its own internal steps

## What it finds
In an executable process, a flow element whose id is `Start`, `End` or `<process id>.EndJoin`:
the ids SpiffWorkflow 3.2 gives its internal start, end and end-join steps.

## Why it matters
SpiffWorkflow looks elements up by id while it builds the workflow. An element called
`Start` is taken for the internal start step, so the real start event is never connected and
the process fails with "No output task connected". An end event called `End` is taken for
the internal end, skipping the end-join that waits for parallel branches: the process
reports completion while a branch still has a ready task (both observed with 3.2.0).
Nothing in the BPMN standard forbids these ids, so modelers accept them.

## Example
```xml
<bpmn:process id="handoff" isExecutable="true">
  <bpmn:startEvent id="Start"/>
  <bpmn:userTask id="Write" name="Write handoff note"/>
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Write"/>
</bpmn:process>
```

## Fix
Rename the element (for example `StartEvent_session`), and update the flows that refer to it.
"""

from ...finding import Severity
from ..rule import rule


@rule("engine-reserved-id", "An element id that SpiffWorkflow uses for its own internal steps",
      module_doc=__doc__, default=Severity.ERROR, category="engine")
def check(ctx):
    for process in ctx.document.processes:
        if not process.is_executable:
            continue
        reserved = {"Start", "End", f"{process.id}.EndJoin"}
        for scope in process.scope.walk():
            for element in (*scope.nodes, *scope.flows):
                if element.id in reserved:
                    yield ctx.finding(element, f"Id '{element.id}' collides with SpiffWorkflow's "
                                               f"internal step of the same name")
