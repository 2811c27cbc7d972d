"""single-blank-start-event: A process or sub-process with several blank start events

## What it finds
A process or sub-process with more than one start event without an event definition (reported on the container). Same rule, name and messages as bpmnlint's `single-blank-start-event`.

## Why it matters
Blank start events are all triggered the same way; with several it is undefined which one starts the process.

## Example
A process with two plain start events.

## Fix
Keep one blank start event; give the others their trigger (message, timer...).
"""

from ...finding import Severity
from ..predicates import container_word, events
from ..rule import rule


@rule("single-blank-start-event", "A process or sub-process with several blank start events", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="structure")
def check(ctx):
    for owner, scope in ctx.document.containers():
        if len([e for e in events(scope, "startEvent") if not e.definitions]) > 1:
            yield ctx.finding(owner, f"{container_word(owner)} has multiple blank start events")
