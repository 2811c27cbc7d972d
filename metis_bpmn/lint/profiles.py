"""Profiles: named sets of rules with severities, kept as data.

``recommended``, ``strict`` and ``all`` are metis-bpmn's; ``bpmnlint:recommended``,
``bpmnlint:correctness`` and ``bpmnlint:all`` reproduce bpmnlint 11.15's configs exactly
(same rules, same default severities), so a ``.bpmnlintrc`` means what it meant there.
Rules about the input itself (``category="input"``: unparseable or hostile files, dangling
references) are on in every profile: bpmnlint reports parse and import errors too.
"""

from __future__ import annotations

from ..finding import Severity
from .registry import all_rules

E, W = Severity.ERROR, Severity.WARNING

BPMNLINT_RECOMMENDED: dict[str, Severity] = {
    "ad-hoc-sub-process": E, "conditional-flows": E, "end-event-required": E,
    "event-based-gateway": E, "event-sub-process-typed-start-event": E, "fake-join": W,
    "global": W, "label-required": E, "link-event": E, "no-bpmndi": E, "no-complex-gateway": E,
    "no-disconnected": E, "no-duplicate-sequence-flows": E, "no-gateway-join-fork": E,
    "no-implicit-end": E, "no-implicit-split": E, "no-implicit-start": E,
    "no-inclusive-gateway": W, "no-overlapping-elements": W, "single-blank-start-event": E,
    "single-event-definition": E, "start-event-required": E, "sub-process-blank-start-event": E,
    "superfluous-gateway": W, "superfluous-label": W, "superfluous-termination": W,
}
BPMNLINT_CORRECTNESS: dict[str, Severity] = {
    "ad-hoc-sub-process": E, "conditional-event": E, "event-based-gateway": E,
    "event-sub-process-typed-start-event": E, "link-event": E, "no-duplicate-sequence-flows": W,
    "single-blank-start-event": E, "sub-process-blank-start-event": E,
}
BPMNLINT_ALL_NAMES = frozenset(BPMNLINT_RECOMMENDED) | {"conditional-event", "standard-size"}

PROFILE_NAMES = ("recommended", "strict", "all",
                 "bpmnlint:recommended", "bpmnlint:correctness", "bpmnlint:all")


def profile(name: str) -> dict[str, Severity]:
    """The rule -> severity map of a profile. Raises KeyError for an unknown name."""
    rules = all_rules()
    inputs = {n: r.default for n, r in rules.items() if r.category == "input" and r.default}
    if name == "recommended":
        chosen = {n: r.default for n, r in rules.items() if r.default is not None}
    elif name == "strict":
        # Info rules list things a review should see (open questions), not defects: strict
        # keeps them at info so a clean file can still say what is undecided.
        chosen = {n: Severity.INFO if r.default is Severity.INFO else E
                  for n, r in rules.items() if r.default is not None or r.strict}
    elif name == "all":
        chosen = {n: E for n in rules}
    elif name == "bpmnlint:recommended":
        chosen = dict(BPMNLINT_RECOMMENDED)
    elif name == "bpmnlint:correctness":
        chosen = dict(BPMNLINT_CORRECTNESS)
    elif name == "bpmnlint:all":
        chosen = {n: E for n in BPMNLINT_ALL_NAMES}
    else:
        raise KeyError(name)
    # Only rules that exist in this build; bpmnlint names are all implemented (a test checks).
    merged = {**inputs, **{n: s for n, s in chosen.items() if n in rules}}
    return dict(sorted(merged.items()))
