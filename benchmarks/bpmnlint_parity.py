"""Verdicts of metis-bpmn's bpmnlint rules next to bpmnlint's own, file by file and rule by rule.

bpmnlint (its API, through ``bpmnlint_lint.cjs``, one Node process) and metis-bpmn (profile
``bpmnlint:all``) lint the same files. Files that either tool cannot read are left out. For
each of bpmnlint's 28 rules the table shows on how many files the two agree that the rule
fires or not, and on how many they flag exactly the same element ids.

bpmnlint counts a node's flows from its ``<incoming>``/``<outgoing>`` children; metis-bpmn
from the flows' ``sourceRef``/``targetRef`` (the note lists that as a bpmnlint defect not to
copy). Where a file's children disagree with its flows (or are left out, as the schema
allows and many engine test files do), verdicts differ on purpose, so the table also shows the
agreement on the files where every node lists exactly its flows ("consistent files").

    python benchmarks/bpmnlint_parity.py [--corpora DIR] [--node-modules DIR] [--show RULE]

``--node-modules`` is a folder holding ``bpmnlint`` and ``bpmn-moddle`` (``npm install
bpmnlint@11.15.0`` somewhere outside the repository); default
``~/.cache/metis-bpmn/bpmnlint/node_modules``, where the processes test installs it.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metis_bpmn.lint.config import Config  # noqa: E402
from metis_bpmn.lint.profiles import BPMNLINT_ALL_NAMES  # noqa: E402
from metis_bpmn.lint.runner import Source, lint_sources  # noqa: E402
from metis_bpmn.model.parse import load_file  # noqa: E402

UNREADABLE = ("unparseable-document", "non-bpmn-document", "oversized-document")


def bpmnlint_reports(files: list[Path], node_modules: Path) -> dict[str, dict[str, set]]:
    script = Path(__file__).with_name("bpmnlint_lint.cjs")
    run = subprocess.run(["node", str(script), str(node_modules), "bpmnlint:all"],
                         input="\n".join(map(str, files)), capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"bpmnlint failed:\n{run.stderr[-2000:]}")
    found = {}
    for line in run.stdout.splitlines():
        item = json.loads(line)
        if "error" in item:
            continue
        by_rule = collections.defaultdict(set)
        for report in item["reports"]:
            by_rule[report["rule"]].add(report["id"])
        found[item["file"]] = by_rule
    return found


def _children_match_flows(document) -> bool:
    """Every flow node lists exactly the flows that point at it and leave it."""
    for _, scope in document.scopes():
        into, out_of = collections.defaultdict(set), collections.defaultdict(set)
        for flow in scope.flows:
            into[flow.target].add(flow.id)
            out_of[flow.source].add(flow.id)
        for node in scope.nodes:
            if set(node.incoming) != into[node.id] or set(node.outgoing) != out_of[node.id]:
                return False
    return True


def metis_reports(files: list[Path]) -> tuple[dict[str, dict[str, set]], set[str]]:
    config = Config.from_profile("bpmnlint:all")
    keep = BPMNLINT_ALL_NAMES | set(UNREADABLE)
    config = replace(config, rules={n: s for n, s in config.rules.items() if n in keep},
                     timeout=0)
    found, inconsistent = {}, set()
    for source, findings in lint_sources([Source(str(f), path=f) for f in files], config):
        if any(f.rule in UNREADABLE for f in findings):
            continue
        by_rule = collections.defaultdict(set)
        for finding in findings:
            by_rule[finding.rule].add(finding.element_id)
        document = load_file(source.path).document
        if document is None or not _children_match_flows(document):
            inconsistent.add(source.display)
        found[source.display] = by_rule
    return found, inconsistent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=Path(os.environ.get(
        "METIS_BPMN_CORPORA", ROOT.parent / "shared" / "corpora")))
    parser.add_argument("--node-modules", type=Path,
                        default=Path.home() / ".cache" / "metis-bpmn" / "bpmnlint" / "node_modules")
    parser.add_argument("--show", metavar="RULE", help="list the files where RULE disagrees")
    args = parser.parse_args()
    with open(args.corpora / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        files = [args.corpora / r["corpus"] / r["path"] for r in csv.DictReader(handle)]

    start = time.perf_counter()
    theirs = bpmnlint_reports(files, args.node_modules)
    their_time = time.perf_counter() - start
    start = time.perf_counter()
    ours, inconsistent = metis_reports(files)
    our_time = time.perf_counter() - start
    both = sorted(set(theirs) & set(ours))
    consistent = [f for f in both if f not in inconsistent]
    print(f"{len(files)} files; read by both: {len(both)}; consistent flows: {len(consistent)}")
    print(f"time: bpmnlint API {their_time:.1f} s, metis-bpmn in-process (1 job) {our_time:.1f} s")
    print()
    header = (f"{'rule':36} {'flagged b/m':>12} {'verdict':>8} {'same ids':>9} "
              f"{'verdict*':>9} {'same ids*':>10}")
    print(header + "\n" + "-" * len(header))
    worst = []
    for rule in sorted(BPMNLINT_ALL_NAMES):
        def rates(subset):
            verdict = sum(bool(theirs[f].get(rule)) == bool(ours[f].get(rule)) for f in subset)
            same = sum(set(theirs[f].get(rule, ())) == set(ours[f].get(rule, ())) for f in subset)
            return 100 * verdict / len(subset), 100 * same / len(subset)
        flagged = (sum(bool(theirs[f].get(rule)) for f in both),
                   sum(bool(ours[f].get(rule)) for f in both))
        v, s = rates(both)
        vc, sc = rates(consistent)
        worst.append((sc, rule))
        print(f"{rule:36} {flagged[0]:>5}/{flagged[1]:<6} {v:7.2f}% {s:8.2f}% {vc:8.2f}% {sc:9.2f}%")
    print("\n* on files whose <incoming>/<outgoing> agree with sourceRef/targetRef")
    print(f"lowest 'same ids*': {min(worst)[1]} {min(worst)[0]:.2f}%")
    if args.show:
        for f in both:
            a, b = set(theirs[f].get(args.show, ())), set(ours[f].get(args.show, ()))
            if a != b:
                flag = " (inconsistent flows)" if f in inconsistent else ""
                print(f"{f}{flag}\n  bpmnlint only: {sorted(map(str, a - b))}\n"
                      f"  metis only:    {sorted(map(str, b - a))}")


if __name__ == "__main__":
    main()
