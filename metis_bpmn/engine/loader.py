"""Turn a BPMN file into SpiffWorkflow specs, safely, with located errors.

The file is parsed by the model's safe parser (no entities, no DTD, no network); the tree is
handed to SpiffWorkflow, which would otherwise parse with lxml's defaults. SpiffWorkflow's
parse errors carry no line; we add it from the model by element id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from ..errors import UserError
from ..model.elements import Document
from ..model.fields import fields
from ..model.parse import load_bytes, parse_tree, refusal


@dataclass(frozen=True)
class LoadedProcess:
    path: Path
    process_id: str
    name: str | None
    sha256: str
    spec: Any
    subprocess_specs: dict
    document: Document
    calls: tuple[tuple[str, str, bytes], ...] = ()  # (process id, file name, bytes) called
    # Defaults of the fields the called processes declare: the caller's data flows into a
    # call, so a called process's defaults must be in it ("min_approvals" of the pipeline).
    called_defaults: tuple[tuple[str, Any], ...] = ()
    called_documents: tuple[Document, ...] = ()  # the models of the called files

    def document_of(self) -> dict[str, Document]:
        """Process id -> the model that defines it (ids of elements repeat across files)."""
        return {p.id: doc for doc in (*self.called_documents, self.document)
                for p in doc.processes}


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _choose(document: Document, path: Path, process_id: str | None) -> str:
    ids = [p.id for p in document.processes if p.id]
    if process_id is not None:
        if process_id not in ids:
            raise UserError(f"{path}: no process {process_id!r}; it has: {', '.join(ids) or 'none'}")
        return process_id
    executable = [p.id for p in document.processes if p.id and p.is_executable]
    if len(executable) == 1:
        return executable[0]
    if not executable:
        raise UserError(f"{path}: no executable process (set isExecutable=\"true\" on the "
                        "process to run it)")
    raise UserError(f"{path}: several executable processes ({', '.join(executable)}); "
                    "choose one with --process-id")


# SpiffWorkflow walks its whole task tree after every step (cost grows faster than the
# square of the process size), so sessions are for processes of a size people step through.
MAX_NODES = 2000
MAX_NESTING = 12


def _too_big(scope) -> str | None:
    """Why a process is beyond what a session runs, or None."""
    total = 0
    stack = [(scope, 0)]
    while stack:
        current, level = stack.pop()
        if level > MAX_NESTING:
            return f"nests sub-processes more than {MAX_NESTING} deep"
        total += len(current.nodes)
        if total > MAX_NODES:
            return f"has more than {MAX_NODES:,} elements"
        stack.extend((sub.scope, level + 1) for sub in current.subprocesses())
    return None


# Problems that leave the engine guessing which element is meant.
_AMBIGUOUS = frozenset({"duplicate-id"})


def _calls(documents: list[Document]) -> dict[str, list[str]]:
    """Process id -> the processes its call activities call (by id), over several files."""
    calls: dict[str, list[str]] = {}
    for document in documents:
        for process, scope in document.scopes():
            for node in scope.nodes:
                target = getattr(node, "called_element", None)
                if target and process.id:
                    resolved = document.resolve(target)
                    calls.setdefault(process.id, []).append(
                        resolved.id if resolved is not None and resolved.id
                        else target.rsplit(":", 1)[-1])
    return calls


def _call_cycle(documents: list[Document], start: str) -> list[str]:
    """A chain of call activities from ``start`` back to a process already on the chain."""
    calls = _calls(documents)
    chain, seen = [start], set()

    def visit(process_id: str) -> list[str]:
        for callee in calls.get(process_id, ()):
            if callee in chain:
                return chain[chain.index(callee):] + [callee]
            if callee not in seen:
                seen.add(callee)
                chain.append(callee)
                found = visit(callee)
                if found:
                    return found
                chain.pop()
        return []

    return visit(start)


# Where called processes that a file does not define are found: process id -> (file name,
# the file's bytes), or None.
Library = Callable[[str], "tuple[str, bytes] | None"]
MAX_CALLED_FILES = 16


def siblings(path: Path) -> Library:
    """Called processes looked up in the ``.bpmn`` files next to ``path`` (``processes/``)."""
    from .locate import read_process
    index: dict[str, tuple[str, bytes]] | None = None  # process id -> first file defining it

    def find(process_id: str) -> tuple[str, bytes] | None:
        nonlocal index
        if index is None:  # each sibling is read and parsed once, however many calls ask
            index = {}
            for other in sorted(path.parent.glob("*.bpmn"))[:200]:
                if other.resolve() == path.resolve():
                    continue
                try:
                    data = read_process(other)
                except UserError:
                    continue
                loaded = load_bytes(data, str(other))
                if loaded.document is not None and refusal(loaded) is None:
                    for process in loaded.document.processes:
                        index.setdefault(process.id, (other.name, data))
        return index.get(process_id)
    return find


def _called_files(document: Document, library: Library | None) -> list[tuple]:
    """(process id, file name, bytes, document) of every file that defines a process the
    file calls but does not define, following their calls in turn."""
    defined = {p.id for p in document.processes}
    found: list[tuple] = []
    wanted = [c for callees in _calls([document]).values() for c in callees if c not in defined]
    while wanted and library is not None:
        process_id = wanted.pop(0)
        if process_id in defined:
            continue
        if len(found) >= MAX_CALLED_FILES:
            raise UserError(f"the process calls more than {MAX_CALLED_FILES} other files")
        hit = library(process_id)
        if hit is None:
            continue  # SpiffWorkflow reports the missing called process itself
        name, source = hit
        loaded = load_bytes(source, name)
        problem = refusal(loaded)
        if problem is not None:
            raise UserError(f"{name}:{problem.line or 1}: {problem.message}")
        defined |= {p.id for p in loaded.document.processes}
        found.append((process_id, name, source, loaded.document))
        wanted += [c for callees in _calls([loaded.document]).values() for c in callees
                   if c not in defined]
    return found


def load_process(path: Path, process_id: str | None = None) -> LoadedProcess:
    from .locate import read_process
    return load_process_bytes(read_process(path), path, process_id, siblings(path))


def load_process_bytes(data: bytes, path: Path, process_id: str | None = None,
                       library: Library | None = None) -> LoadedProcess:
    """Specs for one process of a BPMN file's bytes (``path`` names it in messages); called
    processes the file does not define come from ``library``."""
    result = load_bytes(data, str(path))
    problem = refusal(result) or next(
        (p for p in result.problems if p.rule in _AMBIGUOUS), None)
    if problem is not None:
        raise UserError(f"{path}:{problem.line or 1}: {problem.message}")
    document = result.document
    chosen = _choose(document, path, process_id)
    process = next(p for p in document.processes if p.id == chosen)
    if not process.is_executable:
        raise UserError(f"{path}: process {chosen!r} is not executable "
                        "(set isExecutable=\"true\" to run it)")
    too_big = _too_big(process.scope)
    if too_big:
        raise UserError(f"{path}: process {chosen!r} {too_big}; sessions run processes up to "
                        f"{MAX_NODES:,} elements and {MAX_NESTING} nested sub-processes "
                        "(the engine's work grows faster than their square)")
    called = _called_files(document, library)
    cycle = _call_cycle([document, *(doc for _, _, _, doc in called)], chosen)
    if cycle:
        raise UserError(f"{path}: process {chosen!r} calls itself ({' -> '.join(cycle)}); a "
                        "session cannot run a recursive call activity")
    parser = SpiffBpmnParser()
    try:
        parser.add_bpmn_xml(parse_tree(data), filename=str(path))
        for _, name, source, _ in called:
            parser.add_bpmn_xml(parse_tree(source), filename=name)
        spec = parser.get_spec(chosen)
        subprocess_specs = parser.get_subprocess_specs(chosen)
    except ValidationException as exc:
        element = document.get(getattr(exc, "id", None))
        line = element.line if element is not None else 1
        where = f" ({exc.id})" if getattr(exc, "id", None) else ""
        raise UserError(f"{path}:{line}: SpiffWorkflow cannot run this process: "
                        f"{str(exc).strip().rstrip('.')}{where}")
    except (TypeError, KeyError, AttributeError, NotImplementedError, RecursionError) as exc:
        # Known SpiffWorkflow 3.2.0 crash bugs on some valid files (unresolved event refs...).
        raise UserError(f"{path}: SpiffWorkflow cannot run this process: "
                        f"{type(exc).__name__}: {exc}")
    called_processes = [p for pid, _, _, doc in called for p in doc.processes if p.id == pid]
    called_processes += [p for p in document.processes if p.id != chosen]
    defaults = {spec.name: spec.default for p in called_processes
                for spec in fields(p) if spec.default is not None}
    return LoadedProcess(path=path, process_id=chosen, name=process.name,
                         sha256=file_hash(data), spec=spec, subprocess_specs=subprocess_specs,
                         calls=tuple((pid, name, source) for pid, name, source, _ in called),
                         document=document, called_defaults=tuple(sorted(defaults.items())),
                         called_documents=tuple(doc for _, _, _, doc in called))
