"""Run the configured rules over loaded files, isolating rule crashes."""

from __future__ import annotations

import os
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..model.parse import LoadResult, load_bytes, load_file
from .config import Config
from .context import FileContext, RuleContext
from .finding import Finding, Severity
from .registry import all_rules

RULE_ERROR = "rule-error"


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file on disk, or bytes read from stdin (``path`` is None)."""

    display: str
    path: Path | None = None
    data: bytes | None = None


def lint_loaded(load: LoadResult, config: Config) -> list[Finding]:
    """All findings for one loaded file, sorted. A crashing rule yields a ``rule-error``."""
    shared = FileContext(load, config.settings)
    rules = all_rules()
    findings: list[Finding] = []
    for name, setting in config.rules.items():
        rule = rules[name]
        if rule.needs_document and load.document is None:
            continue
        ctx = RuleContext(shared, name, setting.severity, {**rule.options, **setting.options})
        try:
            findings.extend(rule.check(ctx))
        except Exception as exc:  # a broken rule must not stop the run or hide other rules
            where = traceback.extract_tb(exc.__traceback__)[-1]
            findings.append(Finding(
                rule=RULE_ERROR, severity=Severity.ERROR, file=load.file, line=None,
                message=f"Rule {name} crashed: {type(exc).__name__}: {exc} "
                        f"({Path(where.filename).name}:{where.lineno})"))
    return sorted(findings)


def lint_source(source: Source, config: Config) -> list[Finding]:
    if source.path is None:
        load = load_bytes(source.data or b"", source.display, max_bytes=config.max_file_size)
    else:
        load = load_file(source.path, display=source.display, max_bytes=config.max_file_size)
    return lint_loaded(load, config)


def _lint_batch(args: tuple[Sequence[Source], Config]) -> list[list[Finding]]:
    sources, config = args
    return [lint_source(s, config) for s in sources]


def lint_sources(sources: Sequence[Source], config: Config, *, jobs: int | None = None
                 ) -> Iterator[tuple[Source, list[Finding]]]:
    """Lint many sources, in input order, using ``jobs`` worker processes for big runs."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(sources) < 16:
        for source in sources:
            yield source, lint_source(source, config)
        return
    # Batches amortise process hand-over; small batches keep the workers balanced.
    size = max(4, min(64, len(sources) // (jobs * 8) or 1))
    batches = [sources[i:i + size] for i in range(0, len(sources), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for batch, results in zip(batches, pool.map(_lint_batch, [(b, config) for b in batches])):
            yield from zip(batch, results)


def count(findings: Iterable[Finding]) -> tuple[int, int, int]:
    """(errors, warnings, infos)."""
    errors = warnings = infos = 0
    for finding in findings:
        if finding.severity is Severity.ERROR:
            errors += 1
        elif finding.severity is Severity.WARNING:
            warnings += 1
        else:
            infos += 1
    return errors, warnings, infos
