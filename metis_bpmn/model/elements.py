"""Immutable, typed BPMN 2.0 elements, each with the source line it came from.

Only :mod:`metis_bpmn.model.parse` builds these. Everything else reads them. Mappings held by
these objects (``attrs``, the document indexes) are built once by the parser and never
mutated afterwards; treat them as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping

from ..frozen import quick_init

__all__ = [
    "Activity", "Association", "Bounds", "CallActivity", "Collaboration", "DataAssociation",
    "DataElement", "Diagram", "Document", "Edge", "Element", "Event", "EventDefinition",
    "Expression", "FlowNode", "Gateway", "Group", "Label", "Lane", "LaneSet", "Loop",
    "MessageFlow", "Participant", "Plane", "Process", "RootElement", "Scope", "SequenceFlow",
    "Shape", "SubProcess", "TextAnnotation",
    "TASK_TAGS", "SUBPROCESS_TAGS", "ACTIVITY_TAGS", "GATEWAY_TAGS", "EVENT_TAGS",
]

TASK_TAGS = frozenset({
    "task", "userTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
    "manualTask", "businessRuleTask",
})
SUBPROCESS_TAGS = frozenset({"subProcess", "transaction", "adHocSubProcess"})
ACTIVITY_TAGS = TASK_TAGS | SUBPROCESS_TAGS | {"callActivity"}
GATEWAY_TAGS = frozenset({
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
    "complexGateway",
})
EVENT_TAGS = frozenset({
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
    "boundaryEvent", "implicitThrowEvent",
})


@dataclass(frozen=True, slots=True)
class Expression:
    """A ``tFormalExpression`` or ``tExpression``: a condition, timer value, cardinality..."""

    body: str
    line: int
    language: str | None = None
    xsi_type: str | None = None
    # All attributes, vendor ones included (``camunda:resource`` loads the body from a file).
    attrs: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    """Any BPMN element with an identity. ``tag`` is the BPMN local name (``"userTask"``)."""

    id: str | None
    tag: str
    line: int
    name: str | None = None
    attrs: Mapping[str, str] = field(default_factory=dict)
    documentation: str | None = None
    # Raw ``<extensionElements>`` content (camunda:, zeebe:, spiffworkflow:, ...), serialised
    # XML, kept verbatim: we never interpret vendor extensions, only carry them. Lines inside
    # it count from ``extensions_line``, the line of ``<extensionElements>`` in the file.
    extensions: bytes = b""
    extensions_line: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class EventDefinition(Element):
    """``kind`` is the definition without suffix: message, timer, error, escalation, cancel,
    compensate, conditional, link, signal, terminate."""

    kind: str
    ref: str | None = None  # messageRef / signalRef / errorRef / escalationRef / activityRef
    link_name: str | None = None
    condition: Expression | None = None
    timer: tuple[tuple[str, Expression], ...] = ()  # (timeDate|timeCycle|timeDuration, expr)
    by_reference: bool = False  # came from <eventDefinitionRef> to a root-level definition


@dataclass(frozen=True, slots=True, kw_only=True)
class Loop(Element):
    """Standard loop or multi-instance characteristics of an activity."""

    multi_instance: bool
    is_sequential: bool = False
    test_before: bool = False
    loop_condition: Expression | None = None
    loop_maximum: str | None = None
    loop_cardinality: Expression | None = None
    completion_condition: Expression | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DataAssociation(Element):
    """A data input or output association of an activity or event."""

    output: bool
    sources: tuple[str, ...] = ()
    target: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowNode(Element):
    """A node of the sequence-flow graph. ``incoming``/``outgoing`` are the XML child
    references, kept only to compare with the flows' ``sourceRef``/``targetRef``."""

    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    data_associations: tuple[DataAssociation, ...] = ()

    @property
    def family(self) -> str:
        if self.tag in GATEWAY_TAGS:
            return "gateway"
        if self.tag in EVENT_TAGS:
            return "event"
        return "activity"


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity(FlowNode):
    default: str | None = None
    is_for_compensation: bool = False
    loop: Loop | None = None
    script: Expression | None = None  # a script task's <script>


