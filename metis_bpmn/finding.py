"""The one diagnostic type of metis-bpmn, at the bottom of the package: the model, the
vault, the rules, the renderer and the reports all use it and it uses none of them.

Every problem the toolkit reports, from a parse error to a deadlock or a broken vault note,
is a :class:`Finding`. Findings are immutable and totally ordered, so output is byte-stable.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Iterable

from .frozen import quick_init

# The finding a crashed rule (or a worker killed while checking a file) leaves instead.
RULE_ERROR = "rule-error"
RULE_ERROR_SUMMARY = "A rule crashed, or checking a file killed its worker process"


class Severity(enum.IntEnum):
    """How much a finding matters. The order is used for thresholds: INFO < WARNING < ERROR."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, value: object) -> "Severity | None":
        """Parse a configured severity; ``None`` means "off".

        Accepts bpmnlint's spellings (``off``/``warn``/``error``/``info``, ``0``-``3``,
        any case) and ours (``warning``).

        >>> Severity.parse("warn"), Severity.parse(2), Severity.parse("OFF")
        (<Severity.WARNING: 2>, <Severity.ERROR: 3>, None)
        """
        if isinstance(value, bool):
            raise ValueError(f"invalid severity {value!r}")
        if isinstance(value, int):
            table = {0: None, 1: cls.WARNING, 2: cls.ERROR, 3: cls.INFO}
            if value in table:
                return table[value]
            raise ValueError(f"invalid severity {value!r}: use 0-3")
        if isinstance(value, str):
            key = value.strip().lower()
            table_s = {"off": None, "warn": cls.WARNING, "warning": cls.WARNING,
                       "error": cls.ERROR, "info": cls.INFO}
            if key in table_s:
                return table_s[key]
            if key.isdigit():
                return cls.parse(int(key))
        raise ValueError(f"invalid severity {value!r}: use off, info, warn or error")


_LABELS = ("", "info", "warning", "error")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located as precisely as the input allows.

    ``evidence`` is an ordered tuple of element ids: a counterexample firing sequence,
    a bypass path, a loop. ``hint`` says what to do about it, imperatively.
    """

    rule: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    element_id: str | None = None
    process_id: str | None = None
    evidence: tuple[str, ...] = field(default=())
    hint: str | None = None
    attribute: str | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.rule,
                self.element_id or "", self.message, self.evidence)

    def __lt__(self, other: "Finding") -> bool:
        return self.sort_key() < other.sort_key()

    def __reduce__(self):
        # Findings cross from the workers to the parent: pickled as the constructor's
        # arguments, not the dataclass's field-by-field state (three times slower).
        return Finding, _FIELDS(self)


_FIELDS = attrgetter(*(f.name for f in fields(Finding)))
quick_init(Finding)


def count(findings: Iterable[Finding]) -> tuple[int, int, int]:
    """(errors, warnings, infos)."""
    errors = warnings = infos = 0
    for finding in findings:
        if finding.severity is Severity.ERROR:
            errors += 1
        elif finding.severity is Severity.WARNING:
            warnings += 1
        else:
            infos += 1
    return errors, warnings, infos
