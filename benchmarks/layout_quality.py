"""Layout quality over ../shared/corpora: the findings of the layout rules.

``--di`` (default): the files that have a diagram, as drawn; findings per rule, files with
findings, time per rule, and with ``--show RULE`` the findings of that rule.
``--auto``: the files without a diagram, laid out automatically (``render --layout auto``);
findings per rule, per file in ``--out FILE.csv`` (file, rule, count) so two runs (before and
after a layout change) can be compared with ``--compare OLD.csv``.

    python benchmarks/layout_quality.py [--corpora DIR] [--auto] [--out F.csv]
        [--compare OLD.csv] [--show RULE] [--every N]
"""

from __future__ import annotations

import argparse
import collections
import csv
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metis_bpmn.errors import UserError  # noqa: E402
from metis_bpmn.lint.context import FileContext, RuleContext  # noqa: E402
from metis_bpmn.finding import Severity  # noqa: E402
from metis_bpmn.lint.registry import all_rules  # noqa: E402
from metis_bpmn.model.parse import load_file  # noqa: E402
from metis_bpmn.render.layout import layout  # noqa: E402

RULES = ("flow-crosses-shape", "overlapping-labels", "shared-flow-segment",
         "detached-flow-label", "no-overlapping-elements")
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def files_with(root: Path, has_diagram: bool) -> list[Path]:
    with open(root / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        return [root / r["corpus"] / r["path"] for r in csv.DictReader(handle)
                if r["has_BPMNDiagram"] == ("1" if has_diagram else "0")]


def findings(load, timings: collections.Counter) -> list:
    """The layout rules' findings on one loaded file, each rule timed."""
    shared = FileContext(load)
    rules = all_rules()
    found = []
    for name in RULES:
        start = time.perf_counter()
        found += rules[name].check(RuleContext(shared, name, Severity.ERROR))
        timings[name] += time.perf_counter() - start
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT)
    parser.add_argument("--auto", action="store_true", help="files without DI, laid out")
    parser.add_argument("--out", type=Path, help="per-file counts as CSV")
    parser.add_argument("--compare", type=Path, help="per-file counts of an earlier run")
    parser.add_argument("--show", help="print this rule's findings")
    parser.add_argument("--every", type=int, default=1, help="take every Nth file")
    args = parser.parse_args()
    timings: collections.Counter = collections.Counter()
    per_rule, files_per_rule = collections.Counter(), collections.Counter()
    rows, checked, failed = [], 0, []
    start = time.perf_counter()
    for path in files_with(args.corpora, not args.auto)[::args.every]:
        load = load_file(path)
        if load.document is None or not (load.document.processes
                                          or load.document.collaborations):
            continue
        if args.auto:
            try:
                load = dataclasses.replace(load, document=layout(load.document, timeout=30))
            except UserError as exc:
                failed.append((path, str(exc)))
                continue
        checked += 1
        counts = collections.Counter(f.rule for f in findings(load, timings))
        for rule in RULES:
            rows.append((str(path.relative_to(args.corpora)), rule, counts[rule]))
        per_rule.update(counts)
        files_per_rule.update(counts.keys())
        if args.show:
            for finding in findings(load, collections.Counter()):
                if finding.rule == args.show:
                    print(f"{path.relative_to(args.corpora)}:{finding.line} "
                          f"{finding.element_id}: {finding.message}")
    print(f"{checked} files {'laid out automatically' if args.auto else 'with DI'}, "
          f"{len(failed)} layouts failed, {time.perf_counter() - start:.1f} s")
    print(f"{'rule':28} {'findings':>9} {'files':>6} {'rule time s':>12}")
    for rule in RULES:
        print(f"{rule:28} {per_rule[rule]:9} {files_per_rule[rule]:6} {timings[rule]:12.2f}")
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    if args.compare:
        compare(args.compare, rows)
    return 0


def compare(old_csv: Path, rows) -> None:
    """Per-file totals of the layout rules, old against new."""
    with open(old_csv, newline="", encoding="utf-8") as handle:
        old = collections.Counter()
        for file, _, count in csv.reader(handle):
            old[file] += int(count)
    new = collections.Counter()
    for file, _, count in rows:
        new[file] += count
    both = sorted(set(old) & set(new))
    better = sum(new[f] < old[f] for f in both)
    worse = sum(new[f] > old[f] for f in both)
    print(f"{len(both)} files in both runs: findings {sum(old[f] for f in both)} -> "
          f"{sum(new[f] for f in both)}; files with findings "
          f"{sum(old[f] > 0 for f in both)} -> {sum(new[f] > 0 for f in both)}; "
          f"{better} better, {worse} worse")


if __name__ == "__main__":
    sys.exit(main())
