"""Read every note of a vault. A broken note is a problem of that note, never a crash.

A cache under ``<vault>/.metis/cache/`` keyed by each file's size, mtime and ctime makes the
second read of an unchanged vault cheap: a small index of keys, and the parsed notes in shards that
are loaded only when one of their notes is looked at. Cache files are written atomically and
ignored when corrupt (the note is then parsed again).
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..fsio import atomic_write, read_capped, within
from .config import VaultConfig
from .frontmatter import parse, split
from .markdown import parse_body
from ..finding import Finding, Severity
from .note import Note

CACHE_VERSION = 9  # bump when parsing changes what a note holds, or the key
SHARDS = 64


class LazyNotes(Mapping):
    """Notes by vault-relative path, sorted. A cached note stays in its cache shard until it
    is looked at (a warm read of a big vault must not load every note)."""

    def __init__(self, items: dict[str, Note | dict | int], cache: "_Cache | None") -> None:
        self._items = items
        self._cache = cache

    def __getitem__(self, path: str) -> Note:
        item = self._items[path]
        if isinstance(item, int):  # a shard number
            item = self._cache.note(item, path) if self._cache else None
            if item is None:  # the shard is gone or damaged: parse the note again
                item = _parse_entry(str(self._cache.root / path), path, 0, 1 << 62)
        if isinstance(item, dict):
            try:
                item = Note.from_json(item)
            except (TypeError, ValueError, KeyError, AttributeError, IndexError):
                # A damaged cache entry of the right outer shape: parse the note again.
                item = Note.from_json(_parse_entry(str(self._cache.root / path) if self._cache
                                                   else path, path, 0, 1 << 62))
        self._items[path] = item
        return item

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class Vault:
    root: Path
    config: VaultConfig
    notes: Mapping[str, Note]  # by vault-relative path, sorted

    def problems(self) -> list[tuple[str, Finding]]:
        return [(path, p) for path, note in self.notes.items() for p in note.problems]


def _title(path: str, frontmatter: dict, body) -> str:
    first = next((h.text for h in body.headings if h.level == 1), None)
    title = frontmatter.get("title")
    return first or (title if isinstance(title, str) and title else Path(path).stem)


def _problem(path: str, rule: str, message: str, line: int = 1) -> Finding:
    return Finding(rule, Severity.ERROR, message, path, line)


def read_note(data: bytes, path: str) -> Note:
    """Parse one note's bytes (a pure function: the unit the cache stores)."""
    problems: list[Finding] = []
    block, body_bytes, body_line, issue = split(data)
    if issue:
        problems.append(replace(issue, file=path))
    frontmatter: dict = {}
    if block is not None:
        frontmatter, issues = parse(block)
        problems += [replace(i, file=path) for i in issues]
    try:
        text = body_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body_line + body_bytes.count(b"\n", 0, exc.start)
        problems.append(_problem(path, "vault/encoding", "note is not UTF-8 text (invalid "
                                 f"byte 0x{body_bytes[exc.start]:02x}); read with "
                                 "replacements", line))
        text = body_bytes.decode("utf-8", "replace")
    body = parse_body(text, body_line)
    return Note(path, _title(path, frontmatter, body), frontmatter, body, tuple(problems))


def _walk(root: Path, config: VaultConfig):
    """The vault's notes: folders once each (a symlink loop or a cycle through symlinks is
    visited once), never a folder or file outside the vault, unreadable entries skipped."""
    ignore = set(config.ignore)
    real_root = root.resolve()
    stack, seen = [root], set()
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name in ignore:
                continue
            try:
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if real_root not in (target, *target.parents):
                        continue  # never read outside the vault
                if entry.is_dir():
                    stack.append(Path(entry.path))
                elif entry.name.endswith(".md") and entry.is_file():
                    yield entry
            except (OSError, RuntimeError):  # a dangling or looping link
                continue


def _display(rel: str) -> tuple[str, str | None]:
    """A note path that can be stored and printed, and a problem when the file name is not
    UTF-8 (its undecodable bytes are shown as U+FFFD)."""
    try:
        rel.encode("utf-8")
        return rel, None
    except UnicodeEncodeError:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return shown, "the file name is not UTF-8 text (shown with \ufffd)"


def _shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8")) % SHARDS


def _write_json(path: Path, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # C encoder
    atomic_write(path, text.encode("utf-8"))


MAX_CACHE_FILE = 256 << 20  # one shard or the index; a 10,000-note vault's are megabytes


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(read_capped(path, MAX_CACHE_FILE, follow_links=False))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, RecursionError):
        return {}  # missing, a link, too big or corrupt (or nested too deeply): treated as
        # empty, everything is parsed again


