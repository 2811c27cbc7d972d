"""Safe BPMN 2.0 XML -> :mod:`metis_bpmn.model.elements`.

The parser never resolves entities, never loads a DTD and never touches the network; a
DOCTYPE is itself reported. Everything that is wrong with the input becomes a located
:func:`problem` (a finding that the rule of the same name reports), never an
exception: malformed XML, a file over the size cap, a root that is not BPMN 2.0
``definitions``, duplicate ids, dangling references, unknown BPMN elements.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..finding import Finding, Severity
from ..fsio import TooLarge, read_capped
from . import namespaces as ns
from .elements import (
    ACTIVITY_TAGS, EVENT_TAGS, GATEWAY_TAGS, SUBPROCESS_TAGS, Activity, Association, Bounds,
    CallActivity, Collaboration, DataAssociation, DataElement, Diagram, Document, Edge, Element,
    Event, EventDefinition, Expression, FlowNode, Gateway, Group, Label, Lane, LaneSet, Loop,
    MessageFlow, Participant, Plane, Process, RootElement, Scope, SequenceFlow, Shape, SubProcess,
    TextAnnotation,
)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_ATTRIBUTES = 1000  # per element; real BPMN elements carry a handful
_CROWDED = etree.XPath(f"//*[count(@*) > {MAX_ATTRIBUTES}]")
# Counting every element's attributes costs half a parse. An element over the limit has a
# start tag of at least 5 bytes per attribute (` a=""`) and no '<' inside it, so in an
# encoding where '<' is the byte 0x3C and no other character contains it, only a file with
# such a run of bytes needs the count.
_RUN = 5 * MAX_ATTRIBUTES
_LONG_RUN = re.compile(rb"<[^<]{%d}" % _RUN)
_ASCII_SAFE = frozenset({"UTF-8", "US-ASCII", "ASCII", "ISO-8859-1", "LATIN1", "WINDOWS-1252"})
_TRAILING_POSITION = re.compile(r",? line \d+, column \d+$")


def problem(rule: str, message: str, line: int | None = None, column: int | None = None,
            element_id: str | None = None, attribute: str | None = None) -> Finding:
    """Something wrong with the input itself, as a finding of the rule that reports it. Its
    severity and file are placeholders: the rule gives the configured ones."""
    return Finding(rule, Severity.ERROR, message, "", line, column, element_id,
                   attribute=attribute)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The outcome of loading one file: a document (unless it could not be built) and the
    problems found on the way. ``source`` is the raw bytes, kept for column lookups."""

    file: str
    document: Document | None
    problems: tuple[Finding, ...]
    source: bytes = field(default=b"", repr=False)


_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers are not thread-safe; keep one per thread.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, remove_blank_text=False,
        )
        _local.parser = parser
    return parser


def parse_tree(data: bytes) -> etree._Element:
    """Parse bytes with the safe parser and return the root element, for the one consumer
    that needs an lxml tree (the SpiffWorkflow adapter). Raises ``etree.XMLSyntaxError``;
    call :func:`load_bytes` first to get located problems."""
    return etree.fromstring(data, _parser())


