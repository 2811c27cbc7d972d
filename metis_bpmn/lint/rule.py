"""What a rule is: metadata plus a ``check(ctx)`` generator of findings."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from ..finding import Finding, Severity

if TYPE_CHECKING:
    from .context import RuleContext

DOC_SECTIONS = ("What it finds", "Why it matters", "Example", "Fix")


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule.

    ``default`` is the severity in the ``recommended`` profile (``None``: not in it).
    ``strict`` adds an off-by-default rule to the ``strict`` profile. ``needs_document``
    is False only for rules that report on files that could not be loaded at all.
    ``source`` names where the rule comes from: ``bpmnlint`` for bpmnlint's rules (same
    names, same semantics), ``metis`` for ours.
    """

    name: str
    summary: str
    check: Callable[["RuleContext"], Iterable[Finding]]
    default: Severity | None = Severity.ERROR
    strict: bool = False
    needs_document: bool = True
    source: str = "metis"
    category: str = "structure"
    options: Mapping[str, object] = field(default_factory=dict)
    doc: str = ""

    @property
    def url(self) -> str:
        return f"docs/rules/{self.name}.md"


def rule(name: str, summary: str, *, module_doc: str, **meta) -> Callable:
    """Decorator used by rule modules: ``RULE = rule(...)(check)`` reads cleaner as::

        @rule("start-event-required", "A process has no start event", module_doc=__doc__)
        def check(ctx): ...
    """

    def wrap(check: Callable[["RuleContext"], Iterable[Finding]]) -> Rule:
        return Rule(name=name, summary=summary, check=check,
                    doc=inspect.cleandoc(module_doc or ""), **meta)

    return wrap
