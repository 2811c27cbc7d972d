"""Overlays drawn over a diagram: findings by severity with their evidence paths, or the
state of a session (completed, active, blocked with the reason, not reached)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

from ..finding import Finding, Severity
from ..model.elements import Bounds, Document
from .style import num

SEVERITY_COLOURS = {Severity.ERROR: "#d62728", Severity.WARNING: "#e8a200",
                    Severity.INFO: "#1f77b4"}
_SHAPES = "rect, circle, polygon, path, ellipse"


@dataclass(frozen=True)
class Overlay:
    classes: Mapping[str, str] = field(default_factory=dict)  # element id -> CSS classes
    extra: str = ""  # SVG drawn on top of the diagram
    style: str = ""  # CSS for the classes


def _rule(selector: str, body: str) -> str:
    return ", ".join(f"{selector} {part}" for part in _SHAPES.split(", ")) + f" {{{body}}}"


def evidence_paths(document: Document) -> Callable[[Iterable[str]], list[str]]:
    """A function giving an evidence's elements and the sequence flows between consecutive
    ones. The flows are indexed once: a file can have thousands of findings and flows."""
    flows: dict[tuple[str | None, str | None], str] = {}
    for _, scope in document.scopes():
        for flow in scope.flows:
            if flow.id:
                flows.setdefault((flow.source, flow.target), flow.id)

    def path(evidence: Iterable[str]) -> list[str]:
        steps = [e for e in evidence if e]
        found = list(dict.fromkeys(steps))
        found += [flows[pair] for pair in zip(steps, steps[1:]) if pair in flows]
        return found
    return path


def findings_overlay(document: Document, findings: Iterable[Finding],
                     bounds: Mapping[str, Bounds], *, paths: bool = True) -> Overlay:
    """Severity colours and count badges; with ``paths``, every evidence path drawn blue (the
    review page leaves them out: it shows one finding's path at a time)."""
    by_element: dict[str, list[Finding]] = defaultdict(list)
    on_path: set[str] = set()
    path = evidence_paths(document)
    for finding in findings:
        if finding.element_id in bounds:
            by_element[finding.element_id].append(finding)
        if paths:
            on_path.update(e for e in path(finding.evidence) if e in bounds)
    classes: dict[str, str] = {e: "evidence" for e in on_path}
    badges = []
    for element_id, items in sorted(by_element.items()):
        worst = max(f.severity for f in items)
        classes[element_id] = (classes.get(element_id, "") + f" finding-{worst.label}").strip()
        b = bounds[element_id]
        title = "\n".join(f"{f.severity.label} [{f.rule}] {f.message}" for f in items)
        badges.append(
            f'<g class="badge" data-for={quoteattr(element_id)}>'
            f"<title>{escape(title)}</title>"
            f'<circle cx="{num(b.x + b.width)}" cy="{num(b.y)}" r="9" '
            f'fill="{SEVERITY_COLOURS[worst]}" stroke="white" stroke-width="1.5"/>'
            f'<text x="{num(b.x + b.width)}" y="{num(b.y + 4)}" text-anchor="middle" '
            f'font-family="Arial, sans-serif" font-size="11" font-weight="bold" '
            f'fill="white">{len(items)}</text></g>')
    style = " ".join([
        *(_rule(f".finding-{s.label}", f"stroke: {c};") for s, c in SEVERITY_COLOURS.items()),
        _rule(".evidence", "stroke: #1f77b4; stroke-width: 3px;"),
    ])
    return Overlay(classes, "".join(badges), style)


STATE_STYLE = {
    "completed": "fill: #dff3dc; stroke: #2e7d32;",
    "active": "fill: #fff3c4; stroke: #e65100;",
    "blocked": "fill: #fde0e0; stroke: #c62828;",
}


def state_text(state: str, reason: str) -> str:
    """How a session state reads on hover: "blocked: Chat 9 is SETUP READY, needs ..."."""
    return state + (": " + reason if reason else "")


def session_overlay(states: Mapping[str, tuple[str, str]], bounds: Mapping[str, Bounds]) -> Overlay:
    """``states``: element id -> (completed | active | blocked, reason). Every other drawn
    flow node is "not reached" and greyed."""
    classes = {e: f"state-{state}" for e, (state, _) in states.items() if e in bounds}
    for element_id in bounds:
        classes.setdefault(element_id, "state-not-reached")
    notes = []
    for element_id, (state, reason) in sorted(states.items()):
        b = bounds.get(element_id)
        if b is None:
            continue
        notes.append(f'<g class="state-note" data-for={quoteattr(element_id)}>'
                     f"<title>{escape(state_text(state, reason))}</title>"
                     f'<rect x="{num(b.x)}" y="{num(b.y)}" width="{num(b.width)}" '
                     f'height="{num(b.height)}" fill="none" stroke="none" '
                     f'pointer-events="all"/></g>')
    style = " ".join([*(_rule(f".state-{s}", body) for s, body in STATE_STYLE.items()),
                      ".state-not-reached { opacity: 0.45; }"])
    return Overlay(classes, "".join(notes), style)
