"""schema-violation: The file is not valid against the BPMN 2.0 XML Schema

## What it finds
Every error of validating the file against the OMG BPMN 2.0 XML Schemas (`BPMN20.xsd` with
`Semantic.xsd`, `BPMNDI.xsd`, `DI.xsd`, `DC.xsd`, as SpiffWorkflow distributes them; a copy
ships in `metis_bpmn/model/xsd/`): elements in the wrong place or order, missing required
attributes (`targetNamespace`, `sourceRef`), values of the wrong type, unknown BPMN elements
or attributes. All errors are reported, each at its line, not just the first. Off in
`recommended` (many tools export slightly invalid files that still work), on in `strict`.

## Why it matters
Schema validity is the baseline of BPMN interchange: a file that is not valid may be
rejected or silently changed by the next tool. SpiffWorkflow's validator rejects such a file
with only its first error; this rule shows all of them at once.

## Example
```xml
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p">
    <bpmn:sequenceFlow id="f" targetRef="t"/>
    <bpmn:task id="t"/>
  </bpmn:process>
</bpmn:definitions>
```
(`targetNamespace` and `sourceRef` are required.)

## Fix
Correct the file at each reported line; re-export it from the modeler, or move vendor data
into `<extensionElements>` where the schema allows it.
"""

from ..rule import rule
from ...model.schema import schema_errors


@rule("schema-violation", "The file is not valid against the BPMN 2.0 XML Schema",
      module_doc=__doc__, default=None, strict=True, category="schema")
def check(ctx):
    for error in schema_errors(ctx.shared.load.source):
        yield ctx.finding(None, error.message, line=error.line,
                          hint="Correct the XML to follow the BPMN 2.0 schema")
