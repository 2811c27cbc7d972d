"""schema-violation agrees with the corpora's MANIFEST.csv ``xsd_valid`` column (MIWG suite)."""

from __future__ import annotations

import csv

import pytest

from metis_bpmn.model.schema import schema_errors
from tests.conftest import corpora_or_skip


@pytest.mark.corpus
def test_miwg_schema_validity_matches_manifest() -> None:
    corpora = corpora_or_skip()
    with open(corpora / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["corpus"] == "bpmn-miwg-test-suite" and r["xsd_valid"] in ("0", "1")]
    disagree = []
    for row in rows:
        source = (corpora / row["corpus"] / row["path"]).read_bytes()
        if bool(schema_errors(source)) != (row["xsd_valid"] == "0"):
            disagree.append(row["path"])
    assert len(rows) == 825
    assert sum(r["xsd_valid"] == "0" for r in rows) == 123
    assert disagree == []
