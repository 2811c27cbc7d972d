"""The Markdown body reader on CommonMark block rules: what is code, what is a heading."""

from __future__ import annotations

import pytest

from metis_bpmn.vault.markdown import Link, parse_body


def headings(text: str, first_line: int = 1) -> list[tuple[int, str, int]]:
    return [(h.level, h.text, h.line) for h in parse_body(text, first_line).headings]


def test_indented_code_block_is_code() -> None:
    body = parse_body("# Top\ntext #a\n\n    #code [[code]]\n    # not a heading\n\n"
                      "    - not an item\n\tstill #code\nafter #b [[b]]\n- one\n")
    assert body.tags == ("a", "b") and [item.target for item in body.links] == ["b"]
    assert [(h.text, h.line) for h in body.headings] == [("Top", 1)]
    assert body.sections[0].items == ("one",)


def test_indented_lines_that_are_not_code() -> None:
    # A paragraph's continuation and a list item's continuation paragraph are text.
    body = parse_body("para\n    #lazy\n- item\n\n    #continued [[kept]]\n\n\t- nested #nested\n"
                      "\n\t      #nested-code\n1. ordered\n\n   #ordered\n\n       #ordered-code\n")
    assert body.tags == ("lazy", "continued", "nested", "ordered")
    assert [item.target for item in body.links] == ["kept"]


def test_indented_code_after_a_heading_needs_no_blank_line() -> None:
    assert parse_body("# H\n    #code\n").tags == ()


def test_backslash_escapes_make_tags_and_links_literal() -> None:
    body = parse_body("\\#esc \\[[esc]] \\\\#real \\\\[[real]] ![[img]] \\![[img2]]\n")
    assert body.tags == ("real",)
    assert [(link.target, link.embed) for link in body.links] == [("real", False), ("img", True),
                                                         ("img2", False)]


def test_setext_headings() -> None:
    text = ("Title\n=====\nintro\n\nSub #t\n---\n- one\n\n---\n\n- two\n"
            "\ntwo lines\nof text\n===\n- three\n")
    assert headings(text, 10) == [(1, "Title", 10), (2, "Sub #t", 14), (1, "two lines of text", 22)]
    sections = {s.heading.text: s.items for s in parse_body(text).sections}
    assert sections["Sub #t"] == ("one", "two") and sections["two lines of text"] == ("three",)
    assert parse_body(text).tags == ("t",)


def test_setext_heading_with_crlf() -> None:
    assert headings("Title\r\n===\r\n") == [(1, "Title", 1)]


def test_heading_text_keeps_inline_code() -> None:
    assert headings("# The `foo` module\nThe `bar` page\n===\n") == [
        (1, "The `foo` module", 1), (1, "The `bar` page", 2)]


def test_closing_hashes_need_a_blank_before_them() -> None:
    assert headings("# C#\n## Title ##\n### #\n#### F# #\r\n") == [
        (1, "C#", 1), (2, "Title", 2), (3, "", 3), (4, "F#", 4)]


def test_underlines_that_are_not_setext_headings() -> None:
    # A thematic break after a blank line, a heading, a list item, code or a table row.
    assert headings("---\ntext\n\n---\n# H\n---\n- item\n---\n```\nx\n```\n---\n") == [
        (1, "H", 5)]
    assert headings("- a\n  b\n---\n> quote\n---\n    code\n---\n") == []
    body = parse_body("| a | b |\n|---|---|\n| 1 | 2 |\n---\n\n| one |\n---\n| x |\n")
    assert [(t.header, t.rows, t.line) for t in body.tables] == [
        (("a", "b"), (("1", "2"),), 1), (("one",), (("x",),), 6)]
    assert body.headings == ()
    assert headings("text\n- - -\n") == []  # an underline has no inner spaces


def test_longer_fence_is_not_closed_by_a_shorter_one() -> None:
    body = parse_body("````md\n```\n#inner [[inner]]\n```\n#still-code\n````\n#after\n")
    assert body.tags == ("after",) and body.links == ()


def test_closing_fence_has_no_info_string_and_the_same_character() -> None:
    assert parse_body("```\n``` python\n#a\n~~~\n#b\n```\n#c\n").tags == ("c",)
    assert parse_body("~~~~\n~~~\n#a\n~~~~~\n#b\n").tags == ("b",)


def test_unclosed_fence_runs_to_the_end() -> None:
    body = parse_body("#a\n```\n#b [[c]]\n# not a heading\n- not an item\n")
    assert body.tags == ("a",) and body.links == () and body.headings == ()


