"""Output formats for findings. Each module renders a complete report as a string."""

from dataclasses import dataclass, field
from typing import Sequence

from ..lint.finding import Finding


@dataclass(frozen=True)
class FileReport:
    """The findings of one checked file (possibly none)."""

    path: str
    findings: Sequence[Finding] = field(default_factory=tuple)
