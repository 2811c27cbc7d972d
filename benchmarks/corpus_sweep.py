"""Corpus sweep: load, validate and render every file of ../shared/corpora; count, time, check.

Prints files/s, peak memory, model-building time next to raw ``lxml.etree.parse`` of the same
files (measured in the same run), the load problems by rule, the findings per rule under
the ``all`` profile, and the render of every diagram (files without one are laid out
automatically). Exits 1 if anything crashed, a rule raised (``rule-error``) or a render
failed.

    python benchmarks/corpus_sweep.py [--corpora DIR] [--profile all] [--quiet] [--no-lint]
                                      [--no-render]

CI (.ci/run) passes ``--no-lint --no-render``: the test suite's corpus sweep
(tests/corpus/test_corpus_sweep.py) already lints every file with ``all`` and renders every
diagram, so CI lints the corpus once; this script then reports the load figures only.
"""

from __future__ import annotations

import argparse
import collections
import csv
import resource
import sys
import time
import traceback
from pathlib import Path

from lxml import etree

from metis_bpmn.lint.config import Config
from metis_bpmn.lint.runner import Source, lint_sources
from metis_bpmn.model.parse import load_file
from metis_bpmn.render.layout import layout
from metis_bpmn.render.svg import render_svg

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def corpus_files(root: Path) -> list[Path]:
    with open(root / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        return [root / row["corpus"] / row["path"] for row in csv.DictReader(handle)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT)
    parser.add_argument("--profile", default="all")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--quiet", action="store_true", help="summary lines only")
    parser.add_argument("--no-lint", action="store_true", help="skip the validate sweep")
    parser.add_argument("--no-render", action="store_true", help="skip the render sweep")
    args = parser.parse_args()
    files = corpus_files(args.corpora)

    raw_parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    start = time.perf_counter()
    for path in files:  # the same I/O as load_file: read bytes, parse them
        try:
            etree.fromstring(path.read_bytes(), raw_parser)
        except (etree.XMLSyntaxError, ValueError):
            pass
    raw = time.perf_counter() - start

    crashes, problems = [], collections.Counter()
    start = time.perf_counter()
    for path in files:
        try:
            for problem in load_file(path).problems:
                problems[problem.rule] += 1
        except Exception:  # the sweep exists to find these
            crashes.append((path, traceback.format_exc(limit=3)))
    model = time.perf_counter() - start

    per_rule = collections.Counter()
    if not args.no_lint:
        config = Config.from_profile(args.profile)
        sources = [Source(str(p.relative_to(args.corpora)), p) for p in files]
        start = time.perf_counter()
        for _, findings in lint_sources(sources, config, jobs=args.jobs):
            per_rule.update(f.rule for f in findings)
        lint = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rule_errors = "not checked" if args.no_lint else per_rule["rule-error"]
    print(f"files: {len(files)}  crashes: {len(crashes)}  rule errors: {rule_errors}")
    print(f"raw lxml parse: {raw:.2f} s  model build (incl. parse): {model:.2f} s  "
          f"ratio {model / raw:.2f}x  ({len(files) / model:.0f} files/s)")
    if args.no_lint:
        print(f"validate: skipped (--no-lint)  peak RSS {peak_mb:.0f} MB")
    else:
        print(f"validate --profile {args.profile}: {lint:.2f} s "
              f"({len(files) / lint:.0f} files/s)  peak RSS {peak_mb:.0f} MB")
    if not args.quiet:
        print("load problems:", dict(sorted(problems.items())))
    if not args.quiet and not args.no_lint:
        print("findings per rule:")
        for rule, n in sorted(per_rule.items()):
            print(f"  {rule:40} {n:7}")
    failed = [] if args.no_render else render_all(files)
    for path, trace in (crashes + failed)[:20]:
        print(f"CRASH {path}\n{trace}", file=sys.stderr)
    return 1 if crashes or failed or per_rule["rule-error"] else 0


def render_all(files: list[Path]) -> list[tuple[Path, str]]:
    """Every diagram of every file as SVG; files without one through the automatic layout."""
    failed, drawn, laid_out = [], 0, 0
    start = time.perf_counter()
    for path in files:
        document = load_file(path).document
        if document is None or not (document.processes or document.collaborations):
            continue
        try:
            if document.diagrams:
                for index in range(len(document.diagrams)):
                    render_svg(document, index)
                    drawn += 1
            else:
                render_svg(layout(document, timeout=30))
                laid_out += 1
        except Exception:  # the sweep exists to find these
            failed.append((path, traceback.format_exc(limit=3)))
    print(f"render: {drawn} diagrams drawn, {laid_out} files laid out and drawn, "
          f"{len(failed)} failures, {time.perf_counter() - start:.1f} s")
    return failed


if __name__ == "__main__":
    sys.exit(main())
