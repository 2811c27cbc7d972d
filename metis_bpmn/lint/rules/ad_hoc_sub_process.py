"""ad-hoc-sub-process: A start or end event inside an ad-hoc sub-process

## What it finds
Every start event and end event that is a direct child of an ad-hoc sub-process. Same rule, name and messages as bpmnlint's `ad-hoc-sub-process`.

## Why it matters
An ad-hoc sub-process has no start or end: its activities run in any order, as needed. The events make the model invalid BPMN.

## Example
`<bpmn:adHocSubProcess>` containing a `<bpmn:startEvent>`.

## Fix
Remove the events; leave the activities unconnected.
"""

from ...finding import Severity
from ..predicates import events, is_ad_hoc
from ..rule import rule


@rule("ad-hoc-sub-process", "A start or end event inside an ad-hoc sub-process", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="structure")
def check(ctx):
    for owner, scope in ctx.document.containers():
        if not is_ad_hoc(owner):
            continue
        for event in events(scope, "startEvent"):
            yield ctx.finding(event, "A <Start Event> is not allowed in <Ad Hoc Sub Process>")
        for event in events(scope, "endEvent"):
            yield ctx.finding(event, "An <End Event> is not allowed in <Ad Hoc Sub Process>")