@dataclass(frozen=True, slots=True, kw_only=True)
class CallActivity(Activity):
    called_element: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubProcess(Activity):
    """Embedded sub-process, transaction or ad-hoc sub-process, with its own scope."""

    scope: "Scope"
    triggered_by_event: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Gateway(FlowNode):
    default: str | None = None
    direction: str | None = None
    instantiate: bool = False
    event_gateway_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(FlowNode):
    definitions: tuple[EventDefinition, ...] = ()
    attached_to: str | None = None
    cancel_activity: bool = True
    is_interrupting: bool = True
    parallel_multiple: bool = False

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(d.kind for d in self.definitions)

    @property
    def is_throw(self) -> bool:
        return self.tag in ("endEvent", "intermediateThrowEvent", "implicitThrowEvent")


@dataclass(frozen=True, slots=True, kw_only=True)
class SequenceFlow(Element):
    source: str | None
    target: str | None
    condition: Expression | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DataElement(Element):
    """dataObject, dataObjectReference, dataStoreReference, dataStore, dataInput, dataOutput."""

    ref: str | None = None  # dataObjectRef / dataStoreRef
    is_collection: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TextAnnotation(Element):
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Group(Element):
    category_value_ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Association(Element):
    source: str | None
    target: str | None
    direction: str = "None"


@dataclass(frozen=True, slots=True, kw_only=True)
class Lane(Element):
    flow_node_refs: tuple[str, ...] = ()
    children: tuple["Lane", ...] = ()

    def walk(self) -> Iterator["Lane"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True, kw_only=True)
class LaneSet(Element):
    lanes: tuple[Lane, ...] = ()

    def walk(self) -> Iterator[Lane]:
        for lane in self.lanes:
            yield from lane.walk()


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """The content of a process or sub-process (a BPMN FlowElementsContainer)."""

    owner: str | None
    nodes: tuple[FlowNode, ...] = ()
    flows: tuple[SequenceFlow, ...] = ()
    data: tuple[DataElement, ...] = ()
    artifacts: tuple[Element, ...] = ()
    lane_sets: tuple[LaneSet, ...] = ()
    # dataInput / dataOutput of the container's ioSpecification (diagrams draw a process's)
    io: tuple[DataElement, ...] = ()

    def subprocesses(self) -> Iterator[SubProcess]:
        return (n for n in self.nodes if isinstance(n, SubProcess))

    def walk(self) -> Iterator["Scope"]:
        """This scope and every nested sub-process scope, depth first."""
        yield self
        for sub in self.subprocesses():
            yield from sub.scope.walk()


