"""Corpus sweep: every file of ../shared/corpora loads without a crash and gets the right
kind of finding, is linted with the ``all`` profile without a rule crash into SARIF and JSON
that pass their schemas, and every diagram renders. Skipped when the corpora are absent
(users don't have them; CI does).

The corpus is loaded once (``loaded``) and linted once (``reports``): the crash, SARIF and
JSON checks all read the same reports, and the render check reads the same documents. Keep
every consumer in this module: under ``-n 2`` pyproject.toml's ``--dist loadfile`` runs a
module on one worker, so its module-scoped fixtures are built once. The CLI paths of
``-f sarif`` and ``-f json`` are tested on the fixtures (tests/report, tests/docs); here the
same renderers get the corpus's reports.
"""

from __future__ import annotations

import csv
import json
import traceback
from pathlib import Path

import pytest
from lxml import etree

from metis_bpmn.lint.config import Config
from metis_bpmn.finding import RULE_ERROR, count
from metis_bpmn.lint.runner import Source, lint_sources
from metis_bpmn.model.parse import load_file
from metis_bpmn.render.layout import layout
from metis_bpmn.render.svg import render_svg
from metis_bpmn.report import FileReport
from metis_bpmn.report import json as json_report
from metis_bpmn.report import sarif
from tests.conftest import corpora_or_skip
from tests.output_schemas import assert_github_fields, assert_valid_json_output, assert_valid_sarif

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


@pytest.fixture(scope="module")
def config() -> Config:
    return Config.from_profile("all")


@pytest.fixture(scope="module")
def reports(manifest, config) -> list[FileReport]:
    """The one lint of the corpus, ``validate -p all -j 2`` in-process, with paths relative
    to the corpora folder (as ``validate`` run there prints them)."""
    root = corpora_or_skip()
    sources = [Source(row["file"].relative_to(root).as_posix(), row["file"]) for row in manifest]
    return [FileReport(source.display, tuple(findings))
            for source, findings in lint_sources(sources, config, jobs=2)]


def test_every_file_is_linted(manifest, reports) -> None:
    assert len(reports) == len(manifest) > 5000
    assert len({r.path for r in reports}) == len(reports)
    errors, _, _ = count(f for r in reports for f in r.findings)
    assert errors > 1000  # what validate's exit code 1 said


def test_no_rule_crashes_on_the_corpus(reports) -> None:
    errors = [f for r in reports for f in r.findings if f.rule == RULE_ERROR]
    assert errors == []


def test_the_sweep_is_valid_sarif_with_githubs_fields(reports, config) -> None:
    document = json.loads(sarif.render(reports, config=config))
    assert_valid_sarif(document)
    assert_github_fields(document)
    assert len(document["runs"][0]["results"]) > 1000


def test_the_sweep_json_output_conforms(reports, config) -> None:
    document = json.loads(json_report.render(reports, config=config.source))
    assert_valid_json_output(document)
    assert document["summary"]["files"] == len(reports)


def test_every_diagram_renders_and_files_without_one_are_laid_out(loaded) -> None:
    """What benchmarks/corpus_sweep.py's render sweep checks: every diagram of every file
    draws as well-formed SVG; a file with a process or collaboration but no diagram is laid
    out automatically, then drawn."""
    drawn, laid_out, failed = 0, 0, []
    for path, load in loaded.items():
        document = load.document
        if document is None:
            continue
        try:
            if document.diagrams:
                for index in range(len(document.diagrams)):
                    etree.fromstring(render_svg(document, index).encode())
                    drawn += 1
            elif document.processes or document.collaborations:
                etree.fromstring(render_svg(layout(document, timeout=30)).encode())
                laid_out += 1
        except Exception:  # collect them all: one failure should not hide the others
            failed.append(f"{path}\n{traceback.format_exc(limit=3)}")
    assert failed == [], "\n".join(failed[:10])
    assert drawn > 3000 and laid_out > 1500
