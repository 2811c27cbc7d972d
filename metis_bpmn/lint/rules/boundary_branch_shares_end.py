"""boundary-branch-shares-end: A non-interrupting boundary branch ends at the main path's end event

## What it finds
An end event that a run reaches twice and that lies after a non-interrupting boundary
event: the boundary's branch and the activity's normal path both end there. By the published
definition this is improper completion (an end event executed twice in a run that
terminates), but it is mostly a drawing habit, so it is reported here, quietly, and not as
`improper-completion`.

## Why it matters
The end event's "result" is signalled twice (an end message sent twice, a parent process
told twice), and a reader cannot tell from the diagram which outcome the process had.

## Example
A task with a non-interrupting timer ("send a reminder") whose branch joins the task's own
path at "Request handled".

## Fix
Give the boundary branch its own end event ("Reminder sent").
"""

from ..behaviour import results
from ...finding import Severity
from ..predicates import label
from ..rule import rule


@rule("boundary-branch-shares-end",
      "A non-interrupting boundary branch ends at the main path's end event",
      module_doc=__doc__, default=Severity.INFO, category="soundness")
def check(ctx):
    for item in results(ctx):
        for defect in item.result.defects:
            if defect.kind == "improper-completion" and "non-interrupting" in defect.detail:
                node = ctx.document.get(defect.node)
                yield ctx.finding(defect.node, f"{label(node, defect.node)} is reached by a "
                                               "non-interrupting boundary branch and by the "
                                               "main path in one run", evidence=defect.path,
                                  hint="give the boundary branch its own end event")
