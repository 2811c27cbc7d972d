"""A small stand-in for the vault facts, for engine tests that must not depend on a vault."""

from __future__ import annotations

import json
from pathlib import Path

ORDER = ("NOT STARTED", "SETUP READY", "PARTIAL", "FIRST PASS", "COMPLETE")


class FileFacts:
    """Facts read from ``<vault>/facts.json`` ({"status": {area: level}, "notes": [...]})
    at each load, so a test can "edit the vault" by rewriting that file."""

    FACT_NAMES = frozenset({"status", "status_at_least", "explain_status", "note_exists",
                            "missing_setup_docs", "handoff_complete",
                            "missing_handoff_fields"})

    def __init__(self, vault: Path) -> None:
        path = vault / "facts.json"
        data = json.loads(path.read_text()) if path.exists() else {}
        self.levels = data.get("status", {})
        self.notes = set(data.get("notes", []))

    def status(self, area):
        return self.levels.get(area)

    def status_at_least(self, area, level):
        current = self.levels.get(area)
        return current is not None and ORDER.index(current) >= ORDER.index(level)

    def explain_status(self, area, level):
        return f"{area} is {self.levels.get(area) or 'not in the chat plan'}, needs {level}"

    def note_exists(self, ref):
        return ref in self.notes

    def missing_setup_docs(self, ref):
        return []

    def missing_handoff_fields(self, ref):
        return [] if ref in self.notes else ["tags", "created", "session"]

    def handoff_complete(self, ref):
        return ref in self.notes


def set_facts(vault: Path, status: dict | None = None, notes: list | None = None) -> None:
    (vault / "facts.json").write_text(json.dumps({"status": status or {}, "notes": notes or []}))


def factory(vault: Path) -> FileFacts:
    return FileFacts(vault)
