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
    "missing_handoff_parts", "mentions",
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


# Words after a status that say it does not fully hold: "✓ FIRST PASS (partial)".
_DOUBT = re.compile(r"\b(partial(ly)?|incomplete|unfinished|in progress|pending|draft|wip|"
                    r"blocked|almost|mostly|nearly|started|todo|to do)\b|\?", re.I)


def qualifier(cell: str) -> str | None:
    """What a cell adds after its status when that casts doubt on it, else None.

    >>> qualifier("✓ FIRST PASS (partial)")
    '(partial)'
    >>> qualifier("○ NOT STARTED — needs consolidation first") is None
    True
    """
    status = normalise(cell)
    if status is None:
        return None
    text = _SYMBOLS.sub("", cell.strip()).replace("*", "").strip()
    rest = text[len(status):].strip() if text.upper().startswith(status) else ""
    return rest if rest and _DOUBT.search(rest) else None


def closest_status(cell: str) -> str | None:
    """The known status an unknown cell was probably meant to be: ``First-Pass`` ->
    ``FIRST PASS``; None when nothing is close."""
    import difflib

    text = re.sub(r"[\W_]+", " ", _SYMBOLS.sub("", cell)).strip().upper()
    found = difflib.get_close_matches(text, STATUS_ORDER, n=1, cutoff=0.75)
    return found[0] if found else None


_NOISE = {"chat", "chats", "and", "the", "of", "area", "&"}


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", text.lower())
            if w and w not in _NOISE and not re.fullmatch(r"\d+[a-z]?", w)}


def area_of(label: str, folders: list[str] | tuple[str, ...]) -> str | None:
    """The area folder a chat-plan label is about: every word of the label (chat number
    dropped) is a word of the folder name, or starts one (``Mgmt`` -> ``project-mgmt``,
    ``Orchestration`` -> ``orchestration-infra``). None when no folder, or more than one
    equally, fits.

    >>> area_of("Chat 8a Session Memory", ["session-memory", "bpmn"])
    'session-memory'
    >>> area_of("Chat 10 Consolidation", ["session-memory", "bpmn"]) is None
    True
    """
    wanted = _words(label)
    if not wanted:
        return None
    fits = []
    for folder in folders:
        have = _words(folder)
        if all(any(h == w or h.startswith(w) or len(h) >= 3 and w.startswith(h) for h in have)
               for w in wanted):
            fits.append((len(have - wanted), folder))
    fits.sort()
    if not fits or len(fits) > 1 and fits[0][0] == fits[1][0]:
        return None
    return fits[0][1]
