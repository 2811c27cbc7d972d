"""Observations from a vault's notes and session logs (git history: :mod:`.gitlog`).

- Handoff notes: every row of their updated chat plan is the area's status on the note's
  ``created`` day (rows in table order); and the note is a case of the steps its session
  did (a course correction, decisions, setup docs, the handoff).
- The Level-0 chat plan: every row, with no time (it is the vault as it is now).
- Every note, with the ``kind`` of its front matter (``kind: implementation-spec``), if any:
  written on its ``created`` day, else on the day of the first handoff that names it.
- Session event logs (``.metis/sessions/<id>.events.jsonl``): every committed step, with its
  time, who did it and the session as its case.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UserError
from ..vault.facts import VaultFacts, plan_rows
from ..vault.reader import Vault
from .log import UNKNOWN, Observation, clip, normalise_time, time_key

MAX_KINDS = 20  # kinds one note may declare


def _kinds(frontmatter: dict) -> list[str]:
    raw = frontmatter.get("kind")
    values = raw if isinstance(raw, list) else [raw]
    return [clip(v).strip().lower() for v in values[:MAX_KINDS]
            if isinstance(v, str) and v.strip()]


def handoff_observations(vault: Vault, handoffs: list[str]) -> list[Observation]:
    found = []
    for path in handoffs:
        note = vault.notes[path]
        time = normalise_time(note.frontmatter.get("created"))
        by = clip(note.frontmatter.get("session") or "")
        for order, (label, cell, _) in enumerate(plan_rows(note)):
            found.append(Observation(time, "status", clip(label), cell, path, by, "", order))
    return found


_CORRECTION = re.compile(r"course.correct|\bcorrected\b", re.I)


def session_steps(vault: Vault, facts: VaultFacts, handoffs: list[str]) -> list[Observation]:
    """What each handoff note says its session did, in the order a session does it: a
    course correction (a heading that says so), decisions recorded, setup docs written for
    the next sessions, the handoff itself. Kinds are the Metis ``metis:kind`` vocabulary."""
    found = []
    for path in handoffs:
        note = vault.notes[path]
        time = normalise_time(note.frontmatter.get("created"))
        kinds = [kind for kind, shown in (
            ("course-correction", any(_CORRECTION.search(h.text) for h in note.body.headings)),
            ("decision", bool(facts.decisions(path))),
            ("setup-doc", bool(facts.setup_docs_named_in(path))),
            ("handoff", True)) if shown]
        found += [Observation(time, "handoff", path, kind, path, "", path, order)
                  for order, kind in enumerate(kinds)]
    return found


def plan_observations(vault: Vault) -> list[Observation]:
    note = vault.notes.get(vault.config.chat_plan_note)
    if note is None:
        return []
    return [Observation(UNKNOWN, "status", clip(label), cell, note.path, "", "", order)
            for order, (label, cell, _) in enumerate(plan_rows(note, vault.config.chat_plan_heading))]


def note_observations(vault: Vault, handoffs: list[str]) -> list[Observation]:
    named: dict[str, tuple[str, str]] = {}  # note -> (time, handoff) of the first naming
    for path in handoffs:
        note = vault.notes[path]
        time = normalise_time(note.frontmatter.get("created"))
        for mention in note.body.mentions:
            if mention not in named or time_key(time) < time_key(named[mention][0]):
                named[mention] = (time, path)
    found = []
    for path, note in vault.notes.items():
        time = normalise_time(note.frontmatter.get("created"))
        if time == UNKNOWN and path in named:
            time = named[path][0]
        found += [Observation(time, "note", path, kind, path)
                  for kind in _kinds(note.frontmatter) or [""]]
    return found


def session_observations(root: Path, process_id: str | None
                         ) -> tuple[list[Observation], list[str]]:
    """Steps of the sessions that ran this process (every session for None); notes on the
    sessions skipped."""
    if not (root / ".metis" / "sessions").is_dir():
        return [], []
    from ..engine.store import Store  # the engine package loads SpiffWorkflow: only if needed
    store = Store(root)
    found, notes = [], []
    for session_id in store.ids():
        try:
            record = store.read(session_id)
            if process_id is not None and record["process"]["id"] != process_id:
                continue
            events = store.events(session_id, committed=record["log"])
        except UserError as exc:
            notes.append(f"session {session_id} skipped: {exc}")
            continue
        source = f".metis/sessions/{session_id}.events.jsonl"
        for event in events:
            task = event.get("task")
            if event.get("event") != "step" or not isinstance(task, str):
                continue
            found.append(Observation(normalise_time(event.get("at")), "step", clip(task),
                                     clip(event.get("name") or task), source,
                                     clip(event.get("by") or ""), session_id,
                                     int(event.get("seq", 0))))
    return found, notes


def observations(vault: Vault, process_id: str) -> tuple[list[Observation], list[str]]:
    """Everything the vault's notes and sessions show, and notes on what was skipped."""
    facts = VaultFacts(vault)
    handoffs = facts.handoff_notes()
    steps, notes = session_observations(vault.root, process_id)
    return (handoff_observations(vault, handoffs) + session_steps(vault, facts, handoffs)
            + plan_observations(vault) + note_observations(vault, handoffs) + steps, notes)
