"""Is a session's handoff complete? What the founding document's handoff shows, checked in
the vault: the chat-plan row of the session's area advanced (or the handoff says why not),
the area README agreeing with it, the files created or modified listed and existing, the
previous session resolving, open questions captured (or "none"), decisions stated, and
setup docs for the next sessions that exist, say something, list what to read first and
come with a start prompt. Each gap is one sentence."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..vocabulary import STATUS_ORDER, area_key, normalise

if TYPE_CHECKING:
    from .facts import VaultFacts
    from .note import Note

# A file the handoff says it created or modified: a path with a folder (a bare name such as
# CLAUDE.md may be a file of another repository).
_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+)+\.\w+")
_WHY_NOT = re.compile(r"\b(unchanged|not advanced|stays?|remains?|still)\b", re.I)
_ADVANCED = STATUS_ORDER.index("PARTIAL")


def _status_gaps(facts: "VaultFacts", note: "Note", area: str) -> list[str]:
    status = facts.status(area)
    if status is not None and STATUS_ORDER.index(status) >= _ADVANCED:
        return []
    texts = [h.text for h in note.body.headings] + [
        item for section in note.body.sections for item in section.items]
    if any(area_key(area) in area_key(t) and _WHY_NOT.search(t) for t in texts):
        return []  # the handoff says why the area did not advance
    return [f"the chat plan still says {area} is {status or 'not in the plan'} and the "
            "handoff does not say why it did not advance"]


def _readme_gaps(facts: "VaultFacts", note: "Note", area: str) -> list[str]:
    """The README of the area (its ``area/<folder>`` tag, else the folder the chat-plan
    label names) states the status the chat plan gives."""
    folder = next((t.split("/", 1)[1] for t in note.tags if t.startswith("area/")), None)
    path = f"{folder}/{facts._vault.config.area_readme}" if folder else facts._readme_of(area)
    if path is None:
        return []
    readme = facts._notes.get(path)
    if readme is None:
        return [f"the area README {path} does not exist"]
    status = facts.status(area)
    if readme.body.status is None:
        return [f"the area README {path} has no Status line"]
    if status and normalise(readme.body.status) != status:
        return [f"the area README {path} says {readme.body.status}, the chat plan says {status}"]
    return []


def _files_gaps(facts: "VaultFacts", note: "Note") -> list[tuple[str, str | None]]:
    sections = [s for s in note.body.sections if "file" in s.heading.text.lower()]
    if not sections:
        return [(f"{note.path} lists no files created or modified", None)]
    root = facts._vault.root
    listed = [p for s in sections for item in s.items for p in _PATH.findall(item)]
    missing = [p for p in dict.fromkeys(listed) if not (root / p).exists()
               and not (root / Path(note.path).parent / p).exists()]
    return [(f"file {p} is listed in {note.path} but does not exist", p) for p in missing]


def _previous_gaps(facts: "VaultFacts", note: "Note") -> list[tuple[str, str | None]]:
    previous = next((value for label, value, _ in note.body.labels
                     if label.startswith("previous")), None)
    if previous is None or previous.strip().lower() in ("none", "n/a", "-"):
        return []
    name = previous.strip().strip("[]`")
    if facts.note_exists(name) or facts.note_exists(name.split("|", 1)[0]):
        return []
    return [(f"the previous session {name} does not resolve to a note", previous.strip())]


def _prompt_gaps(facts: "VaultFacts", note: "Note") -> list[tuple[str, str | None]]:
    prompts = {i for s in note.body.sections for i in s.items if i.lower().startswith("start with")}
    return [(f"{note.path} gives no start prompt ('Start with: ...') for setup doc {doc}", doc)
            for doc in facts.setup_docs_named_in(note.path)
            if not any(doc in p or Path(doc).stem in p for p in prompts)]


def note_gaps(facts: "VaultFacts", note: "Note") -> list[tuple[str, str | None]]:
    """The gaps of the handoff note's own text: the files it lists, the previous session it
    names, its open questions, decisions and start prompts. Each comes with the text on the
    line that shows it (None: the note as a whole)."""
    gaps = _files_gaps(facts, note) + _previous_gaps(facts, note)
    if not facts.open_questions(note.path) and not any(
            "open question" in h.text.lower() for h in note.body.headings):
        gaps.append((f"{note.path} captures no open questions (write 'none' if there are "
                     "none)", None))
    if not facts.decisions_stated(note.path):
        gaps.append((f"{note.path} neither records decisions nor states that none were made",
                     None))
    return gaps + _prompt_gaps(facts, note)


def setup_doc_problem(setup: "Note") -> str | None:
    """What makes a setup doc useless to the next session, or None: it says nothing, or it
    lists nothing to read first."""
    body = setup.body
    if body.lines <= len(body.headings):  # nothing, or a title alone
        return "is empty"
    if not any("read" in s.heading.text.lower() and (s.items or body.links)
               for s in body.sections):
        return "has no read-these-first list"
    return None


def _setup_gaps(facts: "VaultFacts", note: "Note") -> list[str]:
    gaps = []
    for doc in facts.setup_docs_named_in(note.path):
        setup = facts._notes.get(doc)
        if setup is None:
            gaps.append(f"setup doc {doc} does not exist")
            continue
        problem = setup_doc_problem(setup)
        if problem:
            gaps.append(f"setup doc {doc} {problem}")
    return gaps


def handoff_gaps(facts: "VaultFacts", ref: str, area: str | None) -> list[str]:
    """Every way the handoff note ``ref`` of a session on ``area`` is incomplete."""
    note = facts._resolve(ref)
    if note is None:
        return [f"the handoff note {ref} does not exist"]
    gaps = [f"{note.path} lacks {field}" for field in facts.missing_handoff_fields(note.path)]
    if area:
        gaps += _status_gaps(facts, note, area) + _readme_gaps(facts, note, area)
    return gaps + [gap for gap, _ in note_gaps(facts, note)] + _setup_gaps(facts, note)
