"""The words conditions and vault share: the facts a condition may call on ``vault``, and
the Metis status model (chat-plan cells like ``✓ FIRST PASS`` or ``○ NOT STARTED — needs
consolidation first``, normalised and ordered).

A neutral module: the vault implements the facts, the rules and the sandbox check against
them, and none of them has to import another for it.
"""

from __future__ import annotations

import re

FACT_NAMES = frozenset({
    "note_exists", "frontmatter", "has_tag", "notes_with_tag", "notes_in", "table", "status",
    "status_at_least", "statuses", "handoff_notes", "latest_handoff", "handoff_complete",
    "missing_handoff_fields", "setup_docs", "setup_docs_named_in", "missing_setup_docs",
    "open_questions", "decisions", "decisions_stated", "explain_status", "setup_for",
})
STATUS_ORDER = ("NOT STARTED", "SETUP READY", "PARTIAL", "FIRST PASS", "COMPLETE")
_SYMBOLS = re.compile(r"^[\s✓✔☑✅○◯●◐◑⏳⚠✗✘×•*_~`-]+")


def normalise(cell: str) -> str | None:
    """The known status a cell starts with, or None.

    >>> normalise("○ NOT STARTED (lower priority, capability areas)")
    'NOT STARTED'
    >>> normalise("**✓ First pass**"), normalise("done?")
    ('FIRST PASS', None)
    """
    text = _SYMBOLS.sub("", cell.strip()).upper().replace("_", " ")
    text = re.sub(r"\s+", " ", text.replace("*", "")).strip()
    for status in sorted(STATUS_ORDER, key=len, reverse=True):
        if text == status or text.startswith(status + " ") or text.startswith(status + "—") \
                or re.match(re.escape(status) + r"\b", text):
            return status
    return None


def rank(status: str) -> int:
    """Position in :data:`STATUS_ORDER`; raises ValueError for an unknown status."""
    known = normalise(status)
    if known is None:
        raise ValueError(f"unknown status {status!r}; known: {', '.join(STATUS_ORDER)}")
    return STATUS_ORDER.index(known)


def area_key(label: str) -> str:
    """Labels compared case- and space-insensitively, with the founding document's
    ``Chat #8a`` spelling read as ``Chat 8a``: ``'Chat  #8A'`` -> ``'chat 8a'``."""
    return re.sub(r"\s+", " ", re.sub(r"#\s*(?=\d)", "", label.strip().lower()))
