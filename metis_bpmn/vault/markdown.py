"""What metis-bpmn reads from a note's Markdown body: headings, inline tags, wikilinks and
embeds, tables under their headings, and the bullet items of each section.

Blocks follow CommonMark: code (fenced, indented, inline) is skipped, so ``#include`` in a
snippet is not a tag and ``[[x]]`` in a code block is not a link; headings are ATX (``# T``) or
setext (``T`` over ``===``); a backslash makes ``\\#`` and ``\\[[`` literal. Linear time
throughout: a note may be megabytes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

_NEWLINE = re.compile(r"\n")
_FENCE = re.compile(r"`{3,}|~{3,}")
_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
# No pattern has two quantifiers that can trade the same characters, so none backtracks on a
# long line: the blanks and #s that close a heading or a status line are stripped in Python.
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)", re.M)
# Patterns start with a literal ("[[", "#") so the regex engine can skip ahead quickly.
_WIKILINK = re.compile(r"\[\[([^\[\]|#^\n]*)(#\^?[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
_TAG = re.compile(r"#([A-Za-z0-9_\-/]*[A-Za-z_\-/][A-Za-z0-9_\-/]*)")
_URL = re.compile(r"(?<!\w)\w+://\S+")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(.*\S)", re.M)
# "**Previous Session:** 2026-02-24-x": a bold label at the start of a line, and its value.
_LABEL_LINE = re.compile(r"^[ \t>]*\*\*([^*\n:]{1,40}):\*\*[ \t]*(\S.*?)[ \t]*$", re.M)
# An area's status: "**Status:** ✓ FIRST PASS", "Current status: PARTIAL", "## Status: ...",
# or a heading that ends in "Status" with the value on the next line, as the founding
# document writes it ("## Orchestration Area Status" then "**Now: ✓ FIRST PASS** — ...").
_STATUS_LINE = re.compile(r"^[ \t>*_#-]*(?:(?:current|area|overall)[ \t]+)?status[*_ \t]*:"
                          r"[*_ \t]*(.+)", re.I | re.M)
# (The heading form is found among the parsed headings: one regular expression over the
# text for it backtracks badly on long runs of blanks.)
_ENDS_IN_STATUS = re.compile(r"(?:^|\s)status$", re.I)
_VALUE_PREFIX = re.compile(r"^[ \t>*_-]*(?:now[*_ \t]*:[*_ \t]*)?", re.I)
_TABLE = re.compile(r"^[ \t]*\|.*\n[ \t]*(?:\|[ \t]*)?:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*"
                    r"(?:\|[ \t]*)?(?:\n|$)(?:[ \t]*\|.*(?:\n|$))*", re.M)


def _width(space: str, column: int = 0) -> int:
    """The column after ``space`` (blanks) written from ``column``: tabs stop every 4."""
    if "\t" not in space:
        return column + len(space)
    for char in space:
        column += 4 - column % 4 if char == "\t" else 1
    return column


def _fence(content: str) -> tuple[str, int] | None:
    """(character, length) if the line opens a code fence. A backtick fence's info string
    has no backtick, so ```x``` is inline code, not a fence that swallows the note."""
    match = _FENCE.match(content) if content[0] in "`~" else None
    if match is None or (content[0] == "`" and "`" in content[match.end():]):
        return None
    return content[0], match.end()


def _is_break(content: str) -> bool:
    """A thematic break: three or more of one of - * _, blanks between allowed."""
    if content[0] not in "-*_":
        return False
    compact = content.replace(" ", "").replace("\t", "")
    return len(compact) >= 3 and not compact.strip(content[0])


def _interrupts(content: str) -> bool:
    """Whether the line starts a block of its own rather than continue a paragraph."""
    return bool(_fence(content) or _is_break(content) or _ATX.match(content)
                or _ITEM.match(content) or content[0] == ">")


class _Blocks:
    """One pass over the lines: CommonMark block structure, reduced to what the reader
    needs: the lines that are code (fenced, or indented by four columns) and the paragraphs
    that are setext headings. List items are tracked because indentation counts from the
    content of the item a line is in, and paragraphs because an indented line continues a
    paragraph rather than start code, and an underline makes a heading only of a paragraph."""

    def __init__(self) -> None:
        self.code: list[int] = []  # line indexes
        self.items: list[int] = []  # content column of each open list item, innermost last
        self.fence: tuple[str, int, int] | None = None  # open fence: char, length, base column
        self.paragraph = False  # the previous line is paragraph text
        self.title: int | None = None  # first line of the open paragraph, if outside any list
        self.setext: list[tuple[int, int, int]] = []  # first line, underline, level

    def read(self, index: int, line: str) -> None:
        if line[:1].isalpha() and not self.fence:
            self._prose(index)
            return
        stripped = line.lstrip(" \t")
        content = stripped.rstrip()
        column = _width(line[:len(line) - len(stripped)])
        if self.fence:
            self._in_fence(index, content, column)
        elif content:
            self._block(index, content, column)
        else:
            self._end_paragraph()

    def _prose(self, index: int) -> None:
        # The common line, a letter at the margin, in short: what _block would do with it.
        if not self.paragraph:
            self.items.clear()
            self.paragraph, self.title = True, index

    def _end_paragraph(self) -> None:
        self.paragraph, self.title = False, None

    def _in_fence(self, index: int, content: str, column: int) -> None:
        # Closed by a run of the same character, at least as long, with no info string.
        self.code.append(index)
        char, length, base = self.fence
        if (len(content) >= length and content[0] == char and not content.strip(char)
                and column < base + 4):
            self.fence = None

    def _block(self, index: int, content: str, column: int) -> None:
        if self.paragraph and self.items and column < self.items[-1] and not _interrupts(content):
            return  # a lazy continuation line: the paragraph and its list item go on
        while self.items and column < self.items[-1]:
            self.items.pop()
        base = self.items[-1] if self.items else 0
        if column - base > 3:
            if not self.paragraph:  # indented code cannot interrupt a paragraph
                self.code.append(index)
            return
        fence = _fence(content)
        if fence:
            self.fence = (*fence, base)
            self.code.append(index)
            self._end_paragraph()
            return
        if self.title is not None and content[0] in "=-" and not content.strip(content[0]):
            self.setext.append((self.title, index, 1 if content[0] == "=" else 2))
            self._end_paragraph()
            return
        if _is_break(content) or _ATX.match(content):
            self._end_paragraph()
            return
        item = _ITEM.match(content)
        if item:
            self.items.append(_item_column(content, item.end(), column))
        # Quotes and table rows hold text, but no setext heading (nor does a list item).
        if item or content[0] in ">|":
            self.title = None
        elif not self.paragraph and not self.items:
            self.title = index
        self.paragraph = True


def _item_column(content: str, marker_end: int, column: int) -> int:
    """Where a list item's content starts: after the marker and 1-4 columns of blanks (more
    blanks, or none, start the content one column after the marker)."""
    rest = content[marker_end:]
    after = column + marker_end
    text_column = _width(rest[:len(rest) - len(rest.lstrip(" \t"))], after)
    return text_column if rest.strip() and text_column - after <= 4 else after + 1


def _scan(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """The text with code blocks blanked out (newlines kept, so offsets and lines stay put),
    and the setext headings as (first line, underline, level) line indexes."""
    lines = text.split("\n")
    blocks = _Blocks()
    for index, line in enumerate(lines):
        blocks.read(index, line)
    if not blocks.code:
        return text, blocks.setext
    for index in blocks.code:
        lines[index] = " " * len(lines[index])
    return "\n".join(lines), blocks.setext


def _mentions(text: str) -> tuple[str, ...]:
    """Note paths named in the text (``session-handoffs/setup-x.md``), in order. Scans for
    ".md" and walks back, which stays linear where a regular expression would backtrack. A
    path starts after the previous one (``a.md/b.md`` names a.md and b.md): walking back over
    earlier paths again would be quadratic."""
    found: dict[str, None] = {}
    floor = 0
    start = text.find(".md")
    while start >= 0:
        end = start + 3
        if end >= len(text) or not (text[end].isalnum() or text[end] == "_"):
            begin = start
            while begin > floor and (text[begin - 1].isalnum() or text[begin - 1] in "_./-"):
                begin -= 1
            token = text[begin:end].lstrip("./")
            if len(token) > 3:
                found.setdefault(token, None)
            floor = end
        start = text.find(".md", end)
    return tuple(found)


def _escaped(text: str, at: int) -> bool:
    """Whether a backslash escape makes the character at ``at`` literal: an odd run of
    backslashes before it (``\\\\#tag`` is an escaped backslash, then a tag)."""
    run = at
    while run > 0 and text[run - 1] == "\\":
        run -= 1
    return (at - run) % 2 == 1


def _tags(text: str, links: list[re.Match]) -> tuple[str, ...]:
    """Inline #tags: not escaped (``\\#x``), nor in links, URLs or words (``x#y``, ``&#39;``,
    ``a/#b``)."""
    excluded = [(m.start(), m.end()) for m in links]
    if "://" in text:
        excluded += [(m.start(), m.end()) for m in _URL.finditer(text)]
    excluded.sort()
    starts = [a for a, _ in excluded]
    found: dict[str, None] = {}
    for match in _TAG.finditer(text):
        at = match.start()
        before = text[at - 1] if at else " "
        if before.isalnum() or before in "_/#&" or _escaped(text, at):
            continue
        index = bisect_right(starts, at) - 1
        if index >= 0 and excluded[index][0] <= at < excluded[index][1]:
            continue
        found.setdefault(match.group(1).strip("/"), None)
    return tuple(found)


def _embed(text: str, at: int) -> bool:
    """Whether the link at ``at`` is an embed: an unescaped ``!`` before it."""
    return at > 0 and text[at - 1] == "!" and not _escaped(text, at - 1)


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
    labels: tuple[tuple[str, str, int], ...] = ()  # "**Label:** value" lines: (label, value, line)
    status_line: int | None = None  # the line of ``status``
    lines: int = 0  # lines with text: 0 is an empty note


def _cells(line: str) -> tuple[str, ...]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return tuple(c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", text))


def _atx_text(raw: str) -> str:
    """An ATX heading's text without its closing #s, which need a blank before them:
    ``# C#`` is about C#."""
    text = raw.strip()
    bare = text.rstrip("#")
    return bare.rstrip() if not bare or bare[-1] in " \t" else text


def _headings(text: str, newlines: list[int], line_of: Callable[[int], int],
              setext: list[tuple[int, int, int]]) -> tuple[Heading, ...]:
    """ATX headings, and setext headings (the paragraph lines above the underline, joined),
    in line order. ``text`` keeps inline code, which a heading's text shows."""
    def start(index: int) -> int:
        return newlines[index - 1] + 1 if index else 0

    found = [Heading(len(m.group(1)), _atx_text(m.group(2)), line_of(m.start()))
             for m in _HEADING.finditer(text)] if "#" in text else []
    if not setext:
        return tuple(found)
    found += [Heading(level, " ".join(part.strip() for part in
                                      text[start(first):start(underline) - 1].split("\n")),
                      line_of(start(first))) for first, underline, level in setext]
    return tuple(sorted(found, key=lambda h: h.line))


def _tables(plain: str, headings: tuple[Heading, ...],
            line_of: Callable[[int], int]) -> tuple[Table, ...]:
    """The tables, each under the last heading above it."""
    heading_lines = [h.line for h in headings]
    tables = []
    for match in _TABLE.finditer(plain):
        rows = match.group(0).rstrip("\n").split("\n")
        line = line_of(match.start())
        above = bisect_left(heading_lines, line)
        tables.append(Table(headings[above - 1].text if above else None, _cells(rows[0]),
                            tuple(_cells(r) for r in rows[2:]), line))
    return tuple(tables)


def _status_below_heading(plain: str, headings: tuple[Heading, ...], newlines: list[int],
                          first_line: int) -> tuple[str | None, int | None]:
    """The status under a heading that ends in "Status": its first line of text (a setext
    underline skipped, a "Now:" label dropped), or (None, None)."""
    heading = next((h for h in headings if _ENDS_IN_STATUS.search(h.text)), None)
    if heading is None:
        return None, None
    index = heading.line - first_line + 1  # the line after the heading, from 0
    for _ in range(20):  # the status follows its heading closely: look no further
        if index > len(newlines):
            return None, None
        start = newlines[index - 1] + 1 if index else 0
        end = newlines[index] if index < len(newlines) else len(plain)
        line = plain[start:end]
        if line.strip() and not set(line.strip()) <= {"=", "-"}:
            if line.lstrip().startswith("#"):
                return None, None  # another heading: the section is empty
            value = line[_VALUE_PREFIX.match(line).end():]
            return (_status(value), first_line + index) if value.strip() else (None, None)
        index += 1
    return None, None


def _status(value: str) -> str:
    """A status value without the emphasis and blanks that close its line."""
    return value.rstrip("*_ \t") or value


def _sections(headings: tuple[Heading, ...],
              bullets: list[tuple[int, str]]) -> tuple[Section, ...]:
    """Each heading with the bullet items (line, text) up to the next heading of its level or
    higher. Ends come from a stack and items from slices, so thousands of headings stay fast
    (a bullet is in at most six sections, one per level)."""
    ends: list[int | None] = [None] * len(headings)
    open_positions: list[int] = []
    for position, heading in enumerate(headings):
        while open_positions and headings[open_positions[-1]].level >= heading.level:
            ends[open_positions.pop()] = heading.line
        open_positions.append(position)
    lines = [line for line, _ in bullets]
    sections = []
    for heading, end in zip(headings, ends):
        first = bisect_right(lines, heading.line)
        last = len(lines) if end is None else bisect_left(lines, end)
        sections.append(Section(heading, tuple(item for _, item in bullets[first:last])))
    return tuple(sections)


def parse_body(text: str, first_line: int = 1) -> Body:
    """Parse a note body. One pass over the lines finds the code blocks and setext headings,
    then whole-text regular expressions run over a copy of the text with code blanked out
    (offsets preserved), so line numbers come from one offset table."""
    newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def line_of(offset: int) -> int:
        return first_line + bisect_right(newlines, offset - 1)

    unfenced, setext = _scan(text)
    mentions = _mentions(unfenced)
    plain = _INLINE_CODE.sub(_spaces, unfenced) if "`" in unfenced else unfenced
    status_match = _STATUS_LINE.search(plain) if "tatus" in plain or "TATUS" in plain else None
    headings = _headings(unfenced, newlines, line_of, setext)
    link_matches = [m for m in _WIKILINK.finditer(plain)
                    if not _escaped(plain, m.start())] if "[[" in plain else []
    links = tuple(Link(m.group(1).strip(), m.group(2)[1:] if m.group(2) else None,
                       m.group(3).strip() if m.group(3) else None,
                       _embed(plain, m.start()), line_of(m.start()))
                  for m in link_matches)
    tags = _tags(plain, link_matches) if "#" in plain else ()
    tables = _tables(plain, headings, line_of) if "|" in plain else ()
    # Items keep their inline code as text ("Setup: `a/b.md`" names its note).
    bullets = [(line_of(m.start()), m.group(1).replace("`", "").strip())
               for m in _BULLET.finditer(unfenced)]
    labels = tuple((m.group(1).strip().lower(), m.group(2), line_of(m.start()))
                   for m in _LABEL_LINE.finditer(unfenced)) if "**" in unfenced else ()
    status = (_status(status_match.group(1)), line_of(status_match.start(1))) \
        if status_match else (None, None)
    below = _status_below_heading(plain, headings, newlines, first_line)
    if below[0] is not None and (status[1] is None or below[1] < status[1]):
        status = below
    return Body(headings, tags, links, tables, _sections(headings, bullets), mentions,
                status[0], labels, status[1],
                sum(1 for line in text.split("\n") if line.strip()))
