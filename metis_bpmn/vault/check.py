"""``metis-bpmn vault check``: what is wrong with a vault, as findings."""

from __future__ import annotations

import os
from pathlib import Path

from ..lint.finding import Finding, Severity
from .facts import VaultFacts
from .reader import Vault
from ..vocabulary import area_key, normalise

_SEVERITY = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


def _files(root: Path, ignore: tuple[str, ...]) -> set[str]:
    names = set()
    for _folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in ignore]
        names.update(f.lower() for f in files)
    return names


def check_vault(vault: Vault, display: str) -> list[Finding]:
    facts = VaultFacts(vault)
    prefix = display.rstrip("/") + "/" if display not in ("", ".") else ""
    findings: list[Finding] = []

    def add(rule, severity, path, message, line=None, hint=None):
        findings.append(Finding(rule=rule, severity=severity, message=message,
                                file=prefix + path, line=line, hint=hint))

    for path, problem in vault.problems():
        add(problem.rule, _SEVERITY[problem.severity], path, problem.message, problem.line)

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
                f"names setup doc {doc}, which does not exist")

    latest = facts.latest_handoff()
    plan = facts.statuses()
    if latest and plan:
        note = vault.notes[latest]
        plan_keys = {area_key(label): status for label, status in plan.items()}
        for table in note.body.tables:
            columns = [c.lower() for c in table.header]
            if "status" not in columns:
                continue
            at = columns.index("status")
            for row in table.rows:
                if len(row) <= at:
                    continue
                key = area_key(row[0])
                said = normalise(row[at])
                if key in plan_keys and said and plan_keys[key] != said:
                    add("vault/chat-plan-mismatch", Severity.WARNING,
                        vault.config.chat_plan_note,
                        f"chat plan says {row[0].strip()} is {plan_keys[key]}, the latest "
                        f"handoff ({latest}) says {said}", table.line)
    return sorted(findings)
