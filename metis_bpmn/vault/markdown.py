"""What metis-bpmn reads from a note's Markdown body: headings, inline tags, wikilinks and
embeds, tables under their headings, and the bullet items of each section.

Code fences and inline code are skipped, so ``#include`` in a snippet is not a tag and
``[[x]]`` in a code block is not a link.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_NEWLINE = re.compile(r"\n")
_FENCED = re.compile(r"^[ \t]{0,3}(```|~~~).*?(?:^[ \t]{0,3}\1[^\n]*$|\Z)", re.M | re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
# Patterns start with a literal ("[[", "#") so the regex engine can skip ahead quickly.
_WIKILINK = re.compile(r"\[\[([^\[\]|#^\n]*)(#\^?[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_TAG = re.compile(r"#([A-Za-z0-9_\-/]*[A-Za-z_\-/][A-Za-z0-9_\-/]*)")
_URL = re.compile(r"\w+://\S+")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(.*\S)", re.M)
_STATUS_LINE = re.compile(r"^[ \t>*_-]*status[*_ \t]*:[*_ \t]*(.+?)[*_ \t]*$", re.I | re.M)
_TABLE = re.compile(r"^[ \t]*\|.*\n[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?"
                    r"[ \t]*(?:\n|$)(?:[ \t]*\|.*(?:\n|$))*", re.M)


def _blank(match: re.Match) -> str:
    """Replace a match by spaces, keeping its newlines, so offsets and lines stay put."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _mentions(text: str) -> tuple[str, ...]:
    """Note paths named in the text (``session-handoffs/setup-x.md``), in order. Scans for
    ".md" and walks back, which stays linear where a regular expression would backtrack."""
    found: dict[str, None] = {}
    start = text.find(".md")
    while start >= 0:
        end = start + 3
        if end >= len(text) or not (text[end].isalnum() or text[end] == "_"):
            begin = start
            while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_./-"):
                begin -= 1
            token = text[begin:end].lstrip("./")
            if len(token) > 3:
                found.setdefault(token, None)
        start = text.find(".md", end)
    return tuple(found)


def _tags(text: str, links: list[re.Match]) -> tuple[str, ...]:
    """Inline #tags, not inside links, URLs or words (``x#y``, ``&#39;``, ``a/#b``)."""
    excluded = [(m.start(), m.end()) for m in links]
    if "://" in text:
        excluded += [(m.start(), m.end()) for m in _URL.finditer(text)]
    excluded.sort()
    starts = [a for a, _ in excluded]
    found: dict[str, None] = {}
    for match in _TAG.finditer(text):
        at = match.start()
        before = text[at - 1] if at else " "
        if before.isalnum() or before in "_/#&":
            continue
        index = bisect_right(starts, at) - 1
        if index >= 0 and excluded[index][0] <= at < excluded[index][1]:
            continue
        found.setdefault(match.group(1).strip("/"), None)
    return tuple(found)


def _spaces(match: re.Match) -> str:
    """Blank a single-line match (inline code, links, URLs)."""
    return " " * (match.end() - match.start())


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Link:
    target: str
    heading: str | None
    alias: str | None
    embed: bool
    line: int


@dataclass(frozen=True)
class Table:
    heading: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int


@dataclass(frozen=True)
class Section:
    heading: Heading
    items: tuple[str, ...]  # bullet items under the heading, sub-headings included


@dataclass(frozen=True)
class Body:
    headings: tuple[Heading, ...]
    tags: tuple[str, ...]
    links: tuple[Link, ...]
    tables: tuple[Table, ...]
    sections: tuple[Section, ...]
    mentions: tuple[str, ...] = ()  # note paths named in the text (``a/b.md``)
    status: str | None = None  # the first "Status: ..." line, for area READMEs


def _cells(line: str) -> tuple[str, ...]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return tuple(c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", text))


def parse_body(text: str, first_line: int = 1) -> Body:
    """Parse a note body. Whole-text regular expressions over a copy of the text with code
    blanked out (offsets preserved), so line numbers come from one offset table."""
    newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def line_of(offset: int) -> int:
        return first_line + bisect_right(newlines, offset - 1)

    unfenced = _FENCED.sub(_blank, text) if "```" in text or "~~~" in text else text
    mentions = _mentions(unfenced)
    plain = _INLINE_CODE.sub(_spaces, unfenced) if "`" in unfenced else unfenced
    status_match = _STATUS_LINE.search(plain) if "tatus" in plain or "TATUS" in plain else None
    headings = tuple(Heading(len(m.group(1)), m.group(2).strip(), line_of(m.start()))
                     for m in _HEADING.finditer(plain)) if "#" in plain else ()
    link_matches = list(_WIKILINK.finditer(plain)) if "[[" in plain else []
    links = tuple(Link(m.group(1).strip(), m.group(2)[1:] if m.group(2) else None,
                       m.group(3).strip() if m.group(3) else None,
                       m.start() > 0 and plain[m.start() - 1] == "!", line_of(m.start()))
                  for m in link_matches)
    tags = _tags(plain, link_matches) if "#" in plain else ()
    tables = []
    for match in (_TABLE.finditer(plain) if "|" in plain else ()):
        rows = match.group(0).rstrip("\n").split("\n")
        line = line_of(match.start())
        above = [h for h in headings if h.line < line]
        tables.append(Table(above[-1].text if above else None, _cells(rows[0]),
                            tuple(_cells(r) for r in rows[2:]), line))
    bullets = [(line_of(m.start()), m.group(1).strip()) for m in _BULLET.finditer(plain)]
    sections = []
    for position, heading in enumerate(headings):
        end = next((h.line for h in headings[position + 1:] if h.level <= heading.level), None)
        items = tuple(item for line, item in bullets
                      if line > heading.line and (end is None or line < end))
        sections.append(Section(heading, items))
    return Body(headings, tags, links, tuple(tables), tuple(sections), mentions,
                status_match.group(1) if status_match else None)
