"""no-overlapping-elements: Shapes that overlap, or stick out of their pool or sub-process

## What it finds
From the diagram's bounds: pools that overlap each other, and elements of the same process or
sub-process whose rectangles overlap (touching counts; a boundary event overlapping its own
host does not); and elements of a process drawn in a pool, or of an expanded sub-process, that
are not inside its rectangle (data store references excepted: modelers let them sit outside).
Same rule, name and messages as bpmnlint's `no-overlapping-elements`; pairs are found in a
grid of cells, so large diagrams cost little.

## Why it matters
Overlapping shapes hide each other and their flows; an element drawn outside its pool looks as
if it belonged to another participant. Both usually come from moving things by hand or from
tools that lay out each process on its own.

## Example
Two tasks at the same coordinates; a task whose shape lies below the bottom of its pool.

## Fix
Move the elements apart, or enlarge the pool or sub-process around its content.
"""

from ...model.elements import Bounds, Scope
from ...render.geometry import overlapping_pairs
from ...finding import Severity
from ..predicates import di_objects, referenced
from ..rule import rule


def _bounds(drawn, element_id: str | None) -> Bounds | None:
    item = drawn.get(element_id) if element_id else None
    return getattr(item, "bounds", None)


def _overlapping(elements, drawn, document) -> set[str]:
    """Ids of the elements whose rectangles intersect another's."""
    placed = [(e, box) for e in elements if (box := _bounds(drawn, e.id)) is not None]
    found = set()
    for i, j in overlapping_pairs([box for _, box in placed]):
        element, other = placed[i][0], placed[j][0]
        if _host(element, document) is other or _host(other, document) is element:
            continue
        found.update((element.id, other.id))
    return found


def _host(element, document):
    return referenced(document, getattr(element, "attached_to", None))


def _check_scope(scope: Scope, parent: Bounds | None, drawn, document, overlap, outside):
    elements = [e for e in (*scope.nodes, *scope.flows, *scope.data) if e.id in drawn]
    overlap |= _overlapping(elements, drawn, document)
    for element in elements:
        box = _bounds(drawn, element.id)
        if (element.tag != "dataStoreReference" and box is not None and parent is not None
                and not parent.contains(box)):
            outside.add(element.id)
    for sub in scope.subprocesses():
        shape = drawn.get(sub.id)
        frame = shape.bounds if getattr(shape, "is_expanded", None) else None
        _check_scope(sub.scope, frame, drawn, document, overlap, outside)


@rule("no-overlapping-elements", "Shapes that overlap, or stick out of their pool or "
      "sub-process", module_doc=__doc__, default=Severity.WARNING, source="bpmnlint",
      category="diagram")
def check(ctx):
    document, drawn = ctx.document, di_objects(ctx)
    overlap: set[str] = set()
    outside: set[str] = set()
    pool_of = {}
    for collaboration in document.collaborations:
        overlap |= _overlapping(collaboration.participants, drawn, document)
        for participant in collaboration.participants:
            process = referenced(document, participant.process_ref)
            if process is not None:
                pool_of[process.id] = _bounds(drawn, participant.id)
    for process in document.processes:
        _check_scope(process.scope, pool_of.get(process.id), drawn, document, overlap, outside)
    for element_id in sorted(overlap):
        yield ctx.finding(element_id, "Element overlaps with other element")
    for element_id in sorted(outside):
        yield ctx.finding(element_id, "Element is outside of parent boundary")
