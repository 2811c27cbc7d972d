"""One self-contained review page: the diagram with findings or a session's state drawn on it,
zoom and pan, a legend, details of any element on hover, and the findings grouped by severity
and rule; a click on a finding highlights its path alone, with step numbers. No network
access, no external files; everything taken from the BPMN file is escaped, and a
Content-Security-Policy allows only the page's own style sheets and script, by their hashes.
The style sheet and script are review.css and review.js beside this module."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import escape
from importlib import resources
from itertools import groupby

from ..finding import Finding, Severity
from ..model.elements import Document, Element, FlowNode, Gateway, SequenceFlow
from ..model.extensions import extension_properties
from ..model.namespaces import split
from .overlay import SEVERITY_COLOURS, STATE_STYLE, evidence_paths, state_text

_ASSETS = resources.files(__package__)
_CSS = (_ASSETS / "review.css").read_text(encoding="utf-8")
_JS = (_ASSETS / "review.js").read_text(encoding="utf-8")
_CLIP = 600  # characters of one hover line: a long documentation must not cover the page

# In a <script> element the HTML parser looks for "</script" and, after "<!--", for "<script"
# too; with none of <, > and & in the text no such sequence can occur.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)

States = Mapping[str, tuple[str, str]]  # element id -> (completed | active | blocked, reason)
Rows = Iterator[tuple[str, str | None]]


def script_json(value: object) -> str:
    """JSON that can sit inside a <script> element and reads back unchanged. ensure_ascii
    writes U+2028/U+2029 (and all other non-ASCII) as \\u escapes as well."""
    return json.dumps(value, ensure_ascii=True, sort_keys=True).translate(_SCRIPT_SAFE)


def _hash_source(text: str) -> str:
    """A CSP source allowing the inline style or script whose text is ``text``."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _csp(svg: str) -> str:
    # The diagram's own <style> (the overlay's rules, no & or <, so its text is its bytes)
    # needs a hash as well; the JSON block is not run, so it needs none.
    styles = " ".join(_hash_source(css) for css in [_CSS, *_STYLE.findall(svg)])
    return (f"default-src 'none'; style-src {styles}; script-src {_hash_source(_JS)}; "
            "base-uri 'none'; form-action 'none'")


def _label(document: Document, element_id: str | None) -> str:
    """What a person calls an element: its name on one line, else its id."""
    element = document.get(element_id)
    name = " ".join((element.name or "").split()) if element is not None else ""
    return name or element_id or "?"


def _ref(document: Document, element_id: str, step: str = "") -> str:
    """An element by name, its id on hover."""
    number = f"<i>{step}</i> " if step else ""
    return (f'<span class="ref" title="{escape(element_id)}">{number}'
            f"{escape(_label(document, element_id))}</span>")


@dataclass(frozen=True)
class _Model:
    """The document and its sequence flows by source, looked up once for every hover."""

    document: Document
    outgoing: Mapping[str, list[SequenceFlow]]

    @classmethod
    def of(cls, document: Document) -> "_Model":
        outgoing: dict[str, list[SequenceFlow]] = {}
        for _, scope in document.scopes():
            for flow in scope.flows:
                outgoing.setdefault(flow.source or "", []).append(flow)
        return cls(document, outgoing)


# What the hover shows of an element after its type, id and name: each function gives
# (label, text) rows. Declared data fields will be one more function in _DETAILS.

def _documentation(model: _Model, element: Element) -> Rows:
    yield "documentation", element.documentation


def _conditions(model: _Model, element: Element) -> Rows:
    document = model.document
    if isinstance(element, SequenceFlow) and element.condition is not None:
        yield "condition", element.condition.body
    if isinstance(element, Gateway):
        for flow in model.outgoing.get(element.id or "", ()):
            if flow.condition is not None:
                yield f"to {_label(document, flow.target)}", flow.condition.body
        default = document.get(element.default)
        if isinstance(default, SequenceFlow):
            yield "default", f"to {_label(document, default.target)}"
    for definition in getattr(element, "definitions", ()):
        if definition.condition is not None:
            yield "condition", definition.condition.body
        for kind, expression in definition.timer:
            yield kind, expression.body
    loop = getattr(element, "loop", None)
    if loop is not None:
        yield from (("loop condition", getattr(loop.loop_condition, "body", None)),
                    ("cardinality", getattr(loop.loop_cardinality, "body", None)),
                    ("completion condition", getattr(loop.completion_condition, "body", None)))


