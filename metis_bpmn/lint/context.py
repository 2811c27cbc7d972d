"""What a rule sees: the loaded document, its load problems, and helpers to make findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping

from ..model.elements import Document, Element
from ..model.locate import IdPositions
from ..model.parse import LoadResult
from ..finding import Finding, Severity
from ..frozen import quick_init


class FileContext:
    """Shared, lazily computed facts about one file; one instance per file per run."""

    def __init__(self, load: LoadResult, settings: Mapping[str, object] | None = None) -> None:
        self.load = load
        self.settings = settings or {}  # the configuration table, for policy rules
        self.file = load.file
        self.document: Document | None = load.document
        self._positions: IdPositions | None = None
        self.cache: dict[object, object] = {}  # derived data (graphs...) shared by rules

    def position(self, element_id: str | None, fallback_line: int | None
                 ) -> tuple[int | None, int | None]:
        if element_id:
            if self._positions is None:
                self._positions = IdPositions(self.load.source)
            found = self._positions.get(element_id)
            if found:
                return found
        return fallback_line, None

    def memo(self, key: object, compute):
        """Compute derived data once per file (e.g. a flow graph) and share it across rules."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """A file seen through one rule: ``finding()`` fills in rule, severity and location."""

    shared: FileContext
    rule: str
    severity: Severity
    options: Mapping[str, object] = field(default_factory=dict)

    @property
    def document(self) -> Document:
        assert self.shared.document is not None, "rule needs a document"
        return self.shared.document

    @property
    def file(self) -> str:
        return self.shared.file

    def memo(self, key: object, compute):
        return self.shared.memo(key, compute)

    def finding(self, element: Element | str | None, message: str, *, line: int | None = None,
                column: int | None = None, attribute: str | None = None, evidence: tuple[str, ...] = (),
                hint: str | None = None, severity: Severity | None = None) -> Finding:
        """A finding on ``element`` (an element or an id), located as exactly as possible."""
        if isinstance(element, str) or element is None:
            element_id = element
            target = self.shared.document.get(element_id) if self.shared.document else None
        else:
            element_id, target = element.id, element
        if line is not None:  # an explicit line (of a child element, a parse error) wins
            found_line = line
        else:
            found_line, column = self.shared.position(element_id, getattr(target, "line", None))
        doc = self.shared.document
        return Finding(
            rule=self.rule, severity=severity or self.severity, message=message,
            file=self.file, line=found_line, column=column, element_id=element_id,
            process_id=doc.process_of.get(element_id) if doc and element_id else None,
            evidence=tuple(evidence), hint=hint, attribute=attribute)

    def problems(self) -> Iterator[Finding]:
        """Findings for the load problems that belong to this rule."""
        for problem in self.shared.load.problems:
            if problem.rule == self.rule:
                yield self.finding(problem.element_id, problem.message, line=problem.line,
                                   column=problem.column, attribute=problem.attribute)


quick_init(RuleContext)  # one per rule per file
