"""Reading notes: every trap of real vaults, each with a small note written for it."""

from __future__ import annotations

import json
import os

import pytest

from metis_bpmn.finding import Severity
from tests.conftest import ROOT
from metis_bpmn.vault.reader import CACHE_VERSION, read_note, read_vault


def note(data: bytes | str, path: str = "n.md"):
    return read_note(data.encode() if isinstance(data, str) else data, path)


def rules(n) -> list[str]:
    return [p.rule for p in n.problems]


def test_bom_before_front_matter() -> None:
    n = note(b"\xef\xbb\xbf---\ntitle: bom\n---\n# Heading\n")
    assert n.frontmatter == {"title": "bom"} and n.problems == ()


def test_crlf_line_endings() -> None:
    n = note("---\r\ntags: [a]\r\n---\r\n# T\r\n[[other]]\r\n")
    assert n.frontmatter == {"tags": ["a"]} and n.body.links[0].target == "other"


def test_dates_stay_iso_strings_and_json_safe() -> None:
    n = note("---\ncreated: 2026-02-24\nat: 2026-02-24T10:30:00\n---\n")
    assert n.frontmatter == {"created": "2026-02-24", "at": "2026-02-24T10:30:00"}
    json.dumps(n.to_json())


def test_duplicate_keys_are_reported_with_their_line() -> None:
    n = note("---\ntags: [a]\ntitle: x\ntags: [b]\n---\nbody\n")
    assert rules(n) == ["vault/duplicate-key"]
    assert n.problems[0].line == 4 and "'tags'" in n.problems[0].message


def test_tab_indentation() -> None:
    n = note("---\ntags:\n\t- a\n---\n")
    assert rules(n) == ["vault/tab-indentation"] and n.problems[0].line == 3


def test_latin1_front_matter_and_body() -> None:
    fm = note(b"---\ntitle: caf\xe9\n---\n")
    assert rules(fm) == ["vault/encoding"] and fm.frontmatter == {}
    body = note(b"---\ntitle: ok\n---\nline one\ncaf\xe9\n")
    assert rules(body) == ["vault/encoding"] and body.problems[0].line == 5
    assert body.frontmatter == {"title": "ok"}


def test_list_front_matter_is_not_a_mapping() -> None:
    n = note("---\n- a\n- b\n---\n")
    assert rules(n) == ["vault/not-a-mapping"] and n.frontmatter == {}


def test_unterminated_block() -> None:
    n = note("---\ntitle: x\nno closing marker\n")
    assert rules(n) == ["vault/unclosed-front-matter"]


def test_empty_block_and_no_block() -> None:
    assert note("---\n---\n# T\n").frontmatter == {}
    later = note("# T\n\n---\n\nnot front matter\n")
    assert later.frontmatter == {} and later.problems == ()


def test_yaml_1_1_readings_are_kept_as_text_and_reported() -> None:
    n = note("---\nanswer: no\ncountry: NO\nzip: 01234\nversion: 1.10\nflag: true\n"
             "quoted: \"no\"\n---\n")
    assert n.frontmatter == {"answer": "no", "country": "NO", "zip": "01234", "version": 1.1,
                             "flag": True, "quoted": "no"}
    assert rules(n) == ["vault/yaml11"] * 3
    assert all(p.severity is Severity.INFO for p in n.problems)


def test_unquoted_wikilink_in_front_matter() -> None:
    n = note("---\nlink: [[Other]]\n---\n")
    assert n.frontmatter == {"link": [["Other"]]} and rules(n) == ["vault/unquoted-link"]


def test_broken_yaml_has_a_line() -> None:
    n = note("---\ntitle: x\nbad: [unclosed\n---\n")
    assert rules(n) == ["vault/yaml"] and n.problems[0].line >= 3


def test_tags_from_front_matter_and_inline() -> None:
    n = note("---\ntags: \"#alpha, beta\"\n---\n# Heading #in-heading\ntext #project/metis and "
             "#b2 x#no http://example.com/#anchor `#code` [[note#heading]]\n```\n#fenced\n```\n")
    assert n.tags == ("alpha", "beta", "in-heading", "project/metis", "b2")


def test_wikilinks_and_embeds() -> None:
    n = note("see [[note]], [[folder/note#Heading|alias]], ![[image.png]], [[n#^block-1]]\n"
             "`[[not a link]]`\n")
    assert [(item.target, item.heading, item.alias, item.embed) for item in n.body.links] == [
        ("note", None, None, False), ("folder/note", "Heading", "alias", False),
        ("image.png", None, None, True), ("n", "^block-1", None, False)]


