"""lack-of-synchronization: Two tokens can arrive on one flow at the same time

## What it finds
A reachable state where an element puts a token on a sequence flow that already holds one:
parallel branches merged by an exclusive gateway or by a task (implicit merge), so the
steps after the merge run twice. The path is the shortest firing sequence to it.

## Why it matters
Everything after the merge runs once per branch: duplicate notes, duplicate releases,
double-counted work. SpiffWorkflow runs a task after an implicit merge once per token.

## Example
A parallel gateway starting "Write notes" and "Update README", both flowing into an
exclusive gateway before "Write the handoff note" (which then runs twice).

## Fix
Merge parallel branches with a parallel gateway.
"""

from ..behaviour import results
from ...finding import Severity
from ..predicates import label
from ..rule import rule


@rule("lack-of-synchronization", "Two tokens can arrive on one flow at the same time",
      module_doc=__doc__, default=Severity.ERROR, category="soundness")
def check(ctx):
    for item in results(ctx):
        for defect in item.result.defects:
            if defect.kind == "lack-of-synchronization":
                node = ctx.document.get(defect.node)
                yield ctx.finding(defect.node, f"Lack of synchronization: {label(node, defect.node)} "
                                               "can fire while the flow after it still holds a token",
                                  evidence=defect.path,
                                  hint="merge parallel branches with a parallel gateway")
