"""The Markdown body reader on CommonMark block rules: what is code, what is a heading."""

from __future__ import annotations

from metis_bpmn.vault.markdown import parse_body


def headings(text: str, first_line: int = 1) -> list[tuple[int, str, int]]:
    return [(h.level, h.text, h.line) for h in parse_body(text, first_line).headings]


def test_indented_code_block_is_code() -> None:
    body = parse_body("# Top\ntext #a\n\n    #code [[code]]\n    # not a heading\n\n"
                      "    - not an item\n\tstill #code\nafter #b [[b]]\n- one\n")
    assert body.tags == ("a", "b") and [l.target for l in body.links] == ["b"]
    assert [(h.text, h.line) for h in body.headings] == [("Top", 1)]
    assert body.sections[0].items == ("one",)


def test_indented_lines_that_are_not_code() -> None:
    # A paragraph's continuation and a list item's continuation paragraph are text.
    body = parse_body("para\n    #lazy\n- item\n\n    #continued [[kept]]\n\n\t- nested #nested\n"
                      "\n\t      #nested-code\n1. ordered\n\n   #ordered\n\n       #ordered-code\n")
    assert body.tags == ("lazy", "continued", "nested", "ordered")
    assert [l.target for l in body.links] == ["kept"]


def test_indented_code_after_a_heading_needs_no_blank_line() -> None:
    assert parse_body("# H\n    #code\n").tags == ()


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