def _attributes(model: _Model, element: Element) -> Rows:
    """Every attribute not shown otherwise, vendor ones (metis:kind...) by their prefix."""
    prefixes = {uri: prefix for prefix, uri in model.document.namespaces.items() if prefix}
    for key, value in element.attrs.items():
        uri, local = split(key)
        if uri is None and local in ("id", "name", "default"):  # in the head, or by name
            continue
        yield (f"{prefixes[uri]}:{local}" if uri in prefixes else key), value


def _properties(model: _Model, element: Element) -> Rows:
    yield from extension_properties(element)


_DETAILS = (_documentation, _conditions, _attributes, _properties)


def _clip(text: str) -> str:
    return text if len(text) <= _CLIP else text[:_CLIP] + "\u2026"


def _state(states: States | None, element: Element) -> str:
    if states is None:
        return ""
    if element.id in states:
        return state_text(*states[element.id])
    return "not reached" if isinstance(element, FlowNode) else ""


def _element_data(model: _Model, element: Element, findings: list[int],
                  states: States | None) -> dict:
    name = f" \u201c{element.name}\u201d" if element.name else ""
    rows = [("state", _state(states, element))]
    rows += [row for detail in _DETAILS for row in detail(model, element)]
    return {"head": f"{element.tag} {element.id}{name}", "findings": findings,
            "rows": [[label, _clip(text)] for label, text in rows if text]}


def _finding_data(path: Callable[[Iterable[str]], list[str]], finding: Finding) -> dict:
    steps = [e for e in finding.evidence if e]
    highlight = [finding.element_id, *path(steps)]
    return {"highlight": [h for h in dict.fromkeys(highlight) if h], "steps": steps,
            "severity": finding.severity.label, "text": f"[{finding.rule}] {finding.message}",
            "hint": finding.hint or ""}


def _item(document: Document, index: int, finding: Finding) -> str:
    where = [f"line {finding.line}"] if finding.line else []
    if finding.element_id:
        where.append(_ref(document, finding.element_id))
    hint = f'<div class="hint">hint: {escape(finding.hint)}</div>' if finding.hint else ""
    steps = [e for e in finding.evidence if e]
    path = " \u2192 ".join(_ref(document, e, str(n)) for n, e in enumerate(steps, 1))
    path = f'<div class="path">path: {path}</div>' if path else ""
    return (f'<li class="{finding.severity.label}" data-index="{index}" tabindex="0">'
            f"{escape(finding.message)}<div class=\"where\">{' · '.join(where)}</div>"
            f"{hint}{path}</li>")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _listing(document: Document, findings: list[Finding]) -> str:
    """Findings by severity (worst first), then by rule, each with its path by name."""
    if not findings:
        return '<p class="none">No findings.</p>'
    ordered = sorted(enumerate(findings), key=lambda p: (-p[1].severity, p[1].rule, p[0]))
    sections = []
    for severity, in_severity in groupby(ordered, key=lambda p: p[1].severity):
        in_severity = list(in_severity)
        rules = []
        for rule, in_rule in groupby(in_severity, key=lambda p: p[1].rule):
            items = [_item(document, i, f) for i, f in in_rule]
            rules.append(f'<h3>{escape(rule)} <span class="count">{len(items)}</span></h3>'
                         f"<ol>{''.join(items)}</ol>")
        sections.append(f'<section class="{severity.label}">'
                        f"<h2>{_plural(len(in_severity), severity.label)}</h2>"
                        f"{''.join(rules)}</section>")
    return "".join(sections)