def load_file(path: str | Path, *, display: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load a BPMN file. I/O errors are the caller's (they are usage errors, not findings),
    and so is a path that is not a regular file (:class:`NotARegularFile`): a FIFO or a
    device is refused before anything is read, where reading would wait or never end."""
    name = display if display is not None else str(path)
    try:
        data = read_capped(Path(path), max_bytes)
    except TooLarge as exc:
        size = f"{exc.size:,} bytes, over" if exc.size is not None else "over"  # (or it grew)
        return LoadResult(name, None, (problem(
            "oversized-document", f"File is {size} the limit of {max_bytes:,} bytes "
            "(raise it with --max-file-size)", line=1),))
    return load_bytes(data, name, max_bytes=max_bytes)


def load_bytes(data: bytes, file: str = "<stdin>", *,
               max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load BPMN from bytes (the encoding declaration is honoured)."""
    if len(data) > max_bytes:
        return LoadResult(file, None, (problem(
            "oversized-document",
            # (standard input is read only to one byte over: its size is not known)
            f"Input is over the limit of {max_bytes:,} bytes (raise it with --max-file-size)",
            line=1),))
    problems: list[Finding] = []
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = (exc.position if exc.position else (exc.lineno, None))
        # lxml appends ", line N, column M"; the finding carries the location itself.
        message = _TRAILING_POSITION.sub("", (exc.msg or str(exc)).strip())
        problems += _doctype(data, declared=False)
        problems.append(problem("unparseable-document", f"Not well-formed XML: {message}",
                                line=line or 1, column=column or None))
        return LoadResult(file, None, tuple(problems), data)
    except ValueError as exc:  # e.g. unsupported encoding given to lxml
        problems.append(problem("unparseable-document", f"Cannot read XML: {exc}", line=1))
        return LoadResult(file, None, tuple(problems), data)

    info = root.getroottree().docinfo
    doctype = _doctype(data, declared=bool(info.doctype) or info.internalDTD is not None
                       or info.externalDTD is not None)
    if doctype:
        # Not built at all: libxml2 expands internal entities in attribute values even when
        # told not to resolve entities, so names and conditions could come from the DTD.
        return LoadResult(file, None, tuple(doctype), data)
    if not isinstance(root.tag, str) or root.tag != ns.q(ns.BPMN, "definitions"):
        problems.append(_not_bpmn(root))
        return LoadResult(file, None, tuple(problems), data)
    encoding = (info.encoding or "UTF-8").upper()
    crowded = _CROWDED(root) if encoding not in _ASCII_SAFE or (
        len(data) > _RUN and _LONG_RUN.search(data)) else None
    if crowded:
        # lxml reads an element's attributes in time quadratic in their number.
        el = crowded[0]
        return LoadResult(file, None, (problem(
            "oversized-document", f"Element <{etree.QName(el).localname}> has {len(el.attrib):,} "
            f"attributes, over the limit of {MAX_ATTRIBUTES:,}; the file was not checked "
            "further", line=el.sourceline or 1, element_id=el.get("id")),), data)

    builder = _Builder(file)
    document = builder.build(root)
    problems.extend(builder.problems)
    return LoadResult(file, document, tuple(problems), data)


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


def _decode(data: bytes) -> str:
    """The document's text as well as it can be told without parsing (BOM, declaration, or
    UTF-16 without a BOM by its zero bytes)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    if data[:2] in (b"<\x00", b"\x00<"):
        return data.decode("utf-16-le" if data[0] else "utf-16-be", "replace")
    declared = _DECLARED_ENCODING.match(data)
    try:
        return data.decode(declared.group(1).decode() if declared else "utf-8", "replace")
    except LookupError:
        return data.decode("latin-1")


# Starts of UTF-16/32 text (a BOM, or zero bytes), where "<!DOCTYPE" is not those bytes.
_WIDE = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")


def _plain_ascii(data: bytes) -> bool:
    """Whether ASCII text is itself in these bytes: not a wide encoding, and no declared
    encoding that writes it otherwise (UTF-7 writes "<" as "+ADw-", EBCDIC differently)."""
    if data.startswith(_WIDE):
        return False
    declared = _DECLARED_ENCODING.match(data)
    return declared is None or declared.group(1).decode().upper() in _ASCII_SAFE


def _doctype(data: bytes, *, declared: bool) -> list[Finding]:
    """A ``doctype-declared`` problem when the parser saw a DOCTYPE (``declared``) or the
    prolog has one, located by a linear scan of the prolog (comments and processing
    instructions of any length skipped)."""
    if not declared and _plain_ascii(data) and b"<!DOCTYPE" not in data:
        return []  # an ASCII-compatible encoding would show it as is (the common case)
    text, at = _decode(data), 0
    while True:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if text.startswith("<!--", at):
            end = text.find("-->", at + 4)
        elif text.startswith("<?", at):
            end = text.find("?>", at + 2)
        else:
            break
        if end < 0:
            break
        at = end + 3 if text[end] == "-" else end + 2
    found = text.startswith("<!DOCTYPE", at)
    if not (found or declared):
        return []
    return [problem("doctype-declared",
                    "DOCTYPE declarations are not allowed in BPMN files; entities were not "
                    "resolved and the file was not checked further",
                    line=text.count("\n", 0, at) + 1 if found else 1)]


FATAL_RULES = frozenset({"unparseable-document", "doctype-declared", "non-bpmn-document",
                         "oversized-document"})


def refusal(load: LoadResult) -> Finding | None:
    """Why a loaded file cannot be used at all (every command refuses it alike), or None."""
    if load.document is not None and not any(p.rule in FATAL_RULES for p in load.problems):
        return None
    return next((p for p in load.problems if p.rule in FATAL_RULES), None) \
        or (load.problems[0] if load.problems else problem("unparseable-document",
                                                             "the file cannot be read"))


def _not_bpmn(root: etree._Element) -> Finding:
    namespace, local = ns.split(root.tag) if isinstance(root.tag, str) else (None, "?")
    if local == "definitions" and namespace == ns.BPMN_BETA:
        why = (f"Root element is BPMN 2.0 beta <definitions> ({namespace}); "
               f"BPMN 2.0 final uses {ns.BPMN}")
    elif local == "definitions":
        why = (f"Root <definitions> is in namespace {namespace or '(none)'}, "
               f"not the BPMN 2.0 MODEL namespace {ns.BPMN}")
    else:
        where = f" in namespace {namespace}" if namespace else " (no namespace)"
        why = f"Not a BPMN 2.0 document: root element is <{local}>{where}, expected <definitions>"
    return problem("non-bpmn-document", why, line=root.sourceline or 1)


# --- the builder -------------------------------------------------------------------------

_B = "{" + ns.BPMN + "}"
_DI = "{" + ns.BPMNDI + "}"
_DC = "{" + ns.DC + "}"
_DIDI = "{" + ns.DI + "}"
_DOCUMENTATION, _EXTENSIONS = _B + "documentation", _B + "extensionElements"
_DC_BOUNDS, _DI_LABEL, _WAYPOINT = _DC + "Bounds", _DI + "BPMNLabel", _DIDI + "waypoint"
_XSI_TYPE = ns.q(ns.XSI, "type")
_BIOC_FILL, _BIOC_STROKE = ns.q(ns.BIOC, "fill"), ns.q(ns.BIOC, "stroke")
_COLOR_BG, _COLOR_BORDER = ns.q(ns.COLOR, "background-color"), ns.q(ns.COLOR, "border-color")
_COLOR_TEXT = ns.q(ns.COLOR, "color")

# BPMN elements that may appear where we look but carry nothing the model needs.
_IGNORED_IN_SCOPE = frozenset({
    "documentation", "extensionElements", "ioSpecification", "property", "auditing",
    "monitoring", "supports", "correlationSubscription", "resourceRole", "performer",
    "humanPerformer", "potentialOwner", "ioBinding", "rendering", "dataInput", "dataOutput",
    "inputSet", "outputSet", "categoryValue", "standardLoopCharacteristics",
    "multiInstanceLoopCharacteristics", "incoming", "outgoing", "dataInputAssociation",
    "dataOutputAssociation", "laneSet", "completionCondition", "script", "conditionExpression",
    "resourceParameterBinding", "resourceAssignmentExpression", "startQuantity",
    "inputDataItem", "outputDataItem", "loopCardinality", "loopDataInputRef",
    "loopDataOutputRef", "complexBehaviorDefinition", "eventDefinitionRef", "activationCondition",
})
_ROOT_TAGS = frozenset({
    "message", "signal", "error", "escalation", "dataStore", "itemDefinition", "interface",
    "resource", "partnerRole", "partnerEntity", "correlationProperty", "category",
    "messageEventDefinition", "timerEventDefinition", "errorEventDefinition",
    "escalationEventDefinition", "cancelEventDefinition", "compensateEventDefinition",
    "conditionalEventDefinition", "linkEventDefinition", "signalEventDefinition",
    "terminateEventDefinition", "endPoint", "globalTask", "globalUserTask",
    "globalScriptTask", "globalManualTask", "globalBusinessRuleTask", "choreography",
    "globalConversation", "extension", "import", "relationship", "documentation",
    "extensionElements", "eventDefinition",
})
_COLLAB_IGNORED = frozenset({
    "documentation", "extensionElements", "conversation", "subConversation", "callConversation",
    "conversationLink", "conversationAssociation", "correlationKey", "participantAssociation",
    "messageFlowAssociation", "choreographyRef",
})
_ARTIFACT_TAGS = frozenset({"textAnnotation", "group", "association"})
_DATA_TAGS = frozenset({"dataObject", "dataObjectReference", "dataStoreReference"})
_EVENT_DEF_KINDS = {
    "messageEventDefinition": "message", "timerEventDefinition": "timer",
    "errorEventDefinition": "error", "escalationEventDefinition": "escalation",
    "cancelEventDefinition": "cancel", "compensateEventDefinition": "compensate",
    "conditionalEventDefinition": "conditional", "linkEventDefinition": "link",
    "signalEventDefinition": "signal", "terminateEventDefinition": "terminate",
}
_EVENT_DEF_REF = {"message": "messageRef", "signal": "signalRef", "error": "errorRef",
                  "escalation": "escalationRef", "compensate": "activityRef"}


_ID_XPATH = etree.XPath("//@id", smart_strings=True)
_ID_VALUES = etree.XPath("//@id", smart_strings=False)  # plain strings: a third cheaper
_MODEL_NAMESPACES = frozenset({ns.BPMN, ns.BPMNDI, ns.DI, ns.DC})


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("true", "1")


def _opt_bool(value: str | None) -> bool | None:
    return None if value is None else value.strip().lower() in ("true", "1")


def _text(el: etree._Element) -> str:
    if len(el) == 0:
        return (el.text or "").strip()
    return "".join(t for t in el.itertext() if isinstance(t, str)).strip()


def _children(el: etree._Element):
    # Elements only: comments, processing instructions and unresolved entities are skipped.
    return el.iterchildren(etree.Element)


def _annotate(common: dict, child: etree._Element) -> None:
    """Add a <documentation> or <extensionElements> child to an element's fields."""
    if child.tag == _DOCUMENTATION:
        text = _text(child)
        found = common["documentation"]
        common["documentation"] = text if found is None else found + "\n" + text
    else:
        common["extensions"] += etree.tostring(child)
        common["extensions_line"] = common["extensions_line"] or child.sourceline or 0


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Finding] = []
        self.elements: dict[str, Element] = {}
        self.scope_of: dict[str, str] = {}
        self.process_of: dict[str, str] = {}
        self._process: str | None = None
        # (element id, attribute, referenced id, line, kinds of element allowed or None)
        self._refs: list[tuple[str | None, str, str, int]] = []
        self._ids: set[str] = set()

    # -- entry ------------------------------------------------------------------------------
    def build(self, root: etree._Element) -> Document:
        self._collect_ids(root)
        processes, collaborations, roots, diagrams = [], [], [], []
        for child in _children(root):
            tag = child.tag
            if tag == _B + "process":
                processes.append(self._process_el(child))
            elif tag == _B + "collaboration":
                collaborations.append(self._collaboration(child))
            elif tag == _DI + "BPMNDiagram":
                diagrams.append(self._diagram(child))
            elif tag.startswith(_B):
                local = tag[len(_B):]
                if local in _ROOT_TAGS:
                    if local not in ("documentation", "extensionElements"):
                        roots.append(self._root_element(child, local))
                else:
                    self._unknown(child, local, "definitions")
            # elements of other namespaces are vendor extensions and are tolerated
        self._check_refs()
        get = root.get
        return Document(
            file=self.file, line=root.sourceline or 1, id=get("id"), name=get("name"),
            target_namespace=get("targetNamespace"), exporter=get("exporter"),
            exporter_version=get("exporterVersion"), processes=tuple(processes),
            collaborations=tuple(collaborations), root_elements=tuple(roots),
            diagrams=tuple(diagrams), elements=self.elements, scope_of=self.scope_of,
            process_of=self.process_of, namespaces=dict(root.nsmap) if root.nsmap else {},
            expression_language=get("expressionLanguage"),
        )

    def _collect_ids(self, root: etree._Element) -> None:
        ids = _ID_VALUES(root)
        self._ids = set(ids)
        if len(self._ids) == len(ids):
            return  # no id twice: no need to count them or find their owners
        counts = Counter(ids)
        seen: set[str] = set()
        for attr in _ID_XPATH(root):
            if counts[attr] > 1:
                value = str(attr)
                owner = attr.getparent()
                namespace, local = ns.split(owner.tag)
                # Vendor extension content may reuse ids legitimately: only BPMN and DI count.
                if namespace not in _MODEL_NAMESPACES:
                    continue
                if value in seen:
                    self.problems.append(problem(
                        "duplicate-id", f"Id '{value}' is used more than once (here on <{local}>)",
                        line=owner.sourceline, element_id=value, attribute="id"))
                seen.add(value)

    def _unknown(self, el: etree._Element, local: str, where: str) -> None:
        self.problems.append(problem(
            "unknown-element", f"Unknown BPMN element <{local}> in <{where}>",
            line=el.sourceline, element_id=el.get("id")))

    def _ref(self, owner: str | None, attr: str, value: str | None, line: int) -> None:
        if value:
            self._refs.append((owner, attr, value.strip(), line))

    def _resolve(self, value: str) -> str:
        """References are ``xsd:IDREF`` or ``QName``; accept ``prefix:id`` for the latter."""
        if value in self._ids or ":" not in value:
            return value
        local = value.rsplit(":", 1)[1]
        return local if local in self._ids else value

    def _check_refs(self) -> None:
        for owner, attr, value, line in self._refs:
            if self._resolve(value) not in self._ids:
                self.problems.append(problem(
                    "dangling-reference",
                    f"{attr} '{value}' does not refer to any element in this file",
                    line=line, element_id=owner, attribute=attr))

    def _register(self, element: Element, scope: str | None = None) -> None:
        if element.id and element.id not in self.elements:
            self.elements[element.id] = element
            if scope is not None:
                self.scope_of[element.id] = scope
            if self._process is not None:
                self.process_of[element.id] = self._process

    # -- common attributes ----------------------------------------------------------------
    def _common(self, el: etree._Element, local: str, children: bool = True) -> dict:
        """The fields every element has. ``children=False``: the caller passes the
        <documentation> and <extensionElements> children to :func:`_annotate` in its own
        pass over the children (a flow node's), instead of a second pass here."""
        attrs = dict(el.items())
        common = dict(id=attrs.get("id"), tag=local, line=el.sourceline or 0,
                      name=attrs.get("name"), attrs=attrs, documentation=None,
                      extensions=b"", extensions_line=0)
        if children and len(el):
            for child in el.iterchildren(_DOCUMENTATION, _EXTENSIONS):
                _annotate(common, child)
        return common

    def _expression(self, el: etree._Element) -> Expression:
        return Expression(body=_text(el), line=el.sourceline or 0, language=el.get("language"),
                          xsi_type=el.get(_XSI_TYPE), attrs=dict(el.attrib))

    # -- processes and scopes ------------------------------------------------------------
    def _process_el(self, el: etree._Element) -> Process:
        common = self._common(el, "process")
        self._process = common["id"]
        scope = self._scope(el, common["id"])
        process = Process(**common, scope=scope, is_executable=_opt_bool(el.get("isExecutable")),
                          process_type=el.get("processType"))
        self._process = None
        if process.id:
            self.elements.setdefault(process.id, process)
            self.process_of.setdefault(process.id, process.id)
        return process

    def _scope(self, el: etree._Element, owner: str | None) -> Scope:
        nodes, flows, data, artifacts, lane_sets, io = [], [], [], [], [], []
        for child in _children(el):
            tag = child.tag
            if not tag.startswith(_B):
                continue
            local = tag[len(_B):]
            if local in ACTIVITY_TAGS or local in GATEWAY_TAGS or local in EVENT_TAGS:
                node = self._node(child, local)
                nodes.append(node)
                self._register(node, owner)
            elif local == "sequenceFlow":
                flow = self._sequence_flow(child)
                flows.append(flow)
                self._register(flow, owner)
            elif local in _DATA_TAGS:
                item = self._data(child, local)
                data.append(item)
                self._register(item, owner)
            elif local in _ARTIFACT_TAGS:
                item = self._artifact(child, local)
                artifacts.append(item)
                self._register(item, owner)
            elif local == "laneSet":
                lane_sets.append(self._lane_set(child, owner))
            elif local == "ioSpecification":
                for item in _children(child):
                    if item.tag in (_B + "dataInput", _B + "dataOutput"):
                        element = DataElement(**self._common(item, item.tag[len(_B):]),
                                              is_collection=_bool(item.get("isCollection"), False))
                        io.append(element)
                        self._register(element, owner)
            elif local not in _IGNORED_IN_SCOPE:
                self._unknown(child, local, "process" if owner == self._process else "subProcess")
        return Scope(owner=owner, nodes=tuple(nodes), flows=tuple(flows), data=tuple(data),
                     artifacts=tuple(artifacts), lane_sets=tuple(lane_sets), io=tuple(io))

    def _lane_set(self, el: etree._Element, scope: str | None) -> LaneSet:
        common = self._common(el, "laneSet")
        lanes = tuple(self._lane(c, scope) for c in _children(el) if c.tag == _B + "lane")
        lane_set = LaneSet(**common, lanes=lanes)
        self._register(lane_set, scope)
        return lane_set

    def _lane(self, el: etree._Element, scope: str | None) -> Lane:
        common = self._common(el, "lane")
        refs, children = [], []
        for child in _children(el):
            if child.tag == _B + "flowNodeRef":
                ref = _text(child)
                refs.append(ref)
                self._ref(common["id"], "flowNodeRef", ref, child.sourceline or 0)
            elif child.tag == _B + "childLaneSet":
                children.extend(self._lane(c, scope) for c in _children(child)
                                if c.tag == _B + "lane")
        lane = Lane(**common, flow_node_refs=tuple(refs), children=tuple(children))
        self._register(lane, scope)
        return lane

    def _node(self, el: etree._Element, local: str) -> FlowNode:
        common = self._common(el, local, children=False)
        node_id = common["id"]
        incoming, outgoing, assocs = [], [], []
        loop = None
        definitions: list[EventDefinition] = []
        for child in _children(el):
            tag = child.tag
            if tag == _B + "incoming":
                ref = _text(child)
                incoming.append(ref)
                self._ref(node_id, "incoming", ref, child.sourceline or 0)
            elif tag == _B + "outgoing":
                ref = _text(child)
                outgoing.append(ref)
                self._ref(node_id, "outgoing", ref, child.sourceline or 0)
            elif tag == _DOCUMENTATION or tag == _EXTENSIONS:
                _annotate(common, child)
            elif tag in (_B + "dataInputAssociation", _B + "dataOutputAssociation"):
                assocs.append(self._data_association(child, tag.endswith("OutputAssociation")))
            elif tag in (_B + "standardLoopCharacteristics",
                         _B + "multiInstanceLoopCharacteristics"):
                loop = self._loop(child)
            elif tag.startswith(_B) and tag[len(_B):] in _EVENT_DEF_KINDS:
                definitions.append(self._event_definition(child, tag[len(_B):], node_id))
            elif tag == _B + "eventDefinitionRef":
                ref = _text(child)
                self._ref(node_id, "eventDefinitionRef", ref, child.sourceline or 0)
                definitions.append(EventDefinition(
                    id=None, tag="eventDefinitionRef", line=child.sourceline or 0,
                    kind="unknown", ref=ref, by_reference=True))
        base = dict(common, incoming=tuple(incoming), outgoing=tuple(outgoing),
                    data_associations=tuple(assocs))
        get = common["attrs"].get
        if local in GATEWAY_TAGS:
            self._ref(node_id, "default", get("default"), common["line"])
            return Gateway(**base, default=get("default"), direction=get("gatewayDirection"),
                           instantiate=_bool(get("instantiate"), False),
                           event_gateway_type=get("eventGatewayType"))
        if local in EVENT_TAGS:
            self._ref(node_id, "attachedToRef", get("attachedToRef"), common["line"])
            return Event(**base, definitions=tuple(definitions),
                         attached_to=get("attachedToRef"),
                         cancel_activity=_bool(get("cancelActivity"), True),
                         is_interrupting=_bool(get("isInterrupting"), True),
                         parallel_multiple=_bool(get("parallelMultiple"), False))
        self._ref(node_id, "default", get("default"), common["line"])
        for attr in ("messageRef",):
            self._ref(node_id, attr, get(attr), common["line"])
        script = None
        if local == "scriptTask":
            for child in el.iterchildren(_B + "script"):
                script = Expression(body=_text(child), line=child.sourceline or 0,
                                    language=get("scriptFormat"))
        activity = dict(base, default=get("default"),
                        is_for_compensation=_bool(get("isForCompensation"), False), loop=loop,
                        script=script)
        if local in SUBPROCESS_TAGS:
            scope = self._scope(el, node_id)
            return SubProcess(**activity, scope=scope,
                              triggered_by_event=_bool(get("triggeredByEvent"), False))
        if local == "callActivity":
            return CallActivity(**activity, called_element=get("calledElement"))
        return Activity(**activity)

    def _event_definition(self, el: etree._Element, local: str, owner: str | None
                          ) -> EventDefinition:
        kind = _EVENT_DEF_KINDS[local]
        common = self._common(el, local)
        ref_attr = _EVENT_DEF_REF.get(kind)
        ref = el.get(ref_attr) if ref_attr else None
        if ref_attr:
            self._ref(owner, ref_attr, ref, el.sourceline or 0)
        condition = None
        timer = []
        for child in _children(el):
            if child.tag == _B + "condition":
                condition = self._expression(child)
            elif child.tag in (_B + "timeDate", _B + "timeCycle", _B + "timeDuration"):
                timer.append((child.tag[len(_B):], self._expression(child)))
        if common["id"]:
            self._register(EventDefinition(**common, kind=kind, ref=ref))
        return EventDefinition(**common, kind=kind, ref=ref,
                               link_name=el.get("name") if kind == "link" else None,
                               condition=condition, timer=tuple(timer))

    def _loop(self, el: etree._Element) -> Loop:
        multi = el.tag == _B + "multiInstanceLoopCharacteristics"
        common = self._common(el, "multiInstanceLoopCharacteristics" if multi
                              else "standardLoopCharacteristics")
        fields: dict = {}
        for child in _children(el):
            local = ns.split(child.tag)[1] if child.tag.startswith(_B) else None
            if local == "loopCondition":
                fields["loop_condition"] = self._expression(child)
            elif local == "loopCardinality":
                fields["loop_cardinality"] = self._expression(child)
            elif local == "completionCondition":
                fields["completion_condition"] = self._expression(child)
        return Loop(**common, multi_instance=multi,
                    is_sequential=_bool(el.get("isSequential"), False),
                    test_before=_bool(el.get("testBefore"), False),
                    loop_maximum=el.get("loopMaximum"), **fields)

    def _data_association(self, el: etree._Element, output: bool) -> DataAssociation:
        common = self._common(el, "dataOutputAssociation" if output else "dataInputAssociation")
        sources, target = [], None
        for child in _children(el):
            if child.tag == _B + "sourceRef":
                sources.append(_text(child))
            elif child.tag == _B + "targetRef":
                target = _text(child)
        return DataAssociation(**common, output=output, sources=tuple(sources), target=target)

    def _sequence_flow(self, el: etree._Element) -> SequenceFlow:
        common = self._common(el, "sequenceFlow", children=False)
        condition = None
        for child in _children(el) if len(el) else ():
            tag = child.tag
            if tag == _B + "conditionExpression":
                condition = self._expression(child)
            elif tag == _DOCUMENTATION or tag == _EXTENSIONS:
                _annotate(common, child)
        source, target = common["attrs"].get("sourceRef"), common["attrs"].get("targetRef")
        line = common["line"]
        for attr, value in (("sourceRef", source), ("targetRef", target)):
            if value is None:
                self.problems.append(problem(
                    "dangling-reference", f"Sequence flow has no {attr}", line=line,
                    element_id=common["id"], attribute=attr))
            self._ref(common["id"], attr, value, line)
        return SequenceFlow(**common, source=source, target=target, condition=condition)

    def _data(self, el: etree._Element, local: str) -> DataElement:
        common = self._common(el, local)
        ref = el.get("dataObjectRef") or el.get("dataStoreRef")
        if ref:
            self._ref(common["id"], "dataObjectRef" if el.get("dataObjectRef") else "dataStoreRef",
                      ref, el.sourceline or 0)
        return DataElement(**common, ref=ref, is_collection=_bool(el.get("isCollection"), False))

    def _artifact(self, el: etree._Element, local: str) -> Element:
        common = self._common(el, local)
        line = el.sourceline or 0
        if local == "textAnnotation":
            text = next((_text(c) for c in _children(el) if c.tag == _B + "text"), "")
            return TextAnnotation(**common, text=text)
        if local == "group":
            self._ref(common["id"], "categoryValueRef", el.get("categoryValueRef"), line)
            return Group(**common, category_value_ref=el.get("categoryValueRef"))
        source, target = el.get("sourceRef"), el.get("targetRef")
        self._ref(common["id"], "sourceRef", source, line)
        self._ref(common["id"], "targetRef", target, line)
        return Association(**common, source=source, target=target,
                           direction=el.get("associationDirection", "None"))

    def _root_element(self, el: etree._Element, local: str) -> RootElement:
        element = RootElement(**self._common(el, local))
        self._register(element)
        if local == "category":
            for child in _children(el):
                if child.tag == _B + "categoryValue":
                    value = RootElement(**self._common(child, "categoryValue"),)
                    self._register(value)
        return element

    # -- collaborations -------------------------------------------------------------------
    def _collaboration(self, el: etree._Element) -> Collaboration:
        common = self._common(el, "collaboration")
        participants, flows, artifacts = [], [], []
        for child in _children(el):
            tag = child.tag
            if not tag.startswith(_B):
                continue
            local = tag[len(_B):]
            line = child.sourceline or 0
            if local == "participant":
                item = Participant(**self._common(child, local), process_ref=child.get("processRef"))
                self._ref(item.id, "processRef", item.process_ref, line)
                participants.append(item)
            elif local == "messageFlow":
                item = MessageFlow(**self._common(child, local), source=child.get("sourceRef"),
                                   target=child.get("targetRef"),
                                   message_ref=child.get("messageRef"))
                for attr in ("sourceRef", "targetRef", "messageRef"):
                    self._ref(item.id, attr, child.get(attr), line)
                flows.append(item)
            elif local in _ARTIFACT_TAGS:
                item = self._artifact(child, local)
                artifacts.append(item)
            elif local not in _COLLAB_IGNORED:
                self._unknown(child, local, "collaboration")
                continue
            else:
                continue
            self._register(item)
        collaboration = Collaboration(**common, participants=tuple(participants),
                                      message_flows=tuple(flows), artifacts=tuple(artifacts))
        self._register(collaboration)
        return collaboration

    # -- diagram interchange --------------------------------------------------------------
    def _diagram(self, el: etree._Element) -> Diagram:
        plane = None
        for child in _children(el):
            if child.tag == _DI + "BPMNPlane":
                plane = self._plane(child)
        return Diagram(id=el.get("id"), name=el.get("name"), line=el.sourceline or 0, plane=plane)

    def _plane(self, el: etree._Element) -> Plane:
        shapes, edges = [], []
        self._ref(el.get("id"), "bpmnElement", el.get("bpmnElement"), el.sourceline or 0)
        for child in _children(el):
            if child.tag == _DI + "BPMNShape":
                shapes.append(self._shape(child))
            elif child.tag == _DI + "BPMNEdge":
                edges.append(self._edge(child))
        return Plane(id=el.get("id"), element_ref=el.get("bpmnElement"), line=el.sourceline or 0,
                     shapes=tuple(shapes), edges=tuple(edges))

    def _number(self, el: etree._Element, attr: str) -> float | None:
        value = el.get(attr)
        try:
            return float(value) if value is not None else None
        except ValueError:
            self.problems.append(problem(
                "invalid-attribute", f"{attr}='{value}' is not a number",
                line=el.sourceline, element_id=el.getparent().get("id"), attribute=attr))
            return None

    def _bounds(self, el: etree._Element) -> Bounds | None:
        """A ``dc:Bounds`` element; an attribute that is not a number is a problem."""
        get = el.get
        try:
            return Bounds(float(get("x")), float(get("y")), float(get("width")),
                          float(get("height")))
        except (TypeError, ValueError):  # the slow path says which attribute is wrong
            values = [self._number(el, a) for a in ("x", "y", "width", "height")]
            return None if None in values else Bounds(*values)  # type: ignore[arg-type]

    def _label(self, el: etree._Element) -> Label:
        for child in el:
            if child.tag == _DC_BOUNDS:
                return Label(self._bounds(child), el.get(_COLOR_TEXT))
        return Label(None, el.get(_COLOR_TEXT))

    # Shapes and edges are most of a drawn file's elements: one pass over their children.
    def _shape(self, el: etree._Element) -> Shape:
        get = dict(el.items()).get  # one call for all attributes; most lookups miss
        line = el.sourceline or 0
        ref = get("bpmnElement")
        if ref:
            self._refs.append((get("id"), "bpmnElement", ref.strip(), line))
        bounds = label = None
        seen = False  # the first dc:Bounds counts, even when it is broken
        for child in el:
            tag = child.tag
            if tag == _DC_BOUNDS and not seen:
                bounds, seen = self._bounds(child), True
            elif tag == _DI_LABEL and label is None:
                label = self._label(child)
        return Shape(id=get("id"), element_ref=ref, line=line,
                     bounds=bounds, is_expanded=_opt_bool(get("isExpanded")),
                     is_marker_visible=_opt_bool(get("isMarkerVisible")),
                     is_horizontal=_opt_bool(get("isHorizontal")),
                     fill=get(_BIOC_FILL) or get(_COLOR_BG),
                     stroke=get(_BIOC_STROKE) or get(_COLOR_BORDER), label=label)

    def _edge(self, el: etree._Element) -> Edge:
        get = dict(el.items()).get
        line = el.sourceline or 0
        ref = get("bpmnElement")
        if ref:
            self._refs.append((get("id"), "bpmnElement", ref.strip(), line))
        points = []
        label = None
        for child in el:
            tag = child.tag
            if tag == _WAYPOINT:
                try:
                    points.append((float(child.get("x")), float(child.get("y"))))
                except (TypeError, ValueError):
                    x, y = self._number(child, "x"), self._number(child, "y")
                    if x is not None and y is not None:
                        points.append((x, y))
            elif tag == _DI_LABEL and label is None:
                label = self._label(child)
        return Edge(id=get("id"), element_ref=ref, line=line,
                    waypoints=tuple(points), fill=get(_BIOC_FILL) or get(_COLOR_BG),
                    stroke=get(_BIOC_STROKE) or get(_COLOR_BORDER), label=label,
                    message_visible_kind=get("messageVisibleKind"))
