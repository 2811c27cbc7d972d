"""standard-size: A shape whose size differs from the modeler's default

## What it finds
A diagram shape whose bounds differ from bpmn-js's default size for its element type: task,
call activity and collapsed sub-process 100x80, gateway 50x50, event 36x36, data object
reference 36x50, data store reference 50x50, and for an empty pool (no process) a height of 60
(horizontal) or a width of 60 (vertical). Expanded sub-processes, pools with a process and
lanes follow their content and are not checked. Off in `recommended`, as in bpmnlint.

Options (as bpmnlint's): a size per type, only the dimensions given are checked:
`"standard-size" = ["warn", { "bpmn:Task" = { width = 120, height = 80 } }]`. The types are
`bpmn:Task`, `bpmn:CallActivity`, `bpmn:SubProcess`, `bpmn:Gateway`, `bpmn:Event`,
`bpmn:DataObjectReference`, `bpmn:DataStoreReference` and `bpmn:Participant`; each covers its
sub-types (`bpmn:Task` covers user, service, script... tasks).

## Why it matters
Uniform sizes make diagrams easier to scan and to compare; odd sizes usually come from manual
resizing or from tools with other defaults.

## Example
`<dc:Bounds x="100" y="100" width="120" height="90"/>` on a task's shape.

## Fix
Reset the element to its default size, or configure the size your team uses.
"""

from ...model.elements import (
    EVENT_TAGS, GATEWAY_TAGS, SUBPROCESS_TAGS, TASK_TAGS, Participant,
)
from ..predicates import referenced
from ..rule import rule

DEFAULT_SIZES = {
    "bpmn:Task": {"width": 100, "height": 80},
    "bpmn:CallActivity": {"width": 100, "height": 80},
    "bpmn:SubProcess": {"width": 100, "height": 80},  # collapsed
    "bpmn:Gateway": {"width": 50, "height": 50},
    "bpmn:Event": {"width": 36, "height": 36},
    "bpmn:DataObjectReference": {"width": 36, "height": 50},
    "bpmn:DataStoreReference": {"width": 50, "height": 50},
    "bpmn:Participant": {"width": 60, "height": 60},  # the fixed breadth of an empty pool
}
_TYPE_OF = {
    **{tag: "bpmn:Task" for tag in TASK_TAGS},
    **{tag: "bpmn:SubProcess" for tag in SUBPROCESS_TAGS},
    "callActivity": "bpmn:CallActivity",
    **{tag: "bpmn:Gateway" for tag in GATEWAY_TAGS},
    **{tag: "bpmn:Event" for tag in EVENT_TAGS},
    "dataObjectReference": "bpmn:DataObjectReference",
    "dataStoreReference": "bpmn:DataStoreReference",
}


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _expected(element, shape, sizes) -> dict | None:
    if isinstance(element, Participant):
        if element.process_ref:
            return None  # a pool with a process follows its content
        size = sizes.get("bpmn:Participant")
        if not isinstance(size, dict):
            return None
        horizontal = shape.is_horizontal is not False
        value = size.get("height" if horizontal else "width")
        if not _number(value):
            return None
        return {"height": value} if horizontal else {"width": value}
    kind = _TYPE_OF.get(element.tag)
    if kind is None or (kind == "bpmn:SubProcess" and shape.is_expanded):
        return None
    size = sizes.get(kind)
    return size if isinstance(size, dict) else None


def _text(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _message(expected: dict) -> str:
    width, height = expected.get("width"), expected.get("height")
    if not _number(height):
        return f"Element has a non-standard width; expected width of {_text(width)}"
    if not _number(width):
        return f"Element has a non-standard height; expected height of {_text(height)}"
    return f"Element has a non-standard size; expected {_text(width)}x{_text(height)}"


@rule("standard-size", "A shape whose size differs from the modeler's default",
      module_doc=__doc__, default=None, source="bpmnlint", category="diagram")
def check(ctx):
    sizes = {**DEFAULT_SIZES, **ctx.options}
    for diagram in ctx.document.diagrams:
        for shape in diagram.plane.shapes if diagram.plane else ():
            element = referenced(ctx.document, shape.element_ref)
            if element is None or shape.bounds is None:
                continue
            expected = _expected(element, shape, sizes)
            if expected is None:
                continue
            width, height = expected.get("width"), expected.get("height")
            if (_number(width) and shape.bounds.width != width) or (
                    _number(height) and shape.bounds.height != height):
                yield ctx.finding(element, _message(expected))
