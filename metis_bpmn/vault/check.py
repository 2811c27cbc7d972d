"""``metis-bpmn vault check``: what is wrong with a vault, as findings."""

from __future__ import annotations

import difflib
import fnmatch
from pathlib import Path

from ..finding import Finding, Severity
from ..fsio import read_capped, walk
from .facts import VaultFacts
from .handoff import note_gaps, setup_doc_problem
from .reader import Vault
from .status_check import check_statuses


def _files(root: Path, ignore: tuple[str, ...]) -> set[str]:
    names = set()
    for _folder, dirs, files in walk(root):
        dirs[:] = [d for d in dirs if d not in ignore]
        names.update(f.lower() for f in files)
    return names


def _line_of(vault: Vault, path: str, text: str) -> int | None:
    """The first line of the note's file that contains ``text`` (None when none does). The
    file is read again (notes keep no raw text) with the reader's size limit."""
    try:
        data = read_capped(vault.root / path, vault.config.max_note_bytes)
    except OSError:  # gone, not a regular file, or over the limit
        return None
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if text in line:
            return number
    return None


def _near_miss_handoffs(vault: Vault, facts: VaultFacts, add) -> None:
    """Notes meant as handoffs that the handoff tag does not find: a misspelt tag, or a note
    with session front matter in the handoff folder and no tag."""
    wanted = vault.config.handoff_tag.lower()
    handoffs = set(facts.handoff_notes())
    for path, note in vault.notes.items():
        if path in handoffs:
            continue
        near = [t for t in note.tags
                if difflib.SequenceMatcher(None, t.lower(), wanted).ratio() >= 0.8]
        if near:
            add("vault/near-miss-handoff-tag", Severity.ERROR, path,
                f"tag '{near[0]}' is not the handoff tag '{wanted}': this note is not read "
                "as a handoff", _line_of(vault, path, near[0]),
                hint=f"spell the tag {wanted}")
        elif path.startswith(vault.config.handoff_folder.strip("/") + "/") \
                and "session" in note.frontmatter \
                and not fnmatch.fnmatch(path, vault.config.setup_docs):
            add("vault/near-miss-handoff-tag", Severity.ERROR, path,
                f"has session front matter in {vault.config.handoff_folder}/ but no "
                f"'{wanted}' tag: this note is not read as a handoff", 1,
                hint=f"add the tag {wanted}")


def check_vault(vault: Vault, display: str) -> list[Finding]:
    facts = VaultFacts(vault)
    prefix = display.rstrip("/") + "/" if display not in ("", ".") else ""
    findings: list[Finding] = []

    def add(rule, severity, path, message, line=None, hint=None):
        findings.append(Finding(rule=rule, severity=severity, message=message,
                                file=prefix + path, line=line, hint=hint))

    for path, problem in vault.problems():
        add(problem.rule, problem.severity, path, problem.message, problem.line)

    attachments = None
    for path, note in vault.notes.items():
        dangling: dict[str, list[int]] = {}  # target -> [first line, times]
        for link in note.body.links:
            if not link.target:
                continue
            if link.target in dangling:
                dangling[link.target][1] += 1
                continue
            if facts.note_exists(link.target):
                continue
            if "." in Path(link.target).name and not link.target.endswith(".md"):
                if attachments is None:
                    attachments = _files(vault.root, vault.config.ignore)
                if Path(link.target).name.lower() in attachments:
                    continue
            dangling[link.target] = [link.line, 1]
        for target, (line, times) in dangling.items():
            again = f" ({times:,} links)" if times > 1 else ""
            add("vault/dangling-wikilink", Severity.WARNING, path,
                f"[[{target}]] does not resolve to a note in the vault{again}", line)

    for path in facts.handoff_notes():
        missing = facts.missing_handoff_fields(path)
        if missing:
            add("vault/handoff-front-matter", Severity.ERROR, path,
                f"handoff note lacks required front matter: {', '.join(missing)}", 1,
                hint="add tags (with session-handoff), created and session")
        for doc in facts.missing_setup_docs(path):
            add("vault/missing-setup-doc", Severity.ERROR, path,
                f"names setup doc {doc}, which does not exist", _line_of(vault, path, doc))
    for path in facts.setup_docs():
        problem = setup_doc_problem(vault.notes[path])
        if problem == "is empty":
            add("vault/empty-setup-doc", Severity.ERROR, path,
                "setup doc is empty: the next session has nothing to start from", 1,
                hint="say what the session is for, what to read first and how to start")
        elif problem:
            add("vault/setup-doc-read-list", Severity.WARNING, path,
                f"setup doc {problem}", 1,
                hint="add a '## Read these first' section listing the notes to read")
    _near_miss_handoffs(vault, facts, add)
    latest = facts.latest_handoff()
    if latest is not None:  # what the next session starts from
        for gap, anchor in note_gaps(facts, vault.notes[latest]):
            add("vault/incomplete-handoff", Severity.WARNING, latest, gap,
                _line_of(vault, latest, anchor) if anchor else 1,
                hint="the next session reads this handoff first: complete it")

    check_statuses(vault, facts, add)
    return sorted(findings)
