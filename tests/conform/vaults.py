"""Vault histories written from the founding document, for conform tests.

``founding`` copies examples/vault (the state of the founding handoff, 2026-02-24); the
helpers add what later sessions would write: handoff notes with their updated chat plan,
notes of a kind, the Level-0 chat plan as it ends, and git commits (dulwich) of it.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_example_vault

PLAN = ["Stocktake", "Chat 1 BPMN", "Chat 2 Knowledge Engine", "Chat 8 Orchestration",
        "Chat 8a Session Memory", "Chat 8b Context Assembly", "Chat 9 Project Mgmt",
        "Chats 3-7", "Chat 10 Consolidation", "Chat 11 BPMN Validation"]
FOUNDING = {"Stocktake": "COMPLETE", "Chat 1 BPMN": "FIRST PASS",
            "Chat 2 Knowledge Engine": "FIRST PASS", "Chat 8 Orchestration": "FIRST PASS",
            "Chat 8a Session Memory": "SETUP READY", "Chat 8b Context Assembly": "SETUP READY",
            "Chat 9 Project Mgmt": "SETUP READY", "Chats 3-7": "NOT STARTED",
            "Chat 10 Consolidation": "NOT STARTED", "Chat 11 BPMN Validation": "NOT STARTED"}


def founding(root: Path, name: str = "vault") -> Path:
    return copy_example_vault(root / name)


def table(statuses: dict[str, str], order: list[str] = PLAN) -> str:
    rows = "\n".join(f"| {label} | {'✓' if statuses[label] in ('FIRST PASS', 'COMPLETE') else '○'}"
                     f" {statuses[label]} |" for label in order)
    return f"| # | Status |\n|---|--------|\n{rows}\n"


def handoff(vault: Path, day: str, session: str, statuses: dict[str, str],
            setup_doc: bool = True, order: list[str] = PLAN) -> Path:
    """A handoff note of ``day`` whose updated chat plan says ``statuses``, naming a setup
    doc it wrote for the next session (unless ``setup_doc`` is false)."""
    path = vault / "session-handoffs" / f"{day}-{session}.md"
    setup = ""
    if setup_doc:
        doc = f"session-handoffs/setup-after-{session}.md"
        (vault / doc).write_text(f"---\ntags:\n  - setup-doc\ncreated: {day}\n---\n\n# Setup\n")
        setup = f"## Setup Docs Created for Next Sessions\n\n1. `{doc}`\n\n"
    path.write_text(f"---\ntags:\n  - session-handoff\ncreated: {day}\nsession: {session}\n---\n\n"
                    f"# Session Handoff: {session}\n\n## No New Decisions Made\n\n{setup}"
                    f"## Updated Chat Plan\n\n{table(statuses, order)}", encoding="utf-8")
    return path


def plan(vault: Path, statuses: dict[str, str]) -> None:
    """The Level-0 README's chat plan as the history ends."""
    readme = vault / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index("| # | Status |")
    end = text.index("\n\n", start)
    readme.write_text(text[:start] + table(statuses).rstrip("\n") + text[end:], encoding="utf-8")


def note(vault: Path, path: str, day: str, kind: str) -> None:
    target = vault / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"---\nkind: {kind}\ncreated: {day}\n---\n\n# {Path(path).stem}\n",
                      encoding="utf-8")


def history(vault: Path, steps: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """One handoff per step (day, changes), each on top of the previous statuses; the chat
    plan ends as the last one says. Returns the final statuses."""
    statuses = dict(FOUNDING)
    for number, (day, changes) in enumerate(steps, 1):
        statuses.update(changes)
        handoff(vault, day, f"session-{number}", statuses)
    plan(vault, statuses)
    return statuses


CONFORMING = [("2026-02-25", {"Chat 8a Session Memory": "FIRST PASS"}),
              ("2026-02-26", {"Chat 8b Context Assembly": "FIRST PASS"}),
              ("2026-02-27", {"Chat 9 Project Mgmt": "FIRST PASS"}),
              ("2026-03-02", {"Chat 10 Consolidation": "PARTIAL"}),
              ("2026-03-04", {"Chat 10 Consolidation": "COMPLETE"}),
              ("2026-03-06", {"Chat 11 BPMN Validation": "FIRST PASS"}),
              ("2026-03-07", {"Chat 11 BPMN Validation": "COMPLETE"})]


def commit(vault: Path, message: str, when: int) -> str:
    """Commit every file of the vault at ``when`` (seconds since the epoch); the sha."""
    from dulwich import porcelain
    from dulwich.repo import Repo
    if not (vault / ".git").exists():
        Repo.init(str(vault))
    with Repo(str(vault)) as repo:
        porcelain.add(repo, paths=[str(p) for p in vault.rglob("*")
                                   if p.is_file() and ".git" not in p.parts])
        sha = porcelain.commit(repo, message=message.encode(), author=b"Ada <ada@example.org>",
                               committer=b"Lead <lead@example.org>", commit_timestamp=when,
                               commit_timezone=0, author_timestamp=when, author_timezone=0)
    return sha.decode()
