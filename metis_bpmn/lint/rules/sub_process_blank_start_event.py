"""sub-process-blank-start-event: A sub-process with a typed start event

## What it finds
A start event with an event definition directly inside an embedded sub-process that is not an event sub-process. Same rule, name and messages as bpmnlint's `sub-process-blank-start-event`.

## Why it matters
An embedded sub-process starts when its token arrives; a trigger on its start event is meaningless (and Camunda rejects a timer there).

## Example
A `<bpmn:subProcess>` whose start event has a message definition.

## Fix
Make the start event blank, or make the sub-process an event sub-process.
"""

from ...finding import Severity
from ...model.elements import SubProcess
from ..predicates import events
from ..rule import rule


@rule("sub-process-blank-start-event", "A sub-process with a typed start event", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="structure")
def check(ctx):
    for owner, scope in ctx.document.containers():
        if isinstance(owner, SubProcess) and not owner.triggered_by_event:
            for event in events(scope, "startEvent"):
                if event.definitions:
                    yield ctx.finding(event, "Start event must be blank",
                                      attribute="eventDefinitions")
