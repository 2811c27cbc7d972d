"""unapproved-irreversible-end: Irreversible work finishes without an approval before it

## What it finds
End events selected by the policy's `[irreversible-ends]` table (for example "Merged",
"Released") that can be reached from a start without passing an approval step (the
table's `approval` selector, for example `{ kind = "approval" }`). The path is the
unapproved run.

## Why it matters
Merging, releasing or deleting cannot be taken back. A human approval before them is the
last gate; a path around it means the process allows irreversible work nobody approved.

## Example
`[irreversible-ends] ends = { name = "Released" }, approval = { name = "Approve the release" }`
and a process where a hotfix branch goes from "Build" straight to "Released".

## Fix
Route every path to the end through an approval task or gateway.
"""

from ...gates.policies import policies_for
from ...finding import Severity
from ..predicates import label
from ..rule import rule
from .ungated_step import violations


@rule("unapproved-irreversible-end", "Irreversible work finishes without an approval before it",
      module_doc=__doc__, default=Severity.ERROR, category="gates")
def check(ctx):
    policies = [p for p in policies_for(ctx) if p.name == "irreversible-ends"]
    for _, end, path in violations(ctx, policies):
        yield ctx.finding(end, f"{label(end)} finishes irreversible work, but a path reaches "
                               "it without an approval", evidence=tuple(path),
                          hint="add an approval step on every path to this end")
