"""What reports say about rules: summaries and documentation, for any rule id in a report."""

from __future__ import annotations

import re

from ..finding import Severity
from ..lint.registry import all_rules
from ..finding import RULE_ERROR, RULE_ERROR_SUMMARY

_RULE_ERROR_DOC = f"""{RULE_ERROR}: {RULE_ERROR_SUMMARY}

## What it finds
A rule raised an exception on this file, or the process checking it died (a crash in native
code, the out-of-memory killer). The other rules' findings are still reported.

## Why it matters
The file was not fully checked, so it is not known to be correct.

## Example
`Rule no-disconnected crashed: KeyError: 'Flow_1' (no_disconnected.py:42)`

## Fix
Report it with the file that triggers it: it is a bug in metis-bpmn, not in your diagram.
"""

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def summary(rule_id: str) -> str:
    """The one-line summary of a rule (or of the runner's ``rule-error``)."""
    rule = all_rules().get(rule_id)
    if rule is not None:
        return rule.summary
    return RULE_ERROR_SUMMARY if rule_id == RULE_ERROR else rule_id


def doc(rule_id: str) -> str:
    """The rule's Markdown documentation: ``name: summary`` and the four sections."""
    rule = all_rules().get(rule_id)
    if rule is not None:
        return rule.doc
    return _RULE_ERROR_DOC if rule_id == RULE_ERROR else f"{rule_id}: {rule_id}"


def section(markdown: str, title: str) -> str:
    """The text of one ``## title`` section, or ``""``.

    >>> section("x: y\\n\\n## What it finds\\nA thing.\\n\\n## Fix\\nDo.", "What it finds")
    'A thing.'
    """
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return match.group(1).strip() if match else ""
