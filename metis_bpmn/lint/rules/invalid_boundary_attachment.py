"""invalid-boundary-attachment: A boundary event is attached to nothing valid

## What it finds
A boundary event whose `attachedToRef` is missing, names no element, names something that is
not an activity (a gateway, an event, a sequence flow...), or names an activity in a different
process or sub-process than the boundary event itself.

## Why it matters
A boundary event only means something on the border of the activity it interrupts or
accompanies; without a valid host it can never be triggered. Engines refuse such a process
(SpiffWorkflow and Camunda both fail while parsing it), and a modeler cannot place the event.

## Example
```xml
<bpmn:exclusiveGateway id="Decide"/>
<bpmn:boundaryEvent id="Timeout" attachedToRef="Decide">
  <bpmn:timerEventDefinition/>
</bpmn:boundaryEvent>
```

## Fix
Set `attachedToRef` to the id of a task, sub-process or call activity in the same scope, or
turn the event into an intermediate event on the flow.
"""

from ...finding import Severity
from ..predicates import referenced
from ..rule import rule
from ...model.elements import Activity


@rule("invalid-boundary-attachment", "A boundary event is attached to nothing valid",
      module_doc=__doc__, default=Severity.ERROR, category="structure")
def check(ctx):
    doc = ctx.document
    for _, scope in doc.scopes():
        here = {n.id for n in scope.nodes}
        for node in scope.nodes:
            if node.tag != "boundaryEvent":
                continue
            ref = (node.attached_to or "").strip()
            host = referenced(doc, ref)
            if not ref:
                message = "Boundary event has no attachedToRef"
            elif host is None:
                message = f"Boundary event is attached to '{ref}', which does not exist"
            elif not isinstance(host, Activity):
                message = (f"Boundary event is attached to {ref} (<{host.tag}>), which is not "
                           "an activity")
            elif host.id not in here:
                where = doc.scope_of.get(host.id or "", "another scope")
                message = (f"Boundary event is attached to {ref}, which is in {where}, not in "
                           f"{scope.owner} like the boundary event")
            else:
                continue
            yield ctx.finding(node, message, attribute="attachedToRef",
                              hint="Attach it to a task, sub-process or call activity in the "
                                   "same scope")