CACHE = Path(".metis") / "cache"


class _Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / CACHE
        index = _read_json(self.folder / "index.json")
        keys = index.get("keys") if index.get("version") == CACHE_VERSION else None
        self.keys: dict[str, list[int]] = keys if isinstance(keys, dict) else {}
        self._shards: dict[int, dict] = {}

    def _load(self, shard: int) -> dict:
        if shard not in self._shards:
            self._shards[shard] = _read_json(self.folder / f"notes-{shard:02d}.json")
        return self._shards[shard]

    def note(self, shard: int, path: str) -> dict | None:
        note = self._load(shard).get(path)
        return note if isinstance(note, dict) and note.get("path") == path else None

    def save(self, keys: dict[str, list[int]], parsed: dict[str, dict]) -> None:
        touched = {_shard(p) for p in parsed} | {_shard(p) for p in set(self.keys) - set(keys)}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for shard in sorted(touched):
                notes = {p: n for p, n in self._load(shard).items() if p in keys}
                notes.update((p, n) for p, n in parsed.items() if _shard(p) == shard)
                _write_json(self.folder / f"notes-{shard:02d}.json", notes)
            _write_json(self.folder / "index.json", {"version": CACHE_VERSION, "keys": keys})
        except OSError:
            pass  # a read-only vault still reads; it is just not cached


def _parse_entry(path: str, rel: str, size: int, limit: int,
                 name_problem: str | None = None) -> dict:
    """One note, parsed from disk, as its cacheable JSON form."""
    if name_problem is not None:
        note = read_note(_read_limited(path, limit), rel)
        note = Note(note.path, note.title, note.frontmatter, note.body,
                    (_problem(rel, "vault/file-name", name_problem), *note.problems))
    elif size > limit:
        note = Note(rel, Path(rel).stem, {}, parse_body(""), (_problem(
            rel, "vault/too-large", f"note is {size:,} bytes, over the limit of {limit:,}; "
            "not read"),))
    else:
        try:
            note = read_note(Path(path).read_bytes(), rel)
        except OSError as exc:
            note = Note(rel, Path(rel).stem, {}, parse_body(""), (_problem(
                rel, "vault/unreadable", f"cannot read the note: {exc.strerror}"),))
    return note.to_json()


def _read_limited(path: str, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(limit)
    except OSError:
        return b""


def _parse_batch(batch: list[tuple]) -> list[dict]:
    return [_parse_entry(*item) for item in batch]


# Below this many changed notes, worker processes cost more than they save.
PARALLEL_FROM = 2000


def _parse_all(todo: list[tuple]) -> list[dict]:
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < PARALLEL_FROM or workers < 2:
        return _parse_batch(todo)
    from concurrent.futures import ProcessPoolExecutor
    size = max(100, len(todo) // (workers * 4))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return [note for result in pool.map(_parse_batch, batches) for note in result]
    except (OSError, RuntimeError):  # no processes available here: do it in this one
        return _parse_batch(todo)


def read_vault(root: Path, *, config: VaultConfig | None = None, cache: bool = True) -> Vault:
    root = Path(root)
    config = config or VaultConfig.load(root)
    # A cache folder that is a link out of the vault is neither read nor written.
    store = _Cache(root) if cache and within(root, root / CACHE) else None
    known = store.keys if store else {}
    notes: dict[str, Note | dict | int] = {}
    todo: list[tuple] = []
    keys: dict[str, list[int]] = {}
    skip = len(str(root).rstrip(os.sep)) + 1
    for entry in _walk(root, config):
        rel, name_problem = _display(entry.path[skip:].replace(os.sep, "/"))
        try:
            stat = entry.stat()
        except OSError:
            continue  # gone since it was listed
        # ctime too: no copy, sync or archive carries it over, so neither a cache that came
        # with the vault nor a note replaced under its old mtime and size is taken as read.
        key = keys[rel] = [stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns]
        if known.get(rel) == key and name_problem is None:
            notes[rel] = _shard(rel)
        else:
            todo.append((entry.path, rel, stat.st_size, config.max_note_bytes, name_problem))
    parsed = {note["path"]: note for note in _parse_all(todo)}
    notes.update(parsed)
    if store is not None and (parsed or set(known) != set(keys)):
        store.save(keys, parsed)
    return Vault(root, config, LazyNotes(dict(sorted(notes.items())), store))
