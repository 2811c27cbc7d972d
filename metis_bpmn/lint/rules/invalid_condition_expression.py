"""invalid-condition-expression: A condition in an executable process is empty, malformed or refused by the sandbox

## What it finds
In a process with `isExecutable="true"`: a sequence-flow condition, conditional event
condition, loop condition or completion condition that is empty, that is not a valid
expression of its language, or (Python) that the session sandbox would refuse whatever the
data: a form outside its closed world (`x.__class__`, `'%s' % x`, a lambda, rebinding
`vault`), or a part that reads no variable and exceeds its limits (`sum(range(10**9))`). The language is the expression's `language`, else `${...}`
means JUEL (Camunda), a leading `=` means FEEL (Zeebe), else the document's
`expressionLanguage`, else Python (SpiffWorkflow). Python is checked with Python's own parser
(the message is its syntax error); JUEL for balanced, non-empty `${ }`; other languages
(JavaScript, Groovy, FEEL, XPath...) only for being non-empty. An empty body whose script is
loaded from a resource (`camunda:resource`) is fine. Only the parts that read no variable are
evaluated, by the sandbox itself, within its limits.

## Why it matters
The engine finds the error only when a token reaches the condition, in the middle of a
running instance: SpiffWorkflow raises a `WorkflowTaskException`, Camunda a
`ProcessEngineException`. An empty condition on a gateway branch is treated as "no condition".
A condition the sandbox refuses puts the session's gateway in `error`; in an engine without a
sandbox the same text reads files or the environment, or runs for hours.

## Example
```xml
<bpmn:sequenceFlow id="big" sourceRef="Check" targetRef="Escalate">
  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">amount &gt;</bpmn:conditionExpression>
</bpmn:sequenceFlow>
```

## Fix
Complete the expression (`amount > 100`), or remove the condition element and make the flow
the gateway's default flow.
"""

from ..expressions import is_external, language_of, sandbox_refusal, syntax_problem
from ...finding import Severity
from ..predicates import conditions
from ..rule import rule


@rule("invalid-condition-expression",
      "A condition in an executable process is empty, malformed or refused by the sandbox",
      module_doc=__doc__, default=Severity.ERROR, category="execution")
def check(ctx):
    doc = ctx.document
    for process, owner, what, expr in conditions(doc):
        if process.is_executable is not True:
            continue
        language = language_of(expr, doc.expression_language)
        problem = syntax_problem(expr.body, language)
        if problem is None and language == "python":
            refusal = sandbox_refusal(expr.body)
            if refusal is not None:
                yield ctx.finding(owner, f"{what} would be refused by the session sandbox: "
                                         f"{refusal}", line=expr.line or None,
                                  hint="Use only data, literals, the vault facts and the "
                                       "sandbox's built-ins")
            continue
        if problem is None or (not expr.body.strip() and is_external(expr)):
            continue
        if problem.message == "expression is empty":
            message = f"{what} is empty"
        else:
            assumed = "" if language != "python" or expr.language or doc.expression_language \
                else " (no language is declared, so Python is assumed)"
            message = f"{what} is not a valid {_language_word(language)} expression" \
                      f"{assumed}: {problem.message}"
        yield ctx.finding(owner, message, line=expr.line + problem.line - 1 if expr.line else None,
                          hint="Fix the expression, or remove the condition")


def _language_word(language: str) -> str:
    return {"python": "Python", "juel": "JUEL"}.get(language, language)
