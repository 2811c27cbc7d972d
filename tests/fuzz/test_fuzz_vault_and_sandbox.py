"""Properties: no note breaks the vault reader, no expression escapes the sandbox's errors."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from metis_bpmn.sandbox import SandboxError, evaluate
from metis_bpmn.vault.reader import read_note

YAMLISH = st.lists(st.sampled_from([
    "tags:", "  - a", "\t- b", "created: 2026-02-24", "a: 1", "a: 2", "- x", "[[link]]",
    "key: [unclosed", "no: no", "zip: 0123", "x: !!python/object:os.system", "? complex",
    "&anchor a: *anchor", "title: \xe9", "---", "...", "%YAML 1.1", "",
]), max_size=12)
BODY = st.lists(st.sampled_from(list("ab #[]|!-*`\n\t:/.mdé✓○")
                               + ["```", "[[", "]]", "| x |", "---", "|---|", "Status: "]),
                max_size=120).map("".join)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(YAMLISH, BODY, st.booleans(), st.binary(max_size=20))
def test_any_note_reads_without_raising(front, body, bom, junk) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + ("---\n" + "\n".join(front) + "\n---\n" + body
                                                ).encode("utf-8") + junk
    note = read_note(data, "n.md")
    json.dumps(note.to_json())  # always JSON-safe, also for the cache
    assert isinstance(note.frontmatter, dict)


ATOMS = st.sampled_from(["x", "1", "'a'", "vault", "__class__", "[1, 2]", "(", ")", " + ",
                         " ** ", " * ", " and ", " not ", " if ", " else ", " for ", " in ",
                         "lambda", ":", ".", "[", "]", "{", "}", ",", "10**10", "len", "open",
                         "__import__", "'%s' % x", "f'{x}'", "=", "==", " is "])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(ATOMS, min_size=1, max_size=12))
def test_sandbox_only_raises_its_own_errors(parts) -> None:
    try:
        evaluate("".join(parts), {"x": 3})
    except SandboxError:
        pass
