"""Mutations of real BPMN files for property-based fuzzing (shared by the test and the
longer run in benchmarks/fuzz_validate.py)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"


def corpus_seed_files(corpora: Path = CORPORA, limit: int = 400) -> list[Path]:
    """A spread of ``limit`` real files of the shared corpora."""
    files = sorted(corpora.rglob("*.bpmn"))
    step = max(1, len(files) // limit)
    return files[::step][:limit]


def fixture_seed_files() -> list[Path]:
    """The repository's own BPMN files (rule fixtures and the rest under tests/)."""
    return sorted((ROOT / "tests").rglob("*.bpmn"))


def seed_files(limit: int = 400) -> list[Path]:
    """Real files: a spread of the shared corpora when present, else the repo's fixtures."""
    if CORPORA.is_dir():
        return corpus_seed_files(CORPORA, limit)
    return fixture_seed_files()


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _mutate_tree(data: bytes, draw) -> bytes:
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return data
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    ids = [e.get("id") for e in elements if e.get("id")] or ["x"]
    for _ in range(draw(st.integers(1, 6))):
        target = draw(st.sampled_from(elements))
        kind = draw(st.sampled_from(["drop", "scramble", "garble", "huge", "nest", "dup"]))
        if kind == "drop" and target.getparent() is not None:
            target.getparent().remove(target)
            elements = [e for e in root.iter() if isinstance(e.tag, str)]
        elif kind == "scramble":
            for attr in ("sourceRef", "targetRef", "attachedToRef", "default", "bpmnElement",
                         "processRef", "calledElement", "messageRef"):
                if target.get(attr) is not None:
                    target.set(attr, draw(st.sampled_from(ids)))
        elif kind == "garble" and target.attrib:
            attr = draw(st.sampled_from(sorted(target.attrib)))
            target.set(attr, draw(st.text(max_size=20).filter(
                lambda s: all(c.isprintable() for c in s))))
        elif kind == "huge":
            target.set("name", "x" * draw(st.integers(10_000, 200_000)))
        elif kind == "nest":
            inner = target
            for _ in range(draw(st.integers(5, 120))):
                wrapper = etree.SubElement(inner, target.tag)
                wrapper.set("id", f"n{id(wrapper)}")
                inner = wrapper
        elif kind == "dup" and target.getparent() is not None:
            target.getparent().append(etree.fromstring(etree.tostring(target)))
    return etree.tostring(root)


@st.composite
def mutated_bpmn(draw, files: list[Path]) -> bytes:
    data = draw(st.sampled_from(files)).read_bytes()
    if draw(st.booleans()):
        data = _mutate_tree(data, draw)
    if draw(st.integers(0, 4)) == 0:  # truncated bytes
        data = data[: draw(st.integers(0, len(data)))]
    return data