def test_backtick_fence_info_string_has_no_backtick() -> None:
    # ```x``` is inline code, not a fence that swallows the rest of the note.
    assert parse_body("```x``` #a\n#b\n").tags == ("a", "b")


def test_fence_indentation() -> None:
    assert parse_body("   ```\n#a\n   ```\n#b\n").tags == ("b",)
    # Four spaces after a blank line is indented code, so the fence lines are code.
    assert parse_body("x\n\n    ```\n#a\n").tags == ("a",)
    # In a list item the indentation counts from the item's content.
    assert parse_body("- a\n    - b\n\n      ```\n      #a\n      ```\n  #b\n").tags == ("b",)


def test_line_numbers_after_code() -> None:
    text = "````\n```\n````\n\n    code\n\nTitle\n---\n| a |\n|---|\n# H\n[[x]]\n"
    body = parse_body(text, 5)
    assert [(h.text, h.line) for h in body.headings] == [("Title", 11), ("H", 15)]
    assert body.tables[0].line == 13 and body.links[0].line == 16


def test_many_headings_tables_and_items() -> None:
    # Sections and tables find their headings without a scan per heading (was quadratic).
    body = parse_body("# Top\n" + "## h\n- x\n| a |\n|---|\n" * 30_000 + "# End\n- y\n")
    assert len(body.sections) == 30_002 and len(body.tables) == 30_000
    assert body.sections[0].items == ("x",) * 30_000 and body.sections[1].items == ("x",)
    assert body.sections[-1].items == ("y",) and body.tables[-1].heading == "h"


def test_long_runs_do_not_backtrack() -> None:
    # Each of these lines took seconds to hours with patterns that backtracked.
    blanks = " " * 100_000
    body = parse_body(f"# Title{blanks}end #\nStatus: **done**{blanks}now **\n| a |\n{blanks}x\n"
                      f"| b |\n|---{blanks}x\nword{'a' * 100_000}:/ ok://x.org/#no #yes\n")
    assert [h.text for h in body.headings] == [f"Title{blanks}end"]
    assert body.status == f"done**{blanks}now"
    assert body.tables == () and body.tags == ("yes",)


def test_mentions_start_after_the_previous_one() -> None:
    # "a.md/" 100,000 times named 100,000 ever longer paths (quadratic time and memory).
    body = parse_body("see dir/a.md, b.md/c.md\n" + "a.md/" * 100_000)
    assert body.mentions == ("dir/a.md", "b.md", "c.md", "a.md")


def test_huge_notes_parse() -> None:
    # Linear time: a backtracking pattern or a rescan per match would take minutes here.
    links = parse_body("# T\n" + "[[a]] ![[b|c]] " * 50_000, 7)
    assert len(links.links) == 100_000
    assert links.links[-2:] == (Link("a", None, None, False, 8), Link("b", None, "c", True, 8))
    tags = parse_body("\\#no #yes " * 50_000 + "\n" + "\\" * 100_000 + "#odd\n")
    assert tags.tags == ("yes", "odd")
    fences = parse_body("````\n" + "```\n" * 100_000 + "````\n#after\n" + "[[" * 100_000)
    assert fences.tags == ("after",) and fences.links == ()
    nested = parse_body("".join(" " * i + "- x\n" for i in range(0, 3000, 2)) + "\n#end\n")
    assert nested.tags == ("end",) and len(nested.sections) == 0


@pytest.mark.parametrize("text, status, line", [
    ("# Area\n\n**Status:** ✓ FIRST PASS\n", "✓ FIRST PASS", 3),
    ("Current status: PARTIAL\n", "PARTIAL", 1),
    ("## Status: ○ SETUP READY\n", "○ SETUP READY", 1),
    ("## Status\n\n✓ COMPLETE\n", "✓ COMPLETE", 3),
    # The founding document's own form: a heading ending in "Status", "Now:" on the next line.
    ("# X\n\n## Orchestration Area Status\n\n**Now: ✓ FIRST PASS** — all captured.\n",
     "✓ FIRST PASS** — all captured.", 5),
    ("# Title\n\nThe status quo: fine\n", None, None),
    ("## Statuses of things\nnope\n", None, None),
])
def test_an_area_status_in_the_forms_people_write_it(text, status, line) -> None:
    body = parse_body(text)
    assert (body.status, body.status_line) == (status, line)