def test_headings_tables_and_sections() -> None:
    n = note("# Title\n## Plan\n\n| Area | Status |\n|---|:---:|\n| A \\| B | ✓ DONE |\n| C | x |\n"
             "## Open Questions\n- one\n### sub\n- two\n## Next\n- three\n")
    assert n.title == "Title"
    (table,) = n.body.tables
    assert table.heading == "Plan" and table.header == ("Area", "Status")
    assert table.rows == (("A | B", "✓ DONE"), ("C", "x"))
    sections = {s.heading.text: s.items for s in n.body.sections}
    assert sections["Open Questions"] == ("one", "two") and sections["Next"] == ("three",)


def test_huge_note_is_refused_with_a_finding(tmp_path) -> None:
    (tmp_path / "big.md").write_bytes(b"x" * (5 * 1024 * 1024 + 1))
    (tmp_path / "ok.md").write_text("# ok\n")
    vault = read_vault(tmp_path, cache=False)
    assert [p.rule for p in vault.notes["big.md"].problems] == ["vault/too-large"]
    assert vault.notes["ok.md"].title == "ok"


def test_ignored_folders_and_symlinks_outside(tmp_path) -> None:
    for folder in (".obsidian", ".git", ".metis", "notes"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text("# a\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# secret\n")
    os.symlink(outside, tmp_path / "link")
    assert list(read_vault(tmp_path, cache=False).notes) == ["notes/a.md"]


def test_a_broken_note_does_not_stop_the_rest(tmp_path) -> None:
    (tmp_path / "bad.md").write_bytes(b"---\n\xff\xfe: [\n---\n")
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\n")
    vault = read_vault(tmp_path, cache=False)
    assert vault.notes["good.md"].title == "Good"
    assert [p for _, p in vault.problems()]


def test_cache_cold_warm_changed_and_corrupt(tmp_path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n")
    first = read_vault(tmp_path)
    cache = tmp_path / ".metis" / "cache" / "index.json"
    assert cache.exists() and first.notes["a.md"].title == "A"
    assert read_vault(tmp_path).notes == first.notes
    (tmp_path / "a.md").write_text("---\ntitle: A changed, longer\n---\n")
    assert read_vault(tmp_path).notes["a.md"].title == "A changed, longer"
    cache.write_text("{ not json")
    assert read_vault(tmp_path).notes["a.md"].title == "A changed, longer"
    assert json.loads(cache.read_text())["version"] == CACHE_VERSION
    for shard in cache.parent.glob("notes-*.json"):
        shard.write_text("[broken")
    assert read_vault(tmp_path).notes["a.md"].title == "A changed, longer"
    (tmp_path / "a.md").unlink()
    assert dict(read_vault(tmp_path).notes) == {}


def test_vault_config_file(tmp_path) -> None:
    from metis_bpmn.errors import UserError
    from metis_bpmn.vault.config import VaultConfig
    (tmp_path / ".metis").mkdir()
    (tmp_path / ".metis" / "vault.toml").write_text(
        'chat-plan-note = "Home.md"\nhandoff-required = ["tags", "session"]\n')
    config = VaultConfig.load(tmp_path)
    assert config.chat_plan_note == "Home.md" and config.handoff_required == ("tags", "session")
    (tmp_path / ".metis" / "vault.toml").write_text('chat-plan = "x"\n')
    with pytest.raises(UserError, match="unknown key"):
        VaultConfig.load(tmp_path)


def test_vault_config_reports_every_error_with_its_key(tmp_path) -> None:
    from metis_bpmn.errors import UserError
    from metis_bpmn.vault.config import VaultConfig
    (tmp_path / ".metis").mkdir()
    (tmp_path / ".metis" / "vault.toml").write_text(
        'max-note-bytes = "big"\nignore = [1]\nhandof-tag = "x"\n')
    with pytest.raises(UserError) as raised:
        VaultConfig.load(tmp_path)
    message = str(raised.value)
    assert "max-note-bytes: must be a whole number" in message
    assert "ignore[0]: must be text" in message
    assert "handof-tag: unknown key (did you mean 'handoff-tag'?)" in message


def test_vault_config_docs_shape_and_defaults_agree() -> None:
    import re
    import tomllib
    from dataclasses import asdict, fields

    from metis_bpmn.vault.config import SHAPE, VaultConfig
    keys = {f.name.replace("_", "-") for f in fields(VaultConfig)}
    assert set(SHAPE.fields) == keys
    text = (ROOT / "docs" / "vault.md").read_text(encoding="utf-8")
    block = re.search(r"```toml \.metis/vault\.toml\n(.*?)```", text, re.S).group(1)
    documented = tomllib.loads(block)
    assert set(documented) == keys
    defaults = {k.replace("_", "-"): list(v) if isinstance(v, tuple) else v
                for k, v in asdict(VaultConfig()).items()}
    assert {k: v for k, v in documented.items() if k != "chat-plan-heading"} == \
        {k: v for k, v in defaults.items() if k != "chat-plan-heading"}
