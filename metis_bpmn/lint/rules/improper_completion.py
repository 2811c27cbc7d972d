"""improper-completion: Two tokens of one run end at the same end event

## What it finds
A run that terminates (no token left on a sequence flow) after executing one end event
twice: parallel branches that were never joined both finish at the same end. This is the
published definition of proper completion: it is judged on terminated runs only, so a run
that never terminates is not reported here (that is `livelock` or `deadlock`). Branches that
end at different end events are fine (BPMN ends a process when its last token is
consumed); terminate end events end the whole scope and are respected. A non-interrupting
boundary branch that ends at the main path's end event is reported by the quieter
`boundary-branch-shares-end` instead. The path is the shortest such run.

## Why it matters
The process reports its outcome twice; work after the first "end" is not synchronised with
it, and whoever waits for the end sees it before all work is done.

## Example
A parallel split into "Write notes" and "Update README" that both flow into "Done".

## Fix
Join the branches with a parallel gateway before the end event.
"""

from ..behaviour import results
from ...finding import Severity
from ..predicates import label
from ..rule import rule


@rule("improper-completion", "Two tokens of one run end at the same end event",
      module_doc=__doc__, default=Severity.WARNING, category="soundness")
def check(ctx):
    for item in results(ctx):
        for defect in item.result.defects:
            if defect.kind == "improper-completion" and "non-interrupting" not in defect.detail:
                node = ctx.document.get(defect.node)
                yield ctx.finding(defect.node, f"Improper completion: {label(node, defect.node)} "
                                               "is reached twice in one run", evidence=defect.path,
                                  hint="join the parallel branches before the end")
