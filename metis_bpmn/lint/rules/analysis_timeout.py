"""analysis-timeout: Checking the file took longer than the per-file time limit

## What it finds
A file whose checks did not finish within the per-file time limit: `timeout` in the
configuration, `--timeout SECONDS` on the command line, 60 seconds by default (0 turns the
limit off). The worker process that was checking the file is stopped and replaced, the run goes
on with the next file, and this finding takes the place of the file's other findings. The
runner records the timeout; this rule reports it, so its severity can be configured like any
other rule's (it is on in every profile).

## Why it matters
A file that was not fully checked is not known to be correct, so it must not pass silently;
and one pathological file (a huge generated diagram, a state-space blow-up) must not hang a
CI job or a pre-commit hook for everyone else.

## Example
```console
$ metis-bpmn validate huge-generated.bpmn --timeout 5
huge-generated.bpmn: error [analysis-timeout] Checking took longer than 5 s and was stopped; the file was not fully checked
```

## Fix
Split the diagram into smaller processes (call activities), or raise the limit
(`--timeout 300`, `timeout = 300`) when the file is legitimately large. A small file that
times out is a bug in a rule: please report it with the file.
"""

from ...finding import Severity
from ..rule import rule


@rule("analysis-timeout", "Checking the file took longer than the per-file time limit",
      module_doc=__doc__, default=Severity.ERROR, needs_document=False, category="input")
def check(ctx):
    return ctx.problems()
