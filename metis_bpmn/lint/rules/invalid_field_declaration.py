"""invalid-field-declaration: A metis:field declaration that sessions cannot use

## What it finds
A `<metis:field>` extension element (the data a step asks for, see docs/sessions.md) with
a name that is not a name, a type that is not one of `boolean`, `integer`, `number`, `text`,
`enum`, `note`, `date`, an enum without `values` (or values on a non-enum), a `required`
that is neither `true` nor `false`, or the same name twice on one element.

## Why it matters
`metis-bpmn session` reads answers against the declaration; a declaration it cannot use is
left out, so the step would accept anything (or nothing) for that field.

## Example
```xml
<metis:field name="work_type" type="choice" values="feature, bug"/>
```

## Fix
Use a known type: `<metis:field name="work_type" type="enum" values="feature, bug, chore"/>`.
"""

from ...model.fields import field_problems
from ...finding import Severity
from ..rule import rule


@rule("invalid-field-declaration", "A metis:field declaration that sessions cannot use",
      module_doc=__doc__, default=Severity.ERROR, category="execution")
def check(ctx):
    doc = ctx.document
    for process in doc.processes:
        elements = [process, *(n for s in process.scope.walk() for n in s.nodes)]
        for element in elements:
            for problem in field_problems(element):
                yield ctx.finding(element, problem.message, line=problem.line or None,
                                  hint="see the metis:field reference in docs/sessions.md")
