"""Where a vault keeps what metis-bpmn reads: ``<vault>/.metis/vault.toml``, optional.

Every key has the founding vault's convention as its default (see docs/vault.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from ..errors import UserError


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
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UserError(f"{path}: {exc}")
        known = {f.name.replace("_", "-"): f for f in fields(cls)}
        unknown = sorted(set(table) - set(known))
        if unknown:
            raise UserError(f"{path}: unknown key(s) {', '.join(unknown)}; "
                            f"known: {', '.join(sorted(known))}")
        values = {}
        for key, value in table.items():
            field = known[key]
            if field.type.startswith("tuple"):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise UserError(f"{path}: {key} must be a list of strings")
                value = tuple(value)
            elif field.type == "int" and (not isinstance(value, int) or isinstance(value, bool)):
                raise UserError(f"{path}: {key} must be an integer")
            elif field.type.startswith("str") and not isinstance(value, str):
                raise UserError(f"{path}: {key} must be a string")
            values[field.name] = value
        return cls(**values)
