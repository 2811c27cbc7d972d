"""Read every note of a vault. A broken note is a problem of that note, never a crash.

A cache (``<vault>/.metis/cache/notes.json``) keyed by each file's size and mtime makes the
second read of an unchanged vault cheap; it is written atomically and ignored when corrupt.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import VaultConfig
from .frontmatter import parse, split
from .markdown import parse_body
from .note import Note, NoteProblem

CACHE_VERSION = 2


@dataclass(frozen=True)
class Vault:
    root: Path
    config: VaultConfig
    notes: dict[str, Note]  # by vault-relative path, sorted

    def problems(self) -> list[tuple[str, NoteProblem]]:
        return [(path, p) for path, note in self.notes.items() for p in note.problems]


def _title(path: str, frontmatter: dict, body) -> str:
    first = next((h.text for h in body.headings if h.level == 1), None)
    title = frontmatter.get("title")
    return first or (title if isinstance(title, str) and title else Path(path).stem)


def read_note(data: bytes, path: str) -> Note:
    """Parse one note's bytes (a pure function: the unit the cache stores)."""
    problems: list[NoteProblem] = []
    block, body_bytes, body_line, issue = split(data)
    if issue:
        problems.append(NoteProblem(f"vault/{issue.kind}", issue.message, issue.line))
    frontmatter: dict = {}
    if block is not None:
        frontmatter, issues = parse(block)
        problems += [NoteProblem(f"vault/{i.kind}", i.message, i.line, i.severity)
                     for i in issues]
    try:
        text = body_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body_line + body_bytes.count(b"\n", 0, exc.start)
        problems.append(NoteProblem("vault/encoding", "note is not UTF-8 text (invalid byte "
                                    f"0x{body_bytes[exc.start]:02x}); read with replacements",
                                    line))
        text = body_bytes.decode("utf-8", "replace")
    body = parse_body(text, body_line)
    return Note(path, _title(path, frontmatter, body), frontmatter, body, tuple(problems))


def _walk(root: Path, config: VaultConfig):
    ignore = set(config.ignore)
    stack = [root]
    real_root = root.resolve()
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name in ignore:
                continue
            if entry.is_symlink():
                target = Path(entry.path).resolve()
                if real_root not in (target, *target.parents):
                    continue  # never read outside the vault
            if entry.is_dir():
                stack.append(Path(entry.path))
            elif entry.name.endswith(".md") and entry.is_file():
                yield entry


def _cache_path(root: Path) -> Path:
    return root / ".metis" / "cache" / "notes.json"


def _load_cache(root: Path) -> dict:
    try:
        data = json.loads(_cache_path(root).read_text(encoding="utf-8"))
        if data.get("version") == CACHE_VERSION and isinstance(data.get("notes"), dict):
            return data["notes"]
    except (OSError, ValueError, AttributeError):
        pass  # no cache, or a corrupt one: read everything again
    return {}


def _save_cache(root: Path, notes: dict) -> None:
    path = _cache_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": CACHE_VERSION, "notes": notes}, handle, ensure_ascii=False,
                      separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only vault still reads; it is just not cached


def read_vault(root: Path, *, config: VaultConfig | None = None, cache: bool = True) -> Vault:
    root = Path(root)
    config = config or VaultConfig.load(root)
    cached = _load_cache(root) if cache else {}
    fresh: dict[str, dict] = {}
    notes: dict[str, Note] = {}
    changed = False
    for entry in _walk(root, config):
        rel = Path(entry.path).relative_to(root).as_posix()
        stat = entry.stat()
        key = [stat.st_mtime_ns, stat.st_size]
        hit = cached.get(rel)
        if hit is not None and hit.get("key") == key:
            note = Note.from_json(hit["note"])
            fresh[rel] = hit
        else:
            changed = True
            if stat.st_size > config.max_note_bytes:
                note = Note(rel, Path(rel).stem, {}, parse_body(""), (NoteProblem(
                    "vault/too-large", f"note is {stat.st_size:,} bytes, over the limit of "
                    f"{config.max_note_bytes:,}; not read", 1),))
            else:
                try:
                    data = Path(entry.path).read_bytes()
                except OSError as exc:
                    data = None
                    note = Note(rel, Path(rel).stem, {}, parse_body(""), (NoteProblem(
                        "vault/unreadable", f"cannot read the note: {exc.strerror}", 1),))
                if data is not None:
                    note = read_note(data, rel)
            fresh[rel] = {"key": key, "note": note.to_json()}
        notes[rel] = note
    if cache and (changed or set(fresh) != set(cached)):
        _save_cache(root, fresh)
    return Vault(root, config, dict(sorted(notes.items())))
