"""Exact source positions of element ids, for editor jumps and SARIF regions.

lxml's ``sourceline`` is the line where a start tag *ends*; scanning the raw text for
``id="..."`` gives the line and column of the attribute itself, also on multi-line tags.
"""

from __future__ import annotations

import re

# ``id`` first: a pattern that starts with a literal is searched for that literal (fast);
# one that starts with ``\s`` is tried at every byte (three times slower over the corpus).
_ID_ATTR = re.compile(rb"""id\s*=\s*(["'])(.*?)\1""", re.S)
_SPACE = frozenset(b" \t\n\r\f\v")  # what ``\s`` matches in a bytes pattern


class IdPositions:
    """The 1-based (line, column) of each id value's ``id`` attribute; the first occurrence
    wins, columns count bytes (characters, for ASCII ids). The source is scanned only as far
    as the ids asked for: findings are mostly on process elements, which come before the
    diagram (with as many ids again).

    >>> positions = IdPositions(b'<a id="a">\\n  <b\\n   id="x"/><c xid="y"/></a>')
    >>> positions.get("x"), positions.found
    ((3, 4), {'a': (1, 4), 'x': (3, 4)})
    >>> positions.get("y") is None, positions.get("a")
    (True, (1, 4))
    """

    def __init__(self, source: bytes) -> None:
        self.source = source
        self.found: dict[str, tuple[int, int]] = {}
        self._match = _ID_ATTR.search(source)
        self._line, self._line_start, self._scanned = 1, 0, 0

    def get(self, element_id: str) -> tuple[int, int] | None:
        """The position of ``element_id``'s attribute, or None if it has none."""
        found, source, search = self.found, self.source, _ID_ATTR.search
        match = self._match
        while element_id not in found and match:
            start = match.start()
            if not start or source[start - 1] not in _SPACE:  # "xid=", not an id attribute
                match = search(source, start + 1)
                continue
            newlines = source.count(b"\n", self._scanned, start)
            if newlines:
                self._line += newlines
                self._line_start = source.rfind(b"\n", self._scanned, start) + 1
            self._scanned = start
            value = match.group(2).decode("utf-8", "replace")
            found.setdefault(value, (self._line, start - self._line_start + 1))
            match = search(source, match.end())
        self._match = match
        return found.get(element_id)
