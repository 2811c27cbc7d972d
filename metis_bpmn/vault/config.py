"""Where a vault keeps what metis-bpmn reads: ``<vault>/.metis/vault.toml``, optional.

Every key has the founding vault's convention as its default (see docs/vault.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..fsio import load_toml, within
from ..schema import Field, ListOf, Number, Obj, Text, problems


@dataclass(frozen=True)
class VaultConfig:
    chat_plan_note: str = "README.md"
    chat_plan_heading: str | None = None  # None: the first table with a Status column
    handoff_folder: str = "session-handoffs"
    handoff_tag: str = "session-handoff"
    handoff_required: tuple[str, ...] = ("tags", "created", "session")
    setup_docs: str = "session-handoffs/setup-*.md"
    area_readme: str = "README.md"
    ignore: tuple[str, ...] = (".obsidian", ".git", ".metis", ".trash")
    max_note_bytes: int = 5 * 1024 * 1024

    @classmethod
    def load(cls, root: Path) -> "VaultConfig":
        path = root / ".metis" / "vault.toml"
        if not path.is_file():
            return cls()
        if not within(root, path):  # what the vault says of itself comes from the vault
            raise UserError(f"{path} leads out of the vault (a symbolic link); refused")
        table = load_toml(path)
        found = problems(SHAPE, table)
        if found:
            raise UserError(f"{path}: " + "; ".join(found))
        return cls(**{key.replace("-", "_"): tuple(value) if isinstance(value, list) else value
                      for key, value in table.items()})


# The keys of vault.toml (docs/vault.md lists them; a test checks the two agree).
SHAPE = Obj({
    "chat-plan-note": Field(Text(), False, "the note whose table is the chat plan"),
    "chat-plan-heading": Field(Text(), False, "the heading the chat-plan table is under"),
    "handoff-folder": Field(Text(), False, "where handoff notes live"),
    "handoff-tag": Field(Text(), False, "the tag that makes a note a handoff"),
    "handoff-required": Field(ListOf(Text()), False, "front-matter keys a handoff needs"),
    "setup-docs": Field(Text(), False, "glob of setup docs"),
    "area-readme": Field(Text(), False, "the file name of an area's README"),
    "ignore": Field(ListOf(Text()), False, "folder names never read"),
    "max-note-bytes": Field(Number(integer=True, minimum=1), False, "notes over this are not read"),
})
