"""no-duplicate-sequence-flows: Two sequence flows with the same source, target and condition

## What it finds
Each sequence flow that repeats an earlier one (same source, target and condition body), and, once each, the source and target that carry the duplicates. Checked per file with no state kept between files (bpmnlint's rule leaks between runs). Same rule, name and messages as bpmnlint's `no-duplicate-sequence-flows`.

## Why it matters
A duplicate flow is usually a copy-paste slip; at a task it makes an implicit parallel split, so the next step runs twice.

## Example
Two `sequenceFlow`s from Review to Approve.

## Fix
Delete the duplicate.
"""

from ...finding import Severity
from ..rule import rule


@rule("no-duplicate-sequence-flows", "Two sequence flows with the same source, target and condition", module_doc=__doc__,
      default=Severity.ERROR, source="bpmnlint", category="structure")
def check(ctx):
    for _, scope in ctx.document.containers():
        seen, sources, targets = set(), [], []
        for flow in scope.flows:
            key = (flow.source, flow.target, flow.condition.body if flow.condition else None)
            if key in seen:
                yield ctx.finding(flow, "SequenceFlow is a duplicate")
                sources.append(flow.source)
                targets.append(flow.target)
            seen.add(key)
        for source in dict.fromkeys(sources):
            yield ctx.finding(source, "Duplicate outgoing sequence flows")
        for target in dict.fromkeys(targets):
            yield ctx.finding(target, "Duplicate incoming sequence flows")