@dataclass(frozen=True, slots=True, kw_only=True)
class Process(Element):
    scope: Scope
    is_executable: bool | None = None
    process_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant(Element):
    process_ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageFlow(Element):
    source: str | None
    target: str | None
    message_ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Collaboration(Element):
    participants: tuple[Participant, ...] = ()
    message_flows: tuple[MessageFlow, ...] = ()
    artifacts: tuple[Element, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RootElement(Element):
    """Any other root element: message, signal, error, escalation, dataStore, itemDefinition..."""


@dataclass(frozen=True, slots=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    def contains(self, other: "Bounds") -> bool:
        return (self.x <= other.x and self.y <= other.y
                and other.x + other.width <= self.x + self.width
                and other.y + other.height <= self.y + self.height)


@dataclass(frozen=True, slots=True)
class Label:
    bounds: Bounds | None = None
    color: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    id: str | None
    element_ref: str | None
    line: int
    bounds: Bounds | None
    is_expanded: bool | None = None
    is_marker_visible: bool | None = None
    is_horizontal: bool | None = None
    fill: str | None = None
    stroke: str | None = None
    label: Label | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Edge:
    id: str | None
    element_ref: str | None
    line: int
    waypoints: tuple[tuple[float, float], ...] = ()
    fill: str | None = None
    stroke: str | None = None
    label: Label | None = None
    message_visible_kind: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Plane:
    id: str | None
    element_ref: str | None
    line: int
    shapes: tuple[Shape, ...] = ()
    edges: tuple[Edge, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagram:
    id: str | None
    name: str | None
    line: int
    plane: Plane | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A parsed ``<definitions>``: processes, collaborations, root elements and diagrams.

    ``elements`` indexes every semantic element with an id (first occurrence wins; duplicates
    are reported by the parser). ``scope_of`` maps a flow element id to the id of the process
    or sub-process that contains it; ``process_of`` maps it to its top-level process id.
    """

    file: str
    line: int
    id: str | None
    name: str | None
    target_namespace: str | None
    exporter: str | None
    exporter_version: str | None
    processes: tuple[Process, ...]
    collaborations: tuple[Collaboration, ...]
    root_elements: tuple[RootElement, ...]
    diagrams: tuple[Diagram, ...]
    elements: Mapping[str, Element]
    scope_of: Mapping[str, str]
    process_of: Mapping[str, str]
    namespaces: Mapping[str, str]
    # ``expressionLanguage`` of <definitions>: the language of expressions that name none.
    expression_language: str | None = None
    # (process, container, scope) of every scope, depth first, filled on first use: the
    # rules walk the scopes dozens of times per file.
    # Not a parameter: dataclasses.replace() makes a copy with a fresh one.
    _walked: list = field(default_factory=list, init=False, compare=False, repr=False)

    def get(self, element_id: str | None) -> Element | None:
        return self.elements.get(element_id) if element_id else None

    def resolve(self, ref: str | None) -> Element | None:
        """The element a reference names; QName references (``tns:Task_1``) are accepted."""
        if not ref:
            return None
        ref = ref.strip()
        found = self.get(ref)
        if found is None and ":" in ref:
            found = self.get(ref.rsplit(":", 1)[1])
        return found

    def scopes(self) -> Iterator[tuple[Process, Scope]]:
        """Every (process, scope) pair: each process and each nested sub-process scope."""
        return ((process, scope) for process, _, scope in self._walk())

    def containers(self) -> Iterator[tuple[Process | SubProcess, Scope]]:
        """Every flow-elements container with its scope: processes, then their
        sub-processes (depth first)."""
        return ((container, scope) for _, container, scope in self._walk())

    def _walk(self) -> list[tuple[Process, Process | SubProcess, Scope]]:
        if not self._walked:
            def below(process, container, scope):
                yield process, container, scope
                for sub in scope.subprocesses():
                    yield from below(process, sub, sub.scope)
            for process in self.processes:
                self._walked.extend(below(process, process, process.scope))
        return self._walked

    def flow_nodes(self) -> Iterator[FlowNode]:
        for _, scope in self.scopes():
            yield from scope.nodes

    def shapes(self) -> Iterator[Shape]:
        for diagram in self.diagrams:
            if diagram.plane:
                yield from diagram.plane.shapes

    def edges(self) -> Iterator[Edge]:
        for diagram in self.diagrams:
            if diagram.plane:
                yield from diagram.plane.edges

    def participants(self) -> Iterator[Participant]:
        for collaboration in self.collaborations:
            yield from collaboration.participants

    def holders(self, element_id: str) -> set[str]:
        """Ids of what holds an element: the sub-processes it is in, its process, and the
        participants (pools) of that process."""
        found: set[str] = set()
        current = self.scope_of.get(element_id)
        while current and current not in found:
            found.add(current)
            current = self.scope_of.get(current)
        process = self.process_of.get(element_id)
        for participant in self.participants():
            held = self.resolve(participant.process_ref)
            if participant.id and held is not None and held.id == process:
                found.add(participant.id)
        return found


for _name in __all__:
    if isinstance(globals()[_name], type):
        quick_init(globals()[_name])
