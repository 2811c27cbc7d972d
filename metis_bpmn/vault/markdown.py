"""What metis-bpmn reads from a note's Markdown body: headings, inline tags, wikilinks and
embeds, tables under their headings, and the bullet items of each section.

Code fences and inline code are skipped, so ``#include`` in a snippet is not a tag and
``[[x]]`` in a code block is not a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]|#^]*)(#\^?[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_TAG = re.compile(r"(?<![\w/#&])#([A-Za-z0-9_\-/]*[A-Za-z_\-/][A-Za-z0-9_\-/]*)")
_URL = re.compile(r"\w+://\S+")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(.*\S)")
_MENTION = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")
_STATUS_LINE = re.compile(r"^[\s>*_-]*status[*_\s]*:[*_\s]*(.+?)[*_\s]*$", re.I)
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


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
    headings: list[Heading] = []
    tags: dict[str, None] = {}
    links: list[Link] = []
    tables: list[Table] = []
    bullets: list[tuple[int, str]] = []
    mentions: dict[str, None] = {}
    status: str | None = None
    lines = text.splitlines()
    in_fence = False
    index = 0
    while index < len(lines):
        raw = lines[index]
        number = first_line + index
        if _FENCE.match(raw):
            in_fence = not in_fence
            index += 1
            continue
        if in_fence:
            index += 1
            continue
        for match in _MENTION.finditer(raw):  # paths are often written as `code`
            mentions.setdefault(match.group(1), None)
        line = _INLINE_CODE.sub("", raw)
        if status is None:
            found = _STATUS_LINE.match(line)
            status = found.group(1) if found else None
        heading = _HEADING.match(line)
        if heading:
            headings.append(Heading(len(heading.group(1)), heading.group(2).strip(), number))
        if line.lstrip().startswith("|") and index + 1 < len(lines) \
                and _TABLE_SEPARATOR.match(lines[index + 1]):
            header = _cells(line)
            rows = []
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append(_cells(lines[index]))
                index += 1
            tables.append(Table(headings[-1].text if headings else None, header, tuple(rows),
                                number))
            continue
        for match in _WIKILINK.finditer(line):
            target = match.group(2).strip()
            anchor = match.group(3)
            links.append(Link(target, anchor[1:] if anchor else None,
                              match.group(4).strip() if match.group(4) else None,
                              match.group(1) == "!", number))
        if not heading:
            scrubbed = _URL.sub("", _WIKILINK.sub("", line))
            for match in _TAG.finditer(scrubbed):
                tags.setdefault(match.group(1).strip("/"), None)
        bullet = _BULLET.match(line)
        if bullet:
            bullets.append((number, bullet.group(1).strip()))
        index += 1
    sections = []
    for position, heading in enumerate(headings):
        end = next((h.line for h in headings[position + 1:] if h.level <= heading.level), None)
        items = tuple(text for line, text in bullets
                      if line > heading.line and (end is None or line < end))
        sections.append(Section(heading, items))
    return Body(tuple(headings), tuple(tags), tuple(links), tuple(tables), tuple(sections),
                tuple(mentions), status)
