"""invalid-script: A Python script task is malformed or refused by the sandbox

## What it finds
In a process with `isExecutable="true"`: a script task whose script is Python (its
`scriptFormat` says Python, or says nothing, as SpiffWorkflow reads it) and that is not valid
Python, or that the session sandbox would refuse whatever the data: a statement or form
outside its closed world (`import`, `while`, `def`, `x.__class__`, rebinding `vault` or a
built-in), or a part that reads no variable and exceeds its limits (`''.join(['a' * 10**5] *
10**5)`). Only those parts are evaluated, by the sandbox itself, within its limits. Scripts in
other languages (Groovy, JavaScript) are left to their engines.

## Why it matters
`metis-bpmn session` runs scripts only in its sandbox (and only when allowed); a refused
script puts the session in `error` at that task. Run by an engine without a sandbox, the
same script can read the environment, open files or run for hours.

## Example
```xml
<bpmn:scriptTask id="Collect" name="Collect">
  <bpmn:script>import os
env = dict(os.environ)</bpmn:script>
</bpmn:scriptTask>
```

## Fix
Compute from process data and the vault facts only (`count = len(items)`), or do the work
outside the process and record its result with `session step --set`.
"""

from ..expressions import PYTHON, is_python, sandbox_refusal, syntax_problem
from ...finding import Severity
from ..rule import rule


@rule("invalid-script", "A Python script task is malformed or refused by the sandbox",
      module_doc=__doc__, default=Severity.ERROR, category="execution")
def check(ctx):
    for process, scope in ctx.document.scopes():
        if process.is_executable is not True:
            continue
        for node in scope.nodes:
            script = getattr(node, "script", None)
            if script is None or not script.body.strip() or not is_python(script.language):
                continue
            problem = syntax_problem(script.body, PYTHON, "exec")
            reason = f"is not valid Python: {problem.message}" if problem else None
            line = script.line + problem.line - 1 if problem and script.line else script.line
            if reason is None:
                refusal = sandbox_refusal(script.body, "exec")
                reason = f"would be refused by the session sandbox: {refusal}" if refusal \
                    else None
            if reason:
                yield ctx.finding(node, f"Script {reason}", line=line or None,
                                  hint="Use only data, literals, the vault facts and the "
                                       "sandbox's built-ins")
