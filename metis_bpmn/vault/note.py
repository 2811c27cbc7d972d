"""One note as read from the vault: JSON-safe, so it can be cached and printed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..finding import Finding, Severity
from .markdown import Body, Heading, Link, Section, Table


@dataclass(frozen=True)
class Note:
    path: str  # vault-relative, forward slashes
    title: str
    frontmatter: dict
    body: Body
    problems: tuple[Finding, ...] = field(default=())  # each with ``file`` = ``path``

    @property
    def tags(self) -> tuple[str, ...]:
        """Front-matter tags (string or list, leading # dropped) then inline tags."""
        raw = self.frontmatter.get("tags", self.frontmatter.get("tag", []))
        if isinstance(raw, str):
            raw = [t for t in raw.replace(",", " ").split()]
        found = [str(t).lstrip("#").strip() for t in (raw or []) if str(t).strip()]
        return tuple(dict.fromkeys([*found, *self.body.tags]))

    def to_json(self) -> dict:
        b = self.body
        return {
            "path": self.path, "title": self.title, "frontmatter": self.frontmatter,
            "headings": [[h.level, h.text, h.line] for h in b.headings],
            "tags": list(b.tags),
            "links": [[link.target, link.heading, link.alias, link.embed, link.line]
                      for link in b.links],
            "tables": [[t.heading, list(t.header), [list(r) for r in t.rows], t.line]
                       for t in b.tables],
            "sections": [[s.heading.level, s.heading.text, s.heading.line, list(s.items)]
                         for s in b.sections],
            "mentions": list(b.mentions), "status": b.status,
            "labels": [list(label) for label in b.labels],
            "status_line": b.status_line, "lines": b.lines,
            "problems": [[p.rule, p.message, p.line, p.severity.label] for p in self.problems],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Note":
        body = Body(
            headings=tuple(Heading(*h) for h in data["headings"]),
            tags=tuple(data["tags"]),
            links=tuple(Link(*link) for link in data["links"]),
            tables=tuple(Table(t[0], tuple(t[1]), tuple(tuple(r) for r in t[2]), t[3])
                         for t in data["tables"]),
            sections=tuple(Section(Heading(s[0], s[1], s[2]), tuple(s[3]))
                           for s in data["sections"]),
            mentions=tuple(data["mentions"]), status=data["status"],
            labels=tuple((str(a), str(b), int(c)) for a, b, c in data["labels"]),
            status_line=data["status_line"], lines=data["lines"],
        )
        return cls(data["path"], data["title"], data["frontmatter"], body,
                   tuple(Finding(rule, Severity.parse(severity), message, data["path"], line)
                         for rule, message, line, severity in data["problems"]))
