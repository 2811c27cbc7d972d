"""Tests for tests/render/compare.py (unmatched ink, drawn ids) and the bpmn-js goldens."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from tests.render import compare
from tests.render.compare import drawn_ids, ink_counts, unmatched_ink, view_box_of

GOLDEN = Path(__file__).parent / "golden" / "bpmnjs"
GOLDEN_SVGS = sorted(GOLDEN.glob("*.svg"))


def svg(body: str, view_box: str = "0 0 200 100", width: str = "200", height: str = "100") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="{view_box}">{body}</svg>'
    )


BOX = '<rect x="{x}" y="{y}" width="60" height="40" rx="10" style="fill: white; stroke: #22242a; stroke-width: 2px"/>'
CIRCLE = '<circle cx="{x}" cy="50" r="15" style="fill: white; stroke: #22242a; stroke-width: 2px"/>'
TEXT = '<text x="{x}" y="55" style="font-family: Arial, sans-serif; font-size: 12px">Task 1</text>'


def scene(dx: float = 0, dy: float = 0, *, circle: bool = True) -> str:
    body = BOX.format(x=100 + dx, y=30 + dy) + TEXT.format(x=110 + dx)
    if circle:
        body += CIRCLE.format(x=40 + dx)
    return body


def shifted(svg_text: str, dx: float, dy: float) -> str:
    """Wrap the root's children in <g transform="translate(dx dy)">."""
    root = etree.fromstring(svg_text.encode())
    g = etree.SubElement(root, "{http://www.w3.org/2000/svg}g", transform=f"translate({dx} {dy})")
    for child in list(root):
        if child is not g:
            g.append(child)
    return etree.tostring(root, encoding="unicode")


def without_element(svg_text: str, element_id: str) -> str:
    root = etree.fromstring(svg_text.encode())
    for el in root.iter("{http://www.w3.org/2000/svg}g"):
        if el.get("data-element-id") == element_id:
            el.getparent().remove(el)
            break
    else:
        raise AssertionError(f"{element_id} not found")
    return etree.tostring(root, encoding="unicode")


# --- unmatched_ink on synthetic pictures ------------------------------------------------------


def test_identical_is_zero():
    s = svg(scene())
    assert unmatched_ink(s, s) == 0.0


def test_empty_pictures_are_zero():
    s = svg("")
    assert unmatched_ink(s, s) == 0.0
    assert ink_counts(s, s)["ink_a"] == 0


def test_one_pixel_shift_is_small():
    a = svg(scene())
    b = svg(scene(dx=1, dy=1))
    assert 0.0 <= unmatched_ink(a, b) < 0.05


def test_half_pixel_shift_is_small():
    a = svg(scene())
    b = svg(scene(dx=0.5, dy=-0.5))
    assert unmatched_ink(a, b) < 0.05


def test_large_shift_is_large():
    a = svg(scene())
    b = svg(scene(dx=8))
    assert unmatched_ink(a, b) > 0.3


def test_missing_shape_is_large():
    a = svg(scene())
    b = svg(scene(circle=False))
    c = ink_counts(a, b)
    assert c["unmatched_b"] == 0  # everything in b is also in a
    assert c["unmatched_a"] > 0
    assert unmatched_ink(a, b) > 0.1
    assert unmatched_ink(a, b) == pytest.approx(unmatched_ink(b, a))  # symmetric


def test_radius_zero_is_plain_overlap():
    a = svg(scene())
    b = svg(scene(dx=1))
    assert unmatched_ink(a, b, radius=0) > unmatched_ink(a, b, radius=2)


@pytest.mark.parametrize(("dx", "dy"), [(2, 0), (0, 2), (2, -2), (3, 0), (1, 3)])
def test_radius_is_a_square_neighbourhood(dx: int, dy: int):
    # One ink pixel each, (dx, dy) apart: matched exactly when the Chebyshev distance <= radius.
    dot = '<rect x="{x}" y="{y}" width="1" height="1" fill="black"/>'
    a = svg(dot.format(x=50, y=50))
    b = svg(dot.format(x=50 + dx, y=50 + dy))
    distance = max(abs(dx), abs(dy))
    for radius in (1, 2, 3):
        c = ink_counts(a, b, radius=radius)
        assert (c["ink_a"], c["ink_b"]) == (1, 1)
        unmatched = 0 if distance <= radius else 1
        assert (c["unmatched_a"], c["unmatched_b"]) == (unmatched, unmatched), radius


def test_candidate_forced_onto_reference_view_box():
    # Same absolute drawing; the candidate declares a larger canvas and another size.
    a = svg(scene(), view_box="20 20 160 60", width="160", height="60")
    b = svg(scene(), view_box="0 0 400 400", width="800", height="800")
    assert unmatched_ink(a, b) == 0.0
    c = ink_counts(a, b)
    assert (c["width"], c["height"]) == (160, 60)


