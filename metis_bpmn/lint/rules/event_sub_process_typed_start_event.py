"""event-sub-process-typed-start-event: An event sub-process with a blank start event

## What it finds
A start event without event definition directly inside an event sub-process. Same rule, name and messages as bpmnlint's `event-sub-process-typed-start-event`.

## Why it matters
An event sub-process starts on its start event's trigger; without one it can never start.

## Example
`<bpmn:subProcess triggeredByEvent="true">` with a plain start event.

## Fix
Give the start event its trigger (error, message, timer, signal...).
"""

from ...finding import Severity
from ...model.elements import SubProcess
from ..predicates import events
from ..rule import rule


@rule("event-sub-process-typed-start-event", "An event sub-process with a blank start event", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="structure")
def check(ctx):
    for owner, scope in ctx.document.containers():
        if isinstance(owner, SubProcess) and owner.triggered_by_event:
            for event in events(scope, "startEvent"):
                if not event.definitions:
                    yield ctx.finding(event, "Start event is missing event definition",
                                      attribute="eventDefinitions")
