"""Corpus sweep: every file of ../shared/corpora loads without a crash and gets the right
kind of finding. Skipped when the corpora are absent (users don't have them; CI does)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from metis_bpmn.lint.config import Config
from metis_bpmn.lint.runner import Source, lint_sources
from metis_bpmn.model.parse import load_file
from tests.conftest import corpora_or_skip

pytestmark = pytest.mark.corpus

XXE_FILES = [
    "camunda-bpm-platform/engine/src/test/resources/org/camunda/bpm/engine/test/bpmn/parse/"
    "BpmnParseTest.testParseProcessDefinitionXXE.bpmn20.xml",
    "camunda-bpm-platform/engine/src/test/resources/org/camunda/bpm/engine/test/api/repository/"
    "diagram/testXxeParsingIsDisabled.bpmn20.xml",
    "spiff-sample-process-models/misc/test/a101/invoice.bpmn",
    "spiff-sample-process-models/misc/test/a102/invoice.bpmn",
    "spiff-sample-process-models/misc/service-tests/testing-sec/test/test.bpmn",
]


@pytest.fixture(scope="module")
def manifest() -> list[dict]:
    root = corpora_or_skip()
    with open(root / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["file"] = root / row["corpus"] / row["path"]
    return rows


@pytest.fixture(scope="module")
def loaded(manifest) -> dict[Path, object]:
    return {row["file"]: load_file(row["file"]) for row in manifest}


def test_every_file_loads(manifest, loaded) -> None:
    assert len(loaded) == len(manifest) > 5000


def test_not_well_formed_files_get_exactly_one_located_parse_finding(manifest, loaded) -> None:
    bad = [row["file"] for row in manifest if row["wellformed_lxml"] == "0"]
    assert len(bad) >= 30
    for path in bad:
        parse = [p for p in loaded[path].problems if p.rule == "unparseable-document"]
        assert len(parse) == 1, path
        assert parse[0].line and parse[0].line >= 1, path
        assert loaded[path].document is None


def test_well_formed_files_have_no_parse_finding(manifest, loaded) -> None:
    for row in manifest:
        if row["wellformed_lxml"] == "1":
            rules = {p.rule for p in loaded[row["file"]].problems}
            assert "unparseable-document" not in rules, row["file"]


def test_non_bpmn_roots_are_reported(manifest, loaded) -> None:
    for row in manifest:
        result = loaded[row["file"]]
        if row["wellformed_lxml"] == "1" and row["root"] != "definitions":
            assert result.document is None
            rules = {p.rule for p in result.problems}
            # A DOCTYPE is refused first (the file is not built), whatever its root.
            assert rules & {"non-bpmn-document", "doctype-declared"}, row["file"]


def test_xxe_payloads_resolve_nothing(loaded) -> None:
    root = corpora_or_skip()
    secret_markers = ("root:x:0:0", "/bin/bash", "daemon:")
    for name in XXE_FILES:
        result = loaded[root / name]
        assert "doctype-declared" in {p.rule for p in result.problems}, name
        doc = result.document
        texts = []
        if doc is not None:
            for element in doc.elements.values():
                texts.extend(str(v) for v in element.attrs.values())
                texts.append(element.name or "")
                texts.append(element.documentation or "")
        blob = "\n".join(texts)
        assert not any(marker in blob for marker in secret_markers), name


def test_no_rule_crashes_on_the_corpus(manifest) -> None:
    root = corpora_or_skip()
    sources = [Source(str(row["file"].relative_to(root)), row["file"]) for row in manifest]
    errors = [f for _, findings in lint_sources(sources, Config.from_profile("all"))
              for f in findings if f.rule == "rule-error"]
    assert errors == []