def _session(document: Document, states: States) -> str:
    """Where the session stands: counts, then what is blocked (with the failing facts) and
    what is active."""
    counts = Counter(state for state, _ in states.values())
    counts["not reached"] = sum(1 for n in document.flow_nodes() if n.id not in states)
    summary = ", ".join(f"{counts[s]} {s}" for s in (*STATE_STYLE, "not reached") if counts[s])
    order = {"blocked": 0, "active": 1}
    open_steps = sorted((order[s], element_id, s, reason)
                        for element_id, (s, reason) in states.items() if s in order)
    items = "".join(f'<li class="state-{state}"><span class="state">{state}</span> '
                    f"{_ref(document, element_id)}"
                    f'<div class="reason">{escape(reason)}</div></li>'
                    for _, element_id, state, reason in open_steps)
    return f'<section class="session"><h2>Session: {summary}</h2><ul>{items}</ul></section>'


_SWATCH = ('<svg width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">'
           '{}</svg>')
_BOX = ('<g class="{}"><rect x="2" y="2" width="24" height="14" rx="3" fill="white" '
        'stroke="#22242a" stroke-width="1.5"/></g>')
_PATH_SWATCH = ('<g class="selected"><path d="M1 9H27" fill="none" stroke="#22242a"/></g>'
                '<g class="step-marker"><rect x="7" y="0" width="14" height="18" rx="9"/>'
                '<text x="14" y="13">1</text></g>')


def _legend(session: bool, paths: bool) -> str:
    """The overlay's colours, drawn with the overlay's own classes so they cannot disagree,
    and, when there are findings to choose, how a chosen one's path is marked."""
    if session:
        entries = [(f"state-{s}", s) for s in STATE_STYLE] + [("state-not-reached", "not reached")]
    else:
        entries = [(f"finding-{s.label}", s.label) for s in sorted(SEVERITY_COLOURS, reverse=True)]
    items = [f"<li>{_SWATCH.format(_BOX.format(cls))} {label}</li>" for cls, label in entries]
    if not session:
        badge = (f'<circle cx="14" cy="9" r="8" fill="{SEVERITY_COLOURS[Severity.ERROR]}"/>'
                 '<text x="14" y="13" text-anchor="middle" font-family="Arial, sans-serif" '
                 'font-size="11" font-weight="bold" fill="white">2</text>')
        items.append(f"<li>{_SWATCH.format(badge)} findings on the element</li>")
    if paths:
        items.append(f"<li>{_SWATCH.format(_PATH_SWATCH)} path of the chosen finding, "
                     "step by step</li>")
    return f'<ul class="legend" aria-label="Legend">{"".join(items)}</ul>'


_TOOLBAR = ('<div class="toolbar" role="toolbar" aria-label="Zoom">'
            '<button type="button" id="zoom-out" title="Zoom out (-)">\u2212</button>'
            '<output id="zoom-level">100 %</output>'
            '<button type="button" id="zoom-in" title="Zoom in (+)">+</button>'
            '<button type="button" id="fit" title="Fit the diagram to the window (0)">Fit'
            "</button></div>")


def review_page(document: Document, svg: str, findings: Iterable[Finding], title: str,
                states: States | None = None) -> str:
    """The page for ``svg`` (the diagram with its overlay). ``states``: a session's state
    by element id, when the overlay is that session's."""
    findings = list(findings)
    at: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        at.setdefault(finding.element_id or "", []).append(index)
    model, path = _Model.of(document), evidence_paths(document)
    data = script_json({
        "findings": [_finding_data(path, f) for f in findings],
        "elements": {element_id: _element_data(model, element, at.get(element_id, []), states)
                     for element_id, element in document.elements.items()},
    })
    session = _session(document, states) if states is not None else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{_csp(svg)}">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
            f"<header><div><h1>{escape(title)}</h1>{_plural(len(findings), 'finding')}</div>"
            f"{_TOOLBAR}{_legend(states is not None, bool(findings))}</header>"
            f'<main><div id="diagram" tabindex="0">{svg}</div>'
            f"<aside>{session}{_listing(document, findings)}</aside></main>"
            f'<div id="tip" role="tooltip"></div>'
            f'<script type="application/json" id="review-data">{data}</script>'
            f"<script>{_JS}</script></body></html>\n")
