"""invalid-engine-expression: A timer value or loop cardinality would be refused or is of the wrong kind

## What it finds
In a process with `isExecutable="true"`, the expressions SpiffWorkflow evaluates as Python
besides conditions and scripts: timer values (`timeDate`, `timeDuration`, `timeCycle`) and
multi-instance cardinalities. Reported when the session sandbox would refuse one whatever the
data (a form outside its closed world, or a part that reads no variable and exceeds its
limits), or when one reads no variable and its value is of the wrong kind: a timer that is not
text (ISO 8601), a cardinality that is not a whole number of zero or more. Bare ISO 8601 text
(`PT5M`, as Camunda writes it) and JUEL/FEEL are left alone.

## Why it matters
A timer or cardinality of the wrong kind stops a running session at that element with an
error; one the sandbox refuses is, in an engine without a sandbox, code that runs when the
token arrives.

## Example
```xml
<bpmn:timerEventDefinition>
  <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">None</bpmn:timeDuration>
</bpmn:timerEventDefinition>
```

## Fix
Write the timer as quoted ISO 8601 text (`"P3D"`) or an expression over process data that
gives one, and the cardinality as a whole number or `len(items)`.
"""

import re

from ...sandbox import SandboxError, evaluate
from ..expressions import PYTHON, language_of, sandbox_refusal, syntax_problem
from ...finding import Severity
from ..rule import rule

_ISO_TEXT = re.compile(r"^\s*(R\d*/)?(P|\d{4}-)[-+0-9PTWYMDHS:.,/Z]*\s*$", re.I)


def _expressions(doc):
    """(owner, what, expression, check of a constant value) for timers and cardinalities."""
    for process, scope in doc.scopes():
        if process.is_executable is not True:
            continue
        for node in scope.nodes:
            for definition in getattr(node, "definitions", ()):
                for kind, expr in definition.timer:
                    yield node, f"Timer {kind}", expr, lambda v: isinstance(v, str), "text"
            loop = getattr(node, "loop", None)
            if loop is not None and loop.loop_cardinality is not None:
                yield node, "Loop cardinality", loop.loop_cardinality, \
                    lambda v: type(v) is int and v >= 0, "a whole number"


def _problem(body: str, fits, kind: str) -> str | None:
    refusal = sandbox_refusal(body)
    if refusal:
        return f"would be refused by the session sandbox: {refusal}"
    try:
        value = evaluate(body)
    except SandboxError:
        return None  # reads data (or fails at run time): not decidable here
    return None if fits(value) else f"is {type(value).__name__}, not {kind}"


@rule("invalid-engine-expression",
      "A timer value or loop cardinality would be refused or is of the wrong kind",
      module_doc=__doc__, default=Severity.ERROR, category="execution")
def check(ctx):
    doc = ctx.document
    for owner, what, expr, fits, kind in _expressions(doc):
        body = expr.body
        if not body.strip() or _ISO_TEXT.match(body) \
                or language_of(expr, doc.expression_language) != PYTHON \
                or syntax_problem(body, PYTHON) is not None:
            continue
        problem = _problem(body, fits, kind)
        if problem:
            yield ctx.finding(owner, f"{what} {problem}", line=expr.line or None,
                              hint="Write quoted ISO 8601 text, or a whole number, or an "
                                   "expression over process data")
