"""docs/rules is generated from the rules and their fixtures and must not go stale."""

from __future__ import annotations

from pathlib import Path

from metis_bpmn import docs_gen
from metis_bpmn.lint.registry import all_rules


def test_committed_rule_docs_are_fresh() -> None:
    stale = docs_gen.stale()
    assert stale == [], (f"docs/rules is stale ({', '.join(stale)}); "
                         "regenerate with: python -m metis_bpmn.docs_gen")


def test_stale_detects_changed_missing_and_extra_pages(tmp_path: Path) -> None:
    docs_gen.write(tmp_path)
    assert docs_gen.stale(tmp_path) == []
    (tmp_path / "index.md").write_text("edited\n")
    (tmp_path / "duplicate-name.md").unlink()
    (tmp_path / "retired-rule.md").write_text("# retired-rule\n")
    assert docs_gen.stale(tmp_path) == ["duplicate-name.md", "index.md", "retired-rule.md"]
    assert docs_gen.write(tmp_path) == ["duplicate-name.md", "index.md", "retired-rule.md"]
    assert not (tmp_path / "retired-rule.md").exists()
    assert docs_gen.stale(tmp_path) == []


def test_every_rule_has_a_page_with_profiles_and_fixtures() -> None:
    pages = docs_gen.generate()
    assert set(pages) == {f"{name}.md" for name in all_rules()} | {"index.md"}
    page = pages["unguarded-split.md"]
    assert "Profiles: recommended: error · strict: error" in page
    assert "Options: `non-executable` (default `false`)" in page
    assert "invalid-in-sub-process.bpmn`](../../tests/rules/unguarded_split/" in page
    assert "Inner@5: Exclusive gateway splits into 3 flows (a, b, c)" in page
    assert "| [schema-violation](schema-violation.md) | metis | schema | off | error |" \
        in pages["index.md"]
