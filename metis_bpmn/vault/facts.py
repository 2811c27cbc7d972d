"""The vault facts that BPMN conditions read, as ``vault.<fact>(...)``.

Every fact is read-only, returns plain JSON values (text, numbers, booleans, lists, dicts,
None) and never raises for a missing note: it answers False, None or an empty list. A note
reference (``ref``) is a vault-relative path with or without ``.md``, or a note name that
is unique in the vault, as Obsidian resolves ``[[links]]``.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

from .handoff import handoff_gaps
from .note import Note
from .reader import Vault, read_vault
from ..vocabulary import FACT_NAMES, STATUS_ORDER, area_key, area_of, normalise

_NO_DECISIONS = re.compile(r"\bno\b.*\bdecisions?\b", re.I)
_AREA_REF = re.compile(r"\bchats?\s*#?\s*\d+[a-z]?\b", re.I)
_NOTE = re.compile(r"[\w./-]+\.md\b")
_PROMPT = re.compile(r"^start with\s*:\s*(.+)$", re.I)


def _names_area(text: str, key: str) -> bool:
    return any(area_key(m.group(0)) == key for m in _AREA_REF.finditer(text))


def _setup_in(items, key: str, pattern: str) -> dict | None:
    """The setup doc and "Start with:" prompt listed under the item that names the area
    (up to the next item that names another area)."""
    start = next((i for i, item in enumerate(items) if _names_area(item, key)), None)
    if start is None:
        return None
    note = prompt = None
    for number, item in enumerate(items[start:]):
        if number and _AREA_REF.search(item) and not _PROMPT.match(item) \
                and not item.lower().startswith("setup"):
            break
        said = _PROMPT.match(item)
        if said:
            prompt = said.group(1).strip().strip('"“”')
        for path in _NOTE.findall(item):
            if note is None and fnmatch.fnmatch(path, pattern):
                note = path
    return {"note": note, "prompt": prompt}


def plan_rows(note: Note, heading: str | None = None) -> list[tuple[str, str, int]]:
    """(label, status cell, line of the row) of each row of the note's first table with a
    ``Status`` column (the first under ``heading`` when given): a chat plan, or the updated
    chat plan of a handoff note."""
    for table in note.body.tables:
        columns = [c.lower() for c in table.header]
        if "status" not in columns:
            continue
        if heading and (table.heading or "").lower() != heading.lower():
            continue
        at = columns.index("status")
        # A table's rows follow its header and delimiter lines, one per line.
        return [(row[0].strip(), row[at], table.line + 2 + index)
                for index, row in enumerate(table.rows) if len(row) > at and row[0].strip()]
    return []


class VaultFacts:
    """Read-only facts over one snapshot of a vault."""

    FACT_NAMES = FACT_NAMES
    STATUS_ORDER = STATUS_ORDER

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._notes = vault.notes
        self._by_name: dict[str, list[str]] = {}
        for path in self._notes:
            self._by_name.setdefault(Path(path).stem.lower(), []).append(path)
        self._plan = self._chat_plan()
        self._readmes: dict[str, str] | None = None

    @classmethod
    def load(cls, root: Path | str) -> "VaultFacts":
        return cls(read_vault(Path(root)))

    # -- notes -----------------------------------------------------------------------------
    def _resolve(self, ref: object) -> Note | None:
        if not isinstance(ref, str) or not ref.strip():
            return None
        key = ref.strip().strip("/")
        for candidate in (key, f"{key}.md"):
            if candidate in self._notes:
                return self._notes[candidate]
        paths = self._by_name.get(Path(key).stem.lower() if key.endswith(".md") else key.lower())
        return self._notes[paths[0]] if paths and len(paths) == 1 else None

    def note_exists(self, ref: str) -> bool:
        """True when the note exists."""
        return self._resolve(ref) is not None

    def frontmatter(self, ref: str, key: str | None = None, default=None):
        """The note's front matter (a dict), or one key of it; ``default`` when absent."""
        note = self._resolve(ref)
        if note is None:
            return default if key is not None else None
        return dict(note.frontmatter) if key is None else note.frontmatter.get(key, default)

    def has_tag(self, ref: str, tag: str) -> bool:
        """True when the note has the tag or a nested tag below it (``a`` matches ``a/b``)."""
        note = self._resolve(ref)
        wanted = str(tag).lstrip("#").lower()
        return note is not None and any(t.lower() == wanted or t.lower().startswith(wanted + "/")
                                        for t in note.tags)

    def notes_with_tag(self, tag: str) -> list[str]:
        """Paths of the notes that have the tag (nested tags included), sorted."""
        return [p for p in self._notes if self.has_tag(p, tag)]

    def notes_in(self, folder: str) -> list[str]:
        """Paths of the notes in a folder and its sub-folders, sorted."""
        prefix = str(folder).strip("/") + "/"
        return [p for p in self._notes if p.startswith(prefix) or prefix == "/"]

    def table(self, ref: str, heading: str | None = None) -> list[dict]:
        """Rows of the note's first table (or the first under ``heading``) as dicts keyed by
        the header cells."""
        note = self._resolve(ref)
        if note is None:
            return []
        for table in note.body.tables:
            if heading is None or (table.heading or "").lower() == str(heading).lower():
                return [dict(zip(table.header, row)) for row in table.rows]
        return []

    def mentions(self, ref: str, text: str) -> bool:
        """True when a heading, list item or table cell of the note contains ``text``
        (case and spacing ignored): "the agent-conventions note lists the rule"."""
        note = self._resolve(ref)
        wanted = " ".join(str(text).split()).lower()
        if note is None or not wanted:
            return False
        body = note.body
        texts = [h.text for h in body.headings] + [i for s in body.sections for i in s.items]
        texts += [cell for table in body.tables for row in (table.header, *table.rows)
                  for cell in row]
        return any(wanted in " ".join(t.split()).lower() for t in texts)

    # -- the status model ----------------------------------------------------------------------
    def _chat_plan(self) -> dict[str, tuple[str, str]]:
        """label key -> (label, cell) from the chat-plan table."""
        config = self._vault.config
        note = self._notes.get(config.chat_plan_note)
        if note is None:
            return {}
        return {area_key(label): (label, cell)
                for label, cell, _ in plan_rows(note, config.chat_plan_heading)}

    def _find(self, area: str) -> tuple[str, str] | None:
        key = area_key(str(area))
        if key in self._plan:
            return self._plan[key]
        prefixed = [v for k, v in self._plan.items() if k.startswith(key + " ")]
        if len(prefixed) == 1:
            return prefixed[0]
        words = [v for k, v in self._plan.items() if re.search(rf"(^|\s){re.escape(key)}(\s|$)", k)]
        if len(words) == 1:
            return words[0]
        readme = self._notes.get(f"{key.replace(' ', '-')}/{self._vault.config.area_readme}")
        if readme is not None and readme.body.status:
            return (key, readme.body.status)
        return None

    def _area_readmes(self) -> dict[str, str]:
        """Area folder -> its README path, for every folder with one (found once: the facts
        are one snapshot of the vault)."""
        if self._readmes is None:
            name = self._vault.config.area_readme
            self._readmes = {str(Path(p).parent.as_posix()): p for p in self._notes
                             if "/" in p and Path(p).name == name}
        return self._readmes

    def _readme_of(self, area: str) -> str | None:
        """The README of the folder a chat-plan area is about (see ``area_of``), or None."""
        found = self._find(area)
        folders = self._area_readmes()
        folder = area_of(found[0] if found else str(area), sorted(folders))
        return folders.get(folder) if folder else None

    def status(self, area: str) -> str | None:
        """The normalised status of an area: its chat-plan row (``"Chat 8a"`` matches
        ``Chat 8a Session Memory``; ``"Consolidation"`` matches ``Chat 10 Consolidation``), else
        the ``Status:`` line of the area folder's README. None when unknown."""
        found = self._find(area)
        return normalise(found[1]) if found else None

    def status_at_least(self, area: str, status: str) -> bool:
        """True when the area's status is ``status`` or later in STATUS_ORDER."""
        current, wanted = self.status(area), normalise(str(status))
        if current is None or wanted is None:
            return False
        return STATUS_ORDER.index(current) >= STATUS_ORDER.index(wanted)

    def statuses(self) -> dict[str, str | None]:
        """Every chat-plan row: label -> normalised status (None when the cell is unknown)."""
        return {label: normalise(cell) for label, cell in self._plan.values()}

    def explain_status(self, area: str, at_least: str) -> str:
        """A one-line reason, e.g. ``Chat 8a is SETUP READY, needs FIRST PASS``."""
        found = self._find(area)
        wanted = normalise(str(at_least)) or str(at_least)
        if found is None:
            return f"{area} is not in the chat plan ({self._vault.config.chat_plan_note}), " \
                   f"needs {wanted}"
        current = normalise(found[1]) or f"'{found[1]}'"
        return f"{area} is {current}, needs {wanted}"

    # -- handoffs and setup docs ---------------------------------------------------------------
    def handoff_notes(self) -> list[str]:
        """Notes tagged as handoffs (in any folder), sorted by path."""
        return self.notes_with_tag(self._vault.config.handoff_tag)

    def latest_handoff(self) -> str | None:
        """The handoff note with the latest ``created``, or None. On the same day, a note
        another handoff names as its ``**Previous Session:**`` is earlier; then the path."""
        notes = self.handoff_notes()
        if not notes:
            return None
        named = {Path(value.strip().strip("[]`").split("|", 1)[0]).stem.lower()
                 for p in notes for label, value, _ in self._notes[p].body.labels
                 if label.startswith("previous")}
        return max(notes, key=lambda p: (str(self._notes[p].frontmatter.get("created", "")),
                                         Path(p).stem.lower() not in named, p))

    def missing_handoff_fields(self, ref: str) -> list[str]:
        """Required handoff front matter the note lacks (the handoff tag counts as ``tags``)."""
        note = self._resolve(ref)
        config = self._vault.config
        if note is None:
            return list(config.handoff_required)
        missing = [k for k in config.handoff_required
                   if note.frontmatter.get(k) in (None, "", [])]
        if "tags" not in missing and not self.has_tag(note.path, config.handoff_tag):
            missing.append(f"tags: {config.handoff_tag}")
        return missing

    def handoff_complete(self, ref: str) -> bool:
        """True when the note exists with every required handoff field."""
        return self.note_exists(ref) and not self.missing_handoff_fields(ref)

    def setup_docs(self) -> list[str]:
        """Setup docs present in the vault, sorted."""
        return [p for p in self._notes if fnmatch.fnmatch(p, self._vault.config.setup_docs)]

    def setup_docs_named_in(self, ref: str) -> list[str]:
        """Setup-doc paths the note mentions, in order."""
        note = self._resolve(ref)
        if note is None:
            return []
        pattern = self._vault.config.setup_docs
        return [m for m in note.body.mentions if fnmatch.fnmatch(m, pattern)]

    def missing_setup_docs(self, ref: str) -> list[str]:
        """Setup docs the note mentions that do not exist."""
        return [p for p in self.setup_docs_named_in(ref) if p not in self._notes]

    # -- open questions and decisions -----------------------------------------------------------
    def _items(self, ref: str, match) -> list[str]:
        note = self._resolve(ref)
        if note is None:
            return []
        return [item for section in note.body.sections if match(section.heading.text)
                for item in section.items]

    def open_questions(self, ref: str) -> list[str]:
        """Bullet items under headings that mention "open question"."""
        return list(dict.fromkeys(self._items(ref, lambda h: "open question" in h.lower())))

    def decisions(self, ref: str) -> list[str]:
        """Bullet items under "Decisions" headings (not under "No ... decisions")."""
        return self._items(ref, lambda h: "decision" in h.lower() and not _NO_DECISIONS.search(h))

    def missing_handoff_parts(self, ref: str, area: str | None = None) -> list[str]:
        """What the handoff of a session on ``area`` lacks, one sentence each: its front
        matter, the area advanced in the chat plan (or why not), the area README agreeing,
        the files it lists existing, the previous session resolving, open questions,
        decisions, and setup docs that say something with a read-first list and a prompt."""
        return handoff_gaps(self, ref, area)

    def setup_for(self, area: str) -> dict | None:
        """The setup doc and start prompt of the next session of an area, from the latest
        handoff that names them: ``{"note", "prompt", "handoff"}`` (``note``/``prompt`` may
        be None), or None when no handoff names the area's next session."""
        key = area_key(str(area))
        for path in sorted(self.handoff_notes(), key=lambda p: (
                str(self._notes[p].frontmatter.get("created", "")), p), reverse=True):
            for section in self._notes[path].body.sections:
                found = _setup_in(section.items, key, self._vault.config.setup_docs)
                if found is not None:
                    return {**found, "handoff": path}
        return None

    def decisions_stated(self, ref: str) -> bool:
        """True when the note records decisions or states that none were made."""
        note = self._resolve(ref)
        if note is None:
            return False
        return bool(self.decisions(ref)) or any(_NO_DECISIONS.search(h.text)
                                                for h in note.body.headings)
