"""Output formats for findings. Each module renders a complete report as a string."""

from dataclasses import dataclass, field
from typing import Sequence

from ..finding import Finding


@dataclass(frozen=True)
class FileReport:
    """The findings of one checked file (possibly none)."""

    path: str
    findings: Sequence[Finding] = field(default_factory=tuple)


def describe(finding: Finding) -> tuple[str, list[str]]:
    """What every format says about a finding beyond its location and rule: the message
    with the element id, then a ``path:`` line (the evidence) and a ``hint:`` line."""
    headline = finding.message + (f" ({finding.element_id})" if finding.element_id else "")
    extra = []
    if finding.evidence:
        extra.append(f"path: {' -> '.join(finding.evidence)}")
    if finding.hint:
        extra.append(f"hint: {finding.hint}")
    return headline, extra