def test_candidate_without_view_box():
    a = svg(scene(), view_box="0 0 200 100")
    b = svg(scene()).replace(' viewBox="0 0 200 100"', "")
    assert unmatched_ink(a, b) == 0.0


def test_explicit_view_box_crops_both():
    a = svg(scene())
    b = svg(scene(circle=False))
    # Only the task box region: the missing circle is outside, so nothing is unmatched.
    assert unmatched_ink(a, b, view_box=(90, 20, 100, 70)) == 0.0
    assert ink_counts(a, b, view_box=(90, 20, 100, 70))["width"] == 100
    with pytest.raises(ValueError):
        unmatched_ink(a, b, view_box=(0, 0, 0, 10))


def test_reference_without_geometry_is_an_error():
    bad = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'
    with pytest.raises(ValueError):
        unmatched_ink(bad, bad)


def _png(mode: str, size: tuple[int, int], pixels: list) -> bytes:
    image = Image.new(mode, size)
    image.putdata(pixels)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _luma(r: int, g: int, b: int) -> int:
    return (19595 * r + 38470 * g + 7471 * b + 32768) >> 16  # ITU-R 601, as the docstring says


def test_ink_mask_follows_the_luma_formula():
    # RGBA as resvg returns it, 13 px wide (rows padded to whole bytes), with colours on both
    # sides of the threshold: the mask must be exactly "luma < dark", leftmost pixel = top bit.
    w, h = 13, 11
    colours = [(r, g, b, 255) for r in (0, 120, 159, 160, 161, 255)
               for g in (0, 150, 160, 255) for b in (0, 159, 255)]
    pixels = [colours[(7 * i) % len(colours)] for i in range(w * h)]
    png = _png("RGBA", (w, h), pixels)
    for dark in (1, 100, 160, 200, 256):
        want = []
        for y in range(h):
            bits = 0
            for x in range(w):
                bits = (bits << 1) | (_luma(*pixels[y * w + x][:3]) < dark)
            want.append(bits)
        assert compare._dark_rows(png, dark) == (w, h, want), dark


def test_ink_threshold_is_strict():
    png = _png("L", (3, 1), [159, 160, 161])
    assert compare._dark_rows(png, 160) == (3, 1, [0b100])


def test_command_line(tmp_path, capsys):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    a.write_text(svg(scene()), encoding="utf-8")
    b.write_text(svg(scene(circle=False)), encoding="utf-8")
    assert compare.main([str(a), str(b)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["unmatched_ink"] == unmatched_ink(svg(scene()), svg(scene(circle=False))) > 0.1
    assert out["ids_only_in_reference"] == out["ids_only_in_candidate"] == []


# --- the bpmn-js goldens ----------------------------------------------------------------------


def test_goldens_present():
    names = {p.stem for p in GOLDEN_SVGS}
    miwg = {n for n in names if n[:2] in ("A.", "B.", "C.")}
    assert len(miwg) == 21
    assert {"A.1.0", "B.2.0", "C.9.2"} <= miwg
    processes = {p.stem for p in (Path(__file__).resolve().parents[2] / "processes").glob("*.bpmn")}
    assert processes <= names, "regenerate with scripts/bpmnjs-golden/render.mjs"
    for p in GOLDEN_SVGS:
        assert p.with_suffix(".ids.json").exists(), p


@pytest.mark.parametrize("path", GOLDEN_SVGS, ids=lambda p: p.stem)
def test_drawn_ids_match_ids_json(path: Path):
    text = path.read_text(encoding="utf-8")
    ids = json.loads(path.with_suffix(".ids.json").read_text(encoding="utf-8"))
    assert ids == sorted(ids)
    assert drawn_ids(text) == set(ids)
    assert not any(i.endswith("_label") and i[:-6] in ids for i in ids)


def test_goldens_are_normalised():
    for p in GOLDEN_SVGS:
        text = p.read_text(encoding="utf-8")
        assert not re.search(r"marker-[0-9a-z]{20,}", text), p  # random marker ids renumbered


@pytest.mark.parametrize("name", ["A.1.0", "C.1.0"])
def test_golden_against_itself_is_zero(name: str):
    s = (GOLDEN / f"{name}.svg").read_text(encoding="utf-8")
    assert unmatched_ink(s, s) == 0.0
    assert view_box_of(s)[2] > 0


def test_golden_shifted_by_one_pixel_is_small():
    s = (GOLDEN / "A.4.0.svg").read_text(encoding="utf-8")
    assert unmatched_ink(s, shifted(s, 1, 1)) < 0.05


def test_golden_missing_element_is_detected():
    s = (GOLDEN / "A.1.0.svg").read_text(encoding="utf-8")
    ids = json.loads((GOLDEN / "A.1.0.ids.json").read_text(encoding="utf-8"))
    task = "_820c21c0-45f3-473b-813f-06381cc637cd"  # "Task 2"
    cut = without_element(s, task)
    assert drawn_ids(cut) == set(ids) - {task}
    assert unmatched_ink(s, cut) > 0.05
