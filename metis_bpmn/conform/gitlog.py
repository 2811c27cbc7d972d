"""Observations from a vault's git history, read with dulwich (no ``git`` process, no
parsing of its text output).

When the vault folder is the root of a git repository, every commit (oldest first, each
against its first parent) that changes a status in the Level-0 chat plan or in an area
README's ``Status:`` line is an observation: the new status, the commit time, its author.
The history is untrusted: at most MAX_COMMITS commits are read, blobs over the vault's
note size limit are skipped, and a damaged repository is a note, never a crash.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..vault.config import VaultConfig
from ..vault.facts import plan_rows
from ..vault.reader import read_note
from ..vocabulary import area_key, normalise
from .log import Observation, clip, from_timestamp

MAX_COMMITS = 10_000


def area_of(folder: str, labels: Iterable[str]) -> str:
    """The chat-plan label an area folder stands for: the label that has every word of the
    folder's name (the shortest such label), else the folder name.

    >>> area_of("session-memory", ["Chat 8 Orchestration", "Chat 8a Session Memory"])
    'Chat 8a Session Memory'
    >>> area_of("bpmn", ["Chat 1 BPMN", "Chat 11 BPMN Validation"]), area_of("x", [])
    ('Chat 1 BPMN', 'x')
    """
    words = set(re.split(r"[-_\s]+", folder.lower())) - {""}
    fitting = [label for label in labels if words <= set(area_key(label).split())]
    return min(fitting, key=lambda label: (len(label.split()), label)) if fitting else folder


def _statuses(data: bytes | None, path: str, config: VaultConfig,
              labels: list[str]) -> dict[str, tuple[str, str, int]]:
    """area key -> (label, status, row) of one version of a watched file."""
    if data is None or len(data) > config.max_note_bytes:
        return {}
    note = read_note(data, path)
    if path == config.chat_plan_note:
        return {area_key(label): (label, normalise(cell) or cell, row)
                for row, (label, cell, _) in enumerate(plan_rows(note, config.chat_plan_heading))}
    status = normalise(note.body.status or "")
    if status is None:
        return {}
    label = area_of(path.split("/")[0], labels)
    return {area_key(label): (label, status, 0)}


def _watched(path: str, config: VaultConfig) -> bool:
    parts = path.split("/")
    return path == config.chat_plan_note or (len(parts) == 2 and parts[1] == config.area_readme
                                             and parts[0] not in config.ignore)


def observations(root: Path, config: VaultConfig,
                 labels: list[str]) -> tuple[list[Observation], list[str]]:
    """Status changes in the history of the vault's repository, and notes."""
    if not (root / ".git").exists():
        return [], []
    try:
        return _read(root, config, labels)
    except Exception as exc:  # dulwich on a damaged or hostile repository: a note, not a crash
        return [], [f"git history not read: {type(exc).__name__}: {clip(exc)[:200]}"]


def _read(root: Path, config: VaultConfig, labels: list[str]):
    from dulwich.diff_tree import tree_changes
    from dulwich.repo import Repo

    notes = []
    with Repo(str(root)) as repo:
        try:
            repo.head()
        except KeyError:
            return [], []  # no commit yet
        entries = list(repo.get_walker(max_entries=MAX_COMMITS + 1))
        if len(entries) > MAX_COMMITS:
            notes.append(f"git history: only the latest {MAX_COMMITS:,} commits were read")
            entries = entries[:MAX_COMMITS]
        store = repo.object_store

        def blob(sha: bytes | None) -> bytes | None:
            return store[sha].data if sha else None

        found = []
        for entry in sorted(entries, key=lambda e: (e.commit.commit_time, e.commit.id)):
            commit = entry.commit
            parent = store[commit.parents[0]].tree if commit.parents else None
            source = f"commit {commit.id.decode('ascii')[:12]}"
            time = from_timestamp(commit.commit_time)
            by = clip(commit.author.decode("utf-8", "replace"))
            for change in tree_changes(store, parent, commit.tree):
                if change.new is None or change.new.path is None:
                    continue
                path = change.new.path.decode("utf-8", "replace")
                if not _watched(path, config):
                    continue
                old = change.old.sha if change.old is not None else None
                before = _statuses(blob(old), path, config, labels)
                after = _statuses(blob(change.new.sha), path, config, labels)
                for key, (label, status, row) in after.items():
                    if before.get(key, (None, None))[1] != status:
                        found.append(Observation(time, "status", clip(label), status, source,
                                                 by, "", row))
        return found, notes
